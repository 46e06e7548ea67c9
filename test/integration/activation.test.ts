import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clearServedRequests, describeRequests, EXTENSION_ID, extension, servedRequests, sleep } from './helpers';

// Runs first (files load in name order): nothing may have activated the extension yet.
describe('Activation', () => {
  it('the extension is installed and activates only on use', () => {
    const ext = extension();
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(ext.isActive, false, 'the extension was already active before anything used it (is there a `*` or onStartupFinished activation?)');
    assert.ok(!ext.packageJSON.activationEvents?.includes('*'), 'activationEvents contains "*"');
  });

  it('activates without error and without any request to the service', async () => {
    await clearServedRequests();
    await extension().activate();
    assert.equal(extension().isActive, true);
    // Anything started on activation (timers, a first refresh) would show up within this time.
    await sleep(2000);
    const requests = await servedRequests();
    assert.equal(requests.length, 0, `activation made requests to the emulator:\n  ${describeRequests(requests)}`);
  });

  it('runs in a VS Code that satisfies the manifest engine', () => {
    const wanted = String(extension().packageJSON.engines.vscode).replace(/^\^/, '');
    const [major, minor] = vscode.version.split('.').map(Number);
    const [wMajor, wMinor] = wanted.split('.').map(Number);
    assert.ok(major > wMajor || (major === wMajor && minor >= wMinor), `VS Code ${vscode.version} is older than engines.vscode ${wanted}`);
  });
});

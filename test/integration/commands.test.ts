import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, extension } from './helpers';

describe('Commands', () => {
  it('activate() returns the API object tests use', async () => {
    const api = await activatedApi();
    assert.equal(typeof api.tree.getTreeItem, 'function');
  });

  it('every contributed command is registered once the extension is active', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const missing = contributed.filter((c) => !registered.has(c));
    assert.equal(missing.length, 0, `contributed but not registered: ${missing.join(', ')}`);
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, extension, waitFor } from './helpers';

describe('Commands', () => {
  it('activate() returns the live objects its commands act on: Refresh empties its store and repaints its tree', async () => {
    const api = await activatedApi();
    assert.equal(api.tree, api.services.tree, 'the API\'s tree is not the one the commands repaint');
    const { store } = api.services;
    await store.fetchRun('demo', DEMO.threads.mixed, DEMO.runs.completed);
    assert.equal(store.run('demo', DEMO.threads.mixed, DEMO.runs.completed)?.id, DEMO.runs.completed);
    // What the store holds when the whole tree is repainted (VS Code reads the rows again then).
    let atRepaint: { cached: boolean } | undefined;
    const subscription = api.tree.onDidChangeTreeData((node) => {
      if (node === undefined) atRepaint ??= { cached: store.run('demo', DEMO.threads.mixed, DEMO.runs.completed) !== undefined };
    });
    try {
      await vscode.commands.executeCommand('agentRuns.refresh');
      const seen = await waitFor('the whole tree to be repainted', () => atRepaint, 5000);
      assert.equal(seen.cached, false, 'the tree was repainted from the cache Refresh should have emptied');
    } finally {
      subscription.dispose();
    }
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

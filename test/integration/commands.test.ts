import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, extension, waitFor } from './helpers';

describe('Commands', () => {
  it('activate() returns the live objects its commands act on: Refresh marks its store stale and repaints its tree', async () => {
    const api = await activatedApi();
    assert.equal(api.tree, api.services.tree, 'the API\'s tree is not the one the commands repaint');
    const { store } = api.services;
    await store.loadThreads('demo');
    await store.loadRuns('demo', DEMO.threads.mixed);
    await store.fetchRun('demo', DEMO.threads.mixed, DEMO.runs.completed);
    assert.equal(store.runList('demo', DEMO.threads.mixed).loaded, true);
    // What the store holds when the whole tree is repainted (VS Code reads the rows again then).
    let atRepaint: { threadsLoaded: boolean; runsLoaded: boolean; runKept: boolean } | undefined;
    const subscription = api.tree.onDidChangeTreeData((node) => {
      atRepaint ??=
        node === undefined
          ? {
              threadsLoaded: store.threadList('demo').loaded,
              runsLoaded: store.runList('demo', DEMO.threads.mixed).loaded,
              runKept: store.run('demo', DEMO.threads.mixed, DEMO.runs.completed) !== undefined,
            }
          : undefined;
    });
    try {
      await vscode.commands.executeCommand('agentRuns.refresh');
      const seen = await waitFor('the whole tree to be repainted', () => atRepaint, 5000);
      assert.equal(seen.threadsLoaded, false, 'the tree was repainted from the thread list Refresh should have marked stale');
      assert.equal(seen.runsLoaded, false, 'the tree was repainted from the run list Refresh should have marked stale');
      // Open panels keep showing the run until the new pages arrive (a Refresh never empties them).
      assert.equal(seen.runKept, true, 'Refresh dropped the run an open panel shows');
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

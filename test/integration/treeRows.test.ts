// What the tree's rows say and do in a real VS Code, against the emulator (demo seed,
// Azure mode): live durations, "Load more" counts, hiding threads and showing them
// again, Copy ID from the selection, and expansion kept for the next window.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, demoThreadNode, groupNode, describeRequests, emulatorOrigin, servedRequests, treeChildren, waitFor, type ExtensionApi } from './helpers';

const CONN = 'demo';
const connId = `c/${CONN}`;
const threadNodeId = (thread: string) => `${connId}/t/${thread}`;

/** The parts of the extension's API these tests use (see src/extension.ts). */
interface RowsApi {
  tree: ExtensionApi['tree'] & {
    findNode(id: string): unknown;
    view: vscode.TreeView<unknown>;
    onDidChangeTreeData: vscode.Event<unknown>;
  };
  services: {
    context: vscode.ExtensionContext;
    store: { loadThreads(connectionId: string): Promise<void>; threadList(connectionId: string): { items: string[] } };
    registry: { hidden(connectionId: string): string[] };
  };
}

async function api(): Promise<RowsApi & ExtensionApi> {
  return (await activatedApi()) as unknown as RowsApi & ExtensionApi;
}

describe('Tree rows', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    const a = await api();
    await waitFor('the Runs view to be visible', () => (a.tree.view.visible ? true : undefined));
  });

  it('tick the duration of an active run every second without a request', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('agentRuns.refresh');
    const saved = config.inspect<number>('activeIntervalSeconds')?.globalValue;
    await config.update('activeIntervalSeconds', 600, vscode.ConfigurationTarget.Global); // no live poll meanwhile
    let created: { id: string; thread_id: string } | undefined;
    try {
      // A run of its own (asst_slow stays in_progress), started seconds ago: its duration shows seconds.
      const res = await fetch(`${emulatorOrigin()}/api/projects/demo/threads/runs?api-version=v1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ assistant_id: 'asst_slow', thread: { messages: [{ role: 'user', content: 'tick test' }] } }),
      });
      assert.equal(res.status, 200);
      created = (await res.json()) as { id: string; thread_id: string };
      const run = created;
      await vscode.commands.executeCommand('agentRuns.refreshNode', (await treeChildren(a)).find((r) => r.item.id === connId)!.element);
      const thread = await demoThreadNode(a, run.thread_id);
      await a.tree.view.reveal(thread, { expand: true });
      const row = await waitFor('the active run row', async () => {
        const rows = await treeChildren(a, thread);
        const found = rows.find((r) => r.item.id === `${threadNodeId(run.thread_id)}/r/${run.id}`);
        return found && /^run:(queued|in_progress)$/.test(String(found.item.contextValue)) ? found : undefined;
      });
      const first = String(row.item.description);
      await clearServedRequests();
      const repainted = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => (sub.dispose(), resolve(false)), 3000);
        const sub = a.tree.onDidChangeTreeData((node) => {
          if (node === row.element) {
            clearTimeout(timer);
            sub.dispose();
            resolve(true);
          }
        });
      });
      assert.ok(repainted, 'the active run row was not repainted within 3 s');
      const later = String((await a.tree.getTreeItem(row.element)).description);
      assert.notEqual(later, first, 'the duration did not move');
      const requests = (await servedRequests()).filter((r) => r.path.includes(run.id));
      assert.deepEqual(requests, [], `the tick fetched:\n  ${describeRequests(requests)}`);
    } finally {
      await config.update('activeIntervalSeconds', saved, vscode.ConfigurationTarget.Global);
      // asst_slow never finishes on its own.
      if (created) await fetch(`${emulatorOrigin()}/api/projects/demo/threads/${created.thread_id}/runs/${created.id}/cancel?api-version=v1`, { method: 'POST' });
    }
  });

  it('say how many runs "Load more" shows and that more exist', async () => {
    const a = await api();
    const thread = await demoThreadNode(a, DEMO.threads.manyRuns);
    let rows = await treeChildren(a, thread);
    let more = rows.find((r) => r.item.contextValue === 'loadMore');
    assert.ok(more);
    assert.equal(more.item.description, '100 shown · more available');
    await vscode.commands.executeCommand('agentRuns.loadMore', more.element);
    rows = await treeChildren(a, thread);
    more = rows.find((r) => r.item.contextValue === 'loadMore');
    assert.equal(more?.item.description, '200 shown · more available');
  });

  it('hide a listed thread on Remove, keep it hidden on Refresh, and list it again with Show Hidden Threads', async () => {
    const a = await api();
    const thread = await demoThreadNode(a, DEMO.threads.unicode);
    await vscode.commands.executeCommand('agentRuns.removeThread', thread, { confirm: false });
    const listed = async () => (await treeChildren(a, await groupNode(a, 'threads', CONN))).map((r) => r.item.id);
    assert.ok(!(await listed()).includes(threadNodeId(DEMO.threads.unicode)), 'the thread is still listed');
    await vscode.commands.executeCommand('agentRuns.refresh');
    assert.ok(!(await listed()).includes(threadNodeId(DEMO.threads.unicode)), 'Refresh listed the hidden thread');
    const conn = (await treeChildren(a)).find((r) => r.item.id === connId)!;
    assert.match(String(conn.item.contextValue), /:hidden$/, 'the connection row offers no way back');

    const shown = await vscode.commands.executeCommand<string[]>('agentRuns.showHiddenThreads', conn.element, [DEMO.threads.unicode]);
    assert.deepEqual(shown, [DEMO.threads.unicode]);
    assert.deepEqual(a.services.registry.hidden(CONN), []);
    assert.ok((await listed()).includes(threadNodeId(DEMO.threads.unicode)), 'Show Hidden Threads did not list it again');
    const after = (await treeChildren(a)).find((r) => r.item.id === connId)!;
    assert.doesNotMatch(String(after.item.contextValue), /:hidden/);
  });

  it('copy the selected row\'s id on Copy ID without an argument (Ctrl+C in the view)', async () => {
    const a = await api();
    const thread = await demoThreadNode(a, DEMO.threads.mixed);
    await a.tree.view.reveal(thread, { select: true, focus: true });
    await waitFor('the selection', () => (a.tree.view.selection[0] === thread ? true : undefined));
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('agentRuns.copyId');
    assert.equal(await vscode.env.clipboard.readText(), DEMO.threads.mixed);
    const keys = (vscode.extensions.getExtension('agent-run-debugger.agent-run-debugger')!.packageJSON.contributes.keybindings ?? []) as { command: string; key: string; when: string }[];
    assert.ok(keys.some((k) => k.command === 'agentRuns.copyId' && k.key === 'ctrl+c' && /focusedView == agentRuns\.explorer/.test(k.when)), JSON.stringify(keys));
  });

  it('keep a row expanded for the next window (workspace state), and collapsed when collapsed', async () => {
    const a = await api();
    const thread = await demoThreadNode(a, DEMO.threads.hostile);
    await a.tree.view.reveal(thread, { expand: true });
    const saved = () => new Map(a.services.context.workspaceState.get<[string, boolean][]>('agentRuns.tree.expansion', []));
    await waitFor('the expansion to be saved', () => (saved().get(threadNodeId(DEMO.threads.hostile)) === true ? true : undefined));
    assert.equal((await a.tree.getTreeItem(thread)).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    await vscode.commands.executeCommand('workbench.actions.treeView.agentRuns.explorer.collapseAll');
    await waitFor('the collapse to be saved', () => (saved().get(threadNodeId(DEMO.threads.hostile)) === false ? true : undefined));
    assert.equal((await a.tree.getTreeItem(thread)).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });
});

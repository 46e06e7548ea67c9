// The Agent Runs tree inside a real VS Code, against the emulator (demo seed, Azure mode).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ThreadRegistry } from '../../src/store/threadRegistry';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, demoThreadNode, groupNode, describeRequests, emulatorOrigin, labelOf, servedRequests, sleep, treeChildren, waitFor, type ActivatedApi } from './helpers';

const CONN = 'demo';
const connId = `c/${CONN}`;
const threadId = (thread: string) => `${connId}/t/${thread}`;

const api = activatedApi;

async function faults(body?: unknown): Promise<void> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/faults`, body === undefined ? { method: 'DELETE' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.ok, `faults → ${res.status}`);
}

function text(item: vscode.TreeItem): string {
  return `${labelOf(item)} ${item.description ?? ''}`;
}

describe('Agent Runs tree', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    const a = await api();
    await waitFor('the Runs view to be visible', () => (a.tree.view.visible ? true : undefined));
  });

  afterEach(() => faults());

  it('shows every level with what matters at a glance', async () => {
    const a = await api();
    const thread = await demoThreadNode(a, DEMO.threads.mixed);
    const threadItem = await a.tree.getTreeItem(thread);
    await a.services.store.loadThread(CONN, DEMO.threads.mixed);
    const named = await a.tree.getTreeItem(thread);
    // Labelled by its first message, with the id as description.
    assert.match(labelOf(named), /^Book a table for two/);
    assert.match(String(named.description), new RegExp(`^${DEMO.threads.mixed} · `));
    assert.equal(threadItem.contextValue, 'thread');

    const children = await treeChildren(a, thread);
    assert.equal(labelOf(children[0].item), 'Messages', 'first child is Messages');
    const runs = children.filter((c) => (c.item.contextValue ?? '').startsWith('run:'));
    const statuses = runs.map((r) => r.item.contextValue);
    for (const status of ['completed', 'failed', 'incomplete', 'cancelled', 'expired', 'requires_action']) {
      assert.ok(statuses.includes(`run:${status}`), `no ${status} run in ${statuses.join(', ')}`);
    }
    const waiting = runs.find((r) => r.item.contextValue === 'run:requires_action')!;
    assert.match(text(waiting.item), /requires_action · \S+/);
    assert.ok(waiting.item.iconPath instanceof vscode.ThemeIcon && waiting.item.iconPath.id === 'warning');
    assert.equal(waiting.item.command?.command, 'agentRuns.openRun');

    const steps = await treeChildren(a, waiting.element);
    const toolStep = steps.find((s) => labelOf(s.item) === 'Tool calls');
    assert.ok(toolStep, `steps: ${steps.map((s) => text(s.item)).join(' | ')}`);
    assert.match(String(toolStep.item.description), /^2 calls · in_progress/);
    const calls = await treeChildren(a, toolStep.element);
    assert.deepEqual(calls.map((c) => labelOf(c.item)).sort(), ['get_weather', 'lookup_order']);
    assert.ok(calls.every((c) => /→ awaiting output$/.test(String(c.item.description))), calls.map((c) => c.item.description).join(' | '));

    const messages = await treeChildren(a, children[0].element);
    assert.ok(messages.length > 0 && messages.every((m) => ['user', 'assistant'].includes(labelOf(m.item))), messages.map((m) => text(m.item)).join(' | '));
  });

  it('answers concurrent requests for children with the loaded list, not an empty one', async () => {
    const a = await api();
    a.services.store.clear(CONN);
    const threads = await groupNode(a, 'threads', CONN);
    a.services.store.clear(CONN);
    const [first, second] = await Promise.all([treeChildren(a, threads), treeChildren(a, threads)]);
    for (const rows of [first, second]) {
      assert.ok(rows.some((r) => r.item.id === threadId(DEMO.threads.mixed)), rows.map((r) => text(r.item)).join(' | '));
    }
  });

  it('does not repaint a thread or run for the first page it is loading itself', async () => {
    // A repaint makes VS Code fetch the rows it has just shown again, and an inline action
    // clicked on one of them meanwhile arrives without its row.
    const a = await api();
    a.services.store.clear(CONN);
    const thread = await demoThreadNode(a, DEMO.threads.mixed);
    await a.services.store.loadThread(CONN, DEMO.threads.mixed); // its row's preview, read for the row
    const repainted: string[] = [];
    const subscription = a.tree.onDidChangeTreeData!((node) => repainted.push((node as { id?: string } | undefined)?.id ?? '(all)'));
    // Changes to the rows themselves (a preview read again for VS Code's own view) may repaint them.
    const rowChanges: string[] = [];
    const storeSubscription = a.services.store.onDidChange((c) => {
      if ((c.kind === 'thread' || c.kind === 'run') && c.threadId === DEMO.threads.mixed) rowChanges.push(c.kind === 'thread' ? threadId(DEMO.threads.mixed) : `${threadId(DEMO.threads.mixed)}/r/${c.runId}`);
    });
    let runId: string;
    try {
      const children = await treeChildren(a, thread);
      const run = children.find((c) => c.item.contextValue === 'run:completed');
      assert.ok(run, children.map((c) => text(c.item)).join(' | '));
      runId = run.item.id!;
      const steps = await treeChildren(a, run.element);
      assert.ok(steps.length > 0);
      await sleep(300);
    } finally {
      subscription.dispose();
      storeSubscription.dispose();
    }
    const ours = repainted.filter((id) => id === threadId(DEMO.threads.mixed) || id === runId || id === '(all)');
    const unexplained = ours.filter((id) => {
      const i = rowChanges.indexOf(id);
      if (i < 0) return true;
      rowChanges.splice(i, 1);
      return false;
    });
    assert.deepEqual(unexplained, [], `repainted for the rows they were loading: ${unexplained.join(', ')} (all repaints: ${repainted.join(', ')})`);
  });

  it('pages a 250-run thread with exactly 3 list requests, appending with Load more', async () => {
    const a = await api();
    a.services.store.clear(CONN); // the waiting-runs count may have read the first page already
    const thread = await demoThreadNode(a, DEMO.threads.manyRuns);
    await clearServedRequests();
    let children = await treeChildren(a, thread);
    for (let page = 0; page < 5; page++) {
      const more = children.find((c) => c.item.contextValue === 'loadMore');
      if (!more) break;
      await vscode.commands.executeCommand('agentRuns.loadMore', more.element);
      children = await treeChildren(a, thread);
    }
    const runs = children.filter((c) => (c.item.contextValue ?? '').startsWith('run:'));
    assert.equal(runs.length, 250);
    assert.equal(new Set(runs.map((r) => r.item.id)).size, 250, 'run rows have distinct stable ids');
    const lists = (await servedRequests()).filter((r) => r.method === 'GET' && r.path.endsWith(`/threads/${DEMO.threads.manyRuns}/runs`));
    assert.equal(lists.length, 3, `list requests:\n  ${describeRequests(lists)}`);
    assert.ok(lists.every((r) => r.query?.limit === '100'));
  });

  it('follows an active run live until it completes, then stops polling', async () => {
    const a = await api();
    const origin = emulatorOrigin();
    const res = await fetch(`${origin}/api/projects/demo/threads/runs?api-version=v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: 'asst_echo', thread: { messages: [{ role: 'user', content: 'live refresh test' }] } }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const created = (await res.json()) as { id: string; thread_id: string; status: string };
    assert.equal(created.status, 'queued');

    // A user refreshes the connection and expands the new thread.
    const conn = (await treeChildren(a)).find((r) => r.item.id === connId)!;
    await vscode.commands.executeCommand('agentRuns.refreshNode', conn.element);
    const thread = await demoThreadNode(a, created.thread_id);
    const runs = await treeChildren(a, thread);
    const row = runs.find((r) => r.item.id === `${threadId(created.thread_id)}/r/${created.id}`);
    assert.ok(row, 'the new run is listed');
    assert.match(String(row.item.contextValue), /^run:(queued|in_progress)$/);

    await waitFor('the run to reach completed without a manual refresh', () => (a.services.store.run(CONN, created.thread_id, created.id)?.status === 'completed' ? true : undefined), 20_000);
    const node = a.tree.findNode(`${threadId(created.thread_id)}/r/${created.id}`);
    assert.ok(node, 'the run row is gone');
    const item = await a.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'run:completed');

    await clearServedRequests();
    await sleep(4500); // longer than the visible refresh interval (3 s)
    const after = (await servedRequests()).filter((r) => r.path.includes(created.id));
    assert.equal(after.length, 0, `requests after the run completed:\n  ${describeRequests(after)}`);
  });

  it('shows an error row with the reason, and recovers on retry', async () => {
    const a = await api();
    const thread = await demoThreadNode(a, DEMO.threads.unicode);
    await faults({ kind: '500', count: -1, match: { method: 'GET', path: `/threads/${DEMO.threads.unicode}/runs$` } });
    await vscode.commands.executeCommand('agentRuns.refreshNode', thread);
    const children = await treeChildren(a, thread);
    const error = children.find((c) => c.item.contextValue === 'error');
    assert.ok(error, `no error row: ${children.map((c) => text(c.item)).join(' | ')}`);
    assert.match(labelOf(error.item), /Couldn't list the runs of thread_\w+: 500 server error/);
    assert.equal(error.item.command?.command, 'agentRuns.refreshNode');

    await faults();
    await vscode.commands.executeCommand(error.item.command!.command, ...(error.item.command!.arguments ?? []));
    const recovered = await treeChildren(a, thread);
    assert.ok(!recovered.some((c) => c.item.contextValue === 'error'));
    assert.ok(recovered.some((c) => (c.item.contextValue ?? '').startsWith('run:')));
  });
});

describe('Threads by id (OpenAI mode, no list endpoint)', function () {
  this.timeout(60_000);
  const OA = 'oa-test';
  let saved: unknown[];

  before(async () => {
    const config = vscode.workspace.getConfiguration('agentRuns');
    saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: OA, name: 'OpenAI mode (test)', kind: 'openai-compatible', baseUrl: `${emulatorOrigin()}/v1`, auth: 'none' }], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  async function oaThreads(a: ActivatedApi) {
    return treeChildren(a, await groupNode(a, 'threads', OA));
  }

  it('starts with a row that says how to add threads', async () => {
    const a = await api();
    const rows = await oaThreads(a);
    assert.equal(rows.length, 1);
    assert.match(labelOf(rows[0].item), /^No threads yet — add one by ID/);
    assert.equal(rows[0].item.command?.command, 'agentRuns.addThread');
  });

  it('adds threads from any text, shows a gone thread, and removes it', async () => {
    const a = await api();
    const bogus = 'thread_doesNotExist00000000000';
    const added = await vscode.commands.executeCommand<string[]>('agentRuns.addThread', { connectionId: OA }, `ids: ${DEMO.threads.mixed}, ${DEMO.threads.unicode} and ${bogus}`);
    assert.deepEqual([...(added ?? [])].sort(), [DEMO.threads.mixed, DEMO.threads.unicode, bogus].sort());
    const again = await vscode.commands.executeCommand<string[]>('agentRuns.addThread', { connectionId: OA }, DEMO.threads.mixed);
    assert.deepEqual(again, [], 'an id already listed is not added twice');

    const rows = await oaThreads(a);
    assert.deepEqual(rows.map((r) => r.item.id).sort(), [DEMO.threads.mixed, DEMO.threads.unicode, bogus].map((t) => `c/${OA}/t/${t}`).sort());
    const gone = await waitFor('the unknown thread to show as gone', async () => {
      const item = (await oaThreads(a)).find((r) => r.item.id === `c/${OA}/t/${bogus}`)!;
      return item.item.contextValue === 'thread:gone' ? item : undefined;
    });
    assert.equal(gone.item.description, 'not found on the service');
    const goneChildren = await treeChildren(a, gone.element);
    assert.equal(goneChildren[0].item.command?.command, 'agentRuns.removeThread');

    await vscode.commands.executeCommand('agentRuns.removeThread', gone.element, { confirm: false });
    const after = await oaThreads(a);
    assert.deepEqual(after.map((r) => r.item.id).sort(), [DEMO.threads.mixed, DEMO.threads.unicode].map((t) => `c/${OA}/t/${t}`).sort());
  });

  it('keeps the threads per connection in global state, where the next window reads them', async () => {
    // A reload cannot be done from inside the extension host these tests run in. What a
    // reload does is build a new registry over the same global state: do that, and it must
    // see the threads added above, for this connection only.
    const a = await api();
    const afterReload = new ThreadRegistry(a.services.context.globalState);
    assert.deepEqual([...afterReload.remembered(OA)].sort(), [DEMO.threads.mixed, DEMO.threads.unicode].sort());
    assert.deepEqual(afterReload.remembered(`${OA}-other`), []);
    // And the tree built on it lists them.
    a.services.store.clear(OA);
    assert.deepEqual((await oaThreads(a)).map((r) => r.item.id).sort(), [DEMO.threads.mixed, DEMO.threads.unicode].map((t) => `c/${OA}/t/${t}`).sort());
  });
});

// Open Archive… in a real VS Code: threads and a conversation exported from the demo
// connection, opened again as a read-only archive, show the same rows and the same panels
// as online, with no request to the service; actions that need the service say so; a
// file that vanished says so; a file that is not an export is refused and not remembered.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO, DEMO_RESPONSES as D } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, listedNode, servedRequests, treeChildren, waitFor, type ActivatedApi } from './helpers';
import type { TreeNode } from '../../src/views/nodes/treeNode';

interface Row {
  label: string;
  description: string;
  context: string;
  icon: string;
  children?: Row[];
}

/** Rows under `node`, down to `depth` levels, as a user reads them (label, description, icon, menus). */
async function rowsUnder(a: ActivatedApi, node: TreeNode | undefined, depth: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { element, item } of await treeChildren(a, node)) {
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const row: Row = {
      label,
      description: typeof item.description === 'string' ? item.description : '',
      context: item.contextValue ?? '',
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '',
    };
    if (depth > 0 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) row.children = await rowsUnder(a, element, depth - 1);
    rows.push(row);
  }
  return rows;
}

async function childNamed(a: ActivatedApi, parent: TreeNode | undefined, id: string): Promise<TreeNode> {
  const found = (await treeChildren(a, parent)).find((r) => r.item.id === id);
  assert.ok(found, `no row ${id} under ${parent?.id ?? 'the root'}: ${(await treeChildren(a, parent)).map((r) => r.item.id).join(', ')}`);
  return found.element;
}

/** How many rows, children included. */
function rowCount(rows: Row[]): number {
  return rows.reduce((n, r) => n + 1 + rowCount(r.children ?? []), 0);
}

/** How many rows are marked as an archive's (runs and responses). */
function archivedRows(rows: Row[]): number {
  return rows.reduce((n, r) => n + (/^(run|response):.*:archived$/.test(r.context) ? 1 : 0) + archivedRows(r.children ?? []), 0);
}

/**
 * Rows as online and archive show them alike: a run that is still waiting shows how long
 * it has waited (the same words, a later time), and an archive's rows offer nothing that
 * needs the service (their menus differ by that alone).
 */
function settled(rows: Row[]): Row[] {
  return rows.map((r) => ({
    ...r,
    description: r.description.replace(/\b\d+(\.\d+)?\s?(ms|s|m|h|min)\b/g, '#'),
    context: r.context.replace(/:(archived|cancellable|answerable)\b/g, ''),
    ...(r.children ? { children: settled(r.children) } : {}),
  }));
}

/** A panel's view model with the archive's notice (checked, then taken out) and the parts that name where it came from left out. */
function comparable(view: unknown, archive: string | undefined): unknown {
  if (!view) return null;
  const { connectionName: _c, connectionId: _i, notices, ...rest } = view as Record<string, unknown> & { notices: { text: string }[] };
  if (archive === undefined) return { ...rest, notices };
  assert.match(notices[0]?.text ?? '', new RegExp(`^From the archive "${archive}", exported .*: as it was then\\. Answering, cancelling and forking need the live service\\.$`));
  return { ...rest, notices: notices.slice(1) };
}

describe('Open Archive', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ard-archive-'));
  const folder = path.join(dir, 'exports');
  fs.mkdirSync(folder);
  let archiveId: string;
  const errors: string[] = [];
  const warnings: string[] = [];

  before(async () => {
    const a = await activatedApi();
    // What the commands would show the user: captured from the extension's own log.
    const log = a.services.log as { error(message: string): void; warn(message: string): void };
    const original = { error: log.error.bind(log), warn: log.warn.bind(log) };
    log.error = (message: string) => {
      errors.push(message);
      original.error(message);
    };
    log.warn = (message: string) => {
      warnings.push(message);
      original.warn(message);
    };
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    await vscode.commands.executeCommand('agentRuns.exportThread', { connectionId: 'demo', threadId: DEMO.threads.mixed }, { target: vscode.Uri.file(path.join(folder, 'mixed.json')) });
    await vscode.commands.executeCommand('agentRuns.exportThread', { connectionId: 'demo', threadId: DEMO.threads.unicode }, { target: vscode.Uri.file(path.join(folder, 'unicode.json')) });
    await vscode.commands.executeCommand(
      'agentRuns.exportConversation',
      { connectionId: 'demo', conversationId: D.conversations.support },
      { target: vscode.Uri.file(path.join(folder, 'support.json')) },
    );
    assert.deepEqual(fs.readdirSync(folder).sort(), ['mixed.json', 'support.json', 'unicode.json']);
    archiveId = (await vscode.commands.executeCommand<string>('agentRuns.openArchive', vscode.Uri.file(folder)))!;
    assert.match(archiveId, /^archive-/);
  });
  after(async () => {
    const a = await activatedApi();
    for (const c of a.services.connections.list()) if (c.archive !== undefined) await a.services.connections.archives.remove(c.id);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the exported threads and conversation with the rows they have online, sending no request', async () => {
    const a = await activatedApi();
    const connection = a.services.connections.get(archiveId);
    assert.equal(connection?.name, 'exports');
    const root = await childNamed(a, undefined, `c/${archiveId}`);
    const rootItem = await a.tree.getTreeItem(root);
    assert.equal(rootItem.description, 'Archive · read only');
    assert.equal(rootItem.contextValue, 'archive');
    await clearServedRequests();

    const groups = await treeChildren(a, root);
    assert.deepEqual(groups.map((g) => g.item.id), [`c/${archiveId}/threads`, `c/${archiveId}/conversations`, `c/${archiveId}/responses`]);
    const threads = await treeChildren(a, groups[0]!.element);
    assert.deepEqual(new Set(threads.map((t) => t.item.id)), new Set([DEMO.threads.mixed, DEMO.threads.unicode].map((t) => `c/${archiveId}/t/${t}`)));
    const offline = {
      mixed: await rowsUnder(a, await childNamed(a, groups[0]!.element, `c/${archiveId}/t/${DEMO.threads.mixed}`), 3),
      support: await rowsUnder(a, await childNamed(a, groups[1]!.element, `c/${archiveId}/conv/${D.conversations.support}`), 2),
    };
    const requests = await servedRequests();
    assert.equal(requests.length, 0, `browsing the archive sent: ${describeRequests(requests)}`);

    const demoGroups = await treeChildren(a, await childNamed(a, undefined, 'c/demo'));
    const online = {
      mixed: await rowsUnder(a, await childNamed(a, demoGroups[0]!.element, `c/demo/t/${DEMO.threads.mixed}`), 3),
      support: await rowsUnder(a, await childNamed(a, demoGroups[1]!.element, `c/demo/conv/${D.conversations.support}`), 2),
    };
    assert.ok(rowCount(offline.mixed) > 20 && rowCount(offline.support) > 5, `${rowCount(offline.mixed)} and ${rowCount(offline.support)} rows`);
    assert.ok(archivedRows(offline.mixed) >= 7 && archivedRows(offline.support) >= 1, 'the archive\'s run and response rows are not marked archived');
    assert.deepEqual(settled(offline.mixed), settled(online.mixed));
    assert.deepEqual(settled(offline.support), settled(online.support));
  });

  it('opens a run and a response in their panels with the view models they have online', async () => {
    const a = await activatedApi();
    const openRun = async (connectionId: string) => {
      const ref = { connectionId, threadId: DEMO.threads.mixed, runId: DEMO.runs.completed };
      await vscode.commands.executeCommand('agentRuns.openRun', { ref, kind: 'run' });
      const panel = await waitFor('the run panel', () => a.services.panels.get(ref));
      await waitFor('the run to load', () => {
        const s = panel.buildState() as { run: { steps: unknown[]; messages: unknown[] } | null; loading?: boolean };
        return s.run && !s.loading && s.run.steps.length && s.run.messages.length ? s : undefined;
      });
      return panel;
    };
    await clearServedRequests();
    const offlinePanel = await openRun(archiveId);
    const offline = comparable((offlinePanel.buildState() as { run: unknown }).run, 'exports');
    assert.equal((await servedRequests()).length, 0, 'the archive panel sent a request');
    const online = comparable(((await openRun('demo')).buildState() as { run: unknown }).run, undefined);
    assert.deepEqual(offline, online);

    const openResponse = async (connectionId: string) => {
      const ref = { connectionId, responseId: D.responses.inConversation };
      await vscode.commands.executeCommand('agentRuns.openResponse', { kind: 'response', ref });
      const panel = await waitFor('the response panel', () => a.services.responsePanels.get(ref));
      return waitFor('the response to load', () => {
        const s = panel.buildState() as { response: unknown; loading?: boolean };
        return s.response && !s.loading ? s.response : undefined;
      });
    };
    await clearServedRequests();
    const offlineResponse = await openResponse(archiveId);
    assert.equal((await servedRequests()).length, 0, 'the archive response panel sent a request');
    assert.deepEqual(comparable(offlineResponse, 'exports'), comparable(await openResponse('demo'), undefined));

    // A run that was waiting when exported: as it was then, with nothing to answer and no countdown.
    const waitingRef = { connectionId: archiveId, threadId: DEMO.threads.mixed, runId: DEMO.runs.requiresAction };
    await vscode.commands.executeCommand('agentRuns.openRun', { ref: waitingRef, kind: 'run' });
    const waitingPanel = await waitFor('the waiting run panel', () => a.services.panels.get(waitingRef));
    const waiting = await waitFor('the waiting run', () => (waitingPanel.buildState() as { run: { status: string; pendingCalls: unknown[]; expiresAt: unknown; notices: { text: string }[] } | null }).run ?? undefined);
    assert.equal(waiting.status, 'requires_action');
    assert.deepEqual([waiting.pendingCalls.length, waiting.expiresAt], [0, null]);
    assert.match(waiting.notices[0]!.text, /^From the archive "exports"/);
    for (const p of a.services.panels.all()) p.panel.dispose();
    for (const p of a.services.responsePanels.all()) p.panel.dispose();
  });

  it('says that cancelling, answering and forking need the service, and sends nothing', async () => {
    await clearServedRequests();
    errors.length = 0;
    const ref = { connectionId: archiveId, threadId: DEMO.threads.mixed, runId: DEMO.runs.requiresAction };
    await vscode.commands.executeCommand('agentRuns.cancelRun', { ref });
    await vscode.commands.executeCommand('agentRuns.answerToolCalls', { ref });
    await vscode.commands.executeCommand('agentRuns.forkFromHere', { ref });
    await vscode.commands.executeCommand('agentRuns.continueResponse', { ref: { connectionId: archiveId, responseId: D.responses.inConversation } });
    assert.equal(errors.length, 4, errors.join('\n'));
    for (const [i, action] of ['cancelling a run', 'answering tool calls', 'forking', 'answering and continuing a response'].entries()) {
      assert.match(errors[i]!, new RegExp(`"exports" is an archive, read only: ${action} needs the live service`));
    }
    assert.equal((await servedRequests()).length, 0);
  });

  it('refuses a file that is not an export, naming its first wrong path, and remembers nothing of it', async () => {
    const a = await activatedApi();
    const bad = path.join(dir, 'bad.json');
    const exported = JSON.parse(fs.readFileSync(path.join(folder, 'mixed.json'), 'utf8')) as { runs: { steps: { id: unknown }[] }[] };
    exported.runs[1]!.steps[0]!.id = 42;
    fs.writeFileSync(bad, JSON.stringify(exported));
    const before = a.services.connections.list().length;
    errors.length = 0;
    await vscode.commands.executeCommand('agentRuns.openArchive', vscode.Uri.file(bad));
    assert.equal(a.services.connections.list().length, before, 'a refused file was opened');
    assert.deepEqual(errors, ['agentRuns.openArchive: "bad.json" is not an export this extension can open: at /runs/1/steps/0/id, a string is expected.']);
  });

  it('says when its file has changed or vanished, on its row, and can be removed', async () => {
    const a = await activatedApi();
    const single = path.join(dir, 'alone.json');
    fs.copyFileSync(path.join(folder, 'unicode.json'), single);
    const id = (await vscode.commands.executeCommand<string>('agentRuns.openArchive', vscode.Uri.file(single)))!;
    // Changed on disk (written again, a byte longer): read again on Refresh, with a warning.
    warnings.length = 0;
    fs.appendFileSync(single, '\n');
    await vscode.commands.executeCommand('agentRuns.refresh');
    await treeChildren(a, await childNamed(a, undefined, `c/${id}`));
    await waitFor('the changed-file warning', () => (warnings.some((w) => w.includes('Archive "alone.json" — changed since it was opened: alone.json')) ? true : undefined));
    fs.rmSync(single);
    await vscode.commands.executeCommand('agentRuns.refresh');
    const rows = await waitFor('the vanished file row', async () => {
      const children = await treeChildren(a, await childNamed(a, undefined, `c/${id}`));
      return children.some((c) => c.item.contextValue === 'error') ? children : undefined;
    });
    assert.equal(rows.length, 1);
    assert.match(String(rows[0]!.item.label), /The file of archive "alone\.json" is gone \(.*alone\.json\): it was moved or deleted/);
    assert.equal(rows[0]!.item.command?.command, 'agentRuns.removeArchive');
    await vscode.commands.executeCommand('agentRuns.removeArchive', { connectionId: id });
    assert.equal(a.services.connections.get(id), undefined);
    assert.ok(a.services.connections.get(archiveId), 'removing one archive removed another');
  });

  it('exports the whole demo connection into one file that opens as an archive with every thread, conversation and response the tree knows', async () => {
    const a = await activatedApi();
    const target = vscode.Uri.file(path.join(dir, 'whole', 'demo.json'));
    fs.mkdirSync(path.dirname(target.fsPath));
    const written = await vscode.commands.executeCommand<vscode.Uri>('agentRuns.exportConnection', { connectionId: 'demo' }, { target });
    assert.equal(written?.fsPath, target.fsPath);
    assert.deepEqual(fs.readdirSync(path.dirname(target.fsPath)), ['demo.json'], 'the partial file or the resume state was left');
    const threads = a.services.store.threadList('demo').items;
    const conversations = a.services.responses.conversationList('demo').items;
    const responses = a.services.responses.responseList('demo').items;
    assert.ok(threads.length >= 8 && conversations.length >= 5 && responses.length >= 15, `${threads.length} threads, ${conversations.length} conversations, ${responses.length} responses`);
    const id = (await vscode.commands.executeCommand<string>('agentRuns.openArchive', target))!;
    const index = await a.services.connections.archives.index(id);
    assert.deepEqual(index.counts, { threads: new Set(threads).size, conversations: new Set(conversations).size, responses: new Set(responses).size });

    // Every thread and conversation of the demo seed: the same rows (two levels down) in the archive as online, with no request.
    const rowsOf = async (connectionId: string) => {
      const groups = await treeChildren(a, await childNamed(a, undefined, `c/${connectionId}`));
      const group = (name: string) => groups.find((g) => g.item.id === `c/${connectionId}/${name}`)!.element;
      await treeChildren(a, group('threads'));
      await treeChildren(a, group('conversations'));
      const out: Record<string, Row[]> = {};
      for (const threadId of Object.values(DEMO.threads)) out[threadId] = await rowsUnder(a, await listedNode(a, group('threads'), `c/${connectionId}/t/${threadId}`), 1);
      for (const conversationId of Object.values(D.conversations)) out[conversationId] = await rowsUnder(a, await listedNode(a, group('conversations'), `c/${connectionId}/conv/${conversationId}`), 1);
      return out;
    };
    await clearServedRequests();
    const offline = await rowsOf(id);
    const requests = await servedRequests();
    assert.equal(requests.length, 0, `browsing the archive sent: ${describeRequests(requests)}`);
    const online = await rowsOf('demo');
    for (const key of Object.keys(online)) assert.deepEqual(settled(offline[key]!), settled(online[key]!), key);
    const compared = Object.values(offline).reduce((n, rows) => n + rowCount(rows), 0);
    assert.ok(compared > 300, `only ${compared} rows of the seed were compared`);
    await a.services.connections.archives.remove(id);
  });

  it('copies a thread of the archive into a new conversation on the demo project: the plan previewed, every item in order, no duplicate through a 500 and a cut answer', async () => {
    const a = await activatedApi();
    const origin = emulatorOrigin();
    const base = `${origin}/api/projects/demo/openai/v1`;
    // The first batch is taken and its answer cut; the second answered 500: neither may be added twice.
    for (const kind of ['truncate', '500']) {
      await fetch(`${origin}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ match: { method: 'POST', path: '/conversations/[^/]+/items$' }, kind, count: 1 }),
      });
    }
    try {
      const copied = await vscode.commands.executeCommand<{ conversationId: string; plan: { items: unknown[] } }>(
        'agentRuns.copyThreadToConversation',
        { ref: { connectionId: archiveId, threadId: DEMO.threads.mixed } },
        { target: 'demo', confirm: false },
      );
      assert.ok(copied, `the copy failed: ${errors.join('\n')}`);
      const preview = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'agent-runs-migration' && d.uri.path.includes(DEMO.threads.mixed));
      assert.ok(preview, 'no preview was shown');
      assert.match(preview.getText(), new RegExp(`${copied.plan.items.length} items, added in`));
      const conversation = (await (await fetch(`${base}/conversations/${copied.conversationId}`)).json()) as { metadata: Record<string, string> };
      assert.equal(conversation.metadata.agent_runs_copied_from_thread, DEMO.threads.mixed);
      assert.equal(conversation.metadata.agent_runs_copied_from_connection, 'exports');
      const items = (await (await fetch(`${base}/conversations/${copied.conversationId}/items?order=asc&limit=100`)).json()) as { data: { type: string; role?: string }[] };
      assert.equal(items.data.length, copied.plan.items.length, 'an item was added twice or lost');
      assert.deepEqual(
        items.data.map((i) => `${i.type}:${i.role ?? ''}`),
        (copied.plan.items as { type: string; role?: string }[]).map((i) => `${i.type}:${i.role ?? ''}`),
      );
      // The new conversation is shown, selected, in the target's Conversations.
      await waitFor('the new conversation selected in the tree', () => (a.tree.view.selection.some((n) => n.id === `c/demo/conv/${copied.conversationId}`) ? true : undefined));
    } finally {
      await fetch(`${origin}/__emulator/faults`, { method: 'DELETE' });
    }
  });

  it('copies every thread of the archive, one conversation each, and says what was copied', async () => {
    const result = await vscode.commands.executeCommand<{ copied: string[]; skipped: string[]; failed: string[] }>(
      'agentRuns.copyThreadsToConversations',
      { connectionId: archiveId },
      { target: 'demo', confirm: false },
    );
    assert.deepEqual(new Set(result?.copied), new Set([DEMO.threads.mixed, DEMO.threads.unicode]));
    assert.deepEqual([result?.skipped.length, result?.failed.length], [0, 0]);
  });
});

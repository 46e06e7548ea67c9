// Request counts and wall time of the flows a user waits for, the live refresh of an
// open panel (UI refreshes and requests) and the heap a closed panel leaves behind,
// measured inside the real extension host against the emulator (demo seed, Azure mode). Every flow runs with no added latency (what the extension itself
// costs) and with 50 ms added to every request, several times; the bench script takes
// medians. ARD_BENCH_REPS, ARD_BENCH_LIVE_SECONDS and ARD_BENCH_PANELS shorten it
// (the CI smoke run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO, DEMO_RESPONSES } from '../../emulator/demoIds';
import { activatedApi, demoThreadNode, groupNode, listedNode, sleep, treeChildren, waitFor, type ExtensionApi } from '../../integration/helpers';
import { azure, forget, record, requestMark, requestsSince, setEmulatorConfig, type CachedList } from './kit';

const CONN = 'demo';
const connId = `c/${CONN}`;
const reps = Number(process.env.ARD_BENCH_REPS || 5);
const liveSeconds = Number(process.env.ARD_BENCH_LIVE_SECONDS || 30);
const panelCount = Number(process.env.ARD_BENCH_PANELS || 50);
const latencies = [0, 50];
/** The size of the archive the bench opens (ARD_BENCH_ARCHIVE_MB shortens it). */
const archiveBytes = Number(process.env.ARD_BENCH_ARCHIVE_MB || 50) * 2 ** 20;

interface RunRef {
  connectionId: string;
  threadId: string;
  runId: string;
}



interface PanelLike {
  panel: vscode.WebviewPanel;
  buildState(): { loading: boolean; run: { steps: unknown[]; messages: unknown[] } | null; live: boolean };
  dispose(): void;
}

interface BenchApi extends ExtensionApi {
  tree: ExtensionApi['tree'] & { findNode(id: string): unknown; view: vscode.TreeView<unknown> };
  services: {
    store: {
      clear(connectionId?: string): void;
      run(c: string, t: string, r: string): { status: string } | undefined;
      runList(c: string, t: string): CachedList;
      stepList(c: string, t: string, r: string): CachedList;
      messageList(c: string, t: string, r?: string): CachedList;
    };
    panels: { open(ref: RunRef): PanelLike; get(ref: RunRef): PanelLike | undefined; all(): PanelLike[] };
    responses: { itemList(c: string, conversationId: string): CachedList };
  };
}

async function api(): Promise<BenchApi> {
  return (await activatedApi()) as unknown as BenchApi;
}

/** Expands `node` and presses "Load more" until everything is listed; returns the rows of `kind`. */
async function expandAll(a: BenchApi, node: unknown, isRow: (contextValue: string) => boolean): Promise<number> {
  let children = await treeChildren(a, node);
  for (let page = 0; page < 20; page++) {
    const more = children.find((c) => c.item.contextValue === 'loadMore');
    if (!more) break;
    await vscode.commands.executeCommand('agentRuns.loadMore', more.element);
    children = await treeChildren(a, node);
  }
  return children.filter((c) => isRow(c.item.contextValue ?? '')).length;
}

interface Sample {
  latencyMs: number;
  wallMs: number;
  requests: number;
  items: number;
  paths: string[];
  /** Requests about other threads in the same time (none expected). */
  otherRequests: number;
}

/** Runs `flow` with `latencyMs` added to every request; counts the requests that concern `threadId`. */
async function measure(latencyMs: number, threadId: string, flow: () => Promise<number>, settleMs = 300): Promise<Sample> {
  await setEmulatorConfig({ latencyMs });
  const mark = await requestMark();
  const t0 = performance.now();
  const items = await flow();
  const wallMs = performance.now() - t0;
  await sleep(settleMs);
  const all = await requestsSince(mark);
  await setEmulatorConfig({ latencyMs: 0 });
  const served = all.filter((r) => r.path.includes(threadId));
  return { latencyMs, wallMs, requests: served.length, items, paths: served.map((r) => `${r.method} ${r.path}`), otherRequests: all.length - served.length };
}

describe('bench: flows', function () {
  this.timeout(30 * 60_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    const a = await api();
    await waitFor('the Runs view', () => (a.tree.view.visible ? true : undefined));
    await setEmulatorConfig({ latencyMs: 0 });
  });

  after(() => setEmulatorConfig({ latencyMs: 0 }));

  // First, so what the other flows leave behind (the 1 MB run, its state messages) is not freed during it.
  it('opens and closes 50 run panels', async () => {
    const a = await api();
    const gc = exposeGc();
    assert.ok(gc, 'a forced garbage collection is available in the extension host');
    // The lowest of several readings, each after full collections: background work of the host only adds.
    const settle = async () => {
      const readings: number[] = [];
      for (let i = 0; i < 4; i++) {
        gc();
        gc();
        await sleep(250);
        gc();
        readings.push(process.memoryUsage().heapUsed);
      }
      return Math.min(...readings);
    };
    const node = await demoThreadNode(a, DEMO.threads.manyRuns);
    await expandAll(a, node, (v) => v.startsWith('run:'));
    const listed = a.services.store.runList(CONN, DEMO.threads.manyRuns).items as string[];
    const runIds = listed.slice(0, panelCount);
    const warmUp = listed.slice(panelCount, panelCount + 3);
    assert.equal(runIds.length, panelCount, `${panelCount} runs to open`);
    const cycle = async (runId: string) => {
      const ref = { connectionId: CONN, threadId: DEMO.threads.manyRuns, runId };
      await vscode.commands.executeCommand('agentRuns.openRun', ref);
      const panel = a.services.panels.get(ref)!;
      await waitFor('the panel to load', () => (!panel.buildState().loading && panel.buildState().run ? true : undefined), 30_000);
      const heap = process.memoryUsage().heapUsed;
      panel.panel.dispose();
      return { panel: new WeakRef(panel), heap };
    };
    // What the first panels pay once (code paths, the webview machinery) is not per panel.
    for (const runId of warmUp) await cycle(runId);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const start = await settle();
    let peak = start;
    const closed: WeakRef<object>[] = [];
    // The heap after every tenth panel: the slope through these points is what a panel leaves
    // behind, less swayed by one noisy reading than the difference of two.
    const points: { panels: number; heap: number }[] = [{ panels: 0, heap: start }];
    for (const runId of runIds) {
      const { panel, heap } = await cycle(runId);
      closed.push(panel);
      peak = Math.max(peak, heap);
      if (closed.length % 10 === 0 && closed.length < runIds.length) points.push({ panels: closed.length, heap: await settle() });
    }
    await sleep(500);
    const openAfter = a.services.panels.all().length;
    const end = await settle();
    points.push({ panels: runIds.length, heap: end });
    const alive = closed.filter((p) => p.deref() !== undefined).length;
    record('memory', { panels: runIds.length, warmUp: warmUp.length, start, peak, end, points, retainedPerPanel: slope(points), panelsAlive: alive, openAfter });
  });
  it('expands a 250-run thread', async () => {
    const a = await api();
    const node = await demoThreadNode(a, DEMO.threads.manyRuns);
    for (const latencyMs of latencies) {
      for (let i = 0; i < reps; i++) {
        forget(a.services.store.runList(CONN, DEMO.threads.manyRuns));
        const s = await measure(latencyMs, DEMO.threads.manyRuns, () => expandAll(a, node, (v) => v.startsWith('run:')));
        assert.equal(s.items, 250, 'all 250 runs listed');
        record('flow', { flow: 'runs250', ...s });
      }
    }
  });

  it("loads a thread's 250 messages", async () => {
    const a = await api();
    // A thread with exactly 250 messages, made through the emulator's API.
    const thread = await azure<{ id: string }>('POST', '/threads', { messages: [{ role: 'user', content: 'message 1 of 250' }], metadata: { purpose: 'bench: 250 messages' } });
    for (let i = 2; i <= 250; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, 251 - i) }, (_, k) => azure('POST', `/threads/${thread.id}/messages`, { role: k % 2 ? 'assistant' : 'user', content: `message ${i + k} of 250` })),
      );
    }
    const conn = (await treeChildren(a)).find((r) => r.item.id === connId)!;
    await vscode.commands.executeCommand('agentRuns.refreshNode', conn.element);
    const node = await demoThreadNode(a, thread.id);
    for (const latencyMs of latencies) {
      for (let i = 0; i < reps; i++) {
        const children = await treeChildren(a, node); // the thread's runs (none) and the Messages row
        const messages = children.find((c) => c.item.contextValue === 'messages');
        assert.ok(messages, 'a Messages row');
        forget(a.services.store.messageList(CONN, thread.id));
        const s = await measure(latencyMs, thread.id, () => expandAll(a, messages.element, (v) => v === 'message'));
        assert.equal(s.items, 250, 'all 250 messages listed');
        record('flow', { flow: 'messages250', ...s });
      }
    }
  });

  it("lists a 1,000-item conversation's items", async () => {
    const a = await api();
    const group = await groupNode(a, 'conversations', CONN);
    const conversation = await listedNode(a, group, `${connId}/conv/${DEMO_RESPONSES.conversations.big}`);
    const items = (await treeChildren(a, conversation)).find((c) => c.item.id === `${conversation.id}/items`);
    assert.ok(items, 'an Items row');
    for (const latencyMs of latencies) {
      for (let i = 0; i < reps; i++) {
        forget(a.services.responses.itemList(CONN, DEMO_RESPONSES.conversations.big));
        const s = await measure(latencyMs, DEMO_RESPONSES.conversations.big, () => expandAll(a, items.element, (v) => v.startsWith('item:')));
        assert.equal(s.items, DEMO_RESPONSES.counts.bigConversationItems, 'all 1,000 items listed');
        record('flow', { flow: 'items1000', ...s });
      }
    }
  });

  it('opens the 150-step run in the panel', async () => {
    const a = await api();
    const ref = { connectionId: CONN, threadId: DEMO.threads.bigRun, runId: DEMO.runs.bigRun150Steps };
    for (const latencyMs of latencies) {
      for (let i = 0; i < reps; i++) {
        forget(a.services.store.stepList(CONN, ref.threadId, ref.runId));
        forget(a.services.store.messageList(CONN, ref.threadId, ref.runId));
        let steps = 0;
        let messages = 0;
        const s = await measure(
          latencyMs,
          ref.threadId,
          async () => {
            await vscode.commands.executeCommand('agentRuns.openRun', ref);
            const panel = a.services.panels.get(ref)!;
            // Polled every millisecond on a cheap probe (building the state is not cheap).
            const { store } = a.services;
            await until(() => !(panel as unknown as { loading: boolean }).loading && store.run(CONN, ref.threadId, ref.runId) !== undefined && store.stepList(CONN, ref.threadId, ref.runId).loaded, 60_000);
            const state = panel.buildState();
            steps = state.run!.steps.length;
            messages = state.run!.messages.length;
            return steps;
          },
          1000,
        );
        assert.equal(steps, 150);
        record('flow', { flow: 'panel150', messages, ...s });
        a.services.panels.get(ref)?.dispose();
        await sleep(200);
      }
    }
  });

  it('compares the 150-step run with itself and with the 200-item response, their data cached', async () => {
    type Side = { family: 'assistants'; threadId: string; runId: string } | { family: 'responses'; responseId: string };
    const run: Side = { family: 'assistants', threadId: DEMO.threads.bigRun, runId: DEMO.runs.bigRun150Steps };
    const response: Side = { family: 'responses', responseId: DEMO_RESPONSES.responses.big200Items };
    const uri = (ref: Side, side: string, rep: string) =>
      vscode.Uri.from({
        scheme: 'agent-runs-compare',
        path: ref.family === 'assistants' ? `/${side}/${CONN}/threads/${ref.threadId}/${ref.runId}.md` : `/${side}/${CONN}/responses/${ref.responseId}.md`,
        // A fresh document every time (VS Code keeps a closed one for a while); the path names it.
        query: `rep=${rep}`,
      });
    const pairs = [
      ['same', run, run],
      ['cross', run, response],
    ] as const;
    // The data cached: each side read once before (what the tree or a panel would have read).
    for (const [pair, left, right] of pairs) {
      await vscode.commands.executeCommand('vscode.diff', uri(left, 'left', `warm-${pair}`), uri(right, 'right', `warm-${pair}`), 'warm-up');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    for (const latencyMs of latencies) {
      for (let i = 0; i < reps; i++) {
        for (const [pair, left, right] of pairs) {
          const l = uri(left, 'left', `${latencyMs}-${i}-${pair}`);
          const r = uri(right, 'right', `${latencyMs}-${i}-${pair}`);
          let chars: number[] = [];
          const s = await measure(latencyMs, '', async () => {
            await vscode.commands.executeCommand('vscode.diff', l, r, `${pair} ${i}`, { preview: false });
            // Open when both documents are read and the diff editor shows them.
            const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
            assert.ok(tab instanceof vscode.TabInputTextDiff && tab.original.toString() === l.toString(), 'the diff editor is showing');
            const docs = [l, r].map((u) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString()));
            chars = docs.map((d) => d?.getText().length ?? 0);
            return Math.min(...chars);
          });
          assert.ok(chars.every((n) => n > 10_000), `both documents are whole (${chars.join(', ')} characters)`);
          record('compare', { pair, latencyMs, wallMs: s.wallMs, requests: s.requests + s.otherRequests, leftChars: chars[0], rightChars: chars[1] });
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
          await sleep(100);
        }
      }
    }
  });

  it('opens a 50 MB archive (the demo seed many times over) and shows its tree', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ard-bench-archive-'));
    try {
      // The demo connection exported whole once, then written again and again with its ids renamed, to 50 MB.
      const once = path.join(dir, 'once.json');
      await vscode.commands.executeCommand('agentRuns.exportConnection', { connectionId: CONN }, { target: vscode.Uri.file(once) });
      const seed = JSON.parse(fs.readFileSync(once, 'utf8')) as { threads: unknown[]; conversations: unknown[]; responses: unknown[] };
      const parts = { threads: JSON.stringify(seed.threads).slice(1, -1), conversations: JSON.stringify(seed.conversations).slice(1, -1), responses: JSON.stringify(seed.responses).slice(1, -1) };
      const copies = Math.ceil(archiveBytes / Buffer.byteLength(JSON.stringify(seed)));
      // Ids only (a prefix and 12 or more letters and digits to the closing quote), never keys such as "thread_id".
      const renamed = (text: string, k: number) => text.replace(/"(thread|run|step|msg|conv|resp|call|fc|item|mcpr|rs)_([A-Za-z0-9]{12,})"/g, `"$1_x${k}$2"`);
      const file = path.join(dir, 'archive.json');
      const out = fs.openSync(file, 'w');
      fs.writeSync(out, `{"format":"agent-run-debugger/connection-export@1","exported_at":"2026-12-02T10:00:00.000Z","source":{"connection":"bench","kind":"azure-agents","base_url":null,"api_version":null}`);
      for (const key of ['threads', 'conversations', 'responses'] as const) {
        fs.writeSync(out, `,"${key}":[`);
        for (let k = 0; k < copies; k++) fs.writeSync(out, `${k ? ',' : ''}${renamed(parts[key], k)}`);
        fs.writeSync(out, ']');
      }
      fs.writeSync(out, '}');
      fs.closeSync(out);
      const bytes = fs.statSync(file).size;
      for (let i = 0; i < Math.min(reps, 3); i++) {
        (globalThis as { gc?: () => void }).gc?.();
        const heapBefore = process.memoryUsage().heapUsed;
        const t0 = performance.now();
        const id = (await vscode.commands.executeCommand<string>('agentRuns.openArchive', vscode.Uri.file(file)))!;
        const root = (await treeChildren(a)).find((r) => r.item.id === `c/${id}`);
        assert.ok(root, 'the archive row');
        const groups = await treeChildren(a, root.element);
        const threads = await treeChildren(a, groups[0]!.element);
        const wallMs = performance.now() - t0;
        const heapAfter = process.memoryUsage().heapUsed;
        const { counts } = await (a.services as unknown as { connections: { archives: { index(id: string): Promise<{ counts: Record<string, number> }> } } }).connections.archives.index(id);
        assert.equal(counts.threads, copies * seed.threads.length, 'every copy of every thread is in the archive');
        assert.ok(threads.filter((t) => t.item.contextValue?.startsWith('thread')).length === Math.min(100, counts.threads!), `${threads.length} thread rows shown`);
        record('archive', { bytes, copies, wallMs, heapMB: (heapAfter - heapBefore) / 2 ** 20, rssMB: process.memoryUsage().rss / 2 ** 20, ...counts });
        await vscode.commands.executeCommand('agentRuns.removeArchive', { connectionId: id });
        await sleep(500);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refreshes an active run while visible, hidden and after it finishes', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('agentRuns.refresh');
    const intervals = { visibleSeconds: config.get<number>('activeIntervalSeconds', 3), hiddenSeconds: config.get<number>('hiddenIntervalSeconds', 15) };
    const created = await azure<{ id: string; thread_id: string }>('POST', '/threads/runs', { assistant_id: 'asst_slow', thread: { messages: [{ role: 'user', content: 'bench: live refresh' }] } });
    const ref = { connectionId: CONN, threadId: created.thread_id, runId: created.id };
    await vscode.commands.executeCommand('agentRuns.openRun', ref);
    const panel = a.services.panels.get(ref)!;
    await waitFor('the panel to load and go live', () => (panel.buildState().run && panel.buildState().live ? true : undefined), 30_000);
    // What the user sees refresh: the state messages the panel posts to its webview.
    const ui = observeStatePosts(panel.panel.webview);
    const start = await requestMark();
    const window = async (seconds: number) => {
      const from = Date.now();
      await sleep(seconds * 1000);
      return { from, to: Date.now() };
    };
    try {
      assert.equal(panel.panel.visible, true, 'the panel is visible');
      await waitFor('the first refresh on the page', () => (ui.refreshes().length ? true : undefined), 30_000);
      const visible = await window(liveSeconds);

      // A file that is never dirty, so closing it asks nothing.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.extensions.getExtension('agent-run-debugger.agent-run-debugger')!.extensionUri, 'package.json'));
      await vscode.window.showTextDocument(doc, { viewColumn: panel.panel.viewColumn, preview: false });
      await waitFor('the panel to be hidden', () => (panel.panel.visible ? undefined : true));
      const hidden = await window(liveSeconds);

      panel.panel.reveal();
      await waitFor('the panel to be visible again', () => (panel.panel.visible ? true : undefined));
      await vscode.commands.executeCommand('agentRuns.cancelRun', ref, { confirm: false });
      // Seeing the cancel land takes a poll: with no polling, the figure says so (not the test).
      const cancelled = await waitFor('the run to be cancelled', () => (a.services.store.run(CONN, ref.threadId, ref.runId)?.status === 'cancelled' ? true : undefined), 30_000).catch(() => false);
      await sleep(500);
      const finished = await window(Math.max(3, liveSeconds / 2));

      const served = (await requestsSince(start))
        .filter((r) => r.path.includes(created.thread_id))
        .map((r) => ({ at: Date.parse((r as { time?: string }).time ?? ''), what: `${r.method} ${r.path}` }));
      assert.ok(served.every((r) => Number.isFinite(r.at)), 'the emulator logs when each request came');
      // A poll starts with the run itself; the refresh it causes ends when its state is posted.
      const polls = served.filter((r) => r.what.startsWith('GET ') && r.what.endsWith(`/runs/${created.id}`)).map((r) => r.at);
      // One refresh per poll: when a poll also changes the run's status, its lists are read
      // twice and posted twice, milliseconds apart; the user sees one refresh.
      const refreshes: { at: number; ms: number; poll: number }[] = [];
      for (const at of ui.refreshes()) {
        const poll = Math.max(-Infinity, ...polls.filter((p) => p <= at));
        if (Number.isFinite(poll) && refreshes[refreshes.length - 1]?.poll !== poll) refreshes.push({ at, ms: at - poll, poll });
      }
      const describe = ({ from, to }: { from: number; to: number }) => {
        const inWindow = <T extends { at: number }>(list: T[]) => list.filter((x) => x.at >= from && x.at < to);
        return {
          seconds: (to - from) / 1000,
          requests: inWindow(served).length,
          paths: [...new Set(inWindow(served).map((r) => r.what))],
          polls: polls.filter((at) => at >= from && at < to).map((at) => at - from),
          refreshes: inWindow(refreshes).map((r) => ({ at: r.at - from, ms: r.ms })),
        };
      };
      record('live', { intervals, visible: describe(visible), hidden: describe(hidden), finished: { ...describe(finished), cancelled } });
    } finally {
      ui.stop();
      panel.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

});

/**
 * Watches the state messages a panel posts to its webview. A refresh is a post whose
 * `updatedAt` is newer than any before it (a poll's lists were read and sent); returns
 * when each was posted (Date.now(), the clock of the emulator's request log).
 */
function observeStatePosts(webview: vscode.Webview): { refreshes(): number[]; stop(): void } {
  const original = webview.postMessage;
  const own = Object.prototype.hasOwnProperty.call(webview, 'postMessage');
  const posted: number[] = [];
  let newest = -Infinity;
  webview.postMessage = function (this: vscode.Webview, message: unknown) {
    const state = (message as { type?: string; state?: { updatedAt?: number | null } }).type === 'state' ? (message as { state: { updatedAt?: number | null } }).state : undefined;
    if (state && typeof state.updatedAt === 'number' && state.updatedAt > newest) {
      newest = state.updatedAt;
      posted.push(Date.now());
    }
    return original.call(this, message);
  };
  return {
    refreshes: () => [...posted],
    stop: () => {
      if (own) webview.postMessage = original;
      else delete (webview as { postMessage?: unknown }).postMessage;
    },
  };
}

/** Least-squares slope of heap over panels (bytes per panel). */
function slope(points: { panels: number; heap: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.panels, 0) / n;
  const my = points.reduce((s, p) => s + p.heap, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.panels - mx) * (p.heap - my), 0);
  const sxx = points.reduce((s, p) => s + (p.panels - mx) ** 2, 0);
  return sxx ? sxy / sxx : NaN;
}

/** Resolves once `probe()` is true, checking every millisecond. */
async function until(probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** global.gc, made available in a host started without --expose-gc. */
function exposeGc(): (() => void) | undefined {
  const g = globalThis as { gc?: () => void };
  if (g.gc) return g.gc;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

// The run panel inside a real VS Code, against the emulator (demo seed, Azure mode):
// opening (one panel per run), live updates from queued to completed, restore through
// the serializer, timers and watches released on close, read-only JSON documents, and
// the number of requests it takes to open a 150-step run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, servedRequests, waitFor, type ActivatedApi } from './helpers';

const CONN = 'demo';

interface Ref {
  connectionId: string;
  threadId: string;
  runId: string;
}

const api = activatedApi;

const demoRef = (threadId: string, runId: string): Ref => ({ connectionId: CONN, threadId, runId });

function azure(path: string): string {
  return `${emulatorOrigin()}/api/projects/${DEMO.project}${path}${path.includes('?') ? '&' : '?'}api-version=v1`;
}

/** A run of a scripted assistant on a new thread: nothing else in the extension watches it. */
async function createRun(assistant: string): Promise<Ref> {
  const res = await fetch(azure('/threads/runs'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ assistant_id: assistant, thread: { messages: [{ role: 'user', content: 'Echo <b>this</b>' }] } }),
  });
  assert.equal(res.status, 200, `create thread and run → ${res.status}`);
  const created = (await res.json()) as { id: string; thread_id: string };
  return demoRef(created.thread_id, created.id);
}

async function closeAll(a: ActivatedApi): Promise<void> {
  for (const p of a.services.panels.all()) p.panel.dispose();
  await waitFor('all panels to close', () => (a.services.panels.all().length === 0 ? true : undefined));
}

describe('Run panel', function () {
  this.timeout(60_000);

  // Other suites may leave faults injected or the tree watching demo runs: start clean.
  beforeEach(async () => {
    await fetch(`${emulatorOrigin()}/__emulator/faults`, { method: 'DELETE' });
  });
  afterEach(async () => {
    await fetch(`${emulatorOrigin()}/__emulator/faults`, { method: 'DELETE' });
    await closeAll(await api());
  });

  it('opens one panel per run and reveals it when opened again', async () => {
    const a = await api();
    const ref = demoRef(DEMO.threads.mixed, DEMO.runs.completed);
    await vscode.commands.executeCommand('agentRuns.openRun', { ref, kind: 'run' });
    const panel = await waitFor('the panel', () => a.services.panels.get(ref));
    const state = await waitFor('the run to load', () => {
      const s = panel.buildState();
      return s.run && !(s as { loading?: boolean }).loading ? s.run : undefined;
    });
    assert.equal(state.status, 'completed');
    assert.ok(state.steps.length > 0 && state.messages.length > 0);
    assert.equal(panel.panel.viewType, 'agentRuns.runPanel');
    assert.match(panel.panel.title, /completed/);
    await vscode.commands.executeCommand('agentRuns.openRun', ref);
    assert.equal(a.services.panels.all().length, 1, 'a second panel was opened for the same run');
    assert.equal(a.services.panels.get(ref), panel);
    assert.equal(panel.isLive, false, 'a terminal run is not watched');
  });

  it("keeps an open panel's steps and messages through the tree's Refresh (requires_action and cancelling runs)", async () => {
    const a = await api();
    for (const [threadId, runId] of [
      [DEMO.threads.mixed, DEMO.runs.requiresAction],
      [DEMO.threads.cancelling, DEMO.runs.cancelling],
    ] as const) {
      const ref = demoRef(threadId, runId);
      const panel = a.services.panels.open(ref);
      const loaded = await waitFor(`${runId} to load`, () => {
        const run = panel.buildState().run;
        return run && run.steps.length > 0 ? run : undefined;
      });
      await vscode.commands.executeCommand('agentRuns.refresh');
      // At once and after the tree has read the lists again, the panel shows what it showed.
      const right = panel.buildState().run;
      assert.equal(right?.steps.length, loaded.steps.length, `${runId}: steps right after Refresh`);
      assert.equal(right?.messages.length, loaded.messages.length, `${runId}: messages right after Refresh`);
      await a.services.store.fetchRun(CONN, threadId, runId);
      const later = panel.buildState().run;
      assert.equal(later?.steps.length, loaded.steps.length, `${runId}: steps after the run was read again`);
      assert.equal(later?.messages.length, loaded.messages.length, `${runId}: messages after the run was read again`);
      panel.panel.dispose();
    }
  });

  it('updates live from queued to completed and then stops watching', async () => {
    const a = await api();
    const ref = await createRun('asst_echo');
    const panel = a.services.panels.open(ref);
    const seen = new Set<string>();
    const first = await waitFor('the first state', () => panel.buildState().run?.status);
    seen.add(first);
    assert.ok(['queued', 'in_progress', 'completed'].includes(first), first);
    if (first !== 'completed') assert.equal(panel.isLive, true, 'an active run is not watched');
    const done = await waitFor(
      'the panel to show completed',
      () => {
        const s = panel.buildState();
        if (s.run) seen.add(s.run.status);
        return s.run?.status === 'completed' && s.run.messages.length > 0 && !s.live ? s : undefined;
      },
      40_000,
    );
    assert.ok(done.run!.steps.length >= 1);
    assert.equal(a.services.scheduler.isLive(ref), false, 'the scheduler still polls a completed run');
  });

  it('restores a panel from its saved state and refuses invalid state', async () => {
    const a = await api();
    const ref = demoRef(DEMO.threads.mixed, DEMO.runs.failed);
    const restored = vscode.window.createWebviewPanel('agentRuns.runPanel', 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await a.services.panels.deserializeWebviewPanel(restored, { ref, open: { 'section:config': true }, drafts: {} });
    const panel = await waitFor('the restored panel', () => a.services.panels.get(ref));
    const run = await waitFor('the restored run', () => panel.buildState().run ?? undefined);
    assert.equal(run.status, 'failed');

    let disposed = false;
    const broken = vscode.window.createWebviewPanel('agentRuns.runPanel', 'broken', vscode.ViewColumn.Active, { enableScripts: true });
    broken.onDidDispose(() => (disposed = true));
    await a.services.panels.deserializeWebviewPanel(broken, { ref: { connectionId: CONN } });
    assert.equal(disposed, true, 'a panel with invalid saved state was kept');
    assert.equal(a.services.panels.all().length, 1);
  });

  it('stops watching an active run and releases its timers when closed', async () => {
    const a = await api();
    const ref = await createRun('asst_slow');
    const before = a.services.scheduler.size;
    const panel = a.services.panels.open(ref);
    await waitFor('the run to be watched', () => (panel.isLive ? true : undefined));
    assert.equal(a.services.scheduler.isLive(ref), true);
    panel.panel.dispose();
    await waitFor('the panel to go', () => (a.services.panels.get(ref) ? undefined : true));
    assert.equal(a.services.scheduler.isLive(ref), false, 'the closed panel still polls');
    assert.ok(a.services.scheduler.size <= before);
    await clearServedRequests();
    await new Promise((r) => setTimeout(r, 4000));
    const polls = (await servedRequests()).filter((r) => r.path.includes(ref.runId));
    assert.deepEqual(polls, [], `requests after close:\n  ${describeRequests(polls)}`);
    await fetch(azure(`/threads/${ref.threadId}/runs/${ref.runId}/cancel`), { method: 'POST' });
  });

  it('opens run, step, tool call and message as read-only JSON documents', async () => {
    const a = await api();
    const ref = demoRef(DEMO.threads.mixed, DEMO.runs.requiresAction);
    const panel = a.services.panels.open(ref);
    await waitFor('the run', () => panel.buildState().run ?? undefined);
    await vscode.commands.executeCommand('agentRuns.openJson', { kind: 'run', ref });
    let doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'agent-runs-json');
    assert.equal(doc.languageId, 'json');
    assert.equal((JSON.parse(doc.getText()) as { id: string }).id, ref.runId);
    await vscode.commands.executeCommand('agentRuns.openJson', { kind: 'toolCall', ref: { ...ref, stepId: DEMO.steps.requiresAction, toolCallId: DEMO.calls.requiresActionWeather } });
    doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.path, `/${CONN}/${ref.threadId}/${ref.runId}/steps/${DEMO.steps.requiresAction}/calls/${DEMO.calls.requiresActionWeather}.json`);
    assert.equal((JSON.parse(doc.getText()) as { id: string }).id, DEMO.calls.requiresActionWeather);
    await vscode.commands.executeCommand('agentRuns.openJson', { kind: 'thread', ref });
    assert.equal((JSON.parse(vscode.window.activeTextEditor!.document.getText()) as { id: string }).id, ref.threadId);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a 150-step run with the floor of requests, in parallel: run + one per 100 steps + one per 100 messages', async () => {
    const a = await api();
    a.services.store.clear(CONN);
    const ref = demoRef(DEMO.threads.bigRun, DEMO.runs.bigRun150Steps);
    // Every request on this thread answers after 500 ms: requests sent one after another cannot overlap.
    const fault = await fetch(`${emulatorOrigin()}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', latencyMs: 500, count: -1, match: { method: 'GET', path: ref.threadId } }),
    });
    assert.equal(fault.status, 200);
    await clearServedRequests();
    const panel = a.services.panels.open(ref);
    const run = await waitFor('the big run', () => {
      const s = panel.buildState();
      return s.run && !s.loading ? s.run : undefined;
    }, 30_000);
    assert.equal(run.steps.length, DEMO.counts.bigRunSteps);
    // The tree may read the thread at the same time (its preview); count what names this run.
    const requests = (await servedRequests()).filter((r) => r.path.includes(ref.runId) || (r.path.endsWith(`${ref.threadId}/messages`) && JSON.stringify(r.query ?? {}).includes(ref.runId)));
    const floor = 1 + Math.ceil(DEMO.counts.bigRunSteps / 100) + Math.max(1, Math.ceil(run.messages.length / 100));
    console.log(`      opening ${ref.runId}: ${requests.length} requests (floor ${floor})`);
    assert.equal(requests.length, floor, `requests:\n  ${describeRequests(requests)}`);
    const steps = requests.filter((r) => r.path.endsWith('/steps'));
    assert.ok(steps.every((r) => JSON.stringify(r.query ?? {}).includes('file_search.results')), 'steps were listed without include[] for chunk text');
    // In parallel: the run, the first page of steps and the first page of messages were all
    // asked for before the first of them was answered (later pages follow their cursor).
    const firsts = requests.filter((r) => !r.query?.after);
    assert.equal(firsts.length, 3, `first requests:\n  ${describeRequests(firsts)}`);
    const started = firsts.map((r) => Date.parse(r.time!));
    const answered = firsts.map((r, i) => started[i]! + r.durationMs!);
    assert.ok(Math.max(...started) < Math.min(...answered), `not sent together:\n  ${firsts.map((r) => `${r.time} +${r.durationMs} ms ${r.path}`).join('\n  ')}`);
  });
});

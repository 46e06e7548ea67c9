// Reliability inside the real extension host (code-server), against the emulator with a
// key (ARD_BENCH_KEY): every flow (tree load, panel load, live refresh, cancel, submit)
// under every fault the emulator injects. Each case must end in a clear sentence or a
// recovery, the host must keep running, no promise may be left rejected, and a draft
// must survive a failed submission. Then the secret-bearing surfaces the host can see
// (webview HTML, posted panel state, error sentences) are checked for the key; the
// script scans the files (logs, settings, state) after the session ends.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../../emulator/demoIds';
import { activatedApi, demoThreadNode, sleep, treeChildren, waitFor, type ExtensionApi } from '../../integration/helpers';
import { addFaults, azure, clearFaults, forget, record, requestMark, requestsSince, type CachedList } from '../../bench/host/kit';

const CONN = 'demo';
const KEY = process.env.ARD_BENCH_KEY ?? '';

interface RunRef {
  connectionId: string;
  threadId: string;
  runId: string;
}
interface PanelLike {
  panel: vscode.WebviewPanel;
  buildState(): { loading: boolean; error: string | null; run: { status: string } | null; live: boolean };
  dispose(): void;
}
interface Api extends ExtensionApi {
  tree: ExtensionApi['tree'] & { findNode(id: string): unknown; view: vscode.TreeView<unknown> };
  services: {
    connections: { get(id: string): Record<string, unknown> | undefined; save(c: unknown, key?: string): Promise<void> };
    store: {
      run(c: string, t: string, r: string): { status: string } | undefined;
      runList(c: string, t: string): CachedList;
      stepList(c: string, t: string, r: string): CachedList;
      messageList(c: string, t: string, r?: string): CachedList;
      fetchRun(c: string, t: string, r: string): Promise<unknown>;
    };
    panels: { get(ref: RunRef): PanelLike | undefined };
    drafts: { submitDocument(doc: vscode.TextDocument): Promise<string> };
    /** What the Cancel command runs; it shows `message` when the outcome is not `cancelling`. */
    canceller: { cancel(ref: RunRef): Promise<{ kind: string; message: string }> };
  };
}

const api = async () => (await activatedApi()) as unknown as Api;


type FaultKind = 'latency' | '429' | '500' | 'drop' | 'truncate' | 'non-json';
const faults: { kind: FaultKind; rule: Record<string, unknown> }[] = [
  { kind: 'latency', rule: { kind: 'latency', latencyMs: 2500, count: 3 } },
  { kind: '429', rule: { kind: '429', retryAfterMs: 300, count: 3 } },
  { kind: '500', rule: { kind: '500', count: 3 } },
  { kind: 'drop', rule: { kind: 'drop', count: 3 } },
  { kind: 'truncate', rule: { kind: 'truncate', count: 3 } },
  { kind: 'non-json', rule: { kind: 'non-json', count: 3 } },
];

/** Everything the user was shown as an error, to check for the key afterwards. */
const sentences: string[] = [];

interface Outcome {
  flow: string;
  fault: FaultKind;
  result: 'recovered' | 'clear error' | 'FAILED';
  detail: string;
  draftKept?: boolean;
}
const outcomes: Outcome[] = [];

/** A sentence a user can act on: one line, no stack, no JS noise. */
function isClear(text: string | null | undefined): boolean {
  if (!text) return false;
  sentences.push(text);
  return text.length > 10 && !/\n\s+at |\[object |undefined|TypeError|ReferenceError|Cannot read prop/.test(text);
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

async function newRun(assistant: string, until?: string): Promise<RunRef> {
  const run = await azure<{ id: string; thread_id: string }>('POST', '/threads/runs', { assistant_id: assistant, thread: { messages: [{ role: 'user', content: `reliability ${assistant}` }] } });
  if (until) {
    await waitFor(`the ${assistant} run to reach ${until}`, async () => ((await azure<{ status: string }>('GET', `/threads/${run.thread_id}/runs/${run.id}`)).status === until ? true : undefined), 20_000);
  }
  return { connectionId: CONN, threadId: run.thread_id, runId: run.id };
}

describe('reliability: faults in every flow', function () {
  this.timeout(10 * 60_000);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    const a = await api();
    // The connection gets its key through the extension's own path (secret storage).
    const demo = a.services.connections.get(CONN);
    assert.ok(demo, 'the demo connection');
    await a.services.connections.save({ ...demo, auth: 'key' }, KEY);
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    await waitFor('the Runs view', () => (a.tree.view.visible ? true : undefined));
  });

  afterEach(() => clearFaults());

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const fault of faults) {
    it(`tree load under ${fault.kind}`, async () => {
      const a = await api();
      const node = await demoThreadNode(a, DEMO.threads.mixed);
      forget(a.services.store.runList(CONN, DEMO.threads.mixed));
      await addFaults({ ...fault.rule, match: { method: 'GET', path: `/threads/${DEMO.threads.mixed}/runs$` } });
      const children = await treeChildren(a, node);
      const runs = children.filter((c) => (c.item.contextValue ?? '').startsWith('run:'));
      const error = children.find((c) => c.item.contextValue === 'error');
      const label = error ? String(typeof error.item.label === 'string' ? error.item.label : error.item.label?.label) : '';
      const result = runs.length ? 'recovered' : error && isClear(label) && error.item.command ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'tree load', fault: fault.kind, result, detail: runs.length ? `${runs.length} runs` : label });
      // And the retry row works once the service is well again.
      await clearFaults();
      if (error?.item.command) {
        await vscode.commands.executeCommand(error.item.command.command, ...(error.item.command.arguments ?? []));
        const again = await treeChildren(a, node);
        assert.ok(again.some((c) => (c.item.contextValue ?? '').startsWith('run:')), 'Retry lists the runs');
      }
      assert.notEqual(result, 'FAILED', label);
    });

    it(`panel load under ${fault.kind}`, async () => {
      const a = await api();
      // A run the extension has not seen yet (nothing cached to fall back on).
      const ref = await newRun('asst_echo', 'completed');
      await addFaults({ ...fault.rule, match: { method: 'GET', path: `/runs/${ref.runId}` } });
      await vscode.commands.executeCommand('agentRuns.openRun', ref);
      const panel = a.services.panels.get(ref)!;
      const state = await waitFor('the panel to settle', () => {
        const s = panel.buildState();
        return !s.loading && (s.run || s.error) ? s : undefined;
      }, 60_000);
      const result = state.run ? 'recovered' : isClear(state.error) ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'panel load', fault: fault.kind, result, detail: state.run ? `run ${state.run.status}` : String(state.error) });
      panel.dispose();
      assert.notEqual(result, 'FAILED', String(state.error));
    });

    it(`live refresh under ${fault.kind}`, async () => {
      const a = await api();
      const ref = await newRun('asst_slow', 'in_progress');
      await vscode.commands.executeCommand('agentRuns.openRun', ref);
      const panel = a.services.panels.get(ref)!;
      await waitFor('the panel to go live', () => (panel.buildState().run && panel.buildState().live ? true : undefined), 30_000);
      await addFaults({ ...fault.rule, match: { method: 'GET', path: `/runs/${ref.runId}$` } });
      await sleep(8000); // a few polls (3 s apart) meet the fault
      await clearFaults();
      const mark = await requestMark();
      // Recovered: still live, and a later poll succeeds.
      const ok = await waitFor('a successful poll after the fault', async () => {
        const served = await requestsSince(mark);
        return served.some((r) => r.path.endsWith(`/runs/${ref.runId}`) && r.status === 200) ? true : undefined;
      }, 30_000).catch(() => false);
      const state = panel.buildState();
      const result = ok && state.run && state.live ? 'recovered' : 'FAILED';
      outcomes.push({ flow: 'live refresh', fault: fault.kind, result, detail: `live ${state.live}, run ${state.run?.status}` });
      await vscode.commands.executeCommand('agentRuns.cancelRun', ref, { confirm: false });
      panel.dispose();
      assert.notEqual(result, 'FAILED');
    });

    it(`cancel under ${fault.kind}`, async () => {
      const a = await api();
      const ref = await newRun('asst_slow', 'in_progress');
      await a.services.store.fetchRun(CONN, ref.threadId, ref.runId);
      await addFaults({ ...fault.rule, match: { method: 'POST', path: `/runs/${ref.runId}/cancel$` } });
      // The Cancel command's own path (the command adds the confirmation and shows `message`).
      const outcome = await a.services.canceller.cancel(ref);
      await clearFaults();
      const service = await azure<{ status: string }>('GET', `/threads/${ref.threadId}/runs/${ref.runId}`);
      const result = outcome?.kind === 'cancelling' && ['cancelling', 'cancelled'].includes(service.status) ? 'recovered' : outcome && isClear(outcome.message) ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'cancel', fault: fault.kind, result, detail: `${outcome?.kind}: ${outcome?.message} (service: ${service.status})` });
      if (result === 'clear error' && ['queued', 'in_progress'].includes(service.status)) {
        // Cancel again once the service is well: it works.
        const again = await a.services.canceller.cancel(ref);
        assert.equal(again.kind, 'cancelling', again.message);
      }
      assert.notEqual(result, 'FAILED', outcome?.message);
    });

    it(`submit under ${fault.kind}`, async () => {
      const a = await api();
      const ref = await newRun('asst_tools', 'requires_action');
      const run = await azure<{ required_action: { submit_tool_outputs: { tool_calls: { id: string }[] } } }>('GET', `/threads/${ref.threadId}/runs/${ref.runId}`);
      const ids = run.required_action.submit_tool_outputs.tool_calls.map((c) => c.id);
      await a.services.store.fetchRun(CONN, ref.threadId, ref.runId);
      const editor = (await vscode.commands.executeCommand('agentRuns.answerToolCalls', ref)) as vscode.TextEditor;
      assert.ok(editor, 'the draft editor opened');
      const typed = JSON.stringify({ tool_outputs: ids.map((id, i) => ({ tool_call_id: id, output: `answer ${i} under ${fault.kind}` })) }, null, 2);
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), typed));
      await addFaults({ ...fault.rule, match: { method: 'POST', path: `/runs/${ref.runId}/submit_tool_outputs$` } });
      let message: string;
      let ok = false;
      try {
        message = await a.services.drafts.submitDocument(editor.document);
        ok = true;
      } catch (error) {
        message = (error as Error).message;
      }
      await clearFaults();
      const service = await azure<{ status: string }>('GET', `/threads/${ref.threadId}/runs/${ref.runId}`);
      const accepted = service.status !== 'requires_action';
      // The draft is never lost: after a failure it is still there, word for word.
      const draftKept = ok || editor.document.getText() === typed;
      // A failure must be true (the service did not take the outputs) and said clearly.
      const result = ok && accepted ? 'recovered' : !ok && !accepted && isClear(message) && draftKept ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'submit', fault: fault.kind, result, detail: `${ok ? 'ok' : 'error'}: ${message} (service: ${service.status})`, draftKept });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      if (service.status === 'requires_action') await vscode.commands.executeCommand('agentRuns.cancelRun', ref, { confirm: false });
      assert.notEqual(result, 'FAILED', message);
    });
  }

  it('left no promise rejected and kept the host running', async () => {
    await sleep(1500); // unhandled rejections are reported a tick late
    const survived = outcomes.filter((o) => o.result !== 'FAILED').length;
    record('faults', { injected: outcomes.length, survived, unhandled: unhandled.map((u) => String((u as Error)?.stack ?? u)).slice(0, 10), unhandledCount: unhandled.length, outcomes, pid: process.pid });
    assert.equal(unhandled.length, 0, `unhandled rejections:\n${unhandled.map((u) => String((u as Error)?.stack ?? u)).join('\n')}`);
    unhandled = [];
  });
});

describe('reliability: the key stays secret', function () {
  this.timeout(120_000);

  it('is in no webview HTML, panel state or error sentence', async () => {
    const a = await api();
    assert.ok(KEY.length > 16, 'the session has a known key');
    // A full session: the tree, a panel, a submission, a cancel, and an error with a wrong key.
    const ref = { connectionId: CONN, threadId: DEMO.threads.mixed, runId: DEMO.runs.requiresAction };
    await vscode.commands.executeCommand('agentRuns.openRun', ref);
    const panel = a.services.panels.get(ref)!;
    await waitFor('the panel', () => (panel.buildState().run ? true : undefined), 30_000);
    const surfaces: [string, string][] = [
      ['webview HTML', panel.panel.webview.html],
      ['panel state', JSON.stringify(panel.buildState())],
    ];
    // A second connection with a wrong key: its errors must not echo the key either.
    const wrongKey = `${KEY}-wrong`;
    const demo = a.services.connections.get(CONN)!;
    await a.services.connections.save({ ...demo, id: 'wrongkey', name: 'Wrong key' }, wrongKey);
    const conn = await waitFor('the wrong-key connection row', async () => (await treeChildren(a)).find((r) => r.item.id === 'c/wrongkey'));
    const rows = await waitFor('an error row for the wrong key', async () => {
      const children = await treeChildren(a, conn.element);
      return children.some((c) => c.item.contextValue === 'error') ? children : undefined;
    }, 30_000);
    for (const r of rows) surfaces.push(['tree row', `${JSON.stringify(r.item.label)} ${String(r.item.description ?? '')} ${JSON.stringify(r.item.tooltip ?? '')}`]);
    for (const s of sentences) surfaces.push(['error sentence', s]);
    const leaks = surfaces.filter(([, text]) => text.includes(KEY) || text.includes(wrongKey));
    record('secrets-host', { surfaces: surfaces.length, leaks: leaks.map(([where]) => where), sentences: sentences.length });
    panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(leaks.map(([where]) => where), []);
  });
});

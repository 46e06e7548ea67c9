// Reliability inside the real extension host (code-server), against the emulator with
// credentials:
//   faults    every flow (tree load, panel load, live refresh, cancel, submit) under every
//             fault the emulator injects, each rule anchored on the one request the flow
//             names; the emulator's log of faults that fired says how many hit it. Each case
//             must end in a clear sentence or a recovery, the host must keep running, no
//             promise may be left rejected, and a draft must survive a failed submission.
//   messages  invalid webview messages through the run panel's own message handler, and
//             what each one changed (service writes, clipboard, drafts, documents, tabs).
//   secrets   three credentials (an sk- key, a 32-hex Azure key, an Entra-style bearer
//             token) through a session, including errors whose text quotes them; the
//             surfaces the host can see are checked here, the files by run.ts afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi as ProductApi } from '../../../src/extension';
import type { Connection } from '../../../src/api/connection';
import type { RunRef } from '../../../src/util/refs';
import { DEMO, DEMO_RESPONSES } from '../../emulator/demoIds';
import { activatedApi, demoThreadNode, emulatorOrigin, groupNode, listedNode, treeChildren, waitFor, type ExtensionApi } from '../../integration/helpers';
import { addFaults, azure, clearFaults, forget, record, requestMark, requestsSince } from '../../bench/host/kit';
import { invalidWebviewMessages } from '../inputs';

const CONN = 'demo';
const KEY = process.env.ARD_BENCH_KEY ?? '';
const AZURE_KEY = process.env.ARD_SECRET_AZURE_KEY ?? '';
const TOKEN = process.env.ARD_SECRET_TOKEN ?? '';

/** The extension's own API type: a rename in the product breaks this file's typecheck. */
type Api = ProductApi & ExtensionApi;
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

interface Firing {
  index: number;
  kind: string;
  method: string;
  path: string;
}

/** Index the next fault firing will get (GET /__emulator/faults/fired). */
async function firingMark(): Promise<number> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/faults/fired?since=999999999`);
  assert.ok(res.ok, `faults/fired → ${res.status}`);
  return Number(res.headers.get('x-emulator-next-index'));
}

async function firingsSince(mark: number): Promise<Firing[]> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/faults/fired?since=${mark}`);
  assert.ok(res.ok, `faults/fired → ${res.status}`);
  return (await res.json()) as Firing[];
}

/** A call to the demo project's Responses surface (`/api/projects/demo/openai/v1…`), no fault rules in the way. */
async function projectCall(method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emulatorOrigin()}/api/projects/${CONN}/openai/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${route} → ${res.status}`);
  return res.json();
}

async function projectResponse(body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  return (await projectCall('POST', '/responses', body)) as { id: string; status: string };
}

/** Everything the user was shown as an error, to check for the credentials afterwards. */
const sentences: string[] = [];

interface Outcome {
  flow: string;
  fault: FaultKind;
  result: 'recovered' | 'clear error' | 'FAILED';
  detail: string;
  /** Faults the emulator fired on the request the case names. */
  fired: number;
  draftKept?: boolean;
}
const outcomes: Outcome[] = [];
/** Continue's cases: what the extension said, how many requests it sent, and what the service did. */
const continueOutcomes: { fault: FaultKind; kind: string; posts: number; answered: boolean }[] = [];

/** A sentence a user can act on: one line, no stack, no JS noise. */
function isClear(text: string | null | undefined): boolean {
  if (!text) return false;
  sentences.push(text);
  return text.length > 10 && !/\n\s+at |\[object |undefined|TypeError|ReferenceError|Cannot read prop/.test(text);
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Every run the cases created: the suite waits for all of them to settle before counting rejections. */
const created: RunRef[] = [];

async function newRun(assistant: string, until?: string, connectionId = CONN): Promise<RunRef> {
  const run = await azure<{ id: string; thread_id: string }>('POST', '/threads/runs', { assistant_id: assistant, thread: { messages: [{ role: 'user', content: `reliability ${assistant}` }] } });
  if (until) {
    await waitFor(`the ${assistant} run to reach ${until}`, async () => ((await azure<{ status: string }>('GET', `/threads/${run.thread_id}/runs/${run.id}`)).status === until ? true : undefined), 20_000);
  }
  const ref = { connectionId, threadId: run.thread_id, runId: run.id };
  created.push(ref);
  return ref;
}

const serviceStatus = async (ref: RunRef) => (await azure<{ status: string }>('GET', `/threads/${ref.threadId}/runs/${ref.runId}`)).status;

/** Opens the run's panel through the command and waits until it shows the run or an error. */
async function openPanel(a: Api, ref: RunRef, timeoutMs = 60_000) {
  await vscode.commands.executeCommand('agentRuns.openRun', ref);
  const panel = a.services.panels.get(ref);
  assert.ok(panel, `no panel for ${ref.runId}`);
  const state = await waitFor('the panel to settle', () => {
    const s = panel.buildState();
    return !s.loading && (s.run || s.error) ? s : undefined;
  }, timeoutMs);
  return { panel, state };
}

describe('reliability: faults in every flow', function () {
  this.timeout(10 * 60_000);
  let mark = 0;

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

  beforeEach(async () => {
    mark = await firingMark();
  });
  afterEach(() => clearFaults());

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The firings of this case, all on the request it names (the rule's anchored path). */
  async function fired(named: RegExp): Promise<number> {
    const list = await firingsSince(mark);
    const elsewhere = list.filter((f) => !named.test(f.path));
    assert.deepEqual(elsewhere.map((f) => `${f.method} ${f.path}`), [], 'faults hit a request the case does not name');
    return list.length;
  }

  for (const fault of faults) {
    it(`tree load under ${fault.kind}`, async () => {
      const a = await api();
      const node = await demoThreadNode(a, DEMO.threads.mixed);
      forget(a.services.store.runList(CONN, DEMO.threads.mixed));
      const named = `/threads/${DEMO.threads.mixed}/runs$`;
      await addFaults({ ...fault.rule, match: { method: 'GET', path: named } });
      const children = await treeChildren(a, node);
      const runs = children.filter((c) => (c.item.contextValue ?? '').startsWith('run:'));
      const error = children.find((c) => c.item.contextValue === 'error');
      const label = error ? String(typeof error.item.label === 'string' ? error.item.label : error.item.label?.label) : '';
      const count = await fired(new RegExp(named));
      const result = !count ? 'FAILED' : runs.length ? 'recovered' : error && isClear(label) && error.item.command ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'tree load', fault: fault.kind, result, fired: count, detail: runs.length ? `${runs.length} runs` : label });
      // And the retry row works once the service is well again.
      await clearFaults();
      if (error?.item.command) {
        await vscode.commands.executeCommand(error.item.command.command, ...(error.item.command.arguments ?? []));
        const again = await treeChildren(a, node);
        assert.ok(again.some((c) => (c.item.contextValue ?? '').startsWith('run:')), 'Retry lists the runs');
      }
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', label);
    });

    it(`panel load under ${fault.kind}`, async () => {
      const a = await api();
      // A run the extension has not seen yet (nothing cached to fall back on); the faults
      // hit its retrieve only, so the client's retries meet them rather than the lists.
      const ref = await newRun('asst_echo', 'completed');
      const named = `/threads/${ref.threadId}/runs/${ref.runId}$`;
      await addFaults({ ...fault.rule, match: { method: 'GET', path: named } });
      const { panel, state } = await openPanel(a, ref);
      const count = await fired(new RegExp(named));
      const result = !count ? 'FAILED' : state.run ? 'recovered' : isClear(state.error) ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'panel load', fault: fault.kind, result, fired: count, detail: state.run ? `run ${state.run.status}` : String(state.error) });
      panel.dispose();
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', String(state.error));
    });

    it(`live refresh under ${fault.kind}`, async () => {
      const a = await api();
      const ref = await newRun('asst_slow', 'in_progress');
      await vscode.commands.executeCommand('agentRuns.openRun', ref);
      const panel = a.services.panels.get(ref)!;
      await waitFor('the panel to go live', () => (panel.buildState().run && panel.buildState().live ? true : undefined), 30_000);
      const named = `/threads/${ref.threadId}/runs/${ref.runId}$`;
      const rule = fault.rule as { count: number };
      await addFaults({ ...fault.rule, match: { method: 'GET', path: named } });
      // The scheduler's polls meet every fault of the rule…
      await waitFor(`the polls to meet ${rule.count} ${fault.kind} faults`, async () => ((await firingsSince(mark)).length >= rule.count ? true : undefined), 90_000);
      await clearFaults();
      const served = await requestMark();
      const before = panel.buildState().updatedAt ?? 0;
      // …then a later poll succeeds and the panel refreshes from it, still live.
      const ok = await waitFor('a successful poll and a refresh after the faults', async () => {
        const polled = (await requestsSince(served)).some((r) => r.path.endsWith(`/runs/${ref.runId}`) && r.status === 200);
        const s = panel.buildState();
        return polled && (s.updatedAt ?? 0) > before ? true : undefined;
      }, 90_000).catch(() => false);
      const count = await fired(new RegExp(named));
      const state = panel.buildState();
      const result = count && ok && state.run && state.live ? 'recovered' : 'FAILED';
      outcomes.push({ flow: 'live refresh', fault: fault.kind, result, fired: count, detail: `live ${state.live}, run ${state.run?.status}` });
      await vscode.commands.executeCommand('agentRuns.cancelRun', ref, { confirm: false });
      panel.dispose();
      assert.notEqual(result, 'FAILED');
    });

    it(`cancel under ${fault.kind}`, async () => {
      const a = await api();
      const ref = await newRun('asst_slow', 'in_progress');
      await a.services.store.fetchRun(CONN, ref.threadId, ref.runId);
      const named = `/runs/${ref.runId}/cancel$`;
      await addFaults({ ...fault.rule, match: { method: 'POST', path: named } });
      // The Cancel command's own path (the command adds the confirmation and shows `message`).
      const outcome = await a.services.canceller.cancel(ref);
      await clearFaults();
      const count = await fired(new RegExp(named));
      const service = await serviceStatus(ref);
      const result = !count ? 'FAILED' : outcome.kind === 'cancelling' && ['cancelling', 'cancelled'].includes(service) ? 'recovered' : isClear(outcome.message) ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'cancel', fault: fault.kind, result, fired: count, detail: `${outcome.kind}: ${outcome.message} (service: ${service})` });
      if (result === 'clear error' && ['queued', 'in_progress'].includes(service)) {
        // Cancel again once the service is well: it works.
        const again = await a.services.canceller.cancel(ref);
        assert.equal(again.kind, 'cancelling', again.message);
      }
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', outcome.message);
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
      const named = `/runs/${ref.runId}/submit_tool_outputs$`;
      await addFaults({ ...fault.rule, match: { method: 'POST', path: named } });
      let message: string;
      let ok = false;
      try {
        message = await a.services.drafts.submitDocument(editor.document);
        ok = true;
      } catch (error) {
        message = (error as Error).message;
      }
      await clearFaults();
      const count = await fired(new RegExp(named));
      const service = await serviceStatus(ref);
      const accepted = service !== 'requires_action';
      // The draft is never lost: after a failure it is still there, word for word.
      const draftKept = ok || editor.document.getText() === typed;
      // A failure must be true (the service did not take the outputs) and said clearly.
      const result = !count ? 'FAILED' : ok && accepted ? 'recovered' : !ok && !accepted && isClear(message) && draftKept ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'submit', fault: fault.kind, result, fired: count, detail: `${ok ? 'ok' : 'error'}: ${message} (service: ${service})`, draftKept });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      if (service === 'requires_action') await vscode.commands.executeCommand('agentRuns.cancelRun', ref, { confirm: false });
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', message);
    });
  }

  // The Responses family (on the project's /openai/v1 surface): list, row, live, cancel.
  for (const fault of faults) {
    it(`conversation items under ${fault.kind}`, async () => {
      const a = await api();
      const group = await groupNode(a, 'conversations', CONN);
      const conversation = await listedNode(a, group, `c/${CONN}/conv/${DEMO_RESPONSES.conversations.support}`);
      const itemsRow = (await treeChildren(a, conversation)).find((c) => c.item.id === `${conversation.id}/items`)!;
      forget(a.services.responses.itemList(CONN, DEMO_RESPONSES.conversations.support));
      const named = `/conversations/${DEMO_RESPONSES.conversations.support}/items$`;
      await addFaults({ ...fault.rule, match: { method: 'GET', path: named } });
      const children = await treeChildren(a, itemsRow.element);
      const items = children.filter((c) => (c.item.contextValue ?? '').startsWith('item:'));
      const error = children.find((c) => c.item.contextValue === 'error');
      const label = error ? String(typeof error.item.label === 'string' ? error.item.label : error.item.label?.label) : '';
      const count = await fired(new RegExp(named));
      const result = !count ? 'FAILED' : items.length ? 'recovered' : error && isClear(label) && error.item.command ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'items list', fault: fault.kind, result, fired: count, detail: items.length ? `${items.length} items` : label });
      await clearFaults();
      if (error?.item.command) {
        await vscode.commands.executeCommand(error.item.command.command, ...(error.item.command.arguments ?? []));
        assert.ok((await treeChildren(a, itemsRow.element)).some((c) => (c.item.contextValue ?? '').startsWith('item:')), 'Retry lists the items');
      }
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', label);
    });

    it(`responses list under ${fault.kind}`, async () => {
      const a = await api();
      const group = await groupNode(a, 'responses', CONN);
      forget(a.services.responses.responseList(CONN));
      // The project's list (newest first); the rule is anchored on it, not on one response.
      const named = '/openai/v1/responses$';
      await addFaults({ ...fault.rule, match: { method: 'GET', path: named } });
      const children = await treeChildren(a, group);
      const rows = children.filter((c) => (c.item.contextValue ?? '').startsWith('response:'));
      const error = children.find((c) => c.item.contextValue === 'error');
      const label = error ? String(typeof error.item.label === 'string' ? error.item.label : error.item.label?.label) : '';
      const count = await fired(new RegExp(named));
      const result = !count ? 'FAILED' : rows.length ? 'recovered' : error && isClear(label) && error.item.command ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'resp. list', fault: fault.kind, result, fired: count, detail: rows.length ? `${rows.length} responses` : label });
      await clearFaults();
      if (error?.item.command) {
        await vscode.commands.executeCommand(error.item.command.command, ...(error.item.command.arguments ?? []));
        assert.ok((await treeChildren(a, group)).some((c) => (c.item.contextValue ?? '').startsWith('response:')), 'Retry lists the responses');
      }
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', label);
    });

    it(`response live refresh under ${fault.kind}`, async () => {
      const a = await api();
      const created = await projectResponse({ model: 'slow', background: true, input: `live under ${fault.kind}` });
      const ref = { connectionId: CONN, responseId: created.id };
      await a.services.responses.fetchResponse(CONN, created.id);
      const named = `/responses/${created.id}$`;
      const rule = fault.rule as { count: number };
      let polls = 0;
      let lastOk = 0;
      const watch = a.services.scheduler.watch(ref, { visibility: 'visible', onPoll: () => {
          polls++;
          lastOk = Date.now();
        },
      });
      try {
        await addFaults({ ...fault.rule, match: { method: 'GET', path: named } });
        await waitFor(`the polls to meet ${rule.count} ${fault.kind} faults`, async () => ((await firingsSince(mark)).length >= rule.count ? true : undefined), 90_000);
        await clearFaults();
        const before = polls;
        const ok = await waitFor('a successful poll after the faults', () => (polls > before ? true : undefined), 90_000).catch(() => false);
        const count = await fired(new RegExp(named));
        const live = a.services.scheduler.isLive(ref);
        const result = count && ok && live ? 'recovered' : 'FAILED';
        outcomes.push({ flow: 'resp. live', fault: fault.kind, result, fired: count, detail: `live ${live}, ${polls} polls, last ${lastOk ? 'ok' : 'none'}` });
        assert.notEqual(result, 'FAILED');
      } finally {
        watch.dispose();
        await projectCall('POST', `/responses/${created.id}/cancel`);
      }
    });

    it(`response cancel under ${fault.kind}`, async () => {
      const a = await api();
      const created = await projectResponse({ model: 'slow', background: true, input: `cancel under ${fault.kind}` });
      const named = `/responses/${created.id}/cancel$`;
      await addFaults({ ...fault.rule, match: { method: 'POST', path: named } });
      const outcome = await a.services.responses.tryCancel(CONN, created.id);
      await clearFaults();
      const count = await fired(new RegExp(named));
      const service = (await projectCall('GET', `/responses/${created.id}`)) as { status: string };
      const message = outcome.kind === 'accepted' ? '' : outcome.message;
      const result = !count ? 'FAILED' : outcome.kind === 'accepted' && service.status === 'cancelled' ? 'recovered' : outcome.kind === 'failed' && isClear(message) && ['queued', 'in_progress'].includes(service.status) ? 'clear error' : 'FAILED';
      outcomes.push({ flow: 'resp. cancel', fault: fault.kind, result, fired: count, detail: `${outcome.kind}: ${message} (service: ${service.status})` });
      if (result === 'clear error') {
        // Cancel again once the service is well: it works.
        const again = await a.services.responses.tryCancel(CONN, created.id);
        assert.equal(again.kind, 'accepted', again.kind === 'accepted' ? '' : again.message);
      }
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(result, 'FAILED', message);
    });
  }

  // Continue (answering a response's calls): never sent twice, the draft never lost, and
  // an outcome that is true — created, none created, or said to be uncertain.
  for (const fault of faults) {
    it(`continue under ${fault.kind}`, async () => {
      const a = await api();
      const conversation = (await projectCall('POST', '/conversations', {})) as { id: string };
      const created = (await projectCall('POST', '/responses', { model: 'tools', conversation: conversation.id, input: `Weather in Oslo? Order 70? (${fault.kind})` })) as { id: string; output: { type: string; call_id?: string }[] };
      const ids = created.output.filter((i) => i.type === 'function_call').map((i) => i.call_id!);
      const ref = { connectionId: CONN, responseId: created.id };
      const editor = (await vscode.commands.executeCommand('agentRuns.continueResponse', ref)) as vscode.TextEditor;
      assert.ok(editor, 'the continue document opened');
      const request = JSON.parse(editor.document.getText()) as { input: { call_id: string }[] };
      const typed = JSON.stringify({ ...request, input: request.input.map((i) => ({ ...i, output: `answer to ${i.call_id} under ${fault.kind}` })) }, null, 2);
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), typed));
      const named = `/openai/v1/responses$`;
      await addFaults({ ...fault.rule, match: { method: 'POST', path: named } });
      const served = await requestMark();
      const result = await a.services.continueDrafts.continueFromEditor(editor.document.uri, { confirm: false }).catch((error: Error) => ({ kind: 'threw', message: error.message }) as const);
      await clearFaults();
      const count = await fired(new RegExp(named));
      const posts = (await requestsSince(served)).filter((r) => r.method === 'POST' && /\/openai\/v1\/responses$/.test(r.path)).length;
      // The truth at the service: does a response in the conversation carry these answers?
      const truth = await waitFor('the conversation to settle', async () => {
        const list = (await projectCall('GET', `/responses?conversation_id=${conversation.id}`)) as { data: { id: string; status: string }[] };
        if (list.data.some((r) => r.status === 'queued' || r.status === 'in_progress')) return undefined;
        const items = (await projectCall('GET', `/conversations/${conversation.id}/items?limit=100`)) as { data: { type: string; call_id?: string }[] };
        return { answered: items.data.some((i) => i.type === 'function_call_output' && ids.includes(String(i.call_id))) };
      }, 30_000);
      const message = result && 'message' in result ? result.message : '';
      const draftText = await vscode.workspace.fs.readFile(editor.document.uri).then((b) => new TextDecoder().decode(b), () => undefined);
      const draftKept = result?.kind === 'created' || (editor.document.getText() === typed && draftText === typed);
      const sentOnce = posts === 1;
      const kind = result?.kind ?? 'none';
      const honest =
        (kind === 'created' && truth.answered) ||
        (kind === 'received' && truth.answered) ||
        (kind === 'failed' && !truth.answered) ||
        kind === 'uncertain';
      const outcome: Outcome['result'] = !count || !sentOnce || !draftKept || !honest ? 'FAILED' : kind === 'created' ? 'recovered' : isClear(message) ? 'clear error' : 'FAILED';
      outcomes.push({
        flow: 'continue',
        fault: fault.kind,
        result: outcome,
        fired: count,
        detail: `${kind}${kind === 'uncertain' ? ' (said so)' : ''}: ${message} (service: ${truth.answered ? 'answered' : 'not answered'}, ${posts} POST)`,
        draftKept,
      });
      continueOutcomes.push({ fault: fault.kind, kind, posts, answered: truth.answered });
      if (result?.kind !== 'created') await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      assert.ok(count > 0, 'no fault fired');
      assert.notEqual(outcome, 'FAILED', `${kind}: ${message}; ${posts} POST; draft kept ${draftKept}; service answered ${truth.answered}`);
    });
  }

  it('left no promise rejected and kept the host running', async () => {
    const a = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Every run the cases started has settled at the service and is no longer followed,
    // so the work they started is over; one more turn of the event loop lets Node report
    // a rejection nobody handled.
    await waitFor('the runs of the cases to settle', async () => {
      for (const ref of created) {
        if (a.services.scheduler.isLive(ref)) return undefined;
        if (['queued', 'in_progress', 'cancelling'].includes(await serviceStatus(ref))) return undefined;
      }
      return true;
    }, 120_000);
    await new Promise((r) => setImmediate(r));
    const survived = outcomes.filter((o) => o.result !== 'FAILED').length;
    record('faults', {
      cases: outcomes.length,
      fired: outcomes.reduce((n, o) => n + o.fired, 0),
      survived,
      unhandled: unhandled.map((u) => String((u as Error)?.stack ?? u)).slice(0, 10),
      unhandledCount: unhandled.length,
      outcomes,
      continueOutcomes,
      pid: process.pid,
    });
    assert.equal(unhandled.length, 0, `unhandled rejections:\n${unhandled.map((u) => String((u as Error)?.stack ?? u)).join('\n')}`);
    unhandled = [];
  });
});

describe('reliability: invalid webview messages through the panel', function () {
  this.timeout(5 * 60_000);

  it('change nothing', async () => {
    const a = await api();
    const ref = await newRun('asst_tools', 'requires_action');
    const { panel, state } = await openPanel(a, ref, 30_000);
    const ids = state.run?.pendingCalls.map((c) => c.id) ?? [];
    assert.equal(ids.length, 2, 'the run waits for two calls');
    // Output channels show up as documents when they are written to; a log line is not a document opened.
    const documents = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme !== 'output').map((d) => d.uri.toString());
    const tabs = () => vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0);
    /** What one message changed: service writes, clipboard, drafts, documents, tabs; or it did not return. */
    async function send(message: unknown, n: number): Promise<string[]> {
      const sentinel = `reliability clipboard ${n}`;
      await vscode.env.clipboard.writeText(sentinel);
      const before = { served: await requestMark(), drafts: JSON.stringify(panel.buildState().drafts), documents: new Set(documents()), tabs: tabs(), status: await serviceStatus(ref) };
      const settled = await Promise.race([panel.receive(message).then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
      const changes: string[] = [];
      if (!settled) changes.push('the handler did not return within 10 s (a dialog?)');
      const writes = (await requestsSince(before.served)).filter((r) => r.method !== 'GET');
      if (writes.length) changes.push(`service: ${writes.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ')}`);
      if ((await serviceStatus(ref)) !== before.status) changes.push('the run changed status');
      if ((await vscode.env.clipboard.readText()) !== sentinel) changes.push('clipboard');
      if (JSON.stringify(panel.buildState().drafts) !== before.drafts) changes.push('drafts');
      const opened = documents().filter((d) => !before.documents.has(d));
      if (opened.length) changes.push(`documents opened: ${opened.join(', ')}`);
      if (tabs() !== before.tabs) changes.push('tabs opened');
      return changes;
    }
    const messages = invalidWebviewMessages(ids[0], ids[1]);
    const changed: string[] = [];
    for (let i = 0; i < messages.length; i++) {
      const changes = await send(messages[i].message, i);
      if (changes.length) changed.push(`${messages[i].name}: ${changes.join('; ')}`);
    }
    // Controls: two valid messages through the same handler must be seen to change something,
    // or the figure would be blind.
    const controls = [
      { name: 'copy', message: { type: 'copy', text: 'reliability control' }, expect: 'clipboard' },
      { name: 'saveDraft', message: { type: 'saveDraft', toolCallId: ids[0], text: 'reliability control' }, expect: 'drafts' },
    ];
    const seen: string[] = [];
    for (const c of controls) if ((await send(c.message, -1)).includes(c.expect)) seen.push(c.name);
    await panel.receive({ type: 'saveDraft', toolCallId: ids[0], text: '' });
    record('messages', { sent: messages.length, changed, controls: controls.length, controlsSeen: seen });
    await vscode.commands.executeCommand('agentRuns.cancelRun', ref, { confirm: false });
    panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(seen, controls.map((c) => c.name), 'the valid control messages were not seen to change anything');
    assert.deepEqual(changed, []);
  });
});

describe('reliability: credentials stay secret', function () {
  this.timeout(5 * 60_000);

  it('are in no webview HTML, panel state, tree row or error sentence', async () => {
    const a = await api();
    assert.ok(KEY.length > 16 && /^[0-9a-f]{32}$/.test(AZURE_KEY) && /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(TOKEN), 'the session has the three credentials');
    const demo = a.services.connections.get(CONN)!;
    const credentials: { name: string; secret: string; wrong: string; connection: Connection }[] = [
      { name: 'sk- key', secret: KEY, wrong: `${KEY}-wrong`, connection: { ...demo, auth: 'key' } },
      // Azure OpenAI keys go in the api-key header.
      { name: 'Azure key', secret: AZURE_KEY, wrong: [...AZURE_KEY].reverse().join(''), connection: { id: 'azurekey', name: 'Azure key', kind: 'azure-openai', baseUrl: emulatorOrigin(), auth: 'key' } },
      // The token as Entra would send it (Authorization: Bearer); stored as the connection's
      // credential because code-server's Microsoft sign-in cannot be scripted here.
      { name: 'Entra token', secret: TOKEN, wrong: `${TOKEN.slice(0, -4)}AAAA`, connection: { id: 'entratoken', name: 'Entra token', kind: 'azure-agents', baseUrl: demo.baseUrl, apiVersion: 'v1', auth: 'key' } },
    ];
    const surfaces: [string, string][] = [];
    for (const c of credentials) {
      const where = (s: string) => `${c.name}: ${s}`;
      await a.services.connections.save(c.connection, c.secret);
      // A panel that loads (run, steps, messages) through this connection.
      const ref = { connectionId: c.connection.id, threadId: DEMO.threads.mixed, runId: DEMO.runs.requiresAction };
      const loaded = await openPanel(a, ref, 30_000);
      assert.ok(loaded.state.run, `${c.name}: the panel loaded (${loaded.state.error})`);
      surfaces.push([where('webview HTML'), loaded.panel.panel.webview.html], [where('panel state'), JSON.stringify(loaded.panel.buildState())]);
      loaded.panel.dispose();
      // Errors whose text quotes the credential, as some gateways answer: a panel load, a tree load, a cancel, a submission.
      const quoting = { kind: '500', count: 3, quoteCredential: true };
      const fresh = await newRun('asst_tools', 'requires_action', c.connection.id);
      await addFaults({ ...quoting, match: { method: 'GET', path: `/runs/${fresh.runId}$` } });
      const failed = await openPanel(a, fresh);
      await clearFaults();
      surfaces.push([where('panel error'), String(failed.state.error)], [where('panel state after an error'), JSON.stringify(failed.panel.buildState())]);
      await failed.panel.receive({ type: 'refresh' });
      const ids = failed.panel.buildState().run?.pendingCalls.map((p) => p.id) ?? [];
      await addFaults({ ...quoting, match: { method: 'POST', path: `/runs/${fresh.runId}/submit_tool_outputs$` } });
      await failed.panel.receive({ type: 'submitToolOutputs', outputs: ids.map((id) => ({ tool_call_id: id, output: 'x' })) });
      await clearFaults();
      surfaces.push([where('submission error'), JSON.stringify(failed.panel.buildState().submission)]);
      await addFaults({ ...quoting, match: { method: 'POST', path: `/runs/${fresh.runId}/cancel$` } });
      const cancel = await a.services.canceller.cancel(fresh);
      await clearFaults();
      surfaces.push([where('cancel sentence'), cancel.message]);
      failed.panel.dispose();
      await a.services.canceller.cancel(fresh);
      if (c.connection.kind === 'azure-agents') {
        await waitFor(`the ${c.name} connection row`, async () => (await treeChildren(a)).find((r) => r.item.id === `c/${c.connection.id}`));
        const threads = await groupNode(a, 'threads', c.connection.id);
        forget(a.services.store.threadList(c.connection.id));
        await addFaults({ ...quoting, match: { method: 'GET', path: '/threads$' } });
        const rows = await treeChildren(a, threads);
        await clearFaults();
        for (const r of rows) surfaces.push([where('tree row under an error'), `${JSON.stringify(r.item.label)} ${String(r.item.description ?? '')} ${JSON.stringify(r.item.tooltip ?? '')}`]);
        assert.ok(rows.some((r) => r.item.contextValue === 'error'), `${c.name}: the tree showed the error`);
      }
      // A wrong credential: the service refuses it; its errors must not show it either.
      const wrong = { ...c.connection, id: `${c.connection.id}-wrong`, name: `${c.connection.name} (wrong)` };
      await a.services.connections.save(wrong, c.wrong);
      const refused = await openPanel(a, { ...ref, connectionId: wrong.id }, 30_000);
      surfaces.push([where('panel error with a wrong credential'), String(refused.state.error)]);
      refused.panel.dispose();
    }
    for (const s of sentences) surfaces.push(['error sentence of the fault cases', s]);
    const secrets = credentials.flatMap((c) => [c.secret, c.wrong]);
    const leaks = surfaces.filter(([, text]) => secrets.some((s) => text.includes(s)));
    // The quoted errors were seen (redacted): otherwise nothing here could have leaked.
    const quotedSeen = surfaces.filter(([, text]) => text.includes('The gateway rejected the credential')).length;
    record('secrets-host', { surfaces: surfaces.length, quotedSeen, leaks: leaks.map(([w]) => w), credentials: credentials.map((c) => c.name) });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(quotedSeen >= credentials.length * 3, `only ${quotedSeen} errors quoting a credential reached a surface`);
    assert.deepEqual(leaks.map(([w]) => w), []);
  });
});

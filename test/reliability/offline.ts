// The parts of the reliability suite that need no VS Code: invalid tool-output documents
// through the real validation and submission code (the tool-output validator, the
// ToolOutputSubmitter), tolerance of recorded, emulator-made and mutated service bodies
// through the schemas, the tree's row text and the panel's view model and page, and the
// XSS corpus through the panel's page in Chromium, with and without its CSP.
import { shippedValidators } from '../harness/shippedValidators';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunResult, ToolOutput } from '../../src/api/client';
import { messageSchema, parseAs, parsePage, runSchema, runStepSchema, threadSchema, type Message, type Run, type RunStep } from '../../src/api/schemas';
import { validateToolOutputsText, validateToolOutputsValue } from '../../src/model/toolOutputs';
import { validateContinueText } from '../../src/model/continuation';
import { validateForkText } from '../../src/model/forkValidation';
import { fromResponse } from '../../src/model/responses';
import type { ResponseResult } from '../../src/api/responses/calls';
import { parseResponse } from '../../src/api/responses/schemas';
import { ResponseContinuer, type ContinuerStore } from '../../src/store/responseContinuer';
import { buildRunView } from '../../src/panels/viewModel';
import { ToolOutputSubmitter, type SubmitterStore } from '../../src/store/toolOutputSubmitter';
import { describeMessage, describeRun, describeStep, describeThread, describeToolCall } from '../../src/views/describe';
import { DEMO } from '../emulator/demoIds';
import { loadRecorded } from '../emulator/recorded';
import { startEmulator } from '../emulator/server';
import { launchBrowser } from '../harness/browser';
import { startPanelServer, type PanelServer } from '../webview/panelPage';
import { openPanel } from '../bench/pageKit';
import { badExportFiles } from './archives';
import { captureFigures } from './capture';
import { invalidContinueDocuments, invalidForkDocuments, invalidToolOutputDocuments, xssCorpus } from './inputs';
import { responsePanelHostileContent, responsePanelTolerance } from './responsePanel';

export interface Figure {
  name: string;
  line: string;
  /** The figure in a few words, for the README line. */
  short?: string;
  ok: boolean;
  details?: string[];
}

const ref = { connectionId: 'c', threadId: 'thread_1', runId: 'run_1' };

function requiresAction(): Run {
  return {
    id: 'run_1',
    object: 'thread.run',
    thread_id: 'thread_1',
    status: 'requires_action',
    created_at: Math.floor(Date.now() / 1000),
    expires_at: Math.floor(Date.now() / 1000) + 600,
    required_action: {
      type: 'submit_tool_outputs',
      submit_tool_outputs: {
        tool_calls: [
          { id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_B', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"42"}' } },
        ],
      },
    },
  } as Run;
}

/** A store whose service always waits for call_A and call_B; counts what is sent. */
class CountingStore implements SubmitterStore {
  sent: ToolOutput[][] = [];
  private current = requiresAction();
  run(): Run | undefined {
    return this.current;
  }
  async fetchRun(): Promise<RunResult> {
    return { run: this.current, pollAfterMs: undefined };
  }
  putRun(): boolean {
    return true;
  }
  api() {
    return {
      submitToolOutputs: async (_t: string, _r: string, outputs: ToolOutput[]) => {
        this.sent.push(outputs);
        return { ...this.current, status: 'queued', required_action: null } as Run;
      },
    };
  }
}

const pending = [
  { id: 'call_A', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'call_B', name: 'lookup_order', arguments: '{"order_id":"42"}' },
];

/** Every invalid tool-output document: the editor's validator and the submitter must refuse it. */
export async function badToolOutputs(): Promise<Figure> {
  const store = new CountingStore();
  const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 512 * 1024 });
  const wrong: string[] = [];
  let refused = 0;
  const docs = invalidToolOutputDocuments();
  for (const doc of docs) {
    const before = store.sent.length;
    const validation = validateToolOutputsText(doc.text, pending, { maxOutputBytes: 512 * 1024 });
    const flagged = validation.outputs === undefined && validation.problems.some((p) => p.severity === 'error');
    // The editor's path: the document is validated, and only a valid one reaches the submitter.
    let value: unknown = doc.text;
    let parses = true;
    try {
      value = JSON.parse(doc.text);
    } catch {
      parses = false;
    }
    const result = flagged ? undefined : await submitter.submit(ref, value, { source: 'editor' });
    // Defence in depth: whatever JSON.parse makes of it, if that is not valid the submitter refuses it too.
    const valueInvalid = parses && validateToolOutputsValue(value, pending, { maxOutputBytes: 512 * 1024 }).problems.some((p) => p.severity === 'error');
    const direct = valueInvalid || !parses ? await submitter.submit(ref, value, { source: 'panel' }) : undefined;
    const sent = store.sent.length > before;
    if (flagged && !sent && !direct?.ok) refused++;
    else wrong.push(`${doc.name}: validator ${flagged ? 'refused' : 'ACCEPTED'}${result?.ok ? ', submitter accepted' : ''}${direct?.ok ? ', submitter accepted the parsed value' : ''}${sent ? ', SENT' : ''}`);
    for (const r of [result, direct]) if (r && !r.ok && (!r.message || /\n\s+at /.test(r.message))) wrong.push(`${doc.name}: no clear sentence (${r.message})`);
  }
  const sent = store.sent.length;
  return {
    name: 'bad input: tool-output documents',
    line: `bad input (tool-output documents): ${docs.length} tried, ${refused} refused, ${sent} wrongly sent`,
    ok: sent === 0 && refused === docs.length,
    details: wrong,
  };
}

/** The Responses family's store, for the continuer: a response waiting for three answers; counts what would be created. */
class ContinueStore implements ContinuerStore {
  readonly created: Record<string, unknown>[] = [];
  readonly original = parseResponse({
    id: 'resp_R',
    object: 'response',
    status: 'completed',
    created_at: 1_700_000_000,
    model: 'gpt-4.1',
    output: [
      { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_A', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_C', name: 'run_sql', input: 'select 1' },
      { id: 'mcpr_1', type: 'mcp_approval_request', server_label: 'dmcp', name: 'roll', arguments: '{"d":"2d4"}' },
    ],
  });
  private readonly model = fromResponse({ response: this.original, later: { seen: 'everything', source: 'conversation', items: [] } });
  response = () => this.original;
  fetchResponse = async (): Promise<ResponseResult> => ({ response: this.original, pollAfterMs: undefined });
  reloadLater = async () => undefined;
  run = () => this.model;
  continuations = () => [];
  createdAfter = async () => undefined;
  connectionName = () => 'offline';
  create = async (_connectionId: string, body: Record<string, unknown>) => {
    this.created.push(body);
    return this.original;
  };
}

/** Every invalid continue document: the editor's validator and the continuer must refuse it, sending nothing. */
export async function badContinueDocuments(): Promise<Figure> {
  const store = new ContinueStore();
  const continuer = new ResponseContinuer({ store });
  const ref = { connectionId: 'offline', responseId: 'resp_R' };
  const pendingNow = store.run().pending;
  if (pendingNow.length !== 3) throw new Error(`the offline response should wait for 3 answers, not ${pendingNow.length}`);
  const wrong: string[] = [];
  let refused = 0;
  let asked = 0;
  const docs = invalidContinueDocuments();
  for (const doc of docs) {
    const before = store.created.length;
    const flagged = validateContinueText(doc.text, pendingNow).problems.some((p) => p.severity === 'error');
    const result = await continuer.submit(ref, doc.text, {
      source: 'editor',
      confirm: async () => {
        asked++;
        return true;
      },
    });
    const sent = store.created.length > before;
    if (flagged && !sent && (result.kind === 'invalid' || result.kind === 'refused')) refused++;
    else wrong.push(`${doc.name}: validator ${flagged ? 'refused' : 'ACCEPTED'}, continuer ${result.kind}${sent ? ', SENT' : ''}`);
    if ('message' in result && (!result.message || /\n\s+at |undefined|\[object /.test(result.message))) wrong.push(`${doc.name}: no clear sentence (${result.message})`);
  }
  // The control: the same response answered properly is sent, once.
  const good = JSON.stringify({ input: [{ type: 'function_call_output', call_id: 'call_A', output: '21 °C' }, { type: 'custom_tool_call_output', call_id: 'call_C', output: '1' }, { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true }], model: 'gpt-4.1', previous_response_id: 'resp_R' });
  const control = await continuer.submit(ref, good, { source: 'editor', confirm: async () => true });
  if (control.kind !== 'created' || store.created.length !== 1) wrong.push(`control: a valid document was not sent once (${control.kind}, ${store.created.length} sent)`);
  const sent = store.created.length - (control.kind === 'created' ? 1 : 0);
  return {
    name: 'bad input: continue documents',
    line: `bad input (continue documents): ${docs.length} tried, ${refused} refused, ${sent} wrongly sent, ${asked} reached the question; a valid one sent once`,
    ok: sent === 0 && refused === docs.length && asked === 0 && wrong.length === 0,
    details: wrong,
  };
}

/**
 * Every invalid fork document through the validators the extension ships (compiled from
 * the schemas at build time, as the bundle does) and the checks a schema cannot make: each
 * must be refused with a sentence. The send path sends only a document they accept.
 */
export async function badForkDocuments(): Promise<Figure> {
  const shipped = await shippedValidators<Record<'responses' | 'assistants', Parameters<typeof validateForkText>[2]>>('fork');
  const wrong: string[] = [];
  let refused = 0;
  const docs = invalidForkDocuments();
  for (const doc of docs) {
    const result = validateForkText(doc.text, doc.family, shipped[doc.family]);
    const errors = result.problems.filter((p) => p.severity === 'error');
    if (!result.document && errors.length) refused++;
    else wrong.push(`${doc.name}: ACCEPTED`);
    for (const p of errors) if (!p.message || /undefined|\[object |must match/.test(p.message)) wrong.push(`${doc.name}: no clear sentence (${p.message})`);
  }
  // The control: a valid document of each family is accepted.
  const good = { model: 'gpt-4.1', input: [{ role: 'user', content: 'hi' }] };
  if (!validateForkText(JSON.stringify({ replay_tool_results: true, request: good }), 'responses', shipped.responses).document) wrong.push('control: a valid response fork was refused');
  const run = { assistant_id: 'asst_1', thread: { messages: [{ role: 'user', content: 'hi' }] } };
  if (!validateForkText(JSON.stringify({ replay_tool_results: false, request: run }), 'assistants', shipped.assistants).document) wrong.push('control: a valid run fork was refused');
  return {
    name: 'bad input: fork documents',
    line: `bad input (fork documents): ${docs.length} tried, ${refused} refused with a sentence, ${docs.length - refused} accepted; a valid one of each family accepted`,
    short: `${docs.length} tried, ${refused} refused, ${docs.length - refused} accepted`,
    ok: refused === docs.length && wrong.length === 0,
    details: wrong,
  };
}

// ── tolerance ────────────────────────────────────────────────────────────────

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Kind = 'run' | 'step' | 'message' | 'thread';

function kindOf(body: Json): Kind | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const object = body.object;
  if (object === 'thread.run') return 'run';
  if (object === 'thread.run.step') return 'step';
  if (object === 'thread.message') return 'message';
  if (object === 'thread') return 'thread';
  if (typeof object === 'string') return undefined; // e.g. thread.deleted
  const id = typeof body.id === 'string' ? body.id : '';
  if (id.startsWith('run_')) return 'run';
  if (id.startsWith('step_')) return 'step';
  if (id.startsWith('msg_')) return 'message';
  if (id.startsWith('thread_')) return 'thread';
  return undefined;
}

/** Keys the tolerant schemas require; every other key may be missing or null. */
const required: Record<Kind, string[]> = {
  run: ['id', 'thread_id', 'status'],
  step: ['id', 'run_id', 'thread_id', 'type', 'status', 'step_details'],
  message: ['id', 'thread_id', 'role', 'content'],
  thread: ['id'],
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Sets `value` at every path where `match` says so (deep). */
function each(value: Json, visit: (obj: { [k: string]: Json }, key: string) => void): void {
  if (Array.isArray(value)) value.forEach((v) => each(v, visit));
  else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      visit(value, key);
      each(value[key], visit);
    }
  }
}

const enumKeys = new Set(['status', 'role', 'type', 'reason', 'code']);

/** The generated variants of one body. */
export function mutations(body: Json, kind: Kind): { name: string; body: Json }[] {
  const out: { name: string; body: Json }[] = [];
  const obj = body as { [k: string]: Json };
  for (const key of Object.keys(obj)) {
    if (required[kind].includes(key)) continue;
    const missing = clone(obj);
    delete missing[key];
    out.push({ name: `missing ${key}`, body: missing });
    const nulled = clone(obj);
    nulled[key] = null;
    out.push({ name: `${key}: null`, body: nulled });
  }
  // Unknown enum values, everywhere (top level and nested: step and tool kinds, content and annotation types…).
  const paths: string[] = [];
  let n = 0;
  each(obj, (o, key) => {
    if (enumKeys.has(key) && typeof o[key] === 'string') paths.push(`${n++}:${key}`);
  });
  for (let i = 0; i < paths.length; i++) {
    const copy = clone(obj);
    let k = 0;
    each(copy, (o, key) => {
      if (enumKeys.has(key) && typeof o[key] === 'string') {
        if (k === i) o[key] = `future_${key}_kind`;
        k++;
      }
    });
    out.push({ name: `unknown ${paths[i].split(':')[1]} value #${i}`, body: copy });
  }
  // Nested nulls: every nested non-required field set to null.
  const nested = clone(obj);
  each(nested, (o, key) => {
    if (o !== nested && !['id', 'type'].includes(key)) o[key] = null;
  });
  out.push({ name: 'nested fields null', body: nested });
  // Extra fields in every object.
  const extra = clone(obj);
  each(extra, (o) => {
    o.x_future_field = { nested: [1, 'two', null] };
  });
  (extra as { [k: string]: Json }).x_future_field = { nested: [1, 'two', null] };
  out.push({ name: 'extra fields everywhere', body: extra });
  if (kind === 'step') {
    const unknownStep = clone(obj);
    unknownStep.type = 'reasoning';
    unknownStep.step_details = { type: 'reasoning', reasoning: { summary: 'thinking', tokens: 12 } };
    out.push({ name: 'unknown step kind', body: unknownStep });
    const unknownTool = clone(obj);
    unknownTool.type = 'tool_calls';
    unknownTool.step_details = { type: 'tool_calls', tool_calls: [{ id: 'call_x', type: 'mcp', mcp: { server: 's', output: 'o' } }, { id: 'call_y', type: 'bing_grounding', bing_grounding: { requesturl: 'https://x' } }] };
    out.push({ name: 'unknown tool kinds', body: unknownTool });
  }
  return out;
}

const schemaOf = { run: runSchema, step: runStepSchema, message: messageSchema, thread: threadSchema } as const;

interface Bodies {
  runs: Run[];
  steps: RunStep[];
  messages: Message[];
  raw: { source: string; kind: Kind; body: Json }[];
}

/** Every object body: recorded ones (lists unpacked) and the emulator's demo objects (both flavours). */
async function collectBodies(): Promise<{ raw: Bodies['raw']; recordedCount: number; demoCount: number; listErrors: string[] }> {
  const raw: Bodies['raw'] = [];
  const listErrors: string[] = [];
  let recordedCount = 0;
  for (const r of loadRecorded()) {
    if (r.status >= 400 || !r.body) continue;
    recordedCount++;
    const body = r.body as Json & { data?: Json[] };
    if (Array.isArray((body as { data?: unknown }).data)) {
      const kind = kindOf(((body as { data: Json[] }).data[0] ?? null) as Json);
      if (kind && kind !== 'thread') {
        try {
          parsePage(schemaOf[kind] as never, kind, body);
        } catch (e) {
          listErrors.push(`${r.folder}/${r.file}: ${(e as Error).message}`);
        }
      }
      for (const item of (body as { data: Json[] }).data) {
        const k = kindOf(item);
        if (k) raw.push({ source: `${r.folder}/${r.file}`, kind: k, body: item });
      }
    } else {
      const k = kindOf(body);
      if (k) raw.push({ source: `${r.folder}/${r.file}`, kind: k, body });
    }
  }
  let demoCount = 0;
  const emulator = await startEmulator({ mode: 'openai', seed: 'demo' });
  try {
    for (const base of [emulator.urls.openai, emulator.urls.azure]) {
      const q = base.includes('/api/projects/') ? 'api-version=v1&' : '';
      const get = async (p: string) => (await fetch(`${base}${p}${p.includes('?') ? '&' : '?'}${q}limit=100`)).json() as Promise<{ data: Json[] }>;
      for (const threadId of [DEMO.threads.mixed, DEMO.threads.hostile, DEMO.threads.unicode, DEMO.threads.inProgress, DEMO.threads.cancelling, DEMO.threads.queued]) {
        const thread = (await (await fetch(`${base}/threads/${threadId}${q ? `?${q.slice(0, -1)}` : ''}`)).json()) as Json;
        raw.push({ source: `demo ${threadId}`, kind: 'thread', body: thread });
        for (const run of (await get(`/threads/${threadId}/runs`)).data) {
          raw.push({ source: `demo ${threadId}`, kind: 'run', body: run });
          const runId = (run as { id: string }).id;
          const include = `include[]=${encodeURIComponent('step_details.tool_calls[*].file_search.results[*].content')}`;
          for (const step of (await get(`/threads/${threadId}/runs/${runId}/steps?${include}`)).data) raw.push({ source: `demo ${runId}`, kind: 'step', body: step });
        }
        for (const message of (await get(`/threads/${threadId}/messages`)).data) raw.push({ source: `demo ${threadId}`, kind: 'message', body: message });
      }
    }
    demoCount = raw.filter((r) => r.source.startsWith('demo')).length;
  } finally {
    await emulator.close();
  }
  return { raw, recordedCount, demoCount, listErrors };
}

/** Parses, describes (tree rows) and builds the panel view of one body; returns the error, if any. */
function exercise(kind: Kind, body: Json, base: { run: Run; steps: RunStep[]; messages: Message[] }): { error?: string; view?: unknown } {
  try {
    const now = Date.now();
    switch (kind) {
      case 'run': {
        const run = parseAs(runSchema, 'run', body);
        describeRun(run, now);
        return { view: buildRunView({ run, steps: base.steps, messages: base.messages, nowMs: now }) };
      }
      case 'step': {
        const step = parseAs(runStepSchema, 'run step', body);
        describeStep(step, now);
        if (step.step_details?.type === 'tool_calls') for (const call of step.step_details.tool_calls ?? []) describeToolCall(call, false);
        return { view: buildRunView({ run: base.run, steps: [step], messages: base.messages, nowMs: now }) };
      }
      case 'message': {
        const message = parseAs(messageSchema, 'message', body);
        describeMessage(message, now);
        return { view: buildRunView({ run: base.run, steps: base.steps, messages: [message], nowMs: now }) };
      }
      case 'thread': {
        const thread = parseAs(threadSchema, 'thread', body);
        describeThread(thread.id, thread, 'preview', false, now);
        return {};
      }
    }
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const panelState = (view: unknown) => ({
  ref: { connectionId: 'demo', threadId: 'thread_1', runId: 'run_1' },
  connectionName: 'Reliability',
  loading: false,
  error: null,
  live: false,
  updatedAt: Date.now(),
  run: view,
  drafts: {},
  submission: { state: 'idle' },
});

/** Opens every step of the page (their bodies are built lazily) and waits a frame. */
export const openAll = `(async () => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  await new Promise((r) => setTimeout(r, 0));
  return document.querySelectorAll('details').length;
})()`;

export async function tolerance(browser: Browser): Promise<Figure> {
  const { raw, recordedCount, demoCount, listErrors } = await collectBodies();
  const first = <K extends Kind>(k: K) => raw.find((r) => r.kind === k && !r.source.startsWith('demo'))?.body ?? raw.find((r) => r.kind === k)!.body;
  const base = {
    run: parseAs(runSchema, 'run', first('run')),
    steps: [parseAs(runStepSchema, 'run step', first('step'))],
    messages: [parseAs(messageSchema, 'message', first('message'))],
  };
  const failures: string[] = [...listErrors];
  const views: { name: string; view: unknown }[] = [];
  // Recorded service bodies and the emulator's own are counted apart: only the first are the service's word.
  const tally = { recorded: { bodies: 0, mutated: 0, exceptions: listErrors.length }, emulator: { bodies: 0, mutated: 0, exceptions: 0 } };
  let mutated = 0;
  for (const r of raw) {
    const t = r.source.startsWith('demo') ? tally.emulator : tally.recorded;
    t.bodies++;
    const o = exercise(r.kind, r.body, base);
    if (o.error) {
      t.exceptions++;
      failures.push(`${r.source} (${r.kind}): ${o.error}`);
    } else if (o.view) views.push({ name: `${r.source} ${r.kind}`, view: o.view });
    for (const m of mutations(r.body, r.kind)) {
      mutated++;
      t.mutated++;
      const res = exercise(r.kind, m.body, base);
      if (res.error) t.exceptions++;
      if (res.error) failures.push(`${r.source} (${r.kind}) ${m.name}: ${res.error}`);
      else if (res.view && (mutated % 7 === 0 || /unknown|null|extra/.test(m.name))) views.push({ name: `${r.source} ${r.kind} ${m.name}`, view: res.view });
    }
  }
  // The views in the panel's page: rendered without an uncaught error, a dropped message or a console error.
  const server = await startPanelServer();
  let rendered = 0;
  try {
    const panel = await openPanel(browser, server);
    const warnings = panel.warnings;
    for (const { name, view } of views) {
      const errorsBefore = panel.consoleErrors.length;
      const warningsBefore = warnings.length;
      await panel.post({ type: 'state', state: panelState(view) });
      await panel.page.evaluate(openAll);
      rendered++;
      if (panel.consoleErrors.length > errorsBefore) failures.push(`${name}: the page: ${panel.consoleErrors.slice(errorsBefore).join(' | ')}`);
      if (warnings.length > warningsBefore) failures.push(`${name}: the page dropped the state: ${warnings.slice(warningsBefore).join(' | ')}`);
    }
    await panel.close();
  } finally {
    await server.close();
  }
  return {
    name: 'tolerance',
    line: `tolerance: ${tally.recorded.bodies} recorded service bodies (unpacked from ${recordedCount} recorded answers) and ${tally.emulator.bodies} emulator-made bodies (${demoCount} demo objects, both flavours), with ${tally.recorded.mutated} and ${tally.emulator.mutated} mutations of them, parsed, described and built; ${rendered} views rendered in the page; exceptions: ${tally.recorded.exceptions} on recorded bodies, ${tally.emulator.exceptions} on emulator-made ones (${failures.length} in all); the recorded Responses and Conversations bodies are in the Responses tolerance figure`,
    short: `${tally.recorded.bodies} recorded and ${tally.emulator.bodies} emulator-made bodies and ${mutated} mutations, ${failures.length} exceptions`,
    ok: failures.length === 0,
    details: failures,
  };
}

// ── hostile content ──────────────────────────────────────────────────────────

/** A run, its steps and messages with `payload` in every text the panel shows, as the service would send them. */
function hostileObjects(payload: string, i: number): { run: Json; steps: Json[]; messages: Json[] } {
  const now = Math.floor(Date.now() / 1000);
  const run = {
    id: `run_xss${i}`,
    object: 'thread.run',
    thread_id: 'thread_xss',
    assistant_id: payload,
    status: 'requires_action',
    model: payload,
    instructions: payload,
    created_at: now - 60,
    started_at: now - 59,
    expires_at: now + 600,
    last_error: { code: payload, message: payload },
    incomplete_details: { reason: payload },
    metadata: { [payload.slice(0, 60)]: payload },
    tools: [{ type: 'function', function: { name: payload, description: payload, parameters: { type: 'object', description: payload } } }],
    required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: payload, arguments: JSON.stringify({ q: payload }) } }] } },
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
  const step = (type: string, details: Json, n: number) => ({
    id: `step_xss${i}_${n}`,
    object: 'thread.run.step',
    run_id: run.id,
    thread_id: run.thread_id,
    assistant_id: payload,
    type,
    status: n === 0 ? 'failed' : 'completed',
    created_at: now - 50 + n,
    completed_at: now - 40 + n,
    last_error: n === 0 ? { code: payload, message: payload } : null,
    step_details: details,
    usage: null,
  });
  const steps = [
    step('tool_calls', { type: 'tool_calls', tool_calls: [{ id: `call_f${i}`, type: 'function', function: { name: payload, arguments: payload, output: payload } }] }, 0),
    step('tool_calls', { type: 'tool_calls', tool_calls: [{ id: `call_c${i}`, type: 'code_interpreter', code_interpreter: { input: payload, outputs: [{ type: 'logs', logs: payload }, { type: 'image', image: { file_id: payload } }] } }] }, 1),
    step('tool_calls', { type: 'tool_calls', tool_calls: [{ id: `call_s${i}`, type: 'file_search', file_search: { ranking_options: { ranker: payload, score_threshold: 0 }, results: [{ file_id: payload, file_name: payload, score: 0.5, content: [{ type: 'text', text: payload }] }] } }] }, 2),
    step('tool_calls', { type: 'tool_calls', tool_calls: [{ id: `call_u${i}`, type: payload, [payload]: { anything: payload } }] }, 3),
    step(payload, { type: payload, detail: payload }, 4),
    step('message_creation', { type: 'message_creation', message_creation: { message_id: `msg_xss${i}` } }, 5),
  ];
  const messages = [
    {
      id: `msg_xss${i}`,
      object: 'thread.message',
      thread_id: run.thread_id,
      run_id: run.id,
      assistant_id: payload,
      role: 'assistant',
      created_at: now - 30,
      metadata: { note: payload },
      attachments: [{ file_id: payload, tools: [{ type: 'file_search' }] }],
      content: [
        { type: 'text', text: { value: `${payload} [link](${payload}) ${payload}`, annotations: [{ type: 'file_citation', text: payload, start_index: 0, end_index: 5, file_citation: { file_id: payload, quote: payload } }, { type: 'url_citation', text: payload, url_citation: { url: payload, title: payload } }] } },
        { type: 'image_url', image_url: { url: payload } },
        { type: 'image_file', image_file: { file_id: payload } },
        { type: payload, [payload]: payload },
      ],
    },
  ];
  return { run, steps, messages } as { run: Json; steps: Json[]; messages: Json[] };
}

/**
 * Installed before the page's own script: counts calls of __xss/alert/confirm/prompt,
 * marks every element the page's code creates (document.createElement), and records
 * CSP violations. Whatever else appears in the page came from parsing data as HTML.
 */
export const hostilePageStub = `(() => {
  window.__name = window.__name || ((f) => f);
  window.__posted = [];
  window.__xssCount = 0;
  window.__xss = () => { window.__xssCount += 1; };
  window.alert = window.confirm = window.prompt = window.__xss;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  const ours = new WeakSet();
  window.__ours = ours;
  for (const name of ['createElement', 'createElementNS']) {
    const original = Document.prototype[name];
    Document.prototype[name] = function (...args) { const el = original.apply(this, args); ours.add(el); return el; };
  }
  const acquire = () => Object.freeze({
    postMessage: (message) => void window.__posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => undefined,
    setState: (state) => state,
  });
  let acquired = false;
  window.acquireVsCodeApi = () => { if (acquired) throw new Error('acquireVsCodeApi() was called twice'); acquired = true; return acquire(); };
})()`;

/** What the page's code sets: attribute names, and the only inline styles (timeline bars, long lists' spacers). */
const ourAttributes = new Set(['class', 'id', 'title', 'role', 'tabindex', 'aria-label', 'aria-hidden', 'aria-busy', 'aria-expanded', 'aria-pressed', 'aria-posinset', 'aria-setsize', 'maxlength', 'hidden', 'dir', 'open', 'type', 'disabled', 'for', 'style', 'rows', 'spellcheck', 'placeholder', 'readonly', 'data-focus', 'data-step-index', 'data-item-index', 'data-expires-at']);
const ourStyle = /^((left|width): -?[\d.]+%;\s*)+$|^height: [\d.]+px;$/;

/**
 * In the page: every element, attribute, style and URL our code did not create (elements
 * present before the first state are the HTML shell's), and the places service text
 * sits in (text nodes and attribute values that contain the payload's call).
 */
export const inspectPage = `(() => {
  const foreign = [];
  let places = 0;
  for (const el of document.querySelectorAll('*')) {
    if (window.__shell.has(el)) continue;
    const tag = el.tagName.toLowerCase();
    if (!window.__ours.has(el)) foreign.push('element <' + tag + '>');
    for (const attr of el.attributes) {
      if (attr.value.includes('xss(')) places++;
      if (!${JSON.stringify([...ourAttributes])}.includes(attr.name)) foreign.push('attribute ' + attr.name + ' on <' + tag + '>');
      else if (attr.name === 'style' && !${ourStyle}.test(attr.value.trim())) foreign.push('style "' + attr.value.slice(0, 60) + '"');
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.data.includes('xss(')) places++;
  return { foreign, places, executed: window.__xssCount, csp: window.__cspViolations };
})()`;

export interface HostilePass {
  /** Elements, attributes, styles and requested URLs our code did not create. */
  foreign: string[];
  places: number;
  executed: number;
  csp: string[];
  errors: string[];
}

/** Renders one payload everywhere the panel shows service text, every section and raw JSON view open. */
async function renderHostile(browser: Browser, server: PanelServer, payload: string, i: number, withCsp: boolean): Promise<HostilePass> {
  // Tall enough for every row of the lists to be drawn (the page draws only rows near the viewport).
  const page = await browser.newPage({ viewport: { width: 1000, height: 30_000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|Content Security Policy/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  // Our code loads only the page, its script and the extension's css and fonts.
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!(url.origin === server.origin && (url.pathname === '/' || /^\/(dist|media)\//.test(url.pathname)))) requests.push(r.url().slice(0, 80));
  });
  try {
    if (!withCsp) {
      const html = server.html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      if (html === server.html) throw new Error('the page has no CSP meta element to remove');
      await page.route(`${server.origin}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    }
    await page.addInitScript(hostilePageStub);
    await page.goto(server.origin + '/');
    await page.waitForFunction('window.__posted.length > 0', undefined, { timeout: 10_000 });
    await page.evaluate('window.__shell = new WeakSet(document.querySelectorAll("*"))');
    const post = (message: unknown) => page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    const objects = hostileObjects(payload, i);
    const view = buildRunView({
      run: parseAs(runSchema, 'run', objects.run),
      steps: objects.steps.map((s) => parseAs(runStepSchema, 'run step', s)),
      messages: objects.messages.map((m) => parseAs(messageSchema, 'message', m)),
    });
    await post({ type: 'state', state: panelState(view) });
    // Open everything; answer each raw-JSON request with the object it names, as the extension does.
    const byId = new Map<string, Json>([[`run:${(objects.run as { id: string }).id}`, objects.run], ...objects.steps.map((s) => [`step:${(s as { id: string }).id}`, s] as [string, Json]), ...objects.messages.map((m) => [`message:${(m as { id: string }).id}`, m] as [string, Json])]);
    let answered = 0;
    for (let round = 0; round < 3; round++) {
      await page.evaluate(openAll);
      const posted = (await page.evaluate('window.__posted')) as { type: string; target?: { kind: string; id: string } }[];
      for (const m of posted.filter((p) => p.type === 'getJson').slice(answered)) {
        const object = byId.get(`${m.target!.kind}:${m.target!.id}`);
        await post({ type: 'json', target: m.target, text: object === undefined ? null : JSON.stringify(object, null, 2), error: object === undefined ? payload : null });
        answered++;
      }
    }
    // The page's Raw JSON section holds the run itself; a step's or message's JSON opens in an editor tab.
    if (answered < 1) errors.push('the run\'s raw JSON view was not asked for');
    await post({ type: 'submission', submission: { state: 'error', message: payload, problems: [{ toolCallId: `call_${i}`, message: payload }] } });
    await page.evaluate(openAll);
    const inspected = (await page.evaluate(inspectPage)) as Omit<HostilePass, 'errors'>;
    // The error state replaces the run: its places are counted too.
    await post({ type: 'state', state: { ...panelState(null), error: payload } });
    await page.evaluate('new Promise((r) => setTimeout(r, 50))');
    const errorState = (await page.evaluate(inspectPage)) as Omit<HostilePass, 'errors'>;
    return {
      foreign: [...new Set([...inspected.foreign, ...errorState.foreign, ...requests.map((r) => `request ${r}`)])],
      places: inspected.places + errorState.places,
      executed: errorState.executed,
      csp: errorState.csp,
      errors,
    };
  } finally {
    await page.close();
  }
}

export async function hostileContent(browser: Browser): Promise<Figure> {
  const server = await startPanelServer();
  const failures: string[] = [];
  let placesWithout = 0;
  let placesWith = 0;
  let letThrough = 0;
  let executed = 0;
  let violations = 0;
  try {
    for (let i = 0; i < xssCorpus.length; i++) {
      const payload = xssCorpus[i];
      // What our code lets through: the page without its CSP.
      const bare = await renderHostile(browser, server, payload, i, false);
      placesWithout += bare.places;
      executed += bare.executed;
      if (bare.foreign.length || bare.executed) {
        letThrough++;
        failures.push(`payload ${i} (${payload}) without the CSP: ${bare.executed} executed; ${bare.foreign.slice(0, 6).join(', ')}`);
      }
      // The page as shipped: its CSP must never have to block anything.
      const shipped = await renderHostile(browser, server, payload, i, true);
      placesWith += shipped.places;
      violations += shipped.csp.length;
      if (shipped.csp.length) failures.push(`payload ${i} with the CSP: ${shipped.csp.length} violation(s): ${shipped.csp.slice(0, 3).join(', ')}`);
      for (const e of [...bare.errors, ...shipped.errors]) failures.push(`payload ${i}: ${e}`);
      if (!bare.places) failures.push(`payload ${i}: found in no place of the page, so nothing was tested`);
    }
  } finally {
    await server.close();
  }
  return {
    name: 'hostile content',
    line: `hostile content: ${xssCorpus.length} XSS payloads, each in every text of a run, its steps, messages, its raw JSON view and errors (${placesWithout} places in the rendered pages: text nodes and attribute values holding one); with the CSP removed, ${letThrough} produced an element, attribute, style or URL our code did not create (${executed} executed); with the CSP, ${violations} CSP violations`,
    short: `${xssCorpus.length} payloads in ${placesWithout} places of the page; ${letThrough} let through with the CSP removed, ${violations} CSP violations`,
    ok: letThrough === 0 && violations === 0 && failures.length === 0 && placesWith === placesWithout,
    details: placesWith === placesWithout ? failures : [...failures, `the two passes found ${placesWithout} and ${placesWith} places`],
  };
}

export async function offlineFigures(): Promise<Figure[]> {
  const figures = [await badToolOutputs(), await badContinueDocuments(), await badForkDocuments(), await badExportFiles(), ...(await captureFigures())];
  const browser = await launchBrowser();
  try {
    figures.push(await tolerance(browser));
    figures.push(await hostileContent(browser));
    figures.push(await responsePanelTolerance(browser));
    figures.push(await responsePanelHostileContent(browser));
  } finally {
    await browser.close();
  }
  return figures;
}

// Run alone: `tsx test/reliability/offline.ts` (or `npm run test:reliability -- --offline`).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  void offlineFigures().then((figures) => {
    for (const f of figures) {
      console.log(`${f.ok ? '✔' : '✘'} ${f.line}`);
      for (const d of (f.details ?? []).slice(0, 30)) console.log(`    ${d}`);
    }
    fs.writeFileSync('/dev/null', '');
  });
}

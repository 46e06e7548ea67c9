// The parts of the reliability suite that need no VS Code: bad input through the real
// validation and submission code (the tool-output validator, the ToolOutputSubmitter,
// the webview message gate and link policy), tolerance of real and mutated service
// bodies through the schemas, the tree's row text and the panel's view model and page,
// and the XSS corpus through the panel's page in Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunResult, ToolOutput } from '../../src/api/client';
import { messageSchema, parseAs, parsePage, runSchema, runStepSchema, threadSchema, type Message, type Run, type RunStep } from '../../src/api/schemas';
import { validateToolOutputsText, validateToolOutputsValue } from '../../src/editors/toolOutputsValidation';
import { checkExternalLink } from '../../src/panels/links';
import { buildRunView } from '../../src/panels/viewModel';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { ToolOutputSubmitter, type SubmitterStore } from '../../src/store/toolOutputSubmitter';
import { describeMessage, describeRun, describeStep, describeThread, describeToolCall } from '../../src/views/describe';
import { DEMO } from '../emulator/demoIds';
import { loadRecorded } from '../emulator/recorded';
import { startEmulator } from '../emulator/server';
import { launchBrowser } from '../harness/browser';
import { startPanelServer } from '../webview/panelPage';
import { openPanel } from '../bench/pageKit';
import { invalidToolOutputDocuments, invalidWebviewMessages, xssCorpus } from './inputs';

export interface Figure {
  name: string;
  line: string;
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

/** Every invalid webview message: the gate refuses it, or what it asks for is refused further in. */
export async function badWebviewMessages(): Promise<Figure> {
  const store = new CountingStore();
  const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 512 * 1024 });
  const messages = invalidWebviewMessages();
  const wrong: string[] = [];
  let refused = 0;
  let opened = 0;
  for (const { name, message } of messages) {
    const before = store.sent.length;
    const parsed = parseWebviewMessage(message);
    if (!parsed.ok) {
      refused++;
      continue;
    }
    const m = parsed.value;
    if (m.type === 'submitToolOutputs') {
      const result = await submitter.submit(ref, { tool_outputs: m.outputs }, { source: 'panel' });
      if (!result.ok && store.sent.length === before) refused++;
      else wrong.push(`${name}: submitted`);
    } else if (m.type === 'openLink') {
      const check = checkExternalLink(m.url);
      if (!check.ok) refused++;
      else {
        opened++;
        wrong.push(`${name}: would open ${check.url}`);
      }
    } else wrong.push(`${name}: accepted as ${m.type}`);
  }
  const sent = store.sent.length + opened;
  return {
    name: 'bad input: webview messages',
    line: `bad input (webview messages): ${messages.length} tried, ${refused} refused, ${sent} wrongly sent or opened`,
    ok: sent === 0 && refused === messages.length,
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
const openAll = `(async () => {
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
  let originals = 0;
  let mutated = 0;
  for (const r of raw) {
    originals++;
    const o = exercise(r.kind, r.body, base);
    if (o.error) failures.push(`${r.source} (${r.kind}): ${o.error}`);
    else if (o.view) views.push({ name: `${r.source} ${r.kind}`, view: o.view });
    for (const m of mutations(r.body, r.kind)) {
      mutated++;
      const res = exercise(r.kind, m.body, base);
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
    line: `tolerance: ${originals} bodies (${recordedCount} recorded answers unpacked, ${demoCount} demo objects) and ${mutated} mutated bodies parsed, described and built; ${rendered} views rendered in the page; ${failures.length} exceptions`,
    ok: failures.length === 0,
    details: failures,
  };
}

// ── hostile content ──────────────────────────────────────────────────────────

/** A run, steps and messages with `payload` in every text the panel shows. */
function hostileRunView(payload: string, i: number): unknown {
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
  const step = (type: string, details: unknown, n: number) => ({
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
  return buildRunView({
    run: parseAs(runSchema, 'run', run),
    steps: steps.map((s) => parseAs(runStepSchema, 'run step', s)),
    messages: messages.map((m) => parseAs(messageSchema, 'message', m)),
  });
}

export async function hostileContent(browser: Browser): Promise<Figure> {
  const server = await startPanelServer();
  const failures: string[] = [];
  let executed = 0;
  let cspBlocked = 0;
  let placements = 0;
  try {
    for (let i = 0; i < xssCorpus.length; i++) {
      const payload = xssCorpus[i];
      const panel = await openPanel(browser, server);
      // Before any service text reaches the page: count every call of __xss/alert/confirm/prompt.
      await panel.page.evaluate(`(() => {
        window.__xssCount = 0;
        window.__xss = () => { window.__xssCount += 1; };
        window.alert = window.confirm = window.prompt = window.__xss;
      })()`);
      const view = hostileRunView(payload, i);
      placements += JSON.stringify(view).split(JSON.stringify(payload).slice(1, -1)).length - 1;
      await panel.post({ type: 'state', state: panelState(view) });
      await panel.page.evaluate(openAll);
      // Raw JSON views of every object, as the extension answers them.
      for (const kind of ['run', 'step', 'toolCall', 'message'] as const) {
        await panel.post({ type: 'json', target: { kind, id: 'x' }, text: JSON.stringify({ payload }, null, 2), error: null });
      }
      await panel.post({ type: 'submission', submission: { state: 'error', message: payload, problems: [{ toolCallId: `call_${i}`, message: payload }] } });
      await panel.post({ type: 'state', state: { ...panelState(null), error: payload } });
      await panel.page.evaluate('new Promise((r) => setTimeout(r, 150))');
      const count = (await panel.page.evaluate('window.__xssCount')) as number;
      const markup = await panel.page.locator('#app script, #app iframe, #app object, #app embed, #app img[onerror], #app svg[onload], #app [onload], #app [onerror], #app a[href^="javascript:"], #app base, #app meta').count();
      cspBlocked += (await panel.cspViolations()).length;
      if (count) failures.push(`payload ${i} executed ${count} time(s): ${payload}`);
      if (markup) failures.push(`payload ${i} became markup (${markup} element(s)): ${payload}`);
      if (panel.consoleErrors.length) failures.push(`payload ${i}: console errors: ${panel.consoleErrors.join(' | ')}`);
      executed += count;
      await panel.close();
    }
  } finally {
    await server.close();
  }
  return {
    name: 'hostile content',
    line: `hostile content: ${xssCorpus.length} XSS payloads in ${placements} places through the panel's page in Chromium, ${executed} executed (${cspBlocked} CSP violations reported)`,
    ok: executed === 0 && failures.length === 0,
    details: failures,
  };
}

export async function offlineFigures(): Promise<Figure[]> {
  const figures = [await badToolOutputs(), await badWebviewMessages()];
  const browser = await launchBrowser();
  try {
    figures.push(await tolerance(browser));
    figures.push(await hostileContent(browser));
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

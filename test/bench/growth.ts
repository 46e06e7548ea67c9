// The growth table of `npm run bench`: what a panel costs as its run, response or
// conversation grows. Runs: the demo's 150-step run (its steps, the 1 MB output once)
// repeated to N steps. Responses: the demo's 200-item / 2 MB response's output repeated to
// N items. A conversation: the demo's 1,000-item conversation repeated to 10,000 items, as
// the input items of a response in it. Each is built by the extension's own view-model
// builder and windowed by the panels' own code (src/panels/panelLists.ts), which also
// answers the page's requests; the page is the panel's real HTML and dist/webview.js in
// Chromium.
//   host: building the view model and the state message as the panel does it (its rows a
//         slice at a time): its longest task and all of it (median of 5), and the largest
//         message the page was sent
//   page: first screen (posting the state to the frame that shows the object and its
//         first row), DOM elements and JS heap (after a forced GC) once settled, then
//         scrolling from top to bottom a viewport a frame, then Expand all; the longest
//         main-thread task of each (PerformanceObserver longtask, ≥ 50 ms)
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { DEMO, DEMO_RESPONSES } from '../emulator/demoIds';
import { launchBrowser } from '../harness/browser';
import { startEmulator } from '../harness/emulator';
import { repoRoot } from '../harness/paths';
import { startPanelServer, type PanelServer } from '../webview/panelPage';
import { hostLists } from '../webview/pageHost';
import { openPanel } from './pageKit';
import type { ItemView, PanelState, ResponsePanelState, StepView } from '../../src/shared/protocol';
import type { Step } from '../../src/model/run';

export type GrowthKind = 'run' | 'response' | 'conversation';

export interface GrowthSample {
  firstScreenMs: number;
  firstScreenTaskMs: number;
  domNodes: number;
  heapBytes: number;
  scrollMs: number;
  scrollFrames: number;
  scrollTaskMs: number;
  expandMs: number;
  expandTaskMs: number;
  /** Rows of the list in the page at the end (every row opened, the page at the bottom). */
  rowsDrawn: number;
  domNodesAtEnd: number;
  largestMessage: number;
  requests: number;
  errors: string[];
}

export interface GrowthRow {
  kind: GrowthKind;
  n: number;
  /** Bytes of the whole state, as one message would have carried it. */
  wholeStateBytes: number;
  stateBytes: number;
  /** The longest task of the host while it built and posted the state (median of the runs). */
  hostTaskMs: number;
  /** All of the host's work for it, its tasks and the turns between them. */
  hostWallMs: number;
  samples: GrowthSample[];
}

interface Raw {
  run: Record<string, unknown>;
  steps: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  response: Record<string, unknown>;
  conversationResponse: Record<string, unknown>;
  conversationItems: Record<string, unknown>[];
}

async function listAll(base: string, route: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let after: string | undefined;
  for (;;) {
    const sep = route.includes('?') ? '&' : '?';
    const res = await fetch(`${base}${route}${sep}limit=100&order=asc${after ? `&after=${after}` : ''}`);
    if (!res.ok) throw new Error(`GET ${route} → ${res.status}`);
    const page = (await res.json()) as { data: Record<string, unknown>[]; has_more: boolean };
    items.push(...page.data);
    if (!page.has_more) return items;
    after = String(page.data[page.data.length - 1].id);
  }
}

async function readDemo(): Promise<Raw> {
  const emulator = await startEmulator({ mode: 'openai', seed: 'demo' });
  try {
    const base = emulator.baseURL;
    const get = async (route: string) => (await (await fetch(`${base}${route}`)).json()) as Record<string, unknown>;
    const t = DEMO.threads.bigRun;
    const r = DEMO.runs.bigRun150Steps;
    const include = encodeURIComponent('include[]') + '=' + encodeURIComponent('step_details.tool_calls[*].file_search.results[*].content');
    const responseInclude = 'include[]=code_interpreter_call.outputs&include[]=file_search_call.results&include[]=web_search_call.action.sources';
    return {
      run: await get(`/threads/${t}/runs/${r}`),
      steps: await listAll(base, `/threads/${t}/runs/${r}/steps?${include}`),
      messages: await listAll(base, `/threads/${t}/messages?run_id=${r}`),
      response: await get(`/responses/${DEMO_RESPONSES.responses.big200Items}?${responseInclude}`),
      conversationResponse: await get(`/responses/${DEMO_RESPONSES.responses.completed}`),
      conversationItems: await listAll(base, `/conversations/${DEMO_RESPONSES.conversations.big}/items`),
    };
  } finally {
    await emulator.close();
  }
}

/** `items` repeated to `n`, each copy's ids made its own; strings over 100 KB kept in the first copy only. */
function repeated(items: Record<string, unknown>[], n: number, timeKey?: string): Record<string, unknown>[] {
  const renamed = (value: unknown, copy: number): unknown => {
    if (typeof value === 'string') return copy && value.length > 100_000 ? value.slice(0, 1000) : value;
    if (Array.isArray(value)) return value.map((v) => renamed(v, copy));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = copy && (k === 'id' || k === 'call_id') && typeof v === 'string' ? `${v}_${copy}` : renamed(v, copy);
      return out;
    }
    return value;
  };
  return Array.from({ length: n }, (_, i) => {
    const copy = Math.floor(i / items.length);
    const item = renamed(items[i % items.length], copy) as Record<string, unknown>;
    if (timeKey && copy && typeof item[timeKey] === 'number') item[timeKey] = (item[timeKey] as number) + copy * 600;
    return item;
  });
}

/** What the store holds of a run, a response or a conversation: parsed, as the panel finds it. */
type Prepared =
  | { kind: 'run'; run: import('../../src/api/schemas').Run; steps: import('../../src/api/schemas').RunStep[]; messages: import('../../src/api/schemas').Message[] }
  | { kind: 'response' | 'conversation'; response: import('../../src/api/responses/schemas').Response; inputItems: import('../../src/api/responses/schemas').ResponseItem[] };

interface Builders {
  prepare(kind: GrowthKind, raw: Raw, n: number): Prepared;
  /** The whole state, built at once (what the page is given). */
  state(p: Prepared): PanelState | ResponsePanelState;
  /** The panel's own pipeline: rows built and cut a slice at a time, then the state message as JSON. */
  post(p: Prepared): Promise<string>;
}

async function builders(): Promise<Builders> {
  const load = async <T>(file: string) => (await import(pathToFileURL(path.join(repoRoot, file)).href)) as T;
  const { buildRunView, stepViews } = await load<typeof import('../../src/panels/viewModel')>('src/panels/viewModel.ts');
  const { parseAs, runSchema, runStepSchema, messageSchema } = await load<typeof import('../../src/api/schemas')>('src/api/schemas.ts');
  const { parseResponse, parseItemPage } = await load<typeof import('../../src/api/responses/schemas')>('src/api/responses/schemas.ts');
  const { fromResponse } = await load<typeof import('../../src/model/responses')>('src/model/responses.ts');
  const { buildResponseView, itemViews } = await load<typeof import('../../src/panels/responseViewModel')>('src/panels/responseViewModel.ts');
  const lists = await load<typeof import('../../src/panels/panelLists')>('src/panels/panelLists.ts');
  const never = () => false;
  const runState = (p: Extract<Prepared, { kind: 'run' }>, stepRows?: StepView[], nowMs = Date.now()): PanelState => ({
    ref: { connectionId: 'demo', threadId: p.run.thread_id, runId: p.run.id },
    connectionName: 'Emulator (demo)',
    loading: false,
    error: null,
    live: false,
    updatedAt: Date.now(),
    run: buildRunView({ run: p.run, steps: p.steps, messages: p.messages, nowMs, stepRows }),
    drafts: {},
    submission: { state: 'idle' },
  });
  const responseState = (p: Extract<Prepared, { kind: 'response' | 'conversation' }>, rows?: { output: ItemView[]; inputs: ItemView[] }, run = fromResponse({ response: p.response, inputItems: p.inputItems })): ResponsePanelState => ({
    ref: { connectionId: 'demo', responseId: p.response.id },
    connectionName: 'Emulator (demo)',
    loading: false,
    error: null,
    live: false,
    updatedAt: Date.now(),
    cancelMessage: null,
    response: buildResponseView({ run, inputs: { loaded: true, loading: false, hasMore: false, error: undefined }, nextIds: [], rows }),
  });
  return {
    prepare: (kind, raw, n) => {
      if (kind === 'run') {
        return {
          kind,
          run: parseAs(runSchema, 'run', raw.run),
          steps: repeated(raw.steps, n, 'created_at').map((s) => parseAs(runStepSchema, 'step', s)),
          messages: raw.messages.map((m) => parseAs(messageSchema, 'message', m)),
        };
      }
      const items = (list: Record<string, unknown>[]) => parseItemPage({ object: 'list', data: list, has_more: false, first_id: null, last_id: null }).items;
      if (kind === 'response') return { kind, response: parseResponse({ ...raw.response, output: repeated(raw.response.output as Record<string, unknown>[], n) }), inputItems: [] };
      return { kind, response: parseResponse(raw.conversationResponse), inputItems: items(repeated(raw.conversationItems, n)) };
    },
    state: (p) => (p.kind === 'run' ? runState(p) : responseState(p)),
    post: async (p) => {
      // As src/panels/runPanel.ts and responsePanel.ts post a state.
      if (p.kind === 'run') {
        const nowMs = Date.now();
        const rows: StepView[] = [];
        await lists.inSlices(p.steps.length, (from, to) => rows.push(...stepViews(p.steps.slice(from, to), p.messages, nowMs, from)), never);
        const state = runState(p, rows, nowMs);
        const runLists = lists.runLists();
        const cut = await lists.cutRunState(runLists, state, never);
        return JSON.stringify({ type: 'state', state: lists.settleRunState(runLists, state, cut!) });
      }
      // The store builds the model once per response read (cached after).
      const run = fromResponse({ response: p.response, inputItems: p.inputItems });
      await new Promise((r) => setImmediate(r));
      const views = async (steps: readonly Step[]) => {
        const out: ItemView[] = [];
        await lists.inSlices(steps.length, (from, to) => out.push(...itemViews(steps.slice(from, to))), never);
        return out;
      };
      const rows = { output: await views(run.steps), inputs: await views(run.inputs ?? []) };
      const state = responseState(p, rows, run);
      const responseLists = lists.responseLists();
      const cut = await lists.cutResponseState(responseLists, state, never);
      return JSON.stringify({ type: 'responseState', state: lists.settleResponseState(responseLists, state, cut!) });
    },
  };
}

/**
 * The longest stretch the event loop was held while `work` ran: a turn queued after every
 * turn measures the gaps between them (each at least one of `work`'s tasks).
 */
async function longestTask(work: () => Promise<unknown>): Promise<{ longestMs: number; wallMs: number }> {
  let longestMs = 0;
  let running = true;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  running = false;
  await new Promise((r) => setImmediate(r));
  return { longestMs, wallMs };
}

const median = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** What the page measures of itself: kept as source text so no bundler helper leaks in. */
const inPageFirstScreen = `async function (a) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  const t0 = performance.now();
  window.postMessage(a.message, '*');
  for (;;) {
    const now = await frame();
    const row = document.querySelector(a.rowSelector);
    if (row && (document.body.textContent || '').includes(a.marker)) return { ms: now - t0, t0, t1: now };
    if (now - t0 > 20000) return { ms: -1, t0, t1: now };
  }
}`;

const inPageScroll = `async function (a) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  window.scrollTo(0, 0);
  await frame();
  const t0 = performance.now();
  let frames = 0;
  for (;;) {
    window.scrollBy(0, Math.round(window.innerHeight * 0.9));
    const now = await frame();
    frames++;
    const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    if (atEnd && document.querySelector(a.lastSelector)) return { ms: now - t0, frames, t0, t1: now };
    if (now - t0 > 120000) return { ms: -1, frames, t0, t1: now };
  }
}`;

const inPageExpand = `async function (a) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  await frame();
  const t0 = performance.now();
  document.querySelector(a.barSelector).querySelector('button').click();
  for (;;) {
    const now = await frame();
    const rows = [...document.querySelectorAll(a.itemSelector)];
    if (rows.length && rows.every((d) => d.open)) return { ms: now - t0, t0, t1: now };
    if (now - t0 > 20000) return { ms: -1, t0, t1: now };
  }
}`;

interface Spec {
  marker: string;
  rowSelector: string;
  itemSelector: string;
  lastSelector: string;
  barSelector: string;
  /** Saved page state the panel opens with (the conversation's input items shown). */
  saved?: unknown;
}

function specOf(kind: GrowthKind, state: PanelState | ResponsePanelState, n: number): Spec {
  if (kind === 'run') {
    const s = state as PanelState;
    return { marker: s.ref.runId, rowSelector: 'details.step[data-step-index]', itemSelector: '.section-steps details.step', lastSelector: `details.step[data-step-index="${n}"]`, barSelector: '.section-steps .expand-bar' };
  }
  const r = state as ResponsePanelState;
  if (kind === 'response') return { marker: r.ref.responseId, rowSelector: '.section-output details.item', itemSelector: '.section-output details.item', lastSelector: `.section-output details.item[data-item-index="${n}"]`, barSelector: '.section-output .expand-bar' };
  return {
    marker: r.ref.responseId,
    rowSelector: '.section-inputs details.item',
    itemSelector: '.section-inputs details.item',
    lastSelector: `.section-inputs details.item[data-item-index="${n}"]`,
    barSelector: '.section-inputs .expand-bar',
    saved: { ref: r.ref, open: { 'section:inputs': true } },
  };
}

async function measurePage(browser: Browser, server: PanelServer, kind: GrowthKind, state: PanelState | ResponsePanelState, n: number): Promise<GrowthSample> {
  const spec = specOf(kind, state, n);
  const panel = await openPanel(browser, server, spec.saved);
  const page: Page = panel.page;
  try {
    const host = await hostLists(page, kind === 'run' ? 'run' : 'response');
    const message = host.windowed(state);
    await page.evaluate(`(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: false });
    })()`);
    await page.evaluate('new Promise((r) => setTimeout(r, 200))');
    const longest = async (from: number, to: number) => {
      const tasks = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
      return Math.max(0, ...tasks.filter((t) => t.start + t.duration >= from && t.start <= to).map((t) => t.duration));
    };
    const first = (await page.evaluate(`(${inPageFirstScreen})(${JSON.stringify({ message, marker: spec.marker, rowSelector: spec.rowSelector })})`)) as { ms: number; t0: number; t1: number };
    // Settled: the rows asked for have come, heights measured.
    await page.evaluate('new Promise((r) => setTimeout(r, 500))');
    const firstTask = await longest(first.t0, first.t1 + 500);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const domNodes = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
    const scroll = (await page.evaluate(`(${inPageScroll})(${JSON.stringify({ lastSelector: spec.lastSelector })})`)) as { ms: number; frames: number; t0: number; t1: number };
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    const scrollTask = await longest(scroll.t0, scroll.t1);
    const expand = (await page.evaluate(`(${inPageExpand})(${JSON.stringify({ barSelector: spec.barSelector, itemSelector: spec.itemSelector })})`)) as { ms: number; t0: number; t1: number };
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    const expandTask = await longest(expand.t0, expand.t1 + 300);
    const rowsDrawn = (await page.evaluate(`document.querySelectorAll(${JSON.stringify(spec.itemSelector)}).length`)) as number;
    const domNodesAtEnd = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
    await cdp.detach();
    return {
      firstScreenMs: first.ms,
      firstScreenTaskMs: firstTask,
      domNodes,
      heapBytes: heap.usedSize,
      scrollMs: scroll.ms,
      scrollFrames: scroll.frames,
      scrollTaskMs: scrollTask,
      expandMs: expand.ms,
      expandTaskMs: expandTask,
      rowsDrawn,
      domNodesAtEnd,
      largestMessage: Math.max(...host.sizes),
      requests: host.answered.length,
      errors: [...panel.consoleErrors],
    };
  } finally {
    await panel.close();
  }
}

/** The growth table: runs and responses at each of `sizes`, and a conversation of `conversationItems`. */
export async function growthBench(reps: number, sizes: number[], conversationItems: number): Promise<GrowthRow[]> {
  const raw = await readDemo();
  const build = await builders();
  const cases: [GrowthKind, number][] = [...sizes.map((n) => ['run', n] as [GrowthKind, number]), ...sizes.map((n) => ['response', n] as [GrowthKind, number]), ['conversation', conversationItems]];
  const rows: GrowthRow[] = [];
  const server = { run: await startPanelServer(), response: await startPanelServer({ page: 'response' }) };
  const browser = await launchBrowser();
  try {
    for (const [kind, n] of cases) {
      // The host's tasks: the view model and the state message, as the panel builds and posts them.
      const prepared = build.prepare(kind, raw, n);
      const tasks: number[] = [];
      const walls: number[] = [];
      let stateBytes = 0;
      for (let i = 0; i < Math.max(3, reps); i++) {
        let json = '';
        const t = await longestTask(async () => (json = await build.post(prepared)));
        tasks.push(t.longestMs);
        walls.push(t.wallMs);
        stateBytes = Buffer.byteLength(json);
      }
      const state = build.state(prepared);
      const wholeStateBytes = Buffer.byteLength(JSON.stringify({ type: 'state', state }));
      const samples: GrowthSample[] = [];
      for (let i = 0; i < reps; i++) samples.push(await measurePage(browser, kind === 'run' ? server.run : server.response, kind, state, n));
      rows.push({ kind, n, wholeStateBytes, stateBytes, hostTaskMs: median(tasks), hostWallMs: median(walls), samples });
      const s = samples.map((x) => x.firstScreenMs);
      console.log(`  ${kind} ${n}: host longest task ${median(tasks).toFixed(0)} ms (all of it ${median(walls).toFixed(0)} ms), state ${stateBytes} B (whole ${wholeStateBytes} B); first screen ${median(s).toFixed(0)} ms; DOM ${median(samples.map((x) => x.domNodes))}; heap ${(median(samples.map((x) => x.heapBytes)) / 2 ** 20).toFixed(1)} MB; scroll ${median(samples.map((x) => x.scrollMs)).toFixed(0)} ms; expand ${median(samples.map((x) => x.expandMs)).toFixed(0)} ms; longest tasks ${Math.max(...samples.map((x) => x.firstScreenTaskMs))}/${Math.max(...samples.map((x) => x.scrollTaskMs))}/${Math.max(...samples.map((x) => x.expandTaskMs))} ms; largest message ${Math.max(...samples.map((x) => x.largestMessage))} B`);
    }
  } finally {
    await browser.close();
    await server.run.close();
    await server.response.close();
  }
  return rows;
}

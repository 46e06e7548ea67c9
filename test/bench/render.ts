// Render figures of the panels' pages in Chromium: the standalone pages of test/webview
// (the panel's real HTML and dist/webview.js, a stubbed acquireVsCodeApi) given the
// 150-step run with its 1 MB output, and the 200-item / 2 MB response, each built by the
// extension's own view-model builder from what the emulator serves.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO, DEMO_RESPONSES } from '../emulator/demoIds';
import { launchBrowser } from '../harness/browser';
import { startEmulator } from '../harness/emulator';
import { repoRoot } from '../harness/paths';
import { startPanelServer, type PanelServer } from '../webview/panelPage';
import { demoResponseState } from '../webview/responseKit';
import type { ResponsePanelState } from '../../src/shared/protocol';
import { openPanel } from './pageKit';

async function listAll(base: string, route: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const sep = route.includes('?') ? '&' : '?';
    const res = await fetch(`${base}${route}${sep}limit=100&order=asc${after ? `&after=${after}` : ''}`);
    if (!res.ok) throw new Error(`GET ${route} → ${res.status}`);
    const page = (await res.json()) as { data: { id: string }[]; has_more: boolean; last_id?: string };
    items.push(...page.data);
    if (!page.has_more) return items;
    after = page.data[page.data.length - 1].id;
  }
}

/** The panel state of a demo run, as the extension would post it. */
export async function fullPanelState(threadId: string, runId: string): Promise<unknown> {
  const emulator = await startEmulator({ mode: 'openai', seed: 'demo' });
  try {
    const base = emulator.baseURL;
    const run = await (await fetch(`${base}/threads/${threadId}/runs/${runId}`)).json();
    const include = encodeURIComponent('include[]') + '=' + encodeURIComponent('step_details.tool_calls[*].file_search.results[*].content');
    const steps = await listAll(base, `/threads/${threadId}/runs/${runId}/steps?${include}`);
    const messages = await listAll(base, `/threads/${threadId}/messages?run_id=${runId}`);
    const { buildRunView } = (await import(pathToFileURL(path.join(repoRoot, 'src', 'panels', 'viewModel.ts')).href)) as {
      buildRunView(input: { run: unknown; steps: unknown[]; messages: unknown[] }): unknown;
    };
    return {
      ref: { connectionId: 'demo', threadId, runId },
      connectionName: 'Emulator (demo)',
      loading: false,
      error: null,
      live: false,
      updatedAt: Date.now(),
      run: buildRunView({ run, steps, messages }),
      drafts: {},
      submission: { state: 'idle' },
    };
  } finally {
    await emulator.close();
  }
}

/** What is measured on a page: the items it draws, the one opened first, what "everything" means. */
interface PageSpec {
  message: unknown;
  /** Text that, once on the page, is its first paint. */
  marker: string;
  /** The folds that hold the items (steps, output items). */
  itemSelector: string;
  count: number;
  /** The item opened alone after the first render (when the figure has one). */
  openSelector?: string;
  /** The list's "Expand all" bar (its first button expands). */
  barSelector: string;
}

/** One render of a panel's page, then its Expand all (times from posting the state message). */
export interface PageSample {
  /** To the first frame that shows the run or response. */
  firstPaintMs: number;
  /** To the frame after every step or item is in the page (collapsed). */
  fullRenderMs: number;
  /** Opening the one item the figure names (the step with the 1 MB output), to the frame after; -1 when none. */
  openOneMs: number;
  /** Steps or items in the page. */
  items: number;
  /** Longest main-thread task of the render (PerformanceObserver longtask; 0 when none ≥ 50 ms). */
  longestTaskMs: number;
  longTasks: number;
  /** Pressing Expand all (every item open, every "Show all" in them), to the frame after. */
  expandAllMs: number;
  /** Of it, opening the items, before any "Show all". */
  openItemsMs: number;
  /** Longest main-thread task while expanding (0 when none ≥ 50 ms). */
  expandLongestTaskMs: number;
  /** Characters of text in the page once everything is expanded. */
  expandedChars: number;
  consoleErrors: string[];
}

/** The samples of one page and what they were given. */
export interface PageFigures {
  /** Bytes of the state message (JSON). */
  stateBytes: number;
  samples: PageSample[];
}

/** Renders the page `reps` times from a fresh page, then opens everything on it. */
async function measurePage(reps: number, server: PanelServer, spec: PageSpec): Promise<PageSample[]> {
  const browser = await launchBrowser();
  const samples: PageSample[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      const panel = await openPanel(browser, server);
      await panel.page.evaluate(`(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: false });
      })()`);
      await panel.page.evaluate('new Promise((r) => setTimeout(r, 200))');
      const figures = (await panel.page.evaluate(`(${inPageRender})(${JSON.stringify(spec)})`)) as { firstPaintMs: number; fullRenderMs: number; openOneMs: number; items: number };
      await panel.page.evaluate('new Promise((r) => setTimeout(r, 300))');
      const expand = (await panel.page.evaluate(`(${inPageExpandAll})(${JSON.stringify(spec)})`)) as { expandAllMs: number; openItemsMs: number; expandedChars: number; from: number; opened: number; to: number };
      await panel.page.evaluate('new Promise((r) => setTimeout(r, 300))');
      const longTasks = (await panel.page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
      const render = longTasks.filter((t) => t.start < expand.from);
      const expanding = longTasks.filter((t) => t.start >= expand.from && t.start <= expand.to);
      samples.push({
        ...figures,
        longestTaskMs: Math.max(0, ...render.map((t) => t.duration)),
        longTasks: render.length,
        expandAllMs: expand.expandAllMs,
        openItemsMs: expand.openItemsMs,
        expandLongestTaskMs: Math.max(0, ...expanding.map((t) => t.duration)),
        expandedChars: expand.expandedChars,
        consoleErrors: [...panel.consoleErrors],
      });
      await panel.close();
    }
  } finally {
    await browser.close();
  }
  return samples;
}

export async function renderBench(reps: number): Promise<PageFigures> {
  const state = await fullPanelState(DEMO.threads.bigRun, DEMO.runs.bigRun150Steps);
  const message = { type: 'state', state };
  const stateBytes = Buffer.byteLength(JSON.stringify(message));
  const server = await startPanelServer();
  try {
    const bigStep = bigStepIndex(state);
    const samples = await measurePage(reps, server, {
      message,
      marker: DEMO.runs.bigRun150Steps,
      itemSelector: 'details[data-step-index]',
      count: DEMO.counts.bigRunSteps,
      openSelector: bigStep ? `details[data-step-index="${bigStep}"]` : 'details[data-step-index]',
      barSelector: '.section-steps .expand-bar',
    });
    return { stateBytes, samples };
  } finally {
    await server.close();
  }
}

/** The response panel's page with the demo's 200-item / 2 MB response, as the extension would post it. */
export async function responseRenderBench(reps: number): Promise<PageFigures & { outputChars: number }> {
  const emulator = await startEmulator({ mode: 'openai', seed: 'demo' });
  let state: ResponsePanelState;
  let outputChars: number;
  try {
    state = await demoResponseState(emulator.baseURL, DEMO_RESPONSES.responses.big200Items);
    const raw = (await (await fetch(`${emulator.baseURL}/responses/${DEMO_RESPONSES.responses.big200Items}`)).json()) as { output: unknown[] };
    outputChars = JSON.stringify(raw.output).length;
  } finally {
    await emulator.close();
  }
  const message = { type: 'responseState', state };
  const stateBytes = Buffer.byteLength(JSON.stringify(message));
  const server = await startPanelServer({ page: 'response' });
  try {
    const samples = await measurePage(reps, server, {
      message,
      marker: DEMO_RESPONSES.responses.big200Items,
      itemSelector: '.section-output details.item',
      count: DEMO_RESPONSES.counts.bigResponseOutputItems,
      barSelector: '.section-output .expand-bar',
    });
    return { stateBytes, outputChars, samples };
  } finally {
    await server.close();
  }
}

// Runs in the page; kept as source text so no bundler helper (e.g. keepNames' __name) leaks in.
const inPageRender = `async function (a) {
  const app = document.getElementById('app') || document.body;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  const t0 = performance.now();
  let firstPaintMs = -1;
  window.postMessage(a.message, '*');
  for (;;) {
    const now = await frame();
    const items = app.querySelectorAll(a.itemSelector).length;
    if (firstPaintMs < 0 && (app.textContent || '').includes(a.marker)) firstPaintMs = now - t0;
    if (items >= a.count) {
      const fullRenderMs = now - t0;
      if (!a.openSelector) return { firstPaintMs, fullRenderMs, openOneMs: -1, items };
      // Open the one item the figure names (the step with the 1 MB output), as a user would.
      const target = app.querySelector(a.openSelector);
      const t1 = performance.now();
      const toggled = new Promise((r) => target.addEventListener('toggle', r, { once: true }));
      target.open = true;
      await toggled;
      const t2 = await frame();
      return { firstPaintMs, fullRenderMs, openOneMs: t2 - t1, items };
    }
    if (now - t0 > 20000) return { firstPaintMs, fullRenderMs: -1, openOneMs: -1, items };
  }
}`;

// Everything on the page, as a user who wants all of it would do: press the list's
// "Expand all" (every item open, then every "Show all" in them), to the frame after it
// says it is done. The bench only presses the button; the page does the rest.
const inPageExpandAll = `async function (a) {
  const app = document.getElementById('app') || document.body;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  await frame();
  const bar = app.querySelector(a.barSelector);
  const expand = bar && bar.querySelector('button');
  if (!expand) return { expandAllMs: -1, openItemsMs: -1, expandedChars: 0, from: 0, opened: 0, to: 0 };
  const from = performance.now();
  expand.click();
  let opened = -1;
  for (;;) {
    const now = await frame();
    if (opened < 0 && [...app.querySelectorAll(a.itemSelector)].every((d) => d.open)) opened = now;
    if (!bar.hasAttribute('aria-busy')) {
      return { expandAllMs: now - from, openItemsMs: (opened < 0 ? now : opened) - from, expandedChars: (app.textContent || '').length, from, opened, to: now };
    }
    if (now - from > 20000) return { expandAllMs: -1, openItemsMs: -1, expandedChars: (app.textContent || '').length, from, opened, to: now };
  }
}`;

/** The index (as shown, `#n`) of the step that holds the 1 MB output. */
function bigStepIndex(state: unknown): string {
  const steps = (state as { run: { steps: { id: string; index: number }[] } }).run.steps;
  const step = steps.find((s) => s.id === DEMO.steps.bigOutput);
  return step ? String(step.index) : '';
}

// Render figures of the run panel's page in Chromium: the standalone page of
// test/webview (the panel's real HTML and dist/webview.js, a stubbed acquireVsCodeApi)
// given the 150-step run with its 1 MB output, built by the extension's own view-model
// builder from what the emulator serves (every page of steps and messages).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO } from '../emulator/demoIds';
import { launchBrowser } from '../harness/browser';
import { startEmulator } from '../harness/emulator';
import { repoRoot } from '../harness/paths';
import { startPanelServer } from '../webview/panelPage';
import { openPanel } from './pageKit';

export interface RenderSample {
  /** Bytes of the state message (JSON). */
  stateBytes: number;
  /** From posting the state to the first frame that shows the run. */
  firstPaintMs: number;
  /** From posting the state to the frame after all 150 steps are in the page. */
  fullRenderMs: number;
  /** Opening the step with the 1 MB output, to the frame after it is shown. */
  openBigStepMs: number;
  /** Longest main-thread task (PerformanceObserver longtask; 0 when none ≥ 50 ms). */
  longestTaskMs: number;
  longTasks: number;
  /** Opening every step and pressing every "Show all" in them, to the frame after. */
  expandAllMs: number;
  /** Of it, opening the 150 steps (to the frame after), before any "Show all". */
  openStepsMs: number;
  /** Longest main-thread task while expanding everything (0 when none ≥ 50 ms). */
  expandLongestTaskMs: number;
  /** Characters of text in the page once everything is expanded. */
  expandedChars: number;
  steps: number;
  consoleErrors: string[];
}

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

export async function renderBench(reps: number): Promise<RenderSample[]> {
  const state = await fullPanelState(DEMO.threads.bigRun, DEMO.runs.bigRun150Steps);
  const message = { type: 'state', state };
  const stateBytes = Buffer.byteLength(JSON.stringify(message));
  const server = await startPanelServer();
  const browser = await launchBrowser();
  const samples: RenderSample[] = [];
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
      const args = { message, runId: DEMO.runs.bigRun150Steps, stepCount: DEMO.counts.bigRunSteps, bigStep: bigStepIndex(state) };
      const figures = (await panel.page.evaluate(`(${inPageRender})(${JSON.stringify(args)})`)) as {
        firstPaintMs: number;
        fullRenderMs: number;
        openBigStepMs: number;
        steps: number;
      };
      await panel.page.evaluate('new Promise((r) => setTimeout(r, 300))');
      const expand = (await panel.page.evaluate(`(${inPageExpandAll})()`)) as { expandAllMs: number; openStepsMs: number; expandedChars: number; from: number; to: number };
      await panel.page.evaluate('new Promise((r) => setTimeout(r, 300))');
      const longTasks = (await panel.page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
      const render = longTasks.filter((t) => t.start < expand.from);
      const expanding = longTasks.filter((t) => t.start >= expand.from && t.start <= expand.to);
      samples.push({
        stateBytes,
        ...figures,
        longestTaskMs: Math.max(0, ...render.map((t) => t.duration)),
        longTasks: render.length,
        expandAllMs: expand.expandAllMs,
        openStepsMs: expand.openStepsMs,
        expandLongestTaskMs: Math.max(0, ...expanding.map((t) => t.duration)),
        expandedChars: expand.expandedChars,
        consoleErrors: [...panel.consoleErrors],
      });
      await panel.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return samples;
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
    const steps = app.querySelectorAll('[data-step-index]').length;
    if (firstPaintMs < 0 && (app.textContent || '').includes(a.runId)) firstPaintMs = now - t0;
    if (steps >= a.stepCount) {
      const fullRenderMs = now - t0;
      // Open the step with the 1 MB output, as a user would.
      const target = app.querySelector('details[data-step-index="' + a.bigStep + '"]') || app.querySelector('details[data-step-index]');
      const t1 = performance.now();
      const toggled = new Promise((r) => target.addEventListener('toggle', r, { once: true }));
      target.open = true;
      await toggled;
      const t2 = await frame();
      return { firstPaintMs, fullRenderMs, openBigStepMs: t2 - t1, steps };
    }
    if (now - t0 > 20000) return { firstPaintMs, fullRenderMs: -1, openBigStepMs: -1, steps };
  }
}`;

// Everything of the run on the page, as a user who opens every step and presses every
// "Show all" in them would have it: all 150 step bodies built and the 1 MB output in full.
const inPageExpandAll = `async function () {
  const app = document.getElementById('app') || document.body;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  await frame();
  const from = performance.now();
  const steps = [...app.querySelectorAll('details[data-step-index]')];
  const toggled = steps.filter((d) => !d.open).map((d) => new Promise((r) => d.addEventListener('toggle', r, { once: true })));
  for (const d of steps) d.open = true;
  await Promise.all(toggled);
  const opened = await frame();
  for (const b of app.querySelectorAll('.steps .fold-more [aria-expanded="false"]')) b.click();
  const to = await frame();
  return { expandAllMs: to - from, openStepsMs: opened - from, expandedChars: (app.textContent || '').length, from, to };
}`;

/** The index (as shown, `#n`) of the step that holds the 1 MB output. */
function bigStepIndex(state: unknown): string {
  const steps = (state as { run: { steps: { id: string; index: number }[] } }).run.steps;
  const step = steps.find((s) => s.id === DEMO.steps.bigOutput);
  return step ? String(step.index) : '';
}

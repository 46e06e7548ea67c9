// Helpers of the run panel's standalone tests: opening the page with the stubbed VS Code
// API, VS Code theme colours, states built by the extension's own view-model builder
// from recorded bodies, the emulator's demo, and a hostile corpus.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { messageSchema, parseAs, runSchema, runStepSchema, type Message, type Run, type RunStep } from '../../src/api/schemas';
import { buildRunView } from '../../src/panels/viewModel';
import type { PanelState } from '../../src/shared/protocol';
import type { PanelServer } from './panelPage';
import { recordedDir } from '../fixtures/paths';

export { recordedDir };

/** The stub of acquireVsCodeApi, as a string (a function would carry tsx's `__name` helper into the page). */
const stubScript = (initial: unknown) => `
// tsx names functions it compiles; evaluated test code calls its helper.
window.__name = function (f) { return f; };
window.__posted = [];
window.__warnings = [];
window.__vscodeState = ${JSON.stringify(initial ?? null)};
window.__cspViolations = [];
window.__pwned = undefined;
window.alert = function () { window.__pwned = 'alert'; };
document.addEventListener('securitypolicyviolation', function (e) { window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });
var warn = console.warn.bind(console);
console.warn = function () { window.__warnings.push(Array.prototype.join.call(arguments, ' ')); warn.apply(null, arguments); };
var acquired = false;
window.acquireVsCodeApi = function () {
  if (acquired) throw new Error('acquireVsCodeApi() was called twice');
  acquired = true;
  return Object.freeze({
    postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); if (window.__toHost) window.__toHost(m); },
    getState: function () { return window.__vscodeState; },
    setState: function (s) { window.__vscodeState = s; return s; },
  });
};`;

export interface OpenedPanel {
  page: Page;
  errors: string[];
  post(message: unknown): Promise<void>;
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  close(): Promise<void>;
}

export async function openPanel(browser: Browser, server: PanelServer, options: { state?: unknown; theme?: Theme; viewport?: { width: number; height: number } } = {}): Promise<OpenedPanel> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.url()} → ${r.status()}`);
  });
  await page.addInitScript({ content: stubScript(options.state) });
  await page.goto(server.origin + '/');
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await applyTheme(page, options.theme ?? 'dark');
  return {
    page,
    errors,
    post: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted: () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted),
    close: () => page.close(),
  };
}

// ── themes: the variables VS Code sets on a webview's <html>, with Dark/Light Modern values ──

export type Theme = 'dark' | 'light' | 'high-contrast';

const common = {
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '13px',
};

const themes: Record<Theme, Record<string, string>> = {
  dark: {
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-border': '#ffffff12',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-icon-foreground': '#cccccc',
    '--vscode-toolbar-hoverBackground': '#5a5d5e50',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-textLink-activeForeground': '#4daafc',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-widget-border': '#313131',
    '--vscode-testing-iconPassed': '#73c991',
    '--vscode-testing-iconFailed': '#f14c4c',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editorWarning-foreground': '#cca700',
    '--vscode-editorInfo-foreground': '#3794ff',
    '--vscode-progressBar-background': '#0078d4',
    '--vscode-notificationsWarningIcon-foreground': '#cca700',
    '--vscode-textBlockQuote-background': '#2b2b2b',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-inputValidation-errorBackground': '#5a1d1d',
    '--vscode-inputValidation-warningBorder': '#b89500',
    '--vscode-inputValidation-infoBorder': '#007acc',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-list-inactiveSelectionBackground': '#37373d',
    '--vscode-textCodeBlock-background': '#2b2b2b',
    '--vscode-symbolIcon-propertyForeground': '#cccccc',
    '--vscode-symbolIcon-functionForeground': '#b180d7',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-input-background': '#313131',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-input-border': '#3c3c3c',
    '--vscode-editor-findMatchHighlightBackground': '#ea5c0055',
  },
  light: {
    '--vscode-foreground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-icon-foreground': '#3b3b3b',
    '--vscode-toolbar-hoverBackground': '#b8b8b850',
    '--vscode-textLink-foreground': '#005fb8',
    '--vscode-textLink-activeForeground': '#005fb8',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-testing-iconPassed': '#388a34',
    '--vscode-testing-iconFailed': '#f14c4c',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-editorInfo-foreground': '#1a85ff',
    '--vscode-progressBar-background': '#005fb8',
    '--vscode-notificationsWarningIcon-foreground': '#bf8803',
    '--vscode-textBlockQuote-background': '#f8f8f8',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-inputValidation-errorBackground': '#f2dede',
    '--vscode-inputValidation-warningBorder': '#bf8803',
    '--vscode-inputValidation-infoBorder': '#007acc',
    '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
    '--vscode-textCodeBlock-background': '#f8f8f8',
    '--vscode-symbolIcon-propertyForeground': '#3b3b3b',
    '--vscode-symbolIcon-functionForeground': '#652d90',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-input-border': '#cecece',
    '--vscode-editor-findMatchHighlightBackground': '#ea5c0055',
  },
  'high-contrast': {
    '--vscode-foreground': '#ffffff',
    '--vscode-editor-background': '#000000',
    '--vscode-descriptionForeground': '#ffffffb3',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryBackground': '#000000',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-focusBorder': '#f38518',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-icon-foreground': '#ffffff',
    '--vscode-textLink-foreground': '#21a6ff',
    '--vscode-testing-iconPassed': '#73c991',
    '--vscode-testing-iconFailed': '#f14c4c',
    '--vscode-errorForeground': '#f48771',
    '--vscode-editorWarning-foreground': '#ffd370',
    '--vscode-editorInfo-foreground': '#3794ff',
    '--vscode-progressBar-background': '#6fc3df',
    '--vscode-widget-border': '#6fc3df',
    '--vscode-input-background': '#000000',
    '--vscode-input-foreground': '#ffffff',
    '--vscode-input-border': '#6fc3df',
  },
};

/** Sets the theme as VS Code does: variables on <html> (through CSSOM: the CSP forbids inline styles) and a body class. */
export async function applyTheme(page: Page, theme: Theme): Promise<void> {
  const vars = { ...common, ...themes[theme] };
  await page.evaluate(
    ({ vars, theme }) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
      document.body.classList.add(theme === 'dark' ? 'vscode-dark' : theme === 'light' ? 'vscode-light' : 'vscode-high-contrast');
    },
    { vars, theme },
  );
}

/** What a screenshot of the page shows: its background and text colours, and the text that is hard to read. */
export interface PageLook {
  background: string;
  foreground: string;
  /** Visible text whose contrast with what is behind it is under 3:1 (WCAG's floor for large text). */
  faint: { text: string; color: string; behind: string; ratio: number }[];
  /** How far the page is wider than the window (something cut off or scrolling sideways). */
  overflowX: number;
}

export function themeColor(theme: Theme, variable: string): string {
  const hex = themes[theme][variable] ?? '';
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Lays out (on) or hands back to the browser (off) the steps and items the panel lets it
 * skip while far off screen (content-visibility): for reading all of the page's text, or a
 * full-page screenshot, which the browser would otherwise leave blank below the window.
 */
async function layOutAll(page: Page, on: boolean): Promise<void> {
  await page.evaluate((on) => {
    const w = window as unknown as { __laidOut?: Map<HTMLElement, string | null> };
    if (on) {
      w.__laidOut = new Map([...document.querySelectorAll<HTMLElement>('#app .steps > .step')].map((el) => [el, el.getAttribute('style')]));
      for (const el of w.__laidOut.keys()) el.style.contentVisibility = 'visible';
      return;
    }
    for (const [el, style] of w.__laidOut ?? []) {
      el.style.removeProperty('content-visibility');
      // Read back first: the browser writes a changed inline style into the attribute lazily.
      void el.getAttribute('style');
      if (style === null) el.removeAttribute('style');
      else el.setAttribute('style', style);
    }
    w.__laidOut = undefined;
  }, on);
}

/** The page's text as it reads (innerText), every step and item included. */
export async function pageText(page: Page): Promise<string> {
  await layOutAll(page, true);
  try {
    return await page.evaluate(() => (document.getElementById('app') as HTMLElement).innerText);
  } finally {
    await layOutAll(page, false);
  }
}

/** A full-page screenshot with every step and item drawn. */
export async function fullPageScreenshot(page: Page, file: string): Promise<void> {
  await layOutAll(page, true);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await layOutAll(page, false);
  }
}

export async function pageLook(page: Page): Promise<PageLook> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
      return [Number(r), Number(g), Number(b), Number(a)];
    };
    const over = (top: Rgba, below: Rgba): Rgba => {
      const a = top[3] + below[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const behind = (el: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      return layers.reduceRight<Rgba>((below, top) => over(top, below), [255, 255, 255, 1]);
    };
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const faint: { text: string; color: string; behind: string; ratio: number }[] = [];
    const walker = document.createTreeWalker(document.getElementById('app') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent?.trim();
      if (!el || !text) continue;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) continue;
      const back = behind(el);
      const front = over(parse(style.color), back);
      const [hi, lo] = [luminance(front), luminance(back)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < 3) faint.push({ text: text.slice(0, 40), color: style.color, behind: `rgb(${back.slice(0, 3).map(Math.round).join(', ')})`, ratio: Math.round(ratio * 100) / 100 });
    }
    const body = getComputedStyle(document.body);
    return { background: body.backgroundColor, foreground: body.color, faint, overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
}

// ── states ───────────────────────────────────────────────────────────────────

export function stateOf(run: Run, steps: RunStep[], messages: Message[], extra: Partial<PanelState> = {}): PanelState {
  return {
    ref: { connectionId: 'test', threadId: run.thread_id, runId: run.id },
    connectionName: 'Recorded',
    loading: false,
    error: null,
    live: false,
    updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
    run: buildRunView({ run, steps, messages }),
    drafts: {},
    submission: { state: 'idle' },
    ...extra,
  };
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(recordedDir, file), 'utf8')) as Record<string, unknown>;

/** Every recorded run body, with the recorded steps and messages of the same run when there are any. */
export function recordedStates(): { name: string; state: PanelState }[] {
  const files = fs.readdirSync(recordedDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  const steps: RunStep[] = [];
  const messages: Message[] = [];
  for (const file of files) {
    const body = readJson(file);
    const data = Array.isArray(body.data) ? body.data : [body];
    for (const item of data) {
      const object = (item as { object?: string }).object;
      if (object === 'thread.run.step') steps.push(parseAs(runStepSchema, 'step', item));
      if (object === 'thread.message') messages.push(parseAs(messageSchema, 'message', item));
    }
  }
  const out: { name: string; state: PanelState }[] = [];
  for (const file of files) {
    const body = readJson(file);
    if (body.object !== 'thread.run') continue;
    const run = parseAs(runSchema, 'run', body);
    const own = steps.filter((s) => s.run_id === run.id).sort((a, b) => (a.created_at ?? 0) - (b.created_at ?? 0));
    const unique = [...new Map(own.map((s) => [s.id, s])).values()];
    const msgs = [...new Map(messages.filter((m) => m.run_id === run.id).map((m) => [m.id, m])).values()];
    out.push({ name: file, state: stateOf(run, unique, msgs) });
  }
  return out;
}

// ── the hostile corpus ───────────────────────────────────────────────────────

export const HOSTILE: readonly string[] = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '<svg><script>window.__pwned = "svg-script"</script></svg>',
  'javascript:window.__pwned = "js-url"',
  '<a href="javascript:window.__pwned = \'a\'">click me</a>',
  '[click me](javascript:window.__pwned = "md")',
  '<iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>',
  '<style>body { display: none !important }</style>',
  '</style><script>window.__pwned = "style-break"</script>',
  '<div style="background:url(javascript:window.__pwned=1)">css url</div>',
  '" onmouseover="window.__pwned = \'attr\'" x="',
  "' onfocus='window.__pwned = 1' autofocus '",
  '<body onload="window.__pwned = \'body\'">',
  '<input autofocus onfocus="window.__pwned = \'input\'">',
  '<details open ontoggle="window.__pwned = \'details\'">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = \'mxss\'">',
  '<object data="javascript:window.__pwned = \'object\'"></object>',
  '<embed src="data:text/html,<script>parent.__pwned = 1</script>">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned = 1">',
  '<base href="https://evil.example/">',
  '<form action="https://evil.example/"><button>go</button></form>',
  '{{constructor.constructor("window.__pwned = \'template\'")()}}',
  '${window.__pwned = "template-literal"}',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '@import url(https://evil.example/x.css); body { background: red }',
  'expression(window.__pwned = "ie")',
  '<template><script>window.__pwned = "template"</script></template>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
  '<!-- <script>window.__pwned = "comment"</script> -->',
  '<![CDATA[<script>window.__pwned = "cdata"</script>]]>',
  '&lt;script&gt;window.__pwned = 1&lt;/script&gt;',
  'invoice\u202Etxt.exe',
  'get\u200b_weather',
  'g\u0435t_weather', // Cyrillic "е"
  'null\u0000byte and \u001b[31mANSI\u001b[0m',
  '\u2066\u2067 isolates \u2069 and \ufeffBOM',
  '<video><source onerror="window.__pwned = \'video\'"></video>',
];

/** A run whose every service string is hostile: message text and annotations, tool arguments and outputs, metadata, errors, file names. */
export function hostileState(): PanelState {
  const h = (i: number) => HOSTILE[i % HOSTILE.length]!;
  const t0 = 1_760_000_000;
  const metadata: Record<string, string> = {};
  HOSTILE.slice(0, 16).forEach((s, i) => (metadata[`${s.slice(0, 40)}#${i}`] = h(i + 5)));
  const run = parseAs(runSchema, 'run', {
    id: 'run_hostile0000000000000000',
    object: 'thread.run',
    thread_id: 'thread_hostile00000000000000',
    assistant_id: h(0),
    status: 'failed',
    created_at: t0,
    started_at: t0 + 1,
    failed_at: t0 + 9,
    model: h(1),
    instructions: HOSTILE.join('\n'),
    last_error: { code: h(2), message: HOSTILE.join(' ') },
    incomplete_details: { reason: h(3) },
    tools: [{ type: 'function', function: { name: h(4), description: h(5), parameters: { type: 'object', properties: { [h(6)]: { type: 'string' } } } } }],
    tool_choice: h(7),
    response_format: { type: h(8) },
    metadata,
    truncation_strategy: { type: h(9), last_messages: null },
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
  });
  const steps: RunStep[] = HOSTILE.map((s, i) => {
    const base = { id: `step_h${String(i).padStart(22, '0')}`, object: 'thread.run.step', run_id: run.id, thread_id: run.thread_id, status: i % 3 ? 'completed' : 'failed', created_at: t0 + 1, completed_at: t0 + 2, last_error: i % 3 ? null : { code: s, message: h(i + 1) }, usage: null };
    if (i % 4 === 0) {
      return parseAs(runStepSchema, 'step', {
        ...base,
        type: 'tool_calls',
        step_details: { type: 'tool_calls', tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: s, arguments: JSON.stringify({ [s]: h(i + 2), html: h(i + 3) }), output: h(i + 4) } }, { id: `call_raw${i}`, type: 'function', function: { name: h(i + 1), arguments: s, output: s } }] },
      });
    }
    if (i % 4 === 1) {
      return parseAs(runStepSchema, 'step', {
        ...base,
        type: 'tool_calls',
        step_details: { type: 'tool_calls', tool_calls: [{ id: `call_ci${i}`, type: 'code_interpreter', code_interpreter: { input: s, outputs: [{ type: 'logs', logs: h(i + 1) }, { type: 'image', image: { file_id: h(i + 2) } }, { type: s, weird: h(i + 3) }] } }] },
      });
    }
    if (i % 4 === 2) {
      return parseAs(runStepSchema, 'step', {
        ...base,
        type: 'tool_calls',
        step_details: { type: 'tool_calls', tool_calls: [{ id: `call_fs${i}`, type: 'file_search', file_search: { ranking_options: { ranker: s }, results: [{ file_id: h(i + 1), file_name: s, score: 0.5, content: [{ type: 'text', text: h(i + 2) }] }] } }, { id: `call_x${i}`, type: s, [s]: h(i + 3) }] },
      });
    }
    return parseAs(runStepSchema, 'step', { ...base, type: i % 8 === 3 ? 'message_creation' : s, step_details: i % 8 === 3 ? { type: 'message_creation', message_creation: { message_id: 'msg_h0' } } : { type: s, [s]: h(i + 1) } });
  });
  const messages: Message[] = HOSTILE.map((s, i) =>
    parseAs(messageSchema, 'message', {
      id: `msg_h${i}`,
      object: 'thread.message',
      thread_id: run.thread_id,
      run_id: run.id,
      role: i % 5 === 0 ? s : i % 2 ? 'assistant' : 'user',
      created_at: t0 + 2,
      status: 'completed',
      content: [
        {
          type: 'text',
          text: {
            value: `${s} and ${h(i + 1)}`,
            annotations: [
              { type: 'file_citation', text: s, start_index: 0, end_index: Math.min(5, s.length), file_citation: { file_id: h(i + 2), quote: h(i + 3) } },
              { type: 'url_citation', text: h(i + 4), start_index: 6, end_index: 8, url_citation: { url: i % 2 ? 'javascript:window.__pwned = "link"' : h(i), title: h(i + 5) } },
            ],
          },
        },
        { type: 'image_file', image_file: { file_id: s } },
        { type: 'image_url', image_url: { url: h(i + 6) } },
        { type: s, [s]: h(i + 7) },
      ],
      attachments: [{ file_id: h(i + 8), tools: [{ type: s }] }],
      metadata: { [s]: h(i + 9) },
    }),
  );
  return stateOf(run, steps, messages, {
    connectionName: h(10),
    drafts: {},
  });
}

/** A run with `count` steps, one of them carrying a `bytes`-long output (the benchmark's big run). */
export function bigState(count = 150, bytes = 1024 * 1024): PanelState {
  const t0 = 1_760_000_000;
  const run = parseAs(runSchema, 'run', { id: 'run_big000000000000000000000', object: 'thread.run', thread_id: 'thread_big0000000000000000000', assistant_id: 'asst_tools', status: 'completed', created_at: t0, started_at: t0, completed_at: t0 + count, model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } });
  const steps = Array.from({ length: count }, (_, i) =>
    parseAs(runStepSchema, 'step', {
      id: `step_big${String(i).padStart(20, '0')}`,
      type: 'tool_calls',
      status: 'completed',
      created_at: t0 + i,
      completed_at: t0 + i + 1,
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
      step_details: { type: 'tool_calls', tool_calls: [{ id: `call_big${i}`, type: 'function', function: { name: `tool_${i % 7}`, arguments: JSON.stringify({ i }), output: i === 42 ? 'x'.repeat(bytes) : JSON.stringify({ ok: true, i }) } }] },
    }),
  );
  return stateOf(run, steps, []);
}

// ── the emulator's demo, read with the extension's own client ────────────────

import { AgentsClient } from '../../src/api/client';
import type { Connection } from '../../src/api/connection';

export async function demoState(baseUrl: string, threadId: string, runId: string): Promise<PanelState> {
  const connection = { id: 'demo', name: 'Emulator (demo)', kind: 'openai-compatible', baseUrl, auth: 'none' } as Connection;
  const api = new AgentsClient(connection, { connection, credential: async () => undefined });
  const all = async <T>(first: (after?: string) => Promise<{ items: T[]; hasMore: boolean; nextAfter?: string }>) => {
    const out: T[] = [];
    let after: string | undefined;
    do {
      const page = await first(after);
      out.push(...page.items);
      after = page.hasMore ? page.nextAfter : undefined;
    } while (after);
    return out;
  };
  const [{ run }, steps, messages] = await Promise.all([
    api.getRun(threadId, runId),
    all((after) => api.listSteps(threadId, runId, after)),
    all((after) => api.listMessages(threadId, { runId, after })),
  ]);
  return { ...stateOf(run, steps, messages), ref: { connectionId: 'demo', threadId, runId }, connectionName: 'Emulator (demo)' };
}

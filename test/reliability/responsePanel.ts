// The Responses family's side of the robustness figures: tolerance of every recorded
// Responses body (responses, conversations, input and conversation item pages) and its
// mutated set through the adapter, the tree's row text, the panel's view model and its
// page; and the XSS corpus through the response page in Chromium, with and without its CSP
// (the Assistants family's are in offline.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { parseConversation, parseItemPage, parseResponse, type ResponseItem } from '../../src/api/responses/schemas';
import { fromResponse, stepsFromItems } from '../../src/model/responses';
import { buildResponseView, itemViews } from '../../src/panels/responseViewModel';
import { describeConversation, describeItem, describeResponse, firstItemText } from '../../src/views/describeModel';
import { recordedResponsesDir } from '../fixtures/paths';
import { openPanel } from '../bench/pageKit';
import { mutations, recordedResponseBodies } from '../unit/responsesFixtures';
import { startPanelServer, type PanelServer } from '../webview/panelPage';
import { pageText } from '../webview/panelKit';
import { hostileResponseObjects } from '../webview/responseKit';
import { xssCorpus } from './inputs';
import { hostilePageStub, inspectPage, openAll, type Figure, type HostilePass } from './offline';

type Json = Record<string, unknown>;

const broken = /\bundefined\b|\bNaN\b|Invalid Date|\[object Object\]/g;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Words the panel wrote that it must never write (the service's own text may say anything). */
function brokenWords(text: string, sent: string): string[] {
  return [...text.matchAll(broken)].map((m) => m[0]).filter((w) => !sent.includes(w));
}

const stateOf = (view: unknown, id: string) => ({
  ref: { connectionId: 'demo', responseId: id || 'resp_x' },
  connectionName: 'Reliability',
  loading: false,
  error: null,
  live: false,
  updatedAt: Date.now(),
  cancelMessage: null,
  response: view,
});

/** Every recorded response and item page, and the mutated set: adapter → view model → the response page. */
export async function responsePanelTolerance(browser: Browser): Promise<Figure> {
  const failures: string[] = [];
  const views: { name: string; id: string; view: unknown; sent: string }[] = [];
  let bodies = 0;
  let mutated = 0;
  let exceptions = 0;
  let rows = 0;
  const exercise = (name: string, body: Json, kind: 'response' | 'items' | 'conversation') => {
    const sent = JSON.stringify(body);
    const check = (what: string, made: unknown) => {
      const bad = brokenWords(strings(made).join('\n'), sent);
      if (bad.length) failures.push(`${name}: ${what} wrote ${[...new Set(bad)].join(', ')}`);
    };
    try {
      if (kind === 'response') {
        const run = fromResponse({ response: parseResponse(body) });
        // The tree: the response's row and one row per output item.
        const tree = [describeResponse(run), ...run.steps.map((step) => describeItem(step))];
        rows += tree.length;
        check('the tree', tree);
        const view = buildResponseView({ run, inputs: { loaded: true, loading: false, hasMore: false, error: undefined } });
        check('the view model', view);
        views.push({ name, id: run.id, view, sent });
      } else if (kind === 'items') {
        const items = parseItemPage(body).items as ResponseItem[];
        const steps = stepsFromItems(items, false);
        // The tree: a conversation's Items group (one row per item) and its row labelled by the first message.
        const tree = [...steps.map((step) => describeItem(step)), describeConversation('conv_reliability', undefined, firstItemText(items), false)];
        rows += tree.length;
        check('the tree', tree);
        check('the view model', itemViews(steps));
      } else {
        const conversation = parseConversation(body);
        rows++;
        check('the tree', describeConversation(conversation.id, conversation, undefined, false));
      }
    } catch (error) {
      exceptions++;
      failures.push(`${name}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  };
  for (const { file, body } of recordedResponseBodies()) {
    bodies++;
    exercise(file, body, 'response');
    for (const [name, variant] of mutations(body)) {
      mutated++;
      exercise(`${file} / ${name}`, variant, 'response');
    }
  }
  for (const file of fs.readdirSync(recordedResponsesDir).filter((f) => f.endsWith('.json'))) {
    const body = JSON.parse(fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8')) as Json;
    if (body.object !== 'list' || !Array.isArray(body.data)) continue;
    bodies++;
    exercise(file, body, 'items');
    mutated++;
    exercise(`${file} / items with unknown kinds and nulls`, { ...body, data: [...(body.data as Json[]).map((d) => ({ ...d, status: null, content: null })), { type: 'hologram_call', id: 'x' }] }, 'items');
  }
  for (const file of fs.readdirSync(recordedResponsesDir).filter((f) => f.endsWith('.json'))) {
    const body = JSON.parse(fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8')) as Json;
    if (body.object !== 'conversation') continue;
    bodies++;
    exercise(file, body, 'conversation');
    for (const [name, variant] of [
      ['metadata null', { ...body, metadata: null }],
      ['no created_at', { ...body, created_at: undefined }],
      ['metadata of other types', { ...body, metadata: { name: 7, title: '', topic: null } }],
    ] as const) {
      mutated++;
      exercise(`${file} / ${name}`, variant, 'conversation');
    }
  }
  const server = await startPanelServer({ page: 'response' });
  let rendered = 0;
  try {
    const panel = await openPanel(browser, server);
    for (const { name, id, view, sent } of views) {
      const errorsBefore = panel.consoleErrors.length;
      const warningsBefore = panel.warnings.length;
      await panel.post({ type: 'responseState', state: stateOf(view, id) });
      await panel.page.evaluate(openAll);
      rendered++;
      if (panel.consoleErrors.length > errorsBefore) failures.push(`${name}: the page: ${panel.consoleErrors.slice(errorsBefore).join(' | ')}`);
      if (panel.warnings.length > warningsBefore) failures.push(`${name}: the page dropped the state: ${panel.warnings.slice(warningsBefore).join(' | ')}`);
      const bad = brokenWords(await pageText(panel.page), sent);
      if (bad.length) failures.push(`${name}: the page shows ${[...new Set(bad)].join(', ')}`);
    }
    await panel.close();
  } finally {
    await server.close();
  }
  return {
    name: 'responses tolerance',
    line: `Responses tolerance: ${bodies} recorded Responses bodies (responses, conversations, item pages) and ${mutated} mutations of them (missing optional fields, unknown item, status and annotation kinds, nulls) through the adapter, the tree's row text (${rows} rows) and the panel's view model, ${rendered} rendered in the response page with every item open; exceptions: ${exceptions}; "undefined"/"NaN"/"Invalid Date" written by the tree or the panel: ${failures.length - exceptions}`,
    short: `${bodies} recorded bodies and ${mutated} mutations, ${failures.length} problems`,
    ok: failures.length === 0 && rendered > 0,
    details: failures,
  };
}

/** One payload in every field of a response and its items, every item and raw JSON view open. */
async function renderHostileResponse(browser: Browser, server: PanelServer, payload: string, withCsp: boolean): Promise<HostilePass> {
  // Tall enough for every row of the lists to be drawn (the page draws only rows near the viewport).
  const page = await browser.newPage({ viewport: { width: 1000, height: 30_000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|Content Security Policy/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
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
    const { response, inputs } = hostileResponseObjects(() => payload);
    const run = fromResponse({ response: parseResponse(response), inputItems: inputs as ResponseItem[] });
    const view = buildResponseView({ run, inputs: { loaded: true, loading: false, hasMore: true, error: payload } });
    await post({ type: 'responseState', state: { ...stateOf(view, run.id), cancelMessage: payload } });
    const output = (response.output as Json[]) ?? [];
    const byTarget = new Map<string, unknown>([[`response:${run.id}`, response], ...run.steps.map((s, i) => [`outputItem:${s.id}`, output[i]] as [string, unknown]), ...(run.inputs ?? []).map((s, i) => [`inputItem:${s.id}`, inputs[i]] as [string, unknown])]);
    let answered = 0;
    for (let round = 0; round < 3; round++) {
      await page.evaluate(openAll);
      const posted = (await page.evaluate('window.__posted')) as { type: string; target?: { kind: string; id: string } }[];
      for (const m of posted.filter((p) => p.type === 'getJson').slice(answered)) {
        const object = byTarget.get(`${m.target!.kind}:${m.target!.id}`);
        await post({ type: 'json', target: m.target, text: object === undefined ? null : JSON.stringify(object, null, 2), error: object === undefined ? payload : null });
        answered++;
      }
    }
    // The page's Raw JSON section holds the response itself; an item's JSON opens in an editor tab.
    if (answered < 1) errors.push('the response\'s raw JSON view was not asked for');
    await page.evaluate(openAll);
    const inspected = (await page.evaluate(inspectPage)) as Omit<HostilePass, 'errors'>;
    await post({ type: 'responseState', state: { ...stateOf(null, 'resp_x'), error: payload } });
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

export async function responsePanelHostileContent(browser: Browser): Promise<Figure> {
  const server = await startPanelServer({ page: 'response' });
  const failures: string[] = [];
  let placesWithout = 0;
  let placesWith = 0;
  let letThrough = 0;
  let executed = 0;
  let violations = 0;
  try {
    for (let i = 0; i < xssCorpus.length; i++) {
      const payload = xssCorpus[i];
      const bare = await renderHostileResponse(browser, server, payload, false);
      placesWithout += bare.places;
      executed += bare.executed;
      if (bare.foreign.length || bare.executed) {
        letThrough++;
        failures.push(`payload ${i} (${payload}) without the CSP: ${bare.executed} executed; ${bare.foreign.slice(0, 6).join(', ')}`);
      }
      const shipped = await renderHostileResponse(browser, server, payload, true);
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
    name: 'response panel hostile content',
    line: `response panel hostile content: ${xssCorpus.length} XSS payloads, each in every text of a response, its output items of every kind, input items, its raw JSON view and errors (${placesWithout} places in the rendered pages); with the CSP removed, ${letThrough} produced an element, attribute, style or URL our code did not create (${executed} executed); with the CSP, ${violations} CSP violations`,
    short: `${xssCorpus.length} payloads in ${placesWithout} places of the response page; ${letThrough} let through with the CSP removed, ${violations} CSP violations`,
    ok: letThrough === 0 && violations === 0 && failures.length === 0 && placesWith === placesWithout,
    details: placesWith === placesWithout ? failures : [...failures, `the two passes found ${placesWithout} and ${placesWith} places`],
  };
}

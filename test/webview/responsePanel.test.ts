// The response panel's page in Chromium, standalone (the real HTML with `data-page=
// "response"`, CSP and bundle, a stubbed VS Code API): the emulator's demo responses,
// every recorded body and its mutated set, the 200-item / 2 MB response, a hostile
// corpus in every item kind, and the message protocol.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { parseResponse } from '../../src/api/responses/schemas';
import { parseWebviewMessage, type ResponsePanelState } from '../../src/shared/protocol';
import { DEMO_RESPONSES } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { launchBrowser } from '../harness/browser';
import { screenshotsDir } from '../harness/paths';
import { fromResponse } from '../../src/model/responses';
import { mutations, recordedBody, recordedResponseBodies } from '../unit/responsesFixtures';
import { hostLists } from './pageHost';
import { startPanelServer, type PanelServer } from './panelPage';
import { openPanel, pageText, fullPageScreenshot, type OpenedPanel, type Theme } from './panelKit';
import { demoResponseState, hostileResponseState, responseStateOf } from './responseKit';

const shots = path.join(screenshotsDir, 'response-panel');
const R = DEMO_RESPONSES.responses;

/** Opens every fold and every "Show all" on the page. */
async function unfoldAll(p: OpenedPanel): Promise<void> {
  await p.page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await p.page.waitForTimeout(50);
  for (const more of await p.page.locator('.fold-more button').all()) await more.click();
}

const broken = /\bundefined\b|\bNaN\b|Invalid Date|\[object Object\]/;

describe('Response panel webview (standalone)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: PanelServer;
  let emulator: RunningEmulator;
  let panel: OpenedPanel | undefined;

  before(async () => {
    [server, browser, emulator] = await Promise.all([startPanelServer({ page: 'response' }), launchBrowser(), startEmulator({ mode: 'openai', seed: 'demo', stepMs: 50 })]);
    fs.mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
  });
  afterEach(async () => {
    if (panel) assert.deepEqual(panel.errors, [], 'console errors or failed requests');
    await panel?.close();
    panel = undefined;
  });

  // Only rows near the viewport are drawn: a test that reads every item's text uses a window tall enough for all of them.
  const tall = { width: 1100, height: 20_000 };
  const show = async (state: ResponsePanelState, theme: Theme = 'dark', viewport?: { width: number; height: number }) => {
    panel = await openPanel(browser, server, { theme, viewport });
    await panel.post({ type: 'responseState', state });
    await panel.page.locator('.response-header').waitFor({ timeout: 5000 });
    return panel;
  };
  const demo = (id: string) => demoResponseState(emulator.baseURL, id);

  describe('rendering the demo responses', () => {
    const cases: [string, string, RegExp[]][] = [
      ['completed', R.completed, [/completed/, /You said: Say hello\./]],
      ['failed', R.failed, [/failed/, /Failed: the service had an internal error \(server_error\)/]],
      ['incomplete', R.incomplete, [/incomplete/, /Stopped: the output hit max_output_tokens \(16\)\./, /This limit \(16\) stopped the response/]],
      ['cancelled', R.cancelled, [/cancelled/, /Cancelled: the response was stopped/]],
      ['queued', R.queued, [/queued/, /reported when the response ends/]],
      ['pending function call', R.pendingFunctionCall, [/get_weather/, /lookup_order/, /No answer seen/]],
      ['pending MCP approval', R.pendingMcpApproval, [/mcp approval request/, /Tools of dmcp/, /roll/]],
      ['chain2', R.chain2, [/Previous/, new RegExp(R.chain1)]],
      ['every kind', R.everyKind, [/Code interpreter/, /Web search/, /Sources\s+\S*example\.com\/sales/i, /File search/, /Image generation/, /container file citation/, /chart\.png/, /Q3 grew 12%\./, /score 0\.880/]],
      ['unknown kind', R.unknownKind, [/workflow action/, /InvokeAzureAgent/]],
      ['unicode', R.unicode, [/東京で今夜/, /هل يمكنك/]],
    ];
    for (const [name, id, expected] of cases) {
      it(`renders the ${name} response`, async () => {
        const state = await demo(id);
        const p = await show(state, 'dark', tall);
        await unfoldAll(p);
        const text = await pageText(p.page);
        assert.ok(text.includes(id), 'response id shown');
        for (const re of expected) assert.match(text, re);
        assert.doesNotMatch(text, broken);
        assert.equal(await p.page.locator('.section-output .item').count(), state.response!.output.length);
        assert.equal(await p.page.locator('.section-inputs .item').count(), state.response!.inputs.items.length);
        assert.equal(await p.page.locator('[data-focus="hdr:cancel"]').count(), state.response!.cancellable ? 1 : 0);
      });
    }

    it('shows the images a response carries (code-interpreter output, generated image) from validated base64 only', async () => {
      const p = await show(await demo(R.everyKind), 'dark', tall);
      await unfoldAll(p);
      const sources = await p.page.locator('img.file-image').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
      assert.equal(sources.length, 2, sources.join('\n'));
      for (const src of sources) assert.match(src, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      const loaded = await p.page.locator('img.file-image').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0));
      assert.ok(loaded, 'an image did not decode');
      // The chart its message cites lives in the code interpreter's container: asked of the extension, shown when it comes.
      const asked = (await p.posted()).filter((m) => m.type === 'getImage');
      assert.deepEqual(asked.map((m) => [m.fileId, typeof m.containerId]), [['cfile_demo0000000000000000000000', 'string']]);
      assert.equal(parseWebviewMessage(asked[0]).ok, true);
      const chart = p.page.locator('.citations .image-file');
      assert.match(await chart.innerText(), /Loading the image…[\s\S]*chart\.png/);
      const png = sources[0]!.slice('data:image/png;base64,'.length);
      await p.post({ type: 'image', image: { fileId: 'cfile_demo0000000000000000000000', mime: 'image/png', base64: png } });
      await chart.locator('img.file-image').waitFor();
      assert.ok(await chart.locator('img.file-image').evaluate((i) => (i as HTMLImageElement).naturalWidth > 0), 'the chart did not decode');
      await fullPageScreenshot(p.page, path.join(shots, 'every-kind-dark.png'));
    });

    it('renders the 200-item / 2 MB response a window at a time: items drawn near the viewport, Expand all opens them as they come, search reaches any', async () => {
      const state = await demo(R.big200Items);
      assert.equal(state.response!.output.length, DEMO_RESPONSES.counts.bigResponseOutputItems);
      panel = await openPanel(browser, server);
      const host = await hostLists(panel.page, 'response');
      await host.postState(state);
      const p = panel;
      await p.page.locator('.section-output .item').first().waitFor();
      assert.ok(Math.max(...host.sizes) <= 256 * 1024, `a message of ${Math.max(...host.sizes)} characters`);
      const drawn = await p.page.locator('.section-output .item').count();
      assert.ok(drawn > 5 && drawn < 120, `${drawn} items in the page`);
      assert.equal(await p.page.locator('.section-output [role="listitem"]').first().getAttribute('aria-setsize'), '200');
      // Folded by default (more than 12 items): bodies are built on demand.
      assert.equal(await p.page.locator('.section-output .item[open]').count(), 0);
      const bar = p.page.locator('.section-output .expand-bar');
      await bar.getByRole('button', { name: 'Expand all' }).click();
      assert.equal(await bar.locator('[role="status"]').innerText(), '200 items open.');
      assert.equal(await p.page.locator('.section-output .item:not([open])').count(), 0);
      // Search: an item far down, by a word of its text; it is brought into view, open.
      const last = state.response!.output.at(-1)!;
      await p.page.locator('.search-bar input').fill(last.id);
      await p.page.waitForFunction(() => /^1 of 1 · output #200 /.test(document.querySelector('.search-bar [role="status"]')?.textContent ?? ''));
      await p.page.locator('.section-output .item[data-item-index="200"][open]').waitFor();
      const text = await p.page.locator('.section-output').evaluate((el) => el.textContent ?? '');
      assert.doesNotMatch(text, broken);
      await bar.getByRole('button', { name: 'Collapse all' }).click();
      await p.page.waitForFunction(() => document.querySelectorAll('.section-output .item[open]').length === 0);
    });

    it('shows an error with Retry, and a placeholder while loading', async () => {
      panel = await openPanel(browser, server);
      const base = { ref: { connectionId: 'c', responseId: 'resp_x' }, connectionName: 'C', live: false, updatedAt: null, cancelMessage: null, response: null };
      await panel.post({ type: 'responseState', state: { ...base, loading: true, error: null } });
      await panel.page.getByText('Loading resp_x').waitFor();
      await panel.post({ type: 'responseState', state: { ...base, loading: false, error: "Couldn't read response resp_x: 404 not found." } });
      await panel.page.getByText('404 not found').waitFor();
      await panel.page.getByRole('button', { name: 'Retry' }).click();
      assert.deepEqual((await panel.posted()).at(-1), { type: 'refresh' });
    });
  });

  describe('tolerance', () => {
    it('renders every recorded response and its mutated set without "undefined", "NaN" or "Invalid Date"', async () => {
      const bodies = recordedResponseBodies();
      assert.ok(bodies.length >= 20, `only ${bodies.length} recorded responses`);
      panel = await openPanel(browser, server, { viewport: tall });
      let rendered = 0;
      for (const { file, body, response } of bodies) {
        for (const [name, variant] of [['as recorded', body] as const, ...mutations(body)]) {
          const state = responseStateOf(name === 'as recorded' ? response : parseResponse(variant));
          await panel.post({ type: 'responseState', state });
          await panel.page.locator('.response-header').waitFor();
          await panel.page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
          const text = await pageText(panel.page);
          assert.ok(text.includes(state.response!.id), `${file} / ${name}: id missing`);
          // Text the service sent may say anything; what the panel wrote may not.
          const sent = JSON.stringify(variant);
          for (const m of text.matchAll(new RegExp(broken, 'g'))) assert.ok(sent.includes(m[0]), `${file} / ${name}: "${m[0]}" in the page`);
          assert.equal(await panel.page.locator('.section-output .item').count(), state.response!.output.length, `${file} / ${name}: items`);
          rendered++;
        }
      }
      assert.ok(rendered >= bodies.length * 10, `${rendered} states rendered`);
    });
  });

  describe('hostile service text', () => {
    it('renders hostile strings in every item kind as text: no script runs, no element or attribute comes from the data', async () => {
      const p = await show(hostileResponseState(), 'dark', tall);
      await unfoldAll(p);
      for (const link of (await p.page.locator('.btn-link[title^="javascript"]').all()).slice(0, 3)) await link.click();
      await p.page.waitForTimeout(200);
      const text = await pageText(p.page);
      for (const s of ['<script>window.__pwned = "script"</script>', '<img src=x onerror="window.__pwned = \'img\'">', '<style>body { display: none !important }</style>']) {
        assert.ok(text.includes(s), `not shown literally: ${s}`);
      }
      assert.ok(text.includes('⟨U+202E⟩'), 'a bidi override in an id is not made visible');
      assert.match(text, /not a PNG, JPEG, GIF or WebP/, 'a generated "image" that is not one is refused');
      assert.match(text, /image\/svg\+xml is not shown/, 'an SVG data URL is refused');
      const report = await p.page.evaluate(() => {
        const tags = new Set(['DIV', 'SPAN', 'P', 'H1', 'H2', 'HEADER', 'SECTION', 'DETAILS', 'SUMMARY', 'DL', 'DT', 'DD', 'PRE', 'CODE', 'BUTTON', 'INPUT', 'STRONG', 'OL', 'UL', 'LI', 'MARK', 'SUP', 'Q', 'FIGURE', 'FIGCAPTION']);
        const attrs = new Set(['class', 'id', 'title', 'role', 'tabindex', 'aria-label', 'aria-hidden', 'aria-busy', 'aria-expanded', 'aria-pressed', 'aria-posinset', 'aria-setsize', 'data-focus', 'data-item-index', 'dir', 'type', 'placeholder', 'spellcheck', 'maxlength', 'open', 'disabled', 'hidden', 'style']);
        const bad: string[] = [];
        for (const el of document.querySelectorAll('#app *')) {
          if (!tags.has(el.tagName)) bad.push(`element <${el.tagName.toLowerCase()}>`);
          for (const a of el.attributes) {
            if (!attrs.has(a.name)) bad.push(`attribute ${a.name} on <${el.tagName.toLowerCase()}>`);
            // The only inline style: where a timeline bar or mark sits, set by the page's code.
            // …and the height of a long list's spacer (the rows it stands for).
            const barStyle = /^tl-(bar|mark)$/.test(el.classList[0] ?? '') && /^left: [\d.]+%;( width: [\d.]+%;)?$/.test(a.value);
            const spacerStyle = el.classList.contains('vl-spacer') && /^height: [\d.]+px;$/.test(a.value);
            if (a.name === 'style' && !barStyle && !spacerStyle) bad.push(`style "${a.value}"`);
          }
        }
        return {
          bad,
          heads: [...document.head.children].map((c) => c.tagName),
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          csp: (window as unknown as { __cspViolations: string[] }).__cspViolations,
          url: location.href,
          bodyVisible: getComputedStyle(document.body).display,
        };
      });
      assert.deepEqual(report.bad, []);
      assert.deepEqual(report.heads, ['META', 'META', 'META', 'LINK', 'LINK', 'TITLE'], 'the head changed');
      assert.equal(report.pwned, undefined, 'a script from service text ran');
      assert.deepEqual(report.csp, [], 'something from the data tried to load or run');
      assert.equal(report.url, server.origin + '/', 'the page navigated');
      assert.notEqual(report.bodyVisible, 'none', 'CSS from the data applied');
      const links = (await p.posted()).filter((m) => m.type === 'openLink');
      assert.ok(links.length > 0, 'links go to the extension');
      await p.page.screenshot({ path: path.join(shots, 'hostile-dark.png') });
    });

    it('the demo hostile response renders as text too', async () => {
      const p = await show(await demo(R.hostile));
      await unfoldAll(p);
      const report = await p.page.evaluate(() => ({ pwned: (window as unknown as { __pwned?: unknown }).__pwned, csp: (window as unknown as { __cspViolations: string[] }).__cspViolations }));
      assert.equal(report.pwned, undefined);
      assert.deepEqual(report.csp, []);
    });
  });

  describe('timeline', () => {
    // A chain as the store would hold it: the previous response (both times reported), this one
    // (completed_at absent, as in most recordings), a finished next one and a running one.
    const base = recordedBody('response_create_completed_message.json');
    const link = (id: string, fields: Record<string, unknown>) => {
      const body: Record<string, unknown> = { ...base, id, created_at: 1_765_470_000, ...fields };
      delete body.completed_at;
      if (fields.completed_at !== undefined) body.completed_at = fields.completed_at;
      return parseResponse(body);
    };
    const self = link('resp_self', { created_at: 1_765_470_010, previous_response_id: 'resp_prev' });
    const chainState = () =>
      responseStateOf(self, [], {
        nextIds: ['resp_next1', 'resp_next2'],
        nowMs: 1_765_470_060_000,
        chain: {
          previous: fromResponse({ response: link('resp_prev', { completed_at: 1_765_470_004 }) }),
          next: [
            fromResponse({ response: link('resp_next1', { created_at: 1_765_470_020, completed_at: 1_765_470_032, previous_response_id: 'resp_self' }) }),
            fromResponse({ response: link('resp_next2', { created_at: 1_765_470_040, status: 'in_progress', background: true, previous_response_id: 'resp_self' }) }),
          ],
        },
      });

    it('shows the chain on the clock: a bar where both times are reported, "not reported" where completed_at is absent, "so far" while running', async () => {
      const p = await show(chainState());
      const section = p.page.locator('.section-timeline');
      assert.equal(await section.evaluate((d) => (d as HTMLDetailsElement).open), true, 'folded by default');
      assert.equal(await section.locator('.count').innerText(), '4 responses');
      const rows = await section.locator('.tl-row').evaluateAll((els) =>
        els.map((el) => ({
          tag: el.querySelector('.tl-index')?.textContent,
          label: el.querySelector('.tl-label')?.textContent,
          duration: el.querySelector('.tl-duration')?.textContent,
          bars: el.querySelectorAll('.tl-bar').length,
          marks: el.querySelectorAll('.tl-mark').length,
          button: el.tagName === 'BUTTON',
          current: el.classList.contains('current'),
        })),
      );
      assert.deepEqual(rows, [
        { tag: 'previous', label: 'previous resp_prev', duration: '4 s', bars: 1, marks: 0, button: true, current: false },
        { tag: 'this', label: 'this resp_self', duration: 'not reported', bars: 0, marks: 1, button: false, current: true },
        { tag: 'next', label: 'next resp_next1', duration: '12 s', bars: 1, marks: 0, button: true, current: false },
        { tag: 'next', label: 'next resp_next2', duration: '20 s so far', bars: 1, marks: 0, button: true, current: false },
      ]);
      // Placed on one axis from the first creation to now (60 s): the previous bar is 4 s of 60.
      assert.equal(await section.locator('.tl-bar').first().getAttribute('style'), 'left: 0%; width: 6.667%;');
      assert.equal(await section.locator('.tl-mark').getAttribute('style'), 'left: 16.667%;');
      assert.match(await section.locator('.tl-row.current').getAttribute('title') ?? '', /end not reported/);
      const text = await section.innerText();
      assert.match(text, /Items carry no times in the Responses API, so the output is shown in order, not on the clock\./);
      assert.doesNotMatch(text, /is not loaded here/);
      assert.doesNotMatch(await p.page.locator('#app').innerText(), broken);
      await section.screenshot({ path: path.join(shots, 'timeline-dark.png') });
    });

    it('opens another response of the chain by click or Enter; this one is not a link', async () => {
      const p = await show(chainState());
      await p.page.locator('.section-timeline .tl-row').first().click();
      await p.page.locator('.section-timeline .tl-row.current').click();
      await p.page.locator('.section-timeline [data-focus="tl:3"]').focus();
      await p.page.keyboard.press('Enter');
      const posted = (await p.posted()).filter((m) => m.type !== 'ready');
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, JSON.stringify(m));
      assert.deepEqual(posted, [
        { type: 'openResponse', responseId: 'resp_prev' },
        { type: 'openResponse', responseId: 'resp_next1' },
      ]);
      const focusable: string[] = [];
      for (let i = 0; i < 12; i++) {
        await p.page.keyboard.press('Tab');
        focusable.push(await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focus ?? ''));
      }
      assert.ok(focusable.includes('tl:4'), `the last row is not reachable with Tab: ${focusable.join(', ')}`);
    });

    it('says when the previous response is not loaded, and a response alone is a row of its own', async () => {
      const p = await show(responseStateOf(self, [], { nowMs: 1_765_470_060_000 }));
      const section = p.page.locator('.section-timeline');
      assert.equal(await section.locator('.tl-row').count(), 1);
      assert.equal(await section.locator('.count').innerText(), '1 response');
      assert.match(await section.innerText(), /The previous response \(resp_prev\) is not loaded here; open it to place it on the timeline\./);
      assert.match(await section.innerText(), /not reported/);
    });
  });

  describe('fork', () => {
    it('posts Fork from Here from the header and from an item, and marks replayed outputs (answers and output items)', async () => {
      const state = await demo(R.pendingFunctionCall);
      const items = state.response!.output;
      const fn = items.find((i) => i.body.kind === 'function')!;
      if (fn.body.kind === 'function') fn.body.answer = { state: 'answered', output: 'sunny', itemId: null, note: 'Answered.', replayed: true };
      const p = await show(state);
      await p.page.locator('[data-focus="hdr:fork"]').click();
      // Open the row when it is folded (rows with calls start open).
      if (!(await p.page.locator(`[data-focus="output:${fn.index}:fork"]`).isVisible())) await p.page.locator(`[data-focus="output:${fn.index}"]`).click();
      await p.page.locator(`[data-focus="output:${fn.index}:fork"]`).click();
      await p.page.waitForTimeout(50);
      const posted = (await p.posted()).filter((m) => m.type === 'forkFromHere');
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
      assert.deepEqual(posted, [{ type: 'forkFromHere' }, { type: 'forkFromHere', at: fn.id }]);
      assert.equal(await p.page.locator('.replayed').count(), 1);
      assert.match(await p.page.locator('.replayed').innerText(), /Replayed: the original's output/);
    });
  });

  describe('comparison', () => {
    it('shows the summary side by side with the differing rows marked, service text as text, and closes', async () => {
      const state = await demo(R.completed);
      const comparison = {
        here: R.completed,
        other: 'resp_<b>other</b>',
        rows: [
          { label: 'model', here: 'tools', other: 'tools' },
          { label: 'status', here: 'completed', other: 'failed' },
          { label: 'error', here: 'none', other: 'server_error: <img src=x onerror=alert(1)>' },
        ],
      };
      const p = await show({ ...state, comparison });
      const table = p.page.locator('table.comparison');
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), 3);
      assert.equal(await table.locator('tbody tr.differs').count(), 2, 'status and error differ; the model does not');
      assert.match(await table.locator('caption').innerText(), /2 of 3 differ/);
      assert.match(await table.locator('tbody tr.differs').first().innerText(), /status\s*\(differs\)?\s*completed\s*failed/);
      assert.equal(await p.page.locator('table.comparison img').count(), 0, 'a service string is text, not HTML');
      assert.match(await table.innerText(), /<img src=x onerror=alert\(1\)>/);
      await p.page.locator('[data-focus="comparison:close"]').click();
      await p.page.waitForTimeout(50);
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'closeComparison'), [{ type: 'closeComparison' }]);
      await p.post({ type: 'responseState', state: { ...state, comparison: null } });
      await table.waitFor({ state: 'detached' });
    });
  });

  describe('Go to handler', () => {
    it('posts the tool name of every function, custom tool and MCP call and approval request, and of no other item', async () => {
      const base = await (await fetch(`${emulator.baseURL}/responses/${R.pendingFunctionCall}`)).json() as Record<string, unknown>;
      const output = [
        { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
        { id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_2', name: 'run_sql', input: 'select 1' },
        { id: 'mcp_1', type: 'mcp_call', server_label: 'dmcp', name: 'roll', arguments: '{}', output: '4', error: null },
        { id: 'mcpr_1', type: 'mcp_approval_request', server_label: 'dmcp', name: 'delete_file', arguments: '{}' },
        { id: 'fc_2', type: 'function_call', status: 'completed', call_id: 'call_3', name: '', arguments: '{}' },
        { id: 'ci_1', type: 'code_interpreter_call', status: 'completed', code: 'print(1)', container_id: 'cntr_1', outputs: null },
        { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'get_weather', annotations: [] }] },
      ];
      const state = responseStateOf(parseResponse({ ...base, output }));
      const p = await show(state, 'dark', tall);
      await unfoldAll(p);
      const named = state.response!.output.flatMap((i) => {
        const b = i.body;
        return b.kind === 'function' || b.kind === 'custom' || b.kind === 'mcpCall' || b.kind === 'approvalRequest' ? [b.name] : [];
      });
      assert.deepEqual(named, ['get_weather', 'run_sql', 'roll', 'delete_file', '']);
      named.pop();
      const buttons = p.page.getByRole('button', { name: 'Go to handler' });
      assert.equal(await buttons.count(), named.length);
      for (const button of await buttons.all()) await button.click();
      const posted = (await p.posted()).filter((m) => m.type === 'goToHandler');
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
      assert.deepEqual(posted, named.map((name) => ({ type: 'goToHandler', name })));
    });
  });

  describe('message protocol', () => {
    it('posts only messages the extension accepts: refresh, compare, cancel, open as JSON, the chain, load more, getJson', async () => {
      const queued = await demo(R.queued);
      const state = { ...queued, response: { ...queued.response!, previousId: R.chain1, nextIds: [R.chain3], inputs: { ...queued.response!.inputs, hasMore: true } } };
      const p = await show(state);
      await p.page.locator('[data-focus="hdr:refresh"]').click();
      await p.page.locator('[data-focus="hdr:compare"]').click();
      await p.page.locator('[data-focus="hdr:cancel"]').click();
      await p.page.locator('[data-focus="hdr:json"]').click();
      await p.page.locator('[data-focus="hdr:prev"]').click();
      await p.page.locator('[data-focus="chain:next:0"]').click();
      // Opened, the input items show their end: the next page is asked for without a click.
      await p.page.locator('[data-focus="section:inputs"]').click();
      await p.page.locator('[data-focus="inputs:more"]').waitFor();
      await p.page.locator('[data-focus="section:json"]').click();
      await p.page.locator('.json-item summary').first().click();
      await p.page.waitForTimeout(50);
      const posted = await p.posted();
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
      assert.deepEqual(posted.map((m) => m.type), ['ready', 'refresh', 'compareWith', 'cancelResponse', 'openJson', 'openResponse', 'openResponse', 'loadMoreInputs', 'getJson']);
      assert.deepEqual(posted[5], { type: 'openResponse', responseId: R.chain1 });
      assert.deepEqual(posted[6], { type: 'openResponse', responseId: R.chain3 });
      assert.deepEqual(posted[8], { type: 'getJson', target: { kind: 'response', id: R.queued } });
    });

    it('drops a state whose image is not validated base64, and logs it', async () => {
      const p = await show(await demo(R.completed));
      const before = await p.page.locator('#app').innerHTML();
      const state = await demo(R.everyKind);
      const output = state.response!.output.map((item) =>
        item.body.kind === 'imageGeneration' ? { ...item, body: { ...item.body, image: { kind: 'data', mime: 'image/png', base64: 'AAAA" onerror="window.__pwned=1' } } } : item,
      );
      await p.post({ type: 'responseState', state: { ...state, response: { ...state.response!, output } } });
      await p.post({ type: 'responseState', state: { ...state, response: { ...state.response!, status: 7 } } });
      await p.page.waitForTimeout(100);
      assert.equal(await p.page.locator('#app').innerHTML(), before, 'an invalid state changed the page');
      const warnings = await p.page.evaluate(() => (window as unknown as { __warnings: string[] }).__warnings);
      assert.equal(warnings.filter((w) => w.includes('Dropped an invalid message from the extension')).length, 2);
    });

    it('keeps open items and sections across a refresh and a reload (persisted state)', async () => {
      const base = await (await fetch(`${emulator.baseURL}/responses/${R.pendingFunctionCall}`)).json() as Record<string, unknown>;
      const output = [
        { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
        { id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_2', name: 'run_sql', input: 'select 1' },
        { id: 'mcp_1', type: 'mcp_call', server_label: 'dmcp', name: 'roll', arguments: '{}', output: '4', error: null },
        { id: 'mcpr_1', type: 'mcp_approval_request', server_label: 'dmcp', name: 'delete_file', arguments: '{}' },
        { id: 'fc_2', type: 'function_call', status: 'completed', call_id: 'call_3', name: '', arguments: '{}' },
        { id: 'ci_1', type: 'code_interpreter_call', status: 'completed', code: 'print(1)', container_id: 'cntr_1', outputs: null },
        { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'get_weather', annotations: [] }] },
      ];
      const state = responseStateOf(parseResponse({ ...base, output }));
      const p = await show(state);
      await p.page.locator('[data-focus="section:inputs"]').click();
      // Scrolled to first (the lists draw what comes into view on the next frame), then clicked.
      const first = p.page.locator('.section-output .item summary').first();
      await first.scrollIntoViewIfNeeded();
      await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await first.click();
      // The fold's toggle event comes after the click: the page saves the choice then.
      await p.page.waitForFunction(() => (window as unknown as { __vscodeState: { open?: Record<string, boolean> } }).__vscodeState.open?.['output:fc_1'] === false);
      const saved = await p.page.evaluate(() => (window as unknown as { __vscodeState: unknown }).__vscodeState);
      await p.close();
      panel = await openPanel(browser, server, { state: saved });
      await panel.post({ type: 'responseState', state });
      await panel.page.locator('.response-header').waitFor();
      assert.equal(await panel.page.locator('.section-inputs').evaluate((d) => (d as HTMLDetailsElement).open), true);
      assert.equal(await panel.page.locator('.section-output .item').first().evaluate((d) => (d as HTMLDetailsElement).open), false);
    });
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`screenshot: the pending function call response in the ${theme} theme`, async () => {
      const p = await show(await demo(R.pendingFunctionCall), theme);
      await fullPageScreenshot(p.page, path.join(shots, `pending-${theme}.png`));
    });
  }
});

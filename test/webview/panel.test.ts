// The run panel's webview in Chromium, standalone (the real HTML, CSP and bundle, a
// stubbed VS Code API): every status and step kind from the emulator and from recorded
// bodies, a hostile corpus, the message protocol, the required-action flow, keyboard,
// screenshots in dark and light themes, and the big-run benchmark.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { parseWebviewMessage, type PanelState } from '../../src/shared/protocol';
import { DEMO } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { launchBrowser } from '../harness/browser';
import { screenshotsDir } from '../harness/paths';
import { startPanelServer, type PanelServer } from './panelPage';
import { hostLists } from './pageHost';
import { HOSTILE, bigState, demoState, hostileState, openPanel, pageLook, recordedStates, themeColor, pageText, fullPageScreenshot, type OpenedPanel, type Theme } from './panelKit';

const shots = path.join(screenshotsDir, 'panel');

/** Polls until `probe` returns something (the page handles messages asynchronously). */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the page');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Run panel webview (standalone)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: PanelServer;
  let emulator: RunningEmulator;
  let panel: OpenedPanel | undefined;

  before(async () => {
    [server, browser, emulator] = await Promise.all([startPanelServer(), launchBrowser(), startEmulator({ mode: 'openai', seed: 'demo', stepMs: 50 })]);
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

  const show = async (state: PanelState, theme: Theme = 'dark', saved?: unknown, viewport?: { width: number; height: number }) => {
    panel = await openPanel(browser, server, { theme, state: saved, viewport });
    await panel.post({ type: 'state', state });
    await panel.page.locator('.run-header').waitFor({ timeout: 5000 });
    return panel;
  };
  const demo = (thread: string, run: string) => demoState(emulator.baseURL, thread, run);

  describe('rendering', () => {
    const cases: [string, string, string, RegExp[]][] = [
      ['completed', DEMO.threads.mixed, DEMO.runs.completed, [/completed/]],
      ['failed', DEMO.threads.mixed, DEMO.runs.failed, [/failed/, /Failed: /]],
      ['incomplete', DEMO.threads.mixed, DEMO.runs.incomplete, [/incomplete/, /^Stopped\n/m, /Stopped: the completion hit a token limit; the run set no max_completion_tokens/, /Not set: the run stopped at a completion limit/]],
      ['cancelled', DEMO.threads.mixed, DEMO.runs.cancelled, [/cancelled/]],
      ['expired', DEMO.threads.mixed, DEMO.runs.expired, [/expired/, /Expired/]],
      ['requires_action', DEMO.threads.mixed, DEMO.runs.requiresAction, [/requires action/, /Required action/, /get_weather/, /lookup_order/, /Expires in \d/]],
      ['in_progress', DEMO.threads.inProgress, DEMO.runs.inProgress, [/in progress/]],
      ['queued', DEMO.threads.queued, DEMO.runs.queued, [/queued/]],
      ['cancelling', DEMO.threads.cancelling, DEMO.runs.cancelling, [/cancelling/, /Cancelling: /]],
      ['asst_code', DEMO.threads.mixed, DEMO.runs.code, [/Code interpreter/, /File search/, /score \d/, /file citation/]],
      ['unicode', DEMO.threads.unicode, DEMO.runs.unicode, []],
    ];
    for (const [name, thread, run, expected] of cases) {
      it(`renders the ${name} demo run`, async () => {
        const state = await demo(thread, run);
        const p = await show(state);
        const text = await pageText(p.page);
        assert.ok(text.includes(run), 'run id shown');
        assert.ok(text.includes(thread), 'thread id shown');
        for (const re of expected) assert.match(text, re);
        assert.equal(await p.page.locator('.step').count(), state.run!.steps.length);
        assert.equal(await p.page.locator('.message').count(), state.run!.messages.length);
        if (state.run!.steps.length) assert.equal(await p.page.locator('.tl-row').count(), state.run!.steps.length);
      });
    }

    it('renders the file-search chunk text the extension asks for with include[]', async () => {
      const p = await show(await demo(DEMO.threads.mixed, DEMO.runs.code));
      const result = p.page.locator('.call-file-search .result').first();
      await result.waitFor();
      assert.ok((await result.locator('pre').first().innerText()).trim().length > 0, 'no chunk text');
      assert.equal(await p.page.locator('.call-file-search .notice').count(), 0, 'chunk text reported missing');
    });

    it('renders every recorded run body (fixtures/recorded) with its recorded steps and messages', async () => {
      const states = recordedStates();
      assert.ok(states.length >= 8, `only ${states.length} recorded runs`);
      panel = await openPanel(browser, server);
      for (const { name, state } of states) {
        await panel.post({ type: 'state', state });
        await panel.page.locator('.run-header').waitFor();
        const text = await pageText(panel.page);
        assert.ok(text.includes(state.run!.id), `${name}: run id missing`);
        assert.ok(text.includes(state.run!.status.replace(/_/g, ' ')), `${name}: status missing`);
        assert.equal(await panel.page.locator('.step').count(), state.run!.steps.length, `${name}: steps`);
      }
    });

    it('shows an error with Retry when the run cannot be read, and a placeholder while loading', async () => {
      panel = await openPanel(browser, server);
      const base = { ref: { connectionId: 'c', threadId: 'thread_x', runId: 'run_x' }, connectionName: 'C', live: false, updatedAt: null, run: null, drafts: {}, submission: { state: 'idle' } };
      await panel.post({ type: 'state', state: { ...base, loading: true, error: null } });
      await panel.page.getByText('Loading run_x').waitFor();
      await panel.post({ type: 'state', state: { ...base, loading: false, error: "Couldn't load run run_x: 404 not found — No run found with id 'run_x'." } });
      await panel.page.getByText('No run found').waitFor();
      await panel.page.getByRole('button', { name: 'Retry' }).click();
      assert.deepEqual((await panel.posted()).at(-1), { type: 'refresh' });
    });
  });

  describe('hostile service text', () => {
    it(`renders a corpus of ${HOSTILE.length} hostile strings as text: no script runs, no element or attribute comes from the data`, async () => {
      assert.ok(HOSTILE.length >= 30);
      // A window tall enough for every row of the lists to be drawn (only rows near the
      // viewport are); the state posted as the panel posts it, so rows also come in windows.
      panel = await openPanel(browser, server, { viewport: { width: 1100, height: 30_000 } });
      const host = await hostLists(panel.page, 'run');
      await host.postState(hostileState());
      const p = panel;
      await p.page.locator('.run-header').waitFor({ timeout: 5000 });
      await p.page.waitForFunction(() => document.querySelectorAll('.placeholder').length === 0 && document.querySelectorAll('details.step').length > 0);
      assert.ok(host.answered.some((m) => m.type === 'getRange'), 'no row came in a window');
      // Unfold everything: every step, every JSON-less value, every "Show all".
      await p.page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await p.page.waitForTimeout(100);
      for (const more of await p.page.locator('.fold-more button').all()) await more.click();
      // Links from the data only ask the extension; they never navigate.
      for (const link of (await p.page.locator('.btn-link[title^="javascript"]').all()).slice(0, 3)) await link.click();
      await p.page.waitForTimeout(300);

      const text = await pageText(p.page);
      for (const s of ['<script>window.__pwned = "script"</script>', '<img src=x onerror="window.__pwned = \'img\'">', '<svg onload="window.__pwned = \'svg\'"></svg>', '&lt;script&gt;window.__pwned = 1&lt;/script&gt;', '<style>body { display: none !important }</style>']) {
        assert.ok(text.includes(s), `not shown literally: ${s}`);
      }
      assert.ok(text.includes('⟨U+202E⟩'), 'a bidi override in an id/name is not made visible');
      const report = await p.page.evaluate(() => {
        const tags = new Set(['DIV', 'SPAN', 'P', 'H1', 'H2', 'HEADER', 'SECTION', 'DETAILS', 'SUMMARY', 'DL', 'DT', 'DD', 'PRE', 'CODE', 'BUTTON', 'TEXTAREA', 'INPUT', 'LABEL', 'STRONG', 'OL', 'LI', 'ARTICLE', 'MARK', 'SUP', 'Q', 'FIGURE', 'FIGCAPTION']);
        const attrs = new Set(['class', 'id', 'title', 'role', 'tabindex', 'aria-label', 'aria-hidden', 'aria-busy', 'aria-expanded', 'aria-pressed', 'aria-posinset', 'aria-setsize', 'maxlength', 'data-focus', 'data-step-index', 'data-expires-at', 'dir', 'type', 'for', 'rows', 'spellcheck', 'placeholder', 'open', 'disabled', 'readonly', 'hidden', 'style']);
        const bad: string[] = [];
        for (const el of document.querySelectorAll('#app *')) {
          if (!tags.has(el.tagName)) bad.push(`element <${el.tagName.toLowerCase()}>`);
          for (const a of el.attributes) {
            if (!attrs.has(a.name)) bad.push(`attribute ${a.name} on <${el.tagName.toLowerCase()}>`);
            const barStyle = el.classList.contains('tl-bar') && /^left: [\d.]+%; width: [\d.]+%;$/.test(a.value);
            const spacerStyle = el.classList.contains('vl-spacer') && /^height: [\d.]+px;$/.test(a.value);
            if (a.name === 'style' && !barStyle && !spacerStyle) bad.push(`style "${a.value}"`);
          }
        }
        const heads = [...document.head.children].map((c) => c.tagName);
        return { bad, heads, pwned: (window as unknown as { __pwned?: unknown }).__pwned, csp: (window as unknown as { __cspViolations: string[] }).__cspViolations, url: location.href, bodyVisible: getComputedStyle(document.body).display };
      });
      assert.deepEqual(report.bad, []);
      assert.deepEqual(report.heads, ['META', 'META', 'META', 'LINK', 'LINK', 'TITLE'], 'the head changed');
      assert.equal(report.pwned, undefined, 'a script from service text ran');
      assert.deepEqual(report.csp, [], 'something from the data tried to load or run');
      assert.equal(report.url, server.origin + '/', 'the page navigated');
      assert.notEqual(report.bodyVisible, 'none', 'CSS from the data applied');
      const links = (await p.posted()).filter((m) => m.type === 'openLink');
      assert.ok(links.length > 0 && links.every((m) => typeof m.url === 'string'), 'links go to the extension');
      await p.page.screenshot({ path: path.join(shots, 'hostile-dark.png'), fullPage: false });
    });
  });

  describe('message protocol', () => {
    it('drops and logs invalid messages from the extension, and keeps rendering valid ones', async () => {
      const p = await show(await demo(DEMO.threads.mixed, DEMO.runs.completed));
      const before = await p.page.locator('#app').innerHTML();
      for (const bad of [null, 'state', { type: 'nope' }, { type: 'state' }, { type: 'state', state: { ref: {} } }, { type: 'submission', submission: { state: 'exploded' } }, { type: 'json', target: { kind: 'run' } }]) await p.post(bad);
      await p.page.waitForTimeout(100);
      assert.equal(await p.page.locator('#app').innerHTML(), before, 'an invalid message changed the page');
      const warnings = await p.page.evaluate(() => (window as unknown as { __warnings: string[] }).__warnings);
      assert.equal(warnings.filter((w) => w.includes('Dropped an invalid message from the extension')).length, 7);
    });

    it('posts only messages the extension accepts (ready, copy, openJson, getJson, refresh, compare, cancel)', async () => {
      const p = await show(await demo(DEMO.threads.mixed, DEMO.runs.requiresAction));
      await p.page.locator('[data-focus="hdr:copy-run"]').click();
      await p.page.locator('[data-focus="hdr:json"]').click();
      await p.page.locator('[data-focus="hdr:refresh"]').click();
      await p.page.locator('[data-focus="hdr:compare"]').click();
      await p.page.locator('[data-focus="hdr:cancel"]').click();
      await p.page.locator('[data-focus="section:json"]').click();
      await p.page.locator('.json-item summary').first().click();
      await p.page.waitForTimeout(50);
      const posted = await p.posted();
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
      assert.deepEqual(posted.map((m) => m.type), ['ready', 'copy', 'openJson', 'refresh', 'compareWith', 'cancelRun', 'getJson']);
      assert.equal(posted[1]!.text, DEMO.runs.requiresAction);
      await p.post({ type: 'json', target: { kind: 'run', id: DEMO.runs.requiresAction }, text: '{\n  "id": "<b>not bold</b>"\n}', error: null });
      await p.page.locator('.json-body pre').getByText('"<b>not bold</b>"').waitFor();
    });
  });

  describe('fork', () => {
    it('posts Fork from Here from the header (the start) and from a step (after it), and marks a replayed output', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.requiresAction);
      const step = state.run!.steps.find((s) => s.calls.some((c) => c.function))!;
      const call = step.calls.find((c) => c.function)!;
      call.function = { ...call.function!, output: '{"temp": 3}', replayed: true };
      const other = step.calls.find((c) => c.function && c !== call);
      if (other) other.function = { ...other.function!, output: 'not replayed' };
      const p = await show(state);
      await p.page.locator('[data-focus="hdr:fork"]').click();
      // Open the row when it is folded (rows with calls start open).
      if (!(await p.page.locator(`[data-focus="step:${step.index}:fork"]`).isVisible())) await p.page.locator(`[data-focus="step:${step.index}"]`).click();
      await p.page.locator(`[data-focus="step:${step.index}:fork"]`).click();
      await p.page.waitForTimeout(50);
      const posted = (await p.posted()).filter((m) => m.type === 'forkFromHere');
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
      assert.deepEqual(posted, [{ type: 'forkFromHere' }, { type: 'forkFromHere', at: step.id }]);
      const calls = p.page.locator('.call-function');
      assert.equal(await p.page.locator('.replayed').count(), 1, 'only the replayed output is marked');
      assert.match(await calls.filter({ has: p.page.locator('.replayed') }).innerText(), /"temp": 3/);
    });
  });

  describe('Go to handler', () => {
    it('posts the function name from each call of the steps and of the Required action box, and nothing for calls without a name', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.requiresAction);
      const p = await show(state);
      const run = state.run!;
      const names = run.steps.flatMap((s) => s.calls.flatMap((c) => (c.function?.name ? [c.function.name] : [])));
      const pending = run.pendingCalls.map((c) => c.name);
      assert.deepEqual(pending, ['get_weather', 'lookup_order']);
      const buttons = p.page.getByRole('button', { name: 'Go to handler' });
      await buttons.first().waitFor();
      assert.equal(await buttons.count(), pending.length + names.length);
      for (const button of await buttons.all()) await button.click();
      const posted = (await p.posted()).filter((m) => m.type === 'goToHandler');
      for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
      assert.deepEqual(posted, [...pending, ...names].map((name) => ({ type: 'goToHandler', name })));
      // A code interpreter or file search call has no handler to go to.
      const code = await show(await demo(DEMO.threads.mixed, DEMO.runs.code));
      await code.page.locator('.call-code').first().waitFor();
      assert.equal(await code.page.getByRole('button', { name: 'Go to handler' }).count(), 0);
    });
  });

  describe('required action', () => {
    it('keeps typed outputs across refreshes and reloads, submits them all, shows problems next to their box, and disables while in flight', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.requiresAction);
      const calls = state.run!.pendingCalls;
      assert.equal(calls.length, 2);
      const p = await show(state);
      const boxes = p.page.locator('textarea.output');
      await boxes.nth(0).fill('{"temp": 21}');
      await boxes.nth(1).fill('shipped');
      await p.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'saveDraft').length >= 2);
      // A refresh with the same pending calls keeps the boxes (and focus).
      await boxes.nth(1).focus();
      await p.post({ type: 'state', state: { ...state, updatedAt: Date.now() } });
      assert.equal(await boxes.nth(0).inputValue(), '{"temp": 21}');
      assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'output-1');
      const drafts = (await p.posted()).filter((m) => m.type === 'saveDraft');
      assert.deepEqual(drafts.map((d) => [d.toolCallId, d.text]).sort(), [[calls[0]!.id, '{"temp": 21}'], [calls[1]!.id, 'shipped']].sort());

      // Reload: the webview state brings the drafts back.
      const saved = await p.page.evaluate(() => (window as unknown as { __vscodeState: unknown }).__vscodeState);
      await p.close();
      const q = await show(state, 'dark', saved);
      assert.equal(await q.page.locator('textarea.output').nth(0).inputValue(), '{"temp": 21}');
      assert.equal(await q.page.locator('textarea.output').nth(1).inputValue(), 'shipped');

      await q.page.getByRole('button', { name: 'Submit all' }).click();
      const submit = await eventually(async () => (await q.posted()).find((m) => m.type === 'submitToolOutputs'));
      assert.deepEqual(submit, { type: 'submitToolOutputs', outputs: [{ tool_call_id: calls[0]!.id, output: '{"temp": 21}' }, { tool_call_id: calls[1]!.id, output: 'shipped' }] });
      await q.post({ type: 'submission', submission: { state: 'inflight' } });
      await q.page.getByRole('button', { name: 'Submit all', disabled: true }).waitFor();
      assert.equal(await q.page.getByRole('button', { name: 'Submit all' }).isDisabled(), true);
      assert.equal(await q.page.locator('textarea.output').nth(0).getAttribute('readonly'), '');
      await q.post({ type: 'submission', submission: { state: 'error', message: 'Expected tool outputs for call_ids [a, b]. Nothing was sent.', problems: [{ toolCallId: calls[1]!.id, message: 'Output for lookup_order is <b>empty</b>.' }] } });
      await q.page.getByRole('button', { name: 'Submit all', disabled: false }).waitFor();
      await q.page.locator('.pending-call .problem:not([hidden])').first().waitFor();
      assert.equal(await q.page.getByRole('button', { name: 'Submit all' }).isDisabled(), false);
      const problems = q.page.locator('.pending-call .problem:not([hidden])');
      assert.equal(await problems.count(), 1);
      assert.equal(await problems.innerText(), 'Output for lookup_order is <b>empty</b>.');
      assert.ok((await q.page.locator('.pending-call').nth(1).innerText()).includes('<b>empty</b>'), 'problem not next to its box');
      assert.match(await q.page.locator('.submit-message').innerText(), /Nothing was sent/);
      await q.page.screenshot({ path: path.join(shots, 'requires-action-error-dark.png') });
      await q.page.getByRole('button', { name: 'Open in editor' }).click();
      assert.deepEqual(await eventually(async () => (await q.posted()).find((m) => m.type === 'answerInEditor')), { type: 'answerInEditor' });
    });
  });

  describe('one draft with the editor', () => {
    it('shows what the editor typed in the boxes, never over the box being typed in, and locks the boxes while the editor text is not JSON', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.requiresAction);
      const [a, b] = state.run!.pendingCalls;
      const p = await show({ ...state, drafts: { [a!.id]: 'typed in the editor earlier' } });
      const boxes = p.page.locator('textarea.output');
      assert.equal(await boxes.nth(0).inputValue(), 'typed in the editor earlier', 'the state carries the one draft');
      // The editor changes the draft: the boxes follow.
      await p.post({ type: 'drafts', drafts: { [a!.id]: 'from the editor', [b!.id]: 'also' } });
      await eventually(async () => ((await boxes.nth(0).inputValue()) === 'from the editor' ? true : undefined));
      assert.equal(await boxes.nth(1).inputValue(), 'also');
      // The box being typed in keeps what is typed there.
      await boxes.nth(1).fill('typing here');
      await p.post({ type: 'drafts', drafts: { [a!.id]: 'from the editor', [b!.id]: 'stale' } });
      await p.post({ type: 'drafts', drafts: { [a!.id]: 'changed again', [b!.id]: 'stale' } });
      await eventually(async () => ((await boxes.nth(0).inputValue()) === 'changed again' ? true : undefined));
      assert.equal(await boxes.nth(1).inputValue(), 'typing here');
      // "Open in editor" sends what was just typed first, so the editor shows it.
      await p.page.getByRole('button', { name: 'Open in editor' }).click();
      const posted = await eventually(async () => {
        const all = await p.posted();
        const open = all.findIndex((m) => m.type === 'answerInEditor');
        return open >= 0 ? all.slice(0, open) : undefined;
      });
      assert.deepEqual(posted.filter((m) => m.type === 'saveDraft').pop(), { type: 'saveDraft', toolCallId: b!.id, text: 'typing here' });
      // Not JSON in the editor: the boxes say so and nothing can be sent from here.
      await p.post({ type: 'drafts', drafts: {}, draftProblem: 'The draft in the editor is not valid JSON; the boxes show it again once it is fixed there.' });
      await p.page.locator('.draft-problem .notice').waitFor();
      assert.equal(await boxes.nth(0).getAttribute('readonly'), '');
      assert.equal(await p.page.getByRole('button', { name: 'Submit all' }).isDisabled(), true);
      await p.post({ type: 'drafts', drafts: { [a!.id]: 'fixed' } });
      await p.page.getByRole('button', { name: 'Submit all', disabled: false }).waitFor();
      assert.equal(await boxes.nth(0).getAttribute('readonly'), null);
    });
  });

  describe('layout and wording', () => {
    it('keeps each step status pill inside its card in a narrow panel', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.code);
      for (const width of [320, 420]) {
        const p = await openPanel(browser, server, { viewport: { width, height: 900 } });
        panel = p;
        await p.post({ type: 'state', state });
        await p.page.locator('.step').first().waitFor();
        const outside = await p.page.locator('.step').evaluateAll((steps) =>
          steps.flatMap((step) => {
            const card = step.getBoundingClientRect();
            const pill = step.querySelector(':scope > summary > .badge')!.getBoundingClientRect();
            return pill.right > card.right + 0.5 || pill.left < card.left - 0.5 ? [`${step.getAttribute('data-step-index')}: pill ${pill.left}-${pill.right}, card ${card.left}-${card.right}`] : [];
          }),
        );
        assert.deepEqual(outside, [], `width ${width}`);
        assert.equal(await p.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');
        await fullPageScreenshot(p.page, path.join(shots, `narrow-${width}-dark.png`));
        await p.close();
        panel = undefined;
      }
    });

    it('says "not set" for null settings, names empty messages, and counts the timeline in the same units as its bars', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.completed);
      const run = state.run!;
      const long = { ...run, timeline: run.timeline && { ...run.timeline, end: run.timeline.start + 600 } };
      const p = await show({
        ...state,
        run: {
          ...long,
          config: [...run.config, { key: 'temperature', value: '', unset: true, note: null }],
          messages: [{ id: 'msg_empty', role: 'assistant', status: 'completed', createdAt: 1, content: [], attachments: [] }],
        },
      });
      const text = await pageText(p.page);
      const config = await p.page.locator('.config').evaluate((el) => [...el.querySelectorAll('dt')].map((dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`));
      assert.ok(config.includes('temperature=not set'), config.join(' | '));
      assert.ok(!config.some((row) => /=null$/.test(row)), config.join(' | '));
      assert.match(text, /This message has no content\./);
      assert.match(await p.page.locator('.section-timeline .count').innerText(), / over 10 min$/);
    });

    it('does not promise more steps or messages for a cancelled run', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.cancelled);
      const p = await show({ ...state, run: { ...state.run!, steps: [], messages: [], timeline: null } });
      const text = await pageText(p.page);
      assert.doesNotMatch(text, /yet\./);
      assert.match(text, /This run created no messages\./);
    });
  });

  describe('images', () => {
    it('shows a code-interpreter image the extension fetched, and says in words when it could not', async () => {
      const state = await demo(DEMO.threads.mixed, DEMO.runs.code);
      const p = await show(state);
      const codeStep = p.page.locator('details.step', { has: p.page.locator('.step-type', { hasText: 'tool calls' }) }).first();
      await codeStep.evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const asked = await eventually(async () => (await p.posted()).find((m) => m.type === 'getImage'));
      const fileId = asked.fileId as string;
      assert.match(fileId, /^file-/);
      assert.equal(parseWebviewMessage(asked).ok, true);
      const png = (await fetch(`${emulator.baseURL}/files/${fileId}/content`)).arrayBuffer();
      await p.post({ type: 'image', image: { fileId, mime: 'image/png', base64: Buffer.from(await png).toString('base64') } });
      const img = p.page.locator('.image-file img.file-image');
      await img.waitFor();
      assert.equal(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), 120);
      // A second render of the same file asks no more.
      await p.post({ type: 'state', state: { ...state, updatedAt: Date.now() } });
      assert.equal((await p.posted()).filter((m) => m.type === 'getImage').length, 1);
      await fullPageScreenshot(p.page, path.join(shots, 'code-image-dark.png'));

      // A failure is a sentence; a body that is not base64 of an image type is dropped.
      const q = await show(state, 'light');
      await q.page.locator('details.step', { has: q.page.locator('.step-type', { hasText: 'tool calls' }) }).first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const id2 = (await eventually(async () => (await q.posted()).find((m) => m.type === 'getImage'))).fileId as string;
      await q.post({ type: 'image', image: { fileId: id2, mime: 'image/svg+xml', base64: 'PHN2Zz4=' } });
      await q.post({ type: 'image', image: { fileId: id2, mime: 'image/png', base64: '"><script>' } });
      await q.post({ type: 'image', image: { fileId: id2, error: "Couldn't fetch image file-x: 404 not found — No such File object." } });
      await q.page.locator('.image-slot .notice').waitFor();
      assert.match(await q.page.locator('.image-slot').innerText(), /Couldn't fetch image .*404 not found/);
      assert.equal(await q.page.locator('.image-slot img').count(), 0);
      await p.close();
    });
  });

  describe('keyboard and navigation', () => {
    it('reaches the controls with Tab and jumps from the timeline to a step', async () => {
      const p = await show(await demo(DEMO.threads.mixed, DEMO.runs.code));
      const focused: string[] = [];
      for (let i = 0; i < 25; i++) {
        await p.page.keyboard.press('Tab');
        focused.push(await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focus ?? document.activeElement?.tagName ?? ''));
      }
      for (const key of ['hdr:refresh', 'hdr:json', 'hdr:copy-run', 'section:timeline', 'tl:1']) assert.ok(focused.includes(key), `${key} not reachable: ${focused.join(', ')}`);
      await p.page.locator('[data-focus="tl:2"]').focus();
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:2');
      assert.equal(await p.page.locator('details.step[data-step-index="2"]').evaluate((d) => (d as HTMLDetailsElement).open), true);
    });
  });

  describe('expand all', () => {
    it('opens every step (those drawn now and those drawn as the page scrolls), and Collapse all closes them', async () => {
      panel = await openPanel(browser, server);
      const host = await hostLists(panel.page, 'run');
      await host.postState(bigState(600, 300_000));
      const p = panel;
      await p.page.locator('details.step').first().waitFor();
      const openSteps = () => p.page.locator('details.step[open]').count();
      assert.equal(await openSteps(), 0);
      const bar = p.page.locator('.section-steps .expand-bar');
      await bar.locator('button').first().click();
      assert.equal(await bar.locator('[role="status"]').innerText(), '600 steps open.');
      const drawn = await p.page.locator('details.step').count();
      assert.ok(drawn >= 1 && drawn < 100, `${drawn} steps in the page`);
      assert.equal(await openSteps(), drawn);
      // Scrolled to the end: the steps drawn there are open too.
      await p.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await p.page.locator('details.step[data-step-index="600"][open]').waitFor({ timeout: 5000 });
      assert.equal(await p.page.locator('details.step:not([open])').count(), 0);
      await bar.locator('button').nth(1).click();
      await p.page.waitForFunction(() => document.querySelectorAll('details.step[open]').length === 0);
      // The choice is kept in the page's saved state, without a key per step.
      const saved = (await p.page.evaluate('window.__vscodeState')) as { open: Record<string, boolean> };
      assert.equal(saved.open['all:step:'], false);
      assert.equal(Object.keys(saved.open).filter((k) => k.startsWith('step:')).length, 0);
    });

    it('has no Expand all for a run of one step', async () => {
      const p = await show(bigState(1, 10));
      assert.equal(await p.page.locator('.section-steps .expand-bar').isVisible(), false);
    });
  });

  describe('screenshots', () => {
    const runs: [string, string, string][] = [
      ['completed', DEMO.threads.mixed, DEMO.runs.completed],
      ['failed', DEMO.threads.mixed, DEMO.runs.failed],
      ['requires-action', DEMO.threads.mixed, DEMO.runs.requiresAction],
      ['asst-code', DEMO.threads.mixed, DEMO.runs.code],
      ['incomplete', DEMO.threads.mixed, DEMO.runs.incomplete],
    ];
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      it(`keeps screenshots in the ${theme} theme: the run, in the theme's colours, every text readable`, async () => {
        for (const [name, thread, run] of runs) {
          if (theme === 'high-contrast' && name !== 'asst-code') continue;
          const p = await show(await demo(thread, run), theme);
          await fullPageScreenshot(p.page, path.join(shots, `${name}-${theme}.png`));
          // What the screenshot shows.
          assert.match(await p.page.locator('.run-header').innerText(), new RegExp(run), `${name}: the header does not name the run`);
          const look = await pageLook(p.page);
          assert.equal(look.background, themeColor(theme, '--vscode-editor-background'), `${name}: the page is not painted with the theme's background`);
          assert.equal(look.foreground, themeColor(theme, '--vscode-foreground'), `${name}: the text is not in the theme's colour`);
          assert.deepEqual(look.faint, [], `${name}: text hard to read in the ${theme} theme`);
          assert.ok(look.overflowX <= 0, `${name}: the page is ${look.overflowX} px wider than the window`);
          await p.close();
          panel = undefined;
        }
      });
    }
  });

  // The bench's growth table (npm run bench, "big runs") measures the cost; these say what the page does.
  describe('a run of 3,000 steps', () => {
    const open3000 = async () => {
      panel = await openPanel(browser, server);
      const host = await hostLists(panel.page, 'run');
      await host.postState(bigState(3000, 100));
      await panel.page.locator('details.step').first().waitFor();
      return { p: panel, host };
    };
    const inView = (p: OpenedPanel, selector: string) =>
      p.page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });

    it('has only the steps near the viewport in the page, each saying its place in the whole, and no message over 256 KB', async () => {
      const { p, host } = await open3000();
      const list = p.page.locator('.section-steps [role="list"][aria-label="Steps"]');
      assert.equal(await list.count(), 1);
      const drawn = await p.page.locator('details.step').count();
      assert.ok(drawn > 10 && drawn < 200, `${drawn} steps in the page`);
      const first = p.page.locator('.section-steps [role="listitem"]').first();
      assert.equal(await first.getAttribute('aria-posinset'), '1');
      assert.equal(await first.getAttribute('aria-setsize'), '3000');
      assert.equal(await p.page.locator('.section-steps > summary .count').innerText(), '3,000');
      const nodes = await p.page.evaluate(() => document.querySelectorAll('*').length);
      assert.ok(nodes < 6000, `${nodes} elements in the page`);
      assert.ok(Math.max(...host.sizes) <= 256 * 1024, `a message of ${Math.max(...host.sizes)} characters`);
      // Scrolled to the end: the last steps are drawn (asked of the extension), the first are gone.
      await p.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await p.page.locator('details.step[data-step-index="3000"]').waitFor({ timeout: 5000 });
      assert.equal(await p.page.locator('details.step[data-step-index="1"]').count(), 0);
      assert.ok(host.answered.some((m) => m.type === 'getRange'), 'no rows were asked for');
    });

    it('finds a step anywhere by its text, scrolls to it and opens it; Enter goes to the next match', async () => {
      const { p } = await open3000();
      const search = p.page.locator('.search-bar input');
      await search.fill('"i": 2987');
      const status = p.page.locator('.search-bar [role="status"]');
      await p.page.waitForFunction(() => /^1 of 1 /.test(document.querySelector('.search-bar [role="status"]')?.textContent ?? ''));
      assert.match(await status.innerText(), /^1 of 1 · #2988 tool calls · 1 call: tool_5$/);
      const found = p.page.locator('details.step[data-step-index="2988"]');
      await found.waitFor();
      await p.page.waitForFunction(() => (document.querySelector('details.step[data-step-index="2988"]') as HTMLDetailsElement | null)?.open === true);
      assert.ok(await inView(p, 'details.step[data-step-index="2988"] > summary'), 'the match is not in view (or under the sticky top)');
      assert.equal(await p.page.evaluate(() => document.activeElement?.classList.contains('search-input')), true, 'typing lost its focus');
      // A tool name: every seventh step, in order; Enter goes to the next one.
      await search.fill('tool_3');
      await p.page.waitForFunction(() => /^1 of 429 /.test(document.querySelector('.search-bar [role="status"]')?.textContent ?? ''));
      await search.press('Enter');
      await p.page.waitForFunction(() => /^2 of 429 · #11 /.test(document.querySelector('.search-bar [role="status"]')?.textContent ?? ''));
      await p.page.waitForFunction(() => (document.querySelector('details.step[data-step-index="11"]') as HTMLDetailsElement | null)?.open === true);
      await search.fill('no such text anywhere');
      await p.page.waitForFunction(() => document.querySelector('.search-bar [role="status"]')?.textContent === 'No match');
    });

    it('a live refresh that changes a drawn row keeps showing it (no placeholder) until its new version arrives, and keeps its focus', async () => {
      panel = await openPanel(browser, server);
      // A busy extension: every answer takes 400 ms.
      const host = await hostLists(panel.page, 'run', 400);
      const first = bigState(3000, 100);
      await host.postState(first);
      const p = panel;
      await p.page.locator('.tl-scroll').evaluate((el) => (el.scrollTop = 95 * 20));
      await p.page.locator('[data-focus="tl:100"]').click();
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:100', undefined, { timeout: 5000 });
      const steps = first.run!.steps.map((s, i) => (i >= 99 ? { ...s, status: 'failed', statusKind: 'error' as const } : s));
      await host.postState({ ...first, run: { ...first.run!, steps } });
      // Asked again, not yet answered: the old row stays, and so does the focus.
      await p.page.waitForTimeout(100);
      assert.equal(await p.page.locator('.section-steps .placeholder').count(), 0, 'a drawn row blinked to a placeholder');
      assert.match(await p.page.locator('details.step[data-step-index="100"] > summary').innerText(), /completed/);
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.focus), 'step:100');
      await p.page.waitForFunction(() => /failed/.test(document.querySelector('details.step[data-step-index="100"] > summary')?.textContent ?? ''), undefined, { timeout: 5000 });
      assert.equal(await p.page.locator('details.step[data-step-index="99"] .badge').first().innerText(), 'completed');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.focus), 'step:100', 'the redrawn row lost the focus');
    });

    it('moves between steps with Down and Up, to the last with End (drawn when reached) and back with Home', async () => {
      const { p } = await open3000();
      const focused = () => p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focus);
      await p.page.locator('[data-focus="step:1"]').focus();
      await p.page.keyboard.press('ArrowDown');
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:2');
      await p.page.keyboard.press('End');
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:3000', undefined, { timeout: 5000 });
      assert.ok(await inView(p, '[data-focus="step:3000"]'));
      await p.page.keyboard.press('ArrowUp');
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:2999');
      await p.page.keyboard.press('Home');
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:1', undefined, { timeout: 5000 });
      assert.equal(await focused(), 'step:1');
    });

    it('keeps the timeline in a box of its own with only the rows in view in the page; its last row jumps to the last step; zoom spans the rows in view', async () => {
      const { p } = await open3000();
      const rows = await p.page.locator('.tl-row').count();
      assert.ok(rows > 5 && rows < 200, `${rows} timeline rows in the page`);
      const axis = p.page.locator('.tl-axis');
      assert.match(await axis.innerText(), /^0 s\s+50 min$/);
      await p.page.locator('.tl-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
      const last = p.page.locator('[data-focus="tl:3000"]');
      await last.waitFor({ timeout: 5000 });
      await p.page.locator('.tl-tools button').click();
      await p.page.waitForFunction(() => (document.querySelector('.tl-axis')?.textContent ?? '').startsWith('+'));
      assert.equal(await p.page.locator('.tl-tools button').getAttribute('aria-pressed'), 'true');
      await last.click();
      await p.page.waitForFunction(() => (document.activeElement as HTMLElement).dataset.focus === 'step:3000', undefined, { timeout: 5000 });
    });
  });

  // How fast is the bench's figure (npm run bench, "render"), measured on a quiet machine;
  // a test asserts what it shows, not how long it took on a shared one.
  describe('150 steps and a 1 MB output', () => {
    it('renders the steps collapsed, then opens the step with the 1 MB output: the page holds its first 64 K characters and says so', async () => {
      panel = await openPanel(browser, server);
      const host = await hostLists(panel.page, 'run');
      await host.postState(bigState(150, 1024 * 1024));
      assert.ok(Math.max(...host.sizes) <= 256 * 1024, `a message of ${Math.max(...host.sizes)} characters`);
      await panel.page.locator('details.step').first().waitFor();
      assert.equal(await panel.page.locator('details.step[open]').count(), 0, 'every step starts collapsed');
      // Reached from its row of the timeline, which opens it.
      await panel.page.locator('.tl-scroll').evaluate((el) => (el.scrollTop = 42 * 20));
      await panel.page.locator('[data-focus="tl:43"]').click();
      const big = panel.page.locator('details.step[data-step-index="43"][open]');
      await big.locator('.fold-more button').last().click();
      const text = await big.innerText();
      assert.ok(text.includes('x'.repeat(65_536)) && !text.includes('x'.repeat(65_537)), 'the first 64 K characters are shown, no more');
      assert.match(text, /The panel holds the first 65,536 of its 1,048,576 characters; Open as JSON shows and copies all of it\./);
      assert.equal(await big.locator('.call-function .value-bar').last().locator('button[aria-label^="Copy"]').count(), 0, 'a cut value offers no copy of part of it');
      assert.ok(Math.max(...host.sizes) <= 256 * 1024, `a message of ${Math.max(...host.sizes)} characters`);
    });
  });
});

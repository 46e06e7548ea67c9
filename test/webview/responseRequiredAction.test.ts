// The response panel's Required action box in Chromium, standalone (the real page and
// bundle, a stubbed VS Code API): the box for the demo's pending function calls and MCP
// approval request, what typing and the buttons post (valid protocol messages), the draft
// shown as the extension holds it, Continue in flight and its results, and hostile names
// and arguments shown as text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { parseResponse } from '../../src/api/responses/schemas';
import { fromResponse } from '../../src/model/responses';
import type { PendingAction } from '../../src/model/run';
import { parseWebviewMessage, type RequiredActionView, type ResponsePanelState } from '../../src/shared/protocol';
import { DEMO_RESPONSES } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { launchBrowser } from '../harness/browser';
import { screenshotsDir } from '../harness/paths';
import { startPanelServer, type PanelServer } from './panelPage';
import { HOSTILE, openPanel, pageText, type OpenedPanel } from './panelKit';
import { demoResponseState } from './responseKit';

const shots = path.join(screenshotsDir, 'response-panel');
const R = DEMO_RESPONSES.responses;

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The box the extension would send for these pending actions (ResponsePanel.actionView's shape). */
function actionOf(pending: readonly PendingAction[], extra: Partial<RequiredActionView> = {}): RequiredActionView {
  const awaiting = pending.every((p) => p.state === 'awaiting');
  return {
    state: awaiting ? 'awaiting' : 'noAnswerSeen',
    note: awaiting ? 'Everything after this response is visible, and nothing answers these.' : 'Nothing seen answers these, but an answer may exist where the extension cannot see it.',
    items: pending.map((p) =>
      p.kind === 'approval'
        ? { kind: 'approval' as const, id: p.approvalRequestId, name: p.name, what: 'MCP approval request', serverLabel: p.serverLabel, arguments: p.arguments }
        : { kind: p.call === 'function' || p.call === 'custom' ? ('output' as const) : ('unsupported' as const), id: p.callId, name: p.name, what: `${p.call} call`, serverLabel: null, arguments: p.arguments },
    ),
    answers: {},
    draftProblem: null,
    continuing: false,
    result: null,
    ...extra,
  };
}

describe('Response panel Required action box (standalone)', function () {
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

  /** A demo response's state with its Required action box. */
  const demo = async (id: string, extra: Partial<RequiredActionView> = {}) => {
    const state = await demoResponseState(emulator.baseURL, id);
    const res = await fetch(`${emulator.baseURL}/responses/${id}`);
    const run = fromResponse({ response: parseResponse(await res.json()), inputItems: [] });
    assert.ok(run.pending.length, `${id} waits for something`);
    return { state: { ...state, action: actionOf(run.pending, extra) }, pending: run.pending };
  };
  const show = async (state: ResponsePanelState) => {
    panel = await openPanel(browser, server);
    await panel.post({ type: 'responseState', state });
    await panel.page.locator('.response-header').waitFor({ timeout: 5000 });
    return panel;
  };
  const sent = async (p: OpenedPanel, type: string) => (await p.posted()).filter((m) => m.type === type);

  it('offers Go to handler for each call and approval request it answers, posting the tool name', async () => {
    const { state, pending } = await demo(R.pendingFunctionCall);
    const p = await show(state);
    const box = p.page.locator('section.response-action');
    await box.waitFor();
    const buttons = box.getByRole('button', { name: 'Go to handler' });
    assert.equal(await buttons.count(), pending.length);
    for (const button of await buttons.all()) await button.click();
    const posted = await sent(p, 'goToHandler');
    for (const m of posted) assert.ok(parseWebviewMessage(m).ok, `invalid: ${JSON.stringify(m)}`);
    assert.deepEqual(posted, pending.map((c) => ({ type: 'goToHandler', name: c.name })));
  });

  it('shows an output box per pending call with its name and arguments, first on the page, and says why no answer is seen', async () => {
    const { state, pending } = await demo(R.pendingFunctionCall);
    const p = await show(state);
    const box = p.page.locator('section.response-action');
    await box.waitFor();
    // The box comes right after the header (and its search bar), like the run panel's.
    assert.equal(await p.page.evaluate(() => document.querySelector('.sticky-top')?.nextElementSibling?.id), 'required-action');
    assert.equal(await box.locator('textarea.output').count(), pending.length);
    const text = await box.innerText();
    assert.match(text, /Required action\s*· No answer seen/);
    assert.match(text, /an answer may exist where the extension cannot see it/);
    for (const call of pending) {
      assert.ok(text.includes(call.name), call.name);
      assert.ok(text.includes(call.kind === 'approval' ? call.approvalRequestId : call.callId));
      assert.ok(text.includes(call.arguments), `the arguments of ${call.name}`);
    }
    // Each box is labelled by its call's name.
    await p.page.getByLabel(`Output for ${pending[0]!.name}`).waitFor();
    assert.equal(await box.getByRole('button', { name: 'Continue…' }).isDisabled(), false);
    // Awaiting, when everything after it is visible.
    await p.post({ type: 'requiredAction', action: { ...state.action, state: 'awaiting', note: 'Everything after this response is visible, and nothing answers these.' } });
    await eventually(async () => ((await box.innerText()).includes('· Awaiting') ? true : undefined));
    await box.screenshot({ path: path.join(shots, 'required-action-calls-dark.png') });
  });

  it('posts what is typed as saveAnswer once typing pauses, keeps the box being typed in, and sends what was just typed before Continue and Edit in editor', async () => {
    const { state, pending } = await demo(R.pendingFunctionCall);
    const [a, b] = pending.map((p) => (p.kind === 'approval' ? p.approvalRequestId : p.callId));
    const p = await show(state);
    const boxes = p.page.locator('textarea.output');
    await boxes.nth(0).fill('{"temp": 21}');
    const first = await eventually(async () => (await sent(p, 'saveAnswer'))[0]);
    assert.deepEqual(first, { type: 'saveAnswer', id: a, output: '{"temp": 21}' });
    assert.equal(parseWebviewMessage(first).ok, true);
    // The extension's draft comes back; a later change from the editor shows in the box not being typed in.
    await boxes.nth(1).focus();
    await boxes.nth(1).fill('typing here');
    await p.post({ type: 'requiredAction', action: { ...state.action, answers: { [a!]: { output: 'from the editor' }, [b!]: { output: 'stale' } } } });
    await eventually(async () => ((await boxes.nth(0).inputValue()) === 'from the editor' ? true : undefined));
    assert.equal(await boxes.nth(1).inputValue(), 'typing here');
    // Continue… sends the pending text first, then asks to continue.
    await p.page.getByRole('button', { name: 'Continue…' }).click();
    const before = await eventually(async () => {
      const all = await p.posted();
      const at = all.findIndex((m) => m.type === 'continueResponse');
      return at >= 0 ? all.slice(0, at) : undefined;
    });
    assert.deepEqual(before.filter((m) => m.type === 'saveAnswer').pop(), { type: 'saveAnswer', id: b, output: 'typing here' });
    await p.page.getByRole('button', { name: 'Edit in editor' }).click();
    assert.deepEqual(await eventually(async () => (await sent(p, 'continueInEditor'))[0]), { type: 'continueInEditor' });
    for (const m of await p.posted()) assert.equal(parseWebviewMessage(m).ok, true, JSON.stringify(m).slice(0, 200));
  });

  it('keeps what was typed within the save pause across a reload, stores it then, and lets the draft be the one copy once it holds it', async () => {
    const { state, pending } = await demo(R.pendingFunctionCall);
    const [a, b] = pending.map((p) => (p.kind === 'approval' ? p.approvalRequestId : p.callId));
    const p = await show(state);
    // Typed and reloaded at once: nothing has been posted yet (the pause is 400 ms).
    await p.page.locator('textarea.output').nth(0).fill('typed just before the reload');
    const saved = await p.page.evaluate(() => (window as unknown as { __vscodeState: unknown }).__vscodeState);
    assert.deepEqual((await sent(p, 'saveAnswer')).length, 0, 'reloaded within the pause');
    await p.close();
    panel = await openPanel(browser, server, { state: saved });
    const q = panel;
    await q.post({ type: 'responseState', state });
    const boxes = q.page.locator('textarea.output');
    await boxes.first().waitFor();
    assert.equal(await boxes.nth(0).inputValue(), 'typed just before the reload');
    // …and the draft gets it, once.
    assert.deepEqual(await eventually(async () => (await sent(q, 'saveAnswer'))[0]), { type: 'saveAnswer', id: a, output: 'typed just before the reload' });
    // The draft holds it: the page forgets its copy, and a later change from the editor shows.
    await q.post({ type: 'requiredAction', action: { ...state.action, answers: { [a!]: { output: 'typed just before the reload' } } } });
    await eventually(async () => {
      const kept = (await q.page.evaluate(() => (window as unknown as { __vscodeState: { answers?: Record<string, unknown> } }).__vscodeState)).answers ?? {};
      return Object.keys(kept).length === 0 ? true : undefined;
    });
    await q.post({ type: 'requiredAction', action: { ...state.action, answers: { [a!]: { output: 'edited in the editor' }, [b!]: { output: 'x' } } } });
    await eventually(async () => ((await boxes.nth(0).inputValue()) === 'edited in the editor' ? true : undefined));
    assert.equal((await sent(q, 'saveAnswer')).length, 1, 'stored once');
  });

  it('answers an MCP approval request with Approve / Deny from the keyboard and an optional reason', async () => {
    const { state, pending } = await demo(R.pendingMcpApproval);
    const approval = pending.find((x) => x.kind === 'approval');
    assert.ok(approval?.kind === 'approval');
    const p = await show(state);
    const box = p.page.locator('section.response-action');
    assert.equal(await box.locator('textarea.output').count(), 0);
    const approve = box.getByRole('radio', { name: 'Approve' });
    const deny = box.getByRole('radio', { name: 'Deny' });
    assert.equal(await approve.isChecked(), false);
    assert.equal(await deny.isChecked(), false, 'nothing chosen until the user chooses');
    await approve.focus();
    await p.page.keyboard.press('Space');
    assert.deepEqual(await eventually(async () => (await sent(p, 'saveAnswer'))[0]), { type: 'saveAnswer', id: approval.approvalRequestId, approve: true });
    // Arrow keys move within the group: Deny.
    await p.page.keyboard.press('ArrowRight');
    assert.deepEqual(await eventually(async () => (await sent(p, 'saveAnswer'))[1]), { type: 'saveAnswer', id: approval.approvalRequestId, approve: false });
    assert.equal(await deny.isChecked(), true);
    // A state before the draft holds the choice does not undo it.
    await p.post({ type: 'requiredAction', action: state.action });
    await p.page.waitForTimeout(50);
    assert.equal(await deny.isChecked(), true);
    await box.getByLabel('Reason').fill('Not today');
    assert.deepEqual(await eventually(async () => (await sent(p, 'saveAnswer'))[2]), { type: 'saveAnswer', id: approval.approvalRequestId, reason: 'Not today' });
    // What the draft holds (typed in the editor) shows, once the field is left.
    await box.getByLabel('Reason').blur();
    await p.post({ type: 'requiredAction', action: { ...state.action, answers: { [approval.approvalRequestId]: { approve: true, reason: 'ok from the editor' } } } });
    await eventually(async () => ((await approve.isChecked()) ? true : undefined));
    assert.equal(await box.getByLabel('Reason').inputValue(), 'ok from the editor');
    await box.screenshot({ path: path.join(shots, 'required-action-approval-dark.png') });
  });

  it('disables Continue with a spinner while continuing, lists an invalid draft’s problems by id, and links the created response', async () => {
    const { state, pending } = await demo(R.pendingFunctionCall);
    const [a] = pending.map((p) => (p.kind === 'approval' ? p.approvalRequestId : p.callId));
    const p = await show(state);
    const box = p.page.locator('section.response-action');
    const send = box.getByRole('button', { name: 'Continue…' });
    await p.post({ type: 'requiredAction', action: { ...state.action, continuing: true } });
    await box.locator('.submit-status .codicon-loading.codicon-modifier-spin').waitFor();
    assert.equal(await send.isDisabled(), true);
    assert.equal(await box.locator('textarea.output').nth(0).getAttribute('readonly'), '');
    assert.match(await box.locator('.submit-status').innerText(), /Continuing…/);
    await p.post({
      type: 'requiredAction',
      action: {
        ...state.action,
        result: {
          kind: 'invalid',
          message: 'The request has 2 problems: … Nothing was sent.',
          problems: [
            { id: a!, message: 'The output for <b>get_weather</b> is empty.' },
            { id: null, message: 'Both "conversation" and "previous_response_id".' },
          ],
          responseId: null,
        },
      },
    });
    await p.page.locator('.pending-call .problem:not([hidden])').first().waitFor();
    assert.equal(await send.isDisabled(), false);
    assert.equal(await box.locator('.pending-call').nth(0).locator('.problem').innerText(), 'The output for <b>get_weather</b> is empty.');
    assert.equal(await box.locator('.pending-call .problem:not([hidden])').count(), 1);
    assert.match(await box.locator('.submit-message').innerText(), /Nothing was sent\.[\s\S]*Both "conversation" and "previous_response_id"\./);
    await p.post({ type: 'requiredAction', action: { ...state.action, result: { kind: 'uncertain', message: 'The service may have created the response. Check before continuing again.', problems: [], responseId: null } } });
    await eventually(async () => ((await box.locator('.submit-message').innerText()).includes('Check before continuing again') ? true : undefined));
    assert.equal(await box.locator('.pending-call .problem:not([hidden])').count(), 0);
    // Created: the pending calls are answered, the box says so with a link to the new response.
    await p.post({ type: 'requiredAction', action: { ...state.action, items: [], result: { kind: 'created', message: 'Created response resp_next, continuing this one.', problems: [], responseId: 'resp_next' } } });
    await box.getByRole('button', { name: 'resp_next' }).click();
    assert.deepEqual(await eventually(async () => (await sent(p, 'openResponse'))[0]), { type: 'openResponse', responseId: 'resp_next' });
    assert.equal(await box.locator('textarea').count(), 0);
    assert.match(await box.innerText(), /Required action\s*· Continued[\s\S]*Created response resp_next/);
  });

  it('locks the boxes while the editor holds text that is not a request', async () => {
    const { state } = await demo(R.pendingFunctionCall);
    const p = await show({ ...state, action: { ...state.action, draftProblem: 'The request in the editor is not valid JSON; the boxes show it again once it is fixed there.' } });
    const box = p.page.locator('section.response-action');
    await box.locator('.draft-problem .notice').waitFor();
    assert.equal(await box.getByRole('button', { name: 'Continue…' }).isDisabled(), true);
    assert.equal(await box.locator('textarea.output').nth(0).getAttribute('readonly'), '');
    await p.post({ type: 'requiredAction', action: state.action });
    await box.getByRole('button', { name: 'Continue…', disabled: false }).waitFor();
    assert.equal(await box.locator('.draft-problem .notice').count(), 0);
  });

  it('shows hostile names, ids, server labels and arguments as text', async () => {
    const { state } = await demo(R.pendingFunctionCall);
    const items = HOSTILE.slice(0, 20).map((s, i) =>
      i % 2
        ? { kind: 'approval' as const, id: `mcpr_${i}${s}`.slice(0, 500), name: s, what: 'MCP approval request', serverLabel: HOSTILE[(i + 7) % HOSTILE.length]!, arguments: HOSTILE[(i + 3) % HOSTILE.length]! }
        : { kind: 'output' as const, id: `call_${i}${s}`.slice(0, 500), name: s, what: 'function call', serverLabel: null, arguments: JSON.stringify({ a: HOSTILE[(i + 5) % HOSTILE.length] }) },
    );
    const answers = Object.fromEntries(items.map((item, i) => [item.id, item.kind === 'approval' ? { approve: true, reason: HOSTILE[i]! } : { output: HOSTILE[i]! }]));
    const action = { ...state.action, items, answers, result: { kind: 'failed' as const, message: HOSTILE[0]!, problems: [{ id: null, message: HOSTILE[1]! }], responseId: null } };
    const p = await show({ ...state, action });
    const box = p.page.locator('section.response-action');
    await box.waitFor();
    assert.equal(await p.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    // Nothing of theirs became an element: only the box's own kinds of elements are in it.
    const tags = await box.evaluate((el) => [...new Set([...el.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))].sort());
    for (const tag of tags) assert.ok(['button', 'code', 'details', 'div', 'h2', 'input', 'label', 'p', 'pre', 'section', 'span', 'strong', 'summary', 'textarea', 'ul', 'li'].includes(tag), `element <${tag}> in the box`);
    const text = await pageText(p.page);
    for (const item of items) assert.ok(text.includes(item.name.replace(/\u0000/g, '')) || text.includes(item.name), `name shown as text: ${item.name}`);
    assert.equal(await box.locator('textarea.output').nth(0).inputValue(), HOSTILE[0]);
    assert.equal(await box.locator('input.reason').nth(0).inputValue(), HOSTILE[1]);
    assert.ok((await box.locator('.submit-message').innerText()).includes(HOSTILE[0]!));
    // Service strings never become attributes that mean something (ids, labels' targets, names, classes); tooltips are text.
    const attributes = await box.evaluate((el) => [...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => !['title', 'aria-label'].includes(a.name)).map((a) => a.value)).join('\n'));
    assert.ok(!attributes.includes('window.__pwned'), 'a service string in an attribute');
  });
});

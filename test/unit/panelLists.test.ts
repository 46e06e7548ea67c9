// The panels' long lists on the extension's side: a state carries the first rows and how
// many there are; windows answer the page's requests within the message budget; a row that
// changed bumps the version from where it changed; search reaches every row, whole; a value
// too long for a message is cut with a marker the page reads, and service text cannot fake one.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerListRequest, clipToBytes, cutRunState, PanelLists, responseLists, runLists, settleRunState, windowResponseState, windowRunState } from '../../src/panels/panelLists';
import { clippedValue, clipValue, firstWindowRows, maxMessageBytes, maxValueChars } from '../../src/shared/lists';
import { parseHostMessage, type HostMessage, type ResponsePanelState } from '../../src/shared/protocol';
import { bigState } from '../webview/panelKit';

const bytes = (message: unknown) => Buffer.byteLength(JSON.stringify(message));

describe('panel lists (the host side of the virtualized lists)', () => {
  it('sends a 3,000-step run as a state of its first rows, every message within 256 KB and valid', async () => {
    const lists = runLists();
    const whole = bigState(3000, 1024 * 1024);
    const state = windowRunState(lists, whole);
    const message: HostMessage = { type: 'state', state };
    assert.ok(bytes(message) <= maxMessageBytes, `state of ${bytes(message)} bytes`);
    assert.equal(parseHostMessage(message).ok, true);
    assert.deepEqual(state.lists?.steps && { total: state.lists.steps.total }, { total: 3000 });
    assert.ok(state.run!.steps.length > 0 && state.run!.steps.length <= firstWindowRows);
    assert.equal(state.run!.timeline!.items.length <= firstWindowRows, true);
    // Every row, asked for a window at a time as the page does, comes back whole and in order.
    let from = 0;
    let largest = 0;
    const ids: string[] = [];
    while (from < 3000) {
      const answer = await answerListRequest(lists, { type: 'getRange', list: 'steps', from, count: 200 }, ['steps']);
      assert.ok(answer && answer.type === 'range');
      assert.equal(parseHostMessage(answer).ok, true);
      largest = Math.max(largest, bytes(answer));
      assert.ok(answer.items.length >= 1);
      ids.push(...(answer.items as { id: string }[]).map((s) => s.id));
      from += answer.items.length;
    }
    assert.deepEqual(ids, whole.run!.steps.map((s) => s.id));
    assert.ok(largest <= maxMessageBytes, `a window of ${largest} bytes`);
  });

  it('cuts a value too long for a message, with a marker naming its length; service text ending like a marker is not read as cut', async () => {
    const lists = runLists();
    const whole = bigState(150, 1024 * 1024);
    windowRunState(lists, whole);
    const answer = await answerListRequest(lists, { type: 'getRange', list: 'steps', from: 42, count: 1 }, ['steps']);
    assert.ok(answer && answer.type === 'range' && answer.list === 'steps');
    const output = answer.items[0].calls[0].function!.output!;
    assert.deepEqual(clippedValue(output), { head: 'x'.repeat(maxValueChars), length: 1024 * 1024 });
    assert.ok(bytes(answer) <= maxMessageBytes);
    // A short value that ends with what a marker ends with is sent with one naming its own length.
    const fake = 'text\u0000agent-runs:clipped:999999\u0000';
    assert.deepEqual(clippedValue(clipValue(fake)), { head: fake, length: fake.length });
    assert.equal(clippedValue('plain text'), undefined);
    assert.equal(clipValue('plain text'), 'plain text');
  });

  it('keeps the version while nothing changed, and bumps it from the first row that did', () => {
    const lists = runLists();
    const whole = bigState(300, 100);
    const a = windowRunState(lists, whole).lists!.steps!;
    const b = windowRunState(lists, bigState(300, 100)).lists!.steps!;
    assert.equal(b.version, a.version, 'an equal state changed the version');
    const steps = whole.run!.steps.map((s, i) => (i === 250 ? { ...s, status: 'failed' } : s));
    const c = windowRunState(lists, { ...whole, run: { ...whole.run!, steps } }).lists!.steps!;
    assert.notEqual(c.version, a.version);
    assert.equal(c.changedFrom, 250);
    const d = windowRunState(lists, { ...whole, run: { ...whole.run!, steps: [...steps, { ...steps[0], id: 'step_new', index: 301 }] } }).lists!.steps!;
    assert.equal(d.changedFrom, 300);
    assert.equal(d.total, 301);
  });

  it('searches every row, whole (text past the cut too), by id, tool name and text, any case, capped but counted', async () => {
    const lists = runLists();
    const whole = bigState(3000, 100);
    const steps = whole.run!.steps.map((s, i) => (i === 2500 ? { ...s, calls: [{ ...s.calls[0], function: { ...s.calls[0].function!, output: `${'y'.repeat(200_000)}NEEDLE at the end` } }] } : s));
    windowRunState(lists, { ...whole, run: { ...whole.run!, steps } });
    const find = async (query: string) => (await lists.search(query, ['steps', 'messages']))!;
    assert.deepEqual((await find('needle AT THE END')).matches.map((m) => m.index), [2500]);
    assert.deepEqual((await find(steps[1234].id)).matches.map((m) => [m.list, m.index, m.label]), [['steps', 1234, '#1235 tool calls · 1 call: tool_2']]);
    const tool = await find('tool_3');
    assert.equal(tool.total, 429);
    assert.deepEqual(tool.matches.slice(0, 2).map((m) => m.index), [3, 10]);
    // Keys are not text: "status" is in every row's JSON, in no row's values.
    assert.equal((await find('statusKind')).total, 0);
    assert.equal((await find('   ')).total, 0);
    const many = await find('"ok": true');
    assert.equal(many.total, 2998, "all but the 100-byte output and the needle");
    assert.equal(many.matches.length, 1000);
  });

  it('windows a response: output and input items, the typed answers left whole', async () => {
    const lists = responseLists();
    const item = (i: number) => ({ id: `item_${i}`, index: i + 1, type: 'message', status: 'completed', statusKind: 'ok' as const, summary: `message ${i}`, createdBy: null, body: { kind: 'message' as const, role: 'user', content: [{ kind: 'text' as const, text: `text ${i}`, annotations: [] }] } });
    const state = {
      ref: { connectionId: 'c', responseId: 'resp_1' },
      response: { output: Array.from({ length: 3000 }, (_, i) => item(i)), inputs: { items: Array.from({ length: 10_000 }, (_, i) => item(i)), loaded: true, loading: false, hasMore: false, error: null }, timeline: null },
      action: { answers: { call_1: { output: 'z'.repeat(300_000) } } },
    } as unknown as ResponsePanelState;
    const windowed = windowResponseState(lists, state);
    assert.equal(windowed.lists?.output?.total, 3000);
    assert.equal(windowed.lists?.inputs?.total, 10_000);
    assert.ok(windowed.response!.inputs.items.length <= firstWindowRows);
    assert.equal((windowed.action as unknown as { answers: { call_1: { output: string } } }).answers.call_1.output.length, 300_000, 'a typed answer was cut');
    const answer = await answerListRequest(lists, { type: 'getRange', list: 'inputs', from: 9990, count: 200 }, ['output', 'inputs']);
    assert.ok(answer && answer.type === 'range');
    assert.deepEqual((answer.items as { id: string }[]).map((i) => i.id), Array.from({ length: 10 }, (_, i) => `item_${9990 + i}`));
    assert.equal(await answerListRequest(new PanelLists({}), { type: 'getRange', list: 'steps', from: 0, count: 1 }, []), undefined);
  });

  it('keeps every message within 256 KB whatever the text: CJK, control characters, long instructions and pending calls; only typed drafts go whole', async () => {
    const lists = runLists();
    const whole = bigState(400, 10);
    const cjk = '東'.repeat(70_000);
    const control = '\u0001'.repeat(70_000);
    const steps = whole.run!.steps.map((s, i) => (i < 3 ? { ...s, summary: cjk, calls: [{ ...s.calls[0], function: { ...s.calls[0].function!, output: i === 1 ? control : cjk } }] } : s));
    const pendingCalls = Array.from({ length: 12 }, (_, i) => ({ id: `call_${i}`, type: 'function', name: 'f', arguments: cjk }));
    const state = { ...whole, drafts: { call_0: 'z'.repeat(300_000) }, run: { ...whole.run!, instructions: cjk, pendingCalls, steps } };
    const windowed = windowRunState(lists, state);
    assert.equal(windowed.drafts.call_0.length, 300_000, 'a typed draft was cut');
    assert.ok(bytes({ type: 'state', state: { ...windowed, drafts: {} } }) <= maxMessageBytes, `state of ${bytes({ ...windowed, drafts: {} })} bytes`);
    assert.equal(parseHostMessage({ type: 'state', state: windowed }).ok, true);
    for (const from of [0, 1, 2, 3]) {
      const answer = await answerListRequest(lists, { type: 'getRange', list: 'steps', from, count: 200 }, ['steps']);
      assert.ok(answer && bytes(answer) <= maxMessageBytes, `window from ${from}: ${answer && bytes(answer)} bytes`);
    }
    // Search results: labels cut, the list within its budget, every match counted.
    const found = await answerListRequest(lists, { type: 'search', seq: 1, query: 'tool_' }, ['steps']);
    assert.ok(found && found.type === 'searchResult');
    assert.equal(found.total, 400);
    assert.ok(bytes(found) <= maxMessageBytes, `search result of ${bytes(found)} bytes`);
    // Inline JSON of a megabyte of control characters: cut by its bytes, marker included.
    const json = clipToBytes('\u0001'.repeat(1_000_000), 200 * 1024);
    assert.ok(Buffer.byteLength(JSON.stringify(json)) <= 200 * 1024);
    assert.equal(clippedValue(json)?.length, 1_000_000);
  });

  it('a state overtaken while its rows are cut changes nothing: the page is still answered from the rows it was last sent', async () => {
    const lists = runLists();
    windowRunState(lists, bigState(300, 10));
    const before = (await answerListRequest(lists, { type: 'getRange', list: 'steps', from: 250, count: 1 }, ['steps']))!;
    const next = bigState(300, 10);
    const changed = { ...next, run: { ...next.run!, steps: next.run!.steps.map((s) => ({ ...s, status: 'failed' })) } };
    let slices = 0;
    const cut = await cutRunState(lists, changed, () => ++slices > 1);
    assert.equal(cut, undefined, 'a stale cut went on');
    const after = (await answerListRequest(lists, { type: 'getRange', list: 'steps', from: 250, count: 1 }, ['steps']))!;
    assert.deepEqual(after, before);
    // Not overtaken: settled in the posting task, the new rows answer with a new version.
    const whole = await cutRunState(lists, changed, () => false);
    const posted = settleRunState(lists, changed, whole!);
    const fresh = (await answerListRequest(lists, { type: 'getRange', list: 'steps', from: 250, count: 1 }, ['steps']))!;
    assert.ok(fresh.type === 'range' && before.type === 'range' && fresh.version === posted.lists!.steps!.version && fresh.version !== before.version);
    assert.equal(posted.lists!.steps!.changedFrom, 0);
  });
});

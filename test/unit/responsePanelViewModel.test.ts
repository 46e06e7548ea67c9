// The response panel's view model, built from the family-neutral model (never from wire
// objects): every recorded body and the mutated set pass the webview's own validation and
// carry no "undefined", "NaN" or "Invalid Date"; times are never invented; images are
// passed only as validated base64 of an image type; Cancel is decided from the state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseItemPage, parseResponse, type ResponseItem } from '../../src/api/responses/schemas';
import { fromResponse, stepsFromItems, type LaterItems } from '../../src/model/responses';
import type { AgentRun } from '../../src/model/run';
import { jsonPathOf, jsonRefOf, parseJsonPath, type JsonObjectRef } from '../../src/panels/jsonPaths';
import { renderPanelHtml } from '../../src/panels/html';
import { buildResponseView, cancelSentence, imageFromBase64, imageFromUrl, itemViews, responseTimelineOf } from '../../src/panels/responseViewModel';
import { parseHostMessage, parseResponsePersistedState, parseWebviewMessage, type ItemBodyView, type ResponseView } from '../../src/shared/protocol';
import { responseRefOf } from '../../src/util/refs';
import { timelineDuration } from '../../src/webview/format';
import { SMALL_PNG_BASE64 } from '../emulator/responsesScripts';
import { mutations, recordedBody, recordedResponseBodies } from './responsesFixtures';

const listState = { loaded: true, loading: false, hasMore: false, error: undefined };
const viewOf = (run: AgentRun, nextIds: string[] = []) => buildResponseView({ run, inputs: listState, nextIds });
const everything = (items: ResponseItem[] = []): LaterItems => ({ seen: 'everything', source: 'conversation', items });

/** Every string in a value, with where it is. */
function strings(value: unknown, at = '$', out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${at}.${k}`, out);
  return out;
}

/** Strings the service did not send must not say "undefined", "NaN" or "Invalid Date". */
function assertClean(view: ResponseView, raw: unknown, name: string): void {
  const sent = new Set(strings(raw).map(([, s]) => s));
  for (const [where, text] of strings(view)) {
    if (sent.has(text)) continue;
    assert.doesNotMatch(text, /\bundefined\b|\bNaN\b|Invalid Date|\[object Object\]/, `${name}: ${where} = ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** The view passes the webview's validation (what the page would accept). */
function assertAccepted(view: ResponseView, name: string): void {
  const parsed = parseHostMessage({
    type: 'responseState',
    state: { ref: { connectionId: 'c', responseId: view.id || 'resp_x' }, connectionName: 'c', loading: false, error: null, live: false, updatedAt: null, cancelMessage: null, response: view },
  });
  assert.ok(parsed.ok, `${name}: ${parsed.ok ? '' : parsed.problem}`);
}

const bodyOf = (view: ResponseView, index: number): ItemBodyView => {
  const item = view.output[index];
  assert.ok(item, `no output item ${index}`);
  return item.body;
};

describe('response view from every recorded response', () => {
  for (const { file, body, response } of recordedResponseBodies()) {
    it(`${file}, and its mutated set`, () => {
      const run = fromResponse({ response });
      const view = viewOf(run);
      assert.equal(view.id, body.id);
      assert.equal(view.output.length, (body.output as unknown[]).length);
      for (const item of view.output) assert.notEqual(item.body.kind, 'unknown', `${item.type} shown as JSON`);
      assertAccepted(view, file);
      assertClean(view, body, file);
      for (const [name, mutated] of mutations(body)) {
        const m = viewOf(fromResponse({ response: parseResponse(mutated), later: everything() }));
        assertAccepted(m, `${file} / ${name}`);
        assertClean(m, mutated, `${file} / ${name}`);
        if (name === 'unknown item kind appended') {
          const last = m.output.at(-1);
          assert.equal(last?.body.kind, 'unknown');
          assert.match(last?.body.kind === 'unknown' ? last.body.json : '', /"power": 9/);
        }
        if (name === 'all optional fields missing') {
          assert.deepEqual(m.completed.kind === 'at', false, 'no completion time is invented');
          assert.equal(m.duration.kind === 'seconds', false, 'no duration is invented');
        }
      }
    });
  }

  it('reads input item pages (the model of a response with its inputs)', () => {
    for (const file of ['input_items_function_call_roundtrip.json', 'input_items_custom_tool_call_output.json', 'input_items_page_has_more.json']) {
      const items = parseItemPage(recordedBody(file)).items;
      const views = itemViews(stepsFromItems(items, false));
      assert.equal(views.length, items.length);
      assert.ok(views.every((v) => v.body.kind !== 'unknown'), file);
      const outputs = views.filter((v) => v.body.kind === 'callOutput');
      if (file.includes('roundtrip') || file.includes('custom')) assert.ok(outputs.length > 0, `${file}: the call outputs are shown as such`);
    }
  });
});

describe('the header', () => {
  it('says "not reported" when completed_at is absent and never invents a duration', () => {
    const view = viewOf(fromResponse({ response: parseResponse(recordedBody('response_function_call.json')) }));
    assert.deepEqual(view.completed, { kind: 'notReported' });
    assert.deepEqual(view.duration, { kind: 'notReported' });
    assert.equal(view.completedLabel, 'Completed');
  });

  it('gives the duration from created_at to completed_at when both are reported', () => {
    const body = recordedBody('response_web_search_call_url_citation.json');
    const view = viewOf(fromResponse({ response: parseResponse(body) }));
    assert.deepEqual(view.duration, { kind: 'seconds', seconds: (body.completed_at as number) - (body.created_at as number) });
  });

  it('shows usage with cached and reasoning tokens', () => {
    const body = recordedBody('response_reasoning_summary_raw.json');
    const view = viewOf(fromResponse({ response: parseResponse(body) }));
    const usage = body.usage as { input_tokens: number; output_tokens_details: { reasoning_tokens: number }; input_tokens_details: { cached_tokens: number } };
    assert.equal(view.usage?.input, usage.input_tokens);
    assert.equal(view.usage?.reasoning, usage.output_tokens_details.reasoning_tokens);
    assert.equal(view.usage?.cachedInput, usage.input_tokens_details.cached_tokens);
  });

  it('explains error and incomplete_details in words', () => {
    const failed = recordedBody('response_create_completed_message.json');
    const f = viewOf(fromResponse({ response: parseResponse({ ...failed, status: 'failed', error: { code: 'insufficient_quota', message: 'You exceeded your current quota' } }) }));
    assert.deepEqual(f.notices[0], { kind: 'error', text: 'Failed: the account has no quota left (insufficient_quota) — You exceeded your current quota.' });
    const incomplete = viewOf(fromResponse({ response: parseResponse(recordedBody('response_incomplete_max_output_tokens.json')) }));
    assert.match(incomplete.notices[0]?.text ?? '', /^Stopped: the output hit max_output_tokens \(\d+\)\.$/);
    assert.equal(incomplete.completedLabel, 'Stopped');
    const limit = incomplete.config.find((c) => c.key === 'max_output_tokens');
    assert.match(limit?.note ?? '', /This limit \(\d+\) stopped the response/);
  });

  it('names a Foundry agent with its version, the conversation and the chain', () => {
    const body = { ...recordedBody('response_with_conversation.json'), agent: { type: 'agent_id', name: 'triage', version: '2' }, previous_response_id: 'resp_prev1' };
    const view = viewOf(fromResponse({ response: parseResponse(body) }), ['resp_next1']);
    assert.deepEqual(view.agent, { name: 'triage', version: '2' });
    assert.ok(view.conversationId?.startsWith('conv_'));
    assert.equal(view.previousId, 'resp_prev1');
    assert.deepEqual(view.nextIds, ['resp_next1']);
  });
});

describe('the timeline (the chain on the clock)', () => {
  const runOf = (body: Record<string, unknown>) => fromResponse({ response: parseResponse(body) });
  const base = recordedBody('response_create_completed_message.json');
  /** A response of a chain, as the store would hold it. */
  const link = (id: string, created: number | undefined, completed: number | undefined, extra: Record<string, unknown> = {}) => {
    const body: Record<string, unknown> = { ...base, id, ...extra };
    delete body.created_at;
    delete body.completed_at;
    if (created !== undefined) body.created_at = created;
    if (completed !== undefined) body.completed_at = completed;
    return runOf(body);
  };

  it('draws a bar from created_at to completed_at when both are reported', () => {
    const body = recordedBody('response_web_search_call_url_citation.json');
    const created = body.created_at as number;
    const completed = body.completed_at as number;
    const view = buildResponseView({ run: runOf(body), inputs: listState, nowMs: (completed + 3600) * 1000 });
    const timeline = view.timeline!;
    assert.deepEqual(timeline.items, [{ id: body.id, tag: 'this', label: body.id, status: 'completed', statusKind: 'ok', start: created, end: completed, running: false, current: true }]);
    assert.deepEqual([timeline.start, timeline.end], [created, Math.max(completed, created + 1)], 'the hour since it ended is not on the axis');
    assert.equal(timelineDuration(timeline.items[0]!), `${completed - created} s`);
    assertAccepted(view, 'times reported');
  });

  it('says "not reported" when completed_at is absent: a start, no end, no duration, whatever the time now', () => {
    const body = recordedBody('response_function_call.json');
    assert.equal('completed_at' in body, false, 'the recording has no completed_at');
    const created = body.created_at as number;
    const at = (seconds: number) => buildResponseView({ run: runOf(body), inputs: listState, nowMs: seconds * 1000 }).timeline!;
    const timeline = at(created + 90);
    const row = timeline.items[0]!;
    assert.equal(row.start, created);
    assert.equal(row.end, null, 'an end was invented');
    assert.equal(row.running, false);
    assert.equal(timelineDuration(row), 'not reported');
    assert.equal(timeline.end, created + 1, 'the axis reaches past what the service reported');
    assert.deepEqual(at(created + 5000), timeline, 'the time now leaks into a finished response');
  });

  it('grows an active response to now, "so far"', () => {
    const queued = recordedBody('response_background_queued.json');
    const created = queued.created_at as number;
    for (const status of ['queued', 'in_progress']) {
      const row = responseTimelineOf(runOf({ ...queued, status }), {}, (created + 42) * 1000)!.items[0]!;
      assert.deepEqual([row.start, row.end, row.running, row.statusKind], [created, created + 42, true, 'active'], status);
      assert.equal(timelineDuration(row), '42 s so far');
    }
  });

  it('lists the previous response when loaded, this one, and the known next ones, each with its own times', () => {
    const previous = link('resp_prev', 1000, 1003);
    const self = link('resp_self', 1010, undefined, { previous_response_id: 'resp_prev' });
    const next = [link('resp_next1', 1020, 1025, { previous_response_id: 'resp_self' }), link('resp_next2', 1030, undefined, { previous_response_id: 'resp_self', status: 'in_progress', background: true })];
    const view = buildResponseView({ run: self, inputs: listState, nextIds: ['resp_next1', 'resp_next2'], chain: { previous, next }, nowMs: 1040_000 });
    const timeline = view.timeline!;
    assert.deepEqual(
      timeline.items.map((i) => [i.tag, i.id, i.start, i.end, i.running, i.current]),
      [
        ['previous', 'resp_prev', 1000, 1003, false, false],
        ['this', 'resp_self', 1010, null, false, true],
        ['next', 'resp_next1', 1020, 1025, false, false],
        ['next', 'resp_next2', 1030, 1040, true, false],
      ],
    );
    assert.deepEqual([timeline.start, timeline.end], [1000, 1040]);
    assert.deepEqual(timeline.items.map(timelineDuration), ['3 s', 'not reported', '5 s', '10 s so far']);
    assertAccepted(view, 'chain');
    assertClean(view, {}, 'chain');
    // Not loaded: no row (the panel never reads a response for its timeline).
    assert.deepEqual(responseTimelineOf(self, { next: next.slice(0, 1) }, 1040_000)!.items.map((i) => i.tag), ['this', 'next']);
  });

  it('says when whole seconds make responses impossible to tell apart, and has no timeline without any creation time', () => {
    const self = link('resp_self', 1000, 1000, { previous_response_id: 'resp_prev' });
    const note = responseTimelineOf(self, { previous: link('resp_prev', 1000, 1002) }, 1_100_000)!.resolutionNote;
    assert.match(note ?? '', /whole seconds: 1 of 2 responses took under a second .*up to 2 responses started within the same second/);
    assert.equal(responseTimelineOf(link('resp_a', 1000, 1004), {}, 1_100_000)!.resolutionNote, null);
    const timeless = link('resp_none', undefined, undefined);
    assert.equal(viewOf(timeless).timeline, null);
    // One known start is enough to draw the chain; the rest say "not reported".
    const mixed = responseTimelineOf(timeless, { next: [link('resp_n', 1000, 1001)] }, 1_100_000)!;
    assert.deepEqual(mixed.items.map((i) => [i.start, timelineDuration(i)]), [[null, 'not reported'], [1000, '1 s']]);
  });
});

describe('cancel, decided from the state', () => {
  const base = recordedBody('response_background_queued.json');
  it('is offered on a queued or in-progress background response', () => {
    const run = fromResponse({ response: parseResponse(base) });
    assert.equal(cancelSentence(run), null);
    assert.equal(viewOf(run).cancellable, true);
    assert.equal(viewOf(fromResponse({ response: parseResponse({ ...base, status: 'in_progress' }) })).cancellable, true);
  });
  it('is refused with a sentence for a response that is not background, finished, or in an unknown status', () => {
    const notBackground = fromResponse({ response: parseResponse({ ...base, status: 'in_progress', background: false }) });
    assert.match(cancelSentence(notBackground) ?? '', /was not created with background: true; only background responses can be cancelled/);
    const view = viewOf(notBackground);
    assert.equal(view.cancellable, false);
    assert.ok(view.notices.some((n) => n.text === cancelSentence(notBackground)), 'an active response that cannot be cancelled says why');
    const finished = fromResponse({ response: parseResponse({ ...base, status: 'completed' }) });
    assert.match(cancelSentence(finished) ?? '', /is completed: it has finished, so there is nothing to cancel\.$/);
    assert.equal(viewOf(finished).notices.some((n) => /nothing to cancel/.test(n.text)), false, 'a finished response does not say so in its header');
    assert.match(cancelSentence(fromResponse({ response: parseResponse({ ...base, status: 'paused' }) })) ?? '', /status the extension does not know \("paused"\)/);
  });
});

describe('items', () => {
  it('function calls: arguments pretty, and awaiting / answered / no answer seen from what follows', () => {
    const response = parseResponse(recordedBody('response_function_call.json'));
    const unseen = bodyOf(viewOf(fromResponse({ response })), 0);
    assert.equal(unseen.kind, 'function');
    if (unseen.kind !== 'function') return;
    assert.equal(unseen.answer.state, 'noAnswerSeen');
    assert.match(unseen.answer.note, /^No answer seen/);
    assert.match(unseen.arguments, /\n {2}"/, 'arguments are pretty-printed');
    const awaiting = bodyOf(viewOf(fromResponse({ response, later: everything() })), 0);
    assert.equal(awaiting.kind === 'function' && awaiting.answer.state, 'awaiting');
    const answered = bodyOf(viewOf(fromResponse({ response, later: everything([{ type: 'function_call_output', id: 'fco_1', call_id: unseen.callId, output: '{"temp":20}' }]) })), 0);
    assert.equal(answered.kind === 'function' && answered.answer.state, 'answered');
    assert.equal(answered.kind === 'function' && answered.answer.output, '{\n  "temp": 20\n}');
    const view = viewOf(fromResponse({ response, later: everything() }));
    assert.match(view.notices.map((n) => n.text).join('\n'), /Waiting for answers to 1 call \(get_weather_at_location\)/);
  });

  it('MCP list tools, approval request (pending) and a call after approval', () => {
    const v = viewOf(fromResponse({ response: parseResponse(recordedBody('response_mcp_list_tools_approval_request.json')), later: everything() }));
    const kinds = v.output.map((i) => i.body.kind);
    assert.ok(kinds.includes('mcpListTools') && kinds.includes('approvalRequest'), kinds.join());
    const request = v.output.find((i) => i.body.kind === 'approvalRequest')!.body;
    assert.equal(request.kind === 'approvalRequest' && request.answer.state, 'awaiting');
    const call = viewOf(fromResponse({ response: parseResponse(recordedBody('response_mcp_call_after_approval.json')) })).output.find((i) => i.body.kind === 'mcpCall');
    assert.ok(call, 'the mcp_call is shown');
  });

  it('web search actions with sources, file search results, reasoning summaries, compaction, apply patch, computer calls', () => {
    const web = viewOf(fromResponse({ response: parseResponse(recordedBody('response_web_search_reasoning_open_page_find_in_page.json')) }));
    const actions = web.output.flatMap((i) => (i.body.kind === 'webSearch' && i.body.action ? [i.body.action.type] : []));
    assert.ok(actions.includes('open_page') && actions.includes('find_in_page'), actions.join());
    const files = viewOf(fromResponse({ response: parseResponse(recordedBody('response_file_search_call_file_citation.json')) }));
    assert.ok(files.output.some((i) => i.body.kind === 'fileSearch'));
    const reasoning = viewOf(fromResponse({ response: parseResponse(recordedBody('response_reasoning_summary_raw.json')) }));
    assert.ok(reasoning.output.some((i) => i.body.kind === 'reasoning' && i.body.summary.length > 0));
    // A compacted response (`object: response.compaction`) is a list of items.
    const compacted = recordedBody('response_compaction.json');
    assert.ok(itemViews(stepsFromItems(compacted.output as ResponseItem[], false)).some((i) => i.body.kind === 'compaction' && i.summary === 'compacted context (encrypted)'));
    const patch = viewOf(fromResponse({ response: parseResponse(recordedBody('response_apply_patch_call.json')) })).output[0]!.body;
    assert.equal(patch.kind === 'applyPatch' && patch.operation?.path, 'NOTES.md');
    const computer = viewOf(fromResponse({ response: parseResponse(recordedBody('response_computer_call_screenshot.json')) })).output[0]!.body;
    assert.equal(computer.kind, 'computer');
  });

  it('messages keep their annotations (container file citations with file name and container)', () => {
    const v = viewOf(fromResponse({ response: parseResponse(recordedBody('response_code_interpreter_container_file_citation.json')) }));
    const message = v.output.find((i) => i.body.kind === 'message')!.body;
    assert.ok(message.kind === 'message' && message.content?.[0]?.kind === 'text');
    const annotation = message.kind === 'message' && message.content?.[0]?.kind === 'text' ? message.content[0].annotations[0] : undefined;
    assert.equal(annotation?.type, 'container_file_citation');
    assert.equal(annotation?.filename, 'ages_bar_chart.png');
    assert.match(annotation?.containerId ?? '', /^cntr_/);
    const code = v.output[0]!.body;
    assert.equal(code.kind === 'code' && code.outputs, null, 'outputs not returned stay "not returned", not "no output"');
  });

  it('a hostile string stays the same text (escaping is the page\'s: it only uses text nodes)', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const body = { ...recordedBody('response_create_completed_message.json'), instructions: hostile, metadata: { html: hostile } };
    const v = viewOf(fromResponse({ response: parseResponse(body) }));
    assert.equal(v.instructions, hostile);
  });
});

describe('images a response carries', () => {
  it('base64 of a real PNG becomes a data image with the sniffed type', () => {
    assert.deepEqual(imageFromBase64(SMALL_PNG_BASE64, 'image/jpeg'), { kind: 'data', mime: 'image/png', base64: SMALL_PNG_BASE64 });
    const generated = viewOf(
      fromResponse({ response: parseResponse({ ...recordedBody('response_create_completed_message.json'), output: [{ id: 'ig_1', type: 'image_generation_call', status: 'completed', result: SMALL_PNG_BASE64 }] }) }),
    ).output[0]!.body;
    assert.equal(generated.kind === 'imageGeneration' && generated.image?.kind, 'data');
  });
  it('anything else is refused with a sentence, never passed on', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
    assert.equal(imageFromBase64(svg).kind, 'invalid');
    assert.equal(imageFromBase64('not base64 "><script>').kind, 'invalid');
    assert.equal(imageFromBase64('').kind, 'invalid');
    assert.equal(imageFromUrl(`data:image/svg+xml;base64,${svg}`).kind, 'invalid');
    assert.equal(imageFromUrl('data:image/png,rawbytes').kind, 'invalid');
    assert.deepEqual(imageFromUrl(`data:image/png;base64,${SMALL_PNG_BASE64}`), { kind: 'data', mime: 'image/png', base64: SMALL_PNG_BASE64 });
    assert.deepEqual(imageFromUrl('https://example.com/chart.png'), { kind: 'link', url: 'https://example.com/chart.png' });
  });
  it('the protocol refuses a data image whose base64 carries anything else', () => {
    const state = (base64: string) => ({
      type: 'responseState',
      state: {
        ref: { connectionId: 'c', responseId: 'resp_1' },
        connectionName: 'c',
        loading: false,
        error: null,
        live: false,
        updatedAt: null,
        cancelMessage: null,
        response: {
          ...viewOf(fromResponse({ response: parseResponse(recordedBody('response_create_completed_message.json')) })),
          output: [{ id: 'ig', index: 1, type: 'image_generation_call', status: null, statusKind: 'neutral', summary: '', createdBy: null, body: { kind: 'imageGeneration', image: { kind: 'data', mime: 'image/png', base64 }, format: null, revisedPrompt: null } }],
        },
      },
    });
    assert.equal(parseHostMessage(state(SMALL_PNG_BASE64)).ok, true);
    assert.equal(parseHostMessage(state('AAAA";alert(1)//')).ok, false);
  });
});

describe('the response panel\'s references and messages', () => {
  it('JSON document paths of a response and its items round-trip', () => {
    const refs: JsonObjectRef[] = [
      { kind: 'response', connectionId: 'c 1', responseId: 'resp_a' },
      { kind: 'outputItem', connectionId: 'c', responseId: 'resp_a', itemId: 'fc_1' },
      { kind: 'inputItem', connectionId: 'c', responseId: 'resp_a', itemId: '#3' },
    ];
    for (const ref of refs) assert.deepEqual(parseJsonPath(jsonPathOf(ref)!), ref);
    assert.equal(jsonPathOf(refs[1]!), '/c/responses/resp_a/output/fc_1.json');
    assert.deepEqual(jsonRefOf({ kind: 'response', ref: { connectionId: 'c', responseId: 'resp_a' } }), { kind: 'response', connectionId: 'c', responseId: 'resp_a' });
    assert.equal(jsonRefOf({ kind: 'outputItem', ref: { connectionId: 'c', responseId: 'resp_a' } }), undefined);
    assert.equal(parseJsonPath('/c/responses/resp_a/other/x.json'), undefined);
  });
  it('command arguments: a ref or a node carrying one', () => {
    assert.deepEqual(responseRefOf({ connectionId: 'c', responseId: 'resp_1' }), { connectionId: 'c', responseId: 'resp_1' });
    assert.deepEqual(responseRefOf({ kind: 'response', ref: { connectionId: 'c', responseId: 'resp_1' }, label: 'x' }), { connectionId: 'c', responseId: 'resp_1' });
    assert.equal(responseRefOf({ connectionId: 'c' }), undefined);
  });
  it('webview messages of the response page are validated', () => {
    assert.equal(parseWebviewMessage({ type: 'cancelResponse' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'loadMoreInputs' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'openResponse', responseId: 'resp_1' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'openResponse', responseId: '' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'openJson', target: { kind: 'outputItem', id: 'fc_1' } }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'cancelResponse', responseId: 'resp_other' }).ok, false);
    assert.equal(parseResponsePersistedState({ ref: { connectionId: 'c', responseId: 'resp_1' }, open: { 'section:output': true } }).ok, true);
    assert.equal(parseResponsePersistedState({ ref: { connectionId: 'c', threadId: 't', runId: 'r' } }).ok, false);
  });
  it('the page is told which panel it is by a literal, with the same CSP', () => {
    const html = renderPanelHtml({ cspSource: 'vscode-resource:', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', scriptUri: 's.js', styleUri: 's.css', page: 'response' });
    assert.match(html, /<body data-page="response">/);
    assert.match(html, /img-src vscode-resource: data:;/);
    assert.match(renderPanelHtml({ cspSource: 'x', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', scriptUri: 's.js', styleUri: 's.css' }), /<body data-page="run">/);
  });
});

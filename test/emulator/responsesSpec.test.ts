// The Responses family's validator setup proven on real answers (fixtures/recorded-responses/),
// and the emulator's bodies and streams compared with the recorded ones of the same kind:
// same key sets (allowing for keys the service added or dropped after a recording was made,
// as the newer recordings show), same event grammar, same error texts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadRecorded, loadRecordedResponses, parseSse, type RecordedResponseBody } from './recorded';
import type { RunningEmulator } from './server';
import { RESPONSES_DEVIATIONS, SpecValidator } from './specValidator';
import { keyPaths, keySetDifference, specValidator, startTestEmulator, TEST_KEY, waitFor } from './testkit';

const all = loadRecordedResponses();
/** What the recordings are kept for but not validated, and why. */
const NOT_VALIDATED: Record<string, string> = {
  'request_followup_with_function_call_output.json': 'a request body, not an answer',
  'response_create_early2025_raw.json': 'March-2025 shape, before logprobs and sequence_number existed',
  'stream_text_early2025.sse': 'March-2025 shape, before logprobs and sequence_number existed',
};
const validated = all.filter((r) => !NOT_VALIDATED[r.file]);

/** The recorder replaced part of the MCP server URL with `<redacted>`, which is not a URI. */
function unsanitize(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body).replace(/<redacted>/g, 'redacted'));
}

function problemsOf(v: SpecValidator, r: RecordedResponseBody): string[] {
  if (r.body !== undefined) {
    const res = v.validateResponse('openai', r.method, r.path, r.status, unsanitize(r.body));
    return res.ok ? [] : [`${r.file}: ${res.operation}: ${res.errors.join('; ')}`];
  }
  const out: string[] = [];
  for (const e of r.events ?? []) {
    const data = unsanitize(JSON.parse(e.data)) as { type?: string };
    // Format F (written by hand into SwiftAgent's tests) nests the error event's fields under
    // `error`; the spec and the emulator put code/message/param at the top.
    if (r.format === 'F' && e.event === 'error') continue;
    const res = v.validateEvent('openai', e.event, data);
    if (!res.ok) out.push(`${r.file} ${e.event}: ${res.errors.join('; ')}`);
  }
  return out;
}

describe('recorded Responses/Conversations bodies against openai-openapi.yaml', () => {
  test('the fixtures are there (test/fixtures/recorded-responses, 48 files)', () => {
    assert.equal(all.length, 48);
    assert.ok(validated.length >= 45);
  });

  test('every recorded answer validates against its operation schema or its stream event schema', () => {
    assert.deepEqual(validated.flatMap((r) => problemsOf(specValidator(), r)), []);
  });

  test('every Responses deviation is needed: without them, recorded bodies fail at that field', () => {
    const strict = SpecValidator.load({ applyDeviations: false });
    const failing = validated.flatMap((r) => problemsOf(strict, r)).join('\n');
    for (const d of RESPONSES_DEVIATIONS) {
      const fields = [...(d.notRequired ?? []), ...(d.nullable ?? []), ...Object.keys(d.moreItemShapes ?? {})];
      for (const field of fields) assert.ok(failing.includes(`'${field}'`) || failing.includes(`/${field}`), `deviation ${d.schema}.${field} is not needed by any recording`);
      if (d.openEnum) assert.match(failing, /error\/code must be equal to one of the allowed values/, `deviation ${d.schema} (open enum) is not needed`);
      if (d.nullableSelf) assert.match(failing, /require_approval\/never must be object/, `deviation ${d.schema} (nullable) is not needed`);
    }
  });

  test('the validator is not vacuous: a wrong status, a missing field, an unknown item kind or a bad event fail', () => {
    const v = specValidator();
    const r = all.find((x) => x.file === 'response_with_conversation.json');
    assert.ok(r);
    const body = r.body as Record<string, unknown>;
    assert.equal(v.validateResponse('openai', 'GET', '/responses/x', 200, { ...body, status: 'sleeping' }).ok, false);
    const { created_at: _c, ...missing } = body;
    assert.equal(v.validateResponse('openai', 'GET', '/responses/x', 200, missing).ok, false);
    const unknownItem = { ...body, output: [{ id: 'x_1', type: 'teleport_call' }] };
    assert.equal(v.validateResponse('openai', 'GET', '/responses/x', 200, unknownItem).ok, false);
    const badFunctionCall = { ...body, output: [{ id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'c', name: 'n' }] };
    assert.equal(v.validateResponse('openai', 'GET', '/responses/x', 200, badFunctionCall).ok, false, 'function_call without arguments');
    assert.equal(v.validateEvent('openai', 'response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 1 }).ok, false);
    assert.equal(v.validateResponse('openai', 'GET', '/conversations/c/items', 200, { object: 'list', data: [], has_more: 'no', first_id: null, last_id: null }).ok, false);
    assert.equal(v.validateResponse('azure', 'GET', '/openai/v1/responses', 200, { data: [{ ...body, conversation: undefined }], has_more: false }).ok, false);
  });
});

// Key-set comparison -------------------------------------------------------------------------------

const responseRecordings = all.filter((r) => (r.body as { object?: string } | undefined)?.object === 'response' && r.date && !NOT_VALIDATED[r.file]);

/**
 * Keys outside `output` that the service added after `r` was recorded (present in a newer
 * recording, absent from r) or dropped since (present in r, absent from every newer one).
 */
function shapeDrift(r: RecordedResponseBody): { added: Set<string>; dropped: Set<string> } {
  const own = [...keyPaths(r.body)].filter((p) => !p.startsWith('.output'));
  const newer = responseRecordings.filter((x) => (x.date ?? '') > (r.date ?? ''));
  const newerKeys = new Set(newer.flatMap((x) => [...keyPaths(x.body)].filter((p) => !p.startsWith('.output'))));
  return {
    added: new Set([...newerKeys].filter((p) => !own.includes(p))),
    dropped: new Set(newer.length ? own.filter((p) => !newerKeys.has(p)) : []),
  };
}

function rec(file: string): RecordedResponseBody {
  const r = all.find((x) => x.file === file);
  assert.ok(r, file);
  return r;
}

function assertSameKeys(file: string, got: unknown): void {
  const r = rec(file);
  const d = keySetDifference(got, r.body);
  const drift = (r.body as { object?: string }).object === 'response' ? shapeDrift(r) : { added: new Set<string>(), dropped: new Set<string>() };
  assert.deepEqual(
    { onlyEmulated: d.onlyEmulated.filter((p) => !drift.added.has(p)), onlyRecorded: d.onlyRecorded.filter((p) => !drift.dropped.has(p)) },
    { onlyEmulated: [], onlyRecorded: [] },
    file,
  );
}

describe('emulator Responses bodies have the recorded key sets', () => {
  let em: RunningEmulator;
  const headers = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${em.urls.openai}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const same = (file: string, got: { status: number; json: unknown }): void => {
    const r = rec(file);
    assert.equal(got.status, r.status, `${file}: status`);
    assertSameKeys(file, got.json);
    const v = specValidator().validateResponse('openai', r.method, r.path, got.status, got.json);
    assert.ok(v.ok, `${file}: emulator body valid: ${v.errors.join('; ')}`);
  };

  let strict: SpecValidator;
  before(async () => {
    // Loading the specs blocks for seconds: done before the emulator starts, so no idle
    // keep-alive connection times out under a request meanwhile.
    strict = SpecValidator.load({ applyDeviations: false });
    em = await startTestEmulator();
  });
  after(async () => {
    await em.close();
  });

  test('the drift allowance is real: it names keys newer recordings have and older ones lack', () => {
    const drift = shapeDrift(rec('response_background_queued.json'));
    for (const key of ['.billing', '.completed_at', '.tool_usage', '.usage.input_tokens_details.cache_write_tokens', '.reasoning.context']) assert.ok(drift.added.has(key), key);
    assert.ok(!drift.added.has('.status') && !drift.added.has('.output'));
    assert.equal(shapeDrift(rec('response_custom_tool_call.json')).added.size, 0, 'nothing is newer than the newest recording');
  });

  test('responses of every recorded kind', async () => {
    const echo = await call('POST', '/responses', { model: 'echo', input: 'Hello' });
    same('response_create_completed_message.json', echo);
    same('response_get_completed_message.json', await call('GET', `/responses/${echo.json.id}`));
    same('input_items_page_has_more.json', await call('GET', `/responses/${echo.json.id}/input_items?limit=1`));

    const tools = await call('POST', '/responses', { model: 'tools', input: 'Weather in Rome and order 123?' });
    same('response_function_call.json', tools);
    same('response_parallel_function_calls_raw.json', tools);
    const calls = (tools.json.output as Array<{ call_id: string }>).map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'ok' }));
    const answered = await call('POST', '/responses', { model: 'tools', previous_response_id: tools.json.id, input: calls });
    same('response_after_function_call_output.json', answered);

    const mcp = await call('POST', '/responses', { model: 'mcp', input: 'Roll 2d4+1' });
    same('response_mcp_list_tools_approval_request.json', mcp);
    const request = (mcp.json.output as Array<{ type: string; id: string }>).find((i) => i.type === 'mcp_approval_request');
    same('response_mcp_call_after_approval.json', await call('POST', '/responses', { model: 'mcp', previous_response_id: mcp.json.id, input: [{ type: 'mcp_approval_response', approval_request_id: request?.id, approve: true }] }));

    same('response_code_interpreter_container_file_citation.json', await call('POST', '/responses', { model: 'code', input: 'sqrt 2' }));
    const search = await call('POST', '/responses', { model: 'search', input: 'weather', include: ['web_search_call.action.sources'] });
    same('response_web_search_call_url_citation.json', search);
    same('response_file_search_call_file_citation.json', search);
    same('response_reasoning_summary_encrypted_content.json', await call('POST', '/responses', { model: 'reason', input: 'burrito?', include: ['reasoning.encrypted_content'] }));
    same('response_incomplete_max_output_tokens.json', await call('POST', '/responses', { model: 'incomplete', input: 'poem', max_output_tokens: 16 }));

    const bg = await call('POST', '/responses', { model: 'slow', input: 'x', background: true });
    same('response_background_queued.json', bg);
    same('response_background_cancelled.json', await call('POST', `/responses/${bg.json.id}/cancel`));
    same('response_deleted.json', await call('DELETE', `/responses/${echo.json.id}`));
    const gone = await call('GET', `/responses/${echo.json.id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json, { error: { ...(rec('error_404_response_not_found.json').body as { error: object }).error, message: `Response with id '${echo.json.id}' not found.` } });
    same('error_404_response_not_found.json', gone);
  });

  test('conversations and their items', async () => {
    const created = await call('POST', '/conversations', { metadata: { topic: 'test' } });
    same('conversation_create.json', created);
    const id = String(created.json.id);
    same('conversation_get.json', await call('GET', `/conversations/${id}`));
    same('conversation_update_metadata.json', await call('POST', `/conversations/${id}`, { metadata: { topic: 'test', mood: 'good' } }));
    const added = await call('POST', `/conversations/${id}/items?include[]=message.input_image.image_url&include[]=web_search_call.action.sources`, { items: [{ type: 'message', role: 'user', content: 'second item' }] });
    same('conversation_items_create.json', added);
    const itemId = (added.json.data as Array<{ id: string }>)[0].id;
    same('conversation_item_get.json', await call('GET', `/conversations/${id}/items/${itemId}?include[]=message.input_image.image_url`));
    const answered = await call('POST', '/responses', { model: 'echo', conversation: id, input: [{ role: 'system', content: 'Be nice.' }, { role: 'user', content: 'Tell me a joke.' }] });
    same('response_with_conversation.json', answered);
    same('conversation_items_list.json', await call('GET', `/conversations/${id}/items`));
    same('conversation_deleted.json', await call('DELETE', `/conversations/${id}`));
  });

  test('empty lists: first_id/last_id null as on the Assistants lists (INFERRED_DEVIATIONS), valid', async () => {
    const conv = await call('POST', '/conversations', {});
    const empty = await call('GET', `/conversations/${conv.json.id}/items`);
    assert.deepEqual(empty.json, { object: 'list', data: [], first_id: null, has_more: false, last_id: null });
    assert.ok(specValidator().validateResponse('openai', 'GET', `/conversations/${conv.json.id}/items`, 200, empty.json).ok);
    assert.equal(strict.validateResponse('openai', 'GET', `/conversations/${conv.json.id}/items`, 200, empty.json).ok, false, 'the deviation is needed');
    const evidence = loadRecorded().find((r) => r.file === 'runs_list_empty.json');
    assert.deepEqual([(evidence?.body as { first_id: unknown }).first_id, (evidence?.body as { last_id: unknown }).last_id], [null, null]);
  });

  test('input items of a function call round trip', async () => {
    const tools = await call('POST', '/responses', { model: 'tools', input: 'Weather in Oslo?' });
    const [first] = tools.json.output as Array<{ call_id: string; name: string; arguments: string }>;
    const second = await call('POST', '/responses', {
      model: 'tools',
      input: [{ role: 'user', content: 'Weather in Oslo?' }, { type: 'function_call', call_id: first.call_id, name: first.name, arguments: first.arguments }, { type: 'function_call_output', call_id: first.call_id, output: '22 celcius and windy' }],
    });
    same('input_items_function_call_roundtrip.json', await call('GET', `/responses/${second.json.id}/input_items`));
  });
});

// Stream grammar --------------------------------------------------------------------------------------

type Ev = { event: string; data: string };
const dedupe = (names: string[]): string[] => names.filter((n, i) => n !== names[i - 1]);

/** Head (before the first item), one block per output item (added … done, keyed by item type), tail. */
function grammar(events: Ev[]): { head: string[]; blocks: Array<{ type: string; names: string[] }>; tail: string[] } {
  const head: string[] = [];
  const blocks: Array<{ type: string; names: string[] }> = [];
  const tail: string[] = [];
  let current: { type: string; names: string[] } | undefined;
  for (const e of events) {
    if (e.event === 'response.output_item.added') {
      current = { type: (JSON.parse(e.data) as { item: { type: string } }).item.type, names: [] };
      blocks.push(current);
    }
    if (current) current.names.push(e.event);
    else (blocks.length ? tail : head).push(e.event);
    if (e.event === 'response.output_item.done') current = undefined;
  }
  return { head, blocks: blocks.map((b) => ({ type: b.type, names: dedupe(b.names) })), tail };
}

const recordedStreams = all.filter((r) => r.events && r.format === 'B');
const recordedBlocks = recordedStreams.flatMap((r) => grammar(r.events ?? []).blocks);
/** Recorded reasoning items have empty summaries (no summary events): their blocks are not compared. */
const COMPARED_BLOCKS = new Set(['message', 'function_call', 'custom_tool_call', 'mcp_list_tools', 'mcp_call', 'file_search_call', 'web_search_call']);
/** `.item.<key>` of items of this type that only recordings made after `date` show (the item shape grew). */
function itemKeysAddedAfter(type: string | undefined, date: string | undefined): Set<string> {
  if (!type || !date) return new Set();
  const keysOf = (rs: RecordedResponseBody[]): Set<string> =>
    new Set(rs.flatMap((r) => ((r.body as { output?: Array<Record<string, unknown>> }).output ?? []).filter((i) => i.type === type).flatMap((i) => Object.keys(i).map((k) => `.item.${k}`))));
  const older = keysOf(responseRecordings.filter((r) => (r.date ?? '') <= date));
  return new Set([...keysOf(responseRecordings.filter((r) => (r.date ?? '') > date))].filter((k) => !older.has(k)));
}
const itemTypeOf = (data: string): string | undefined => (JSON.parse(data) as { item?: { type?: string } }).item?.type;

describe('emulator Responses streams follow the recorded event grammar', () => {
  let em: RunningEmulator;
  before(async () => {
    em = await startTestEmulator();
  });
  after(async () => {
    await em.close();
  });
  const stream = async (body: unknown): Promise<{ text: string; events: Ev[] }> => {
    const res = await fetch(`${em.urls.openai}/responses`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...(body as object), stream: true }) });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const text = await res.text();
    return { text, events: parseSse(text) };
  };

  for (const model of ['echo', 'tools', 'search', 'mcp', 'code', 'reason', 'image', 'incomplete', 'fail']) {
    test(`${model}: head, item blocks and tail as recorded; sequence numbers 0…n; every event valid; no [DONE]`, async () => {
      const { text, events } = await stream({ model, input: 'Weather in Paris and order 1042?' });
      assert.ok(!text.includes('[DONE]'), 'no [DONE]');
      assert.deepEqual(events.map((e) => (JSON.parse(e.data) as { sequence_number: number }).sequence_number), events.map((_, i) => i));
      const g = grammar(events);
      if (model === 'fail') {
        // No output item: the whole stream is its head, as in the (hand-written, format F) recorded failure.
        assert.deepEqual(events.map((e) => e.event), (rec('stream_response_failed_insufficient_quota.sse').events ?? []).map((e) => e.event));
      } else {
        assert.deepEqual(g.head, ['response.created', 'response.in_progress']);
        assert.deepEqual(g.tail, [model === 'incomplete' ? 'response.incomplete' : 'response.completed']);
        assert.ok(g.blocks.length >= 1);
      }
      for (const b of g.blocks) {
        const same = recordedBlocks.filter((r) => r.type === b.type);
        if (!same.length || !COMPARED_BLOCKS.has(b.type)) continue; // No recorded stream has this item kind: the spec check below covers it.
        assert.ok(same.some((r) => JSON.stringify(r.names) === JSON.stringify(b.names)), `${b.type} block ${b.names.join(' ')} is not one of the recorded ${same.map((r) => r.names.join(' ')).join(' | ')}`);
      }
      for (const e of events) {
        const v = specValidator().validateEvent('openai', e.event, JSON.parse(e.data));
        assert.ok(v.ok, `${e.event}: ${v.errors.join('; ')}`);
        // Events of the same name, about the same item kind when they carry an item.
        const sameName = recordedStreams.flatMap((r) => (r.events ?? []).map((w) => ({ ...w, date: r.date }))).filter((r) => r.event === e.event && itemTypeOf(r.data) === itemTypeOf(e.data));
        if (!sameName.length) continue;
        const ignoreResponse = (d: { onlyEmulated: string[]; onlyRecorded: string[] }) => ({
          // The response snapshot and the annotation (one shape per annotation kind) are compared in the REST bodies.
          onlyEmulated: d.onlyEmulated.filter((p) => !p.startsWith('.response.') && !p.startsWith('.annotation.')),
          onlyRecorded: d.onlyRecorded.filter((p) => !p.startsWith('.response.') && !p.startsWith('.annotation.')),
        });
        const diffs = sameName.map((w) => {
          const d = ignoreResponse(keySetDifference(JSON.parse(e.data), JSON.parse(w.data)));
          const added = itemKeysAddedAfter(itemTypeOf(w.data), w.date);
          return { onlyEmulated: d.onlyEmulated.filter((p) => !added.has(p)), onlyRecorded: d.onlyRecorded };
        });
        assert.ok(diffs.some((d) => !d.onlyEmulated.length && !d.onlyRecorded.length), `${e.event} keys differ from every recorded one: ${JSON.stringify(diffs[0])}`);
      }
    });
  }

  test('the grammar check is not vacuous: recorded blocks exist for every compared item kind', () => {
    for (const t of COMPARED_BLOCKS) assert.ok(recordedBlocks.some((b) => b.type === t), t);
  });

  test('a background stream starts queued and can be resumed with starting_after', async () => {
    const res = await fetch(`${em.urls.openai}/responses`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'echo', input: 'hi', stream: true, background: true }) });
    const events = parseSse(await res.text());
    assert.deepEqual(events.slice(0, 3).map((e) => e.event), ['response.created', 'response.queued', 'response.in_progress']);
    assert.equal((JSON.parse(events[0].data) as { response: { status: string } }).response.status, 'queued');
    const id = (JSON.parse(events[0].data) as { response: { id: string } }).response.id;
    const resumed = await fetch(`${em.urls.openai}/responses/${id}?stream=true&starting_after=4`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const again = parseSse(await resumed.text());
    assert.deepEqual(again.map((e) => (JSON.parse(e.data) as { sequence_number: number }).sequence_number), events.slice(5).map((_, i) => i + 5));
    assert.equal(again[again.length - 1].event, 'response.completed');
  });

  test('a background slow stream ends when the response is cancelled', async () => {
    const res = await fetch(`${em.urls.openai}/responses`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow', input: 'hi', stream: true, background: true }) });
    const reader = res.body?.getReader();
    assert.ok(reader);
    const first = new TextDecoder().decode((await reader.read()).value);
    const id = /"id":"(resp_[0-9a-f]+)"/.exec(first)?.[1];
    assert.ok(id);
    await waitFor(async () => ((await (await fetch(`${em.urls.openai}/responses/${id}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as { status: string }).status === 'in_progress' || undefined, 'in_progress');
    await fetch(`${em.urls.openai}/responses/${id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}` } });
    for (;;) if ((await reader.read()).done) break;
  });
});

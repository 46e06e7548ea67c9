// Contract tests of the Responses and Conversations API through the real `openai` client,
// in OpenAI mode and on the Foundry project endpoint. Every JSON body and SSE event the
// client receives is validated against the spec of its mode (BodyChecker).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { DEMO_RESPONSES } from './demoIds';
import { parseSse } from './recorded';
import { FOUNDRY_PREVIEW_API_VERSION } from './responsesApi';
import type { RunningEmulator } from './server';
import { BodyChecker, clientFor, control, specValidator, startTestEmulator, TEST_KEY, waitFor } from './testkit';

type AnyItem = { type: string; id?: string } & Record<string, unknown>;
const item = (x: unknown): AnyItem => x as AnyItem;

async function logged(em: RunningEmulator, since: number): Promise<Array<{ method: string; path: string; status: number; query: Record<string, unknown>; fault?: string; mode: string }>> {
  const res = await fetch(`${em.origin}/__emulator/requests?since=${since}`);
  return (await res.json()) as Array<{ method: string; path: string; status: number; query: Record<string, unknown>; fault?: string; mode: string }>;
}

async function nextIndex(em: RunningEmulator): Promise<number> {
  return Number((await fetch(`${em.origin}/__emulator/requests?since=999999999`)).headers.get('x-emulator-next-index'));
}

async function apiError(p: Promise<unknown>): Promise<{ status: number; error: { message: string; type: string; param: unknown; code: unknown } }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status: number; error: { message: string; type: string; param: unknown; code: unknown } };
    return { status: err.status, error: err.error };
  }
  throw new Error('expected an API error');
}

describe('Responses API in OpenAI mode, through the openai client', () => {
  let em: RunningEmulator;
  let checker: BodyChecker;
  let client: OpenAI;
  before(async () => {
    specValidator(); // Load the specs (seconds of blocking) before any connection is open.
    em = await startTestEmulator({ seed: 'demo' });
    checker = new BodyChecker(em);
    client = clientFor(em, 'openai', { fetch: checker.fetchFor('openai') });
  });
  after(async () => {
    const checked = await checker.settle();
    await em.close();
    const bad = checked.filter((c) => !c.ok);
    assert.deepEqual(bad, [], 'every body the client received is valid against openai-openapi.yaml');
    assert.ok(checked.length > 80, `checked ${checked.length} bodies`);
  });

  test('echo: create, retrieve, input_items, delete, then 404 with the real text', async () => {
    const r = await client.responses.create({ model: 'echo', input: 'Hello there', instructions: 'Be brief.', metadata: { case: 'echo' } });
    assert.equal(r.status, 'completed');
    assert.equal(r.output_text, 'You said: Hello there');
    assert.equal(r.instructions, 'Be brief.');
    assert.deepEqual(r.metadata, { case: 'echo' });
    assert.ok(r.usage && r.usage.input_tokens > 0 && r.usage.output_tokens > 0 && r.usage.total_tokens === r.usage.input_tokens + r.usage.output_tokens);
    assert.equal(typeof r.completed_at, 'number');
    const again = await client.responses.retrieve(r.id);
    assert.deepEqual(again.output, r.output);
    const items = await client.responses.inputItems.list(r.id);
    assert.deepEqual(items.data.map((i) => [i.type, item(i).role]), [['message', 'user']]);
    await client.responses.delete(r.id);
    const gone = await apiError(client.responses.retrieve(r.id));
    assert.deepEqual(gone, { status: 404, error: { message: `Response with id '${r.id}' not found.`, type: 'invalid_request_error', param: null, code: null } });
  });

  test('tools: two function calls; answered through previous_response_id, a message quoting both (instructions not carried over)', async () => {
    const first = await client.responses.create({ model: 'tools', input: 'What is the weather in Lisbon and where is order ORD-2077?', instructions: 'Use the tools.' });
    const calls = first.output.filter((o) => o.type === 'function_call');
    assert.deepEqual(calls.map((c) => [c.name, JSON.parse(c.arguments)]), [['get_weather', { city: 'Lisbon' }], ['lookup_order', { order_id: 'ORD-2077' }]]);
    assert.ok(calls.every((c) => /^call_/.test(c.call_id) && c.call_id.length <= 64));
    const second = await client.responses.create({
      model: 'tools',
      previous_response_id: first.id,
      input: calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: c.name === 'get_weather' ? '18°C, clear' : 'shipped' })),
    });
    assert.equal(second.previous_response_id, first.id);
    assert.equal(second.instructions, null, 'previous instructions are not carried over');
    assert.equal(second.output_text, 'get_weather returned "18°C, clear" and lookup_order returned "shipped".');
    assert.ok((second.usage?.input_tokens_details.cached_tokens ?? 0) > 0, 'the earlier context is partly cached');
    const unknown = await apiError(client.responses.create({ model: 'tools', previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: 'call_nope', output: 'x' }] }));
    assert.deepEqual(unknown, { status: 400, error: { message: 'No tool call found for function call output with call_id call_nope.', type: 'invalid_request_error', param: 'input', code: null } });
  });

  test('mcp: list_tools then an approval request; approved → mcp_call with output; denied → a message saying so', async () => {
    const first = await client.responses.create({ model: 'mcp', input: 'Roll 2d4+1' });
    assert.deepEqual(first.output.map((o) => o.type), ['mcp_list_tools', 'mcp_approval_request']);
    assert.ok((first.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);
    const request = item(first.output[1]);
    const approved = await client.responses.create({ model: 'mcp', previous_response_id: first.id, input: [{ type: 'mcp_approval_response', approval_request_id: String(request.id), approve: true }] });
    const call = item(approved.output[0]);
    assert.deepEqual([call.type, call.name, call.server_label, call.output, call.approval_request_id, call.error], ['mcp_call', 'roll', 'dmcp', '6', request.id, null]);
    const denied = await client.responses.create({ model: 'mcp', previous_response_id: first.id, input: [{ type: 'mcp_approval_response', approval_request_id: String(request.id), approve: false, reason: 'not now' }] });
    assert.deepEqual(denied.output.map((o) => o.type), ['message']);
    assert.equal(denied.output_text, 'The call to roll on dmcp was not approved (not now), so I did not run it.');
  });

  test('code: outputs only with include[]=code_interpreter_call.outputs; a container_file_citation', async () => {
    const plain = await client.responses.create({ model: 'code', input: 'sqrt 2' });
    const ci = item(plain.output[0]);
    assert.equal(ci.type, 'code_interpreter_call');
    assert.equal(ci.outputs, null);
    const withOutputs = await client.responses.retrieve(plain.id, { include: ['code_interpreter_call.outputs'] });
    const outputs = item(withOutputs.output[0]).outputs as Array<{ type: string; logs?: string; url?: string }>;
    assert.deepEqual(outputs.map((o) => o.type), ['logs', 'image']);
    assert.equal(outputs[0].logs, '1.4142135623730951\n');
    assert.match(outputs[1].url ?? '', /^data:image\/png;base64,iVBORw0KGgo/);
    const msg = item(plain.output[1]);
    const annotation = ((msg.content as Array<{ annotations: Array<Record<string, unknown>>; text: string }>)[0]).annotations[0];
    const text = (msg.content as Array<{ text: string }>)[0].text;
    assert.equal(annotation.type, 'container_file_citation');
    assert.equal(annotation.container_id, ci.container_id);
    assert.equal(text.slice(Number(annotation.start_index), Number(annotation.end_index)), 'sandbox:/mnt/data/sqrt_chart.png');
    // The cited file, as the containers endpoint serves it; another id is the service's 404.
    const content = await client.containers.files.content.retrieve(String(annotation.file_id), { container_id: String(annotation.container_id) });
    assert.equal(content.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await content.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const missing = await apiError(client.containers.files.content.retrieve('cfile_nope', { container_id: String(annotation.container_id) }));
    assert.equal(missing.status, 404);
    assert.match(missing.error.message, /cfile_nope/);
  });

  test('search: web sources and file results only when asked; url_citation and file_citation', async () => {
    const plain = await client.responses.create({ model: 'search', input: 'weather in Paris' });
    const [ws, fs, msg] = plain.output.map(item);
    assert.deepEqual([ws.type, fs.type, msg.type], ['web_search_call', 'file_search_call', 'message']);
    assert.equal('sources' in (ws.action as object), false);
    assert.equal(fs.results, null);
    const full = await client.responses.retrieve(plain.id, { include: ['web_search_call.action.sources', 'file_search_call.results'] });
    assert.equal((item(full.output[0]).action as { sources: unknown[] }).sources.length, 2);
    assert.equal((item(full.output[1]).results as unknown[]).length, 2);
    const annotations = ((msg.content as Array<{ annotations: Array<{ type: string }> }>)[0]).annotations.map((a) => a.type);
    assert.deepEqual(annotations, ['url_citation', 'file_citation']);
  });

  test('reason: a reasoning summary and reasoning tokens; encrypted_content only when asked', async () => {
    const r = await client.responses.create({ model: 'reason', input: 'Why is the sky blue?' });
    const reasoning = item(r.output[0]);
    assert.equal(reasoning.type, 'reasoning');
    assert.match((reasoning.summary as Array<{ text: string }>)[0].text, /Why is the sky blue\?/);
    assert.equal('encrypted_content' in reasoning, false);
    assert.ok((r.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);
    const full = await client.responses.retrieve(r.id, { include: ['reasoning.encrypted_content'] });
    assert.match(String(item(full.output[0]).encrypted_content), /^gAAAAB/);
  });

  test('image: image_generation_call with a real base64 PNG', async () => {
    const r = await client.responses.create({ model: 'image', input: 'a logo' });
    const generated = item(r.output[0]);
    assert.equal(generated.type, 'image_generation_call');
    const png = Buffer.from(String(generated.result), 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [16, 16]);
  });

  test('fail and incomplete', async () => {
    const failed = await client.responses.create({ model: 'fail', input: 'x' });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'server_error');
    assert.equal(failed.completed_at, null);
    const cut = await client.responses.create({ model: 'incomplete', input: 'x', max_output_tokens: 16 });
    assert.equal(cut.status, 'incomplete');
    assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(cut.max_output_tokens, 16);
    assert.equal(item(cut.output[0]).status, 'incomplete');
  });

  test('background: queued → in_progress → completed in wall time, with openai-poll-after-ms while active', async () => {
    const r = await client.responses.create({ model: 'echo', input: 'later', background: true });
    assert.equal(r.status, 'queued');
    assert.equal(r.background, true);
    assert.deepEqual(r.output, []);
    const seen = new Set<string>([r.status]);
    const done = await waitFor(async () => {
      const now = await client.responses.retrieve(r.id);
      seen.add(now.status ?? '');
      return now.status === 'completed' ? now : undefined;
    }, 'background completion');
    assert.equal(done.output_text, 'You said: later');
    assert.ok(seen.has('queued'));
    const active = await client.responses.create({ model: 'slow', input: 'x', background: true });
    const raw = await client.responses.retrieve(active.id).withResponse();
    assert.equal(raw.response.headers.get('openai-poll-after-ms'), '10');
    await client.responses.cancel(active.id);
  });

  test('slow: stays in_progress until cancelled; cancelling again returns the final object; what cannot be cancelled answers 400', async () => {
    const r = await client.responses.create({ model: 'slow', input: 'think', background: true });
    await waitFor(async () => ((await client.responses.retrieve(r.id)).status === 'in_progress' ? true : undefined), 'in_progress');
    await new Promise((res) => setTimeout(res, 100));
    assert.equal((await client.responses.retrieve(r.id)).status, 'in_progress');
    const cancelled = await client.responses.cancel(r.id);
    assert.equal(cancelled.status, 'cancelled');
    const twice = await client.responses.cancel(r.id);
    assert.deepEqual(twice, cancelled);
    const plain = await client.responses.create({ model: 'echo', input: 'x' });
    assert.deepEqual(await apiError(client.responses.cancel(plain.id)), {
      status: 400,
      error: { message: "Only responses created with 'background' set to true can be cancelled.", type: 'invalid_request_error', param: null, code: null },
    });
    const finished = await client.responses.create({ model: 'echo', input: 'x', background: true });
    await waitFor(async () => ((await client.responses.retrieve(finished.id)).status === 'completed' ? true : undefined), 'completed');
    assert.deepEqual(await apiError(client.responses.cancel(finished.id)), {
      status: 400,
      error: { message: "Cannot cancel a response with status 'completed'.", type: 'invalid_request_error', param: null, code: null },
    });
    assert.equal((await apiError(client.responses.cancel('resp_missing'))).status, 404);
  });

  test('streaming through the client: events in order, ending with response.completed', async () => {
    const stream = await client.responses.create({ model: 'tools', input: 'Weather in Oslo?', stream: true });
    const types: string[] = [];
    let final: OpenAI.Responses.Response | undefined;
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.completed') final = e.response;
    }
    assert.equal(types[0], 'response.created');
    assert.equal(types[types.length - 1], 'response.completed');
    assert.equal(types.filter((t) => t === 'response.function_call_arguments.done').length, 2);
    assert.deepEqual(final?.output.map((o) => o.type), ['function_call', 'function_call']);
    const helper = client.responses.stream({ model: 'echo', input: 'streamed' });
    assert.equal((await helper.finalResponse()).output_text, 'You said: streamed');
  });

  test('conversations: create with items, retrieve, update, delete; items create/list/retrieve/delete; responses append their items when they end', async () => {
    const conv = await client.conversations.create({ metadata: { topic: 'trip' }, items: [{ type: 'message', role: 'user', content: 'I want to travel.' }] });
    assert.equal(conv.object, 'conversation');
    assert.deepEqual((await client.conversations.retrieve(conv.id)).metadata, { topic: 'trip' });
    assert.deepEqual((await client.conversations.update(conv.id, { metadata: { topic: 'trip', step: '2' } })).metadata, { topic: 'trip', step: '2' });
    const r = await client.responses.create({ model: 'echo', conversation: { id: conv.id }, input: 'To Kyoto.' });
    assert.deepEqual(r.conversation, { id: conv.id });
    const bg = await client.responses.create({ model: 'echo', conversation: conv.id, input: 'Next week.', background: true });
    const before = await client.conversations.items.list(conv.id, { order: 'asc' });
    assert.equal(before.data.length, 3, 'a background response adds nothing before it ends');
    await waitFor(async () => ((await client.responses.retrieve(bg.id)).status === 'completed' ? true : undefined), 'completed');
    const items = await client.conversations.items.list(conv.id, { order: 'asc' });
    assert.deepEqual(
      items.data.map((i) => [item(i).role, (item(i).content as Array<{ text: string }>)[0].text]),
      [['user', 'I want to travel.'], ['user', 'To Kyoto.'], ['assistant', 'You said: To Kyoto.'], ['user', 'Next week.'], ['assistant', 'You said: Next week.']],
    );
    const added = await client.conversations.items.create(conv.id, { items: [{ type: 'message', role: 'user', content: 'One more.' }] });
    const itemId = String(added.data[0].id);
    assert.equal((await client.conversations.items.retrieve(itemId, { conversation_id: conv.id })).id, itemId);
    const afterDelete = await client.conversations.items.delete(itemId, { conversation_id: conv.id });
    assert.equal(afterDelete.id, conv.id);
    assert.equal((await apiError(client.conversations.items.retrieve(itemId, { conversation_id: conv.id }))).status, 404);
    const tooMany = await apiError(client.conversations.items.create(conv.id, { items: Array.from({ length: 21 }, () => ({ type: 'message' as const, role: 'user' as const, content: 'x' })) }));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.error.param, 'items');
    const both = await apiError(client.responses.create({ model: 'echo', conversation: conv.id, previous_response_id: r.id, input: 'x' }));
    assert.deepEqual(both, { status: 400, error: { message: "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.", type: 'invalid_request_error', param: null, code: 'mutually_exclusive_parameters' } });
    const deleted = await client.conversations.delete(conv.id);
    assert.deepEqual(deleted, { id: conv.id, object: 'conversation.deleted', deleted: true });
    assert.deepEqual(await apiError(client.conversations.retrieve(conv.id)), { status: 404, error: { message: `Conversation with id '${conv.id}' not found.`, type: 'invalid_request_error', param: null, code: null } });
  });

  test('paging at exactly the floor of requests: 1,000 conversation items in 10 pages of 100; input items 45 in 3 pages of 20', async () => {
    let since = await nextIndex(em);
    const ids: string[] = [];
    for await (const item of client.conversations.items.list(DEMO_RESPONSES.conversations.big, { limit: 100, order: 'asc' })) ids.push(String(item.id));
    assert.equal(ids.length, 1000);
    assert.equal(new Set(ids).size, 1000);
    const requests = (await logged(em, since)).filter((l) => l.path.endsWith('/items'));
    assert.equal(requests.length, 10);
    const input = Array.from({ length: 45 }, (_, i) => ({ role: 'user' as const, content: `line ${i}` }));
    const r = await client.responses.create({ model: 'echo', input });
    since = await nextIndex(em);
    const texts: string[] = [];
    for await (const entry of client.responses.inputItems.list(r.id, { order: 'asc' })) texts.push((item(entry).content as Array<{ text: string }>)[0].text);
    assert.deepEqual(texts, input.map((i) => i.content));
    assert.equal((await logged(em, since)).filter((l) => l.path.endsWith('/input_items')).length, 3);
    const desc = await client.responses.inputItems.list(r.id, { limit: 2 });
    assert.deepEqual(desc.data.map((i) => (item(i).content as Array<{ text: string }>)[0].text), ['line 44', 'line 43']);
    assert.equal(desc.has_more, true);
    const last = await client.responses.inputItems.list(r.id, { limit: 5, order: 'asc', after: String(texts.length && (await client.responses.inputItems.list(r.id, { order: 'asc', limit: 40 })).data[39].id) });
    assert.deepEqual([last.data.length, last.has_more], [5, false]);
    assert.equal((await apiError(client.responses.inputItems.list(r.id, { limit: 101 }))).error.code, 'integer_above_max_value');
    assert.equal((await apiError(client.responses.inputItems.list(r.id, { limit: 0 }))).error.code, 'integer_below_min_value');
  });

  test('store:false responses cannot be retrieved; unknown input item kinds pass through untouched', async () => {
    const unstored = await client.responses.create({ model: 'echo', input: 'secret', store: false });
    assert.equal((unstored as unknown as { store: boolean }).store, false);
    assert.equal((await apiError(client.responses.retrieve(unstored.id))).status, 404);
    const odd = { id: 'tp_1', type: 'teleport_call', destination: 'Mars', nested: { keep: [1, null, 'x'] } };
    const r = await client.responses.create({ model: 'echo', input: [{ role: 'user', content: 'hi' }, odd as never] });
    const raw = await fetch(`${em.urls.openai}/responses/${r.id}/input_items?order=asc`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const data = ((await raw.json()) as { data: unknown[] }).data;
    assert.deepEqual(data[1], odd);
  });

  test('no list operations on OpenAI; bad requests answered like the service', async () => {
    for (const path of ['/responses', '/conversations']) {
      const res = await fetch(`${em.urls.openai}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), { error: { message: `Invalid URL (GET /v1${path})`, type: 'invalid_request_error', param: null, code: null } });
    }
    assert.deepEqual((await apiError(client.responses.create({ model: 'echo', input: 'x', agent_reference: { type: 'agent_reference', name: 'tools' } } as never))).error, { message: "Unknown parameter: 'agent_reference'.", type: 'invalid_request_error', param: 'agent_reference', code: 'unknown_parameter' });
    assert.equal((await apiError(client.responses.create({ input: 'x' } as never))).error.message, "Missing required parameter: 'model'.");
    assert.equal((await apiError(client.responses.create({ model: 'echo', input: 'x', include: ['everything'] } as never))).error.code, 'invalid_value');
    assert.equal((await apiError(client.responses.create({ model: 'echo', input: 'x', previous_response_id: 'resp_gone' }))).error.message, "Previous response with id 'resp_gone' not found.");
    const noKey = clientFor(em, 'openai', { apiKey: 'sk-wrong-key-000000000' });
    assert.equal((await apiError(noKey.responses.create({ model: 'echo', input: 'x' }))).status, 401);
  });
});

describe('Responses on the Foundry project endpoint', () => {
  let em: RunningEmulator;
  let checker: BodyChecker;
  let foundry: OpenAI;
  const project = (): string => em.urls.azure;
  const headers = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await checker.fetchFor('azure')(`${project()}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  before(async () => {
    specValidator(); // Load the specs (seconds of blocking) before any connection is open.
    em = await startTestEmulator();
    checker = new BodyChecker(em);
    foundry = new OpenAI({ apiKey: TEST_KEY, baseURL: `${em.urls.azure}/openai/v1`, fetch: checker.fetchFor('azure'), maxRetries: 0 });
  });
  after(async () => {
    const checked = await checker.settle();
    await em.close();
    assert.deepEqual(checked.filter((c) => !c.ok), [], 'every body is valid against azure-ai-projects-2025-11-15-preview.json');
    assert.ok(checked.filter((c) => c.operation.startsWith('foundry ')).length > 15);
  });

  test('agent_reference runs the named agent: the response carries agent {agent_id}, conversation, items created_by', async () => {
    const conv = await foundry.conversations.create({});
    const r = (await foundry.responses.create({ conversation: conv.id, input: 'Weather in Rome?', agent_reference: { type: 'agent_reference', name: 'tools', version: '1' } } as never)) as unknown as Record<string, unknown> & OpenAI.Responses.Response;
    assert.deepEqual(r.agent, { type: 'agent_id', name: 'tools', version: '1' });
    assert.deepEqual(r.conversation, { id: conv.id });
    assert.deepEqual(r.output.map((o) => item(o).created_by), r.output.map(() => ({ agent: { type: 'agent_id', name: 'tools', version: '1' }, response_id: r.id })));
    const plain = (await foundry.responses.create({ model: 'echo', input: 'x' })) as unknown as Record<string, unknown>;
    assert.equal(plain.conversation, null, 'Foundry always shows conversation (nullable)');
    assert.equal('agent' in plain, false, 'agent only when an agent ran it');
    const items = await call('GET', `/openai/v1/conversations/${conv.id}/items?order=asc`);
    assert.equal('object' in items.json, false, 'Foundry lists have no object: "list"');
    const assistantItems = (items.json.data as AnyItem[]).filter((i) => i.type === 'function_call');
    assert.ok(assistantItems.length === 2 && assistantItems.every((i) => (i.created_by as { response_id: string }).response_id === r.id));
    const unknownAgent = await call('POST', '/openai/v1/responses', { agent_reference: { type: 'agent_reference', name: 'nobody' }, input: 'x' });
    assert.equal(unknownAgent.status, 404);
  });

  test("the deprecated 'agent' field: 400 on /openai/v1, accepted on the preview api-version path", async () => {
    const v1 = await call('POST', '/openai/v1/responses', { agent: { type: 'agent_reference', name: 'echo' }, input: 'x' });
    assert.equal(v1.status, 400);
    assert.equal((v1.json.error as { message: string }).message, "The 'agent' property is deprecated. Use 'agent_reference' instead.");
    const preview = await call('POST', `/openai/responses?api-version=${FOUNDRY_PREVIEW_API_VERSION}`, { agent: { type: 'agent_reference', name: 'echo' }, input: 'hello' });
    assert.equal(preview.status, 200);
    assert.deepEqual(preview.json.agent, { type: 'agent_id', name: 'echo', version: '1' });
    const noVersion = await call('GET', '/openai/responses');
    assert.equal(noVersion.status, 400, 'the preview list needs api-version');
  });

  test('lists with filters and exact paging: responses by conversation_id / agent_name / agent_id, conversations by agent_name', async () => {
    const conv = await foundry.conversations.create({ metadata: { who: 'lists' } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', '/openai/v1/responses', { conversation: conv.id, input: `q${i}`, agent_reference: { type: 'agent_reference', name: i % 2 ? 'echo' : 'reason' } });
      ids.push(String(r.json.id));
    }
    const byConv = await call('GET', `/openai/v1/responses?conversation_id=${conv.id}&order=asc&limit=2`);
    assert.deepEqual((byConv.json.data as Array<{ id: string }>).map((r) => r.id), ids.slice(0, 2));
    assert.equal(byConv.json.has_more, true);
    assert.equal('object' in byConv.json, false);
    const next = await call('GET', `/openai/v1/responses?conversation_id=${conv.id}&order=asc&limit=2&after=${ids[1]}`);
    assert.deepEqual((next.json.data as Array<{ id: string }>).map((r) => r.id), ids.slice(2, 4));
    const lastPage = await call('GET', `/openai/v1/responses?conversation_id=${conv.id}&order=asc&limit=2&after=${ids[3]}`);
    assert.deepEqual([(lastPage.json.data as unknown[]).length, lastPage.json.has_more], [1, false]);
    const byAgent = await call('GET', `/openai/v1/responses?agent_name=reason&conversation_id=${conv.id}`);
    assert.deepEqual((byAgent.json.data as Array<{ id: string }>).map((r) => r.id), [ids[4], ids[2], ids[0]]);
    const byAgentId = await call('GET', `/openai/v1/responses?agent_id=echo:1&conversation_id=${conv.id}`);
    assert.equal((byAgentId.json.data as unknown[]).length, 2);
    const convs = await call('GET', '/openai/v1/conversations?agent_name=reason');
    assert.deepEqual((convs.json.data as Array<{ id: string }>).map((c) => c.id), [conv.id]);
    const empty = await call('GET', '/openai/v1/conversations?agent_name=nobody');
    assert.deepEqual(empty.json, { data: [], has_more: false });
  });

  test('named, versioned agents: create, add a version, list, get, delete (api-version required)', async () => {
    const created = await call('POST', `/agents?api-version=${FOUNDRY_PREVIEW_API_VERSION}`, { name: 'helper', definition: { kind: 'prompt', model: 'echo', instructions: 'Help.' } });
    assert.equal(created.status, 200);
    assert.deepEqual([created.json.object, created.json.name, (created.json.versions as { latest: { id: string } }).latest.id], ['agent', 'helper', 'helper:1']);
    const v2 = await call('POST', `/agents/helper/versions?api-version=${FOUNDRY_PREVIEW_API_VERSION}`, { definition: { kind: 'prompt', model: 'tools', instructions: 'Use tools.' } });
    assert.deepEqual([v2.json.object, v2.json.id, v2.json.version], ['agent.version', 'helper:2', '2']);
    const versions = await call('GET', `/agents/helper/versions?api-version=${FOUNDRY_PREVIEW_API_VERSION}&order=asc`);
    assert.deepEqual((versions.json.data as Array<{ version: string }>).map((v) => v.version), ['1', '2']);
    const one = await call('GET', `/agents/helper/versions/1?api-version=${FOUNDRY_PREVIEW_API_VERSION}`);
    assert.equal((one.json.definition as { model: string }).model, 'echo');
    const latest = await call('POST', '/openai/v1/responses', { agent_reference: { type: 'agent_reference', name: 'helper' }, input: 'x' });
    assert.deepEqual([latest.json.agent, latest.json.instructions, (latest.json.output as AnyItem[])[0].type], [{ type: 'agent_id', name: 'helper', version: '2' }, 'Use tools.', 'function_call']);
    const agents = await call('GET', `/agents?api-version=${FOUNDRY_PREVIEW_API_VERSION}&limit=100`);
    assert.ok((agents.json.data as Array<{ name: string }>).some((a) => a.name === 'helper'));
    assert.equal((await call('GET', '/agents')).status, 400);
    assert.deepEqual((await call('DELETE', `/agents/helper?api-version=${FOUNDRY_PREVIEW_API_VERSION}`)).json, { object: 'agent.deleted', name: 'helper', deleted: true });
    assert.equal((await call('GET', `/agents/helper?api-version=${FOUNDRY_PREVIEW_API_VERSION}`)).status, 404);
  });

  test('has no containers endpoint (not in its document): reading a cited container file is an error there', async () => {
    const r = await foundry.responses.create({ model: 'code', input: 'sqrt 2' });
    const cite = (item(r.output[1]).content as Array<{ annotations: Array<Record<string, unknown>> }>)[0].annotations[0];
    const res = await fetch(`${project()}/openai/v1/containers/${String(cite.container_id)}/files/${String(cite.file_id)}/content?api-version=v1`, { headers });
    assert.equal(res.status, 404);
    await res.body?.cancel();
  });

  test('Foundry streams validate against the Foundry document and end without [DONE]', async () => {
    const res = await checker.fetchFor('azure')(`${project()}/openai/v1/responses`, { method: 'POST', headers, body: JSON.stringify({ agent_reference: { type: 'agent_reference', name: 'search' }, input: 'x', stream: true }) });
    const text = await res.text();
    assert.ok(!text.includes('[DONE]'));
    assert.equal(parseSse(text).pop()?.event, 'response.completed');
  });
});

describe('faults and the request log on the Responses routes', () => {
  let em: RunningEmulator;
  before(async () => {
    specValidator(); // Load the specs (seconds of blocking) before any connection is open.
    em = await startTestEmulator();
  });
  afterEach(async () => {
    await control(em, 'DELETE', 'faults');
  });
  after(async () => {
    await em.close();
  });

  test('429 with retry-after-ms and 500 are retried by the client; each attempt is logged with its fault', async () => {
    const client = clientFor(em, 'openai');
    const since = await nextIndex(em);
    await control(em, 'POST', 'faults', [
      { match: { method: 'POST', path: '/responses$' }, kind: '429', retryAfterMs: 20 },
      { match: { method: 'GET', path: '/conversations/[^/]+/items$' }, kind: '500' },
    ]);
    const r = await client.responses.create({ model: 'echo', input: 'x' });
    assert.equal(r.status, 'completed');
    const conv = await client.conversations.create({});
    const items = await client.conversations.items.list(conv.id);
    assert.deepEqual(items.data, []);
    const log = await logged(em, since);
    assert.deepEqual(
      log.map((l) => [l.method, l.path.replace(/conv_[0-9a-f]+/, 'conv_X'), l.status, l.fault ?? null]),
      [
        ['POST', '/v1/responses', 429, '429'],
        ['POST', '/v1/responses', 200, null],
        ['POST', '/v1/conversations', 200, null],
        ['GET', '/v1/conversations/conv_X/items', 500, '500'],
        ['GET', '/v1/conversations/conv_X/items', 200, null],
      ],
    );
  });

  test('a dropped connection and a truncated body reach the client as errors; Foundry requests are logged in azure mode', async () => {
    const client = clientFor(em, 'openai', { maxRetries: 0 });
    await control(em, 'POST', 'faults', { match: { path: '/responses/[^/]+$' }, kind: 'drop' });
    const r = await client.responses.create({ model: 'echo', input: 'x' });
    await assert.rejects(client.responses.retrieve(r.id), /Connection error/);
    await control(em, 'POST', 'faults', { match: { path: '/input_items$' }, kind: 'truncate' });
    await assert.rejects(client.responses.inputItems.list(r.id));
    const since = await nextIndex(em);
    await fetch(`${em.urls.azure}/openai/v1/conversations`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const [entry] = await logged(em, since);
    assert.deepEqual([entry.mode, entry.status, entry.path], ['azure', 200, `/api/projects/${em.emulator.project}/openai/v1/conversations`]);
  });
});

describe('the Azure OpenAI /openai/v1 surface and the virtual clock', () => {
  let em: RunningEmulator;
  before(async () => {
    specValidator(); // Load the specs (seconds of blocking) before any connection is open.
    em = await startTestEmulator();
  });
  after(async () => {
    await em.close();
  });

  test('Azure OpenAI resources serve Responses on /openai/v1 without api-version, with the api-key header, and no lists', async () => {
    const checker = new BodyChecker(em);
    const azure = new OpenAI({ apiKey: 'unused', baseURL: `${em.urls.azureOpenAIEndpoint}/openai/v1`, defaultHeaders: { 'api-key': TEST_KEY, authorization: '' }, fetch: checker.fetchFor('azure-openai'), maxRetries: 0 });
    const r = await azure.responses.create({ model: 'echo', input: 'hi' });
    assert.equal(r.output_text, 'You said: hi');
    const conv = await azure.conversations.create({});
    assert.equal((await azure.conversations.retrieve(conv.id)).id, conv.id);
    const list = await fetch(`${em.urls.azureOpenAIEndpoint}/openai/v1/responses`, { headers: { 'api-key': TEST_KEY } });
    assert.equal(list.status, 404);
    const checked = await checker.settle();
    assert.ok(checked.length >= 3 && checked.every((c) => c.ok), JSON.stringify(checked.filter((c) => !c.ok)));
  });

  test('timestamps come from the virtual clock', async () => {
    const client = clientFor(em, 'openai');
    const before = await client.responses.create({ model: 'echo', input: 'x' });
    await control(em, 'POST', 'clock', { advanceSeconds: 86_400 });
    const later = await client.responses.create({ model: 'echo', input: 'x' });
    const conv = await client.conversations.create({});
    assert.ok(later.created_at - before.created_at >= 86_400);
    assert.ok(conv.created_at - before.created_at >= 86_400);
    assert.ok((later.completed_at ?? 0) >= later.created_at);
  });
});

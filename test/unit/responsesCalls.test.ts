// The Responses and Conversations calls over the openai client, against a local HTTP
// server that records what it was asked: paths per connection kind, paging, include[],
// credentials, parsed bodies, and capability probes decided from the status alone.
import assert from 'node:assert/strict';
import { probe } from '../../src/api/probe';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Connection } from '../../src/api/connection';
import {
  cancelResponse,
  createResponsesClient,
  getConversation,
  getResponse,
  listConversationItems,
  listConversations,
  listInputItems,
  listResponses,
  probeResponses,
} from '../../src/api/responses/calls';
import { SchemaError } from '../../src/api/schemas';
import { recordedBody } from './responsesFixtures';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  apiKey: string | undefined;
}
let server: http.Server;
let origin = '';
const seen: Seen[] = [];
/** Status and body per `METHOD path`; anything else is a 404 in the service's error shape. */
let routes: Record<string, [number, unknown]> = {};

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, apiKey: req.headers['api-key'] as string | undefined });
    const [status, body] = routes[`${req.method} ${url.pathname}`] ?? [404, { error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error', param: null, code: null } }];
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_1', 'openai-poll-after-ms': '1500' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  routes = {};
});

const key = 'sk-unit-0123456789';
const client = (connection: Omit<Connection, 'id' | 'name'>) => {
  const full = { id: 'c', name: 'Test', ...connection } as Connection;
  return createResponsesClient(full, { connection: full, credential: async () => key, timeoutMs: 5000 });
};

describe('OpenAI and compatible servers', () => {
  it('retrieve a response with include[] for code-interpreter outputs and file-search results', async () => {
    routes['GET /v1/responses/resp_1'] = [200, recordedBody('response_function_call.json')];
    const { response, pollAfterMs } = await getResponse(client({ kind: 'openai-compatible', baseUrl: `${origin}/v1`, auth: 'key' }), 'resp_1');
    assert.equal(response.output?.[0]?.type, 'function_call');
    assert.equal(pollAfterMs, 1500);
    assert.deepEqual(seen[0]?.query.getAll('include[]').sort(), ['code_interpreter_call.outputs', 'file_search_call.results', 'web_search_call.action.sources']);
    assert.equal(seen[0]?.authorization, `Bearer ${key}`);
    assert.equal(seen[0]?.query.get('api-version'), null);
  });

  it('list input items and conversation items 100 at a time, oldest first, with the cursor', async () => {
    routes['GET /v1/responses/resp_1/input_items'] = [200, recordedBody('input_items_page_has_more.json')];
    routes['GET /v1/conversations/conv_1/items'] = [200, recordedBody('conversation_items_list.json')];
    const c = client({ kind: 'openai-compatible', baseUrl: `${origin}/v1`, auth: 'key' });
    const page = await listInputItems(c, 'resp_1', 'msg_before');
    assert.equal(page.hasMore, true);
    assert.equal(page.nextAfter, recordedBody('input_items_page_has_more.json').last_id);
    const items = await listConversationItems(c, 'conv_1');
    assert.equal(items.items.length, 3);
    assert.equal(items.hasMore, false);
    for (const request of seen) {
      assert.equal(request.query.get('limit'), '100');
      assert.equal(request.query.get('order'), 'asc');
      assert.equal(request.query.getAll('include[]').length, 3);
    }
    assert.equal(seen[0]?.query.get('after'), 'msg_before');
    assert.equal(seen[1]?.query.get('after'), null);
  });

  it('cancel once (no automatic retry) and read a conversation', async () => {
    routes['POST /v1/responses/resp_1/cancel'] = [500, { error: { message: 'boom', type: 'server_error' } }];
    const c = client({ kind: 'openai', baseUrl: `${origin}/v1` });
    await assert.rejects(cancelResponse(c, 'resp_1'), (e: unknown) => (e as { status?: number }).status === 500);
    assert.equal(seen.filter((s) => s.path.endsWith('/cancel')).length, 1);
    routes['GET /v1/conversations/conv_1'] = [200, recordedBody('conversation_get.json')];
    assert.equal((await getConversation(c, 'conv_1')).object, 'conversation');
  });

  it('refuse a body of another kind with a clear error', async () => {
    routes['GET /v1/responses/resp_1'] = [200, recordedBody('conversation_get.json')];
    await assert.rejects(getResponse(client({ kind: 'openai', baseUrl: `${origin}/v1` }), 'resp_1'), (e: unknown) => e instanceof SchemaError && /expected object "response"/.test(e.message));
  });
});

describe('Azure', () => {
  it('Foundry: the project\'s /openai/v1 surface, no api-version, lists with filters', async () => {
    const base = `${origin}/api/projects/p1`;
    routes['GET /api/projects/p1/openai/v1/conversations'] = [200, { data: [recordedBody('conversation_get.json')], has_more: false }];
    routes['GET /api/projects/p1/openai/v1/responses'] = [200, { data: [recordedBody('response_with_conversation.json')], has_more: true, last_id: 'resp_x' }];
    const c = client({ kind: 'azure-agents', baseUrl: base, auth: 'key', apiVersion: 'v1' });
    const conversations = await listConversations(c, { agentName: 'triage' });
    assert.equal(conversations.items.length, 1);
    const responses = await listResponses(c, { conversationId: 'conv_1', after: 'resp_0' });
    assert.equal(responses.nextAfter, 'resp_x');
    assert.equal(seen[0]?.query.get('agent_name'), 'triage');
    assert.equal(seen[1]?.query.get('conversation_id'), 'conv_1');
    assert.equal(seen[1]?.query.get('after'), 'resp_0');
    for (const request of seen) {
      assert.equal(request.query.get('api-version'), null);
      assert.equal(request.query.get('limit'), '100');
      assert.equal(request.query.get('order'), 'desc');
    }
  });

  it('Azure OpenAI: /openai/v1 through the plain client, the key in api-key and no Authorization', async () => {
    routes['GET /openai/v1/responses/resp_1'] = [200, recordedBody('response_get_completed_message.json')];
    const { response } = await getResponse(client({ kind: 'azure-openai', baseUrl: origin, auth: 'key' }), 'resp_1');
    assert.equal(response.status, 'completed');
    assert.equal(seen[0]?.apiKey, key);
    assert.equal(seen[0]?.authorization, undefined);
    assert.equal(seen[0]?.query.get('api-version'), null);
  });
});

describe('capability probes', () => {
  const c = () => client({ kind: 'openai-compatible', baseUrl: `${origin}/v1`, auth: 'none' });

  it('decide from the status: 2xx present, 404 and 405 absent, anything else undetermined', async () => {
    routes['GET /v1/responses'] = [200, { object: 'list', data: [], has_more: false }];
    routes['GET /v1/conversations'] = [405, { error: { message: 'Method Not Allowed' } }];
    assert.deepEqual(await probeResponses(c()), { listsResponses: { kind: 'present' }, listsConversations: { kind: 'absent', status: 405 } });
    assert.deepEqual(await probe(c(), '/threads'), { kind: 'absent', status: 404 });
    // OpenAI's answer to GET /threads while it had the Assistants API: says nothing either way.
    routes['GET /v1/threads'] = [401, { error: { message: 'Your request to GET /v1/threads must be made with a session key', code: 'missing_scope' } }];
    const threads = await probe(c(), '/threads');
    assert.equal(threads.kind, 'undetermined');
    assert.equal(threads.kind === 'undetermined' && threads.status, 401);
    assert.equal(seen.find((s) => s.path === '/v1/responses')?.query.get('limit'), '1');
  });

  it('never reads the error text: a 404 with a "found" message is still absent', async () => {
    routes['GET /v1/responses'] = [404, { error: { message: 'Responses are available; this is fine' } }];
    assert.deepEqual(await probe(c(), '/responses'), { kind: 'absent', status: 404 });
  });
});

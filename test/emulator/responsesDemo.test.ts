// The demo seed's Responses family: every status under its well-known id, the 1,000-item
// conversation, the 200-item / 2 MB response, the previous_response_id chain, the pending
// function call and MCP approval, hostile and non-Latin text, a Foundry agent's
// conversation; every body valid against the spec of its mode; ids deterministic.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { DEMO_RESPONSES as D, HOSTILE_STRINGS } from './demoIds';
import type { RunningEmulator } from './server';
import { BodyChecker, clientFor, specValidator, startTestEmulator, TEST_KEY } from './testkit';

type AnyItem = { type: string; id: string } & Record<string, unknown>;

let em: RunningEmulator;
let client: OpenAI;
let checker: BodyChecker;

before(async () => {
  specValidator(); // Load the specs (seconds of blocking) before any connection is open.
  em = await startTestEmulator({ seed: 'demo' });
  checker = new BodyChecker(em);
  client = clientFor(em, 'openai', { fetch: checker.fetchFor('openai') });
});
after(async () => {
  const checked = await checker.settle();
  await em.close();
  // Only the response holding an item kind the spec does not know fails, and only at that item.
  const bad = checked.filter((c) => !c.ok);
  assert.deepEqual(bad.map((c) => c.path), [`/responses/${D.responses.unknownKind}`]);
  assert.ok(bad[0].errors.every((e) => e.startsWith('/output/0')), bad[0].errors.join('; '));
  assert.ok(checked.length > 20);
});

const raw = async (path: string): Promise<Record<string, unknown>> =>
  (await (await checker.fetchFor('openai')(`${em.urls.openai}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as Record<string, unknown>;

test('every response status appears under its well-known id; the active ones are background and cancellable', async () => {
  const expected = { completed: D.responses.completed, failed: D.responses.failed, incomplete: D.responses.incomplete, cancelled: D.responses.cancelled, queued: D.responses.queued, in_progress: D.responses.inProgress };
  for (const [status, id] of Object.entries(expected)) assert.equal((await client.responses.retrieve(id)).status, status, id);
  assert.equal((await client.responses.retrieve(D.responses.failed)).error?.code, 'server_error');
  assert.deepEqual((await client.responses.retrieve(D.responses.incomplete)).incomplete_details, { reason: 'max_output_tokens' });
  assert.equal((await client.responses.cancel(D.responses.inProgress)).status, 'cancelled');
  assert.equal((await client.responses.retrieve(D.responses.inProgress)).status, 'cancelled');
});

test('a 1,000-item conversation and a 200-item response of about 2 MB', async () => {
  let n = 0;
  for await (const _ of client.conversations.items.list(D.conversations.big, { limit: 100 })) n++;
  assert.equal(n, D.counts.bigConversationItems);
  const big = await raw(`/responses/${D.responses.big200Items}`);
  const output = big.output as AnyItem[];
  assert.equal(output.length, D.counts.bigResponseOutputItems);
  assert.ok(new Set(output.map((i) => i.type)).size >= 4);
  const bytes = Buffer.byteLength(JSON.stringify(big));
  assert.ok(bytes > 1.9 * 1024 * 1024 && bytes < 2.5 * 1024 * 1024, `${bytes} bytes`);
});

test('a previous_response_id chain whose last link answers the calls of the one before', async () => {
  const [c1, c2, c3] = await Promise.all([D.responses.chain1, D.responses.chain2, D.responses.chain3].map((id) => client.responses.retrieve(id)));
  assert.deepEqual([c1.previous_response_id, c2.previous_response_id, c3.previous_response_id], [null, c1.id, c2.id]);
  assert.equal(c1.instructions, 'Be brief.');
  assert.equal(c2.instructions, null);
  const calls = c2.output.filter((o) => o.type === 'function_call').map((o) => o.call_id);
  const answers = (await client.responses.inputItems.list(c3.id)).data.filter((i) => i.type === 'function_call_output').map((i) => (i as unknown as { call_id: string }).call_id);
  assert.deepEqual(answers.sort(), calls.sort());
});

test('a pending function call and a pending MCP approval: nothing later answers them; answering them works', async () => {
  const pending = await client.responses.retrieve(D.responses.pendingFunctionCall);
  assert.deepEqual(pending.output.map((o) => (o.type === 'function_call' ? o.call_id : '')), [D.calls.pendingWeather, D.calls.pendingOrder]);
  const answered = await client.responses.create({ model: 'tools', previous_response_id: pending.id, input: [D.calls.pendingWeather, D.calls.pendingOrder].map((call_id) => ({ type: 'function_call_output' as const, call_id, output: 'fine' })) });
  assert.equal(answered.output_text, 'get_weather returned "fine" and lookup_order returned "fine".');
  const mcp = await raw(`/responses/${D.responses.pendingMcpApproval}`);
  assert.deepEqual((mcp.output as AnyItem[]).map((i) => i.type), ['mcp_list_tools', 'mcp_approval_request']);
  assert.equal((mcp.output as AnyItem[])[1].id, D.items.pendingMcpApproval);
  const approved = await client.responses.create({ model: 'mcp', previous_response_id: D.responses.pendingMcpApproval, input: [{ type: 'mcp_approval_response', approval_request_id: D.items.pendingMcpApproval, approve: true }] });
  assert.equal(approved.output[0].type, 'mcp_call');
});

test('every item kind, hostile text kept verbatim, non-Latin text, a response inside a conversation', async () => {
  const every = await raw(`/responses/${D.responses.everyKind}?include[]=code_interpreter_call.outputs`);
  const kinds = (every.output as AnyItem[]).map((i) => i.type);
  for (const k of ['reasoning', 'code_interpreter_call', 'web_search_call', 'file_search_call', 'image_generation_call', 'message']) assert.ok(kinds.includes(k), k);
  const unknown = await raw(`/responses/${D.responses.unknownKind}`);
  assert.deepEqual((unknown.output as AnyItem[])[0], { id: (unknown.output as AnyItem[])[0].id, type: 'workflow_action', kind: 'InvokeAzureAgent', action_id: 'action_1', parent_action_id: null, status: 'completed' });
  const hostile = await raw(`/responses/${D.responses.hostile}`);
  const json = JSON.stringify(hostile);
  for (const s of HOSTILE_STRINGS) assert.ok(json.includes(JSON.stringify(s).slice(1, -1)), s);
  const conv = await client.conversations.retrieve(D.conversations.hostile);
  assert.equal((conv.metadata as Record<string, string>).note, HOSTILE_STRINGS[0]);
  const unicode = await client.responses.retrieve(D.responses.unicode);
  assert.match(unicode.output_text, /東京/);
  assert.match(unicode.output_text, /Забронируйте/);
  const inConv = await client.responses.retrieve(D.responses.inConversation);
  assert.deepEqual(inConv.conversation, { id: D.conversations.support });
  const items = await client.conversations.items.list(D.conversations.support, { order: 'asc' });
  assert.deepEqual(items.data.map((i) => i.type), ['message', 'reasoning', 'message']);
});

test('the Foundry agent conversation: agent and created_by on the project endpoint, listed by agent', async () => {
  const base = `${em.urls.azure}/openai/v1`;
  const get = async (path: string): Promise<Record<string, unknown>> => (await (await checker.fetchFor('azure')(`${base}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as Record<string, unknown>;
  const r = await get(`/responses/${D.responses.agent}`);
  assert.deepEqual(r.agent, { type: 'agent_id', name: 'tools', version: '1' });
  assert.deepEqual((r.output as AnyItem[])[0].created_by, { agent: { type: 'agent_id', name: 'tools', version: '1' }, response_id: D.responses.agent });
  const listed = await get('/responses?agent_name=tools');
  assert.deepEqual((listed.data as AnyItem[]).map((x) => x.id), [D.responses.agent]);
  const convs = await get('/conversations?agent_name=tools');
  assert.deepEqual((convs.data as AnyItem[]).map((x) => x.id), [D.conversations.agent]);
  const openai = await raw(`/responses/${D.responses.agent}`);
  assert.equal('agent' in openai, false, 'OpenAI mode shows no Foundry fields');
  assert.equal('created_by' in (openai.output as AnyItem[])[0], false);
});

test('the demo is deterministic: a second emulator serves the same bodies', async () => {
  const other = await startTestEmulator({ seed: 'demo' });
  try {
    for (const path of [`/responses/${D.responses.big200Items}`, `/conversations/${D.conversations.big}/items?limit=100&order=asc`, `/responses/${D.responses.chain3}/input_items`]) {
      const a = await (await fetch(`${em.urls.openai}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).text();
      const b = await (await fetch(`${other.urls.openai}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).text();
      assert.equal(a.replace(/"created_at":\d+|"completed_at":\d+/g, ''), b.replace(/"created_at":\d+|"completed_at":\d+/g, ''), path);
    }
  } finally {
    await other.close();
  }
});

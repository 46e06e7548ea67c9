// Fork from Here, the pure part: which cuts a new response may start with (a call never
// separated from its output, a reasoning item never last), the requests both families
// send (copy rules of Continue, the origin in metadata, the items up to the cut), the
// replay pool (arguments equal as JSON, repeats in order), and the fork document's
// validation against its JSON Schema plus the checks a schema cannot make.
import { shippedValidators } from '../harness/shippedValidators';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseResponse } from '../../src/api/responses/schemas';
import { cutProblem, forkedAtKey, forkedFromKey, nearestCuts, ReplayPool, responseForkRequest, runForkRequest, type WireItem } from '../../src/model/fork';
import { validateForkText, type ForkProblem } from '../../src/model/forkValidation';
import type { Message, Run } from '../../src/api/schemas';
import { recordedBody } from './responsesFixtures';

const compile = (file: string) => new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(__dirname, '../../media', file), 'utf8')) as object);
const responseSchema = compile('response-fork.schema.json');
const runSchema = compile('run-fork.schema.json');

const user: WireItem = { id: 'msg_u', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'Weather in Oslo?' }] };
const reasoning: WireItem = { id: 'rs_1', type: 'reasoning', summary: [] };
const call: WireItem = { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
const output: WireItem = { id: 'fco_1', type: 'function_call_output', call_id: 'call_1', output: '{"temp": 3}' };
const answer: WireItem = { id: 'msg_a', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '3 degrees', annotations: [] }] };
const items = [user, reasoning, call, output, answer];

describe('fork cut points (Responses)', () => {
  it('accepts cuts that keep calls with outputs and reasoning with what follows', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => cutProblem(items, n)?.kind ?? 'ok'),
      ['ok', 'ok', 'reasoningLast', 'splitsCall', 'ok', 'ok'],
    );
  });

  it('offers the nearest valid cuts on both sides', () => {
    assert.deepEqual(nearestCuts(items, 2), { before: 1, after: 4 });
    assert.deepEqual(nearestCuts(items, 3), { before: 1, after: 4 });
    assert.deepEqual(nearestCuts(items, 4), { before: 4, after: 5 });
  });

  it('a call the original never answered cannot be kept, and nothing after it is valid', () => {
    const waiting = [user, call];
    assert.equal(cutProblem(waiting, 2)?.kind, 'callWithoutOutput');
    assert.deepEqual(nearestCuts(waiting, 2), { before: 1, after: undefined });
  });

  it('an approval request is not separated from its answer', () => {
    const request = { id: 'mcpr_1', type: 'mcp_approval_request', name: 'roll', server_label: 'dmcp', arguments: '{}' };
    const approval = { id: 'x', type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true };
    assert.equal(cutProblem([user, request, approval], 2)?.kind, 'splitsApproval');
    assert.equal(cutProblem([user, request], 2), undefined);
  });
});

describe('fork requests', () => {
  const original = parseResponse({ ...recordedBody('response_function_call.json'), previous_response_id: 'resp_before', metadata: { team: 'a', [forkedFromKey]: 'resp_older' }, temperature: 1, top_p: 0.5 });

  it('Responses: the copy rules of Continue, the origin in metadata, the chain kept, the items up to the cut without status', () => {
    const request = responseForkRequest({ response: original, items, count: 4, agentReference: false, background: true });
    assert.equal(request.model, original.model);
    assert.deepEqual(request.tools, original.tools);
    assert.equal(request.previous_response_id, 'resp_before');
    assert.equal(request.top_p, 0.5);
    assert.equal('temperature' in request, false, 'the default temperature is not sent');
    assert.deepEqual(request.metadata, { team: 'a', [forkedFromKey]: original.id, [forkedAtKey]: 'after fco_1' });
    assert.deepEqual(request.input, [user, reasoning, call, output].map(({ status: _s, ...rest }) => rest));
    assert.equal(request.background, true);
    assert.equal(request.stream, true);
    assert.equal('conversation' in request, false);
  });

  it('Responses: a response in a conversation is forked outside it', () => {
    const inConversation = parseResponse({ ...recordedBody('response_with_conversation.json'), previous_response_id: null });
    const request = responseForkRequest({ response: inConversation, items, count: 1, agentReference: false, background: false });
    assert.equal('conversation' in request, false);
    assert.equal('previous_response_id' in request, false);
    assert.deepEqual(request.metadata, { [forkedFromKey]: inConversation.id, [forkedAtKey]: 'after msg_u' });
  });

  it('Assistants: the run settings and a new thread with the messages as new messages', () => {
    const run = { id: 'run_1', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status: 'completed', model: 'gpt-4o', instructions: 'Be brief.', tools: [{ type: 'function', function: { name: 'get_weather' } }], temperature: 0.2, top_p: 1, max_prompt_tokens: null, metadata: {}, created_at: 1 } as unknown as Run;
    const messages = [
      { id: 'msg_1', role: 'user', content: [{ type: 'text', text: { value: 'Weather in Oslo?', annotations: [] } }] },
      { id: 'msg_2', role: 'assistant', content: [{ type: 'text', text: { value: 'Checking.', annotations: [] } }, { type: 'image_file', image_file: { file_id: 'file-1' } }] },
    ] as unknown as Message[];
    const request = runForkRequest({ run, messages, at: 'after msg_2' });
    assert.deepEqual(request, {
      assistant_id: 'asst_1',
      model: 'gpt-4o',
      instructions: 'Be brief.',
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
      temperature: 0.2,
      metadata: { [forkedFromKey]: 'run_1', [forkedAtKey]: 'after msg_2' },
      thread: {
        metadata: { [forkedFromKey]: 'thread_1', [forkedAtKey]: 'after msg_2' },
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'image_file', image_file: { file_id: 'file-1' } }] },
        ],
      },
    });
    assert.equal(runSchema(JSON.parse(JSON.stringify({ replay_tool_results: true, request }))), true, JSON.stringify(runSchema.errors));
  });
});

describe('replay pool', () => {
  it('matches by name and arguments equal as JSON; repeats are answered in order; others are not', () => {
    const pool = new ReplayPool([
      { name: 'get_weather', arguments: '{"city":"Oslo","unit":"c"}', output: 'first' },
      { name: 'get_weather', arguments: '{"city":"Oslo","unit":"c"}', output: 'second' },
      { name: 'lookup', arguments: 'not json', output: 'text' },
    ]);
    assert.deepEqual(pool.take('get_weather', '{ "unit": "c",\n "city": "Oslo" }'), { output: 'first' });
    assert.deepEqual(pool.take('get_weather', '{"city":"Oslo","unit":"c"}'), { output: 'second' });
    assert.equal(pool.take('get_weather', '{"city":"Oslo","unit":"c"}'), undefined, 'no third answer');
    assert.equal(pool.take('get_weather', '{"city":"Bergen","unit":"c"}'), undefined);
    assert.equal(pool.take('other', 'not json'), undefined, 'same arguments, another name');
    assert.deepEqual(pool.take('lookup', 'not json'), { output: 'text' });
    assert.equal(pool.size, 0);
  });
});

const at = (text: string, p: ForkProblem) => text.slice(p.offset, p.offset + p.length);
const problems = (text: string, family: 'responses' | 'assistants' = 'responses') => validateForkText(text, family, family === 'responses' ? responseSchema : runSchema).problems.map((p) => [p.code, p.message, at(text, p)]);
const doc = (request: Record<string, unknown>, replay: unknown = true) => JSON.stringify({ replay_tool_results: replay, request }, null, 2);
const good = { model: 'tools', tools: [{ type: 'function', name: 'get_weather', parameters: {} }], input: [user, call, output] };

describe('fork document validation', () => {
  it('a request the fork built is valid and handed back as it is', () => {
    const request = responseForkRequest({ response: parseResponse(recordedBody('response_function_call.json')), items, count: 4, agentReference: false, background: false });
    const result = validateForkText(doc(request), 'responses', responseSchema);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.document, { replay: true, request });
  });

  it('wrong types, unknown tools and an empty model are named at their value', () => {
    const text = doc({ ...good, model: '', temperature: '0.5', tools: [{ type: 'hammer' }, { type: 'function' }] }, 'yes');
    assert.deepEqual(problems(text), [
      ['type', '"replay_tool_results" must be a boolean, not a string.', '"yes"'],
      ['minLength', '"request.model" is empty: name the model to run (the original\'s model), or use an agent.', '""'],
      ['enum', 'Unknown tool type "hammer" in "request.tools[0].type": the service knows "function", "custom", "file_search", "web_search", "web_search_preview", "web_search_2025_08_26", "web_search_preview_2025_03_11", "code_interpreter", "image_generation", "mcp", "computer_use_preview", "local_shell", "shell", "apply_patch".', '"hammer"'],
      ['required', '"request.tools[1]" is missing "name": the tool\'s name.', '{\n        "type": "function"\n      }'],
      ['type', '"request.temperature" must be a number, not a string.', '"0.5"'],
    ]);
    assert.equal(validateForkText(text, 'responses', responseSchema).document, undefined);
  });

  it('a tool_choice naming no tool of the request, a call without its output, a conversation', () => {
    const text = doc({ ...good, tool_choice: { type: 'function', name: 'lookup_order' }, conversation: 'conv_1', input: [user, call] });
    assert.deepEqual(
      problems(text).map(([code, message]) => [code, message]),
      [
        ['conversation', '"conversation" would add the fork to a conversation; a fork never changes the original\'s. Leave it out: the items up to the fork point are in "input".'],
        ['unknown-tool', '"tool_choice" names the tool "lookup_order", which is not among "tools" ("get_weather").'],
        ['cut', 'The service would reject this input: function_call get_weather (call_1) has no output after it (the service rejects a call without its output). Add its output after it, or remove it.'],
      ],
    );
  });

  it('asks for the headers of an MCP server, which the service does not return (a warning: the document can still be sent)', () => {
    const text = doc({ ...good, tools: [...good.tools, { type: 'mcp', server_label: 'dmcp', server_url: 'https://dmcp.example/sse' }] });
    const result = validateForkText(text, 'responses', responseSchema);
    assert.deepEqual(result.problems.map((p) => [p.code, p.severity, at(text, p).startsWith('{')]), [['mcp-headers-missing', 'warning', true]]);
    assert.ok(result.document, 'a warning does not stop the fork');
  });

  it('missing model, empty input, unknown top-level field, too many metadata keys', () => {
    const metadata = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    const text = JSON.stringify({ replay_tool_results: false, request: { input: [], metadata }, extra: 1 });
    assert.deepEqual(
      problems(text).map(([code]) => code),
      ['additionalProperties', 'maxProperties', 'minItems', 'model-missing'],
    );
  });

  it('Assistants: the assistant and the thread are required; a message needs a role', () => {
    const text = doc({ model: 'gpt-4o', thread: { messages: [{ content: 'hi' }] } });
    assert.deepEqual(problems(text, 'assistants').map(([code, message]) => [code, message]), [
      ['required', '"request" is missing "assistant_id": the assistant that runs it ("asst_…").'],
      ['required', '"request.thread.messages[0]" is missing "role": "user" or "assistant".'],
    ]);
  });

  it('JSON syntax errors come alone', () => {
    assert.deepEqual([...new Set(problems('{"request": ').map(([code]) => code))], ['invalid-json']);
  });

  it('the validators the extension ships (compiled at build time) judge as the schema does', async () => {
    const shipped = await shippedValidators<Record<'responses' | 'assistants', typeof responseSchema>>('fork');
    const samples = [
      doc({ ...good, model: '', temperature: '0.5', tools: [{ type: 'hammer' }, { type: 'function' }] }, 'yes'),
      doc(good),
      JSON.stringify({ replay_tool_results: false, request: { input: [], metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, extra: 1 }),
    ];
    for (const text of samples) {
      assert.deepEqual(validateForkText(text, 'responses', shipped.responses), validateForkText(text, 'responses', responseSchema), text);
    }
    const run = doc({ model: 'gpt-4o', thread: { messages: [{ content: 'hi' }] } });
    assert.deepEqual(validateForkText(run, 'assistants', shipped.assistants), validateForkText(run, 'assistants', runSchema));
    assert.ok(validateForkText(run, 'assistants', shipped.assistants).problems.length >= 2);
  });
});

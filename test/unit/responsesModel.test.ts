// The Responses adapter: recorded bodies and hand-made edge cases → the family-neutral model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseItem, parseItemPage, parseResponse, type ResponseItem } from '../../src/api/responses/schemas';
import { fromResponse, stepsFromItems, type LaterItems } from '../../src/model/responses';
import { callsOf, durationOf, toneOf, type AgentRun, type Call, type Step } from '../../src/model/run';
import { mutations, recordedBody, recordedResponseBodies } from './responsesFixtures';

const response = (file: string) => parseResponse(recordedBody(file));
const items = (file: string): ResponseItem[] => parseItemPage(recordedBody(file)).items;
const onlyCall = (run: AgentRun, index = 0): Call => {
  const step = run.steps[index];
  assert.ok(step && step.body.kind === 'call', `step ${index} is ${step?.body.kind}`);
  return step.body.call;
};
const conversation = (later: ResponseItem[] = []): LaterItems => ({ seen: 'everything', source: 'conversation', items: later });

describe('every recorded response', () => {
  for (const { file, body, response: parsed } of recordedResponseBodies()) {
    it(`becomes a model: ${file}`, () => {
      const run = fromResponse({ response: parsed });
      assert.equal(run.id, body.id);
      assert.deepEqual(run.ref, { family: 'responses', responseId: body.id });
      assert.equal(run.raw, parsed);
      assert.equal(run.steps.length, (body.output as unknown[]).length);
      for (const step of run.steps) assert.notEqual(step.body.kind, 'unknown', `${step.type} shown as JSON`);
      assert.equal(run.status.wire, body.status);
      assert.notEqual(run.status.phase, 'unknown');
      // Every mutated variant still becomes a model, and unknown item kinds are kept as JSON.
      for (const [name, mutated] of mutations(body)) {
        const m = fromResponse({ response: parseResponse(mutated), later: conversation() });
        const unknown = m.steps.filter((s) => s.body.kind === 'unknown');
        if (name === 'unknown item kind appended') {
          assert.equal(unknown.length, 1, name);
          assert.deepEqual(unknown[0]?.body, { kind: 'unknown', type: 'hologram_call', json: (mutated.output as unknown[]).at(-1), problem: null });
        }
      }
    });
  }
});

describe('times', () => {
  it('say "not reported" when completed_at is absent, and never invent a duration', () => {
    const run = fromResponse({ response: response('response_function_call.json') });
    assert.equal(run.status.phase, 'completed');
    assert.deepEqual(run.times.finished, { kind: 'notReported' });
    assert.deepEqual(run.times.started, { kind: 'notReported' });
    assert.deepEqual(durationOf(run.times, run.active), { kind: 'notReported' });
  });

  it('give the duration from created_at to completed_at where both are reported', () => {
    const body = recordedBody('response_web_search_call_url_citation.json');
    const run = fromResponse({ response: parseResponse(body) });
    assert.deepEqual(run.times.finished, { kind: 'at', seconds: body.completed_at });
    assert.deepEqual(durationOf(run.times, run.active), { kind: 'seconds', seconds: (body.completed_at as number) - (body.created_at as number) });
  });

  it('count up while queued or in progress', () => {
    const run = fromResponse({ response: response('response_background_queued.json') });
    assert.equal(run.active, true);
    assert.deepEqual(run.times.finished, { kind: 'notYet' });
    assert.equal(durationOf(run.times, run.active).kind, 'running');
  });
});

describe('usage, problems, configuration', () => {
  it('report cached and reasoning tokens', () => {
    const body = recordedBody('response_web_search_reasoning_open_page_find_in_page.json');
    const usage = body.usage as { input_tokens_details: { cached_tokens: number }; output_tokens_details: { reasoning_tokens: number } };
    const run = fromResponse({ response: parseResponse(body) });
    assert.ok(usage.input_tokens_details.cached_tokens > 0);
    assert.equal(run.usage?.cachedInput, usage.input_tokens_details.cached_tokens);
    assert.equal(run.usage?.reasoning, usage.output_tokens_details.reasoning_tokens);
  });

  it('explain incomplete by the limit that stopped it', () => {
    const run = fromResponse({ response: response('response_incomplete_max_output_tokens.json') });
    const limit = (recordedBody('response_incomplete_max_output_tokens.json').max_output_tokens as number);
    assert.deepEqual(run.problems, [{ kind: 'incomplete', reason: 'max_output_tokens', limit: { name: 'max_output_tokens', value: limit } }]);
    assert.deepEqual(run.config.find((r) => r.key === 'max_output_tokens')?.note, { kind: 'stoppedByLimit', reason: 'max_output_tokens', low: limit < 1000 });
  });

  it('keep an error code outside the spec', () => {
    const run = fromResponse({ response: parseResponse({ id: 'resp_1', object: 'response', status: 'failed', error: { code: 'insufficient_quota', message: 'quota' }, output: [] }) });
    assert.deepEqual(run.problems, [{ kind: 'error', code: 'insufficient_quota', message: 'quota', failed: true }]);
    assert.equal(toneOf(run), 'error');
  });

  it('decide whether cancel is possible from the state', () => {
    assert.deepEqual(fromResponse({ response: response('response_background_queued.json') }).cancel, { possible: true });
    assert.deepEqual(fromResponse({ response: parseResponse({ id: 'resp_1', status: 'in_progress', background: false }) }).cancel, { possible: false, why: 'notBackground' });
    assert.deepEqual(fromResponse({ response: response('response_background_cancelled.json') }).cancel, { possible: false, why: 'finished' });
  });

  it('take agent, conversation and chain from the response', () => {
    const run = fromResponse({ response: parseResponse({ id: 'resp_2', status: 'completed', previous_response_id: 'resp_1', conversation: { id: 'conv_1' }, agent: { type: 'agent_id', name: 'triage', version: '4' } }) });
    assert.deepEqual(run.actor, { kind: 'agent', name: 'triage', version: '4' });
    assert.deepEqual(run.container, { kind: 'conversation', id: 'conv_1' });
    assert.equal(run.previousId, 'resp_1');
  });
});

describe('pending function calls', () => {
  const calls = response('response_function_call.json');

  it('are "no answer seen" when what follows cannot all be seen (opened by id)', () => {
    const run = fromResponse({ response: calls });
    const call = onlyCall(run);
    assert.deepEqual(call.kind === 'function' && call.answer, { state: 'noAnswerSeen' });
    assert.equal(run.pending.length, 1);
    assert.equal(run.pending[0]?.state, 'noAnswerSeen');
    assert.equal(run.waiting, false);
    assert.equal(toneOf(run), 'ok');
  });

  it('are awaiting when everything after is visible (a conversation) and nothing answers', () => {
    const run = fromResponse({ response: calls, later: conversation() });
    const [pending] = run.pending;
    assert.equal(pending?.kind, 'toolOutput');
    assert.equal(pending?.state, 'awaiting');
    assert.equal(pending?.kind === 'toolOutput' && pending.callId, (calls.output?.[0] as unknown as { call_id: string }).call_id);
    assert.equal(run.waiting, true);
    assert.equal(toneOf(run), 'action');
  });

  it('are answered, not pending, when a later function_call_output answers them', () => {
    const later = items('input_items_function_call_roundtrip.json');
    for (const seen of [conversation(later), { seen: 'some', items: later } as const]) {
      const run = fromResponse({ response: calls, later: seen });
      const call = onlyCall(run);
      assert.ok(call.kind === 'function' && call.answer.state === 'answered');
      assert.equal(call.answer.output, (later[0] as unknown as { output: string }).output);
      assert.deepEqual(run.pending, []);
      assert.equal(run.waiting, false);
    }
  });

  it('custom tool calls follow the same rule', () => {
    const custom = response('response_custom_tool_call.json');
    assert.equal(fromResponse({ response: custom, later: conversation() }).pending[0]?.state, 'awaiting');
    assert.deepEqual(fromResponse({ response: custom, later: conversation(items('input_items_custom_tool_call_output.json')) }).pending, []);
  });

  it('an answer to another call does not count', () => {
    const other = parseItem({ type: 'function_call_output', call_id: 'call_someone_else', output: 'x' });
    assert.equal(fromResponse({ response: calls, later: conversation([other]) }).pending[0]?.state, 'awaiting');
  });

  it('parallel calls are each pending until each is answered', () => {
    const parallel = response('response_parallel_function_calls_raw.json');
    const ids = (parallel.output ?? []).map((i) => (i as unknown as { call_id: string }).call_id);
    const answerFirst = parseItem({ type: 'function_call_output', call_id: ids[0], output: '{"ok":true}' });
    const run = fromResponse({ response: parallel, later: conversation([answerFirst]) });
    assert.deepEqual(run.pending.map((p) => p.kind === 'toolOutput' && p.callId), [ids[1]]);
  });

  it('a failed or running response waits for nothing', () => {
    const failed = parseResponse({ ...recordedBody('response_function_call.json'), status: 'failed' });
    const run = fromResponse({ response: failed, later: conversation() });
    assert.deepEqual(run.pending, []);
    assert.deepEqual((onlyCall(run) as { answer: unknown }).answer, { state: 'unanswered' });
    const running = parseResponse({ ...recordedBody('response_function_call.json'), status: 'in_progress' });
    assert.deepEqual(fromResponse({ response: running, later: conversation() }).pending, []);
  });
});

describe('MCP approvals', () => {
  const request = response('response_mcp_list_tools_approval_request.json');
  const approvalStep = (run: AgentRun): Step => run.steps.find((s) => s.body.kind === 'approvalRequest')!;

  it('are pending (awaiting in a conversation, "no answer seen" by id) with server, tool and arguments', () => {
    const run = fromResponse({ response: request, later: conversation() });
    assert.deepEqual(run.pending, [
      { kind: 'approval', approvalRequestId: approvalStep(run).id, serverLabel: 'dmcp', name: 'roll', arguments: '{"diceRollExpression":"2d4+1"}', stepId: approvalStep(run).id, state: 'awaiting' },
    ]);
    assert.equal(fromResponse({ response: request }).pending[0]?.state, 'noAnswerSeen');
    const tools = run.steps.find((s) => s.body.kind === 'mcpListTools')?.body;
    assert.ok(tools?.kind === 'mcpListTools' && tools.tools[0]?.name === 'roll');
  });

  it('are answered by a later mcp_approval_response (approve or deny, with the reason)', () => {
    const id = approvalStep(fromResponse({ response: request })).id;
    const denied = fromResponse({ response: request, later: conversation([parseItem({ type: 'mcp_approval_response', approval_request_id: id, approve: false, reason: 'no dice' })]) });
    assert.deepEqual(denied.pending, []);
    const body = approvalStep(denied).body;
    assert.ok(body.kind === 'approvalRequest');
    assert.deepEqual(body.answer, { state: 'answered', approve: false, reason: 'no dice', itemId: null });
  });

  it('are answered when a later mcp_call ran on the approval (the recorded follow-up)', () => {
    const after = response('response_mcp_call_after_approval.json');
    const run = fromResponse({ response: request, later: conversation(after.output ?? []) });
    assert.deepEqual(run.pending, []);
    const mcp = onlyCall(fromResponse({ response: after }));
    assert.ok(mcp.kind === 'mcp' && mcp.serverLabel === 'dmcp' && mcp.name === 'roll' && mcp.output !== null);
  });
});

describe('item bodies', () => {
  it('messages keep text and annotations of every kind, unknown ones included', () => {
    const web = fromResponse({ response: response('response_web_search_call_url_citation.json') });
    const message = web.steps.find((s) => s.body.kind === 'message')!.body;
    assert.ok(message.kind === 'message' && message.content?.[0]?.kind === 'text');
    const annotation = message.content[0].annotations[0];
    assert.equal(annotation?.type, 'url_citation');
    assert.match(annotation?.url ?? '', /^https:\/\/www\.weather-atlas\.com/);
    const search = onlyCall(web);
    assert.ok(search.kind === 'webSearch' && search.action?.type === 'search' && search.sources.length === 13);
    const ci = fromResponse({ response: response('response_code_interpreter_container_file_citation.json') });
    const text = ci.steps.at(-1)!.body;
    assert.ok(text.kind === 'message' && text.content?.[0]?.kind === 'text');
    assert.ok(text.content[0].annotations.some((a) => a.type === 'container_file_citation' && a.containerId && a.fileId));
    // Outputs were not asked for in that recording: null, not an empty list.
    assert.ok(callsOf(ci.steps[0]!).every((c) => c.kind === 'codeInterpreter' && c.outputs === null));
  });

  it('reasoning shows its summary; compaction and apply_patch are read', () => {
    const reasoning = fromResponse({ response: response('response_reasoning_summary_encrypted_content.json') }).steps[0]!.body;
    assert.ok(reasoning.kind === 'reasoning' && reasoning.summary.length > 0 && reasoning.encrypted);
    const patch = onlyCall(fromResponse({ response: response('response_apply_patch_call.json') }));
    assert.ok(patch.kind === 'applyPatch' && patch.operation?.type === 'create_file');
  });
});

describe('conversation items', () => {
  const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' };
  const output = { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: '{"temp":21}' };
  const list = (...raw: object[]) => raw.map((r) => parseItem(r));

  it('a call answered later in the list is answered', () => {
    const steps = stepsFromItems(list(call, output), true);
    const body = steps[0]!.body;
    assert.ok(body.kind === 'call' && body.call.kind === 'function');
    assert.deepEqual(body.call.answer, { state: 'answered', output: '{"temp":21}', itemId: 'fco_1' });
    assert.deepEqual(steps[1]!.body, { kind: 'callOutput', of: 'function', callId: 'call_1', output: '{"temp":21}' });
  });

  it('an unanswered call is awaiting in the whole conversation, "no answer seen" in part of it', () => {
    const whole = stepsFromItems(list(call), true)[0]!.body;
    assert.ok(whole.kind === 'call' && whole.call.kind === 'function' && whole.call.answer.state === 'awaiting');
    const part = stepsFromItems(list(call), false)[0]!.body;
    assert.ok(part.kind === 'call' && part.call.kind === 'function' && part.call.answer.state === 'noAnswerSeen');
  });

  it('Foundry items say which agent and response created them', () => {
    const [step] = stepsFromItems(list({ type: 'message', id: 'msg_1', role: 'assistant', content: 'hi', created_by: { agent: { type: 'agent_id', name: 'triage', version: '1' }, response_id: 'resp_9' } }), true);
    assert.deepEqual(step!.createdBy, { agent: { kind: 'agent', name: 'triage', version: '1' }, responseId: 'resp_9' });
    assert.deepEqual(step!.body, { kind: 'message', role: 'assistant', messageId: 'msg_1', content: [{ kind: 'text', text: 'hi', annotations: [] }] });
  });
});

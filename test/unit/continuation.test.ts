// Continuing a response: the follow-up request built from recorded responses by the copy
// rules of issue 14, the pre-filled answers, and the validation of the Continue document
// (every bad input gets the right problem at the right range; only a request without
// errors is handed back to be sent).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResponse, type Response } from '../../src/api/responses/schemas';
import {
  continuationRequest,
  continueDocumentText,
  maxOutputChars,
  prefilledAnswers,
  validateContinueText,
  type ContinueProblem,
  type ContinuationSource,
} from '../../src/model/continuation';
import { fromResponse } from '../../src/model/responses';
import type { PendingAction } from '../../src/model/run';
import { recordedBody } from './responsesFixtures';

const response = (file: string, change: (body: Record<string, unknown>) => void = () => {}): Response => {
  const body = recordedBody(file);
  change(body);
  return parseResponse(body);
};

/** The pending actions the adapter finds when everything after the response is visible (nothing answers them). */
const pendingOf = (r: Response): PendingAction[] => fromResponse({ response: r, later: { seen: 'everything', source: 'conversation', items: [] } }).pending;

const source = (r: Response, over: Partial<ContinuationSource> = {}): ContinuationSource => ({ response: r, conversationId: null, agentReference: false, background: false, ...over });

const functionCall = response('response_function_call.json');
const parallelCalls = response('response_parallel_function_calls_raw.json');
const customCall = response('response_custom_tool_call.json');
const approvalRequest = response('response_mcp_list_tools_approval_request.json');

/** The text a problem's range covers. */
const at = (text: string, p: Pick<ContinueProblem, 'offset' | 'length'>) => text.slice(p.offset, p.offset + p.length);
/** Problems as [code, severity, covered text] for exact comparison. */
const seen = (text: string, problems: ContinueProblem[]) => problems.map((p) => [p.code, p.severity, at(text, p)]);

/** The document Continue shows for a response, with its pre-filled answers. */
function prefilledDocument(r: Response, over: Partial<ContinuationSource> = {}): { text: string; pending: PendingAction[] } {
  const pending = pendingOf(r);
  return { text: continueDocumentText(continuationRequest(source(r, over), prefilledAnswers(pending).input)), pending };
}

// ── the request ─────────────────────────────────────────────────────────────

describe('continuationRequest', () => {
  it('copies what the service needs again from a recorded function-call response, input first, and nothing that describes the old response', () => {
    const input = [{ type: 'function_call_output', call_id: 'call_S2X9KuEJpYvFcF4hgv1XwM0j', output: '22 celcius and windy' }];
    const request = continuationRequest(source(functionCall), input);
    const raw = recordedBody('response_function_call.json');
    assert.deepEqual(request, {
      input,
      previous_response_id: 'resp_0df7c3d8927b3a940068c9ef43dce481949ab7ac4c9f676d61',
      model: 'gpt-4o-mini-2024-07-18',
      tools: raw.tools,
      tool_choice: 'auto',
      // reasoning came back as {effort: null, summary: null}: nothing chosen, nothing sent.
      text: { format: { type: 'text' }, verbosity: 'medium' },
      truncation: 'disabled',
      parallel_tool_calls: true,
      metadata: {},
      store: true,
    });
    assert.equal(Object.keys(request)[0], 'input');
    // temperature and top_p are 1.0 (the default); instructions, max_output_tokens, max_tool_calls are null.
    for (const key of ['reasoning', 'temperature', 'top_p', 'instructions', 'max_output_tokens', 'max_tool_calls', 'id', 'status', 'output', 'usage', 'error', 'created_at', 'user', 'stream', 'background', 'conversation', 'object', 'service_tier']) {
      assert.ok(!(key in request), `${key} copied`);
    }
  });

  it('sends the reasoning and text settings that were chosen, without the nulls the service fills in', () => {
    const r = { ...functionCall, reasoning: { effort: 'high', summary: null, context: null }, text: { format: { type: 'text' }, verbosity: null } } as typeof functionCall;
    const request = continuationRequest(source(r), []);
    assert.deepEqual(request.reasoning, { effort: 'high' });
    assert.deepEqual(request.text, { format: { type: 'text' } });
  });

  it('matches what the recorded app sent after that response (same chain, tools and answers), with the resolved model snapshot', () => {
    const sent = recordedBody('request_followup_with_function_call_output.json');
    const request = continuationRequest(source(functionCall), sent.input as unknown[]);
    assert.equal(request.previous_response_id, sent.previous_response_id);
    assert.deepEqual(request.tools, sent.tools);
    assert.deepEqual(request.input, sent.input);
    // The app sent the alias; the response reports the snapshot it ran on, which is what is copied.
    assert.equal(sent.model, 'gpt-4o-mini');
    assert.equal(request.model, functionCall.model);
  });

  it('copies temperature and top_p only when they differ from the default of 1 (0 included)', () => {
    // Recorded: temperature 1.0, top_p 0.98.
    const custom = continuationRequest(source(customCall), []);
    assert.equal(custom.top_p, 0.98);
    assert.ok(!('temperature' in custom));
    const cooler = continuationRequest(source(response('response_function_call.json', (b) => (b.temperature = 0.2))), []);
    assert.equal(cooler.temperature, 0.2);
    assert.ok(!('top_p' in cooler));
    const zero = continuationRequest(source(response('response_function_call.json', (b) => ((b.temperature = 0), (b.top_p = 0)))), []);
    assert.equal(zero.temperature, 0);
    assert.equal(zero.top_p, 0);
    const nulls = continuationRequest(source(response('response_function_call.json', (b) => ((b.temperature = null), (b.top_p = null)))), []);
    assert.ok(!('temperature' in nulls) && !('top_p' in nulls));
  });

  it('chains with previous_response_id = this response (never the one it continued)', () => {
    const r = response('response_function_call.json', (b) => (b.previous_response_id = 'resp_older'));
    const request = continuationRequest(source(r), []);
    assert.equal(request.previous_response_id, r.id);
    assert.ok(!('conversation' in request));
  });

  it('continues in the conversation instead, as its id, when the response belongs to one (never both)', () => {
    const r = response('response_with_conversation.json');
    const conversationId = 'conv_6a3f193a23f08197a8aaeee38622750f0903dc172c433d83';
    const request = continuationRequest(source(r, { conversationId }), []);
    assert.equal(request.conversation, conversationId);
    assert.ok(!('previous_response_id' in request));
    assert.deepEqual(Object.keys(request).slice(0, 2), ['input', 'conversation']);
  });

  it('on Foundry sends agent_reference instead of model, instructions and tools, and keeps the other settings', () => {
    const agentResponse = response('response_custom_tool_call.json', (b) => {
      b.agent = { type: 'agent_id', name: 'triage', version: '2' };
      b.instructions = 'Be brief.';
    });
    const request = continuationRequest(source(agentResponse, { agentReference: true, conversationId: 'conv_1' }), []);
    assert.deepEqual(request.agent_reference, { type: 'agent_reference', name: 'triage', version: '2' });
    for (const key of ['model', 'instructions', 'tools', 'agent']) assert.ok(!(key in request), `${key} sent with agent_reference`);
    assert.equal(request.tool_choice, 'required');
    assert.equal(request.top_p, 0.98);
    assert.equal(request.conversation, 'conv_1');
    assert.equal(request.store, true);

    const noVersion = response('response_custom_tool_call.json', (b) => (b.agent = { type: 'agent_id', name: 'triage' }));
    assert.deepEqual(continuationRequest(source(noVersion, { agentReference: true }), []).agent_reference, { type: 'agent_reference', name: 'triage' });

    // Not a Foundry connection, or an agent without a name: the model, instructions and tools are sent.
    for (const [r, agentReference] of [
      [agentResponse, false],
      [response('response_custom_tool_call.json', (b) => (b.agent = { type: 'agent_id', name: null })), true],
    ] as const) {
      const plain = continuationRequest(source(r, { agentReference }), []);
      assert.ok(!('agent_reference' in plain));
      assert.equal(plain.model, 'gpt-5.6-sol');
      assert.deepEqual(plain.tools, recordedBody('response_custom_tool_call.json').tools);
    }
    assert.equal(continuationRequest(source(agentResponse), []).instructions, 'Be brief.');
  });

  it('asks for background and stream only where the connection supports them', () => {
    const inBackground = continuationRequest(source(functionCall, { background: true }), []);
    assert.equal(inBackground.background, true);
    assert.equal(inBackground.stream, true, 'streamed too: the new id comes in the first event');
    const waited = continuationRequest(source(response('response_background_queued.json')), []);
    assert.ok(!('background' in waited) && !('stream' in waited));
  });

  it('copies the limits, the prompt and metadata (at most 16 keys) when given, and nothing given as null', () => {
    const metadata = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`k${i}`, `v${i}`]));
    const prompt = { id: 'pmpt_1', version: '3', variables: { city: 'Paris' } };
    const r = response('response_function_call.json', (b) => {
      Object.assign(b, { instructions: 'Answer in French.', max_output_tokens: 500, max_tool_calls: 3, parallel_tool_calls: false, prompt, metadata, truncation: 'auto' });
      b.tool_choice = { type: 'function', name: 'get_weather_at_location' };
    });
    const request = continuationRequest(source(r), []);
    assert.equal(request.instructions, 'Answer in French.');
    assert.equal(request.max_output_tokens, 500);
    assert.equal(request.max_tool_calls, 3);
    assert.equal(request.parallel_tool_calls, false);
    assert.equal(request.truncation, 'auto');
    assert.deepEqual(request.prompt, prompt);
    assert.deepEqual(request.tool_choice, { type: 'function', name: 'get_weather_at_location' });
    assert.deepEqual(Object.keys(request.metadata as object), Object.keys(metadata).slice(0, 16));

    const bare = response('response_function_call.json', (b) => {
      for (const key of ['model', 'instructions', 'tools', 'tool_choice', 'reasoning', 'text', 'truncation', 'max_output_tokens', 'max_tool_calls', 'parallel_tool_calls', 'metadata']) b[key] = null;
    });
    assert.deepEqual(continuationRequest(source(bare), []), { input: [], previous_response_id: bare.id, store: true });
  });
});

// ── pre-filled answers ──────────────────────────────────────────────────────

describe('prefilledAnswers', () => {
  const call = (kind: 'function' | 'custom' | 'computer' | 'shell' | 'localShell' | 'applyPatch', callId: string): PendingAction => ({
    kind: 'toolOutput',
    call: kind,
    callId,
    name: kind,
    arguments: '{}',
    stepId: null,
    state: 'awaiting',
  });

  it('gives an empty output per function or custom call and an undecided approval per request, in order; other calls are listed as unsupported', () => {
    const approval: PendingAction = { kind: 'approval', approvalRequestId: 'mcpr_1', serverLabel: 'dmcp', name: 'roll', arguments: '{}', stepId: null, state: 'noAnswerSeen' };
    const others = [call('computer', 'call_C'), call('shell', 'call_S'), call('localShell', 'call_L'), call('applyPatch', 'call_P')];
    const result = prefilledAnswers([call('function', 'call_F'), others[0]!, approval, call('custom', 'call_X'), ...others.slice(1)]);
    assert.deepEqual(result.input, [
      { type: 'function_call_output', call_id: 'call_F', output: '' },
      { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: null },
      { type: 'custom_tool_call_output', call_id: 'call_X', output: '' },
    ]);
    assert.deepEqual(result.unsupported, others);
  });

  it('answers the calls the adapter finds in recorded responses', () => {
    assert.deepEqual(prefilledAnswers(pendingOf(parallelCalls)).input, [
      { type: 'function_call_output', call_id: 'call_tYDv1bhtioyX33juEGDY4D6H', output: '' },
      { type: 'function_call_output', call_id: 'call_lC079UhGnLJngBlPQO0FS6sv', output: '' },
    ]);
    assert.deepEqual(prefilledAnswers(pendingOf(approvalRequest)).input, [
      { type: 'mcp_approval_response', approval_request_id: 'mcpr_68d5ef21a0ac81948bcb026033d46e3d0d8a3d97386eda99', approve: null },
    ]);
  });
});

// ── the document round trip ─────────────────────────────────────────────────

describe('the pre-filled document', () => {
  it('is the request as indented JSON with a final newline', () => {
    const request = continuationRequest(source(functionCall), []);
    const text = continueDocumentText(request);
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "input": []'));
    assert.deepEqual(JSON.parse(text), request);
  });

  it('for parallel function calls validates with one empty-output warning per call, and gives back the request', () => {
    const { text, pending } = prefilledDocument(parallelCalls);
    const result = validateContinueText(text, pending);
    assert.deepEqual(seen(text, result.problems), [
      ['empty-output', 'warning', '""'],
      ['empty-output', 'warning', '""'],
    ]);
    assert.deepEqual(result.problems.map((p) => p.id), ['call_tYDv1bhtioyX33juEGDY4D6H', 'call_lC079UhGnLJngBlPQO0FS6sv']);
    assert.match(result.problems[0]!.message, /call_tYDv1bhtioyX33juEGDY4D6H \(get_weather\) is empty/);
    assert.deepEqual(result.request, JSON.parse(text));
    // One answer per item, its range the whole item.
    assert.deepEqual(result.answers.map((a) => [a.kind, a.id, JSON.parse(text.slice(a.offset, a.offset + a.length)).call_id]), [
      ['output', 'call_tYDv1bhtioyX33juEGDY4D6H', 'call_tYDv1bhtioyX33juEGDY4D6H'],
      ['output', 'call_lC079UhGnLJngBlPQO0FS6sv', 'call_lC079UhGnLJngBlPQO0FS6sv'],
    ]);
  });

  it('for a custom tool call validates with its empty-output warning', () => {
    const { text, pending } = prefilledDocument(customCall);
    const result = validateContinueText(text, pending);
    assert.deepEqual(seen(text, result.problems), [['empty-output', 'warning', '""']]);
    assert.ok(result.request);
  });

  it('for an MCP approval request refuses the undecided approval and asks for the headers the service does not return', () => {
    const { text, pending } = prefilledDocument(approvalRequest);
    const result = validateContinueText(text, pending);
    assert.deepEqual(seen(text, result.problems).map(([code, severity, covered]) => [code, severity, code === 'mcp-headers-missing' ? JSON.parse(covered!).server_label : covered]), [
      ['approve-not-boolean', 'error', 'null'],
      ['mcp-headers-missing', 'warning', 'dmcp'],
    ]);
    assert.equal(result.problems[0]!.message, '"approve" for mcpr_68d5ef21a0ac81948bcb026033d46e3d0d8a3d97386eda99 is not chosen yet: choose true to approve roll on dmcp, or false to deny it.');
    assert.equal(
      result.problems[1]!.message,
      'The service does not return an MCP tool\'s headers: if server dmcp needs any (an Authorization header), add "headers" here.',
    );
    assert.equal(result.request, undefined);
    assert.deepEqual(result.answers.map((a) => [a.kind, a.id]), [['approval', 'mcpr_68d5ef21a0ac81948bcb026033d46e3d0d8a3d97386eda99']]);

    const approved = validateContinueText(text.replace('"approve": null', '"approve": true'), pending);
    assert.deepEqual(approved.problems.map((p) => p.code), ['mcp-headers-missing']);
    assert.equal((approved.request?.input as { approve: boolean }[])[0]!.approve, true);
  });
});

// ── validation ──────────────────────────────────────────────────────────────

const callA: PendingAction = { kind: 'toolOutput', call: 'function', callId: 'call_A', name: 'get_weather', arguments: '{}', stepId: 'fc_1', state: 'awaiting' };
const callB: PendingAction = { kind: 'toolOutput', call: 'custom', callId: 'call_B', name: 'code_exec', arguments: 'print(1)', stepId: 'ctc_1', state: 'awaiting' };
const approvalR: PendingAction = { kind: 'approval', approvalRequestId: 'mcpr_R', serverLabel: 'dmcp', name: 'roll', arguments: '{}', stepId: 'mcpr_R', state: 'awaiting' };
const pending = [callA, callB, approvalR];

const answerA = { type: 'function_call_output', call_id: 'call_A', output: 'sunny' };
const answerB = { type: 'custom_tool_call_output', call_id: 'call_B', output: 'hello world' };
const answerR = { type: 'mcp_approval_response', approval_request_id: 'mcpr_R', approve: true };

/** A complete, valid request; `change` edits it before it is written out. */
function doc(change: (r: Record<string, unknown>) => void = () => {}): string {
  const request: Record<string, unknown> = { input: [answerA, answerB, answerR], previous_response_id: 'resp_1', model: 'gpt-4o-mini', store: true };
  change(request);
  return JSON.stringify(request, null, 2);
}

/** Validates and returns the problems as [code, severity, covered text, id]; `null`: the pending actions are not known. */
function check(text: string, pend: readonly PendingAction[] | null = pending) {
  const result = validateContinueText(text, pend ?? undefined);
  return { result, problems: result.problems.map((p) => [p.code, p.severity, at(text, p), p.id]) };
}

describe('validateContinueText', () => {
  it('accepts a complete request with no problem and gives it back parsed', () => {
    const text = doc((r) => (r.extra_setting = { future: true }));
    const { result, problems } = check(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(result.request, JSON.parse(text));
    assert.deepEqual(result.answers.map((a) => [a.kind, a.id]), [['output', 'call_A'], ['output', 'call_B'], ['approval', 'mcpr_R']]);
  });

  it('reports invalid JSON at the offending character, and nothing else', () => {
    const text = '{"input": [{"type": "function_call_output" "call_id": "call_A"}]}';
    const { result, problems } = check(text);
    assert.deepEqual(problems.map((p) => p.slice(0, 2)), [['invalid-json', 'error']]);
    assert.equal(result.problems[0]!.syntax, true);
    assert.equal(result.problems[0]!.offset, text.indexOf('"call_id"'));
    assert.match(result.problems[0]!.message, /comma is expected/);
    assert.equal(result.request, undefined);
    assert.deepEqual(check('  ').problems.map((p) => p[0]), ['invalid-json']);
    assert.deepEqual(check('{"input": [] // no\n}').problems.map((p) => p[0]), ['invalid-json']);
  });

  it('needs an object with an "input" array', () => {
    assert.deepEqual(check('[1]').problems, [['not-object', 'error', '[1]', undefined]]);
    const noInput = doc((r) => delete r.input);
    assert.deepEqual(check(noInput).problems, [['missing-input', 'error', noInput, undefined]]);
    assert.deepEqual(check(doc((r) => (r.input = 'hello'))).problems, [['input-not-array', 'error', '"hello"', undefined]]);
  });

  it('refuses a key given twice (only the last would be sent)', () => {
    const text = '{"input": [{"type": "message", "role": "user", "content": "go on"}], "model": "a", "model": "b", "previous_response_id": "resp_1"}';
    assert.deepEqual(check(text, null).problems, [['duplicate-field', 'error', '"model"', undefined]]);
    assert.equal(check(text, null).result.problems[0]!.offset, text.lastIndexOf('"model"'));
  });

  it('needs each item to be an object with a string type; other item types pass unchecked', () => {
    const text = doc((r) => (r.input = [answerA, 42, { call_id: 'call_B' }, { type: 7 }, { type: 'message', role: 'user', content: 'Use Celsius.' }, answerB, answerR]));
    assert.deepEqual(check(text).problems, [
      ['item-not-object', 'error', '42', undefined],
      ['unknown-type', 'error', '{\n      "call_id": "call_B"\n    }', undefined],
      ['unknown-type', 'error', '7', undefined],
    ]);
  });

  it('needs call_id: present, a string, at most 64 characters', () => {
    const long = `call_${'x'.repeat(60)}`;
    const text = doc((r) => (r.input = [{ type: 'function_call_output', output: 'x' }, { type: 'function_call_output', call_id: 12, output: 'x' }, { type: 'function_call_output', call_id: long, output: 'x' }]));
    const { problems, result } = check(text, null);
    assert.deepEqual(problems, [
      ['missing-id', 'error', '{\n      "type": "function_call_output",\n      "output": "x"\n    }', undefined],
      ['id-not-string', 'error', '12', undefined],
      ['id-too-long', 'error', JSON.stringify(long), long],
    ]);
    assert.match(result.problems[2]!.message, /is 65 characters; the service accepts at most 64/);
  });

  it('names the pending calls when a call_id or approval_request_id is unknown', () => {
    const text = doc((r) => (r.input = [answerA, answerB, answerR, { ...answerA, call_id: 'call_Z' }, { ...answerR, approval_request_id: 'mcpr_Z' }]));
    const { problems, result } = check(text);
    assert.deepEqual(problems, [
      ['unknown-id', 'error', '"call_Z"', 'call_Z'],
      ['unknown-id', 'error', '"mcpr_Z"', 'mcpr_Z'],
    ]);
    assert.equal(result.problems[0]!.message, 'Unknown call_id "call_Z": the response waits for call_A (get_weather), call_B (code_exec).');
    assert.equal(result.problems[1]!.message, 'Unknown approval_request_id "mcpr_Z": the response waits for mcpr_R (roll on dmcp).');
    // Without the pending list, ids are checked only for shape.
    assert.deepEqual(check(text, null).problems, []);
  });

  it('refuses an answer of the wrong kind for its call', () => {
    const text = doc((r) => (r.input = [{ ...answerA, type: 'custom_tool_call_output' }, answerB, { type: 'function_call_output', call_id: 'mcpr_R', output: 'ok' }]));
    const { problems, result } = check(text);
    assert.deepEqual(problems.filter((p) => p[0] !== 'missing-answer'), [
      ['wrong-type-for-call', 'error', '"custom_tool_call_output"', 'call_A'],
      ['wrong-type-for-call', 'error', '"mcpr_R"', 'mcpr_R'],
    ]);
    assert.equal(result.problems[0]!.message, 'call_A (get_weather) is a function call: answer it with "type": "function_call_output", not "custom_tool_call_output".');
    const asApproval = doc((r) => (r.input = [answerA, { type: 'mcp_approval_response', approval_request_id: 'call_B', approve: true }, answerR]));
    assert.deepEqual(check(asApproval).problems.filter((p) => p[0] !== 'missing-answer'), [['wrong-type-for-call', 'error', '"call_B"', 'call_B']]);
  });

  it('refuses a second answer for the same call or request, on the second', () => {
    const text = doc((r) => (r.input = [answerA, answerB, answerR, { ...answerA, output: 'rainy' }, { ...answerR, approve: false }]));
    const { problems, result } = check(text);
    assert.deepEqual(problems.map((p) => p.slice(0, 2).concat(p[3])), [
      ['duplicate-id', 'error', 'call_A'],
      ['duplicate-id', 'error', 'mcpr_R'],
    ]);
    assert.equal(result.problems[0]!.offset, text.lastIndexOf('"call_A"'));
    assert.equal(result.problems[1]!.offset, text.lastIndexOf('"mcpr_R"'));
    assert.match(result.problems[0]!.message, /Duplicate output for call_A \(get_weather\): input item 1 already answers it/);
  });

  it('needs an output that is a string or an array of content parts', () => {
    const text = doc((r) => (r.input = [{ type: 'function_call_output', call_id: 'call_A' }, { ...answerB, output: { temp: 21 } }, answerR]));
    const { problems, result } = check(text);
    assert.deepEqual(problems, [
      ['missing-output', 'error', '{\n      "type": "function_call_output",\n      "call_id": "call_A"\n    }', 'call_A'],
      ['output-wrong-type', 'error', '{\n        "temp": 21\n      }', 'call_B'],
    ]);
    assert.match(result.problems[1]!.message, /must be a string or an array of content parts, not an object/);

    const parts = doc((r) => (r.input = [{ ...answerA, output: [{ type: 'input_text', text: 'sunny' }, { type: 'input_image', image_url: 'data:image/png;base64,AA' }] }, { ...answerB, output: ['plain', { text: 'no type' }] }, answerR]));
    assert.deepEqual(check(parts).problems, [
      ['output-wrong-type', 'error', '"plain"', 'call_B'],
      ['output-wrong-type', 'error', '{\n          "text": "no type"\n        }', 'call_B'],
    ]);
  });

  it(`refuses an output over ${maxOutputChars} characters, as a string or as the text of its parts`, () => {
    const big = 'x'.repeat(maxOutputChars + 1);
    const asString = doc((r) => (r.input = [{ ...answerA, output: big }, answerB, answerR]));
    const { result } = check(asString);
    assert.deepEqual(result.problems.map((p) => [p.code, p.id, p.offset, p.length]), [['output-too-large', 'call_A', asString.indexOf(`"${big}"`), big.length + 2]]);
    assert.match(result.problems[0]!.message, /is 10,485,761 characters; the service accepts at most 10,485,760/);
    const half = 'y'.repeat(maxOutputChars / 2);
    const asParts = doc((r) => (r.input = [{ ...answerA, output: [{ type: 'input_text', text: half }, { type: 'input_text', text: `${half}z` }] }, answerB, answerR]));
    assert.deepEqual(check(asParts).result.problems.map((p) => p.code), ['output-too-large']);
    const justFits = doc((r) => (r.input = [{ ...answerA, output: big.slice(1) }, answerB, answerR]));
    assert.deepEqual(check(justFits).result.problems, []);
  });

  it('warns of an empty output (whitespace, no parts, or only empty text parts), but not of an image', () => {
    const text = doc((r) => (r.input = [{ ...answerA, output: ' \n ' }, { ...answerB, output: [] }, answerR, { type: 'function_call_output', call_id: 'call_E', output: [{ type: 'input_text', text: '' }] }, { type: 'function_call_output', call_id: 'call_I', output: [{ type: 'input_image', image_url: 'https://x/y.png' }] }]));
    const { problems, result } = check(text, null);
    assert.deepEqual(problems, [
      ['empty-output', 'warning', '" \\n "', 'call_A'],
      ['empty-output', 'warning', '[]', 'call_B'],
      ['empty-output', 'warning', '[\n        {\n          "type": "input_text",\n          "text": ""\n        }\n      ]', 'call_E'],
    ]);
    assert.ok(result.request, 'warnings alone still give the request');
  });

  it('needs approve to be chosen (true or false), and a reason to be a string when given', () => {
    const text = doc((r) => (r.input = [answerA, answerB, { type: 'mcp_approval_response', approval_request_id: 'mcpr_R', approve: 'yes', reason: 5 }]));
    const { problems, result } = check(text);
    assert.deepEqual(problems, [
      ['approve-not-boolean', 'error', '"yes"', 'mcpr_R'],
      ['reason-not-string', 'error', '5', 'mcpr_R'],
    ]);
    assert.equal(result.problems[0]!.message, '"approve" for mcpr_R is a string: choose true to approve roll on dmcp, or false to deny it.');
    const missing = doc((r) => (r.input = [answerA, answerB, { type: 'mcp_approval_response', approval_request_id: 'mcpr_R' }]));
    assert.deepEqual(check(missing).problems.map((p) => p[0]), ['approve-not-boolean']);
    assert.match(check(missing).result.problems[0]!.message, /is missing: choose true to approve roll on dmcp, or false to deny it/);
    const denied = doc((r) => (r.input = [answerA, answerB, { ...answerR, approve: false, reason: 'Not now.' }]));
    assert.deepEqual(check(denied).problems, []);
    assert.deepEqual(check(doc((r) => (r.input = [answerA, answerB, { ...answerR, reason: null }]))).problems, []);
    const noId = doc((r) => (r.input = [answerA, answerB, { type: 'mcp_approval_response', approve: true }]));
    assert.deepEqual(check(noId, null).problems.map((p) => p[0]), ['missing-id']);
  });

  it('warns, on the input array, of each pending action left without an answer', () => {
    const text = doc((r) => (r.input = [answerB, { type: 'message', role: 'user', content: 'go on' }]));
    const { problems, result } = check(text);
    assert.deepEqual(problems, [
      ['missing-answer', 'warning', '[', 'call_A'],
      ['missing-answer', 'warning', '[', 'mcpr_R'],
    ]);
    assert.equal(result.problems[0]!.message, 'No output for call_A (get_weather): add {"type": "function_call_output", "call_id": "call_A", "output": "…"}, or continue without it when asked.');
    assert.match(result.problems[1]!.message, /No answer for the approval request mcpr_R \(roll on dmcp\)/);
    assert.ok(result.request, 'a partial set is the user\'s choice: it is not an error');
    // Nothing at all answers nothing: an error (the service would say the calls have no output).
    const empty = doc((r) => (r.input = []));
    assert.deepEqual(check(empty).problems.map((p) => p.slice(0, 3)), [['input-empty', 'error', '[]']]);
    assert.match(check(empty).result.problems[0]!.message, /^"input" is empty, so nothing would be answered: .*call_A \(get_weather\)/);
    assert.equal(check(empty).result.request, undefined);
  });

  it('counts a computer, shell or apply_patch output as the answer to its call, without judging its shape', () => {
    const computer: PendingAction = { kind: 'toolOutput', call: 'computer', callId: 'call_C', name: 'computer', arguments: '[]', stepId: null, state: 'awaiting' };
    const text = doc((r) => (r.input = [{ type: 'computer_call_output', call_id: 'call_C', output: { type: 'computer_screenshot', image_url: 'data:…' } }]));
    assert.deepEqual(check(text, [computer]).problems, []);
    const wrong = doc((r) => (r.input = [{ type: 'function_call_output', call_id: 'call_C', output: 'x' }]));
    assert.deepEqual(check(wrong, [computer]).problems.map((p) => p.slice(0, 3)), [['wrong-type-for-call', 'error', '"function_call_output"']]);
  });

  it('refuses to continue when nothing is pending', () => {
    const text = doc((r) => (r.input = [{ type: 'message', role: 'user', content: 'hi' }]));
    const { problems, result } = check(text, []);
    assert.deepEqual(problems, [['nothing-pending', 'error', '[', undefined]]);
    assert.equal(result.request, undefined);
  });

  it('needs exactly one of previous_response_id and conversation', () => {
    const both = doc((r) => (r.conversation = 'conv_1'));
    assert.deepEqual(check(both).problems, [['both-chain-and-conversation', 'error', '"conversation": "conv_1"', undefined]]);
    const neither = doc((r) => delete r.previous_response_id);
    assert.deepEqual(check(neither).problems, [['no-chain', 'error', neither, undefined]]);
    assert.match(check(neither).result.problems[0]!.message, /outputs must follow the response they answer/);
    // null is the same as leaving it out.
    assert.deepEqual(check(doc((r) => (r.previous_response_id = null))).problems.map((p) => p[0]), ['no-chain']);
    assert.deepEqual(check(doc((r) => ((r.previous_response_id = null), (r.conversation = { id: 'conv_1' })))).problems, []);
    assert.deepEqual(check(doc((r) => (r.previous_response_id = 42))).problems, [['chain-invalid', 'error', '42', undefined]]);
    assert.deepEqual(check(doc((r) => ((r.previous_response_id = null), (r.conversation = { name: 'x' })))).problems.map((p) => p[0]), ['chain-invalid']);
  });

  it('needs a model unless an agent is referenced', () => {
    const noModel = doc((r) => delete r.model);
    assert.deepEqual(check(noModel).problems, [['model-missing', 'error', noModel, undefined]]);
    assert.deepEqual(check(doc((r) => (r.model = ''))).problems, [['model-missing', 'error', '""', undefined]]);
    assert.deepEqual(check(doc((r) => ((r.model = null), (r.agent_reference = { type: 'agent_reference', name: 'triage', version: '2' })))).problems, []);
    assert.deepEqual(check(doc((r) => ((r.model = null), (r.agent_reference = { type: 'agent_reference' })))).problems.map((p) => p[0]), ['agent-reference-invalid']);
  });

  it('holds metadata to 16 keys of at most 64 characters with string values of at most 512', () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = doc((r) => (r.metadata = many));
    assert.deepEqual(check(tooMany).problems, [['metadata-too-many', 'error', JSON.stringify(many, null, 2).replace(/\n/g, '\n  '), undefined]]);
    const longKey = 'k'.repeat(65);
    const text = doc((r) => (r.metadata = { ok: 'fine', [longKey]: 'v', n: 3, long: 'v'.repeat(513), edge: 'v'.repeat(512), [longKey.slice(1)]: 'v' }));
    assert.deepEqual(check(text).problems.map((p) => p.slice(0, 3)), [
      ['metadata-key-too-long', 'error', `"${longKey}"`],
      ['metadata-value-invalid', 'error', '3'],
      ['metadata-value-invalid', 'error', `"${'v'.repeat(513)}"`],
    ]);
    assert.deepEqual(check(doc((r) => (r.metadata = ['a']))).problems.map((p) => p[0]), ['metadata-not-object']);
  });

  it('holds temperature to 0..2 and top_p to 0..1', () => {
    assert.deepEqual(check(doc((r) => ((r.temperature = 2.5), (r.top_p = 1.5)))).problems, [
      ['temperature-range', 'error', '2.5', undefined],
      ['top-p-range', 'error', '1.5', undefined],
    ]);
    assert.deepEqual(check(doc((r) => (r.temperature = -0.1))).problems.map((p) => p[0]), ['temperature-range']);
    assert.deepEqual(check(doc((r) => ((r.temperature = 2), (r.top_p = 0)))).problems, []);
    assert.deepEqual(check(doc((r) => ((r.temperature = 0), (r.top_p = 1)))).problems, []);
  });

  it('needs tools to be an array, and asks for the headers of an MCP server the request reaches by URL', () => {
    assert.deepEqual(check(doc((r) => (r.tools = { type: 'function' }))).problems.map((p) => p.slice(0, 2)), [['tools-not-array', 'error']]);
    const mcp = { type: 'mcp', server_label: 'dmcp', server_url: 'https://dmcp.example/mcp', require_approval: 'always' };
    const text = doc((r) => (r.tools = [{ type: 'function', name: 'f' }, mcp, { ...mcp, server_label: 'withHeaders', headers: { Authorization: 'Bearer x' } }, { type: 'mcp', server_label: 'gmail', connector_id: 'connector_gmail' }, { ...mcp, server_label: 'nulled', headers: null }]));
    const { problems, result } = check(text);
    assert.deepEqual(problems.map((p) => [p[0], p[1], JSON.parse(p[2]!).server_label]), [
      ['mcp-headers-missing', 'warning', 'dmcp'],
      ['mcp-headers-missing', 'warning', 'nulled'],
    ]);
    assert.ok(result.request);
  });
});

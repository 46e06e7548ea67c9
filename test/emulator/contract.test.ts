// Contract tests: the real `openai` client drives the emulator through every scripted
// assistant and every business error, in every mode, and every JSON body and SSE event
// it receives is validated against the operation's schema in the published spec.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { Flavor } from './presenters';
import type { RunningEmulator } from './server';
import { BodyChecker, clientFor, control, startTestEmulator, TEST_KEY, text } from './testkit';

const FLAVORS: Flavor[] = ['openai', 'azure', 'azure-openai'];
const POLL = { pollIntervalMs: 15 };

let em: RunningEmulator;
before(async () => {
  em = await startTestEmulator();
});
after(async () => {
  await em.close();
});

async function expectApiError(p: Promise<unknown>, status: number, message: string | RegExp): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof OpenAI.APIError, `expected an APIError, got ${String(err)}`);
    assert.equal(err.status, status, `status of: ${err.message}`);
    const body = err.error as { message?: string } | undefined;
    if (typeof message === 'string') assert.equal(body?.message, message);
    else assert.match(body?.message ?? '', message);
    return err;
  }
  assert.fail(`expected HTTP ${status} ${String(message)}`);
}

for (const flavor of FLAVORS) {
  describe(`${flavor} mode`, () => {
    let client: OpenAI;
    let checker: BodyChecker;
    before(() => {
      checker = new BodyChecker(em);
      client = clientFor(em, flavor, { fetch: checker.fetchFor(flavor) });
    });

    test('threads: create, retrieve, modify, delete; unknown id is a 404', async () => {
      const thread = await client.beta.threads.create({ metadata: { purpose: 'contract' }, messages: [{ role: 'user', content: 'Hello' }] });
      assert.match(thread.id, /^thread_[A-Za-z0-9]{24}$/);
      assert.deepEqual(thread.metadata, { purpose: 'contract' });
      const got = await client.beta.threads.retrieve(thread.id);
      assert.equal(got.created_at, thread.created_at);
      const modified = await client.beta.threads.update(thread.id, { metadata: { purpose: 'changed' } });
      assert.deepEqual(modified.metadata, { purpose: 'changed' });
      const deleted = await client.beta.threads.delete(thread.id);
      assert.deepEqual(deleted, { id: thread.id, object: 'thread.deleted', deleted: true });
      await expectApiError(client.beta.threads.retrieve(thread.id), 404, `No thread found with id '${thread.id}'.`);
    });

    test('messages: create, retrieve, modify, list with run_id filter, delete', async () => {
      const thread = await client.beta.threads.create();
      const m1 = await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'first' });
      assert.match(m1.id, /^msg_/);
      assert.equal(text(m1.content), 'first');
      const got = await client.beta.threads.messages.retrieve(m1.id, { thread_id: thread.id });
      assert.equal(got.id, m1.id);
      const mod = await client.beta.threads.messages.update(m1.id, { thread_id: thread.id, metadata: { k: 'v' } });
      assert.deepEqual(mod.metadata, { k: 'v' });
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_echo' }, POLL);
      assert.equal(run.status, 'completed');
      const all = await client.beta.threads.messages.list(thread.id);
      assert.equal(all.data.length, 2);
      assert.equal(all.data[0].role, 'assistant', 'desc order by default');
      const ofRun = await client.beta.threads.messages.list(thread.id, { run_id: run.id });
      assert.deepEqual(
        ofRun.data.map((m) => m.run_id),
        [run.id],
      );
      if (flavor === 'azure') {
        await expectApiError(client.beta.threads.messages.delete(m1.id, { thread_id: thread.id }), 404, /Invalid URL/);
      } else {
        const del = await client.beta.threads.messages.delete(m1.id, { thread_id: thread.id });
        assert.deepEqual(del, { id: m1.id, object: 'thread.message.deleted', deleted: true });
        await expectApiError(client.beta.threads.messages.retrieve(m1.id, { thread_id: thread.id }), 404, `No message found with id '${m1.id}'.`);
      }
    });

    test('asst_echo completes with one message_creation step, an echo and usage', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'ping 🏓' }] });
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_echo' }, POLL);
      assert.equal(run.status, 'completed');
      assert.equal(run.expires_at, null);
      assert.ok(run.usage && run.usage.total_tokens > 0);
      assert.ok(run.completed_at !== null && run.started_at !== null);
      const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
      assert.deepEqual(
        steps.data.map((s) => [s.type, s.status]),
        [['message_creation', 'completed']],
      );
      const messages = await client.beta.threads.messages.list(thread.id, { order: 'asc' });
      assert.equal(text(messages.data[1].content), 'You said: ping 🏓');
    });

    test('asst_tools: requires_action with two calls; wrong ids rejected; valid outputs complete it', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Weather in Lisbon and order 4711?' }] });
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_tools' }, POLL);
      assert.equal(run.status, 'requires_action');
      const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
      assert.deepEqual(
        calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]),
        [
          ['get_weather', { city: 'Lisbon' }],
          ['lookup_order', { order_id: '4711' }],
        ],
      );
      const [a, b] = calls.map((c) => c.id);
      await expectApiError(
        client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: a, output: 'x' }] }),
        400,
        `Expected tool outputs for call_ids ['${a}', '${b}'], got ['${a}']`,
      );
      await expectApiError(
        client.beta.threads.messages.create(thread.id, { role: 'user', content: 'hurry' }),
        400,
        `Can't add messages to ${thread.id} while a run ${run.id} is active.`,
      );
      await expectApiError(
        client.beta.threads.runs.create(thread.id, { assistant_id: 'asst_echo' }),
        400,
        `Thread ${thread.id} already has an active run ${run.id}.`,
      );
      const done = await client.beta.threads.runs.submitToolOutputsAndPoll(
        run.id,
        { thread_id: thread.id, tool_outputs: [{ tool_call_id: b, output: 'shipped' }, { tool_call_id: a, output: '21°C, sunny' }] },
        POLL,
      );
      assert.equal(done.status, 'completed');
      const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
      const toolStep = steps.data[0];
      assert.equal(toolStep.step_details.type, 'tool_calls');
      if (toolStep.step_details.type === 'tool_calls') {
        const outputs = toolStep.step_details.tool_calls.map((c) => (c.type === 'function' ? c.function.output : undefined));
        assert.deepEqual(outputs, ['21°C, sunny', 'shipped']);
      }
      const [answer] = (await client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
      assert.equal(text(answer.content), 'get_weather returned "21°C, sunny" and lookup_order returned "shipped".');
      await expectApiError(
        client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: a, output: 'x' }] }),
        400,
        'Runs in status "completed" do not accept tool outputs.',
      );
      await expectApiError(client.beta.threads.runs.cancel(run.id, { thread_id: thread.id }), 400, "Cannot cancel run with status 'completed'.");
    });

    test('asst_code: code_interpreter and file_search steps; chunk text only with include[]; file_citation', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Analyse sales' }] });
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_code' }, POLL);
      assert.equal(run.status, 'completed');
      const plain = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
      const kinds = plain.data.map((s) => (s.step_details.type === 'tool_calls' ? s.step_details.tool_calls[0].type : 'message_creation'));
      assert.deepEqual(kinds, ['code_interpreter', 'file_search', 'message_creation']);
      const ci = plain.data[0].step_details;
      if (ci.type === 'tool_calls' && ci.tool_calls[0].type === 'code_interpreter') {
        assert.deepEqual(
          ci.tool_calls[0].code_interpreter.outputs.map((o) => o.type),
          ['logs', 'image'],
        );
      }
      const fsPlain = plain.data[1].step_details;
      assert.ok(fsPlain.type === 'tool_calls' && fsPlain.tool_calls[0].type === 'file_search');
      const plainResults = fsPlain.tool_calls[0].type === 'file_search' ? (fsPlain.tool_calls[0].file_search.results ?? []) : [];
      assert.equal(plainResults.length, 3);
      assert.ok(plainResults.every((r) => r.content === undefined), 'no chunk text without include[]');
      const included = await client.beta.threads.runs.steps.retrieve(plain.data[1].id, {
        thread_id: thread.id,
        run_id: run.id,
        include: ['step_details.tool_calls[*].file_search.results[*].content'],
      });
      const fsInc = included.step_details;
      const incResults = fsInc.type === 'tool_calls' && fsInc.tool_calls[0].type === 'file_search' ? (fsInc.tool_calls[0].file_search.results ?? []) : [];
      assert.match(incResults[0].content?.[0]?.text ?? '', /Q3 revenue grew 12%/);
      assert.ok(incResults[0].score >= incResults[1].score, 'ranked by score');
      const [answer] = (await client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
      const block = answer.content[0];
      assert.ok(block.type === 'text');
      const ann = block.type === 'text' ? block.text.annotations[0] : undefined;
      assert.equal(ann?.type, 'file_citation');
      if (block.type === 'text' && ann) assert.equal(block.text.value.slice(ann.start_index, ann.end_index), ann.text);
    });

    test('asst_fail fails with server_error; asst_incomplete ends incomplete (max_completion_tokens)', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'go' }] });
      const failed = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_fail' }, POLL);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.last_error?.code, 'server_error');
      assert.ok(failed.failed_at !== null);
      const incomplete = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_incomplete' }, POLL);
      assert.equal(incomplete.status, 'incomplete');
      assert.equal(incomplete.incomplete_details?.reason, 'max_completion_tokens');
    });

    test('asst_slow stays in_progress (with openai-poll-after-ms) until cancelled: cancelling → cancelled', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'think' }] });
      const run = await client.beta.threads.runs.create(thread.id, { assistant_id: 'asst_slow' });
      assert.equal(run.status, 'queued');
      assert.match(run.id, /^run_[A-Za-z0-9]{24}$/);
      assert.equal(run.expires_at, run.created_at + 600);
      await new Promise((r) => setTimeout(r, 120));
      const { data: active, response } = await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id }).withResponse();
      assert.equal(active.status, 'in_progress');
      assert.equal(response.headers.get('openai-poll-after-ms'), '10');
      assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
      const cancelling = await client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
      assert.equal(cancelling.status, 'cancelling');
      const cancelled = await client.beta.threads.runs.poll(run.id, { thread_id: thread.id }, POLL);
      assert.equal(cancelled.status, 'cancelled');
      assert.ok(cancelled.cancelled_at !== null);
      const { response: doneResponse } = await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id }).withResponse();
      assert.equal(doneResponse.headers.get('openai-poll-after-ms'), null, 'no poll hint once terminal');
      await expectApiError(client.beta.threads.runs.cancel(run.id, { thread_id: thread.id }), 400, "Cannot cancel run with status 'cancelled'.");
      const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
      assert.equal(steps.data[0].status, 'cancelled');
    });

    test('runs left in requires_action expire 600 s after creation (virtual clock)', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'weather?' }] });
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_tools' }, POLL);
      assert.equal(run.status, 'requires_action');
      await control(em, 'POST', 'clock', { advanceSeconds: 590 });
      assert.equal((await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status, 'requires_action');
      await control(em, 'POST', 'clock', { advanceSeconds: 11 });
      const expired = await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
      assert.equal(expired.status, 'expired');
      const callId = run.required_action?.submit_tool_outputs.tool_calls[0].id ?? '';
      await expectApiError(
        client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: callId, output: 'late' }] }),
        400,
        'Runs in status "expired" do not accept tool outputs.',
      );
      const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
      assert.equal(steps.data[0].status, 'expired');
    });

    test('unknown ids: run, step, assistant', async () => {
      const thread = await client.beta.threads.create();
      await expectApiError(client.beta.threads.runs.retrieve('run_nope', { thread_id: thread.id }), 404, "No run found with id 'run_nope'.");
      await expectApiError(client.beta.threads.runs.create(thread.id, { assistant_id: 'asst_nope' }), 404, "No assistant found with id 'asst_nope'.");
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_echo' }, POLL);
      await expectApiError(client.beta.threads.runs.steps.retrieve('step_123', { thread_id: thread.id, run_id: run.id }), 404, "No run step found with id 'step_123'.");
      await expectApiError(client.beta.threads.runs.list('thread_nope'), 404, "No thread found with id 'thread_nope'.");
    });

    test('pagination: auto-paging, exact has_more, after+before, limit bounds', async () => {
      const thread = await client.beta.threads.create({ messages: Array.from({ length: 25 }, (_, i) => ({ role: 'user' as const, content: `m${i}` })) });
      const seen: string[] = [];
      for await (const m of client.beta.threads.messages.list(thread.id, { limit: 10, order: 'asc' })) seen.push(text(m.content));
      assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => `m${i}`));
      const page = await client.beta.threads.messages.list(thread.id, { limit: 25, order: 'asc' });
      assert.equal(page.has_more, false, 'exactly limit items left: has_more false');
      const first = await client.beta.threads.messages.list(thread.id, { limit: 24, order: 'asc' });
      assert.equal(first.has_more, true);
      const ids = page.data.map((m) => m.id);
      const between = await client.beta.threads.messages.list(thread.id, { order: 'asc', after: ids[2], before: ids[7] });
      assert.deepEqual(
        between.data.map((m) => m.id),
        ids.slice(3, 7),
      );
      const beforeOnly = await client.beta.threads.messages.list(thread.id, { order: 'asc', before: ids[7], limit: 2 });
      assert.deepEqual(
        beforeOnly.data.map((m) => m.id),
        ids.slice(5, 7),
      );
      assert.equal(beforeOnly.has_more, true);
      const empty = await client.beta.threads.runs.list(thread.id);
      assert.deepEqual(empty.data, []);
      assert.equal(empty.has_more, false);
      await expectApiError(client.beta.threads.messages.list(thread.id, { limit: 0 }), 400, "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead.");
      await expectApiError(client.beta.threads.messages.list(thread.id, { limit: 101 }), 400, "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.");
    });

    test('streaming: create run, create thread and run, submit tool outputs — in the spec event order', async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'stream me' }] });
      const names: string[] = [];
      const stream = await client.beta.threads.runs.create(thread.id, { assistant_id: 'asst_echo', stream: true });
      for await (const e of stream) names.push(e.event);
      assert.deepEqual(collapse(names), [
        'thread.run.created',
        'thread.run.queued',
        'thread.run.in_progress',
        'thread.run.step.created',
        'thread.run.step.in_progress',
        'thread.message.created',
        'thread.message.in_progress',
        'thread.message.delta',
        'thread.message.completed',
        'thread.run.step.completed',
        'thread.run.completed',
      ]);
      const tr: string[] = [];
      let runId = '';
      let threadId = '';
      let callIds: string[] = [];
      const trStream = await client.beta.threads.createAndRun({ assistant_id: 'asst_tools', thread: { messages: [{ role: 'user', content: 'in Oslo' }] }, stream: true });
      for await (const e of trStream) {
        tr.push(e.event);
        if (e.event === 'thread.run.requires_action') {
          runId = e.data.id;
          threadId = e.data.thread_id;
          callIds = e.data.required_action?.submit_tool_outputs.tool_calls.map((c) => c.id) ?? [];
        }
      }
      assert.deepEqual(collapse(tr), [
        'thread.created',
        'thread.run.created',
        'thread.run.queued',
        'thread.run.in_progress',
        'thread.run.step.created',
        'thread.run.step.in_progress',
        'thread.run.step.delta',
        'thread.run.requires_action',
      ]);
      const sub: string[] = [];
      const subStream = await client.beta.threads.runs.submitToolOutputs(runId, {
        thread_id: threadId,
        stream: true,
        tool_outputs: callIds.map((id) => ({ tool_call_id: id, output: 'ok' })),
      });
      for await (const e of subStream) sub.push(e.event);
      assert.deepEqual(collapse(sub), [
        'thread.run.step.completed',
        'thread.run.queued',
        'thread.run.in_progress',
        'thread.run.step.created',
        'thread.run.step.in_progress',
        'thread.message.created',
        'thread.message.in_progress',
        'thread.message.delta',
        'thread.message.completed',
        'thread.run.step.completed',
        'thread.run.completed',
      ]);
    });

    test('bad input gets the real 400s: malformed JSON, unknown field on submit, wrong types', async () => {
      const thread = await client.beta.threads.create();
      const base = flavor === 'openai' ? em.urls.openai : flavor === 'azure' ? em.urls.azure : `${em.origin}/openai`;
      const q = flavor === 'openai' ? '' : flavor === 'azure' ? '?api-version=v1' : '?api-version=2025-04-01-preview';
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}`, 'api-key': TEST_KEY };
      const post = async (path: string, body: string): Promise<{ status: number; error: { message: string; param: string | null; code: string | null } }> => {
        const res = await fetch(`${base}${path}${q}`, { method: 'POST', headers, body });
        return { status: res.status, ...((await res.json()) as { error: { message: string; param: string | null; code: string | null } }) };
      };
      const malformed = await post(`/threads/${thread.id}/messages`, '{"role": "user", "content": ');
      assert.equal(malformed.status, 400);
      assert.match(malformed.error.message, /^We could not parse the JSON body of your request/);
      const wrongType = await post(`/threads/${thread.id}`, JSON.stringify({ metadata: { modified: true } }));
      assert.deepEqual([wrongType.status, wrongType.error.message, wrongType.error.param, wrongType.error.code], [
        400,
        "Invalid type for 'metadata.modified': expected a string, but got a boolean instead.",
        'metadata.modified',
        'invalid_type',
      ]);
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_tools', additional_messages: [{ role: 'user', content: 'x' }] }, POLL);
      const callIds = run.required_action?.submit_tool_outputs.tool_calls.map((c) => c.id) ?? [];
      const unknown = await post(`/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`, JSON.stringify({ tool_outputs: callIds.map((id) => ({ tool_call_id: id, output: 'o', extra: 1 })) }));
      assert.deepEqual([unknown.status, unknown.error.message, unknown.error.code], [400, "Unknown parameter: 'tool_outputs[0].extra'.", 'unknown_parameter']);
      const numeric = await post(`/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`, JSON.stringify({ tool_outputs: [{ tool_call_id: callIds[0], output: 42 }] }));
      assert.deepEqual([numeric.status, numeric.error.message], [400, "Invalid type for 'tool_outputs[0].output': expected a string, but got an integer instead."]);
      const missing = await post(`/threads/${thread.id}/runs`, '{}');
      assert.deepEqual([missing.status, missing.error.message], [400, "Missing required parameter: 'assistant_id'."]);
      // The run is untouched by the rejected submits.
      assert.equal((await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status, 'requires_action');
      await client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    });

    test('a wrong key gets 401 with the error body', async () => {
      const bad = clientFor(em, flavor, { apiKey: 'sk-wrong-key-000000000000', maxRetries: 0 });
      await expectApiError(bad.beta.threads.create(), 401, /./);
    });

    test('every JSON body and SSE event validated against the spec', async () => {
      const checked = await checker.settle();
      assert.ok(checked.length > 60, `only ${checked.length} bodies seen`);
      const bad = checked.filter((c) => !c.ok);
      assert.deepEqual(
        bad.map((c) => `${c.method} ${c.path} ${c.status} ${c.operation}: ${c.errors.join('; ')}`),
        [],
      );
      const operations = new Set(checked.map((c) => c.operation.replace(/ \(error \d+\)$/, '').replace(/ → .*/, '')));
      const expected =
        flavor === 'azure'
          ? ['Threads_CreateThread', 'Threads_GetThread', 'Threads_UpdateThread', 'Threads_DeleteThread', 'Messages_ListMessages', 'Messages_CreateMessage', 'Messages_GetMessage', 'Messages_UpdateMessage', 'Runs_ListRuns', 'Runs_CreateRun', 'Runs_GetRun', 'Runs_CancelRun', 'Runs_SubmitToolOutputsToRun', 'RunSteps_ListRunSteps', 'RunSteps_GetRunStep']
          : ['createThread', 'getThread', 'modifyThread', 'deleteThread', 'listMessages', 'createMessage', 'getMessage', 'modifyMessage', 'deleteMessage', 'listRuns', 'createRun', 'getRun', 'cancelRun', 'submitToolOuputsToRun', 'listRunSteps', 'getRunStep'];
      for (const op of expected) assert.ok(operations.has(op), `no body of ${op} was checked`);
    });
  });
}

describe('mode-specific operations', () => {
  test('OpenAI mode answers GET /threads like the real service (401 missing_scope)', async () => {
    const client = clientFor(em, 'openai', { maxRetries: 0 });
    const err = await expectApiError(
      client.get('/threads'),
      401,
      'Your request to GET /v1/threads must be made with a session key (that is, it can only be made from the browser). You made it with the following key type: secret.',
    );
    assert.equal((err.error as { code?: string }).code, 'missing_scope');
  });

  test('Azure AI Agents mode lists threads (paged) and requires a supported api-version', async () => {
    const checker = new BodyChecker(em);
    const client = clientFor(em, 'azure', { fetch: checker.fetchFor('azure') });
    await control(em, 'POST', 'reset', { seed: 'empty' });
    for (let i = 0; i < 5; i++) await client.beta.threads.create({ metadata: { n: String(i) } });
    const page1 = (await client.get('/threads', { query: { limit: 2 } })) as { data: Array<{ id: string; metadata: { n: string } }>; has_more: boolean; last_id: string };
    assert.deepEqual(
      page1.data.map((t) => t.metadata.n),
      ['4', '3'],
    );
    assert.equal(page1.has_more, true);
    const page3 = (await client.get('/threads', { query: { limit: 2, after: (await client.get('/threads', { query: { limit: 4 } }) as { last_id: string }).last_id } })) as { data: unknown[]; has_more: boolean };
    assert.equal(page3.data.length, 1);
    assert.equal(page3.has_more, false);
    const bare = await fetch(`${em.urls.azure}/threads`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(bare.status, 400);
    const wrong = await fetch(`${em.urls.azure}/threads?api-version=2020-01-01`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: { message: string } }).error.message, /Unsupported api-version '2020-01-01'/);
    for (const v of ['2025-05-01', '2025-05-15-preview']) {
      const ok = await fetch(`${em.urls.azure}/threads?api-version=${v}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
      assert.equal(ok.status, 200, v);
    }
    const checked = await checker.settle();
    assert.ok(checked.some((c) => c.operation === 'Threads_ListThreads'));
    assert.deepEqual(checked.filter((c) => !c.ok).map((c) => c.errors), []);
  });
});

/** Consecutive repeats of an event collapse to one (deltas). */
function collapse(names: string[]): string[] {
  return names.filter((n, i) => n !== names[i - 1]);
}

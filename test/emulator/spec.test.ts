// The validator setup is proven on real answers: every recorded body in
// fixtures/recorded/ validates against its operation's schema, every documented
// deviation from the spec is needed by some recording, and the emulator's bodies for
// the same situations have the same keys (and, for errors, the same text).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadRecorded, parseSse, recordedDir, type RecordedBody } from './recorded';
import type { RunningEmulator } from './server';
import { OPENAI_DEVIATIONS, SpecValidator } from './specValidator';
import { control, keySetDifference, specValidator, startTestEmulator, TEST_KEY, waitFor } from './testkit';

const recorded = loadRecorded();
/** Bodies in the assistants=v2 shape (v1-era bodies are kept in the fixtures for comparison only). */
const v2 = recorded.filter((r) => !r.notes.startsWith('assistants=v1') || r.notes.includes('identical to v2'));

function validateRecorded(v: SpecValidator, r: RecordedBody): string[] {
  if (r.body !== undefined) {
    const res = v.validateResponse('openai', r.method, r.path, r.status, r.body);
    return res.ok ? [] : [`${r.file}: ${res.operation}: ${res.errors.join('; ')}`];
  }
  const problems: string[] = [];
  for (const e of r.events ?? []) {
    if (e.data === '[DONE]') continue;
    const res = v.validateEvent('openai', e.event, JSON.parse(e.data));
    if (!res.ok) problems.push(`${r.file} ${e.event}: ${res.errors.join('; ')}`);
  }
  return problems;
}

describe('recorded real bodies against openai-openapi.yaml', () => {
  test('every recorded body in test/fixtures/recorded is listed in its SOURCE.md and read', () => {
    // A file the SOURCE.md table does not name (or names in a row the loader cannot read)
    // would silently drop out of every test below.
    const onDisk = fs
      .readdirSync(recordedDir(), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(json|sse)$/.test(f))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    assert.deepEqual(recorded.map((r) => `${r.folder}/${r.file}`).sort(), onDisk);
    assert.ok(v2.length > 0 && v2.length < recorded.length, 'no v1-era bodies told apart from v2 ones');
  });

  test('every assistants=v2 recorded body validates against its operation schema', () => {
    const v = specValidator();
    const problems = v2.flatMap((r) => validateRecorded(v, r));
    assert.deepEqual(problems, []);
  });

  test('the validator is not vacuous: a broken run or a bad error body fails', () => {
    const v = specValidator();
    const run = v2.find((r) => r.file === 'run_retrieve_requires_action_function.json');
    assert.ok(run);
    const broken = { ...(run.body as Record<string, unknown>), status: 'sleeping' };
    assert.equal(v.validateResponse('openai', 'GET', run.path, 200, broken).ok, false);
    const { created_at: _drop, ...missing } = run.body as Record<string, unknown>;
    assert.equal(v.validateResponse('openai', 'GET', run.path, 200, missing).ok, false);
    assert.equal(v.validateResponse('openai', 'GET', run.path, 400, { error: { message: 'x' } }).ok, false);
    assert.equal(v.validateResponse('azure', 'GET', '/threads/t/runs/r', 200, { ...(run.body as object), created_at: 'yesterday' }).ok, false);
  });

  test('every documented deviation is needed: without them, recorded bodies fail', () => {
    const strict = SpecValidator.load({ applyDeviations: false });
    const failing = v2.flatMap((r) => validateRecorded(strict, r)).join('\n');
    for (const d of OPENAI_DEVIATIONS) {
      for (const field of [...(d.notRequired ?? []), ...(d.nullable ?? [])]) {
        assert.ok(
          failing.includes(`'${field}'`) || failing.includes(`/${field} `),
          `deviation ${d.schema}.${field} is not needed by any recording`,
        );
      }
    }
  });
});

describe('emulator bodies have the recorded key sets', () => {
  let em: RunningEmulator;
  const base = (): string => em.urls.openai;
  const headers = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${base()}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  const rec = (file: string): RecordedBody => {
    const r = recorded.find((x) => x.file === file);
    assert.ok(r, file);
    return r;
  };
  const sameKeys = (file: string, got: { status: number; json: unknown }): void => {
    const r = rec(file);
    assert.equal(got.status, r.status, `${file}: status`);
    assert.deepEqual(keySetDifference(got.json, r.body), { onlyEmulated: [], onlyRecorded: [] }, file);
    assert.ok(specValidator().validateResponse('openai', r.method, r.path, got.status, got.json).ok, `${file}: emulator body valid`);
  };
  const runTo = async (threadId: string, runId: string, statuses: string[]): Promise<void> => {
    await waitFor(async () => {
      const r = await call('GET', `/threads/${threadId}/runs/${runId}`);
      return statuses.includes((r.json as { status: string }).status) ? true : undefined;
    }, `run ${runId} to reach ${statuses.join('|')}`);
  };

  before(async () => {
    em = await startTestEmulator();
  });
  after(async () => {
    await em.close();
  });

  test('threads and messages', async () => {
    const created = await call('POST', '/threads', { metadata: { threadMetadata: 'threadMetadataValue' } });
    sameKeys('thread_create.json', created);
    const id = (created.json as { id: string }).id;
    sameKeys('thread_retrieve.json', await call('GET', `/threads/${id}`));
    sameKeys('thread_modify.json', await call('POST', `/threads/${id}`, { metadata: { threadMetadata: 'new' } }));
    sameKeys('runs_list_empty.json', await call('GET', `/threads/${id}/runs`));
    sameKeys('messages_list_empty.v2.json', await call('GET', `/threads/${id}/messages?order=asc`));
    const msg = await call('POST', `/threads/${id}/messages`, { role: 'user', content: 'Hello, world!' });
    sameKeys('message_create.json', msg);
    sameKeys('message_create_user.v2.json', msg);
    const msgId = (msg.json as { id: string }).id;
    sameKeys('message_retrieve_user.v2.json', await call('GET', `/threads/${id}/messages/${msgId}`));
    sameKeys('message_modify.json', await call('POST', `/threads/${id}/messages/${msgId}`, { metadata: { messageMetadata: 'newValue' } }));
    sameKeys('messages_list_user_and_assistant_roles.json', await call('GET', `/threads/${id}/messages`));
    sameKeys('message_delete.json', await call('DELETE', `/threads/${id}/messages/${msgId}`));
    sameKeys('thread_delete.json', await call('DELETE', `/threads/${id}`));
  });

  test('runs through their lifecycle, steps, and errors with the recorded text', async () => {
    const thread = ((await call('POST', '/threads', { messages: [{ role: 'user', content: 'Hi' }] })).json as { id: string }).id;
    const created = await call('POST', `/threads/${thread}/runs`, { assistant_id: 'asst_echo' });
    sameKeys('run_create_queued.json', created);
    const runId = (created.json as { id: string }).id;
    sameKeys('runs_list_one_queued.json', await call('GET', `/threads/${thread}/runs`));
    await runTo(thread, runId, ['completed']);
    sameKeys('run_retrieve_completed_with_usage.json', await call('GET', `/threads/${thread}/runs/${runId}`));
    sameKeys('messages_list_user_and_assistant.json', await call('GET', `/threads/${thread}/messages`));

    const tools = await call('POST', `/threads/${thread}/runs`, { assistant_id: 'asst_tools' });
    const toolsId = (tools.json as { id: string }).id;
    await runTo(thread, toolsId, ['requires_action']);
    const waiting = await call('GET', `/threads/${thread}/runs/${toolsId}`);
    sameKeys('run_retrieve_requires_action_function.json', waiting);
    const calls = (waiting.json as { required_action: { submit_tool_outputs: { tool_calls: Array<{ id: string }> } } }).required_action.submit_tool_outputs.tool_calls;
    const submitted = await call('POST', `/threads/${thread}/runs/${toolsId}/submit_tool_outputs`, { tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: 'Tacos' })) });
    sameKeys('run_submit_tool_outputs_queued.json', submitted);
    await runTo(thread, toolsId, ['completed']);
    sameKeys('run_retrieve_completed_after_tool_outputs.json', await call('GET', `/threads/${thread}/runs/${toolsId}`));
    sameKeys('messages_list_after_function_call_desc.json', await call('GET', `/threads/${thread}/messages?order=desc`));

    const code = await call('POST', `/threads/${thread}/runs`, { assistant_id: 'asst_code' });
    const codeId = (code.json as { id: string }).id;
    await runTo(thread, codeId, ['completed']);
    const include = 'include[]=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content';
    sameKeys('run_steps_list_file_search_with_results.json', await call('GET', `/threads/${thread}/runs/${codeId}/steps?${include}`));
    sameKeys('run_steps_list_page1_limit2_has_more.json', await call('GET', `/threads/${thread}/runs/${codeId}/steps?limit=2&${include}`));
    sameKeys('messages_list_file_citation_desc.json', await call('GET', `/threads/${thread}/messages?order=desc&run_id=${codeId}`));
    sameKeys('run_retrieve_completed_code_interpreter.json', await call('GET', `/threads/${thread}/runs/${codeId}`));

    const slow = await call('POST', `/threads/${thread}/runs`, { assistant_id: 'asst_slow' });
    const slowId = (slow.json as { id: string }).id;
    sameKeys('run_steps_list_empty.v2.json', await call('GET', `/threads/${thread}/runs/${slowId}/steps?order=asc`));
    await runTo(thread, slowId, ['in_progress']);
    sameKeys('run_retrieve_in_progress.json', await call('GET', `/threads/${thread}/runs/${slowId}`));
    const notAccepted = await call('POST', `/threads/${thread}/runs/${slowId}/submit_tool_outputs`, { tool_outputs: [] });
    assert.deepEqual(notAccepted.json, rec('error_400_submit_tool_outputs_run_in_progress.v2.json').body);
    const modifyActive = await call('POST', `/threads/${thread}/runs/${slowId}`, { metadata: { a: 'b' } });
    assert.deepEqual(modifyActive.json, rec('error_400_run_modify_in_progress.v1.json').body);
    // The recorded cancel answer is from Apr 2024 (before reasoning_effort/parallel_tool_calls):
    // compare with the Oct 2025 run shape, and check the status.
    const cancelled = await call('POST', `/threads/${thread}/runs/${slowId}/cancel`);
    sameKeys('run_retrieve_in_progress.json', cancelled);
    assert.equal((cancelled.json as { status: string }).status, (rec('run_cancel_cancelling.v2.json').body as { status: string }).status);
    const noStep = await call('GET', `/threads/${thread}/runs/${slowId}/steps/step_123`);
    assert.equal(noStep.status, 404);
    assert.deepEqual(noStep.json, rec('error_404_run_step_not_found.v2.json').body);
    const badMeta = await call('POST', `/threads/${thread}`, { metadata: { modified: true } });
    assert.deepEqual(badMeta.json, rec('error_400_thread_modify_metadata_not_string.v2.json').body);
  });

  test('streams: same event sequence and event keys as the recorded streams', async () => {
    const stream = async (path: string, body: unknown): Promise<Array<{ event: string; data: string }>> => {
      const res = await fetch(`${base()}${path}`, { method: 'POST', headers, body: JSON.stringify({ ...(body as object), stream: true }) });
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
      return parseSse(await res.text());
    };
    const compare = (file: string, got: Array<{ event: string; data: string }>): void => {
      const want = rec(file).events ?? [];
      const names = (evs: Array<{ event: string }>): string[] => evs.map((e) => e.event).filter((n, i, all) => n !== all[i - 1]);
      assert.deepEqual(names(got), names(want), `${file}: event order`);
      for (const e of got) {
        if (e.data === '[DONE]') continue;
        // Each emulated event has the key set of some recorded event of the same name.
        const diffs = want.filter((w) => w.event === e.event).map((w) => keySetDifference(JSON.parse(e.data), JSON.parse(w.data)));
        if (!diffs.length) continue;
        const best = diffs.find((d) => !d.onlyEmulated.length && !d.onlyRecorded.length) ?? diffs[0];
        assert.deepEqual(best, { onlyEmulated: [], onlyRecorded: [] }, `${file} ${e.event}`);
      }
    };
    const thread = ((await call('POST', '/threads', { messages: [{ role: 'user', content: 'Hi' }] })).json as { id: string }).id;
    compare('run_stream_completed.sse', await stream(`/threads/${thread}/runs`, { assistant_id: 'asst_echo' }));
    const tr = await stream('/threads/runs', { assistant_id: 'asst_tools', thread: { messages: [{ role: 'user', content: 'x' }] } });
    compare('thread_and_run_stream_requires_action.sse', tr);
    const waiting = JSON.parse(tr.find((e) => e.event === 'thread.run.requires_action')?.data ?? '{}') as { id: string; thread_id: string; required_action: { submit_tool_outputs: { tool_calls: Array<{ id: string }> } } };
    const outputs = waiting.required_action.submit_tool_outputs.tool_calls.map((c) => ({ tool_call_id: c.id, output: 'ok' }));
    compare('submit_tool_outputs_stream_completed.sse', await stream(`/threads/${waiting.thread_id}/runs/${waiting.id}/submit_tool_outputs`, { tool_outputs: outputs }));
  });

  test('create thread and run answers like the recording', async () => {
    sameKeys('thread_and_run_create_queued.json', await call('POST', '/threads/runs', { assistant_id: 'asst_tools', thread: { messages: [{ role: 'user', content: 'x' }] } }));
    await control(em, 'POST', 'reset');
  });
});

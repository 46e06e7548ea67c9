// The demo seed: every run status, the 250-run thread, the 150-step run with its 1 MB
// output, hostile and non-Latin text, and a requires_action run that does not expire.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { DEMO, HOSTILE_STRINGS } from './demoIds';
import type { LoggedRequest } from './requestLog';
import type { RunningEmulator } from './server';
import { BodyChecker, clientFor, control, startTestEmulator, text } from './testkit';

let em: RunningEmulator;
let client: OpenAI;
let checker: BodyChecker;

before(async () => {
  em = await startTestEmulator({ seed: 'demo' });
  checker = new BodyChecker(em);
  client = clientFor(em, 'openai', { fetch: checker.fetchFor('openai') });
});
after(async () => {
  await em.close();
});

test('every run status appears in the demo, under its well-known id', async () => {
  const expected: Record<string, [string, string]> = {
    requires_action: [DEMO.threads.mixed, DEMO.runs.requiresAction],
    completed: [DEMO.threads.mixed, DEMO.runs.completed],
    failed: [DEMO.threads.mixed, DEMO.runs.failed],
    incomplete: [DEMO.threads.mixed, DEMO.runs.incomplete],
    cancelled: [DEMO.threads.mixed, DEMO.runs.cancelled],
    expired: [DEMO.threads.mixed, DEMO.runs.expired],
    queued: [DEMO.threads.queued, DEMO.runs.queued],
    in_progress: [DEMO.threads.inProgress, DEMO.runs.inProgress],
    cancelling: [DEMO.threads.cancelling, DEMO.runs.cancelling],
  };
  for (const [status, [threadId, runId]] of Object.entries(expected)) {
    const run = await client.beta.threads.runs.retrieve(runId, { thread_id: threadId });
    assert.equal(run.status, status, runId);
  }
  const code = await client.beta.threads.runs.steps.list(DEMO.runs.code, { thread_id: DEMO.threads.mixed, include: ['step_details.tool_calls[*].file_search.results[*].content'] });
  assert.equal(code.data.length, 3);
});

test('the thread with 250 runs pages in 3 requests of limit=100 with exact has_more', async () => {
  const start = (await control<LoggedRequest[]>(em, 'GET', 'requests')).length;
  const ids: string[] = [];
  for await (const run of client.beta.threads.runs.list(DEMO.threads.manyRuns, { limit: 100 })) ids.push(run.id);
  assert.equal(ids.length, 250);
  assert.equal(new Set(ids).size, 250);
  const log = (await control<LoggedRequest[]>(em, 'GET', 'requests')).slice(start);
  assert.equal(log.filter((r) => r.path.endsWith('/runs')).length, 3);
  const statuses = new Set<string>();
  const stepKinds = new Set<string>();
  for await (const run of client.beta.threads.runs.list(DEMO.threads.manyRuns, { limit: 100 })) statuses.add(run.status);
  for (const runId of ids.slice(0, 12)) {
    const steps = await client.beta.threads.runs.steps.list(runId, { thread_id: DEMO.threads.manyRuns });
    for (const s of steps.data) stepKinds.add(s.step_details.type === 'tool_calls' ? s.step_details.tool_calls[0].type : 'message_creation');
  }
  assert.ok(statuses.has('completed') && statuses.size >= 3, [...statuses].join(','));
  assert.ok(stepKinds.has('function') && stepKinds.has('message_creation'), [...stepKinds].join(','));
});

test('the run with 150 steps, one holding a 1 MB function output', async () => {
  const steps = [];
  for await (const s of client.beta.threads.runs.steps.list(DEMO.runs.bigRun150Steps, { thread_id: DEMO.threads.bigRun, limit: 100 })) steps.push(s);
  assert.equal(steps.length, 150);
  const big = await client.beta.threads.runs.steps.retrieve(DEMO.steps.bigOutput, { thread_id: DEMO.threads.bigRun, run_id: DEMO.runs.bigRun150Steps });
  const call = big.step_details.type === 'tool_calls' ? big.step_details.tool_calls[0] : undefined;
  assert.ok(call?.type === 'function');
  assert.equal(Buffer.byteLength(call.function.output ?? ''), DEMO.bigOutputBytes);
});

test('hostile and non-Latin text comes back verbatim', async () => {
  const thread = await client.beta.threads.retrieve(DEMO.threads.hostile);
  assert.equal(thread.metadata && (thread.metadata as Record<string, string>).title, '<script>alert(1)</script>');
  const first = await client.beta.threads.messages.retrieve(DEMO.messages.hostileFirst, { thread_id: DEMO.threads.hostile });
  assert.match(text(first.content), /<script>alert\(1\)<\/script>/);
  const msgs = await client.beta.threads.messages.list(DEMO.threads.hostile, { limit: 100 });
  const all = msgs.data.map((m) => text(m.content)).join('\n');
  for (const h of HOSTILE_STRINGS) assert.ok(all.includes(h), h);
  const uni = await client.beta.threads.messages.retrieve(DEMO.messages.unicodeFirst, { thread_id: DEMO.threads.unicode });
  assert.match(text(uni.content), /東京/);
  assert.match(text(uni.content), /القاهرة/);
});

test('the demo requires_action run does not expire; submitting finishes it', async () => {
  await control(em, 'POST', 'clock', { advanceSeconds: 3600 });
  const run = await client.beta.threads.runs.retrieve(DEMO.runs.requiresAction, { thread_id: DEMO.threads.mixed });
  assert.equal(run.status, 'requires_action');
  const { now } = await control<{ now: number }>(em, 'GET', 'clock');
  assert.ok((run.expires_at ?? 0) > now, 'expires_at kept in the future');
  const done = await client.beta.threads.runs.submitToolOutputsAndPoll(
    DEMO.runs.requiresAction,
    { thread_id: DEMO.threads.mixed, tool_outputs: [{ tool_call_id: DEMO.calls.requiresActionWeather, output: 'sunny' }, { tool_call_id: DEMO.calls.requiresActionOrder, output: 'shipped' }] },
    { pollIntervalMs: 15 },
  );
  assert.equal(done.status, 'completed');
  const cancelled = await client.beta.threads.runs.cancel(DEMO.runs.inProgress, { thread_id: DEMO.threads.inProgress });
  assert.equal(cancelled.status, 'cancelling');
});

test('every demo body served validates against the spec', async () => {
  const checked = await checker.settle();
  assert.ok(checked.length > 10);
  assert.deepEqual(checked.filter((c) => !c.ok).map((c) => `${c.path}: ${c.errors.join('; ')}`), []);
});

test('the files endpoint serves the code-interpreter image of the code run as a PNG, and 404 for other ids', async () => {
  const steps = await client.beta.threads.runs.steps.list(DEMO.runs.code, { thread_id: DEMO.threads.mixed });
  const images = steps.data.flatMap((s) =>
    s.step_details.type === 'tool_calls'
      ? s.step_details.tool_calls.flatMap((c) => (c.type === 'code_interpreter' ? c.code_interpreter.outputs.flatMap((o) => (o.type === 'image' ? [o.image.file_id] : [])) : []))
      : [],
  );
  assert.equal(images.length, 1);
  const response = await client.files.content(images[0]!);
  assert.equal(response.headers.get('content-type'), 'image/png');
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await assert.rejects(client.files.content('file-not-an-image-0000000000'), (error: { status?: number }) => error.status === 404);
});

// What the capture controller does with a captured request, without VS Code: which ids
// join which list of the tree (a run only with its thread), what a launch's env gets,
// the log line (never a header or a body), and what is remembered for the rows.
import './vscodeStandIn';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { captureVariable } from '../../src/capture/captureEnvironment';
import { captureLogLine, debugEnvWith, isCapturedFailure, registrationsOf } from '../../src/capture/captureMapping';
import type { CaptureEvent } from '../../src/capture/idScanner';
import { CapturedObjects, maxCapturedFailures, type CapturedChange } from '../../src/store/capturedObjects';
import { redact } from '../../src/util/redact';
import { TEST_KEY } from '../emulator/testkit';
import { startCaptureRig, type CaptureRig } from './captureKit';

const event = (e: Partial<CaptureEvent> & Pick<CaptureEvent, 'path'>): CaptureEvent => ({ method: 'GET', status: 200, durationMs: 12.4, outcome: 'complete', ids: [], ...e });
const id = (value: string, created = false) => ({ id: value, kind: value.slice(0, value.indexOf('_')) as CaptureEvent['ids'][number]['kind'], created });

describe('registrationsOf: the ids a captured request adds to the tree', () => {
  test('a run joins the thread its path names, with the summary the app saw', () => {
    const summary = { id: 'run_R1', object: 'thread.run', status: 'in_progress', calls: [] };
    const r = registrationsOf(event({ path: '/threads/thread_T1/runs/run_R1', ids: [id('thread_T1'), id('run_R1')], summary }));
    assert.deepEqual(r.threads, ['thread_T1']);
    assert.deepEqual(r.runs, [{ threadId: 'thread_T1', runId: 'run_R1', summary }]);
    assert.deepEqual(r.conversations, []);
    assert.deepEqual(r.responses, []);
  });

  test('POST /threads/runs names one thread in its answer: the run joins it; with two threads, a run joins none', () => {
    const one = registrationsOf(event({ method: 'POST', path: '/threads/runs', ids: [id('thread_New', true), id('run_New', true)] }));
    assert.deepEqual(one.runs, [{ threadId: 'thread_New', runId: 'run_New' }]);
    const two = registrationsOf(event({ path: '/x', ids: [id('thread_A1'), id('thread_B2'), id('run_R9')] }));
    assert.deepEqual(two.runs, []);
    assert.deepEqual(two.threads, ['thread_A1', 'thread_B2']);
  });

  test('the path\'s thread wins over another thread named in a body', () => {
    const r = registrationsOf(event({ path: '/threads/thread_P1/runs', method: 'POST', ids: [id('thread_P1'), id('thread_Other2'), id('run_Z3', true)] }));
    assert.deepEqual(r.runs.map((x) => x.threadId), ['thread_P1']);
  });

  test('conversations and responses; messages, steps and calls join nothing', () => {
    const summary = { id: 'resp_A1', object: 'response', status: 'completed', calls: [] };
    const r = registrationsOf(event({ method: 'POST', path: '/responses', ids: [id('conv_C1'), id('resp_A1', true), id('msg_M1'), id('call_X1')], summary }));
    assert.deepEqual(r.conversations, ['conv_C1']);
    assert.deepEqual(r.responses, [{ responseId: 'resp_A1', summary }]);
    assert.deepEqual(r.threads, []);
  });

  test('a failed request adds nothing (its ids may not exist); it is a failure, as is a dropped answer', () => {
    const failed = event({ path: '/threads/thread_Gone1', status: 404, ids: [id('thread_Gone1')] });
    assert.deepEqual(registrationsOf(failed), { threads: [], runs: [], conversations: [], responses: [] });
    assert.equal(isCapturedFailure(failed), true);
    assert.equal(isCapturedFailure(event({ path: '/x', status: 200, outcome: 'dropped' })), true);
    assert.equal(isCapturedFailure(event({ path: '/x', status: undefined, outcome: 'unreachable' })), true);
    assert.equal(isCapturedFailure(event({ path: '/x', status: 200 })), false);
    // The app's own abort is not the service failing.
    assert.equal(isCapturedFailure(event({ path: '/x', status: 200, outcome: 'aborted' })), false);
  });
});

describe('debugEnvWith: the env of a launch started while capture records', () => {
  const variable = captureVariable({ id: 'c', name: 'C', kind: 'openai' }, 'http://127.0.0.1:1/tok');

  test('adds the variable, keeping the launch\'s own env', () => {
    assert.deepEqual(debugEnvWith({ DEBUG: '1' }, variable), { kind: 'added', env: { DEBUG: '1', OPENAI_BASE_URL: 'http://127.0.0.1:1/tok' } });
    assert.deepEqual(debugEnvWith(undefined, variable), { kind: 'added', env: { OPENAI_BASE_URL: 'http://127.0.0.1:1/tok' } });
  });

  test('keeps a value the launch sets itself, and adds nothing for a kind without a variable', () => {
    assert.deepEqual(debugEnvWith({ OPENAI_BASE_URL: 'https://elsewhere/v1' }, variable), { kind: 'kept', name: 'OPENAI_BASE_URL' });
    const foundry = captureVariable({ id: 'f', name: 'F', kind: 'azure-agents', baseUrl: 'https://x.services.ai.azure.com/api/projects/p' }, 'http://127.0.0.1:1/tok');
    assert.deepEqual(debugEnvWith({}, foundry), { kind: 'none' });
    const azureKey = captureVariable({ id: 'a', name: 'A', kind: 'azure-openai', baseUrl: 'https://r.openai.azure.com', auth: 'key' }, 'http://127.0.0.1:1/tok');
    assert.deepEqual(debugEnvWith({}, azureKey), { kind: 'added', env: { AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:1/tok' } });
  });
});

describe('captureLogLine', () => {
  test('method, path, status, duration, ids (new ones marked) and the request id; no message, no msg/call ids', () => {
    const line = captureLogLine('Dev', event({ method: 'POST', path: '/threads/thread_T1/runs', status: 200, durationMs: 41.6, ids: [id('thread_T1'), id('run_N1', true), id('msg_M1'), id('call_C1')], requestId: 'req_9' }));
    assert.equal(line, 'capture [Dev] POST /threads/thread_T1/runs → 200 in 42 ms; thread_T1, run_N1 (new) (request req_9)');
    const failed = captureLogLine('Dev', event({ path: '/responses/resp_X1', status: 404, errorMessage: 'No response found with id resp_X1 for key sk-…' }));
    assert.equal(failed, 'capture [Dev] GET /responses/resp_X1 → 404 in 12 ms');
    assert.equal(captureLogLine('Dev', event({ path: '/x', status: undefined, outcome: 'unreachable' })), 'capture [Dev] GET /x → unreachable in 12 ms');
  });

  describe('through a real proxy', () => {
    let rig: CaptureRig;
    before(async () => {
      rig = await startCaptureRig();
    });
    after(async () => {
      await rig.close();
    });

    test('an Authorization value, a key in the query and a body never reach the line', async () => {
      const secretBody = 'the body text SECRET_BODY_42';
      await fetch(rig.proxied('/threads?api-key=QUERY_SECRET_77'), {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json', 'x-custom': 'HEADER_SECRET_55' },
        body: JSON.stringify({ messages: [{ role: 'user', content: secretBody }] }),
      }).then((r) => r.text());
      const deadline = Date.now() + 5000;
      while (!rig.events.some((e) => e.method === 'POST') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const captured = rig.events.find((e) => e.method === 'POST');
      assert.ok(captured, 'the request was captured');
      const line = redact(captureLogLine('Dev', captured));
      assert.match(line, /^capture \[Dev\] POST \/threads → 200 in \d+ ms; thread_\w+ \(new\) \(request req_\w+\)$/);
      for (const secret of [TEST_KEY, 'sk-test', 'QUERY_SECRET_77', 'HEADER_SECRET_55', 'SECRET_BODY_42']) assert.ok(!line.includes(secret), `${secret} reached the log line: ${line}`);
    });
  });
});

describe('CapturedObjects', () => {
  test('remembers when each id was captured and the summary of a response; announces the ids', () => {
    let now = 1_000;
    const captured = new CapturedObjects(() => now);
    const changes: CapturedChange[] = [];
    captured.onDidChange((c) => changes.push(c));
    const summary = { id: 'resp_S1', object: 'response', status: 'completed', model: 'gpt-x', calls: [] };
    captured.record('c1', event({ method: 'POST', path: '/responses', ids: [id('resp_S1', true), id('conv_C1')], summary }));
    assert.equal(captured.capturedAt('c1', 'resp_S1'), 1_000);
    assert.equal(captured.capturedAt('c1', 'conv_C1'), 1_000);
    assert.equal(captured.capturedAt('c2', 'resp_S1'), undefined, 'another connection saw nothing');
    assert.deepEqual(captured.summary('c1', 'resp_S1'), { summary, at: 1_000 });
    assert.deepEqual(changes, [{ connectionId: 'c1', ids: ['conv_C1', 'resp_S1'], failures: false }]);
    now = 2_000;
    captured.record('c1', event({ path: '/responses/resp_S1', ids: [id('resp_S1')] }));
    assert.equal(captured.capturedAt('c1', 'resp_S1'), 2_000, 'the marker shows the latest time');
  });

  test('keeps failures newest first, with status, message and request id, at most the cap', () => {
    const captured = new CapturedObjects(() => 5);
    captured.record('c1', event({ method: 'POST', path: '/responses', status: 429, errorMessage: 'Rate limit reached', requestId: 'req_1' }));
    captured.record('c1', event({ path: '/threads/thread_Gone1', status: 404, errorMessage: 'No thread found', ids: [id('thread_Gone1')] }));
    const [newest, older] = captured.failures('c1');
    assert.deepEqual({ ...newest, seq: 0 }, { seq: 0, at: 5, method: 'GET', path: '/threads/thread_Gone1', status: 404, outcome: 'complete', errorMessage: 'No thread found' });
    assert.equal(older?.requestId, 'req_1');
    assert.equal(older?.status, 429);
    assert.equal(captured.capturedAt('c1', 'thread_Gone1'), undefined, 'a failed request marks nothing as captured');
    for (let i = 0; i < maxCapturedFailures + 5; i++) captured.record('c1', event({ path: `/x${i}`, status: 500 }));
    assert.equal(captured.failures('c1').length, maxCapturedFailures);
    assert.equal(captured.failures('c1')[0]?.path, `/x${maxCapturedFailures + 4}`);
  });
});

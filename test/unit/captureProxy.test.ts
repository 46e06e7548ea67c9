// The capture proxy against the emulator, through the real `openai` client and raw HTTP:
// transparent, streaming as it goes, refusing what is not the app, faults passed as sent.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CaptureProxy } from '../../src/capture/proxy';
import { CaptureSession } from '../../src/capture/captureSession';
import { control, waitFor } from '../emulator/testkit';
import { comparableHeaders, rawRequest, startCaptureRig, type CaptureRig } from './captureKit';

let unhandled = 0;
process.on('unhandledRejection', () => unhandled++);

describe('capture proxy × emulator', () => {
  let rig: CaptureRig;
  before(async () => {
    rig = await startCaptureRig();
  });
  after(async () => {
    await rig.close();
    assert.equal(unhandled, 0, 'unhandled rejections');
  });
  beforeEach(async () => {
    await control(rig.em, 'DELETE', 'faults');
    await control(rig.em, 'POST', 'compression', { enabled: false });
    rig.events.length = 0;
  });

  const eventFor = (method: string, path: RegExp) =>
    waitFor(async () => rig.events.find((e) => e.method === method && path.test(e.path)), `${method} ${path}`);

  test('threads, runs and submit_tool_outputs through the openai client: answers unchanged, ids captured', async () => {
    const client = rig.client();
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Weather in Lisbon and order 4711?' }] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: 'asst_tools' }, { pollIntervalMs: 20 });
    assert.equal(run.status, 'requires_action');
    const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
    assert.equal(calls.length, 2);
    const done = await client.beta.threads.runs.submitToolOutputsAndPoll(run.id, { thread_id: thread.id, tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: 'ok' })) }, { pollIntervalMs: 20 });
    assert.equal(done.status, 'completed');

    const created = await eventFor('POST', /^\/threads$/);
    assert.deepEqual(created.ids.filter((i) => i.kind === 'thread'), [{ id: thread.id, kind: 'thread', created: true }]);
    assert.equal(created.status, 200);
    assert.match(created.requestId ?? '', /^req_/);
    const runCreated = await eventFor('POST', /\/runs$/);
    assert.deepEqual(runCreated.ids.find((i) => i.id === run.id), { id: run.id, kind: 'run', created: true });
    assert.deepEqual(runCreated.ids.find((i) => i.id === thread.id), { id: thread.id, kind: 'thread', created: false });
    const submitted = await eventFor('POST', /submit_tool_outputs$/);
    for (const c of calls) assert.deepEqual(submitted.ids.find((i) => i.id === c.id), { id: c.id, kind: 'call', created: false });
    assert.deepEqual(submitted.ids.find((i) => i.id === run.id)?.created, false);
    const polled = rig.events.find((e) => e.method === 'GET' && e.path.endsWith(run.id));
    assert.ok(polled, 'a run retrieve was captured');
    assert.ok(polled.summary && polled.summary.id === run.id && polled.summary.object === 'thread.run');
    // Never headers or bodies: the key is nowhere in what was recorded.
    assert.ok(!JSON.stringify(rig.events).includes('sk-test'));
  });

  test('streaming createAndRun and streamed submit_tool_outputs, compressed: events as direct, ids and calls captured', async () => {
    await control(rig.em, 'POST', 'compression', { enabled: true });
    const client = rig.client();
    let runId = '';
    let threadId = '';
    let callIds: string[] = [];
    const names: string[] = [];
    const stream = await client.beta.threads.createAndRun({ assistant_id: 'asst_tools', thread: { messages: [{ role: 'user', content: 'in Oslo' }] }, stream: true });
    for await (const e of stream) {
      names.push(e.event);
      if (e.event === 'thread.run.requires_action') {
        runId = e.data.id;
        threadId = e.data.thread_id;
        callIds = e.data.required_action?.submit_tool_outputs.tool_calls.map((c) => c.id) ?? [];
      }
    }
    assert.equal(names.at(-1), 'thread.run.requires_action');
    const sub = await client.beta.threads.runs.submitToolOutputs(runId, { thread_id: threadId, stream: true, tool_outputs: callIds.map((id) => ({ tool_call_id: id, output: 'ok' })) });
    const subNames: string[] = [];
    for await (const e of sub) subNames.push(e.event);
    assert.equal(subNames.at(-1), 'thread.run.completed');

    const first = await eventFor('POST', /^\/threads\/runs$/);
    const kinds = new Map(first.ids.map((i) => [i.id, i]));
    assert.equal(kinds.get(threadId)?.created, true);
    assert.equal(kinds.get(runId)?.created, true);
    for (const id of callIds) assert.equal(kinds.get(id)?.kind, 'call');
    assert.ok(first.ids.some((i) => i.kind === 'step'));
    assert.deepEqual(first.summary?.calls.map((c) => c.callId), callIds);
    assert.equal(first.summary?.status, 'requires_action');
    const second = await eventFor('POST', /submit_tool_outputs$/);
    assert.equal(second.summary?.status, 'completed');
    assert.ok(second.ids.some((i) => i.kind === 'msg' && i.created));
  });

  for (const encoding of ['identity', 'gzip', 'br']) {
    test(`bodies byte for byte (${encoding}): a JSON answer and an SSE stream equal what the emulator sent`, async () => {
      await control(rig.em, 'POST', 'compression', { enabled: encoding !== 'identity' });
      const headers = { 'accept-encoding': encoding };
      const thread = JSON.parse((await rawRequest(rig.direct('/threads'), { method: 'POST', body: '{}' })).body.toString()) as { id: string };
      const direct = await rawRequest(rig.direct(`/threads/${thread.id}`), { headers });
      const proxied = await rawRequest(rig.proxied(`/threads/${thread.id}`), { headers });
      assert.equal(proxied.status, 200);
      assert.deepEqual(proxied.body, direct.body);
      assert.deepEqual(comparableHeaders(proxied.rawHeaders), comparableHeaders(direct.rawHeaders));
      if (encoding !== 'identity') assert.equal(proxied.headers['content-encoding'], encoding);

      const streamed = await rawRequest(rig.proxied('/threads/runs'), {
        method: 'POST',
        headers,
        body: JSON.stringify({ assistant_id: 'asst_echo', thread: { messages: [{ role: 'user', content: 'bytes ✓' }] }, stream: true }),
      });
      assert.equal(streamed.status, 200);
      const sent = rig.sent.get(String(streamed.headers['x-request-id']));
      assert.ok(sent && sent.length > 1, 'the emulator wrote the stream in several chunks');
      assert.deepEqual(streamed.body, Buffer.concat(sent));
      const event = await eventFor('POST', /^\/threads\/runs$/);
      assert.equal(event.summary?.status, 'completed', 'the scanner read the (inflated) stream');
    });
  }

  test('an SSE chunk reaches the app before the upstream sends the next one', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: one\ndata: {"id":"run_F1rst"}\n\n');
      // The second chunk waits until the app has the first: a buffering proxy never gets it.
      void released.then(() => res.end('event: two\ndata: {"id":"run_S2cond"}\n\n'));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const session = await CaptureSession.start({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1` });
    const ids: string[] = [];
    session.onDidCapture((e) => ids.push(...e.ids.map((i) => i.id)));
    try {
      let timedOut = false;
      const timeout = setTimeout(() => ((timedOut = true), release()), 5000);
      let chunks = 0;
      const answer = await rawRequest(`${session.baseUrl}/stream`, {
        onChunk: () => {
          if (chunks++ === 0) {
            clearTimeout(timeout);
            release();
          }
        },
      });
      assert.equal(timedOut, false, 'the first chunk reached the app only after the upstream ended');
      assert.equal(answer.body.toString(), 'event: one\ndata: {"id":"run_F1rst"}\n\nevent: two\ndata: {"id":"run_S2cond"}\n\n');
      assert.ok(chunks >= 2, `the stream came in ${chunks} chunk(s)`);
      await waitFor(async () => (ids.length ? ids : undefined), 'the capture event');
      assert.deepEqual(ids, ['run_F1rst', 'run_S2cond']);
    } finally {
      await session.dispose();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });

  describe('refusals forward nothing', () => {
    const port = () => new URL(rig.session.baseUrl).port;
    const cases: Array<[string, () => { url: string; headers: Record<string, string> }, number]> = [
      ['a Host that is not the proxy (DNS rebinding)', () => ({ url: rig.proxied('/models'), headers: { host: `evil.example:${port()}` } }), 403],
      ['a browser Origin', () => ({ url: rig.proxied('/models'), headers: { origin: 'http://evil.example' } }), 403],
      ['Origin: null', () => ({ url: rig.proxied('/models'), headers: { origin: 'null' } }), 403],
      ['Sec-Fetch-Site: cross-site', () => ({ url: rig.proxied('/models'), headers: { 'sec-fetch-site': 'cross-site' } }), 403],
      ['a wrong token', () => ({ url: `http://127.0.0.1:${port()}/wrongtoken/models`, headers: {} }), 404],
      ['no token', () => ({ url: `http://127.0.0.1:${port()}/models`, headers: {} }), 404],
      ['an absolute URL naming another host', () => ({ url: `http://127.0.0.1:${port()}/`, headers: {} }), 404],
    ];
    for (const [name, make, status] of cases) {
      test(name, async () => {
        const before = rig.em.emulator.log.nextIndex;
        const { url, headers } = make();
        const answer = await rawRequest(url, { headers });
        assert.equal(answer.status, status);
        assert.equal((JSON.parse(answer.body.toString()) as { error: { type: string } }).error.type, 'proxy_error');
        assert.equal(rig.em.emulator.log.nextIndex - before, 0, 'requests forwarded');
        assert.equal(rig.events.length, 0);
      });
    }
    test('the same request with the proxy’s own host is forwarded (the refusals above are not blanket)', async () => {
      const before = rig.em.emulator.log.nextIndex;
      const answer = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}', headers: { host: `localhost:${port()}` } });
      assert.equal(answer.status, 200);
      assert.equal(rig.em.emulator.log.nextIndex - before, 1);
    });
  });

  describe('upstream faults reach the app exactly; the proxy keeps serving', () => {
    const afterFault = async () => {
      const ok = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' });
      assert.equal(ok.status, 200);
    };
    test('latency', async () => {
      await control(rig.em, 'POST', 'faults', { kind: 'latency', latencyMs: 300, match: { path: '^/v1/threads$' } });
      const answer = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' });
      assert.equal(answer.status, 200);
      assert.match(answer.body.toString(), /"object":"thread"/);
      await afterFault();
    });
    test('429 with retry-after', async () => {
      await control(rig.em, 'POST', 'faults', { kind: '429', retryAfterMs: 2500, match: { path: '^/v1/threads$' } });
      const answer = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' });
      assert.equal(answer.status, 429);
      assert.equal(answer.headers['retry-after'], '3');
      assert.equal(answer.headers['retry-after-ms'], '2500');
      const event = await waitFor(async () => rig.events.find((e) => e.status === 429), 'the 429 event');
      assert.equal(event.errorMessage, (JSON.parse(answer.body.toString()) as { error: { message: string } }).error.message);
      await afterFault();
    });
    test('500', async () => {
      await control(rig.em, 'POST', 'faults', { kind: '500', match: { path: '^/v1/threads$' } });
      const answer = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' });
      assert.equal(answer.status, 500);
      assert.equal((JSON.parse(answer.body.toString()) as { error: { type: string } }).error.type, 'server_error');
      await afterFault();
    });
    test('dropped connection: the app’s connection breaks too, no answer is made up', async () => {
      await control(rig.em, 'POST', 'faults', { kind: 'drop', match: { path: '^/v1/threads$' } });
      await assert.rejects(rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' }), /socket hang up|ECONNRESET/);
      const event = await waitFor(async () => rig.events.find((e) => e.outcome === 'dropped'), 'the dropped event');
      assert.equal(event.status, undefined);
      await afterFault();
    });
    test('truncated body: the app gets the same cut body and a broken connection', { timeout: 15_000 }, async () => {
      await control(rig.em, 'POST', 'faults', { kind: 'truncate', match: { path: '^/v1/threads$' } });
      const answer = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' });
      assert.equal(answer.status, 200);
      assert.ok(answer.error, 'the body did not end normally');
      assert.ok(answer.body.length < Number(answer.headers['content-length']));
      const sent = Buffer.concat(rig.sent.get(String(answer.headers['x-request-id'])) ?? []);
      assert.deepEqual(answer.body, sent);
      await afterFault();
    });
    test('the openai client retries a 429 and a 500 through the proxy as it would directly', async () => {
      await control(rig.em, 'POST', 'faults', [
        { kind: '429', retryAfterMs: 50, match: { path: '^/v1/threads$' } },
        { kind: '500', match: { path: '^/v1/threads$' } },
      ]);
      const thread = await rig.client({ maxRetries: 2 }).beta.threads.create();
      assert.match(thread.id, /^thread_/);
    });
  });

  test('an app that goes away aborts the upstream request', async () => {
    await control(rig.em, 'POST', 'faults', { kind: 'latency', latencyMs: 60_000, count: -1, match: { path: '^/v1/threads$' } });
    const before = rig.em.emulator.log.nextIndex;
    const controller = new AbortController();
    const pending = rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}', signal: controller.signal });
    await waitFor(async () => (rig.em.emulator.faults.list()[0]?.fired === 1 ? true : undefined), 'the upstream request');
    controller.abort();
    await assert.rejects(pending);
    // The emulator logs a request when its connection closes; with the 60 s latency it closes only if aborted.
    const logged = await waitFor(async () => rig.em.emulator.log.since(before)[0], 'the upstream request to close');
    assert.equal(logged.path, '/v1/threads');
    const event = await waitFor(async () => rig.events.find((e) => e.outcome === 'aborted'), 'the aborted event');
    assert.equal(event.path, '/threads');
  });

  test('200 concurrent streaming runs: every byte, in order', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rawRequest(rig.proxied('/threads/runs'), {
          method: 'POST',
          body: JSON.stringify({ assistant_id: 'asst_echo', thread: { messages: [{ role: 'user', content: `stream ${i}` }] }, stream: true }),
        }),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      assert.equal(answer.status, 200);
      assert.equal(answer.error, undefined);
      const sent = Buffer.concat(rig.sent.get(String(answer.headers['x-request-id'])) ?? []);
      assert.ok(sent.length > 0);
      assert.ok(answer.body.equals(sent), `stream ${i} differs from what the emulator sent`);
      assert.ok(answer.body.toString().includes(`You said: stream ${i}`));
    }
  });
});

describe('capture proxy: unreachable upstream, state and disposal', () => {
  test('an unreachable upstream gives a 502 with an OpenAI-shaped error naming it', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const proxy = await CaptureProxy.start({ upstream: `http://127.0.0.1:${port}/v1` });
    try {
      const answer = await rawRequest(`${proxy.baseUrl}/models`);
      assert.equal(answer.status, 502);
      const body = JSON.parse(answer.body.toString()) as { error: { message: string; type: string; param: null; code: string } };
      assert.equal(body.error.type, 'proxy_error');
      assert.equal(body.error.code, 'upstream_unreachable');
      assert.equal(body.error.param, null);
      assert.ok(body.error.message.includes(`http://127.0.0.1:${port}/v1`), body.error.message);
    } finally {
      await proxy.close();
    }
  });

  test('stop: the port keeps forwarding and records nothing; resume records again; dispose closes the port', async () => {
    const rig = await startCaptureRig();
    const states: string[] = [];
    rig.session.onDidChangeState((s) => states.push(s));
    try {
      assert.equal(rig.session.state, 'recording');
      assert.equal((await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' })).status, 200);
      await waitFor(async () => (rig.events.length === 1 ? true : undefined), 'one event');
      rig.session.stop();
      assert.equal(rig.session.state, 'forwardingOnly');
      const before = rig.em.emulator.log.nextIndex;
      assert.equal((await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' })).status, 200);
      assert.equal(rig.em.emulator.log.nextIndex - before, 1, 'forwarded');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(rig.events.length, 1, 'nothing recorded after stop');
      rig.session.resume();
      assert.equal((await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' })).status, 200);
      await waitFor(async () => (rig.events.length === 2 ? true : undefined), 'a second event');
      const url = rig.session.baseUrl;
      await rig.session.dispose();
      assert.equal(rig.session.state, 'stopped');
      await assert.rejects(rawRequest(`${url}/threads`), /ECONNREFUSED/);
      assert.deepEqual(states, ['forwardingOnly', 'recording', 'stopped']);
    } finally {
      await rig.close();
    }
  });

  test('dispose ends an open stream at once', async () => {
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {}\n\n');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const session = await CaptureSession.start({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
    let got!: () => void;
    const gotChunk = new Promise<void>((r) => (got = r));
    const answer = rawRequest(`${session.baseUrl}/s`, { onChunk: () => got() });
    await gotChunk;
    await session.dispose();
    assert.ok((await answer).error, 'the stream was cut');
    upstream.closeAllConnections();
    await new Promise<void>((r) => upstream.close(() => r()));
  });
});


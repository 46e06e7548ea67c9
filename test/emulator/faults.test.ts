// Faults on demand, the served-request log and the control routes.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import type { LoggedRequest } from './requestLog';
import type { RunningEmulator } from './server';
import { clientFor, control, startTestEmulator, TEST_KEY } from './testkit';

let em: RunningEmulator;
let client: OpenAI;
const auth = { authorization: `Bearer ${TEST_KEY}` };

before(async () => {
  em = await startTestEmulator();
  client = clientFor(em, 'openai');
});
after(async () => {
  await em.close();
});
beforeEach(async () => {
  await control(em, 'DELETE', 'faults');
  await control(em, 'POST', 'config', { latencyMs: 0 });
});

async function requestsSince(index: number): Promise<LoggedRequest[]> {
  return control<LoggedRequest[]>(em, 'GET', `requests?since=${index}`);
}
async function nextIndex(): Promise<number> {
  const res = await fetch(`${em.origin}/__emulator/requests?since=999999999`);
  return Number(res.headers.get('x-emulator-next-index'));
}

test('429 with retry-after-ms: the client waits and retries; the log shows both requests', async () => {
  const start = await nextIndex();
  await control(em, 'POST', 'faults', { match: { method: 'POST', path: '/threads$' }, kind: '429', retryAfterMs: 150 });
  const t0 = Date.now();
  const thread = await client.beta.threads.create();
  assert.match(thread.id, /^thread_/);
  assert.ok(Date.now() - t0 >= 140, 'waited for retry-after-ms');
  const log = await requestsSince(start);
  assert.deepEqual(
    log.map((r) => [r.method, r.path, r.status]),
    [
      ['POST', '/v1/threads', 429],
      ['POST', '/v1/threads', 200],
    ],
  );
  assert.equal(log[0].fault, '429');
});

test('500, dropped connection, truncated and non-JSON bodies', async () => {
  const noRetry = clientFor(em, 'openai', { maxRetries: 0 });
  const thread = await noRetry.beta.threads.create();
  const path = `/threads/${thread.id}$`;
  await control(em, 'POST', 'faults', { match: { path }, kind: '500' });
  await assert.rejects(noRetry.beta.threads.retrieve(thread.id), (e: unknown) => e instanceof OpenAI.InternalServerError);
  await control(em, 'POST', 'faults', { match: { path }, kind: 'drop' });
  await assert.rejects(noRetry.beta.threads.retrieve(thread.id), (e: unknown) => e instanceof OpenAI.APIConnectionError);
  await control(em, 'POST', 'faults', { match: { path }, kind: 'truncate' });
  await assert.rejects(fetch(`${em.urls.openai}/threads/${thread.id}`, { headers: auth }).then((r) => r.text()));
  await control(em, 'POST', 'faults', { match: { path }, kind: 'non-json' });
  const res = await fetch(`${em.urls.openai}/threads/${thread.id}`, { headers: auth });
  assert.equal(res.status, 200);
  await assert.rejects(res.json());
  // Each rule fired once (count defaults to 1): the next request is normal.
  assert.equal((await noRetry.beta.threads.retrieve(thread.id)).id, thread.id);
});

test('a truncated Responses stream: the first event, then the connection drops; the response goes on', async () => {
  const noRetry = clientFor(em, 'openai', { maxRetries: 0 });
  await control(em, 'POST', 'faults', { match: { method: 'POST', path: '/responses$' }, kind: 'truncate' });
  const stream = await noRetry.responses.create({ model: 'echo', input: 'cut', background: true, stream: true });
  const seen: string[] = [];
  let id = '';
  await assert.rejects(
    (async () => {
      for await (const e of stream) {
        seen.push(e.type);
        if (e.type === 'response.created') id = e.response.id;
      }
    })(),
  );
  assert.deepEqual(seen, ['response.created']);
  assert.match(id, /^resp_/);
  // The response was created and is still there to follow.
  assert.equal((await noRetry.responses.retrieve(id)).id, id);
});

test('the default client retries a 500 twice and succeeds on the third try', async () => {
  const start = await nextIndex();
  await control(em, 'POST', 'faults', { match: { method: 'POST', path: '/threads$' }, kind: '500', count: 2 });
  await client.beta.threads.create();
  const log = await requestsSince(start);
  assert.deepEqual(
    log.map((r) => r.status),
    [500, 500, 200],
  );
});

test('latency: per rule and global (API routes only, control routes not logged)', async () => {
  await control(em, 'POST', 'faults', { kind: 'latency', latencyMs: 120, match: { method: 'POST' } });
  let t0 = Date.now();
  await client.beta.threads.create();
  assert.ok(Date.now() - t0 >= 110);
  await control(em, 'POST', 'config', { latencyMs: 100 });
  t0 = Date.now();
  await control(em, 'GET', 'state');
  assert.ok(Date.now() - t0 < 90, 'control routes have no added latency');
  const start = await nextIndex();
  t0 = Date.now();
  await client.beta.threads.create();
  assert.ok(Date.now() - t0 >= 95);
  const log = await requestsSince(start);
  assert.equal(log.length, 1, 'control requests are not in the log');
  assert.ok(log[0].durationMs >= 95);
  assert.equal(typeof log[0].time, 'string');
  assert.deepEqual(log[0].query, {});
});

test('random faults with a seed are reproducible', async () => {
  const pattern = async (): Promise<number[]> => {
    await control(em, 'DELETE', 'faults');
    await control(em, 'POST', 'faults', { kind: '500', probability: 0.5, seed: 42, count: -1, match: { method: 'GET', path: '/threads/' } });
    const thread = await clientFor(em, 'openai').beta.threads.create();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(`${em.urls.openai}/threads/${thread.id}`, { headers: auth })).status);
    return statuses;
  };
  const a = await pattern();
  const b = await pattern();
  assert.deepEqual(a, b);
  assert.ok(a.includes(500) && a.includes(200), `mixed outcomes: ${a.join(',')}`);
});

test('every answer has x-request-id; bad input never crashes the server', async () => {
  const res = await fetch(`${em.urls.openai}/threads`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{nope' });
  assert.equal(res.status, 400);
  assert.match(res.headers.get('x-request-id') ?? '', /^req_/);
  const weird = await fetch(`${em.urls.openai}/threads/%E0%A4%A/messages`, { headers: auth });
  assert.ok(weird.status === 404 || weird.status === 400, `status ${weird.status}`);
  const unknown = await fetch(`${em.urls.openai}/nothing`, { headers: auth });
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), { error: { message: 'Invalid URL (GET /v1/nothing)', type: 'invalid_request_error', param: null, code: null } });
  const noKey = await fetch(`${em.urls.openai}/threads`, { method: 'POST' });
  assert.equal(noKey.status, 401);
  assert.equal(((await noKey.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  assert.equal((await client.beta.threads.create()).object, 'thread', 'still serving');
});

test('reset empties the store; DELETE /requests clears the log', async () => {
  await client.beta.threads.create();
  const state = await control<{ counts: { threads: number } }>(em, 'POST', 'reset', { seed: 'empty' });
  assert.equal(state.counts.threads, 0);
  await control(em, 'DELETE', 'requests');
  assert.deepEqual(await requestsSince(0), []);
});

test('the firing log: one entry per request a fault hit, latency included, kept after the rules are cleared', async () => {
  const noRetry = clientFor(em, 'openai', { maxRetries: 0 });
  const thread = await noRetry.beta.threads.create();
  const since = Number((await fetch(`${em.origin}/__emulator/faults/fired?since=999999999`)).headers.get('x-emulator-next-index'));
  await control(em, 'POST', 'faults', [
    { match: { method: 'GET', path: `/threads/${thread.id}$` }, kind: 'latency', latencyMs: 1, count: 2 },
    { match: { method: 'GET', path: `/threads/${thread.id}$` }, kind: '500', count: 1 },
    { match: { method: 'DELETE' }, kind: '500', count: 1 },
  ]);
  await assert.rejects(noRetry.beta.threads.retrieve(thread.id));
  await noRetry.beta.threads.retrieve(thread.id);
  await noRetry.beta.threads.retrieve(thread.id);
  await control(em, 'DELETE', 'faults');
  const fired = await control<{ index: number; kind: string; method: string; path: string }[]>(em, 'GET', `faults/fired?since=${since}`);
  assert.deepEqual(
    fired.map((f) => [f.kind, f.method, f.path]),
    [
      ['latency', 'GET', `/v1/threads/${thread.id}`],
      ['500', 'GET', `/v1/threads/${thread.id}`],
      ['latency', 'GET', `/v1/threads/${thread.id}`],
    ],
  );
  assert.deepEqual(fired.map((f) => f.index), [since, since + 1, since + 2]);
});

test('quoteCredential: the error message quotes the credential the request carried', async () => {
  const noRetry = clientFor(em, 'openai', { maxRetries: 0 });
  await control(em, 'POST', 'faults', [{ match: { method: 'POST', path: '/threads$' }, kind: '500', quoteCredential: true }, { match: { method: 'POST', path: '/threads$' }, kind: '500' }]);
  await assert.rejects(noRetry.beta.threads.create(), (e: unknown) => e instanceof OpenAI.InternalServerError && e.message.includes(TEST_KEY));
  await assert.rejects(noRetry.beta.threads.create(), (e: unknown) => e instanceof OpenAI.InternalServerError && !e.message.includes(TEST_KEY));
});

test('moreApiKeys: every listed credential is accepted, others are not', async () => {
  const other = await startTestEmulator({ moreApiKeys: ['0123456789abcdef0123456789abcdef'] });
  try {
    await clientFor(other, 'openai').beta.threads.create();
    await clientFor(other, 'azure-openai', { apiKey: '0123456789abcdef0123456789abcdef' }).beta.threads.create();
    await assert.rejects(clientFor(other, 'azure', { apiKey: 'fedcba9876543210fedcba9876543210', maxRetries: 0 }).beta.threads.create(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  } finally {
    await other.close();
  }
});

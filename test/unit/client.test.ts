// The API client against the emulator over real HTTP, in every mode.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AgentsClient, fileSearchContentInclude } from '../../src/api/client';
import type { RequestLogEntry } from '../../src/api/openaiClient';
import type { Connection } from '../../src/api/connection';
import { UserFacingError, toSentence } from '../../src/api/errors';
import { DEMO } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import type { LoggedRequest } from '../emulator/requestLog';

const key = 'sk-unit-test-key-0123456789abcdef';
let em: RunningEmulator;

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${em.origin}/__emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `${method} ${path} → ${res.status}`);
  return res.json();
}
const served = async () => (await control('GET', 'requests')) as LoggedRequest[];

function client(connection: Omit<Connection, 'id' | 'name'>, log: RequestLogEntry[] = [], credential = key): AgentsClient {
  const full = { id: 'test', name: 'Test', ...connection } as Connection;
  return new AgentsClient(full, { connection: full, credential: async () => credential, log: (e) => log.push(e), timeoutMs: 10_000 });
}

const azure = () => client({ kind: 'azure-agents', baseUrl: em.urls.azure, auth: 'key' });
const openai = () => client({ kind: 'openai-compatible', baseUrl: em.urls.openai, auth: 'key' });
const azureOpenAI = () => client({ kind: 'azure-openai', baseUrl: em.urls.azureOpenAIEndpoint, auth: 'key' });

before(async () => {
  em = await startEmulator({ seed: 'demo', apiKey: key, stepMs: 20, pollAfterMs: 1500 });
});
after(() => em.close());
beforeEach(async () => {
  await control('DELETE', 'faults');
  await control('DELETE', 'requests');
});

describe('AgentsClient in Azure AI Agents mode', () => {
  it('lists threads with limit=100 and the api-version, and a bearer token', async () => {
    const page = await azure().listThreads();
    assert.ok(page.items.some((t) => t.id === DEMO.threads.mixed));
    const [request] = await served();
    assert.equal(request.path, '/api/projects/demo/threads');
    assert.equal(request.query.limit, '100');
    assert.equal(request.query['api-version'], 'v1');
    assert.equal(request.status, 200);
  });

  it('pages a 250-run thread in exactly 3 requests', async () => {
    const api = azure();
    let page = await api.listRuns(DEMO.threads.manyRuns);
    let total = page.items.length;
    while (page.hasMore) {
      page = await api.listRuns(DEMO.threads.manyRuns, page.nextAfter);
      total += page.items.length;
    }
    assert.equal(total, 250);
    const requests = await served();
    assert.equal(requests.length, 3);
    assert.deepEqual(requests.map((r) => r.query.limit), ['100', '100', '100']);
  });

  it('reads a run with the poll hint of an active run', async () => {
    const { run, pollAfterMs } = await azure().getRun(DEMO.threads.mixed, DEMO.runs.requiresAction);
    assert.equal(run.status, 'requires_action');
    assert.equal(pollAfterMs, 1500);
  });

  it('asks for file-search chunk text when listing steps', async () => {
    const page = await azure().listSteps(DEMO.threads.mixed, DEMO.runs.code);
    const [request] = await served();
    assert.deepEqual([request.query['include[]']].flat(), [fileSearchContentInclude]);
    const search = page.items.flatMap((s) => s.step_details.tool_calls ?? []).find((c) => c.type === 'file_search');
    assert.ok(search?.file_search?.results?.[0]?.content?.[0]?.text, 'chunk text present');
  });

  it('filters messages by run', async () => {
    const page = await azure().listMessages(DEMO.threads.mixed, { runId: DEMO.runs.completed });
    assert.ok(page.items.length > 0);
    assert.ok(page.items.every((m) => m.run_id === DEMO.runs.completed || m.run_id === null));
    const [request] = await served();
    assert.equal(request.query.run_id, DEMO.runs.completed);
  });
});

describe('AgentsClient in OpenAI mode', () => {
  it('has no thread list and says so', async () => {
    await assert.rejects(openai().listThreads(), (e: unknown) => e instanceof UserFacingError && /no endpoint that lists threads/.test(e.message));
    assert.equal((await served()).length, 0);
  });

  it('runs the tools round trip: requires_action → submit → completed', async () => {
    const api = openai();
    const thread = await api.createThread('What is the weather in Paris, and where is order 42?');
    const res = await fetch(`${em.urls.openai}/threads/${thread.id}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' },
      body: JSON.stringify({ assistant_id: 'asst_tools' }),
    });
    const created = (await res.json()) as { id: string };
    let run = (await api.getRun(thread.id, created.id)).run;
    for (let i = 0; i < 100 && run.status !== 'requires_action'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      run = (await api.getRun(thread.id, created.id)).run;
    }
    assert.equal(run.status, 'requires_action');
    const calls = run.required_action?.submit_tool_outputs?.tool_calls ?? [];
    assert.equal(calls.length, 2);
    const submitted = await api.submitToolOutputs(thread.id, run.id, calls.map((c) => ({ tool_call_id: c.id, output: `out-${c.function?.name}` })));
    assert.equal(submitted.status, 'queued');
    for (let i = 0; i < 100 && run.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      run = (await api.getRun(thread.id, created.id)).run;
    }
    assert.equal(run.status, 'completed');
    const messages = await api.listMessages(thread.id, { runId: run.id });
    const text = messages.items.map((m) => m.content.map((c) => c.text?.value ?? '').join('')).join('\n');
    assert.match(text, /out-get_weather/);
  });

  it('turns a business error into one sentence', async () => {
    await assert.rejects(openai().cancelRun(DEMO.threads.mixed, DEMO.runs.completed), (e: unknown) => {
      const sentence = toSentence(e, `Couldn't cancel ${DEMO.runs.completed}`);
      return /^Couldn't cancel run_\w+: 400 bad request — Cannot cancel run with status 'completed'\. \(request \S+\)$/.test(sentence);
    });
  });

  it('reports 404 for an unknown thread', async () => {
    await assert.rejects(openai().getThread('thread_doesnotexist'), (e: unknown) => /404 not found — No thread found with id 'thread_doesnotexist'/.test(toSentence(e)));
  });

  it('rejects a wrong key with 401 and never logs the key', async () => {
    const log: RequestLogEntry[] = [];
    const wrong = 'sk-wrong-key-9999999999999999';
    const api = client({ kind: 'openai-compatible', baseUrl: em.urls.openai, auth: 'key' }, log, wrong);
    await assert.rejects(api.getThread(DEMO.threads.mixed), (e: unknown) => {
      const sentence = toSentence(e);
      return /^401 not authorized/.test(sentence) && !sentence.includes(wrong);
    });
    assert.ok(log.length >= 1);
    assert.ok(!JSON.stringify(log).includes(wrong));
  });

  it('says a connection without a key has none, without sending anything', async () => {
    const api = client({ kind: 'openai', baseUrl: em.urls.openai, auth: 'key' }, [], '');
    await assert.rejects(api.getThread(DEMO.threads.mixed), /has no key/);
    assert.equal((await served()).length, 0);
  });

  it('passes the connection test', async () => {
    assert.match(await openai().test(), /Connected to Test/);
    assert.match(await azure().test(), /: \d+\+? threads? visible\.$/);
    assert.doesNotMatch(await azure().test(), /\(s\)/);
  });
});

describe('AgentsClient in Azure OpenAI mode', () => {
  it('sends api-key and api-version', async () => {
    const { run } = await azureOpenAI().getRun(DEMO.threads.mixed, DEMO.runs.completed);
    assert.equal(run.status, 'completed');
    const [request] = await served();
    assert.match(request.path, /^\/openai\/threads\//);
    assert.ok(request.query['api-version']);
  });
});

describe('faults', () => {
  it('recovers from a 429 with retry-after-ms (the client retries)', async () => {
    await control('POST', 'faults', { kind: '429', retryAfterMs: 10, count: 1, match: { path: '/runs/' } });
    const { run } = await openai().getRun(DEMO.threads.mixed, DEMO.runs.completed);
    assert.equal(run.status, 'completed');
    assert.deepEqual((await served()).map((r) => r.status), [429, 200]);
  });

  it('reports a non-JSON body as such, not as an empty list', async () => {
    await control('POST', 'faults', { kind: 'non-json', count: 1 });
    await assert.rejects(openai().listRuns(DEMO.threads.mixed), (e: unknown) => /not valid JSON/.test(toSentence(e)));
  });

  it('reports a truncated body', async () => {
    await control('POST', 'faults', { kind: 'truncate', count: 1 });
    await assert.rejects(openai().listRuns(DEMO.threads.mixed), (e: unknown) => /closed before the whole answer arrived/.test(toSentence(e)));
  });

  it('does not retry a submission blindly after a dropped connection', async () => {
    await control('POST', 'faults', { kind: 'drop', count: 1, match: { path: 'submit_tool_outputs' } });
    await assert.rejects(openai().submitToolOutputs(DEMO.threads.mixed, DEMO.runs.requiresAction, [{ tool_call_id: 'call_x', output: '' }]), (e: unknown) => /could not reach/.test(toSentence(e)));
    const submits = (await served()).filter((r) => r.path.endsWith('submit_tool_outputs'));
    assert.equal(submits.length, 1);
  });
});

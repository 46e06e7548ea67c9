// The one submission path, against a fake API (guards, messages) and over real HTTP
// against the emulator (round trip, expiry, already answered, faults), counting the
// submit requests the service saw.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BadRequestError } from 'openai';
import { AgentsClient, type AgentsApi, type RunResult, type ToolOutput } from '../../src/api/client';
import type { Run } from '../../src/api/schemas';
import { ToolOutputSubmitter, whyNotAccepting, type SubmitterStore } from '../../src/store/toolOutputSubmitter';
import type { RunRef } from '../../src/util/refs';
import { startEmulator, type RunningEmulator } from '../emulator/server';

function requiresAction(id = 'run_1', calls = ['call_A', 'call_B']): Run {
  return {
    id,
    object: 'thread.run',
    thread_id: 'thread_1',
    status: 'requires_action',
    created_at: 1_700_000_000,
    expires_at: 1_700_000_600,
    required_action: {
      type: 'submit_tool_outputs',
      submit_tool_outputs: {
        tool_calls: calls.map((c, i) => ({ id: c, type: 'function', function: { name: i ? 'lookup_order' : 'get_weather', arguments: '{}' } })),
      },
    },
  };
}

class FakeStore implements SubmitterStore {
  runs = new Map<string, Run>();
  fetches = 0;
  submits: ToolOutput[][] = [];
  /** What the next getRun answers (the service's current state). */
  current: Run;
  submitImpl: (outputs: ToolOutput[]) => Promise<Run>;

  constructor(run: Run) {
    this.current = run;
    this.runs.set(run.id, run);
    this.submitImpl = async () => ({ ...this.current, status: 'queued', required_action: null });
  }
  run(_c: string, _t: string, runId: string): Run | undefined {
    return this.runs.get(runId);
  }
  async fetchRun(): Promise<RunResult> {
    this.fetches++;
    await Promise.resolve();
    this.runs.set(this.current.id, this.current);
    return { run: this.current, pollAfterMs: undefined };
  }
  putRun(_c: string, run: Run): boolean {
    this.runs.set(run.id, run);
    return true;
  }
  api() {
    return {
      submitToolOutputs: async (_t: string, _r: string, outputs: ToolOutput[]) => {
        this.submits.push(outputs);
        return this.submitImpl(outputs);
      },
    };
  }
}

const ref: RunRef = { connectionId: 'c', threadId: 'thread_1', runId: 'run_1' };
const both = { tool_outputs: [{ tool_call_id: 'call_A', output: 'sunny' }, { tool_call_id: 'call_B', output: 'shipped' }] };

describe('ToolOutputSubmitter (fake service)', () => {
  it('re-reads the run, sends the full set in pending order and stores the answer', async () => {
    const store = new FakeStore(requiresAction());
    const watched: RunRef[] = [];
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000, scheduler: { watch: (t) => (watched.push(t), { dispose() {} }) } });
    const result = await submitter.submit(ref, [both.tool_outputs[1], both.tool_outputs[0]], { source: 'panel' });
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.run.status, 'queued');
    assert.equal(store.fetches, 1);
    assert.deepEqual(store.submits, [[{ tool_call_id: 'call_A', output: 'sunny' }, { tool_call_id: 'call_B', output: 'shipped' }]]);
    assert.equal(store.runs.get('run_1')?.status, 'queued');
    assert.deepEqual(watched, [ref], 'the run is followed after submitting');
    assert.equal(submitter.isSubmitting(ref), false);
  });

  it('sends nothing (and reads nothing) for input with shape errors', async () => {
    const store = new FakeStore(requiresAction());
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
    const result = await submitter.submit(ref, { tool_outputs: [{ tool_call_id: 'call_A', output: { temp: 1 } }, { tool_call_id: 'call_B', output: 'x' }] });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems?.some((p) => p.toolCallId === 'call_A' && /must be a string/.test(p.message)));
    assert.match(!result.ok ? result.message : '', /Nothing was sent/);
    assert.equal(store.fetches, 0);
    assert.equal(store.submits.length, 0);
  });

  it('never sends a partial set', async () => {
    const store = new FakeStore(requiresAction());
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
    const result = await submitter.submit(ref, [{ tool_call_id: 'call_A', output: 'x' }]);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems?.some((p) => p.toolCallId === 'call_B'));
    assert.equal(store.submits.length, 0);
  });

  it('refuses outputs over the size limit', async () => {
    const store = new FakeStore(requiresAction());
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 10 });
    const result = await submitter.submit(ref, [{ tool_call_id: 'call_A', output: 'x'.repeat(11) }, { tool_call_id: 'call_B', output: '' }]);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /11 bytes; the limit is 10 bytes/);
    assert.equal(store.submits.length, 0);
  });

  it('allows one submission per run at a time', async () => {
    const store = new FakeStore(requiresAction());
    let release!: () => void;
    store.submitImpl = () => new Promise<Run>((resolve) => (release = () => resolve({ ...requiresAction(), status: 'queued', required_action: null })));
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
    const first = submitter.submit(ref, both);
    const second = await submitter.submit(ref, both);
    assert.equal(second.ok, false);
    assert.match(!second.ok ? second.message : '', /already being submitted/);
    assert.equal(submitter.isSubmitting(ref), true);
    while (!release) await new Promise((r) => setImmediate(r));
    release();
    assert.equal((await first).ok, true);
    assert.equal(store.submits.length, 1);
    assert.equal(submitter.isSubmitting(ref), false);
  });

  for (const [status, pattern] of [
    ['completed', /Run run_1 is completed; it no longer accepts tool outputs\. Nothing was sent\./],
    ['cancelled', /was cancelled/],
    ['in_progress', /already answered/],
    ['expired', /expired at .*\d\d:\d\d( [AP]M)?, the time it was given for its tool outputs; it no longer accepts/],
  ] as const) {
    it(`sends nothing when the run is now ${status}`, async () => {
      const store = new FakeStore(requiresAction());
      store.current = { ...requiresAction(), status, required_action: null };
      const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
      const result = await submitter.submit(ref, both);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.message : '', pattern);
      assert.equal(store.submits.length, 0);
    });
  }

  it('says when an expired run expired from its own expires_at, never a fixed wait', () => {
    const tenHours = { ...requiresAction(), status: 'expired', required_action: null, expires_at: 1_700_000_000 + 36_000 };
    const sentence = whyNotAccepting(tenHours)!;
    const at = new Date(tenHours.expires_at * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    assert.ok(sentence.includes(at), sentence);
    assert.doesNotMatch(sentence, /10 minutes|minutes/);
    assert.equal(whyNotAccepting({ ...tenHours, expires_at: null }), 'Run run_1 expired; it no longer accepts tool outputs. Nothing was sent.');
  });

  it('never sends an empty output silently: it asks, naming the calls, and sends only on yes', async () => {
    const store = new FakeStore(requiresAction());
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
    const input = { tool_outputs: [{ tool_call_id: 'call_A', output: '' }, { tool_call_id: 'call_B', output: '  ' }] };
    // Without a way to ask: refused.
    const refused = await submitter.submit(ref, input, { source: 'panel' });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : '', /The output for call_A \(get_weather\), call_B \(lookup_order\) is empty; nothing was sent\./);
    // Asked, and declined.
    const asked: string[][] = [];
    const declined = await submitter.submit(ref, input, { source: 'panel', confirmEmpty: async (calls) => (asked.push(calls.map((c) => `${c.id}:${c.name}`)), false) });
    assert.equal(!declined.ok && declined.declined, true);
    assert.deepEqual(asked, [['call_A:get_weather', 'call_B:lookup_order']]);
    assert.equal(store.submits.length, 0);
    assert.equal(store.fetches, 0, 'nothing was read or sent before the answer');
    // Asked, and confirmed: sent as typed.
    const sent = await submitter.submit(ref, input, { source: 'panel', confirmEmpty: async () => true });
    assert.equal(sent.ok, true);
    assert.deepEqual(store.submits, [[{ tool_call_id: 'call_A', output: '' }, { tool_call_id: 'call_B', output: '  ' }]]);
    // Not asked when every output has text.
    const notAsked = await submitter.submit(ref, both, { source: 'panel', confirmEmpty: async () => assert.fail('asked for non-empty outputs') });
    assert.equal(notAsked.ok, true);
  });

  it('says the run was already answered when it now waits for other calls', async () => {
    const store = new FakeStore(requiresAction());
    store.current = requiresAction('run_1', ['call_C', 'call_D']);
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
    const result = await submitter.submit(ref, both);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /Run run_1 was already answered: it now waits for call_C, call_D, not for call_A, call_B\. Nothing was sent\./);
    assert.equal(store.submits.length, 0);
  });

  it('returns the service sentence for a 400 and keeps nothing in flight', async () => {
    const store = new FakeStore(requiresAction());
    store.submitImpl = async () => {
      throw new BadRequestError(400, { message: 'Runs in status "expired" do not accept tool outputs.' }, undefined, new Headers({ 'x-request-id': 'req_1' }));
    };
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 1000 });
    const result = await submitter.submit(ref, both);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /^Couldn't submit the tool outputs for run_1: 400 bad request — Runs in status "expired" do not accept tool outputs\./);
    assert.equal(submitter.isSubmitting(ref), false);
    assert.equal(store.fetches, 2, 'the run is re-read after a failure so views show its state');
  });
});

describe('whyNotAccepting', () => {
  it('accepts a requires_action run with calls and explains every other status', () => {
    assert.equal(whyNotAccepting(requiresAction()), undefined);
    assert.match(whyNotAccepting({ ...requiresAction(), status: 'failed' }) ?? '', /is failed/);
    assert.match(whyNotAccepting({ ...requiresAction(), status: 'cancelling' }) ?? '', /was cancelled/);
    assert.match(whyNotAccepting({ ...requiresAction(), status: 'queued' }) ?? '', /already answered/);
  });
});

// ── over HTTP, against the emulator ──────────────────────────────────────────

class ClientStore implements SubmitterStore {
  runs = new Map<string, Run>();
  constructor(readonly client: AgentsApi) {}
  run(_c: string, _t: string, runId: string): Run | undefined {
    return this.runs.get(runId);
  }
  async fetchRun(_c: string, threadId: string, runId: string): Promise<RunResult> {
    const result = await this.client.getRun(threadId, runId);
    this.runs.set(runId, result.run);
    return result;
  }
  putRun(_c: string, run: Run): boolean {
    this.runs.set(run.id, run);
    return true;
  }
  api(): AgentsApi {
    return this.client;
  }
}

describe('ToolOutputSubmitter against the emulator', () => {
  let emu: RunningEmulator;
  let client: AgentsClient;

  before(async () => {
    emu = await startEmulator({ mode: 'openai', seed: 'empty', stepMs: 20, pollAfterMs: 0 });
    client = new AgentsClient({ id: 'emu', name: 'Emulator', kind: 'openai', baseUrl: emu.baseURL, auth: 'none' }, {
      connection: { id: 'emu', name: 'Emulator', kind: 'openai', baseUrl: emu.baseURL, auth: 'none' },
      credential: async () => undefined,
      timeoutMs: 5000,
    });
  });
  after(async () => emu.close());
  beforeEach(() => {
    emu.emulator.reset('empty');
    emu.emulator.log.clear();
  });

  async function control(path: string, body?: unknown, method = 'POST'): Promise<unknown> {
    const res = await fetch(`${emu.origin}/__emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.ok(res.ok, `${method} /__emulator/${path} → ${res.status}`);
    return res.json();
  }

  async function submitRequests(): Promise<number> {
    const log = (await control('requests', undefined, 'GET')) as { method: string; path: string }[];
    return log.filter((r) => r.method === 'POST' && r.path.endsWith('/submit_tool_outputs')).length;
  }

  /** Starts an asst_tools run and waits until it asks for outputs. */
  async function toolsRun(): Promise<{ ref: RunRef; run: Run }> {
    const res = await fetch(`${emu.baseURL}/threads/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: 'asst_tools', thread: { messages: [{ role: 'user', content: 'Weather in Paris, and where is order 42?' }] } }),
    });
    assert.equal(res.status, 200);
    const created = (await res.json()) as Run;
    const deadline = Date.now() + 5000;
    for (;;) {
      const { run } = await client.getRun(created.thread_id, created.id);
      if (run.status === 'requires_action') return { ref: { connectionId: 'emu', threadId: run.thread_id, runId: run.id }, run };
      assert.ok(Date.now() < deadline, `run stayed ${run.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  function answers(run: Run): ToolOutput[] {
    return (run.required_action?.submit_tool_outputs?.tool_calls ?? []).map((c) => ({
      tool_call_id: c.id,
      output: c.function?.name === 'get_weather' ? '18 °C and sunny' : 'shipped on Monday',
    }));
  }

  async function waitForStatus(r: RunRef, statuses: string[]): Promise<Run> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const { run } = await client.getRun(r.threadId, r.runId);
      if (statuses.includes(run.status)) return run;
      assert.ok(Date.now() < deadline, `run stayed ${run.status}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  it('round trip: requires_action → submit → completed, and the message quotes the outputs', async () => {
    const { ref: r, run } = await toolsRun();
    const store = new ClientStore(client);
    const submitter = new ToolOutputSubmitter({ store, maxOutputBytes: () => 524_288 });
    const result = await submitter.submit(r, { tool_outputs: answers(run) }, { source: 'editor' });
    assert.equal(result.ok, true, !result.ok ? result.message : '');
    assert.equal(result.ok && result.run.status, 'queued');
    await waitForStatus(r, ['completed']);
    const messages = await client.listMessages(r.threadId, { runId: r.runId });
    const text = messages.items.flatMap((m) => m.content.map((c) => c.text?.value ?? '')).join('\n');
    assert.match(text, /18 °C and sunny/);
    assert.match(text, /shipped on Monday/);
    assert.equal(await submitRequests(), 1);
  });

  it('wrong ids: problems, and zero submit requests reach the service', async () => {
    const { ref: r, run } = await toolsRun();
    const submitter = new ToolOutputSubmitter({ store: new ClientStore(client), maxOutputBytes: () => 524_288 });
    const [first] = answers(run);
    const result = await submitter.submit(r, [first, { tool_call_id: 'call_nope', output: 'x' }]);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems?.some((p) => p.toolCallId === 'call_nope'));
    assert.equal(await submitRequests(), 0);
  });

  it('expired run (virtual clock): says so and sends nothing', async () => {
    const { ref: r, run } = await toolsRun();
    const store = new ClientStore(client);
    store.runs.set(run.id, run);
    await control('clock', { advanceSeconds: 601 });
    const result = await new ToolOutputSubmitter({ store, maxOutputBytes: () => 524_288 }).submit(r, answers(run));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', new RegExp(`Run ${r.runId} expired at .*\\d\\d:\\d\\d( [AP]M)?, the time it was given .*Nothing was sent\\.`));
    assert.equal(await submitRequests(), 0);
  });

  it('already answered run: says so and sends nothing the second time', async () => {
    const { ref: r, run } = await toolsRun();
    const submitter = new ToolOutputSubmitter({ store: new ClientStore(client), maxOutputBytes: () => 524_288 });
    assert.equal((await submitter.submit(r, answers(run))).ok, true);
    const again = await submitter.submit(r, answers(run));
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.message : '', /already answered|is completed/);
    assert.equal(await submitRequests(), 1);
  });

  it('dropped connection: reports it, the run still waits, and a retry succeeds', async () => {
    const { ref: r, run } = await toolsRun();
    const submitter = new ToolOutputSubmitter({ store: new ClientStore(client), maxOutputBytes: () => 524_288 });
    await control('faults', { match: { method: 'POST', path: 'submit_tool_outputs' }, kind: 'drop', count: 1 });
    const failed = await submitter.submit(r, answers(run));
    assert.equal(failed.ok, false);
    assert.match(!failed.ok ? failed.message : '', /Couldn't submit the tool outputs for run_.*could not reach the service.*still waits for these outputs; submit again to retry\./);
    assert.equal((await client.getRun(r.threadId, r.runId)).run.status, 'requires_action');
    const retried = await submitter.submit(r, answers(run));
    assert.equal(retried.ok, true, !retried.ok ? retried.message : '');
    await waitForStatus(r, ['completed']);
  });

  it('answer lost after the service accepted: re-reads and reports success', async () => {
    const { ref: r, run } = await toolsRun();
    const submitter = new ToolOutputSubmitter({ store: new ClientStore(client), maxOutputBytes: () => 524_288 });
    await control('faults', { match: { method: 'POST', path: 'submit_tool_outputs' }, kind: 'truncate', count: 1 });
    const result = await submitter.submit(r, answers(run));
    assert.equal(result.ok, true, !result.ok ? result.message : '');
    assert.notEqual(result.ok && result.run.status, 'requires_action');
    assert.equal(await submitRequests(), 1);
  });

  it('a 500 from the service is shown and not retried', async () => {
    const { ref: r, run } = await toolsRun();
    const submitter = new ToolOutputSubmitter({ store: new ClientStore(client), maxOutputBytes: () => 524_288 });
    await control('faults', { match: { method: 'POST', path: 'submit_tool_outputs' }, kind: '500', count: 1 });
    const result = await submitter.submit(r, answers(run));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /500 server error/);
    assert.equal(await submitRequests(), 1);
  });
});

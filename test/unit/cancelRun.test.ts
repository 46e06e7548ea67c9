// Cancelling runs against the emulator: an active run, a finished one, one already
// cancelling, and faults — counting the cancel requests the service saw.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentsClient, type RunResult } from '../../src/api/client';
import type { Run } from '../../src/api/schemas';
import { RunCanceller, nothingToCancel, type CancellerStore } from '../../src/store/runCanceller';
import type { RunRef } from '../../src/util/refs';
import { DEMO } from '../emulator/demoIds';
import { useEmulatorClient } from './emulatorClient';

class ClientStore implements CancellerStore {
  runs = new Map<string, Run>();
  puts: string[] = [];
  constructor(readonly client: AgentsClient) {}
  run(_c: string, _t: string, runId: string): Run | undefined {
    return this.runs.get(runId);
  }
  async fetchRun(_c: string, threadId: string, runId: string): Promise<RunResult> {
    const result = await this.client.getRun(threadId, runId);
    this.putRun('emu', result.run);
    return result;
  }
  putRun(_c: string, run: Run): boolean {
    this.runs.set(run.id, run);
    this.puts.push(run.status);
    return true;
  }
  api(): AgentsClient {
    return this.client;
  }
}

describe('RunCanceller against the emulator', () => {
  const env = useEmulatorClient('empty');

  async function control(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${env.emu.origin}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(res.ok, `POST /__emulator/${path} → ${res.status}`);
  }

  async function cancelRequests(): Promise<{ status: number }[]> {
    const res = await fetch(`${env.emu.origin}/__emulator/requests`);
    const log = (await res.json()) as { method: string; path: string; status: number }[];
    return log.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
  }

  async function startRun(assistant: string, until: string[]): Promise<RunRef> {
    const res = await fetch(`${env.emu.baseURL}/threads/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: assistant, thread: { messages: [{ role: 'user', content: 'hello' }] } }),
    });
    const created = (await res.json()) as Run;
    const ref = { connectionId: 'emu', threadId: created.thread_id, runId: created.id };
    await waitFor(ref, until);
    return ref;
  }

  async function waitFor(ref: RunRef, statuses: string[]): Promise<Run> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const { run } = await env.client.getRun(ref.threadId, ref.runId);
      if (statuses.includes(run.status)) return run;
      assert.ok(Date.now() < deadline, `run stayed ${run.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('cancels an active run: cancelling, then cancelled', async () => {
    const ref = await startRun('asst_slow', ['in_progress']);
    const store = new ClientStore(env.client);
    const watched: RunRef[] = [];
    const canceller = new RunCanceller({ store, scheduler: { watch: (t) => (watched.push(t), { dispose() {} }) } });
    const outcome = await canceller.cancel(ref);
    assert.equal(outcome.kind, 'cancelling');
    assert.equal(outcome.kind === 'cancelling' && outcome.run.status, 'cancelling');
    assert.equal(outcome.kind === 'cancelling' && outcome.alreadyCancelling, false);
    assert.deepEqual(store.puts, ['cancelling'], 'the answer is stored so views repaint');
    assert.deepEqual(watched, [ref], 'the run is followed to cancelled');
    await waitFor(ref, ['cancelled']);
    assert.equal((await cancelRequests()).length, 1);
  });

  it('cancels a requires_action run', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const outcome = await new RunCanceller({ store: new ClientStore(env.client) }).cancel(ref);
    assert.equal(outcome.kind, 'cancelling');
    await waitFor(ref, ['cancelled']);
  });

  it('a run that finished meanwhile: plain sentence, the run refreshed', async () => {
    const ref = await startRun('asst_echo', ['completed']);
    const store = new ClientStore(env.client);
    const outcome = await new RunCanceller({ store }).cancel(ref);
    assert.equal(outcome.kind, 'finished');
    assert.equal(outcome.message, `Run ${ref.runId} already completed; nothing to cancel.`);
    assert.equal(store.runs.get(ref.runId)?.status, 'completed', 're-read after the 400');
    const requests = await cancelRequests();
    assert.deepEqual(requests.map((r) => r.status), [400]);
  });

  it('a run known to be finished: no cancel request at all', async () => {
    const ref = await startRun('asst_echo', ['completed']);
    const store = new ClientStore(env.client);
    await store.fetchRun('emu', ref.threadId, ref.runId);
    const outcome = await new RunCanceller({ store }).cancel(ref);
    assert.equal(outcome.kind, 'finished');
    assert.equal((await cancelRequests()).length, 0);
  });

  it('a run already cancelling: says so, sends nothing more', async () => {
    env.emu.emulator.reset('demo');
    env.emu.emulator.log.clear();
    const ref = { connectionId: 'emu', threadId: DEMO.threads.cancelling, runId: DEMO.runs.cancelling };
    const store = new ClientStore(env.client);
    const first = await new RunCanceller({ store }).cancel(ref);
    assert.equal(first.kind, 'cancelling');
    assert.equal(first.kind === 'cancelling' && first.alreadyCancelling, true);
    assert.equal(first.kind === 'cancelling' && first.message, `Run ${ref.runId} is already being cancelled.`);
    // Unknown before: one cancel that the service refused. Known now: none.
    assert.deepEqual((await cancelRequests()).map((r) => r.status), [400]);
    const second = await new RunCanceller({ store }).cancel(ref);
    assert.equal(second.kind === 'cancelling' && second.alreadyCancelling, true);
    assert.equal((await cancelRequests()).length, 1);
  });

  it('cancelling twice at once sends one request', async () => {
    const ref = await startRun('asst_slow', ['in_progress']);
    const canceller = new RunCanceller({ store: new ClientStore(env.client) });
    const [a, b] = await Promise.all([canceller.cancel(ref), canceller.cancel(ref)]);
    assert.equal(a, b);
    assert.equal((await cancelRequests()).length, 1);
  });

  it('a dropped connection: reported, and the run is still active', async () => {
    const ref = await startRun('asst_slow', ['in_progress']);
    await control('faults', { match: { method: 'POST', path: '/cancel$' }, kind: 'drop', count: 1 });
    const outcome = await new RunCanceller({ store: new ClientStore(env.client) }).cancel(ref);
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.message, new RegExp(`^Couldn't cancel ${ref.runId}: could not reach the service`));
    assert.equal((await env.client.getRun(ref.threadId, ref.runId)).run.status, 'in_progress');
  });

  it('an answer lost after the service accepted: re-read shows cancelling', async () => {
    const ref = await startRun('asst_slow', ['in_progress']);
    await control('faults', { match: { method: 'POST', path: '/cancel$' }, kind: 'truncate', count: 1 });
    // The run stays `cancelling` for a minute, so the re-read sees it there on a loaded machine too
    // (at the suite's 20 ms steps it was sometimes `cancelled` before the re-read arrived).
    await control('config', { stepMs: 60_000 });
    const outcome = await new RunCanceller({ store: new ClientStore(env.client) }).cancel(ref).finally(() => control('config', { stepMs: 20 }));
    assert.equal(outcome.kind, 'cancelling');
    assert.equal(outcome.kind === 'cancelling' && outcome.alreadyCancelling, false);
  });
});

describe('nothingToCancel', () => {
  const run = (status: string): Run => ({ id: 'run_1', thread_id: 'thread_1', status });
  it('names the status in plain words', () => {
    assert.equal(nothingToCancel(run('completed')), 'Run run_1 already completed; nothing to cancel.');
    assert.equal(nothingToCancel(run('failed')), 'Run run_1 already failed; nothing to cancel.');
    assert.equal(nothingToCancel(run('expired')), 'Run run_1 already expired; nothing to cancel.');
    assert.equal(nothingToCancel(run('cancelled')), 'Run run_1 was already cancelled; nothing to cancel.');
    assert.equal(nothingToCancel(run('incomplete')), 'Run run_1 already ended incomplete; nothing to cancel.');
  });
});

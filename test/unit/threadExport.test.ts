// Exporting a whole thread against the emulator: everything the service holds, in
// order, with the floor of requests (one per 100 items of each list), and nothing
// returned when the thread is missing, a list fails or the user cancels.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportCancelled, exportThread, threadExportFormat } from '../../src/store/threadExport';
import { DEMO } from '../emulator/demoIds';
import { useEmulatorClient } from './emulatorClient';

describe('exportThread against the emulator', () => {
  const env = useEmulatorClient('demo');

  const requests = () => env.emu.emulator.log.since(0).filter((r) => r.method === 'GET');

  it('exports the thread, its messages, its runs oldest first and every step of each run', async () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const data = await exportThread(env.client, DEMO.threads.mixed, { now: () => now });
    assert.equal(data.format, threadExportFormat);
    assert.equal(data.exported_at, '2026-11-30T10:00:00.000Z');
    assert.deepEqual(data.source, { connection: 'Emulator', kind: 'openai', base_url: env.emu.baseURL, api_version: null });
    assert.equal(data.thread.id, DEMO.threads.mixed);

    // The same lists, read directly.
    const runs = await env.client.listRuns(DEMO.threads.mixed);
    const messages = await env.client.listMessages(DEMO.threads.mixed, { order: 'asc' });
    assert.ok(!runs.hasMore && !messages.hasMore);
    assert.deepEqual(data.messages.map((m) => m.id), messages.items.map((m) => m.id));
    assert.deepEqual(data.runs.map((r) => r.run.id), runs.items.map((r) => r.id).reverse(), 'runs oldest first');
    assert.ok(data.runs.some((r) => r.run.id === DEMO.runs.requiresAction));
    for (const { run, steps } of data.runs) {
      const direct = await env.client.listSteps(DEMO.threads.mixed, run.id);
      assert.deepEqual(steps.map((s) => s.id), direct.items.map((s) => s.id), `steps of ${run.id}`);
      assert.ok(steps.every((s) => s.run_id === run.id));
    }
    // The objects are the service's own, unknown fields included.
    assert.equal((data.thread as Record<string, unknown>).object, 'thread');
  });

  it('reads each list at its floor: one request per 100 items, with the file-search chunk text', async () => {
    const data = await exportThread(env.client, DEMO.threads.bigRun);
    const big = data.runs.find((r) => r.run.id === DEMO.runs.bigRun150Steps);
    assert.equal(big?.steps.length, 150);
    const log = requests();
    const stepLists = log.filter((r) => r.path.endsWith('/steps'));
    assert.equal(log.filter((r) => r.path === `/v1/threads/${DEMO.threads.bigRun}`).length, 1);
    assert.equal(log.filter((r) => r.path.endsWith('/messages')).length, Math.max(1, Math.ceil(data.messages.length / 100)));
    assert.equal(log.filter((r) => r.path.endsWith('/runs')).length, Math.max(1, Math.ceil(data.runs.length / 100)));
    const floor = data.runs.reduce((n, r) => n + Math.max(1, Math.ceil(r.steps.length / 100)), 0);
    assert.equal(stepLists.length, floor);
    assert.ok(stepLists.every((r) => JSON.stringify(r.query).includes('file_search.results[*].content')), JSON.stringify(stepLists[0]?.query));
  });

  it('pages a 250-run thread in 3 run-list requests and reports its progress', async () => {
    const seen: { runs: number; runsDone: number }[] = [];
    const data = await exportThread(env.client, DEMO.threads.manyRuns, { onProgress: (p) => seen.push({ runs: p.runs, runsDone: p.runsDone }) });
    assert.equal(data.runs.length, 250);
    assert.equal(new Set(data.runs.map((r) => r.run.id)).size, 250);
    const created = data.runs.map((r) => r.run.created_at ?? 0);
    assert.deepEqual(created, [...created].sort((a, b) => a - b), 'runs oldest first');
    assert.equal(requests().filter((r) => r.path.endsWith('/runs')).length, 3);
    assert.deepEqual(seen.at(-1), { runs: 250, runsDone: 250 });
    assert.ok(seen.some((p) => p.runsDone > 0 && p.runsDone < 250), 'no progress while the steps were read');
  });

  it('a thread that does not exist fails on its first request; no list is read', async () => {
    await assert.rejects(exportThread(env.client, 'thread_doesNotExist000000000'), (error: { status?: number }) => error.status === 404);
    assert.deepEqual(requests().map((r) => r.path), ['/v1/threads/thread_doesNotExist000000000']);
  });

  it('a step list that keeps failing fails the export, and the step lists not started yet are never read', async () => {
    const res = await fetch(`${env.emu.origin}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { method: 'GET', path: '/steps$' }, kind: '500', count: -1 }),
    });
    assert.ok(res.ok);
    await assert.rejects(exportThread(env.client, DEMO.threads.manyRuns, { concurrency: 2 }), (error: { status?: number }) => error.status === 500);
    // Wait past the env.client's retry back-off: a list still running would show up by then.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stepLists = requests().filter((r) => r.path.endsWith('/steps'));
    // Two lists at a time, each tried with the env.client's retries; the other 248 never start.
    assert.ok(stepLists.length > 0 && stepLists.length <= 2 * 3, `${stepLists.length} step-list requests`);
  });

  it('stops when cancelled and returns nothing', async () => {
    let cancelled = false;
    const run = exportThread(env.client, DEMO.threads.manyRuns, {
      concurrency: 1,
      isCancelled: () => cancelled,
      onProgress: (p) => {
        if (p.runsDone >= 3) cancelled = true;
      },
    });
    await assert.rejects(run, ExportCancelled);
    assert.ok(requests().filter((r) => r.path.endsWith('/steps')).length <= 4, 'kept reading after the cancel');
  });
});

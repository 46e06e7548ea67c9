// The run store against the emulator (OpenAI mode: no thread list, threads are the ids
// the user added): reading changes nothing, loading fills the list, and a thread is
// "gone" when the service answers 404 for it, judged by the HTTP status, never by what
// the error's sentence happens to say.
import './vscodeStandIn';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIConnectionError, APIError } from 'openai';
import type { AgentsApi } from '../../src/api/client';
import { RunStore, type StoreChange } from '../../src/store/runStore';
import { ThreadRegistry } from '../../src/store/threadRegistry';
import { EventEmitter } from './vscodeStandIn';
import { DEMO } from '../emulator/demoIds';
import { useEmulatorClient } from './emulatorClient';

/** globalState as VS Code keeps it, in memory. */
class MemoryMemento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

describe('RunStore against the emulator', () => {
  const env = useEmulatorClient('demo');
  const requests = () => env.emu.emulator.log.since(0);

  function storeOver(api: AgentsApi = env.client) {
    const registry = new ThreadRegistry(new MemoryMemento() as never);
    const store = new RunStore({ client: () => api, onDidChange: new EventEmitter<void>().event }, registry);
    const changes: StoreChange[] = [];
    store.onDidChange((change) => changes.push(change));
    return { store, registry, changes };
  }

  /** The emulator's client, with `listRuns` failing as given. */
  function failingRuns(error: unknown): AgentsApi {
    return Object.assign(Object.create(env.client) as AgentsApi, { listRuns: () => Promise.reject(error) });
  }

  it('reading the thread list of a connection that lists none changes nothing; loading fills it from the remembered ids', async () => {
    const { store, registry, changes } = storeOver();
    assert.equal(env.client.canListThreads, false);
    await registry.add('emu', [DEMO.threads.mixed, DEMO.threads.bigRun]);

    const state = store.threadList('emu');
    const read = JSON.stringify(state);
    store.threadList('emu');
    assert.equal(JSON.stringify(store.threadList('emu')), read, 'a read changed the list');
    assert.equal(state.loaded, false, 'a read loaded the list');
    assert.deepEqual(state.items, []);
    assert.deepEqual(changes, []);

    await store.loadThreads('emu');
    assert.equal(store.threadList('emu'), state, 'the list read earlier is the one loaded');
    assert.deepEqual(state.items, [DEMO.threads.mixed, DEMO.threads.bigRun]);
    assert.equal(state.loaded, true);
    assert.equal(state.hasMore, false);
    assert.deepEqual(changes, [{ kind: 'threads', connectionId: 'emu' }]);
    assert.deepEqual(requests(), [], 'remembered ids need no request');
  });

  it('a thread remembered, removed or shown again is in the loaded list at once, without another read', async () => {
    const { store } = storeOver();
    await store.rememberThreads('emu', [DEMO.threads.mixed]);
    const state = store.threadList('emu');
    await store.loadThreads('emu');
    assert.deepEqual(state.items, [DEMO.threads.mixed]);

    await store.rememberThreads('emu', [DEMO.threads.bigRun]);
    assert.deepEqual(state.items, [DEMO.threads.bigRun, DEMO.threads.mixed]);
    await store.forgetThread('emu', DEMO.threads.mixed);
    assert.deepEqual(state.items, [DEMO.threads.bigRun]);
    await store.unhideThreads('emu', [DEMO.threads.mixed]);
    assert.deepEqual(state.items, [DEMO.threads.mixed, DEMO.threads.bigRun]);
  });

  it('a runs list answered with 404 marks the thread gone', async () => {
    const { store, changes } = storeOver();
    const missing = 'thread_doesNotExist000000000';
    await store.loadRuns('emu', missing);
    assert.equal(store.thread('emu', missing).gone, true);
    assert.match(store.runList('emu', missing).error ?? '', /404/);
    assert.deepEqual(changes, [{ kind: 'runs', connectionId: 'emu', threadId: missing }]);
  });

  it('a runs list that fails otherwise leaves the thread there, even when its sentence quotes a 404', async () => {
    // A gateway's 502 that quotes its upstream's 404, and a connection that failed on the way.
    const gateway = APIError.generate(502, { error: { message: 'Upstream answered 404 for this route' } }, undefined, new Headers());
    const dropped = new APIConnectionError({ message: 'Connection error.', cause: new Error('proxy CONNECT answered 404') });
    for (const error of [gateway, dropped]) {
      const { store } = storeOver(failingRuns(error));
      await store.loadRuns('emu', DEMO.threads.mixed);
      const sentence = store.runList('emu', DEMO.threads.mixed).error ?? '';
      assert.match(sentence, /\b404\b/, 'the sentence quotes a 404 (what a check of the words would read)');
      assert.equal(store.thread('emu', DEMO.threads.mixed).gone, false, sentence);
    }
    // And the real thing: a 500 from the service is not a missing thread either.
    const res = await fetch(`${env.emu.origin}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { method: 'GET', path: '/runs$' }, kind: '500', count: -1 }),
    });
    assert.ok(res.ok);
    const { store } = storeOver();
    await store.loadRuns('emu', DEMO.threads.mixed);
    assert.match(store.runList('emu', DEMO.threads.mixed).error ?? '', /500/);
    assert.equal(store.thread('emu', DEMO.threads.mixed).gone, false);
  });
});

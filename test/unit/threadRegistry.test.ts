// The registry of remembered ids: changes made at the same moment (capture adds ids as
// fast as an app makes them) all land, as VS Code's globalState persists each write later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ThreadRegistry } from '../../src/store/threadRegistry';

/** globalState as VS Code keeps it: the value changes at once, the write resolves later. */
class SlowMemento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

test('ids added at the same moment are all remembered, newest first', async () => {
  const registry = new ThreadRegistry(new SlowMemento() as never, 'responses');
  const fresh = await Promise.all([registry.add('c', ['resp_A1']), registry.add('c', ['resp_B2']), registry.add('c', ['resp_A1', 'resp_C3'])]);
  assert.deepEqual(fresh, [['resp_A1'], ['resp_B2'], ['resp_C3']]);
  assert.deepEqual(registry.remembered('c'), ['resp_C3', 'resp_B2', 'resp_A1']);
});

test('a removal and an addition at the same moment both land; a failed write does not stop the next', async () => {
  const memento = new SlowMemento();
  const registry = new ThreadRegistry(memento as never);
  await registry.add('c', ['thread_A1', 'thread_B2']);
  await Promise.all([registry.remove('c', 'thread_A1'), registry.add('c', ['thread_C3'])]);
  assert.deepEqual(registry.remembered('c'), ['thread_C3', 'thread_B2']);
  assert.deepEqual(registry.hidden('c'), ['thread_A1']);
  const update = memento.update.bind(memento);
  memento.update = async () => {
    throw new Error('disk full');
  };
  await assert.rejects(registry.add('c', ['thread_D4']), /disk full/);
  memento.update = update;
  await registry.add('c', ['thread_E5']);
  assert.deepEqual(registry.remembered('c'), ['thread_E5', 'thread_C3', 'thread_B2']);
});

/**
 * globalState as the extension host keeps it: a write changes the local copy and is sent;
 * its echo, delivered when the test says, replaces the whole local copy with what was sent.
 */
class EchoingMemento {
  private values: Record<string, unknown> = {};
  private readonly echoes: { sent: Record<string, unknown>; resolve: () => void }[] = [];
  keys(): readonly string[] {
    return Object.keys(this.values);
  }
  get<T>(key: string, fallback?: T): T {
    return (key in this.values ? this.values[key] : fallback) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values[key] = value;
    return new Promise((resolve) => this.echoes.push({ sent: { ...this.values }, resolve }));
  }
  /** Delivers the oldest echo; false when none is on its way. */
  deliver(): boolean {
    const echo = this.echoes.shift();
    if (!echo) return false;
    this.values = echo.sent;
    echo.resolve();
    return true;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('registries of different kinds on one state never undo each other through its echoes', async () => {
  const memento = new EchoingMemento();
  const threads = new ThreadRegistry(memento as never, 'threads');
  const conversations = new ThreadRegistry(memento as never, 'conversations');
  const responses = new ThreadRegistry(memento as never, 'responses');
  const adds = [threads.add('c', ['thread_A1']), conversations.add('c', ['conv_B2'])];
  await settle();
  memento.deliver(); // the first write's echo, sent before the second write
  await settle();
  adds.push(responses.add('c', ['resp_C3']));
  await settle();
  while (memento.deliver()) await settle();
  await Promise.all(adds);
  assert.deepEqual([threads.remembered('c'), conversations.remembered('c'), responses.remembered('c')], [['thread_A1'], ['conv_B2'], ['resp_C3']]);
});

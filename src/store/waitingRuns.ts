// The runs waiting on the user (`requires_action`) among every thread the extension
// knows, on every connection — listed by the service or remembered — whether or not a
// view has loaded them. The status bar and "Answer Tool Calls" read from here.
// Cost: a scan lists each known thread's latest runs once (the first page, limit=100,
// shared with the tree through the store's cache) and Azure's threads a page of 100 at a
// time; it runs once at first, on Refresh and when connections change, and for threads that
// appear later — never on activation alone (activation sends no request): the first scan
// comes when the Runs view is shown or a command needs the list. Between scans the one live scheduler keeps each waiting run current (in
// the background, slowest) and whatever a view or panel loads updates the count; threads
// whose runs all finished are not listed again until the next scan.
import * as vscode from 'vscode';
import { toSentence } from '../api/errors';
import type { Run } from '../api/schemas';
import { Disposable } from '../util/disposable';
import { limiter } from '../util/limit';
import type { Log } from '../util/log';
import { runRefKey, threadRefKey } from '../util/refs';
import type { ConnectionStore } from './connectionStore';
import type { LiveScheduler, LiveWatch } from './liveScheduler';
import type { RunStore, StoreChange } from './runStore';
import type { ThreadRegistry } from './threadRegistry';

export interface WaitingRun {
  connectionId: string;
  run: Run;
}

/** At most this many pages of 100 threads per connection in one scan. */
const maxThreadPages = 10;

const threadKey = (connectionId: string, threadId: string) => threadRefKey({ connectionId, threadId });
const runKey = (connectionId: string, run: Run) => runRefKey({ connectionId, threadId: run.thread_id, runId: run.id });

export class WaitingRuns extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the set of waiting runs (or one of them) changes. */
  readonly onDidChange = this.changed.event;

  private readonly waiting = new Map<string, { entry: WaitingRun; watch: LiveWatch }>();
  /** Threads whose latest runs were read since the last full scan. */
  private readonly scanned = new Map<string, Promise<void>>();
  /** Connections scanned, with the settings they were scanned with. */
  private readonly scannedConnections = new Map<string, string>();
  private readonly lists = limiter(4);
  private scanning: Promise<void> | undefined;
  private generation = 0;
  /** Whether the first scan was asked for (nothing is read before). */
  private started = false;

  constructor(
    private readonly deps: {
      store: RunStore;
      scheduler: LiveScheduler;
      connections: ConnectionStore;
      registry: ThreadRegistry;
      log: Log;
    },
  ) {
    super();
    this._register(deps.store.onDidChange((change) => this.onStoreChange(change)));
    this._register(
      deps.connections.onDidChange(() => {
        if (this.started) void this.scanChanged();
      }),
    );
    this._register({ dispose: () => this.unwatchAll() });
  }

  /** The waiting runs, newest first. */
  list(): WaitingRun[] {
    return [...this.waiting.values()].map((w) => w.entry).sort((a, b) => (b.run.created_at ?? 0) - (a.run.created_at ?? 0));
  }

  get count(): number {
    return this.waiting.size;
  }

  /**
   * Reads the latest runs of every known thread on every connection (start-up, Refresh).
   * Resolves when the count is complete.
   */
  scan(): Promise<void> {
    this.started = true;
    this.generation++;
    this.scanned.clear();
    this.scannedConnections.clear();
    return this.scanChanged();
  }

  /** The first scan, once (the view shown, a command needing the list); later calls wait for scans in progress. */
  async ensureScanned(): Promise<void> {
    if (!this.started) await this.scan();
    else await this.settled();
  }

  /** Scans connections that are new, edited, or were signed out; forgets removed ones. */
  private scanChanged(): Promise<void> {
    const generation = this.generation;
    const connections = this.deps.connections.list();
    for (const [k, w] of this.waiting) {
      if (!connections.some((c) => c.id === w.entry.connectionId)) this.drop(k);
    }
    const todo = connections.filter((c) => this.scannedConnections.get(c.id) !== JSON.stringify(c));
    for (const c of todo) {
      for (const k of [...this.scanned.keys()]) if (k.startsWith(`${c.id}|`)) this.scanned.delete(k);
    }
    const scanning = Promise.all(todo.map((c) => this.scanConnection(c.id, generation))).then(() => undefined);
    const all = Promise.all([this.scanning, scanning]).then(() => undefined);
    this.scanning = all;
    void all.finally(() => {
      if (this.scanning === all) this.scanning = undefined;
    });
    return scanning;
  }

  /** Resolves when the scans in progress (if any) are done (for tests). */
  async settled(): Promise<void> {
    while (this.scanning) await this.scanning;
  }

  private async scanConnection(connectionId: string, generation: number): Promise<void> {
    const { connections, log } = this.deps;
    const connection = connections.get(connectionId);
    if (!connection || connection.archive !== undefined) return;
    try {
      // Signed out or without a key: nothing can be read; signing in scans it then.
      if (await connections.isSignedOut(connection)) return;
      this.scannedConnections.set(connectionId, JSON.stringify(connection));
      const threads = await this.knownThreads(connectionId);
      if (generation !== this.generation) return;
      await Promise.all(threads.map((threadId) => this.scanThread(connectionId, threadId, generation)));
    } catch (error) {
      this.scannedConnections.delete(connectionId);
      log.warn(toSentence(error, `Couldn't count the waiting runs of ${connection.name}`));
    }
  }

  /** Remembered threads, and on services that list threads every listed one, minus hidden ones. */
  private async knownThreads(connectionId: string): Promise<string[]> {
    const { store, registry } = this.deps;
    const ids = new Set(registry.remembered(connectionId));
    const api = store.api(connectionId);
    if (api.canListThreads) {
      // The first page is the tree's (shared, never fetched twice); later pages are read here.
      const state = store.threadList(connectionId);
      if (!state.loaded && !state.error) await store.loadThreads(connectionId);
      for (const id of state.items) ids.add(id);
      let after = state.hasMore ? state.nextAfter : undefined;
      for (let page = 1; after && page < maxThreadPages; page++) {
        const next = await api.listThreads(after);
        for (const thread of next.items) ids.add(thread.id);
        after = next.hasMore ? next.nextAfter : undefined;
      }
    }
    for (const id of registry.hidden(connectionId)) ids.delete(id);
    return [...ids];
  }

  /** Reads a thread's latest runs once per scan; callers share the read in progress. */
  private scanThread(connectionId: string, threadId: string, generation: number): Promise<void> {
    const k = threadKey(connectionId, threadId);
    const known = this.scanned.get(k);
    if (known || generation !== this.generation) return known ?? Promise.resolve();
    const { store } = this.deps;
    const state = store.runList(connectionId, threadId);
    // A list a view already loaded is current enough.
    const scanning = state.loaded
      ? Promise.resolve(this.noteList(connectionId, threadId))
      : this.lists(async () => {
          if (generation === this.generation) await store.loadRuns(connectionId, threadId);
        });
    this.scanned.set(k, scanning);
    return scanning;
  }

  private onStoreChange(change: StoreChange): void {
    switch (change.kind) {
      case 'run':
        this.note(change.connectionId, change.run);
        break;
      case 'runs':
        if (!this.scanned.has(threadKey(change.connectionId, change.threadId))) this.scanned.set(threadKey(change.connectionId, change.threadId), Promise.resolve());
        this.noteList(change.connectionId, change.threadId);
        break;
      case 'threads':
        if (this.started) void this.threadsChanged(change.connectionId);
        break;
    }
  }

  /** Threads added (remembered, listed on a new page) are scanned; hidden ones stop counting. */
  private async threadsChanged(connectionId: string): Promise<void> {
    const { store, registry } = this.deps;
    const hidden = new Set(registry.hidden(connectionId));
    for (const [k, w] of this.waiting) {
      if (w.entry.connectionId === connectionId && hidden.has(w.entry.run.thread_id)) this.drop(k);
    }
    // A hidden thread is read again when it is shown again.
    for (const threadId of hidden) this.scanned.delete(threadKey(connectionId, threadId));
    if (!this.deps.connections.get(connectionId)) return;
    const listed = store.threadList(connectionId).items;
    const known = [...new Set([...registry.remembered(connectionId), ...listed])].filter((id) => !hidden.has(id));
    const generation = this.generation;
    await Promise.all(known.map((threadId) => this.scanThread(connectionId, threadId, generation))).catch(() => undefined);
  }

  private noteList(connectionId: string, threadId: string): void {
    const { store } = this.deps;
    for (const runId of store.runList(connectionId, threadId).items) {
      const run = store.run(connectionId, threadId, runId);
      if (run) this.note(connectionId, run);
    }
  }

  /** Counts a run that waits; forgets one that no longer does. */
  private note(connectionId: string, run: Run): void {
    const k = runKey(connectionId, run);
    const current = this.waiting.get(k);
    if (run.status !== 'requires_action') {
      if (current) this.drop(k);
      return;
    }
    if (this.deps.registry.hidden(connectionId).includes(run.thread_id)) return;
    // A run in an archive waits for nobody: it can't be answered there.
    if (this.deps.connections.isArchive(connectionId)) return;
    if (current) {
      if (current.entry.run === run) return;
      current.entry = { connectionId, run };
    } else {
      const watch = this.deps.scheduler.watch({ connectionId, threadId: run.thread_id, runId: run.id }, { visibility: 'background' });
      this.waiting.set(k, { entry: { connectionId, run }, watch });
    }
    this.changed.fire();
  }

  private drop(k: string): void {
    const current = this.waiting.get(k);
    if (!current) return;
    current.watch.dispose();
    this.waiting.delete(k);
    this.changed.fire();
  }

  private unwatchAll(): void {
    for (const w of this.waiting.values()) w.watch.dispose();
    this.waiting.clear();
  }
}

// What the extension knows about threads, runs, steps and messages: cached pages with
// cursors, the latest copy of each run, and change events precise enough that views
// repaint only what changed. Views and panels read from here; only this calls the API.
import * as vscode from 'vscode';
import type { AgentsApi, FileContent, RunResult } from '../api/client';
import type { Capability } from '../api/probe';
import { isNotFound, toSentence } from '../api/errors';
import { isActiveRun, type Message, type Run, type RunStep, type Thread } from '../api/schemas';
import { Disposable } from '../util/disposable';
import { oneLine } from '../util/format';
import { limiter } from '../util/limit';
import { runRefKey, threadRefKey } from '../util/refs';
import type { ConnectionStore } from './connectionStore';
import { emptyList, loadPage, OncePerKey, type ListState } from './pagedList';
import type { ThreadRegistry } from './threadRegistry';

export type { ListState } from './pagedList';

export interface ThreadInfo {
  thread: Thread | undefined;
  /** First user message, on one line. */
  preview: string | undefined;
  /** The service answered 404: the thread was deleted or never existed here. */
  gone: boolean;
  error: string | undefined;
}

export type StoreChange =
  | { kind: 'threads'; connectionId: string }
  | { kind: 'thread'; connectionId: string; threadId: string }
  | { kind: 'runs'; connectionId: string; threadId: string }
  | { kind: 'run'; connectionId: string; threadId: string; runId: string; run: Run; previous: Run | undefined }
  | { kind: 'steps'; connectionId: string; threadId: string; runId: string }
  | { kind: 'messages'; connectionId: string; threadId: string; runId: string | undefined };

export interface RunDetails {
  run: Run;
  steps: RunStep[];
  messages: Message[];
  pollAfterMs: number | undefined;
}

const key = (...parts: (string | undefined)[]) => parts.map((p) => p ?? '').join('|');
const threadKey = (connectionId: string, threadId: string) => threadRefKey({ connectionId, threadId });
const runKey = (connectionId: string, threadId: string, runId: string) => runRefKey({ connectionId, threadId, runId });

export class RunStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<StoreChange>());
  readonly onDidChange = this.changed.event;

  private readonly threadLists = new Map<string, ListState<string>>();
  private readonly threadInfos = new Map<string, ThreadInfo>();
  private readonly runLists = new Map<string, ListState<string>>();
  private readonly runsById = new Map<string, { connectionId: string; run: Run }>();
  private readonly stepLists = new Map<string, ListState<RunStep>>();
  private readonly messageLists = new Map<string, ListState<Message>>();
  private readonly once = new OncePerKey();
  /** Thread rows load their previews a few at a time, not 100 requests at once. */
  private readonly previews = limiter(4);

  constructor(
    private readonly connections: Pick<ConnectionStore, 'client' | 'onDidChange'>,
    private readonly registry: ThreadRegistry,
  ) {
    super();
    this._register(connections.onDidChange(() => this.clear()));
  }

  api(connectionId: string): AgentsApi {
    return this.connections.client(connectionId);
  }

  private readonly assistantsProbes = new Map<string, Promise<Capability>>();

  /**
   * Whether the connection's server has the Assistants API, probed once per connection
   * (`GET /threads?limit=1`: 404 says it is gone) until the next Refresh.
   */
  assistantsCapability(connectionId: string): Promise<Capability> {
    let probe = this.assistantsProbes.get(connectionId);
    if (!probe) {
      probe = this.api(connectionId).probeThreads();
      this.assistantsProbes.set(connectionId, probe);
    }
    return probe;
  }

  /** Forgets everything cached (for one connection, or all). */
  clear(connectionId?: string): void {
    const maps: Map<string, unknown>[] = [this.assistantsProbes, this.threadLists, this.threadInfos, this.runLists, this.runsById, this.stepLists, this.messageLists];
    for (const map of maps) {
      for (const k of [...map.keys()]) if (connectionId === undefined || k.startsWith(`${connectionId}|`)) map.delete(k);
    }
  }

  /**
   * The Refresh command: lists of threads and runs are read again, but what is loaded of
   * a run (the run, its steps, its messages) stays until new data replaces it, so open
   * panels never go blank; the lists are marked not loaded so views read them again.
   */
  markStale(connectionId?: string): void {
    const mine = (k: string) => connectionId === undefined || k.startsWith(`${connectionId}|`);
    for (const map of [this.assistantsProbes, this.threadLists, this.threadInfos, this.runLists] as Map<string, unknown>[]) {
      for (const k of [...map.keys()]) if (mine(k)) map.delete(k);
    }
    for (const map of [this.stepLists, this.messageLists] as Map<string, ListState<unknown>>[]) {
      for (const [k, state] of map) {
        if (!mine(k)) continue;
        state.loaded = false;
        state.error = undefined;
      }
    }
  }



  // ── threads ──────────────────────────────────────────────────────────────

  /** The connection's thread list as loaded so far (`loadThreads` fills it). */
  threadList(connectionId: string): ListState<string> {
    let state = this.threadLists.get(connectionId + '|');
    if (!state) {
      state = emptyList();
      this.threadLists.set(connectionId + '|', state);
    }
    return state;
  }

  /** Where the service lists no threads, the list is the remembered ids: read them in. */
  private showRemembered(connectionId: string, state: ListState<string>): void {
    state.items = this.registry.remembered(connectionId);
    state.hasMore = false;
    state.nextAfter = undefined;
    state.loaded = true;
    state.error = undefined;
  }

  async loadThreads(connectionId: string, more = false): Promise<void> {
    const api = this.api(connectionId);
    const state = this.threadList(connectionId);
    if (!api.canListThreads) {
      this.showRemembered(connectionId, state);
      this.changed.fire({ kind: 'threads', connectionId });
      return;
    }
    await this.once.run(key(connectionId, 'threads', String(more)), async () => {
      const hidden = new Set(this.registry.hidden(connectionId));
      await loadPage<string>(
        state,
        more,
        async (after) => {
          const page = await api.listThreads(after);
          for (const thread of page.items) this.info(connectionId, thread.id).thread = thread;
          return { ...page, items: page.items.map((t) => t.id).filter((id) => !hidden.has(id)) };
        },
        vscode.l10n.t("Couldn't list the threads of {0}", api.connection.name),
      );
    });
    this.changed.fire({ kind: 'threads', connectionId });
  }

  thread(connectionId: string, threadId: string): ThreadInfo {
    return this.info(connectionId, threadId);
  }

  private info(connectionId: string, threadId: string): ThreadInfo {
    const k = threadKey(connectionId, threadId);
    let info = this.threadInfos.get(k);
    if (!info) {
      info = { thread: undefined, preview: undefined, gone: false, error: undefined };
      this.threadInfos.set(k, info);
    }
    return info;
  }

  /** Loads a thread (unless listed) and its first user message for the row's preview. */
  async loadThread(connectionId: string, threadId: string): Promise<void> {
    const info = this.info(connectionId, threadId);
    const api = this.api(connectionId);
    const load = async () => {
      try {
        if (!info.thread) info.thread = await api.getThread(threadId);
        // The first page, oldest first: its first user message is the preview.
        const first = await api.listMessages(threadId, { order: 'asc' });
        const message = first.items.find((m) => m.role === 'user') ?? first.items[0];
        const text = message?.content.find((c) => c.type === 'text')?.text?.value;
        info.preview = typeof text === 'string' ? oneLine(text, 80) : '';
        info.gone = false;
        info.error = undefined;
      } catch (error) {
        info.gone = isNotFound(error);
        info.error = toSentence(error, vscode.l10n.t("Couldn't load {0}", threadId));
      }
    };
    await this.once.run(key(threadKey(connectionId, threadId), 'thread'), () => this.previews(load));
    this.changed.fire({ kind: 'thread', connectionId, threadId });
  }

  async rememberThreads(connectionId: string, ids: readonly string[]): Promise<string[]> {
    const fresh = await this.registry.add(connectionId, ids);
    const state = this.threadLists.get(connectionId + '|');
    if (state && this.api(connectionId).canListThreads) {
      state.items = [...ids.filter((id) => !state.items.includes(id)), ...state.items];
    } else if (state) {
      this.showRemembered(connectionId, state);
    }
    this.changed.fire({ kind: 'threads', connectionId });
    return fresh;
  }

  /** Lists hidden threads again: remembered again where threads are not listed, else listed anew. */
  async unhideThreads(connectionId: string, ids: readonly string[]): Promise<void> {
    const listed = this.api(connectionId).canListThreads;
    await this.registry.unhide(connectionId, ids, !listed);
    if (listed) {
      this.clear(connectionId);
      await this.loadThreads(connectionId);
    } else {
      const state = this.threadLists.get(connectionId + '|');
      if (state) this.showRemembered(connectionId, state);
      this.changed.fire({ kind: 'threads', connectionId });
    }
  }

  /** Creates a thread and a run on it (Fork), remembers the thread and keeps the run. Sent once. */
  async createThreadAndRun(connectionId: string, body: Record<string, unknown>): Promise<Run> {
    const run = await this.api(connectionId).createThreadAndRun(body);
    await this.rememberThreads(connectionId, [run.thread_id]);
    this.putRun(connectionId, run);
    return run;
  }

  async forgetThread(connectionId: string, threadId: string): Promise<void> {
    await this.registry.remove(connectionId, threadId);
    const state = this.threadLists.get(connectionId + '|');
    if (state) state.items = state.items.filter((id) => id !== threadId);
    this.changed.fire({ kind: 'threads', connectionId });
  }

  // ── runs ─────────────────────────────────────────────────────────────────

  runList(connectionId: string, threadId: string): ListState<string> {
    const k = threadKey(connectionId, threadId);
    let state = this.runLists.get(k);
    if (!state) {
      state = emptyList();
      this.runLists.set(k, state);
    }
    return state;
  }

  run(connectionId: string, threadId: string, runId: string): Run | undefined {
    return this.runsById.get(runKey(connectionId, threadId, runId))?.run;
  }

  async loadRuns(connectionId: string, threadId: string, more = false): Promise<void> {
    const state = this.runList(connectionId, threadId);
    await this.once.run(key(threadKey(connectionId, threadId), 'runs', String(more)), async () => {
      const failure = await loadPage<string>(
        state,
        more,
        async (after) => {
          const page = await this.api(connectionId).listRuns(threadId, after);
          for (const run of page.items) this.runsById.set(runKey(connectionId, threadId, run.id), { connectionId, run });
          return { ...page, items: page.items.map((r) => r.id) };
        },
        vscode.l10n.t("Couldn't list the runs of {0}", threadId),
      );
      // Judged by the HTTP status, not the sentence: a 500 whose message quotes a 404 is not a missing thread.
      if (failure !== undefined && isNotFound(failure)) this.info(connectionId, threadId).gone = true;
    });
    this.changed.fire({ kind: 'runs', connectionId, threadId });
  }

  /** Stores a run object and says whether anything in it changed. */
  putRun(connectionId: string, run: Run): boolean {
    const k = runKey(connectionId, run.thread_id, run.id);
    const previous = this.runsById.get(k)?.run;
    if (previous && JSON.stringify(previous) === JSON.stringify(run)) return false;
    this.runsById.set(k, { connectionId, run });
    const list = this.runLists.get(threadKey(connectionId, run.thread_id));
    if (list?.loaded && !list.items.includes(run.id)) {
      list.items = [run.id, ...list.items];
      this.changed.fire({ kind: 'runs', connectionId, threadId: run.thread_id });
    }
    this.changed.fire({ kind: 'run', connectionId, threadId: run.thread_id, runId: run.id, run, previous });
    return true;
  }

  /** Reads a run from the service and stores it. */
  async fetchRun(connectionId: string, threadId: string, runId: string): Promise<RunResult> {
    return this.once.run(key(runKey(connectionId, threadId, runId), 'run'), async () => {
      const result = await this.api(connectionId).getRun(threadId, runId);
      this.putRun(connectionId, result.run);
      return result;
    });
  }

  // ── steps and messages ───────────────────────────────────────────────────

  stepList(connectionId: string, threadId: string, runId: string): ListState<RunStep> {
    const k = runKey(connectionId, threadId, runId);
    let state = this.stepLists.get(k);
    if (!state) {
      state = emptyList();
      this.stepLists.set(k, state);
    }
    return state;
  }

  /** Loads the first page (or the next one with `more`, or every page with `all`). */
  async loadSteps(connectionId: string, threadId: string, runId: string, mode: 'first' | 'more' | 'all' = 'first'): Promise<void> {
    const state = this.stepList(connectionId, threadId, runId);
    const api = this.api(connectionId);
    const action = vscode.l10n.t("Couldn't list the steps of {0}", runId);
    await this.once.run(key(runKey(connectionId, threadId, runId), 'steps', mode), async () => {
      await loadPage(state, mode === 'more', (after) => api.listSteps(threadId, runId, after), action);
      while (mode === 'all' && state.hasMore && !state.error) {
        await loadPage(state, true, (after) => api.listSteps(threadId, runId, after), action);
      }
    });
    this.changed.fire({ kind: 'steps', connectionId, threadId, runId });
  }

  messageList(connectionId: string, threadId: string, runId?: string): ListState<Message> {
    const k = key(threadKey(connectionId, threadId), runId ?? '*', 'messages');
    let state = this.messageLists.get(k);
    if (!state) {
      state = emptyList();
      this.messageLists.set(k, state);
    }
    return state;
  }

  async loadMessages(connectionId: string, threadId: string, runId: string | undefined, mode: 'first' | 'more' | 'all' = 'first'): Promise<void> {
    const state = this.messageList(connectionId, threadId, runId);
    const api = this.api(connectionId);
    const fetchPage = (after: string | undefined) => api.listMessages(threadId, { runId, after, order: 'asc' });
    const action = vscode.l10n.t("Couldn't list the messages of {0}", runId ?? threadId);
    await this.once.run(key(threadKey(connectionId, threadId), runId, 'messages', mode), async () => {
      await loadPage(state, mode === 'more', fetchPage, action);
      while (mode === 'all' && state.hasMore && !state.error) await loadPage(state, true, fetchPage, action);
    });
    this.changed.fire({ kind: 'messages', connectionId, threadId, runId });
  }

  /**
   * Everything the run panel shows, fetched in parallel: the run, all its steps and all
   * its messages (one request per 100 items per list). Throws if the run can't be read.
   */
  async loadRunDetails(connectionId: string, threadId: string, runId: string): Promise<RunDetails> {
    const [result] = await Promise.all([
      this.fetchRun(connectionId, threadId, runId),
      this.loadSteps(connectionId, threadId, runId, 'all'),
      this.loadMessages(connectionId, threadId, runId, 'all'),
    ]);
    return {
      run: result.run,
      steps: this.stepList(connectionId, threadId, runId).items,
      messages: this.messageList(connectionId, threadId, runId).items,
      pollAfterMs: result.pollAfterMs,
    };
  }

  /** A file's content (a code-interpreter image), read once at a time per file. */
  fileContent(connectionId: string, fileId: string, maxBytes: number): Promise<FileContent> {
    return this.once.run(key(connectionId, fileId, 'file'), () => this.api(connectionId).fileContent(fileId, maxBytes));
  }

  /** Every run read so far, newest first (for pickers such as Compare with…). */
  knownRuns(): { connectionId: string; run: Run }[] {
    return [...this.runsById.values()].sort((a, b) => (b.run.created_at ?? 0) - (a.run.created_at ?? 0));
  }

  /** All runs currently cached that are active (for the status bar and pickers). */
  activeRuns(connectionId?: string): { connectionId: string; run: Run }[] {
    const out: { connectionId: string; run: Run }[] = [];
    for (const entry of this.runsById.values()) {
      if ((connectionId === undefined || entry.connectionId === connectionId) && isActiveRun(entry.run)) out.push({ connectionId: entry.connectionId, run: entry.run });
    }
    return out;
  }
}

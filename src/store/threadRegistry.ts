// Thread ids remembered per connection (global state). OpenAI has no "list threads"
// endpoint, so the threads a user added, found or created are kept here; on services
// that list threads, removing one hides it.
import type * as vscode from 'vscode';

/**
 * What a registry remembers: each kind keeps its own lists (`agentRuns.threads.<id>`, …).
 * `createdResponses`: the responses the extension created (Continue), so that what comes
 * after them is known across reloads. `replayedCalls`: the calls a fork answered with the
 * original's outputs (the panels mark those outputs).
 */
export type RegistryKind = 'threads' | 'conversations' | 'responses' | 'createdResponses' | 'replayedCalls';

const capitalized = (kind: RegistryKind) => kind[0]!.toUpperCase() + kind.slice(1);

export const threadIdPattern = /\bthread_[A-Za-z0-9]{4,64}\b/g;
export const runIdPattern = /\brun_[A-Za-z0-9]{4,64}\b/g;
/** OpenAI's are `conv_` / `resp_` and 48 hex digits; Foundry's and compatible servers' vary. */
export const conversationIdPattern = /\bconv_[A-Za-z0-9]{4,96}\b/g;
export const responseIdPattern = /\bresp_[A-Za-z0-9]{4,96}\b/g;

export interface FoundIds {
  threads: string[];
  runs: string[];
  conversations: string[];
  responses: string[];
}

/** All distinct thread_…, run_…, conv_… and resp_… ids in a text, in order of appearance. */
export function findIds(text: string): FoundIds {
  const unique = (matches: RegExpMatchArray | null) => [...new Set(matches ?? [])];
  return {
    threads: unique(text.match(threadIdPattern)),
    runs: unique(text.match(runIdPattern)),
    conversations: unique(text.match(conversationIdPattern)),
    responses: unique(text.match(responseIdPattern)),
  };
}

export type IdKind = 'thread' | 'run' | 'conversation' | 'response';

/** Every thread_…, run_…, conv_… and resp_… id in a text with its position, in order of appearance. */
export function idMatches(text: string): { id: string; kind: IdKind; index: number }[] {
  const found = [
    ...[...text.matchAll(threadIdPattern)].map((m) => ({ id: m[0], kind: 'thread' as const, index: m.index })),
    ...[...text.matchAll(runIdPattern)].map((m) => ({ id: m[0], kind: 'run' as const, index: m.index })),
    ...[...text.matchAll(conversationIdPattern)].map((m) => ({ id: m[0], kind: 'conversation' as const, index: m.index })),
    ...[...text.matchAll(responseIdPattern)].map((m) => ({ id: m[0], kind: 'response' as const, index: m.index })),
  ];
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The thread a run id in a text belongs to: the thread id on the run's own line (the
 * nearest one), which is taken as given; else the nearest thread id before it, which is
 * only a guess to propose. Uses the run's first occurrence.
 */
export function threadOfRun(text: string, runId: string): { threadId: string; sameLine: boolean } | undefined {
  const matches = idMatches(text);
  const run = matches.find((m) => m.kind === 'run' && m.id === runId);
  if (!run) return undefined;
  const lineStart = text.lastIndexOf('\n', run.index) + 1;
  const lineEnd = text.indexOf('\n', run.index) === -1 ? text.length : text.indexOf('\n', run.index);
  const threads = matches.filter((m) => m.kind === 'thread');
  const onLine = threads
    .filter((m) => m.index >= lineStart && m.index < lineEnd)
    .sort((a, b) => Math.abs(a.index - run.index) - Math.abs(b.index - run.index))[0];
  if (onLine) return { threadId: onLine.id, sameLine: true };
  const before = threads.filter((m) => m.index < run.index).at(-1);
  return before ? { threadId: before.id, sameLine: false } : undefined;
}

/** The last write queued on each state, shared by the registries of every kind. */
const writes = new WeakMap<vscode.Memento, Promise<unknown>>();

/** Ids remembered per connection, for one kind of object (threads unless told). */
export class ThreadRegistry {
  private readonly rememberedKey: (connectionId: string) => string;
  private readonly hiddenKey: (connectionId: string) => string;

  constructor(
    private readonly state: vscode.Memento,
    kind: RegistryKind = 'threads',
  ) {
    this.rememberedKey = (connectionId) => `agentRuns.${kind}.${connectionId}`;
    this.hiddenKey = (connectionId) => `agentRuns.hidden${capitalized(kind)}.${connectionId}`;
  }

  remembered(connectionId: string): string[] {
    return this.state.get<string[]>(this.rememberedKey(connectionId), []);
  }

  /** Adds ids (newest first); returns the ones that were new. */
  add(connectionId: string, ids: readonly string[]): Promise<string[]> {
    return this.serially(() => this.addNow(connectionId, ids));
  }

  private async addNow(connectionId: string, ids: readonly string[]): Promise<string[]> {
    const current = this.remembered(connectionId);
    const fresh = ids.filter((id, i) => !current.includes(id) && ids.indexOf(id) === i);
    const hidden = this.hidden(connectionId);
    const stillHidden = hidden.filter((id) => !ids.includes(id));
    if (stillHidden.length !== hidden.length) await this.state.update(this.hiddenKey(connectionId), stillHidden);
    if (fresh.length) await this.state.update(this.rememberedKey(connectionId), [...fresh, ...current]);
    return fresh;
  }

  remove(connectionId: string, id: string): Promise<void> {
    return this.serially(async () => {
      await this.state.update(
        this.rememberedKey(connectionId),
        this.remembered(connectionId).filter((t) => t !== id),
      );
      await this.state.update(this.hiddenKey(connectionId), [...new Set([...this.hidden(connectionId), id])]);
    });
  }

  /** Shows hidden threads again; on services that list no threads they are remembered again. */
  unhide(connectionId: string, ids: readonly string[], remember: boolean): Promise<void> {
    return this.serially(async () => {
      await this.state.update(
        this.hiddenKey(connectionId),
        this.hidden(connectionId).filter((id) => !ids.includes(id)),
      );
      if (remember) await this.addNow(connectionId, ids);
    });
  }

  hidden(connectionId: string): string[] {
    return this.state.get<string[]>(this.hiddenKey(connectionId), []);
  }

  forget(connectionId: string): Promise<void> {
    return this.serially(async () => {
      await this.state.update(this.rememberedKey(connectionId), undefined);
      await this.state.update(this.hiddenKey(connectionId), undefined);
    });
  }

  /**
   * Each change reads a list, awaits a write, and writes it back: two at once (capture
   * adds ids as fast as an app makes them) would lose one. So they run one after another,
   * for every registry on the same state: the extension host replaces its whole copy of
   * globalState with each write's echo, so a write begun before an earlier one's echo
   * arrived can be undone by it (microsoft/vscode#171827).
   */
  private serially<T>(change: () => Promise<T>): Promise<T> {
    const next = (writes.get(this.state) ?? Promise.resolve()).then(change);
    writes.set(this.state, next.catch(() => undefined));
    return next;
  }
}

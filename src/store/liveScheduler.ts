// The one live-refresh scheduler of the extension, for runs and background responses
// alike. Views and panels say which active runs (or responses) they show and whether they are visible; the scheduler polls each such run on a
// chained timer (never setInterval): every few seconds while visible, rarely while
// hidden, slower after errors, as the service's `openai-poll-after-ms` asks, and not
// at all once the run is terminal or nobody watches it. A run nobody shows but that is
// still counted (a run waiting for tool outputs) is watched in the background, slowest.
import * as vscode from 'vscode';
import { toSentence } from '../api/errors';
import { isActiveRun, type Run } from '../api/schemas';
import type { Response } from '../api/responses/schemas';
import { isActivePhase, statusOf } from '../model/run';
import { Disposable } from '../util/disposable';
import type { Log } from '../util/log';
import { runRefKey } from '../util/refs';
import type { ResponseStore } from './responseStore';
import type { RunStore } from './runStore';

export type Visibility = 'visible' | 'hidden' | 'background';

export interface RunTarget {
  connectionId: string;
  threadId: string;
  runId: string;
}

export interface ResponseTarget {
  connectionId: string;
  responseId: string;
}

export type LiveTarget = RunTarget | ResponseTarget;

export interface WatchOptions<T = Run> {
  visibility: Visibility;
  /** Called after each poll with the fresh run or response (e.g. a panel reloads steps). */
  onPoll?: (polled: T) => Promise<void> | void;
}

interface Polled {
  value: Run | Response;
  active: boolean;
  pollAfterMs: number | undefined;
}

export interface LiveWatch extends vscode.Disposable {
  setVisibility(visibility: Visibility): void;
}

interface Entry {
  target: LiveTarget;
  watchers: Set<WatchOptions<never>>;
  dueAt: number;
  pollAfterMs: number | undefined;
  failures: number;
}

export interface SchedulerTiming {
  visibleMs: number;
  hiddenMs: number;
  /** For runs no view or panel shows (the waiting-runs count). */
  backgroundMs: number;
  maxBackoffMs: number;
}

const isResponseTarget = (t: LiveTarget): t is ResponseTarget => 'responseId' in t;
const liveKey = (t: LiveTarget) => (isResponseTarget(t) ? `${t.connectionId}|response|${t.responseId}` : runRefKey(t));

export class LiveScheduler extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking = false;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the set of live runs changes (for "live" indicators). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: RunStore,
    private readonly responses: ResponseStore,
    private readonly log: Log,
    private readonly timing: () => SchedulerTiming,
    /** Connections whose runs never change (archives): nothing of theirs is polled. */
    private readonly frozen: (connectionId: string) => boolean = () => false,
  ) {
    super();
    this._register({ dispose: () => this.stop() });
  }

  /** Watches a run (or a response) while it is active. Disposing the watch stops it for this watcher. */
  watch(target: RunTarget, options: WatchOptions<Run>): LiveWatch;
  watch(target: ResponseTarget, options: WatchOptions<Response>): LiveWatch;
  watch(target: LiveTarget, options: WatchOptions<never>): LiveWatch {
    if (this.frozen(target.connectionId)) return { setVisibility: () => undefined, dispose: () => undefined };
    const k = liveKey(target);
    let entry = this.entries.get(k);
    if (!entry) {
      entry = { target, watchers: new Set(), dueAt: Date.now() + this.intervalFor(options.visibility, undefined, 0), pollAfterMs: undefined, failures: 0 };
      this.entries.set(k, entry);
      this.changed.fire();
    } else {
      // A more demanding watcher (a panel joining a background watch) brings the next poll forward.
      entry.dueAt = Math.min(entry.dueAt, Date.now() + this.intervalFor(options.visibility, entry.pollAfterMs, entry.failures));
    }
    const watcher = { ...options };
    entry.watchers.add(watcher);
    this.reschedule();
    return {
      setVisibility: (visibility) => {
        if (watcher.visibility === visibility) return;
        watcher.visibility = visibility;
        const current = this.entries.get(k);
        if (current) {
          // Becoming visible brings the next poll forward.
          current.dueAt = Math.min(current.dueAt, Date.now() + this.intervalFor(this.visibilityOf(current), current.pollAfterMs, current.failures));
          this.reschedule();
        }
      },
      dispose: () => {
        const current = this.entries.get(k);
        if (!current) return;
        current.watchers.delete(watcher);
        if (current.watchers.size === 0) {
          this.entries.delete(k);
          this.changed.fire();
        }
        this.reschedule();
      },
    };
  }

  isLive(target: LiveTarget): boolean {
    return this.entries.has(liveKey(target));
  }

  /** How many runs are being watched (for tests and benchmarks). */
  get size(): number {
    return this.entries.size;
  }

  /** The most demanding watcher sets the pace. */
  private visibilityOf(entry: Entry): Visibility {
    const all = [...entry.watchers].map((w) => w.visibility);
    return all.includes('visible') ? 'visible' : all.includes('hidden') ? 'hidden' : 'background';
  }

  private intervalFor(visibility: Visibility, pollAfterMs: number | undefined, failures: number): number {
    const timing = this.timing();
    const base = { visible: timing.visibleMs, hidden: timing.hiddenMs, background: timing.backgroundMs }[visibility];
    const hinted = Math.max(base, pollAfterMs ?? 0);
    return failures ? Math.min(timing.maxBackoffMs, hinted * 2 ** failures) : hinted;
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private reschedule(): void {
    this.stop();
    if (this.isDisposed || this.ticking || this.entries.size === 0) return;
    let next = Infinity;
    for (const entry of this.entries.values()) next = Math.min(next, entry.dueAt);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, next - Date.now()));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    try {
      const now = Date.now();
      const due = [...this.entries.values()].filter((e) => e.dueAt <= now);
      await Promise.all(due.map((entry) => this.poll(entry)));
    } finally {
      this.ticking = false;
      this.reschedule();
    }
  }

  private async fetch(target: LiveTarget): Promise<Polled> {
    if (isResponseTarget(target)) {
      const { response, pollAfterMs } = await this.responses.fetchResponse(target.connectionId, target.responseId);
      return { value: response, active: isActivePhase(statusOf(response.status).phase), pollAfterMs };
    }
    const { run, pollAfterMs } = await this.store.fetchRun(target.connectionId, target.threadId, target.runId);
    return { value: run, active: isActiveRun(run), pollAfterMs };
  }

  private async poll(entry: Entry): Promise<void> {
    try {
      const { value, active, pollAfterMs } = await this.fetch(entry.target);
      entry.failures = 0;
      entry.pollAfterMs = pollAfterMs;
      await Promise.all([...entry.watchers].map((w) => (w.onPoll as ((polled: Run | Response) => Promise<void> | void) | undefined)?.(value)));
      if (!active) {
        this.entries.delete(liveKey(entry.target));
        this.changed.fire();
        return;
      }
    } catch (error) {
      entry.failures += 1;
      const id = isResponseTarget(entry.target) ? entry.target.responseId : entry.target.runId;
      this.log.warn(toSentence(error, `Live refresh of ${id} failed (attempt ${entry.failures})`));
    }
    entry.dueAt = Date.now() + this.intervalFor(this.visibilityOf(entry), entry.pollAfterMs, entry.failures);
  }
}

// Cancelling runs: one request per run (never retried blindly), the answer stored so
// views repaint `cancelling`, a short live watch so they follow it to `cancelled`, and a
// re-read after any failure so a run that finished meanwhile gets a plain sentence
// ("Run run_… already completed; nothing to cancel.") instead of the service's 400.
// No vscode import at run time (unit-tested with a fake store and the emulator).
import { APIConnectionError } from 'openai';
import { statusOf, toSentence } from '../api/errors';
import { cancellableRunStatuses, type Run } from '../api/schemas';
import type { RunResult } from '../api/client';
import { runRefKey, type RunRef } from '../util/refs';
import { followRun, type FollowScheduler } from './followRun';

export type CancelOutcome =
  /** The service accepted the cancel (or it was already under way): the run is cancelling or cancelled. */
  | { kind: 'cancelling'; run: Run; message: string; alreadyCancelling: boolean }
  /** The run had already finished: nothing to cancel. */
  | { kind: 'finished'; run: Run; message: string }
  | { kind: 'failed'; message: string };

/** What cancelling needs of the run store (RunStore satisfies it). */
export interface CancellerStore {
  run(connectionId: string, threadId: string, runId: string): Run | undefined;
  fetchRun(connectionId: string, threadId: string, runId: string): Promise<RunResult>;
  putRun(connectionId: string, run: Run): boolean;
  api(connectionId: string): { cancelRun(threadId: string, runId: string): Promise<Run> };
}

export interface CancellerDeps {
  store: CancellerStore;
  scheduler?: FollowScheduler;
  log?: { info(message: string): void; warn(message: string): void };
}

/** "Run run_… already completed; nothing to cancel." and kin, for a run that is not cancellable. */
export function nothingToCancel(run: Run): string {
  switch (run.status) {
    case 'cancelled':
      return `Run ${run.id} was already cancelled; nothing to cancel.`;
    case 'incomplete':
      return `Run ${run.id} already ended incomplete; nothing to cancel.`;
    case 'completed':
    case 'failed':
    case 'expired':
      return `Run ${run.id} already ${run.status}; nothing to cancel.`;
    default:
      return `Run ${run.id} is ${run.status}; nothing to cancel.`;
  }
}

export class RunCanceller {
  private readonly inflight = new Map<string, Promise<CancelOutcome>>();

  constructor(private readonly deps: CancellerDeps) {}

  /** Cancels one run. Never throws. Concurrent calls for the same run share one request. */
  cancel(ref: RunRef): Promise<CancelOutcome> {
    const k = runRefKey(ref);
    const running = this.inflight.get(k);
    if (running) return running;
    const promise = this.doCancel(ref).finally(() => this.inflight.delete(k));
    this.inflight.set(k, promise);
    return promise;
  }

  private async doCancel(ref: RunRef): Promise<CancelOutcome> {
    const { store } = this.deps;
    const cached = store.run(ref.connectionId, ref.threadId, ref.runId);
    if (cached && !cancellableRunStatuses.has(cached.status)) {
      // Shown as not cancellable: confirm with the service before saying so.
      const fresh = await this.reread(ref);
      if (fresh && !cancellableRunStatuses.has(fresh.status)) return this.explain(ref, fresh);
    }
    try {
      const run = await store.api(ref.connectionId).cancelRun(ref.threadId, ref.runId);
      store.putRun(ref.connectionId, run);
      this.deps.log?.info(`Cancel requested for ${ref.runId}: now ${run.status}.`);
      followRun(this.deps.scheduler, ref);
      return { kind: 'cancelling', run, message: `Cancelling run ${ref.runId}…`, alreadyCancelling: false };
    } catch (error) {
      const sentence = toSentence(error, `Couldn't cancel ${ref.runId}`);
      this.deps.log?.warn(sentence);
      const now = await this.reread(ref);
      if (!now) return { kind: 'failed', message: sentence };
      if (!cancellableRunStatuses.has(now.status)) {
        const uncertain = error instanceof APIConnectionError || statusOf(error) === undefined;
        if (uncertain && now.status === 'cancelling') {
          // The request went through; only its answer was lost.
          followRun(this.deps.scheduler, ref);
          return { kind: 'cancelling', run: now, message: `Cancelling run ${ref.runId}…`, alreadyCancelling: false };
        }
        return this.explain(ref, now);
      }
      return { kind: 'failed', message: sentence };
    }
  }

  private explain(ref: RunRef, run: Run): CancelOutcome {
    if (run.status === 'cancelling') {
      followRun(this.deps.scheduler, ref);
      return { kind: 'cancelling', run, message: `Run ${run.id} is already being cancelled.`, alreadyCancelling: true };
    }
    return { kind: 'finished', run, message: nothingToCancel(run) };
  }

  private async reread(ref: RunRef): Promise<Run | undefined> {
    try {
      return (await this.deps.store.fetchRun(ref.connectionId, ref.threadId, ref.runId)).run;
    } catch (error) {
      this.deps.log?.warn(toSentence(error, `Couldn't re-read ${ref.runId}`));
      return undefined;
    }
  }
}

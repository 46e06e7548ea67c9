// A short-lived live watch: after the user acts on a run (submit, cancel), keep polling
// it so the tree and the panel follow it even if neither shows it as live, until it
// reaches a status where the user's action is over, or a time limit passes.
import { isActiveRun, type Run } from '../api/schemas';
import { isActivePhase, statusOf } from '../model/run';
import type { RunRef } from '../util/refs';

/** What following needs of the live scheduler (LiveScheduler satisfies it). */
export interface FollowScheduler {
  watch(
    target: RunRef,
    options: { visibility: 'visible' | 'hidden'; onPoll?: (run: Run) => Promise<void> | void },
  ): { dispose(): void };
}

export function followRun(
  scheduler: FollowScheduler | undefined,
  ref: RunRef,
  done: (run: Run) => boolean = (run) => !isActiveRun(run),
  maxMs = 10 * 60_000,
): void {
  if (!scheduler) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    // Disposed after the poll that saw the end, not while the scheduler runs it.
    queueMicrotask(() => watch.dispose());
  };
  const watch = scheduler.watch(ref, {
    visibility: 'visible',
    onPoll: (run) => {
      if (done(run)) stop();
    },
  });
  timer = setTimeout(stop, maxMs);
  (timer as { unref?: () => void }).unref?.();
}

/** What following a response needs of the live scheduler (LiveScheduler satisfies it). */
export interface FollowResponseScheduler {
  watch(
    target: { connectionId: string; responseId: string },
    options: { visibility: 'visible' | 'hidden'; onPoll?: (response: { status?: string | null }) => Promise<void> | void },
  ): { dispose(): void };
}

/** The same short watch for a response (after a cancel, which is best effort): until it is terminal. */
export function followResponse(scheduler: FollowResponseScheduler | undefined, ref: { connectionId: string; responseId: string }, maxMs = 10 * 60_000): void {
  if (!scheduler) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    queueMicrotask(() => watch.dispose());
  };
  const watch = scheduler.watch(ref, {
    visibility: 'visible',
    onPoll: (response) => {
      if (!isActivePhase(statusOf(response.status).phase)) stop();
    },
  });
  timer = setTimeout(stop, maxMs);
  (timer as { unref?: () => void }).unref?.();
}

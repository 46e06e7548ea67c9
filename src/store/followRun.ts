// A short-lived live watch: after the user acts on a run (submit, cancel), keep polling
// it so the tree and the panel follow it even if neither shows it as live, until it
// reaches a status where the user's action is over, or a time limit passes.
import { isActiveRun, type Run } from '../api/schemas';
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

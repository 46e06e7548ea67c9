// Outputs a fork's replay sent (the original's, answering a matching call) are marked in
// the panels, from the ids the fork runner remembers per connection.
import type { ItemView, StepView } from '../shared/protocol';

export type IsReplayed = (callId: string) => boolean;

/** Marks the answers and output items of a response's items that were replayed. */
export function markReplayedItems(items: readonly ItemView[], isReplayed: IsReplayed): void {
  for (const item of items) {
    const b = item.body;
    if ((b.kind === 'function' || b.kind === 'custom') && b.answer.state === 'answered' && isReplayed(b.callId)) b.answer.replayed = true;
    if (b.kind === 'callOutput' && isReplayed(b.callId)) b.replayed = true;
  }
}

/** Marks the function calls of a run's steps whose output was replayed. */
export function markReplayedSteps(steps: readonly StepView[], isReplayed: IsReplayed): void {
  for (const step of steps) for (const call of step.calls) if (call.function && call.function.output !== null && isReplayed(call.id)) call.function.replayed = true;
}

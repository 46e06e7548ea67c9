import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { cancellableRunStatuses, isActiveRun } from '../api/schemas';
import type { Services } from '../services';
import type { CancelOutcome } from '../store/runCanceller';
import { runRefOf, type RunRef } from '../util/refs';
import type { ConfirmOptions } from './confirmOptions';
import { pickRun } from './pickRun';


/** Cancels a run (tree row, panel ref or palette pick) after a modal confirmation. */
export async function cancelRun(services: Services, arg?: unknown, options?: ConfirmOptions): Promise<CancelOutcome> {
  const ref =
    runRefOf(arg) ??
    (await pickRun(services, {
      accept: (run) => cancellableRunStatuses.has(run.status),
      title: vscode.l10n.t('Cancel Run'),
      placeHolder: vscode.l10n.t('Pick the active run to cancel'),
      none: vscode.l10n.t('No active run is known yet. Expand a thread in the Agent Runs view, refresh it, or use "Open Run by ID…", then cancel from there.'),
    }));
  if (options?.confirm === false) return cancelWithProgress(services, ref);
  const run = services.store.run(ref.connectionId, ref.threadId, ref.runId);
  const facts = run ? ` · ${run.status}${run.assistant_id ? ` · ${run.assistant_id}` : ''}` : '';
  // "Cancel Run" and "Keep Running": with VS Code's own "Cancel" next to "Cancel Run" both read as cancelling.
  const cancelButton: vscode.MessageItem = { title: vscode.l10n.t('Cancel Run') };
  const keepButton: vscode.MessageItem = { title: vscode.l10n.t('Keep Running'), isCloseAffordance: true };
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Cancel run {0}?', ref.runId),
    {
      modal: true,
      detail: vscode.l10n.t('Thread {0}{1}. The run is cancelled on the service and cannot be resumed.', ref.threadId, facts),
    },
    cancelButton,
    keepButton,
  );
  if (answer !== cancelButton) throw new CancelledByUser();
  return cancelWithProgress(services, ref);
}

/** Cancels with a progress notification that lasts until the run is `cancelled` (or a while). */
export async function cancelWithProgress(services: Services, ref: RunRef): Promise<CancelOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Cancelling {0}…', ref.runId) },
    async () => {
      const result = await services.canceller.cancel(ref);
      // Progress lasts until the run is cancelled (followed live), not for one that was
      // already cancelling: that one may stay so for long, and the user was told.
      if (result.kind === 'cancelling' && !result.alreadyCancelling && result.run.status === 'cancelling') await untilSettled(services, ref, 20_000);
      return result;
    },
  );
  report(services, outcome, ref);
  return outcome;
}

function report(services: Services, outcome: CancelOutcome, ref: RunRef): void {
  if (outcome.kind === 'failed') throw new UserFacingError(outcome.message);
  if (outcome.kind === 'finished') {
    void vscode.window.showInformationMessage(outcome.message);
    return;
  }
  const now = services.store.run(ref.connectionId, ref.threadId, ref.runId) ?? outcome.run;
  if (outcome.alreadyCancelling && now.status === 'cancelling') void vscode.window.showInformationMessage(outcome.message);
  else {
    vscode.window.setStatusBarMessage(
      now.status === 'cancelled' ? vscode.l10n.t('$(debug-stop) Run {0} cancelled.', ref.runId) : vscode.l10n.t('$(sync~spin) Run {0} is {1}.', ref.runId, now.status),
      5000,
    );
  }
}

/** Resolves when the store sees the run leave `cancelling`, or after `timeoutMs`. */
export function untilSettled(services: Services, ref: RunRef, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const listener = services.store.onDidChange((change) => {
      if (change.kind === 'run' && change.runId === ref.runId && change.connectionId === ref.connectionId && !isActiveRun(change.run)) done();
    });
  });
}

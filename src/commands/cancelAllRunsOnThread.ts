import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { cancellableRunStatuses, isActiveRun, type Run } from '../api/schemas';
import type { Services } from '../services';
import type { CancelOutcome } from '../store/runCanceller';
import { threadRefOf, type ThreadRef } from '../util/refs';
import { untilSettled } from './cancelRun';
import type { ConfirmOptions } from './confirmOptions';

/**
 * Cancels every active run of a thread — the fix for "Can't add messages to thread_X
 * while a run run_Y is active". Reads the thread's latest runs first, so runs the view
 * has not shown yet are included.
 */
export async function cancelAllRunsOnThread(services: Services, arg?: unknown, options?: ConfirmOptions): Promise<CancelOutcome[]> {
  const ref = threadRefOf(arg) ?? (await pickThread(services));
  const runs = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for active runs on {0}…', ref.threadId) },
    async () => {
      await services.store.loadRuns(ref.connectionId, ref.threadId);
      const state = services.store.runList(ref.connectionId, ref.threadId);
      if (state.error) throw new UserFacingError(state.error);
      return state.items
        .map((id) => services.store.run(ref.connectionId, ref.threadId, id))
        .filter((run): run is Run => !!run && isActiveRun(run));
    },
  );
  const cancellable = runs.filter((run) => cancellableRunStatuses.has(run.status));
  if (!cancellable.length) {
    const cancelling = runs.filter((run) => run.status === 'cancelling');
    void vscode.window.showInformationMessage(
      cancelling.length === 1
        ? vscode.l10n.t('{0} is already being cancelled; nothing else is active on {1}.', cancelling[0]!.id, ref.threadId)
        : cancelling.length
          ? vscode.l10n.t('{0} are already being cancelled; nothing else is active on {1}.', cancelling.map((r) => r.id).join(', '), ref.threadId)
          : vscode.l10n.t('No active runs on {0}; nothing to cancel.', ref.threadId),
    );
    return [];
  }
  const names = cancellable.map((run) => `${run.id} (${run.status})`).join(', ');
  const cancelButton: vscode.MessageItem = { title: cancellable.length === 1 ? vscode.l10n.t('Cancel Run') : vscode.l10n.t('Cancel All') };
  const answer =
    options?.confirm === false ||
    (await vscode.window.showWarningMessage(
      cancellable.length === 1
        ? vscode.l10n.t('Cancel the active run on {0}?', ref.threadId)
        : vscode.l10n.t('Cancel all {0} active runs on {1}?', cancellable.length, ref.threadId),
      { modal: true, detail: vscode.l10n.t('{0}. The runs are cancelled on the service and cannot be resumed.', names) },
      cancelButton,
      { title: vscode.l10n.t('Keep Running'), isCloseAffordance: true },
    )) === cancelButton;
  if (!answer) throw new CancelledByUser();
  const outcomes = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title:
        cancellable.length === 1
          ? vscode.l10n.t('Cancelling {0} run on {1}…', cancellable.length, ref.threadId)
          : vscode.l10n.t('Cancelling {0} runs on {1}…', cancellable.length, ref.threadId),
    },
    async (progress) => {
      const results = await Promise.all(cancellable.map((run) => services.canceller.cancel({ ...ref, runId: run.id })));
      // The notification follows the runs until each has left `cancelling` (followed live), saying how far it is.
      const accepted = results.filter((o) => o.kind === 'cancelling').map((o) => o.run.id);
      let settled = accepted.filter((id) => !isStillCancelling(services, ref, id)).length;
      const step = () => progress.report({ message: vscode.l10n.t('{0} of {1} cancelled', settled, accepted.length), increment: accepted.length ? 100 / accepted.length : 0 });
      if (accepted.length) progress.report({ message: vscode.l10n.t('{0} of {1} cancelled', settled, accepted.length) });
      await Promise.all(
        accepted
          .filter((id) => isStillCancelling(services, ref, id))
          .map((id) => untilSettled(services, { ...ref, runId: id }, 20_000).then(() => (settled++, step()))),
      );
      return results;
    },
  );
  const failed = outcomes.filter((o) => o.kind === 'failed');
  const finished = outcomes.filter((o) => o.kind === 'finished');
  const accepted = outcomes.filter((o) => o.kind === 'cancelling');
  const stillCancelling = accepted.filter((o) => isStillCancelling(services, ref, o.run.id)).length;
  const cancelled = accepted.length - stillCancelling;
  const parts: string[] = [];
  if (cancelled) parts.push(cancelled === 1 ? vscode.l10n.t('Cancelled {0} run on {1}.', cancelled, ref.threadId) : vscode.l10n.t('Cancelled {0} runs on {1}.', cancelled, ref.threadId));
  if (stillCancelling) {
    parts.push(
      stillCancelling === 1
        ? vscode.l10n.t('{0} run on {1} is still being cancelled.', stillCancelling, ref.threadId)
        : vscode.l10n.t('{0} runs on {1} are still being cancelled.', stillCancelling, ref.threadId),
    );
  }
  for (const o of finished) parts.push(o.message);
  if (failed.length) throw new UserFacingError([...parts, ...failed.map((o) => o.message)].join(' '));
  void vscode.window.showInformationMessage(parts.join(' '));
  return outcomes;
}

async function pickThread(services: Services): Promise<ThreadRef> {
  const byThread = new Map<string, { ref: ThreadRef; runs: Run[] }>();
  for (const { connectionId, run } of services.store.activeRuns()) {
    const k = `${connectionId}|${run.thread_id}`;
    const entry = byThread.get(k) ?? { ref: { connectionId, threadId: run.thread_id }, runs: [] };
    entry.runs.push(run);
    byThread.set(k, entry);
  }
  if (!byThread.size) {
    throw new UserFacingError(vscode.l10n.t('No thread with an active run is known yet. Right-click a thread in the Agent Runs view and choose "Cancel All Active Runs on Thread".'));
  }
  const picked = await vscode.window.showQuickPick(
    [...byThread.values()].map(({ ref, runs }) => ({
      label: ref.threadId,
      description:
        runs.length === 1
          ? vscode.l10n.t('{0} active run · {1}', runs.length, services.connections.get(ref.connectionId)?.name ?? ref.connectionId)
          : vscode.l10n.t('{0} active runs · {1}', runs.length, services.connections.get(ref.connectionId)?.name ?? ref.connectionId),
      detail: runs.map((r) => `${r.id} (${r.status})`).join(', '),
      ref,
    })),
    { title: vscode.l10n.t('Cancel All Active Runs on Thread'), placeHolder: vscode.l10n.t('Pick the thread whose active runs to cancel') },
  );
  if (!picked) throw new CancelledByUser();
  return picked.ref;
}

function isStillCancelling(services: Services, ref: ThreadRef, runId: string): boolean {
  return services.store.run(ref.connectionId, ref.threadId, runId)?.status === 'cancelling';
}

import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { AgentRun, PendingAction } from '../model/run';
import type { Services } from '../services';
import { responseRefOf, type ResponseRef } from '../util/refs';

const describePending = (pending: readonly PendingAction[]) =>
  pending.map((p) => (p.kind === 'approval' ? vscode.l10n.t('approval of {0}', p.name) : p.name)).join(', ');

/** One quick-pick row of a response that ended with calls or approval requests nothing answers. */
export function pendingResponseItem(services: Services, connectionId: string, run: AgentRun): vscode.QuickPickItem & { ref: ResponseRef } {
  const awaiting = run.waiting;
  return {
    label: `${awaiting ? '$(warning)' : '$(question)'} ${run.id}`,
    description: `${run.model ?? ''} · ${services.connections.get(connectionId)?.name ?? connectionId}`,
    detail: awaiting
      ? vscode.l10n.t('Awaiting {0}', describePending(run.pending))
      : vscode.l10n.t('No answer seen for {0} (an answer may exist where the extension cannot see it)', describePending(run.pending)),
    ref: { connectionId, responseId: run.id },
  };
}

/**
 * Opens the continue document of a response (tree, panel, status bar or palette): its
 * answers and the complete request Continue will send. With no response given, the
 * known ones whose calls or approval requests lack an answer are offered.
 */
export async function continueResponse(services: Services, arg?: unknown): Promise<vscode.TextEditor> {
  let ref = responseRefOf(arg);
  if (!ref) {
    const pending = services.responses.pendingResponses();
    if (!pending.length) {
      throw new UserFacingError(vscode.l10n.t('No known response ended with calls or approval requests that lack an answer. Open one with "Open Response…" or add it by id.'));
    }
    const picked = await vscode.window.showQuickPick(
      pending.map(({ connectionId, run }) => pendingResponseItem(services, connectionId, run)),
      { title: vscode.l10n.t('Answer and Continue'), placeHolder: vscode.l10n.t('Pick the response whose calls or approval requests to answer') },
    );
    if (!picked) throw new CancelledByUser();
    ref = picked.ref;
  }
  return services.continueDrafts.open(ref);
}

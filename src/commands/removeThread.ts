import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { threadRefOf } from '../util/refs';
import type { ConfirmOptions } from './confirmOptions';

/**
 * Hides a thread from the list after a confirmation. Nothing is deleted on the service;
 * "Show Hidden Threads…" (on the connection, and in the message that follows) lists it again.
 */
export async function removeThread(services: Services, arg?: unknown, options?: ConfirmOptions): Promise<void> {
  const ref = threadRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a thread in the Agent Runs view to remove it from the list.'));
  const listed = services.store.api(ref.connectionId).canListThreads;
  if (options?.confirm !== false) {
    const remove = vscode.l10n.t('Remove from List');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove {0} from the list?', ref.threadId),
      {
        modal: true,
        detail: listed
          ? vscode.l10n.t('The thread stays on the service; it is only hidden here, also after Refresh. "Show Hidden Threads…" on the connection lists it again.')
          : vscode.l10n.t('The thread stays on the service; the extension forgets its id. "Show Hidden Threads…" on the connection lists it again.'),
      },
      remove,
    );
    if (answer !== remove) throw new CancelledByUser();
  }
  await services.store.forgetThread(ref.connectionId, ref.threadId);
  const showAgain = vscode.l10n.t('Undo');
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is hidden from the list.', ref.threadId), showAgain).then(async (picked) => {
    if (picked === showAgain) await services.store.unhideThreads(ref.connectionId, [ref.threadId]);
  });
}

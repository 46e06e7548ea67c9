import * as vscode from 'vscode';
import { CancelledByUser } from '../api/errors';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

/**
 * Lists threads removed from a connection's list again: the ones picked, or (with a
 * second argument, from scripts and tests) the ids given. Returns the ids shown again.
 */
export async function showHiddenThreads(services: Services, arg?: unknown, given?: readonly string[]): Promise<string[]> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Show hidden threads of which connection?'));
  const hidden = services.registry.hidden(connection.id);
  if (!hidden.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No thread of {0} is hidden.', connection.name));
    return [];
  }
  let ids: string[];
  if (given) ids = given.filter((id) => hidden.includes(id));
  else {
    const picked = await vscode.window.showQuickPick(
      hidden.map((id) => ({ label: id, picked: true })),
      {
        title: hidden.length === 1 ? vscode.l10n.t('1 hidden thread of {0}', connection.name) : vscode.l10n.t('{0} hidden threads of {1}', hidden.length, connection.name),
        placeHolder: vscode.l10n.t('Pick the threads to list again'),
        canPickMany: true,
      },
    );
    if (!picked?.length) throw new CancelledByUser();
    ids = picked.map((p) => p.label);
  }
  await services.store.unhideThreads(connection.id, ids);
  return ids;
}

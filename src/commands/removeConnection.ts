import * as vscode from 'vscode';
import { CancelledByUser } from '../api/errors';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

export async function removeConnection(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Remove which connection?'), false);
  const remembered = services.registry.remembered(connection.id).length;
  const removeButton = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove connection "{0}"?', connection.name),
    {
      modal: true,
      detail:
        remembered === 1
          ? vscode.l10n.t('Its key is deleted from secret storage and 1 remembered thread id is forgotten. Nothing on the service changes.')
          : remembered
        ? vscode.l10n.t('Its key is deleted from secret storage and {0} remembered thread ids are forgotten. Nothing on the service changes.', remembered)
        : vscode.l10n.t('Its key is deleted from secret storage. Nothing on the service changes.'),
    },
    removeButton,
  );
  if (answer !== removeButton) throw new CancelledByUser();
  await services.registry.forget(connection.id);
  await services.responses.forget(connection.id);
  await services.connections.remove(connection.id);
}

import * as vscode from 'vscode';
import { CancelledByUser } from '../api/errors';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

export async function removeConnection(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, 'Remove which connection?', false);
  const remembered = services.registry.remembered(connection.id).length;
  const answer = await vscode.window.showWarningMessage(
    `Remove connection "${connection.name}"?`,
    {
      modal: true,
      detail: `Its key is deleted from secret storage${remembered ? ` and ${remembered} remembered thread id(s) are forgotten` : ''}. Nothing on the service changes.`,
    },
    'Remove',
  );
  if (answer !== 'Remove') throw new CancelledByUser();
  await services.registry.forget(connection.id);
  await services.connections.remove(connection.id);
}

import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

/** Chooses the connection palette commands use when there are several. */
export async function selectConnection(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Select the connection palette commands use'), false);
  await vscode.workspace.getConfiguration('agentRuns').update('activeConnection', connection.id, vscode.ConfigurationTarget.Global);
  const node = services.tree.findNode(`c/${connection.id}`);
  if (node) await services.tree.view.reveal(node, { select: true, focus: false, expand: true });
}

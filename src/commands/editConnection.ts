import * as vscode from 'vscode';
import type { Services } from '../services';
import { connectionWizard, pickConnection } from './connectionWizard';

export async function editConnection(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Edit which connection?'), false);
  await connectionWizard(services, connection);
}

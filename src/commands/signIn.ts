import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

export async function signIn(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Sign in for which connection?'), false);
  await services.connections.signIn(connection);
}

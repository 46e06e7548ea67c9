import * as vscode from 'vscode';
import { UserFacingError, toSentence } from '../api/errors';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

export async function testConnection(services: Services, arg?: unknown): Promise<string> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Test which connection?'), false);
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing "{0}"…', connection.name) },
    async () => {
      try {
        return { ok: true, text: await services.connections.client(connection.id).test() };
      } catch (error) {
        return { ok: false, text: toSentence(error, vscode.l10n.t('Connection "{0}" failed', connection.name)) };
      }
    },
  );
  services.log.info(`Test connection: ${verdict.text}`);
  if (!verdict.ok) throw new UserFacingError(verdict.text);
  void vscode.window.showInformationMessage(verdict.text);
  return verdict.text;
}

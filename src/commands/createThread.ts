import * as vscode from 'vscode';
import { CancelledByUser } from '../api/errors';
import type { Services } from '../services';
import { rememberAndReveal } from './addThread';
import { pickConnection } from './connectionWizard';

export async function createThread(services: Services, arg?: unknown): Promise<string> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Create a thread on which connection?'));
  const message = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Thread — {0}', connection.name),
    prompt: vscode.l10n.t('First user message (optional; leave empty for an empty thread)'),
    ignoreFocusOut: true,
  });
  if (message === undefined) throw new CancelledByUser();
  const thread = await vscode.window.withProgress({ location: { viewId: 'agentRuns.explorer' }, title: vscode.l10n.t('Creating thread…') }, () =>
    services.store.api(connection.id).createThread(message.trim() || undefined),
  );
  await rememberAndReveal(services, connection.id, [thread.id]);
  return thread.id;
}

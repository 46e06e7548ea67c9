// Open Archive…: export files (one file, or a folder of them) as a read-only connection.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { connectionIdOf } from '../util/refs';
import type { Services } from '../services';

/** Opens an export file or folder (the argument, or one picked in a dialog) as an archive. */
export async function openArchive(services: Services, arg?: unknown): Promise<string> {
  const uri = arg instanceof vscode.Uri ? arg : await askArchive();
  const opened = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Opening archive {0}', uri.path.replace(/^.*\//, '')) },
    () => services.connections.archives.open(uri),
  );
  const { threads, conversations, responses } = opened.counts;
  const sentence = vscode.l10n.t(
    'Opened archive "{0}": {1} threads, {2} conversations, {3} responses, read only.',
    opened.connection.name,
    threads,
    conversations,
    responses,
  );
  services.log.info(sentence);
  if (opened.refused.length) {
    const refused = vscode.l10n.t('{0} {1} files were not opened: {2}', sentence, opened.refused.length, opened.refused.join(' '));
    services.log.warn(refused);
    void vscode.window.showWarningMessage(refused);
  } else {
    void vscode.window.showInformationMessage(sentence);
  }
  await services.tree.revealConnection(opened.connection.id);
  return opened.connection.id;
}

async function askArchive(): Promise<vscode.Uri> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Open Archive: an export file, or a folder of them'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()),
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    filters: { [vscode.l10n.t('Exports')]: ['json'] },
    openLabel: vscode.l10n.t('Open Archive'),
  });
  if (!picked?.[0]) throw new CancelledByUser();
  return picked[0];
}

/** Removes an archive from the view; its files are left as they are. */
export async function removeArchive(services: Services, arg?: unknown): Promise<void> {
  const id = connectionIdOf(arg);
  const connection = id === undefined ? undefined : services.connections.get(id);
  if (!connection || connection.archive === undefined) throw new UserFacingError(vscode.l10n.t('Pick an archive in the Agent Runs view to remove it.'));
  await services.registry.forget(connection.id);
  await services.responses.forget(connection.id);
  await services.connections.archives.remove(connection.id);
  services.log.info(vscode.l10n.t('Removed archive "{0}" from the view; its files were not changed.', connection.name));
}

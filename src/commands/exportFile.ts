// The part every export shares: where to write (a save dialog, unless given), writing
// the JSON only once everything was read, and the notification that offers to open it.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Services } from '../services';

export interface ExportTargetOptions {
  /** Where to write, instead of asking with a save dialog (scripts, tests). */
  target?: vscode.Uri;
}

export async function exportTarget(id: string, options: ExportTargetOptions | undefined): Promise<vscode.Uri> {
  if (options?.target instanceof vscode.Uri) return options.target;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export {0} as JSON', id),
    defaultUri: vscode.Uri.joinPath(folder, `${id}.json`),
    filters: { JSON: ['json'] },
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) throw new CancelledByUser();
  return target;
}

/** Writes the export and says what was written, with an Open button. */
export async function writeExport(services: Services, target: vscode.Uri, content: unknown, summary: (where: string) => string): Promise<vscode.Uri> {
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(content, null, 2)}\n`));
  } catch (error) {
    throw new UserFacingError(vscode.l10n.t("Couldn't write {0}: {1}", target.fsPath, (error as Error).message));
  }
  const sentence = summary(vscode.workspace.asRelativePath(target));
  services.log.info(sentence);
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(sentence, open).then(async (answer) => {
    if (answer === open) await vscode.window.showTextDocument(target);
  });
  return target;
}

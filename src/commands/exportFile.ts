// The part every export shares: where to write (a save dialog, unless given), writing
// the file only once everything was read, and the notification that offers to open it.
// An export is written as JSON (the service's objects) or as Markdown (to share in an issue).
import * as os from 'node:os';
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Services } from '../services';

export type ExportFormat = 'json' | 'markdown';

const formats: Record<ExportFormat, { extension: string; filter: Record<string, string[]>; title: (id: string) => string }> = {
  json: { extension: 'json', filter: { JSON: ['json'] }, title: (id) => vscode.l10n.t('Export {0} as JSON', id) },
  markdown: { extension: 'md', filter: { Markdown: ['md'] }, title: (id) => vscode.l10n.t('Export {0} as Markdown', id) },
};

export interface ExportTargetOptions {
  /** Where to write, instead of asking with a save dialog (scripts, tests). */
  target?: vscode.Uri;
}

export async function exportTarget(id: string, options: ExportTargetOptions | undefined, format: ExportFormat): Promise<vscode.Uri> {
  if (options?.target instanceof vscode.Uri) return options.target;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const { extension, filter, title } = formats[format];
  const target = await vscode.window.showSaveDialog({
    title: title(id),
    defaultUri: vscode.Uri.joinPath(folder, `${id}.${extension}`),
    filters: filter,
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) throw new CancelledByUser();
  return target;
}

/** The text of an export: the document as JSON, or its Markdown rendering. */
export function exportText<T>(format: ExportFormat, exported: T, markdown: (exported: T) => string): string {
  return format === 'json' ? `${JSON.stringify(exported, null, 2)}\n` : markdown(exported);
}

/** Writes the export and says what was written, with an Open button (and Open Preview for Markdown). */
export async function writeExport(services: Services, target: vscode.Uri, text: string, format: ExportFormat, summary: (where: string) => string): Promise<vscode.Uri> {
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (error) {
    throw new UserFacingError(vscode.l10n.t("Couldn't write {0}: {1}", target.fsPath, (error as Error).message));
  }
  const sentence = summary(vscode.workspace.asRelativePath(target));
  services.log.info(sentence);
  const open = vscode.l10n.t('Open');
  const preview = vscode.l10n.t('Open Preview');
  const buttons = format === 'markdown' ? [preview, open] : [open];
  void vscode.window.showInformationMessage(sentence, ...buttons).then(async (answer) => {
    if (answer === open) await vscode.window.showTextDocument(target);
    if (answer === preview) await vscode.commands.executeCommand('markdown.showPreview', target);
  });
  return target;
}

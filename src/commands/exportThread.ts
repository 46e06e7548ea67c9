import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import { threadMarkdown } from '../model/markdownExport';
import type { Services } from '../services';
import { ExportCancelled, exportThread } from '../store/threadExport';
import { findIds } from '../store/threadRegistry';
import { threadRefOf, type ThreadRef } from '../util/refs';
import { pickConnection } from './connectionWizard';
import { exportTarget, exportText, writeExport, type ExportFormat, type ExportTargetOptions } from './exportFile';

/**
 * Writes a whole thread — the thread, its messages, its runs and every step — to a file
 * the user picks: as JSON, or as Markdown to share in an issue (credentials left out).
 * Nothing is written unless everything was read.
 */
export const exportThreadCommand = (format: ExportFormat) => async (services: Services, arg?: unknown, options?: ExportTargetOptions): Promise<vscode.Uri> => {
  const ref = threadRefOf(arg) ?? (await askThread(services, format));
  const target = await exportTarget(ref.threadId, options, format);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0}', ref.threadId), cancellable: true },
    async (progress, token) => {
      try {
        return await exportThread(services.store.api(ref.connectionId), ref.threadId, {
          isCancelled: () => token.isCancellationRequested,
          onProgress: (p) =>
            progress.report({
              message: p.runs
                ? vscode.l10n.t('{0} messages, steps of {1} of {2} runs', p.messages, p.runsDone, p.runs)
                : vscode.l10n.t('{0} messages', p.messages),
            }),
        });
      } catch (error) {
        if (error instanceof ExportCancelled && token.isCancellationRequested) throw new CancelledByUser();
        throw new UserFacingError(toSentence(error, vscode.l10n.t("Couldn't export {0}; nothing was written", ref.threadId)));
      }
    },
  );
  const steps = result.runs.reduce((sum, r) => sum + r.steps.length, 0);
  return writeExport(services, target, exportText(format, result, threadMarkdown), format, (where) =>
    vscode.l10n.t('Exported {0} ({1} messages, {2} runs, {3} steps) to {4}.', ref.threadId, result.messages.length, result.runs.length, steps, where),
  );
};

async function askThread(services: Services, format: ExportFormat): Promise<ThreadRef> {
  const connection = await pickConnection(services, undefined, vscode.l10n.t('Export a thread of which connection?'));
  const text = await vscode.window.showInputBox({
    title: format === 'json' ? vscode.l10n.t('Export Thread as JSON — {0}', connection.name) : vscode.l10n.t('Export Thread as Markdown — {0}', connection.name),
    prompt: vscode.l10n.t('The thread id, or any text that contains it'),
    placeHolder: 'thread_abc123',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return undefined;
      const { threads } = findIds(value);
      if (threads.length === 1) return undefined;
      return threads.length ? vscode.l10n.t('Found {0} thread ids; export one at a time.', threads.length) : vscode.l10n.t('No thread id found: thread ids look like thread_abc123.');
    },
  });
  const threads = text ? findIds(text).threads : [];
  if (threads.length !== 1) throw new CancelledByUser();
  return { connectionId: connection.id, threadId: threads[0]! };
}

// Export Connection…: every thread, conversation and response the tree knows of a
// connection (all pages of what the service lists, and the ones added by id) in one file,
// with progress and cancel. Interrupted (cancelled, failed, window closed), it leaves a
// partial file and its resume state beside the target, and the next export to the same
// file offers to continue it.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import type { Services } from '../services';
import {
  connectionReaders,
  discardInterrupted,
  exportConnection,
  interruptedExport,
  type ConnectionExportPlan,
  type ResumeState,
} from '../store/connectionExport';
import { loadEveryPage, type ListState } from '../store/pagedList';
import { ExportCancelled } from '../store/threadExport';
import { pickConnection } from './connectionWizard';
import type { ExportTargetOptions } from './exportFile';

export interface ExportConnectionOptions extends ExportTargetOptions {
  /** What to do with an interrupted export to the same file, instead of asking (tests). */
  interrupted?: 'resume' | 'restart';
}

export async function exportConnectionCommand(services: Services, arg?: unknown, options: ExportConnectionOptions = {}): Promise<vscode.Uri | undefined> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Export which connection?'), false);
  const target = options.target instanceof vscode.Uri ? options.target : await askTarget(connection.name);
  let resume = await interruptedExport(target.fsPath, connection.id);
  if (resume) {
    const choice = options.interrupted ?? (await askResume(resume, target));
    if (choice === 'restart') {
      await discardInterrupted(target.fsPath);
      resume = undefined;
    }
  }
  const { store, responses } = services;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting connection {0}', connection.name), cancellable: true },
    async (progress, token) => {
      try {
        const surface = await responses.surface(connection.id).catch(() => ({ listsResponses: false, listsConversations: false }));
        const readers = connectionReaders(store.api(connection.id), responses.api(connection.id), connection, {
          listsResponses: surface.listsResponses,
          knownOf: (conversationId) => responses.conversationResponseList(connection.id, conversationId).items,
        });
        let start: Parameters<typeof exportConnection>[1];
        if (resume) {
          start = { resume };
        } else {
          progress.report({ message: vscode.l10n.t('listing what the connection holds…') });
          start = {
            connectionId: connection.id,
            source: { connection: connection.name, kind: connection.kind, base_url: connection.baseUrl ?? null, api_version: connection.apiVersion ?? null },
            plan: await planOf(services, connection.id, () => token.isCancellationRequested),
          };
        }
        let last = 0;
        return await exportConnection(target.fsPath, start, readers, {
          isCancelled: () => token.isCancellationRequested,
          onProgress: (p) => {
            const message = p.resumed
              ? vscode.l10n.t('{0} of {1} written ({2} by the interrupted export)', p.written, p.total, p.resumed)
              : vscode.l10n.t('{0} of {1} written', p.written, p.total);
            progress.report({ message, increment: p.total ? ((p.written - last) / p.total) * 100 : 0 });
            last = p.written;
          },
        });
      } catch (error) {
        const paused = vscode.l10n.t('Export Connection… to the same file again continues it.');
        if (error instanceof ExportCancelled && token.isCancellationRequested) {
          void vscode.window.showInformationMessage(vscode.l10n.t('The export of {0} was cancelled; what it wrote is kept beside {1}. {2}', connection.name, target.fsPath, paused));
          throw new CancelledByUser();
        }
        throw new UserFacingError(`${toSentence(error, vscode.l10n.t('The export of {0} stopped', connection.name))} ${paused}`);
      }
    },
  );
  const sentence = vscode.l10n.t(
    'Exported {0} ({1} threads, {2} conversations, {3} responses) to {4}.',
    connection.name,
    result.threads,
    result.conversations,
    result.responses,
    vscode.workspace.asRelativePath(target),
  );
  services.log.info(sentence);
  const open = vscode.l10n.t('Open as Archive');
  void vscode.window.showInformationMessage(sentence, open).then(async (answer) => {
    if (answer === open) await vscode.commands.executeCommand('agentRuns.openArchive', target);
  });
  return target;
}

/** Every thread, conversation and response the tree knows: all pages of what the service lists, and those added by id. */
async function planOf(services: Services, connectionId: string, isCancelled: () => boolean): Promise<ConnectionExportPlan> {
  const { store, responses } = services;
  const all = async (state: () => ListState<string>, load: (more: boolean) => Promise<void>): Promise<string[]> => {
    const list = await loadEveryPage(state, load, () => {
      if (isCancelled()) throw new ExportCancelled();
    });
    if (list.error) throw new UserFacingError(list.error);
    return [...new Set(list.items)];
  };
  const surface = await responses.surface(connectionId).catch(() => undefined);
  const [threads, conversations, responseIds] = await Promise.all([
    all(() => store.threadList(connectionId), (more) => store.loadThreads(connectionId, more)),
    surface ? all(() => responses.conversationList(connectionId), (more) => responses.loadConversations(connectionId, more)) : Promise.resolve([]),
    surface ? all(() => responses.responseList(connectionId), (more) => responses.loadResponses(connectionId, more)) : Promise.resolve([]),
  ]);
  return { threads, conversations, responses: responseIds };
}

async function askTarget(name: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const file = `${name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'connection'}.json`;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export connection {0} as JSON', name),
    defaultUri: vscode.Uri.joinPath(folder, file),
    filters: { JSON: ['json'] },
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) throw new CancelledByUser();
  return target;
}

async function askResume(state: ResumeState, target: vscode.Uri): Promise<'resume' | 'restart'> {
  const written = state.written.threads + state.written.conversations + state.written.responses;
  const total = state.plan.threads.length + state.plan.conversations.length + state.plan.responses.length;
  const resumeButton = vscode.l10n.t('Resume');
  const restartButton = vscode.l10n.t('Start Over');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('An export to {0} was interrupted after {1} of {2} entries.', target.fsPath, written, total),
    { modal: true, detail: vscode.l10n.t('Resume writes the other {0} entries without reading again those written; Start Over discards them.', total - written) },
    resumeButton,
    restartButton,
  );
  if (answer === resumeButton) return 'resume';
  if (answer === restartButton) return 'restart';
  throw new CancelledByUser();
}

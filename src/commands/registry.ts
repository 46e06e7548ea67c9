// The table of every command the extension registers: one line each, one file per
// command. Handlers throw; `register` logs the error and shows one sentence.
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import { connectionIdOf } from '../util/refs';
import type { Services } from '../services';
import { addConnection } from './addConnection';
import { addThread } from './addThread';
import { answerToolCalls } from './answerToolCalls';
import { compareWith, openComparisonInPanel } from './compareWith';
import { forkFromHere } from './forkFromHere';
import { continueResponse } from './continueResponse';
import { cancelAllRunsOnThread } from './cancelAllRunsOnThread';
import { cancelRun } from './cancelRun';
import { captureActions, copyCaptureUrl, startCapture, stopCapture } from './capture';
import { copyId } from './copyId';
import { copyThreadsToConversations, copyThreadToConversation } from './copyThreadToConversation';
import { createThread } from './createThread';
import { editConnection } from './editConnection';
import { exportConnectionCommand } from './exportConnection';
import { exportThreadCommand } from './exportThread';
import { findIdsInEditor } from './findIds';
import { goToHandlerCommand } from './goToHandler';
import { loadMore } from './loadMore';
import { openArchive, removeArchive } from './openArchive';
import { openJson } from './openJson';
import { openRun } from './openRun';
import { openResponse } from './openResponse';
import { openRunById } from './openRunById';
import { refresh, refreshNode } from './refresh';
import { removeConnection } from './removeConnection';
import { removeThread } from './removeThread';
import { cancelResponse } from './cancelResponse';
import { addConversation, addResponse, exportConversationCommand, removeConversation, removeResponse } from './responseCommands';
import { selectConnection } from './selectConnection';
import { showHiddenThreads } from './showHiddenThreads';
import { showLog } from './showLog';
import { showWaitingRuns } from './showWaitingRuns';
import { signIn } from './signIn';
import { submitToolOutputs } from './submitToolOutputs';
import { submitToolOutputsFromEditor } from './submitToolOutputsFromEditor';
import { testConnection } from './testConnection';

/** A command's handler; its arguments are whatever VS Code passes (nodes, refs, nothing). */
export type CommandHandler = (services: Services, ...args: never[]) => unknown;
type Invoke = (services: Services, ...args: unknown[]) => unknown;

// Keep sorted by area; every id here is contributed in package.json and vice versa.
const commandTable: Record<string, CommandHandler> = {
  // connections
  'agentRuns.addConnection': addConnection,
  'agentRuns.editConnection': editConnection,
  'agentRuns.removeConnection': removeConnection,
  'agentRuns.selectConnection': selectConnection,
  'agentRuns.testConnection': testConnection,
  'agentRuns.signIn': signIn,
  // threads and tree
  'agentRuns.refresh': refresh,
  'agentRuns.refreshNode': refreshNode,
  'agentRuns.loadMore': loadMore,
  'agentRuns.addThread': addThread,
  'agentRuns.createThread': createThread,
  'agentRuns.findIds': findIdsInEditor,
  'agentRuns.removeThread': removeThread,
  'agentRuns.showHiddenThreads': showHiddenThreads,
  'agentRuns.exportThread': exportThreadCommand('json'),
  'agentRuns.exportThreadMarkdown': exportThreadCommand('markdown'),
  'agentRuns.copyId': copyId,
  // conversations and responses
  'agentRuns.addConversation': addConversation,
  'agentRuns.addResponse': addResponse,
  'agentRuns.removeConversation': removeConversation,
  'agentRuns.removeResponse': removeResponse,
  'agentRuns.cancelResponse': cancelResponse,
  'agentRuns.continueResponse': continueResponse,
  'agentRuns.compareWith': compareWith,
  'agentRuns.openComparisonInPanel': openComparisonInPanel,
  'agentRuns.forkFromHere': forkFromHere,
  'agentRuns.forkFromEditor': (services: Services, uri?: unknown, options?: unknown) =>
    services.forkDrafts.forkFromEditor(uri instanceof vscode.Uri ? uri : undefined, (options as { confirm?: false } | undefined)?.confirm === false ? { confirm: false } : {}),
  'agentRuns.continueFromEditor': (services: Services, uri?: unknown, options?: unknown) =>
    services.continueDrafts.continueFromEditor(uri instanceof vscode.Uri ? uri : undefined, (options as { confirm?: false } | undefined)?.confirm === false ? { confirm: false } : {}),
  'agentRuns.exportConversation': exportConversationCommand('json'),
  'agentRuns.exportConversationMarkdown': exportConversationCommand('markdown'),
  // archives: exports opened read-only
  'agentRuns.openArchive': openArchive,
  'agentRuns.exportConnection': exportConnectionCommand,
  // migration: classic threads into conversations
  'agentRuns.copyThreadToConversation': copyThreadToConversation,
  'agentRuns.copyThreadsToConversations': copyThreadsToConversations,
  'agentRuns.removeArchive': removeArchive,
  'agentRuns.showWaitingRuns': showWaitingRuns,
  'agentRuns.showLog': showLog,
  // capture
  'agentRuns.startCapture': startCapture,
  'agentRuns.stopCapture': stopCapture,
  'agentRuns.copyCaptureUrl': copyCaptureUrl,
  'agentRuns.captureActions': captureActions,
  // run panel and JSON
  'agentRuns.openRun': openRun,
  'agentRuns.openRunById': openRunById,
  'agentRuns.openJson': openJson,
  // response panel
  'agentRuns.openResponse': openResponse,
  // acting on runs
  'agentRuns.cancelRun': cancelRun,
  'agentRuns.cancelAllRunsOnThread': cancelAllRunsOnThread,
  'agentRuns.answerToolCalls': answerToolCalls,
  'agentRuns.submitToolOutputs': submitToolOutputs,
  'agentRuns.submitToolOutputsFromEditor': submitToolOutputsFromEditor,
  // from a tool call to the code that answers it
  'agentRuns.goToHandler': goToHandlerCommand,
};

/**
 * What each command that needs a live service does, in words: on a row of an archive
 * (export files opened read-only) it says so instead of failing on a request.
 */
const needsService: Record<string, () => string> = {
  'agentRuns.editConnection': () => vscode.l10n.t('editing a connection'),
  'agentRuns.testConnection': () => vscode.l10n.t('testing a connection'),
  'agentRuns.signIn': () => vscode.l10n.t('signing in'),
  'agentRuns.addThread': () => vscode.l10n.t('adding a thread'),
  'agentRuns.createThread': () => vscode.l10n.t('creating a thread'),
  'agentRuns.addConversation': () => vscode.l10n.t('adding a conversation'),
  'agentRuns.addResponse': () => vscode.l10n.t('adding a response'),
  'agentRuns.cancelResponse': () => vscode.l10n.t('cancelling a response'),
  'agentRuns.continueResponse': () => vscode.l10n.t('answering and continuing a response'),
  'agentRuns.forkFromHere': () => vscode.l10n.t('forking'),
  'agentRuns.startCapture': () => vscode.l10n.t('capturing'),
  'agentRuns.cancelRun': () => vscode.l10n.t('cancelling a run'),
  'agentRuns.cancelAllRunsOnThread': () => vscode.l10n.t('cancelling runs'),
  'agentRuns.answerToolCalls': () => vscode.l10n.t('answering tool calls'),
  'agentRuns.submitToolOutputs': () => vscode.l10n.t('submitting tool outputs'),
};

/** Throws the sentence that says an archive can't do `action` (nothing when the connection is live). */
function refuseOnArchive(services: Pick<Services, 'connections'>, connectionId: string | undefined, action: string): void {
  const connection = connectionId === undefined ? undefined : services.connections.get(connectionId);
  if (connection?.archive === undefined) return;
  throw new UserFacingError(
    vscode.l10n.t('"{0}" is an archive, read only: {1} needs the live service. Open the same thread or conversation on a connection to the service to do this.', connection.name, action),
  );
}

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        const action = needsService[id];
        if (action) refuseOnArchive(services, connectionIdOf(args[0]), action());
        return await (handler as Invoke)(services, ...args);
      } catch (error) {
        if (error instanceof CancelledByUser) return undefined;
        const sentence = toSentence(error);
        services.log.error(`${id}: ${sentence}`);
        void vscode.window.showErrorMessage(sentence);
        return undefined;
      }
    }),
  );
}

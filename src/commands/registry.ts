// The table of every command the extension registers: one line each, one file per
// command. Handlers throw; `register` logs the error and shows one sentence.
import * as vscode from 'vscode';
import { CancelledByUser, toSentence } from '../api/errors';
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
import { createThread } from './createThread';
import { editConnection } from './editConnection';
import { exportThreadCommand } from './exportThread';
import { findIdsInEditor } from './findIds';
import { goToHandlerCommand } from './goToHandler';
import { loadMore } from './loadMore';
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

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
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

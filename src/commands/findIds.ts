import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { findIds as scan, threadOfRun } from '../store/threadRegistry';
import { rememberAndReveal } from './addThread';
import { rememberConversations, rememberResponses } from './responseCommands';
import { pickConnection } from './connectionWizard';
import { openRunById } from './openRunById';

const threadCount = (n: number) => (n === 1 ? vscode.l10n.t('1 thread id') : vscode.l10n.t('{0} thread ids', n));
const runCount = (n: number) => (n === 1 ? vscode.l10n.t('1 run id') : vscode.l10n.t('{0} run ids', n));
const conversationCount = (n: number) => (n === 1 ? vscode.l10n.t('1 conversation id') : vscode.l10n.t('{0} conversation ids', n));
const responseCount = (n: number) => (n === 1 ? vscode.l10n.t('1 response id') : vscode.l10n.t('{0} response ids', n));

/**
 * Scans the active editor's selection (or the whole document) for thread_… and run_…
 * ids and offers them in a multi-select pick: threads are added, runs are opened (with
 * the thread on the run's line, or the nearest one before it proposed).
 */
export async function findIdsInEditor(services: Services): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new UserFacingError(vscode.l10n.t('Open an editor (a log, a trace, code) that contains thread_… or run_… ids, then run this again.'));
  const selections = editor.selections.filter((s) => !s.isEmpty);
  const text = selections.length ? selections.map((s) => editor.document.getText(s)).join('\n') : editor.document.getText();
  const inSelection = selections.length > 0;
  const { threads, runs, conversations, responses } = scan(text);
  if (!threads.length && !runs.length && !conversations.length && !responses.length) {
    throw new UserFacingError(
      inSelection ? vscode.l10n.t('No thread_…, run_…, conv_… or resp_… ids found in the selection.') : vscode.l10n.t('No thread_…, run_…, conv_… or resp_… ids found in this editor.'),
    );
  }
  const connection = await pickConnection(services, undefined, vscode.l10n.t('Add the ids to which connection?'));
  const known = new Set(services.registry.remembered(connection.id));
  const knownConversations = new Set(services.responses.conversationList(connection.id).items);
  const knownResponses = new Set(services.responses.responseList(connection.id).items);
  type Item = vscode.QuickPickItem & { id: string; idKind: 'thread' | 'run' | 'conversation' | 'response' };
  const items: Item[] = [
    ...conversations.map((id): Item => {
      const listed = knownConversations.has(id);
      return { label: id, description: listed ? vscode.l10n.t('conversation · already listed') : vscode.l10n.t('conversation'), picked: !listed, id, idKind: 'conversation' };
    }),
    ...responses.map((id): Item => {
      const listed = knownResponses.has(id);
      return { label: id, description: listed ? vscode.l10n.t('response · already listed') : vscode.l10n.t('response'), picked: !listed, id, idKind: 'response' };
    }),
    ...threads.map((id): Item => ({ label: id, description: known.has(id) ? vscode.l10n.t('thread · already listed') : vscode.l10n.t('thread'), picked: !known.has(id), id, idKind: 'thread' })),
    ...runs.map((id): Item => {
      const thread = threadOfRun(text, id);
      return {
        label: id,
        description: thread?.sameLine ? vscode.l10n.t('run on {0} · open its panel', thread.threadId) : vscode.l10n.t('run · open its panel (asks for its thread)'),
        picked: false,
        id,
        idKind: 'run',
      };
    }),
  ];
  const counts = [
    threads.length || runs.length ? threadCount(threads.length) : '',
    threads.length || runs.length ? runCount(runs.length) : '',
    conversations.length ? conversationCount(conversations.length) : '',
    responses.length ? responseCount(responses.length) : '',
  ].filter(Boolean);
  const listed = counts.length > 1 ? vscode.l10n.t('{0} and {1}', counts.slice(0, -1).join(', '), counts.at(-1)!) : counts[0]!;
  const found = inSelection ? vscode.l10n.t('Found {0} in the selection', listed) : vscode.l10n.t('Found {0} in this editor', listed);
  const picked = await vscode.window.showQuickPick(items, {
    title: found,
    placeHolder: vscode.l10n.t('Pick the ids to add (threads) or open (runs)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked?.length) throw new CancelledByUser();
  const pickedThreads = picked.filter((p) => p.idKind === 'thread').map((p) => p.id);
  if (pickedThreads.length) await rememberAndReveal(services, connection.id, pickedThreads);
  const pickedConversations = picked.filter((p) => p.idKind === 'conversation').map((p) => p.id);
  if (pickedConversations.length) await rememberConversations(services, connection.id, pickedConversations);
  const pickedResponses = picked.filter((p) => p.idKind === 'response').map((p) => p.id);
  if (pickedResponses.length) await rememberResponses(services, connection.id, pickedResponses);
  const skipped: string[] = [];
  for (const run of picked.filter((p) => p.idKind === 'run')) {
    const thread = threadOfRun(text, run.id);
    try {
      await openRunById(services, {
        connectionId: connection.id,
        runId: run.id,
        threadId: thread?.sameLine ? thread.threadId : undefined,
        proposedThreadId: thread?.threadId,
      });
    } catch (error) {
      if (!(error instanceof CancelledByUser)) throw error;
      skipped.push(run.id);
    }
  }
  if (skipped.length) {
    void vscode.window.showInformationMessage(
      skipped.length === 1 ? vscode.l10n.t('{0} was not opened: no thread id was given.', skipped[0]) : vscode.l10n.t('{0} were not opened: no thread id was given.', skipped.join(', ')),
    );
  }
}

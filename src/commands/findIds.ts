import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { findIds as scan } from '../store/threadRegistry';
import { rememberAndReveal } from './addThread';
import { pickConnection } from './connectionWizard';

/**
 * Scans the active editor's selection (or the whole document) for thread_… and run_…
 * ids and offers them in a multi-select pick: threads are added, runs are opened.
 */
export async function findIdsInEditor(services: Services): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new UserFacingError(vscode.l10n.t('Open an editor (a log, a trace, code) that contains thread_… or run_… ids, then run this again.'));
  const selections = editor.selections.filter((s) => !s.isEmpty);
  const text = selections.length ? selections.map((s) => editor.document.getText(s)).join('\n') : editor.document.getText();
  const inSelection = selections.length > 0;
  const { threads, runs } = scan(text);
  if (!threads.length && !runs.length) {
    throw new UserFacingError(inSelection ? vscode.l10n.t('No thread_… or run_… ids found in the selection.') : vscode.l10n.t('No thread_… or run_… ids found in this editor.'));
  }
  const connection = await pickConnection(services, undefined, vscode.l10n.t('Add the ids to which connection?'));
  const known = new Set(services.registry.remembered(connection.id));
  type Item = vscode.QuickPickItem & { id: string; idKind: 'thread' | 'run' };
  const items: Item[] = [
    ...threads.map((id): Item => ({ label: id, description: known.has(id) ? vscode.l10n.t('thread · already listed') : vscode.l10n.t('thread'), picked: !known.has(id), id, idKind: 'thread' })),
    ...runs.map((id): Item => ({ label: id, description: vscode.l10n.t('run · open its panel (needs its thread)'), picked: false, id, idKind: 'run' })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: inSelection
      ? vscode.l10n.t('Found {0} thread id(s) and {1} run id(s) in the selection', threads.length, runs.length)
      : vscode.l10n.t('Found {0} thread id(s) and {1} run id(s) in this editor', threads.length, runs.length),
    placeHolder: vscode.l10n.t('Pick the ids to add (threads) or open (runs)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked?.length) throw new CancelledByUser();
  const pickedThreads = picked.filter((p) => p.idKind === 'thread').map((p) => p.id);
  if (pickedThreads.length) await rememberAndReveal(services, connection.id, pickedThreads);
  for (const run of picked.filter((p) => p.idKind === 'run')) {
    // A run needs its thread; with exactly one thread id in the text, that's the one.
    const threadId = threads.length === 1 ? threads[0] : undefined;
    await vscode.commands.executeCommand('agentRuns.openRunById', { connectionId: connection.id, runId: run.id, threadId });
  }
}

import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { findIds } from '../store/threadRegistry';
import { pickConnection } from './connectionWizard';

/**
 * Adds one or many threads by id; accepts any text that contains thread_… ids. The text
 * may come as the second argument (from other commands or scripts), else it is asked for.
 */
export async function addThread(services: Services, arg?: unknown, given?: unknown): Promise<string[]> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Add threads to which connection?'));
  const text = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Thread by ID — {0}', connection.name),
    prompt: vscode.l10n.t('One or more thread ids, or any text that contains them (a log line, a URL, JSON)'),
    placeHolder: 'thread_abc123, thread_def456',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return undefined;
      const { threads } = findIds(value);
      return threads.length ? undefined : vscode.l10n.t('No thread id found: thread ids look like thread_abc123.');
    },
  });
  if (!text?.trim()) throw new CancelledByUser();
  const { threads } = findIds(text);
  if (!threads.length) throw new UserFacingError(vscode.l10n.t('No thread id found: thread ids look like thread_abc123.'));
  return rememberAndReveal(services, connection.id, threads);
}

export async function rememberAndReveal(services: Services, connectionId: string, threadIds: string[]): Promise<string[]> {
  const fresh = await services.store.rememberThreads(connectionId, threadIds);
  const already = threadIds.length - fresh.length;
  services.log.info(`Added ${fresh.length === 1 ? '1 thread' : `${fresh.length} threads`} to ${connectionId}${already ? ` (${already} already listed)` : ''}.`);
  const first = threadIds[0];
  if (first) {
    // Reveal after the connection's children were recomputed.
    setTimeout(() => {
      const node = services.tree.findNode(`c/${connectionId}/t/${first}`);
      if (node) void services.tree.view.reveal(node, { select: true, focus: false, expand: false });
    }, 50);
  }
  if (already && !fresh.length) void vscode.window.showInformationMessage(threadIds.length === 1 ? vscode.l10n.t('{0} is already listed.', first) : vscode.l10n.t('These threads are already listed.'));
  return fresh;
}

import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import { refOf } from '../util/refs';
import type { Services } from '../services';
import { findIds } from '../store/threadRegistry';
import { pickConnection } from './connectionWizard';

const threadPattern = /^thread_[A-Za-z0-9]{4,64}$/;

/** What is wrong with a typed thread id; an empty answer is refused too (Esc skips). */
export function threadInputProblem(value: string): string | undefined {
  if (!value.trim()) return vscode.l10n.t('Enter the thread id, or press Esc to skip this run.');
  return findIds(value).threads.length ? undefined : vscode.l10n.t('No thread id found: thread ids look like thread_abc123.');
}

/**
 * Opens a run typed or pasted as its id, or as any text holding `run_…` (and ideally
 * `thread_…`) ids; callers that know the ids (found in an editor, a terminal link) pass
 * `{ runId, threadId? }` and nothing is asked that they gave. The thread is asked for
 * when it is unknown (every service needs it in the path); the run is read once to check
 * the ids before the thread is remembered.
 */
export async function openRunById(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Open a run from which connection?'), false);
  const given = refOf(arg) ?? {};
  const givenText = [given.runId, given.threadId].filter((v): v is string => typeof v === 'string').join(' ');
  const text = findIds(givenText).runs.length ? givenText : await vscode.window.showInputBox({
    title: vscode.l10n.t('Open Run by ID — {0}', connection.name),
    prompt: vscode.l10n.t('A run id, or any text that contains run_… and thread_… ids (a log line, a URL, JSON)'),
    placeHolder: 'run_abc123  or  thread_def456/run_abc123',
    ignoreFocusOut: true,
    validateInput: (value) => (!value.trim() || findIds(value).runs.length ? undefined : vscode.l10n.t('No run id found: run ids look like run_abc123.')),
  });
  if (!text?.trim()) throw new CancelledByUser();
  const { runs, threads } = findIds(text);
  const runId = runs[0];
  if (!runId) throw new UserFacingError(vscode.l10n.t('No run id found: run ids look like run_abc123.'));
  let threadId: string | undefined = threads[0] ?? services.store.activeRuns(connection.id).find((r) => r.run.id === runId)?.run.thread_id;
  if (!threadId) {
    const proposed = typeof given.proposedThreadId === 'string' && threadPattern.test(given.proposedThreadId) ? given.proposedThreadId : undefined;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Thread of {0}', runId),
      prompt: vscode.l10n.t('The service needs the thread id to read a run. Paste the thread id (or text that contains it); Esc skips the run.'),
      value: proposed,
      placeHolder: 'thread_abc123',
      ignoreFocusOut: true,
      validateInput: (value) => threadInputProblem(value),
    });
    threadId = typed ? findIds(typed).threads[0] : undefined;
    if (!threadId) throw new CancelledByUser();
  }
  if (!threadPattern.test(threadId)) throw new UserFacingError(vscode.l10n.t('{0} is not a thread id.', threadId));
  const ref = { connectionId: connection.id, threadId, runId };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Opening {0}…', runId) }, async () => {
    try {
      await services.store.fetchRun(ref.connectionId, ref.threadId, ref.runId);
    } catch (error) {
      throw new UserFacingError(toSentence(error, vscode.l10n.t("Couldn't open {0} on {1}", runId, threadId)));
    }
  });
  await services.store.rememberThreads(connection.id, [threadId]);
  services.panels.open(ref);
}

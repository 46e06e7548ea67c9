import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import type { Services } from '../services';
import { findIds } from '../store/threadRegistry';
import { pickConnection } from './connectionWizard';

const threadPattern = /^thread_[A-Za-z0-9]{4,64}$/;

/**
 * Opens a run typed or pasted as its id, or as any text holding `run_…` (and ideally
 * `thread_…`) ids. The thread is asked for when the text lacks it (every service needs
 * it in the path); the run is read once to check the ids before the thread is remembered.
 */
export async function openRunById(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, 'Open a run from which connection?', false);
  const text = await vscode.window.showInputBox({
    title: `Open Run by ID — ${connection.name}`,
    prompt: 'A run id, or any text that contains run_… and thread_… ids (a log line, a URL, JSON)',
    placeHolder: 'run_abc123  or  thread_def456/run_abc123',
    ignoreFocusOut: true,
    validateInput: (value) => (!value.trim() || findIds(value).runs.length ? undefined : 'No run id found: run ids look like run_abc123.'),
  });
  if (!text?.trim()) throw new CancelledByUser();
  const { runs, threads } = findIds(text);
  const runId = runs[0];
  if (!runId) throw new UserFacingError('No run id found: run ids look like run_abc123.');
  let threadId: string | undefined = threads[0] ?? services.store.activeRuns(connection.id).find((r) => r.run.id === runId)?.run.thread_id;
  if (!threadId) {
    const remembered = services.registry.remembered(connection.id);
    const typed = await vscode.window.showInputBox({
      title: `Thread of ${runId}`,
      prompt: 'The service needs the thread id to read a run. Paste the thread id (or text that contains it).',
      placeHolder: remembered[0] ?? 'thread_abc123',
      ignoreFocusOut: true,
      validateInput: (value) => (!value.trim() || findIds(value).threads.length ? undefined : 'No thread id found: thread ids look like thread_abc123.'),
    });
    threadId = typed ? findIds(typed).threads[0] : undefined;
    if (!threadId) throw new CancelledByUser();
  }
  if (!threadPattern.test(threadId)) throw new UserFacingError(`${threadId} is not a thread id.`);
  const ref = { connectionId: connection.id, threadId, runId };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Opening ${runId}…` }, async () => {
    try {
      await services.store.fetchRun(ref.connectionId, ref.threadId, ref.runId);
    } catch (error) {
      throw new UserFacingError(toSentence(error, `Couldn't open ${runId} on ${threadId}`));
    }
  });
  await services.store.rememberThreads(connection.id, [threadId]);
  services.panels.open(ref);
}

// Copy Thread to Conversation… (a thread row, live or in an archive) and Copy Threads to
// Conversations… (a connection or an archive: all its threads). The plan is shown first in
// a read-only preview; after a modal question the conversation is created (its metadata
// names the thread) and the items are added 20 a request, with progress and cancel. An
// interrupted copy is remembered and resumed after the last item the service holds.
import * as vscode from 'vscode';
import type { Connection } from '../api/connection';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import { createConversation, listConversationItems } from '../api/responses/calls';
import type { ThreadBody } from '../archive/archiveFormat';
import { itemsText, migrationMetadata, migrationPreview, planMigration, requestsOf, type MigrationPlan } from '../model/migration';
import type { Services } from '../services';
import { loadEveryPage, readAll } from '../store/pagedList';
import { ExportCancelled, threadBody } from '../store/threadExport';
import { copyIntoConversation } from '../store/threadMigration';
import { connectionIdOf, threadRefOf, type ThreadRef } from '../util/refs';
import { pickConnection } from './connectionWizard';

const stateKey = 'agentRuns.migrations';

export interface CopyOptions {
  /** The target connection's id, instead of asking (tests). */
  target?: string;
  /** Skips the modal question (tests). */
  confirm?: false;
  /** What to do with an interrupted copy, instead of asking (tests). */
  interrupted?: 'resume' | 'restart';
}

/** An interrupted copy: the conversation it was writing. */
interface InterruptedCopy {
  conversationId: string;
  total: number;
}

const copyKey = (source: ThreadRef, targetId: string) => `${source.connectionId}|${source.threadId}|${targetId}`;

interface Copied {
  conversationId: string;
  added: number;
  resumedAt: number;
  plan: MigrationPlan;
}

export async function copyThreadToConversation(services: Services, arg?: unknown, options: CopyOptions = {}): Promise<Copied | undefined> {
  const ref = threadRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a thread in the Agent Runs view to copy it to a conversation.'));
  const source = connectionOf(services, ref.connectionId);
  const target = await targetOf(services, source, options);
  const body = await withReadProgress(ref.threadId, (isCancelled) => readThread(services, ref, isCancelled));
  const plan = planMigration(body);
  if (!plan.items.length) throw new UserFacingError(vscode.l10n.t('{0} has nothing a conversation can hold: no message and no answered call.', ref.threadId));
  await services.migrationPreviews.show(`Copy ${ref.threadId}`, migrationPreview(plan, { connection: source.name }, { connection: target.name }));
  if (options.confirm !== false) {
    const copy = vscode.l10n.t('Copy');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('Copy {0} into a new conversation on {1}?', ref.threadId, target.name),
      {
        modal: true,
        detail:
          requestsOf(plan) === 1
            ? vscode.l10n.t('{0} items in 1 request, as the preview beside shows; it also says what cannot be carried. Nothing on the thread changes.', plan.items.length)
            : vscode.l10n.t('{0} items in {1} requests, as the preview beside shows; it also says what cannot be carried. Nothing on the thread changes.', plan.items.length, requestsOf(plan)),
      },
      copy,
    );
    if (answer !== copy) throw new CancelledByUser();
  }
  const copied = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Copying {0} to {1}', ref.threadId, target.name), cancellable: true },
    (progress, token) => copyOne(services, ref, body, plan, source, target, options, token, (done, total) => progress.report({ message: vscode.l10n.t('{0} of {1} items', done, total) })),
  );
  const sentence = vscode.l10n.t(
    'Copied {0} into {1} on {2}: {3} items ({4} notes){5}.',
    ref.threadId,
    copied.conversationId,
    target.name,
    plan.items.length,
    plan.counts.notes,
    copied.resumedAt ? vscode.l10n.t(', {0} of them by the interrupted copy', copied.resumedAt) : '',
  );
  services.log.info(sentence);
  await services.tree.revealConversation(target.id, copied.conversationId);
  const compare = vscode.l10n.t('Compare');
  void vscode.window.showInformationMessage(sentence, compare).then(async (answer) => {
    if (answer === compare) await compareCopy(services, target, ref.threadId, copied).catch((error: unknown) => void vscode.window.showErrorMessage(toSentence(error)));
  });
  return copied;
}

/** The diff editor: the items the copy planned from the thread against the items the conversation holds. */
export async function compareCopy(services: Services, target: Connection, threadId: string, copied: Pick<Copied, 'conversationId' | 'plan'>): Promise<void> {
  const held = await readAll((after) => listConversationItems(services.responses.api(target.id), copied.conversationId, after));
  await services.migrationPreviews.compare(
    { name: `${threadId} (planned)`, text: itemsText(copied.plan.items) },
    { name: `${copied.conversationId} (on ${target.name})`, text: itemsText(held) },
    vscode.l10n.t('{0} ↔ {1}: what was planned, what the conversation holds', threadId, copied.conversationId),
  );
}

/** Copies every thread the tree knows of a connection or an archive, one after the other; says what was copied, skipped and failed. */
export async function copyThreadsToConversations(services: Services, arg?: unknown, options: CopyOptions = {}): Promise<{ copied: string[]; skipped: string[]; failed: string[] }> {
  const fromArg = connectionIdOf(arg);
  const source = fromArg !== undefined ? connectionOf(services, fromArg) : await pickConnection(services, undefined, vscode.l10n.t('Copy the threads of which connection?'), false);
  const target = await targetOf(services, source, options);
  const { store } = services;
  const listed = await loadEveryPage(() => store.threadList(source.id), (more) => store.loadThreads(source.id, more));
  const threads = [...new Set(listed.items)];
  if (!threads.length) throw new UserFacingError(vscode.l10n.t('{0} has no threads to copy.', source.name));
  if (options.confirm !== false) {
    const copy = vscode.l10n.t('Copy All');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('Copy the {0} threads of {1} into new conversations on {2}?', threads.length, source.name, target.name),
      { modal: true, detail: vscode.l10n.t('One conversation per thread, each naming its thread in its metadata. Threads with nothing to copy are skipped; nothing on the threads changes.') },
      copy,
    );
    if (answer !== copy) throw new CancelledByUser();
  }
  const result = { copied: [] as string[], skipped: [] as string[], failed: [] as string[] };
  const lines: string[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Copying the threads of {0} to {1}', source.name, target.name), cancellable: true },
    async (progress, token) => {
      for (const [i, threadId] of threads.entries()) {
        if (token.isCancellationRequested) break;
        const ref = { connectionId: source.id, threadId };
        const report = (done: number, total: number) => progress.report({ message: vscode.l10n.t('thread {0} of {1}: {2} of {3} items', i + 1, threads.length, done, total) });
        try {
          const body = await readThread(services, ref, () => token.isCancellationRequested);
          const plan = planMigration(body);
          if (!plan.items.length) {
            result.skipped.push(threadId);
            lines.push(vscode.l10n.t('- {0}: skipped, nothing to copy', threadId));
            continue;
          }
          const copied = await copyOne(services, ref, body, plan, source, target, { ...options, interrupted: options.interrupted ?? 'resume' }, token, report);
          result.copied.push(threadId);
          lines.push(vscode.l10n.t('- {0} → {1}: {2} items', threadId, copied.conversationId, plan.items.length));
        } catch (error) {
          if (error instanceof CancelledByUser) break;
          result.failed.push(threadId);
          lines.push(vscode.l10n.t('- {0}: failed, {1}', threadId, toSentence(error)));
        }
      }
    },
  );
  const summary = vscode.l10n.t(
    'Copied {0} of {1} threads of {2} to {3}; skipped {4}, failed {5}{6}.',
    result.copied.length,
    threads.length,
    source.name,
    target.name,
    result.skipped.length,
    result.failed.length,
    result.copied.length + result.skipped.length + result.failed.length < threads.length ? vscode.l10n.t(' (cancelled; run it again to go on)') : '',
  );
  services.log.info(`${summary}\n${lines.join('\n')}`);
  await services.migrationPreviews.show(`Copied threads of ${source.name}`, `# ${summary}\n\n${lines.join('\n')}\n`);
  const show = vscode.l10n.t('Show in Tree');
  void (result.failed.length ? vscode.window.showWarningMessage(summary, show) : vscode.window.showInformationMessage(summary, show)).then(async (answer) => {
    if (answer === show) await services.tree.revealConnection(target.id);
  });
  return result;
}

function connectionOf(services: Services, id: string): Connection {
  const connection = services.connections.get(id);
  if (!connection) throw new UserFacingError(vscode.l10n.t('No connection with id "{0}".', id));
  return connection;
}

/** The connection to copy into: any connection to a live service (archives hold no new conversations). */
async function targetOf(services: Services, source: Connection, options: CopyOptions): Promise<Connection> {
  const live = services.connections.list().filter((c) => c.archive === undefined);
  if (options.target !== undefined) {
    const found = live.find((c) => c.id === options.target);
    if (!found) throw new UserFacingError(vscode.l10n.t('No live connection with id "{0}" to copy into.', options.target));
    return found;
  }
  if (!live.length) throw new UserFacingError(vscode.l10n.t('Add a connection to OpenAI or a Foundry project first: the conversation is created there.'));
  const picked = await vscode.window.showQuickPick(
    live.map((c) => ({ label: c.name, description: c.id === source.id ? vscode.l10n.t('(the thread’s own connection)') : c.kind, connection: c })),
    { title: vscode.l10n.t('Copy into a new conversation on which connection?'), placeHolder: vscode.l10n.t('A connection with Conversations: OpenAI, or a Foundry project') },
  );
  if (!picked) throw new CancelledByUser();
  return picked.connection;
}

async function readThread(services: Services, ref: ThreadRef, isCancelled: () => boolean): Promise<ThreadBody> {
  try {
    return await threadBody(services.store.api(ref.connectionId), ref.threadId, { isCancelled });
  } catch (error) {
    if (error instanceof ExportCancelled && isCancelled()) throw new CancelledByUser();
    throw new UserFacingError(toSentence(error, vscode.l10n.t("Couldn't read {0}", ref.threadId)));
  }
}

function withReadProgress<T>(threadId: string, read: (isCancelled: () => boolean) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}', threadId), cancellable: true },
    (_progress, token) => read(() => token.isCancellationRequested),
  );
}

async function copyOne(
  services: Services,
  ref: ThreadRef,
  body: ThreadBody,
  plan: MigrationPlan,
  source: Connection,
  target: Connection,
  options: CopyOptions,
  token: vscode.CancellationToken,
  report: (done: number, total: number) => void,
): Promise<Copied> {
  const state = services.context.globalState;
  const all = () => state.get<Record<string, InterruptedCopy>>(stateKey, {});
  const key = copyKey(ref, target.id);
  const client = services.responses.api(target.id);
  let conversationId: string | undefined = all()[key]?.conversationId;
  if (conversationId) {
    const choice = options.interrupted ?? (await askResume(ref.threadId, conversationId, target.name));
    if (choice === 'restart') conversationId = undefined;
  }
  if (!conversationId) {
    try {
      conversationId = (await createConversation(client, migrationMetadata(body.thread.id, source.name, new Date()))).id;
    } catch (error) {
      throw new UserFacingError(toSentence(error, vscode.l10n.t("Couldn't create the conversation on {0}", target.name), { advice: false }));
    }
    await state.update(stateKey, { ...all(), [key]: { conversationId, total: plan.items.length } });
    await services.responses.rememberConversations(target.id, [conversationId]);
  }
  try {
    const result = await copyIntoConversation(client, conversationId, plan.items, {
      isCancelled: () => token.isCancellationRequested,
      onProgress: (p) => report(p.added, p.total),
    });
    const { [key]: _done, ...rest } = all();
    await state.update(stateKey, rest);
    return { conversationId, added: result.added, resumedAt: result.resumedAt, plan };
  } catch (error) {
    if (error instanceof ExportCancelled && token.isCancellationRequested) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The copy of {0} into {1} was cancelled. Copy it again to the same connection to go on where it stopped.', ref.threadId, conversationId));
      throw new CancelledByUser();
    }
    throw new UserFacingError(
      `${toSentence(error, vscode.l10n.t('The copy of {0} into {1} stopped', ref.threadId, conversationId), { advice: false })} ${vscode.l10n.t('Copy it again to the same connection to go on after the last item the conversation holds.')}`,
    );
  }
}

async function askResume(threadId: string, conversationId: string, target: string): Promise<'resume' | 'restart'> {
  const resume = vscode.l10n.t('Resume');
  const restart = vscode.l10n.t('Copy to a New Conversation');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('A copy of {0} into {1} on {2} was interrupted.', threadId, conversationId, target),
    { modal: true, detail: vscode.l10n.t('Resume adds what is missing after the last item the conversation holds; nothing is added twice.') },
    resume,
    restart,
  );
  if (answer === resume) return 'resume';
  if (answer === restart) return 'restart';
  throw new CancelledByUser();
}

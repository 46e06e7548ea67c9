// Palette invocations of run commands have no argument: pick among the runs the
// extension has seen (cached), filtered by what the command can act on.
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { pendingToolCalls, type Run } from '../api/schemas';
import type { Services } from '../services';
import { formatAge } from '../util/format';
import { runRefKey, type RunRef } from '../util/refs';

export interface PickRunOptions {
  accept: (run: Run) => boolean;
  title: string;
  placeHolder: string;
  /** Sentence when no cached run qualifies. */
  none: string;
}

export async function pickRun(services: Services, options: PickRunOptions): Promise<RunRef> {
  // The runs waiting for tool outputs are known on every thread, loaded in a view or not.
  await services.waitingRuns.ensureScanned();
  const known = new Map(services.waitingRuns.list().map((r) => [runRefKey({ connectionId: r.connectionId, threadId: r.run.thread_id, runId: r.run.id }), r]));
  for (const r of services.store.activeRuns()) known.set(runRefKey({ connectionId: r.connectionId, threadId: r.run.thread_id, runId: r.run.id }), r);
  const candidates = [...known.values()].filter(({ run }) => options.accept(run));
  if (!candidates.length) throw new UserFacingError(options.none);
  candidates.sort((a, b) => (b.run.created_at ?? 0) - (a.run.created_at ?? 0));
  const picked = await vscode.window.showQuickPick(
    candidates.map(({ connectionId, run }) => {
      const calls = pendingToolCalls(run)
        .map((c) => c.function?.name ?? c.type)
        .join(', ');
      return {
        label: `${run.status === 'requires_action' ? '$(warning)' : '$(sync~spin)'} ${run.id}`,
        description: `${run.status}${run.assistant_id ? ` · ${run.assistant_id}` : ''} · ${formatAge(run.created_at)}`,
        detail: calls
          ? vscode.l10n.t('{0} · {1} · waiting for {2}', run.thread_id, services.connections.get(connectionId)?.name ?? connectionId, calls)
          : `${run.thread_id} · ${services.connections.get(connectionId)?.name ?? connectionId}`,
        ref: { connectionId, threadId: run.thread_id, runId: run.id },
      };
    }),
    { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) throw new CancelledByUser();
  return picked.ref;
}

import * as vscode from 'vscode';
import { CancelledByUser } from '../api/errors';
import { pendingToolCalls } from '../api/schemas';
import type { Services } from '../services';
import { formatDuration } from '../util/format';

/** Lists the runs waiting for tool outputs; picking one opens its answer editor. */
export async function showWaitingRuns(services: Services): Promise<void> {
  await services.waitingRuns.ensureScanned();
  const waiting = services.waitingRuns.list();
  if (!waiting.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No run is waiting for tool outputs.'));
    return;
  }
  const now = Date.now() / 1000;
  const picked = await vscode.window.showQuickPick(
    waiting.map(({ connectionId, run }) => {
      const calls = pendingToolCalls(run)
        .map((c) => c.function?.name ?? c.type)
        .join(', ');
      const expiresIn = run.expires_at ? formatDuration(Math.max(0, run.expires_at - now)) : undefined;
      const detail = calls
        ? expiresIn !== undefined
          ? vscode.l10n.t('Waiting for {0} · expires in {1}', calls, expiresIn)
          : vscode.l10n.t('Waiting for {0}', calls)
        : expiresIn !== undefined
          ? vscode.l10n.t('Waiting for tool outputs · expires in {0}', expiresIn)
          : vscode.l10n.t('Waiting for tool outputs');
      return {
        label: `$(warning) ${run.id}`,
        description: `${run.thread_id} · ${services.connections.get(connectionId)?.name ?? connectionId}`,
        detail,
        ref: { connectionId, threadId: run.thread_id, runId: run.id },
      };
    }),
    { title: vscode.l10n.t('Runs waiting for tool outputs'), placeHolder: vscode.l10n.t('Pick a run to answer its tool calls') },
  );
  if (!picked) throw new CancelledByUser();
  await vscode.commands.executeCommand('agentRuns.answerToolCalls', picked.ref);
}

import * as vscode from 'vscode';
import { CancelledByUser } from '../api/errors';
import { pendingToolCalls } from '../api/schemas';
import type { Services } from '../services';
import { formatDuration } from '../util/format';
import { pendingResponseItem } from './continueResponse';

/** Lists the runs waiting for tool outputs and the responses awaiting answers; picking one opens its answer editor. */
export async function showWaitingRuns(services: Services): Promise<void> {
  await services.waitingRuns.ensureScanned();
  const waiting = services.waitingRuns.list();
  const responses = services.responses.pendingResponses().filter((r) => r.run.waiting);
  if (!waiting.length && !responses.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing is waiting: no run waits for tool outputs and no known response awaits an answer.'));
    return;
  }
  const now = Date.now() / 1000;
  type Row = vscode.QuickPickItem & { command: string; ref: unknown };
  const picked = await vscode.window.showQuickPick<Row>(
    waiting.map(({ connectionId, run }): Row => {
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
        command: 'agentRuns.answerToolCalls',
        ref: { connectionId, threadId: run.thread_id, runId: run.id },
      };
    }).concat(responses.map(({ connectionId, run }): Row => ({ ...pendingResponseItem(services, connectionId, run), command: 'agentRuns.continueResponse' }))),
    { title: vscode.l10n.t('Waiting for you'), placeHolder: vscode.l10n.t('Pick a run or response to answer') },
  );
  if (!picked) throw new CancelledByUser();
  await vscode.commands.executeCommand(picked.command, picked.ref);
}

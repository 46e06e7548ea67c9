import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { AgentRun } from '../model/run';
import { cancelSentence } from '../model/responses';
import type { CoreServices } from '../coreServices';
import { followResponse } from '../store/followRun';
import { responseRefOf, type ResponseRef } from '../util/refs';
import { statusText } from '../views/describeModel';
import type { ConfirmOptions } from './confirmOptions';

export type ResponseCancelOutcome =
  /** The service took the cancel: the response is cancelled, or still stopping (followed live). */
  | { kind: 'ended' | 'following'; run: AgentRun }
  /** It could not be cancelled; `message` says why, from its state. */
  | { kind: 'notCancellable'; run: AgentRun; message: string };

async function modelOf(services: CoreServices, ref: ResponseRef): Promise<AgentRun> {
  const { connectionId, responseId } = ref;
  const known = services.responses.run(connectionId, responseId);
  if (known) return known;
  await services.responses.fetchResponse(connectionId, responseId);
  const run = services.responses.run(connectionId, responseId);
  if (!run) throw new UserFacingError(vscode.l10n.t("Couldn't read response {0}.", responseId));
  return run;
}

/** A known queued or in-progress response to cancel, picked from a list. */
async function pickActiveResponse(services: CoreServices): Promise<ResponseRef> {
  const active = services.responses.activeResponses();
  if (!active.length) throw new UserFacingError(vscode.l10n.t('No queued or in-progress response is known yet. Open it with "Open Response…", then cancel it from its panel.'));
  const picked = await vscode.window.showQuickPick(
    active.map(({ connectionId, response }) => ({
      label: response.id,
      description: `${response.status ?? ''} · ${services.responses.connectionName(connectionId)}`,
      ref: { connectionId, responseId: response.id },
    })),
    { title: vscode.l10n.t('Cancel Response'), placeHolder: vscode.l10n.t('Pick the background response to cancel') },
  );
  if (!picked) throw new CancelledByUser();
  return picked.ref;
}

/**
 * Cancels a background response after the same modal confirmation as runs. There is no
 * `cancelling` status: cancel is best effort, so the response is followed live until it
 * is terminal. One that cannot be cancelled gets a sentence decided from its state (the
 * service's error text for it is not published), and no request is sent.
 */
export async function cancelResponse(services: CoreServices, arg?: unknown, options?: ConfirmOptions): Promise<ResponseCancelOutcome> {
  const ref = responseRefOf(arg) ?? (await pickActiveResponse(services));
  const { connectionId, responseId } = ref;
  const before = await modelOf(services, ref);
  const refused = (run: AgentRun): ResponseCancelOutcome | undefined => {
    const message = cancelSentence(run);
    if (!message) return undefined;
    void vscode.window.showInformationMessage(message);
    return { kind: 'notCancellable', run, message };
  };
  const early = refused(before);
  if (early) return early;
  if (options?.confirm !== false) {
    const cancelButton: vscode.MessageItem = { title: vscode.l10n.t('Cancel Response') };
    const keepButton: vscode.MessageItem = { title: vscode.l10n.t('Keep Running'), isCloseAffordance: true };
    const who = before.actor?.kind === 'agent' ? vscode.l10n.t('agent {0}', before.actor.name) : before.model ? vscode.l10n.t('model {0}', before.model) : undefined;
    const facts = [statusText(before), who].filter(Boolean).join(', ');
    const sentence = facts.charAt(0).toUpperCase() + facts.slice(1);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Cancel response {0}?', responseId),
      { modal: true, detail: vscode.l10n.t('{0}. The response is cancelled on the service and cannot be resumed; what it produced so far is kept.', sentence) },
      cancelButton,
      keepButton,
    );
    if (answer !== cancelButton) throw new CancelledByUser();
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Cancelling {0}…', responseId) }, async () => {
    const outcome = await services.responses.tryCancel(connectionId, responseId);
    if (outcome.kind === 'refused') {
      void vscode.window.showInformationMessage(outcome.message);
      return { kind: 'notCancellable', run: await modelOf(services, ref), message: outcome.message };
    }
    if (outcome.kind === 'failed') throw new UserFacingError(outcome.message);
    const run = await modelOf(services, ref);
    if (run.active) {
      // Best effort: the service may still be stopping it.
      followResponse(services.scheduler, ref);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(sync~spin) Cancel requested for {0}; following it until it ends.', responseId), 5000);
      return { kind: 'following', run };
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(debug-stop) Response {0} is {1}.', responseId, run.status.wire), 5000);
    return { kind: 'ended', run };
  });
}

import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import type { Services } from '../services';
import { responseRefOf } from '../util/refs';
import { pickConnection } from './connectionWizard';

const responseIdPattern = /\bresp_[A-Za-z0-9]{4,200}\b/;

/** What is wrong with a typed response id (any text holding one is fine: a log line, a URL). */
export function responseInputProblem(value: string): string | undefined {
  if (!value.trim()) return vscode.l10n.t('Enter the response id, or press Esc.');
  return responseIdPattern.test(value) ? undefined : vscode.l10n.t('No response id found: response ids look like resp_abc123.');
}

/**
 * Opens (or reveals) the panel of a response: from `{connectionId, responseId}`, a tree
 * node carrying that as `ref`, or, with nothing, a connection and an id the user types.
 * A typed id is read once (to check it) before it is remembered on the connection, like
 * runs opened by id.
 */
export async function openResponse(services: Services, arg?: unknown): Promise<void> {
  const ref = responseRefOf(arg);
  if (ref) {
    if (!services.connections.get(ref.connectionId)) throw new UserFacingError(vscode.l10n.t('No connection with id "{0}".', ref.connectionId));
    services.responsePanels.open(ref);
    return;
  }
  const connection = await pickConnection(services, arg, vscode.l10n.t('Open a response from which connection?'), false);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Open Response — {0}', connection.name),
    prompt: vscode.l10n.t('A response id, or any text that contains one (a log line, a URL, JSON)'),
    placeHolder: 'resp_abc123',
    ignoreFocusOut: true,
    validateInput: responseInputProblem,
  });
  const responseId = text ? responseIdPattern.exec(text)?.[0] : undefined;
  if (!responseId) throw new CancelledByUser();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Opening {0}…', responseId) }, async () => {
    try {
      await services.responses.fetchResponse(connection.id, responseId);
    } catch (error) {
      throw new UserFacingError(toSentence(error, vscode.l10n.t("Couldn't open {0} on {1}", responseId, connection.name)));
    }
  });
  await services.responses.rememberResponses(connection.id, [responseId]);
  services.responsePanels.open({ connectionId: connection.id, responseId });
}

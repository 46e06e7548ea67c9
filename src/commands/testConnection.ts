import * as vscode from 'vscode';
import { AssistantsAbsent } from '../api/client';
import { UserFacingError, toSentence } from '../api/errors';
import type { Services } from '../services';
import { pickConnection } from './connectionWizard';

/**
 * Tests both API families of a connection: the Assistants API (threads) and the Responses
 * surface (whether it lists conversations and responses). The verdict names what works;
 * it fails only when neither does.
 */
export async function testConnection(services: Services, arg?: unknown): Promise<string> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Test which connection?'), false);
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing "{0}"…', connection.name) },
    async () => {
      services.responses.markStale(connection.id);
      const [assistants, responses] = await Promise.allSettled([services.connections.client(connection.id).test(), services.responses.surface(connection.id)]);
      const parts: string[] = [];
      if (assistants.status === 'fulfilled') parts.push(assistants.value);
      else if (assistants.reason instanceof AssistantsAbsent) parts.push(vscode.l10n.t('Assistants: not on this server (GET /threads answered {0}).', assistants.reason.status));
      else parts.push(toSentence(assistants.reason, vscode.l10n.t('Assistants (threads) failed')));
      if (responses.status === 'fulfilled') {
        const { listsConversations, listsResponses } = responses.value;
        const lists = [listsConversations ? vscode.l10n.t('conversations') : '', listsResponses ? vscode.l10n.t('responses') : ''].filter(Boolean);
        parts.push(
          lists.length
            ? vscode.l10n.t('Responses: reachable; the server lists {0}.', lists.join(vscode.l10n.t(' and ')))
            : vscode.l10n.t('Responses: reachable; the server lists neither conversations nor responses, so add them by ID.'),
        );
      } else parts.push(toSentence(responses.reason, vscode.l10n.t('Responses failed')));
      const ok = assistants.status === 'fulfilled' || responses.status === 'fulfilled';
      const text = ok ? parts.join(' ') : vscode.l10n.t('Connection "{0}" failed: {1}', connection.name, parts.join(' '));
      return { ok, text };
    },
  );
  services.log.info(`Test connection: ${verdict.text}`);
  if (!verdict.ok) throw new UserFacingError(verdict.text);
  void vscode.window.showInformationMessage(verdict.text);
  return verdict.text;
}

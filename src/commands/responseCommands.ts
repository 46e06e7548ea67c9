// Commands on the Responses family: add conversations and responses by id (any text that
// contains them), remove them from the tree, export a conversation (as JSON or Markdown). (Cancel is in
// cancelResponse.ts, shared with the response panel.) Arguments are
// read one way: a tree node or a plain reference (`ref`), else the user is asked.
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError, toSentence } from '../api/errors';
import { conversationMarkdown } from '../model/markdownExport';
import type { Services } from '../services';
import { exportConversation } from '../store/conversationExport';
import { ExportCancelled } from '../store/threadExport';
import { findIds } from '../store/threadRegistry';
import { conversationRefOf, responseRefOf, type ConversationRef } from '../util/refs';
import { pickConnection } from './connectionWizard';
import { exportTarget, exportText, writeExport, type ExportFormat, type ExportTargetOptions } from './exportFile';

type IdKind = 'conversations' | 'responses';

const words = {
  conversations: {
    title: (name: string) => vscode.l10n.t('Add Conversation by ID — {0}', name),
    prompt: () => vscode.l10n.t('One or more conversation ids, or any text that contains them (a log line, a URL, JSON)'),
    none: () => vscode.l10n.t('No conversation id found: conversation ids look like conv_abc123.'),
    placeHolder: 'conv_abc123, conv_def456',
  },
  responses: {
    title: (name: string) => vscode.l10n.t('Add Response by ID — {0}', name),
    prompt: () => vscode.l10n.t('One or more response ids, or any text that contains them (a log line, a URL, JSON)'),
    none: () => vscode.l10n.t('No response id found: response ids look like resp_abc123.'),
    placeHolder: 'resp_abc123, resp_def456',
  },
};

async function askIds(services: Services, kind: IdKind, arg: unknown, given: unknown): Promise<{ connectionId: string; ids: string[] }> {
  const connection = await pickConnection(services, arg, kind === 'conversations' ? vscode.l10n.t('Add conversations to which connection?') : vscode.l10n.t('Add responses to which connection?'));
  const said = words[kind];
  const idsIn = (text: string) => findIds(text)[kind];
  const text =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: said.title(connection.name),
          prompt: said.prompt(),
          placeHolder: said.placeHolder,
          ignoreFocusOut: true,
          validateInput: (value) => (!value.trim() || idsIn(value).length ? undefined : said.none()),
        });
  if (!text?.trim()) throw new CancelledByUser();
  const ids = idsIn(text);
  if (!ids.length) throw new UserFacingError(said.none());
  return { connectionId: connection.id, ids };
}

/** Adds conversations by id (text as the second argument, else asked for); returns the new ones. */
export async function addConversation(services: Services, arg?: unknown, given?: unknown): Promise<string[]> {
  const { connectionId, ids } = await askIds(services, 'conversations', arg, given);
  return rememberConversations(services, connectionId, ids);
}

/** Adds responses by id (text as the second argument, else asked for); returns the new ones. */
export async function addResponse(services: Services, arg?: unknown, given?: unknown): Promise<string[]> {
  const { connectionId, ids } = await askIds(services, 'responses', arg, given);
  return rememberResponses(services, connectionId, ids);
}

export async function rememberConversations(services: Services, connectionId: string, ids: string[]): Promise<string[]> {
  const fresh = await services.responses.rememberConversations(connectionId, ids);
  announce(services, connectionId, ids, fresh, 'conversations');
  reveal(services, `c/${connectionId}/conv/${ids[0]}`);
  return fresh;
}

export async function rememberResponses(services: Services, connectionId: string, ids: string[]): Promise<string[]> {
  const fresh = await services.responses.rememberResponses(connectionId, ids);
  announce(services, connectionId, ids, fresh, 'responses');
  reveal(services, `c/${connectionId}/responses/resp/${ids[0]}`);
  return fresh;
}

function announce(services: Services, connectionId: string, ids: string[], fresh: string[], kind: IdKind): void {
  const already = ids.length - fresh.length;
  services.log.info(`Added ${fresh.length} ${kind} to ${connectionId}${already ? ` (${already} already listed)` : ''}.`);
  if (already && !fresh.length) {
    void vscode.window.showInformationMessage(ids.length === 1 ? vscode.l10n.t('{0} is already listed.', ids[0]!) : vscode.l10n.t('These ids are already listed.'));
  }
}

/** Shows the row once the list holding it was read again (its group opened if needed). */
function reveal(services: Services, nodeId: string): void {
  setTimeout(() => {
    const node = services.tree.findNode(nodeId);
    if (node) void services.tree.view.reveal(node, { select: true, focus: false, expand: false });
  }, 300);
}

export async function removeConversation(services: Services, arg?: unknown): Promise<void> {
  const ref = conversationRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a conversation in the Agent Runs view to remove it.'));
  await services.responses.forgetConversation(ref.connectionId, ref.conversationId);
}

export async function removeResponse(services: Services, arg?: unknown): Promise<void> {
  const ref = responseRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a response in the Agent Runs view to remove it.'));
  await services.responses.forgetResponse(ref.connectionId, ref.responseId);
}

// ── export ───────────────────────────────────────────────────────────────────

/**
 * Writes a whole conversation — its items and the responses known to belong to it, each
 * with its input items — to a file the user picks: as JSON, or as Markdown to share in an
 * issue (credentials left out). Nothing is written unless everything was read.
 */
export const exportConversationCommand = (format: ExportFormat) => async (services: Services, arg?: unknown, options?: ExportTargetOptions): Promise<vscode.Uri> => {
  const ref = conversationRefOf(arg) ?? (await askConversation(services, format));
  const connection = services.connections.get(ref.connectionId);
  if (!connection) throw new UserFacingError(vscode.l10n.t('No connection with id "{0}".', ref.connectionId));
  const target = await exportTarget(ref.conversationId, options, format);
  const { responses } = services;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0}', ref.conversationId), cancellable: true },
    async (progress, token) => {
      try {
        const surface = await responses.surface(ref.connectionId);
        return await exportConversation(responses.api(ref.connectionId), connection, ref.conversationId, {
          listsResponses: surface.listsResponses,
          known: responses.conversationResponseList(ref.connectionId, ref.conversationId).items,
          isCancelled: () => token.isCancellationRequested,
          onProgress: (p) => progress.report({ message: vscode.l10n.t('{0} items, {1} of {2} responses', p.items, p.responsesDone, p.responses) }),
        });
      } catch (error) {
        if (error instanceof ExportCancelled && token.isCancellationRequested) throw new CancelledByUser();
        throw new UserFacingError(toSentence(error, vscode.l10n.t("Couldn't export {0}; nothing was written", ref.conversationId)));
      }
    },
  );
  return writeExport(services, target, exportText(format, result, conversationMarkdown), format, (where) =>
    vscode.l10n.t('Exported {0} ({1} items, {2} responses) to {3}.', ref.conversationId, result.items.length, result.responses.length, where),
  );
};

async function askConversation(services: Services, format: ExportFormat): Promise<ConversationRef> {
  const connection = await pickConnection(services, undefined, vscode.l10n.t('Export a conversation of which connection?'));
  const text = await vscode.window.showInputBox({
    title: format === 'json' ? vscode.l10n.t('Export Conversation as JSON — {0}', connection.name) : vscode.l10n.t('Export Conversation as Markdown — {0}', connection.name),
    prompt: vscode.l10n.t('The conversation id, or any text that contains it'),
    placeHolder: 'conv_abc123',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return undefined;
      const { conversations } = findIds(value);
      if (conversations.length === 1) return undefined;
      return conversations.length ? vscode.l10n.t('Found {0} conversation ids; export one at a time.', conversations.length) : words.conversations.none();
    },
  });
  const conversations = text ? findIds(text).conversations : [];
  if (conversations.length !== 1) throw new CancelledByUser();
  return { connectionId: connection.id, conversationId: conversations[0]! };
}

// A whole conversation as one JSON document: the conversation, all its items, and the
// responses known to belong to it (listed by the service where it lists them, else the
// ones this window knows) each with all its input items, as the service returned them.
// Fetched fresh, page by page (100 items a request); responses a few at a time. Free of
// `vscode` so it runs in unit tests against the emulator.
import type OpenAI from 'openai';
import type { Connection } from '../api/connection';
import type { Page } from '../api/schemas';
import { getConversation, getResponse, listConversationItems, listInputItems, listResponses } from '../api/responses/calls';
import type { Conversation, Response, ResponseItem } from '../api/responses/schemas';
import { limiter } from '../util/limit';
import { ExportCancelled } from './threadExport';

export const conversationExportFormat = 'agent-run-debugger/conversation-export@1';

export interface ConversationExport {
  format: typeof conversationExportFormat;
  exported_at: string;
  source: { connection: string; kind: string; base_url: string | null };
  conversation: Conversation;
  /** Oldest first. */
  items: ResponseItem[];
  /** Oldest first, each with all its input items in order. */
  responses: { response: Response; input_items: ResponseItem[] }[];
  /** Where the list of responses came from: the service's list, or the ones this window knew. */
  responses_from: 'service' | 'known';
}

export interface ConversationExportProgress {
  items: number;
  responses: number;
  responsesDone: number;
}

export interface ConversationExportOptions {
  /** The server lists responses by conversation (Foundry): ask it; otherwise `known` are used. */
  listsResponses: boolean;
  /** Response ids known to belong to the conversation (used where the server lists none). */
  known: readonly string[];
  onProgress?: (progress: ConversationExportProgress) => void;
  isCancelled?: () => boolean;
  concurrency?: number;
  now?: () => Date;
}

export async function exportConversation(api: OpenAI, connection: Connection, conversationId: string, options: ConversationExportOptions): Promise<ConversationExport> {
  const progress: ConversationExportProgress = { items: 0, responses: 0, responsesDone: 0 };
  const report = () => options.onProgress?.({ ...progress });
  let failed = false;
  const check = () => {
    if (options.isCancelled?.() || failed) throw new ExportCancelled();
  };
  async function all<T>(fetchPage: (after: string | undefined) => Promise<Page<T>>, counted: (n: number) => void): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    do {
      check();
      const page = await fetchPage(after);
      out.push(...page.items);
      counted(page.items.length);
      report();
      after = page.hasMore ? page.nextAfter : undefined;
    } while (after);
    return out;
  }

  // The conversation first: one that does not exist fails fast, before any list.
  const conversation = await getConversation(api, conversationId);
  const [items, listed] = await Promise.all([
    all((after) => listConversationItems(api, conversationId, after), (n) => (progress.items += n)),
    options.listsResponses ? all((after) => listResponses(api, { after, conversationId }), (n) => (progress.responses += n)) : Promise.resolve(undefined),
  ]);
  // A listed response is whole already; a known one is read fresh.
  const sources: (Response | string)[] = listed ?? [...new Set(options.known)];
  if (!listed) progress.responses = sources.length;
  const limit = limiter(options.concurrency ?? 4);
  const responses = await Promise.all(
    sources.map((source) =>
      limit(async () => {
        try {
          check();
          const response = typeof source === 'string' ? (await getResponse(api, source)).response : source;
          const inputItems = await all((after) => listInputItems(api, response.id, after), () => undefined);
          progress.responsesDone++;
          report();
          return { response, input_items: inputItems };
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    ),
  );
  check();
  responses.sort((a, b) => (a.response.created_at ?? 0) - (b.response.created_at ?? 0));
  return {
    format: conversationExportFormat,
    exported_at: (options.now?.() ?? new Date()).toISOString(),
    source: { connection: connection.name, kind: connection.kind, base_url: connection.baseUrl ?? null },
    conversation,
    items,
    responses,
    responses_from: listed ? 'service' : 'known',
  };
}

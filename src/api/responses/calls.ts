// The Responses and Conversations calls, over the `openai` client built for the
// connection's Responses surface (../openaiClient.ts). Every body is read raw and parsed
// with the tolerant schemas, as for threads. Lists page 100 at a time, oldest first.
// Lists OpenAI does not have (Foundry's conversations and responses) go through the
// client's generic `get`; whether a server has them is probed from the HTTP status.
import type OpenAI from 'openai';
import { APIConnectionError } from 'openai';
import { readFileContent, type FileContent } from '../client';
import type { Connection } from '../connection';
import { buildOpenAIClient, pollHint, readJson, type ClientOptions } from '../openaiClient';
import type { Page } from '../schemas';
import { probe, type Capability } from '../probe';
import {
  parseConversation,
  parseConversationPage,
  parseItemPage,
  parseResponse,
  parseResponsePage,
  type Conversation,
  type Response,
  type ResponseItem,
} from './schemas';

export const pageLimit = 100;

/** Code-interpreter outputs, file-search results and web-search sources come back only when asked for. */
export const itemIncludes = ['code_interpreter_call.outputs', 'file_search_call.results', 'web_search_call.action.sources'] as const;

/** A client for the connection's Responses surface (retries as the Assistants client does). */
export function createResponsesClient(connection: Connection, options: ClientOptions): OpenAI {
  return buildOpenAIClient(connection, options, 'responses', 2);
}

type Raw = { asResponse(): Promise<globalThis.Response> };

async function read<T>(call: Raw, parse: (body: unknown) => T): Promise<T> {
  return parse(await readJson(await call.asResponse()));
}

export interface ResponseResult {
  response: Response;
  /** The service's `openai-poll-after-ms` hint, when it sent one. */
  pollAfterMs: number | undefined;
}

const cursor = (after: string | undefined) => (after ? { after } : {});

export async function getResponse(client: OpenAI, responseId: string): Promise<ResponseResult> {
  const raw = await client.responses.retrieve(responseId, { include: [...itemIncludes] }).asResponse();
  return { response: parseResponse(await readJson(raw)), pollAfterMs: pollHint(raw) };
}

/**
 * Best effort, and never retried on our own: the caller re-reads the response to learn
 * what happened (cancelling again returns the final object anyway).
 */
export function cancelResponse(client: OpenAI, responseId: string): Promise<Response> {
  return read(client.withOptions({ maxRetries: 0 }).responses.cancel(responseId), parseResponse);
}

/**
 * Creates a response, once: the client retries a failed POST by default and sends no
 * idempotency key, so a retry could create a second response. The caller settles a
 * dropped request by re-reading where the service allows it.
 */
export function createResponse(client: OpenAI, body: Record<string, unknown>): Promise<Response> {
  return read(client.withOptions({ maxRetries: 0 }).responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming), parseResponse);
}

/** The events that end a response's stream (as recorded: no `[DONE]` follows). */
const endEvents = new Set(['response.completed', 'response.failed', 'response.incomplete', 'response.cancelled']);

/**
 * Creates a response with `stream: true`, once (no retries, as `createResponse`). Its id
 * arrives in the first event, so a connection dropped after it loses nothing: the caller
 * follows the response by id. A background response's stream is left after that first
 * event (the response goes on); any other is read to its end. Returns the last state the
 * stream showed: the created response, or the finished one. Throws only when no event
 * named a response: then the caller settles what happened as for `createResponse`.
 */
export async function createResponseStreamed(client: OpenAI, body: Record<string, unknown>): Promise<Response> {
  const stream = await client
    .withOptions({ maxRetries: 0 })
    .responses.create({ ...body, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
  let latest: Response | undefined;
  try {
    for await (const event of stream) {
      const raw = (event as { response?: unknown }).response;
      if (raw && typeof raw === 'object') latest = parseResponse(raw);
      if (!latest) continue;
      // Leaving the loop aborts the request; a background response carries on.
      if (endEvents.has(event.type) || body.background === true) return latest;
    }
  } catch (error) {
    if (!latest) throw error;
    return latest;
  }
  if (!latest) throw new APIConnectionError({ message: 'The stream ended before the service named the response.' });
  return latest;
}

export function listInputItems(client: OpenAI, responseId: string, after?: string): Promise<Page<ResponseItem>> {
  return read(
    client.responses.inputItems.list(responseId, { limit: pageLimit, order: 'asc', include: [...itemIncludes], ...cursor(after) }),
    (body) => parseItemPage(body, 'input item'),
  );
}

export function getConversation(client: OpenAI, conversationId: string): Promise<Conversation> {
  return read(client.conversations.retrieve(conversationId), parseConversation);
}

/** `POST /conversations` with only metadata (items are added after, in batches); sent once, never retried. */
export function createConversation(client: OpenAI, metadata: Record<string, string>): Promise<Conversation> {
  return read(client.withOptions({ maxRetries: 0 }).conversations.create({ metadata }), parseConversation);
}

/** `POST /conversations/{id}/items` (at most 20); sent once, never retried: a retry could add them twice. */
export function addConversationItems(client: OpenAI, conversationId: string, items: readonly Record<string, unknown>[]): Promise<Page<ResponseItem>> {
  return read(
    client.withOptions({ maxRetries: 0 }).conversations.items.create(conversationId, { items: items as unknown as OpenAI.Conversations.ItemCreateParams['items'] }),
    (body) => parseItemPage(body, 'conversation item'),
  );
}

export function listConversationItems(client: OpenAI, conversationId: string, after?: string): Promise<Page<ResponseItem>> {
  return read(
    client.conversations.items.list(conversationId, { limit: pageLimit, order: 'asc', include: [...itemIncludes], ...cursor(after) }),
    (body) => parseItemPage(body, 'conversation item'),
  );
}

export interface ListFilter {
  after?: string;
  /** Foundry: only those of this agent. */
  agentName?: string;
}

/** Foundry's `GET /conversations` (newest first); OpenAI has no such list. */
export function listConversations(client: OpenAI, filter: ListFilter = {}): Promise<Page<Conversation>> {
  const query = { limit: pageLimit, order: 'desc', ...cursor(filter.after), ...(filter.agentName ? { agent_name: filter.agentName } : {}) };
  return read(client.get('/conversations', { query }), parseConversationPage);
}

/** Foundry's `GET /responses` (newest first), optionally of one conversation; OpenAI has no such list. */
export function listResponses(client: OpenAI, filter: ListFilter & { conversationId?: string } = {}): Promise<Page<Response>> {
  const query = {
    limit: pageLimit,
    order: 'desc',
    ...cursor(filter.after),
    ...(filter.agentName ? { agent_name: filter.agentName } : {}),
    ...(filter.conversationId ? { conversation_id: filter.conversationId } : {}),
  };
  return read(client.get('/responses', { query }), parseResponsePage);
}

// ── what a server has ────────────────────────────────────────────────────────

export interface ResponsesCapabilities {
  /** `GET /responses` lists (Foundry, Llama Stack, …); OpenAI answers 404. */
  listsResponses: Capability;
  /** `GET /conversations` lists (Foundry); OpenAI answers 404. */
  listsConversations: Capability;
}

export async function probeResponses(client: OpenAI): Promise<ResponsesCapabilities> {
  const [listsResponses, listsConversations] = await Promise.all([probe(client, '/responses'), probe(client, '/conversations')]);
  return { listsResponses, listsConversations };
}

/**
 * A file code interpreter wrote in a container (cited by `container_file_citation`), through
 * the client's generic `get`: the bundle keeps only the resources the extension calls.
 */
export async function containerFileContent(client: OpenAI, containerId: string, fileId: string, maxBytes: number): Promise<FileContent> {
  const path = `/containers/${encodeURIComponent(containerId)}/files/${encodeURIComponent(fileId)}/content`;
  const response = await client.get(path, { headers: { Accept: 'application/binary' }, __binaryResponse: true }).asResponse();
  return readFileContent(response, fileId, maxBytes);
}

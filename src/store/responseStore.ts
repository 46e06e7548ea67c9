// What the extension knows of the Responses family: conversations, their items and
// responses, responses with their input items, per connection. Lists come from the
// service where it lists (Foundry), otherwise from the ids the user added, found or
// created (remembered per connection, like threads on OpenAI). Views and panels read
// from here; only this calls the Responses API. Changes are announced precisely enough
// that views repaint only what changed.
import * as vscode from 'vscode';
import { probe, type Capability } from '../api/probe';
import type OpenAI from 'openai';
import { UserFacingError, isNotFound, toSentence } from '../api/errors';
import {
  cancelResponse,
  containerFileContent,
  createResponse,
  createResponseStreamed,
  getConversation,
  getResponse,
  listConversationItems,
  listConversations,
  listInputItems,
  listResponses,
  type ResponseResult,
} from '../api/responses/calls';
import type { FileContent } from '../api/client';
import type { Conversation, Response, ResponseItem } from '../api/responses/schemas';
import { cancelSentence, fromResponse, nothingSeenLater, type LaterItems } from '../model/responses';
import type { AgentRun } from '../model/run';
import { Disposable } from '../util/disposable';
import type { ConnectionStore } from './connectionStore';
import { emptyList, loadPage, OncePerKey, type ListState } from './pagedList';
import type { ThreadRegistry } from './threadRegistry';

export type ResponseStoreChange =
  | { kind: 'conversations'; connectionId: string }
  /** The conversation's object, items or responses changed. */
  | { kind: 'conversation'; connectionId: string; conversationId: string }
  | { kind: 'responses'; connectionId: string }
  | { kind: 'response'; connectionId: string; responseId: string; response: Response; previous: Response | undefined }
  | { kind: 'inputItems'; connectionId: string; responseId: string };

export interface ConversationInfo {
  conversation: Conversation | undefined;
  /** The service answered 404: deleted, or never existed here. */
  gone: boolean;
  error: string | undefined;
}

/** What a connection's Responses surface offers, probed once per connection. */
export interface ResponsesSurface {
  listsConversations: boolean;
  listsResponses: boolean;
}

const key = (...parts: string[]) => parts.join('|');

export class ResponseStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<ResponseStoreChange>());
  readonly onDidChange = this.changed.event;

  private readonly surfaces = new Map<string, Promise<ResponsesSurface>>();
  /** The surfaces already probed, for synchronous readers. */
  private readonly knownSurfaces = new Map<string, ResponsesSurface>();
  private readonly conversationLists = new Map<string, ListState<string>>();
  private readonly conversationInfos = new Map<string, ConversationInfo>();
  private readonly itemLists = new Map<string, ListState<ResponseItem>>();
  /** A conversation's responses (listed on Foundry; else the known ones that name it). */
  private readonly conversationResponseLists = new Map<string, ListState<string>>();
  private readonly responseLists = new Map<string, ListState<string>>();
  private readonly responsesById = new Map<string, Response>();
  /** The service answered 404 for these responses. */
  private readonly goneResponses = new Set<string>();
  private readonly responseErrors = new Map<string, string>();
  private readonly inputLists = new Map<string, ListState<ResponseItem>>();
  private readonly once = new OncePerKey();
  /** The model of a response, rebuilt only when what it is built from changed. */
  private readonly runs = new Map<string, { response: Response; inputs: unknown; later: unknown; run: AgentRun }>();

  constructor(
    private readonly connections: ConnectionStore,
    private readonly conversationRegistry: ThreadRegistry,
    private readonly responseRegistry: ThreadRegistry,
    /** Responses the extension created (Continue), across reloads: everything after them is what it created after them. */
    private readonly createdRegistry: ThreadRegistry,
  ) {
    super();
    this._register(connections.onDidChange(() => this.clear()));
  }

  api(connectionId: string): OpenAI {
    return this.connections.responsesClient(connectionId);
  }

  connectionName(connectionId: string): string {
    return this.connections.get(connectionId)?.name ?? connectionId;
  }

  clear(connectionId?: string): void {
    const maps: Map<string, unknown>[] = [
      this.surfaces,
      this.knownSurfaces,
      this.conversationLists,
      this.conversationInfos,
      this.itemLists,
      this.conversationResponseLists,
      this.responseLists,
      this.responsesById,
      this.responseErrors,
      this.inputLists,
      this.runs,
    ];
    for (const map of maps) {
      for (const k of [...map.keys()]) if (connectionId === undefined || k === connectionId || k.startsWith(`${connectionId}|`)) map.delete(k);
    }
    for (const k of [...this.goneResponses]) if (connectionId === undefined || k.startsWith(`${connectionId}|`)) this.goneResponses.delete(k);
  }

  /** Refresh: lists are read again; what is loaded of a response stays until replaced. */
  markStale(connectionId?: string): void {
    const mine = (k: string) => connectionId === undefined || k === connectionId || k.startsWith(`${connectionId}|`);
    for (const map of [this.surfaces, this.knownSurfaces, this.conversationLists, this.conversationResponseLists, this.responseLists, this.responseErrors] as Map<string, unknown>[]) {
      for (const k of [...map.keys()]) if (mine(k)) map.delete(k);
    }
    for (const map of [this.itemLists, this.inputLists]) {
      for (const [k, state] of map) {
        if (!mine(k)) continue;
        state.loaded = false;
        state.error = undefined;
      }
    }
  }


  private static list<T>(map: Map<string, ListState<T>>, k: string): ListState<T> {
    let state = map.get(k);
    if (!state) {
      state = emptyList();
      map.set(k, state);
    }
    return state;
  }


  // ── what the server has ──────────────────────────────────────────────────

  /**
   * Whether the server lists conversations and responses, from the HTTP status of one
   * `limit=1` request each (OpenAI answers 404). A failure that says nothing either way
   * (a bad key, no network) is not remembered: the next call probes again.
   */
  surface(connectionId: string): Promise<ResponsesSurface> {
    let surface = this.surfaces.get(connectionId);
    if (!surface) {
      surface = this.probeSurface(connectionId);
      this.surfaces.set(connectionId, surface);
      void surface.then((known) => this.knownSurfaces.set(connectionId, known), () => undefined);
      surface.catch(() => this.surfaces.delete(connectionId));
    }
    return surface;
  }

  private async probeSurface(connectionId: string): Promise<ResponsesSurface> {
    const api = this.api(connectionId);
    const [conversations, responses] = await Promise.all([probe(api, '/conversations'), probe(api, '/responses')]);
    const lists = (capability: Capability): boolean => {
      if (capability.kind === 'undetermined') throw capability.error;
      return capability.kind === 'present';
    };
    return { listsConversations: lists(conversations), listsResponses: lists(responses) };
  }

  // ── conversations ────────────────────────────────────────────────────────

  conversationList(connectionId: string): ListState<string> {
    return ResponseStore.list(this.conversationLists, connectionId);
  }

  /** The first page (or the next) of the connection's conversations: listed, plus the remembered ones. */
  async loadConversations(connectionId: string, more = false): Promise<void> {
    const state = this.conversationList(connectionId);
    await this.once.run(key(connectionId, 'conversations', String(more)), async () => {
      const remembered = this.conversationRegistry.remembered(connectionId);
      const hidden = new Set(this.conversationRegistry.hidden(connectionId));
      await loadPage<string>(
        state,
        more,
        async (after) => {
          const surface = await this.surface(connectionId);
          if (!surface.listsConversations) return { items: remembered, hasMore: false, nextAfter: undefined };
          const page = await listConversations(this.api(connectionId), { after });
          for (const conversation of page.items) this.conversationInfo(connectionId, conversation.id).conversation = conversation;
          const listed = page.items.map((c) => c.id).filter((id) => !hidden.has(id));
          // Ids the user added that the list does not show (yet) come first, once.
          const extra = more ? [] : remembered.filter((id) => !listed.includes(id));
          return { ...page, items: [...extra, ...listed] };
        },
        vscode.l10n.t("Couldn't list the conversations of {0}", this.connectionName(connectionId)),
      );
    });
    this.changed.fire({ kind: 'conversations', connectionId });
  }

  conversationInfo(connectionId: string, conversationId: string): ConversationInfo {
    const k = key(connectionId, conversationId);
    let info = this.conversationInfos.get(k);
    if (!info) {
      info = { conversation: undefined, gone: false, error: undefined };
      this.conversationInfos.set(k, info);
    }
    return info;
  }

  /** Reads the conversation object (its metadata), unless a list already brought it. */
  async loadConversation(connectionId: string, conversationId: string): Promise<void> {
    const info = this.conversationInfo(connectionId, conversationId);
    await this.once.run(key(connectionId, conversationId, 'object'), async () => {
      try {
        info.conversation = await getConversation(this.api(connectionId), conversationId);
        info.gone = false;
        info.error = undefined;
      } catch (error) {
        info.gone = isNotFound(error);
        info.error = toSentence(error, vscode.l10n.t("Couldn't read conversation {0}", conversationId));
      }
    });
    this.changed.fire({ kind: 'conversation', connectionId, conversationId });
  }

  itemList(connectionId: string, conversationId: string): ListState<ResponseItem> {
    return ResponseStore.list(this.itemLists, key(connectionId, conversationId));
  }

  /** A page of the conversation's items (100, oldest first), or every page (`all`). */
  async loadItems(connectionId: string, conversationId: string, mode: 'first' | 'more' | 'all' = 'first'): Promise<void> {
    const state = this.itemList(connectionId, conversationId);
    const api = this.api(connectionId);
    const action = vscode.l10n.t("Couldn't list the items of conversation {0}", conversationId);
    await this.once.run(key(connectionId, conversationId, 'items', mode), async () => {
      const failure = await loadPage(state, mode === 'more', (after) => listConversationItems(api, conversationId, after), action);
      if (failure !== undefined && isNotFound(failure)) this.conversationInfo(connectionId, conversationId).gone = true;
      while (mode === 'all' && state.hasMore && !state.error) {
        await loadPage(state, true, (after) => listConversationItems(api, conversationId, after), action);
      }
    });
    this.changed.fire({ kind: 'conversation', connectionId, conversationId });
  }

  conversationResponseList(connectionId: string, conversationId: string): ListState<string> {
    const state = ResponseStore.list(this.conversationResponseLists, key(connectionId, conversationId));
    return state;
  }

  /**
   * The conversation's responses: listed where the server lists (Foundry, newest first);
   * elsewhere the responses this window knows that name the conversation.
   */
  async loadConversationResponses(connectionId: string, conversationId: string, more = false): Promise<void> {
    const state = this.conversationResponseList(connectionId, conversationId);
    await this.once.run(key(connectionId, conversationId, 'responses', String(more)), async () => {
      await loadPage<string>(
        state,
        more,
        async (after) => {
          const surface = await this.surface(connectionId);
          if (!surface.listsResponses) {
            const known = [...this.responsesById.entries()]
              .filter(([k, response]) => k.startsWith(`${connectionId}|`) && conversationIdOf(response) === conversationId)
              .map(([, response]) => response)
              .sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0))
              .map((response) => response.id);
            return { items: known, hasMore: false, nextAfter: undefined };
          }
          const page = await listResponses(this.api(connectionId), { after, conversationId });
          for (const response of page.items) this.put(connectionId, response, false);
          return { ...page, items: page.items.map((r) => r.id) };
        },
        vscode.l10n.t("Couldn't list the responses of conversation {0}", conversationId),
      );
    });
    this.changed.fire({ kind: 'conversation', connectionId, conversationId });
  }

  // ── responses ────────────────────────────────────────────────────────────

  responseList(connectionId: string): ListState<string> {
    return ResponseStore.list(this.responseLists, connectionId);
  }

  /** The connection's responses: listed (Foundry, newest first), plus the remembered ones. */
  async loadResponses(connectionId: string, more = false): Promise<void> {
    const state = this.responseList(connectionId);
    await this.once.run(key(connectionId, 'responses', String(more)), async () => {
      const remembered = this.responseRegistry.remembered(connectionId);
      const hidden = new Set(this.responseRegistry.hidden(connectionId));
      await loadPage<string>(
        state,
        more,
        async (after) => {
          const surface = await this.surface(connectionId);
          if (!surface.listsResponses) return { items: remembered, hasMore: false, nextAfter: undefined };
          const page = await listResponses(this.api(connectionId), { after });
          for (const response of page.items) this.put(connectionId, response, false);
          const listed = page.items.map((r) => r.id).filter((id) => !hidden.has(id));
          const extra = more ? [] : remembered.filter((id) => !listed.includes(id));
          return { ...page, items: [...extra, ...listed] };
        },
        vscode.l10n.t("Couldn't list the responses of {0}", this.connectionName(connectionId)),
      );
    });
    this.changed.fire({ kind: 'responses', connectionId });
  }

  response(connectionId: string, responseId: string): Response | undefined {
    return this.responsesById.get(key(connectionId, responseId));
  }

  /** Why the response could not be read (a sentence), if the last read failed. */
  responseError(connectionId: string, responseId: string): string | undefined {
    return this.responseErrors.get(key(connectionId, responseId));
  }

  isGone(connectionId: string, responseId: string): boolean {
    return this.goneResponses.has(key(connectionId, responseId));
  }

  /** Keeps the latest copy; announces it when it changed. Returns whether it changed. */
  put(connectionId: string, response: Response, announce = true): boolean {
    const k = key(connectionId, response.id);
    const previous = this.responsesById.get(k);
    this.responsesById.set(k, response);
    this.goneResponses.delete(k);
    this.responseErrors.delete(k);
    const changed = !previous || JSON.stringify(previous) !== JSON.stringify(response);
    if (changed && announce) this.changed.fire({ kind: 'response', connectionId, responseId: response.id, response, previous });
    return changed;
  }

  /**
   * A container file's bytes (a chart code interpreter wrote); read once at a time, not kept.
   * A Foundry project's endpoint has no containers route (its published document lists
   * none), so there nothing is asked and the sentence says where the file is.
   */
  async containerFile(connectionId: string, containerId: string, fileId: string, maxBytes: number): Promise<FileContent> {
    if (this.connections.get(connectionId)?.kind === 'azure-agents') {
      throw new UserFacingError(vscode.l10n.t('A Foundry project does not serve the files code interpreter wrote: {0} stays in container {1}.', fileId, containerId));
    }
    return this.once.run(key(connectionId, containerId, fileId, 'container file'), () => containerFileContent(this.api(connectionId), containerId, fileId, maxBytes));
  }

  /** Reads the response (with code-interpreter outputs and file-search results) and keeps it. */
  async fetchResponse(connectionId: string, responseId: string): Promise<ResponseResult> {
    const k = key(connectionId, responseId);
    return this.once.run(key(connectionId, responseId, 'get'), async () => {
      try {
        const result = await getResponse(this.api(connectionId), responseId);
        this.put(connectionId, result.response);
        return result;
      } catch (error) {
        if (isNotFound(error)) this.goneResponses.add(k);
        this.responseErrors.set(k, toSentence(error, vscode.l10n.t("Couldn't read response {0}", responseId)));
        throw error;
      }
    });
  }

  /** Loads a response unless it is already known; failures are kept for `responseError`. */
  async loadResponse(connectionId: string, responseId: string): Promise<void> {
    if (this.response(connectionId, responseId)) return;
    try {
      await this.fetchResponse(connectionId, responseId);
    } catch {
      // Kept in responseErrors; the row shows it.
      this.changed.fire({ kind: 'responses', connectionId });
    }
  }

  inputItemList(connectionId: string, responseId: string): ListState<ResponseItem> {
    return ResponseStore.list(this.inputLists, key(connectionId, responseId));
  }

  async loadInputItems(connectionId: string, responseId: string, mode: 'first' | 'more' | 'all' = 'first'): Promise<void> {
    const state = this.inputItemList(connectionId, responseId);
    const api = this.api(connectionId);
    const action = vscode.l10n.t("Couldn't list the input items of response {0}", responseId);
    await this.once.run(key(connectionId, responseId, 'inputs', mode), async () => {
      await loadPage(state, mode === 'more', (after) => listInputItems(api, responseId, after), action);
      while (mode === 'all' && state.hasMore && !state.error) {
        await loadPage(state, true, (after) => listInputItems(api, responseId, after), action);
      }
    });
    this.changed.fire({ kind: 'inputItems', connectionId, responseId });
  }

  /**
   * Asks the service to cancel a background response and keeps what it answered. Never
   * retried: cancelling again returns the final object anyway.
   */
  async cancel(connectionId: string, responseId: string): Promise<Response> {
    const response = await cancelResponse(this.api(connectionId), responseId);
    this.put(connectionId, response);
    return response;
  }

  /**
   * Cancels when the response's state allows it, and says why not otherwise — decided from
   * the response as read now, never from an error's text (those are not published).
   */
  async tryCancel(connectionId: string, responseId: string): Promise<ResponseCancelOutcome> {
    try {
      if (!this.response(connectionId, responseId)) await this.fetchResponse(connectionId, responseId);
    } catch (error) {
      return { kind: 'failed', message: toSentence(error, vscode.l10n.t("Couldn't read response {0}", responseId)) };
    }
    const refusal = cancelSentence(this.run(connectionId, responseId)!);
    if (refusal) return { kind: 'refused', message: refusal };
    try {
      return { kind: 'accepted', response: await this.cancel(connectionId, responseId) };
    } catch (error) {
      // The request may have reached the service although its answer did not reach us.
      const now = await this.fetchResponse(connectionId, responseId).catch(() => undefined);
      if (now?.response.status === 'cancelled') return { kind: 'accepted', response: now.response };
      const run = now && this.run(connectionId, responseId);
      const why = run ? cancelSentence(run) : null;
      if (why) return { kind: 'refused', message: why };
      return { kind: 'failed', message: toSentence(error, vscode.l10n.t("Couldn't cancel response {0}", responseId)) };
    }
  }

  /**
   * Creates a response (Continue), sent once and never retried, keeps it, remembers its id
   * on the connection and that the extension created it. With `stream: true` the id comes
   * in the first event: a background response's stream is left there, and a stream that
   * drops after it loses nothing (the response is followed by id).
   */
  async create(connectionId: string, body: Record<string, unknown>): Promise<Response> {
    const response = body.stream === true ? await createResponseStreamed(this.api(connectionId), body) : await createResponse(this.api(connectionId), body);
    await this.createdRegistry.add(connectionId, [response.id]);
    this.put(connectionId, response);
    if (!conversationIdOf(response)) await this.rememberResponses(connectionId, [response.id]);
    return response;
  }

  /**
   * After a continuation whose answer was lost: the response the service created for it,
   * read from the service's list where it lists responses (Foundry; newest first, so what
   * came after the original is on the first page): one that follows the original (in its
   * conversation, or by `previous_response_id`) and whose input carries one of `answers`.
   * Null when the list shows none; undefined when the service cannot tell (OpenAI lists none).
   */
  async createdAfter(connectionId: string, original: Response, answers: readonly string[]): Promise<Response | null | undefined> {
    const surface = await this.surface(connectionId).catch(() => undefined);
    if (!surface?.listsResponses) return undefined;
    const conversationId = conversationIdOf(original);
    const since = original.created_at ?? 0;
    const follows = (r: Response) =>
      r.id !== original.id && (r.created_at ?? 0) >= since && (conversationId ? conversationIdOf(r) === conversationId : r.previous_response_id === original.id);
    try {
      const page = await listResponses(this.api(connectionId), conversationId ? { conversationId } : {});
      for (const candidate of page.items.filter(follows)) {
        const inputs = await listInputItems(this.api(connectionId), candidate.id);
        const answered = inputs.items.some((item) => {
          const i = item as { call_id?: unknown; approval_request_id?: unknown };
          return answers.includes(String(i.call_id)) || answers.includes(String(i.approval_request_id));
        });
        if (answered) {
          this.put(connectionId, candidate);
          return candidate;
        }
      }
      // None on the page: conclusive only if the page reaches back to the original.
      return !page.hasMore || page.items.some((r) => (r.created_at ?? Infinity) < since) ? null : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every response read so far, newest first (for pickers such as Compare with…). */
  knownResponses(): { connectionId: string; response: Response }[] {
    return [...this.responsesById.entries()]
      .map(([k, response]) => ({ connectionId: k.slice(0, k.length - response.id.length - 1), response }))
      .sort((a, b) => (b.response.created_at ?? 0) - (a.response.created_at ?? 0));
  }

  /** Whether the extension created the response (in this window or an earlier one). */
  isCreatedHere(connectionId: string, responseId: string): boolean {
    return this.createdRegistry.remembered(connectionId).includes(responseId);
  }

  /** Forgets what is remembered of a removed connection. */
  async forget(connectionId: string): Promise<void> {
    for (const registry of [this.conversationRegistry, this.responseRegistry, this.createdRegistry]) await registry.forget(connectionId);
  }

  /**
   * Reads again what comes after a response (its conversation's items, or the response
   * list and the input items of what continues it), dropping what was read before: after
   * a continuation, or to learn whether another client answered it.
   */
  async reloadLater(connectionId: string, responseId: string): Promise<void> {
    const response = this.response(connectionId, responseId);
    if (!response) return;
    const conversationId = conversationIdOf(response);
    if (conversationId) {
      this.itemLists.delete(key(connectionId, conversationId));
      this.conversationResponseLists.delete(key(connectionId, conversationId));
    } else {
      this.responseLists.delete(connectionId);
      for (const next of this.continuations(connectionId, responseId)) this.inputLists.delete(key(connectionId, next));
    }
    await this.loadLater(connectionId, responseId);
  }

  /** Remembers ids the user added, found or created; returns the new ones. */
  async rememberConversations(connectionId: string, ids: readonly string[]): Promise<string[]> {
    const fresh = await this.conversationRegistry.add(connectionId, ids);
    this.conversationLists.delete(connectionId);
    this.changed.fire({ kind: 'conversations', connectionId });
    return fresh;
  }

  async rememberResponses(connectionId: string, ids: readonly string[]): Promise<string[]> {
    const fresh = await this.responseRegistry.add(connectionId, ids);
    this.responseLists.delete(connectionId);
    this.changed.fire({ kind: 'responses', connectionId });
    return fresh;
  }

  async forgetConversation(connectionId: string, conversationId: string): Promise<void> {
    await this.conversationRegistry.remove(connectionId, conversationId);
    this.conversationLists.delete(connectionId);
    this.changed.fire({ kind: 'conversations', connectionId });
  }

  async forgetResponse(connectionId: string, responseId: string): Promise<void> {
    await this.responseRegistry.remove(connectionId, responseId);
    this.responseLists.delete(connectionId);
    this.changed.fire({ kind: 'responses', connectionId });
  }

  // ── the model ────────────────────────────────────────────────────────────

  /**
   * What can be seen after a response, where its calls' answers would be: every item of
   * its conversation once all of them are loaded; otherwise only some (never guessed).
   */
  laterOf(connectionId: string, response: Response): LaterItems {
    const conversationId = conversationIdOf(response);
    if (!conversationId) return this.laterByListing(connectionId, response);
    const items = this.itemLists.get(key(connectionId, conversationId));
    if (!items?.loaded || items.hasMore || items.error) return items ? { seen: 'some', items: items.items } : nothingSeenLater;
    return { seen: 'everything', source: 'conversation', items: items.items };
  }

  /**
   * Outside a conversation an answer can only come in a response that names this one as
   * `previous_response_id`. Where the server lists responses and the whole list is read,
   * those are all known: their input items are everything after it.
   */
  private laterByListing(connectionId: string, response: Response): LaterItems {
    const list = this.responseLists.get(connectionId);
    // Everything after it is known where the whole list is read, or when this window
    // created it (what continues it is then what this window created after it).
    const listed = !!this.knownSurfaces.get(connectionId)?.listsResponses && !!list?.loaded && !list.hasMore && !list.error;
    const everything = listed || this.isCreatedHere(connectionId, response.id);
    // The answers in the known continuations are seen either way.
    const items: ResponseItem[] = [];
    let complete = true;
    for (const next of this.continuations(connectionId, response.id)) {
      const inputs = this.inputLists.get(key(connectionId, next));
      if (!inputs?.loaded || inputs.hasMore) complete = false;
      if (inputs) items.push(...inputs.items);
    }
    if (!everything || !complete) return items.length ? { seen: 'some', items } : nothingSeenLater;
    return { seen: 'everything', source: listed ? 'listing' : 'createdHere', items };
  }

  /** Known responses that continue this one (`previous_response_id`). */
  continuations(connectionId: string, responseId: string): string[] {
    const found: string[] = [];
    for (const [k, other] of this.responsesById) {
      if (k.startsWith(`${connectionId}|`) && other.previous_response_id === responseId) found.push(other.id);
    }
    return found;
  }

  /**
   * Reads what decides whether the response's calls are still awaited: every item of its
   * conversation, or (where responses are listed) the whole list and the input items of
   * the responses that continue it. Each is read once; the rows update when it arrives.
   */
  async loadLater(connectionId: string, responseId: string): Promise<void> {
    const response = this.response(connectionId, responseId);
    if (!response) return;
    const conversationId = conversationIdOf(response);
    if (conversationId) {
      const items = this.itemList(connectionId, conversationId);
      if (!items.error && (!items.loaded || items.hasMore)) await this.loadItems(connectionId, conversationId, 'all');
      return;
    }
    const surface = await this.surface(connectionId).catch(() => undefined);
    if (surface?.listsResponses) {
      const list = this.responseList(connectionId);
      if (!list.loaded && !list.error) await this.loadResponses(connectionId);
      while (list.hasMore && !list.error) await this.loadResponses(connectionId, true);
    }
    // Without a list, only the continuations this window knows can be read.
    for (const next of this.continuations(connectionId, responseId)) {
      const inputs = this.inputItemList(connectionId, next);
      if (!inputs.error && (!inputs.loaded || inputs.hasMore)) await this.loadInputItems(connectionId, next, 'all');
    }
    this.changed.fire({ kind: 'response', connectionId, responseId, response, previous: response });
  }

  /** The model of a known response (undefined until it is read). */
  run(connectionId: string, responseId: string): AgentRun | undefined {
    const response = this.response(connectionId, responseId);
    if (!response) return undefined;
    const inputs = this.inputLists.get(key(connectionId, responseId));
    const inputItems = inputs?.loaded ? inputs.items : undefined;
    const later = this.laterOf(connectionId, response);
    const k = key(connectionId, responseId);
    const cached = this.runs.get(k);
    // Items are only ever appended: what is seen after it is told by how much, and whether it is all.
    const seen = `${later.seen}|${later.items.length}`;
    if (cached && cached.response === response && cached.inputs === inputItems && cached.later === seen) return cached.run;
    const run = fromResponse({ response, inputItems, later });
    this.runs.set(k, { response, inputs: inputItems, later: seen, run });
    return run;
  }

  /** Known responses that continue this one (`previous_response_id`), oldest first. */
  nextResponses(connectionId: string, responseId: string): string[] {
    const next: Response[] = [];
    for (const [k, response] of this.responsesById) {
      if (k.startsWith(`${connectionId}|`) && response.previous_response_id === responseId) next.push(response);
    }
    return next.sort((a, b) => (a.created_at ?? 0) - (b.created_at ?? 0)).map((r) => r.id);
  }

  /**
   * Known responses that ended with calls or approval requests nothing seen answers, newest
   * first: `awaiting` ones (everything after them is visible) count as waiting, the others
   * ("no answer seen") can be continued but are not counted.
   */
  pendingResponses(): { connectionId: string; run: AgentRun }[] {
    const found: { connectionId: string; run: AgentRun; created: number }[] = [];
    for (const [k, response] of this.responsesById) {
      const connectionId = k.slice(0, k.indexOf('|'));
      const run = this.run(connectionId, response.id);
      if (run?.pending.length) found.push({ connectionId, run, created: response.created_at ?? 0 });
    }
    return found.sort((a, b) => b.created - a.created).map(({ connectionId, run }) => ({ connectionId, run }));
  }

  /** Known responses still running (queued or in progress), for the live scheduler and the status bar. */
  activeResponses(connectionId?: string): { connectionId: string; response: Response }[] {
    const active: { connectionId: string; response: Response }[] = [];
    for (const [k, response] of this.responsesById) {
      const connection = k.slice(0, k.indexOf('|'));
      if (connectionId !== undefined && connection !== connectionId) continue;
      if (response.status === 'queued' || response.status === 'in_progress') active.push({ connectionId: connection, response });
    }
    return active;
  }
}

export type ResponseCancelOutcome =
  /** The service took the cancel; the response may still be active for a moment. */
  | { kind: 'accepted'; response: Response }
  /** Its state does not allow it (finished, not background…); nothing was sent. */
  | { kind: 'refused'; message: string }
  /** The request failed and the response is still cancellable. */
  | { kind: 'failed'; message: string };

/** The conversation a response belongs to (the field is an id or `{id}`). */
export function conversationIdOf(response: Response): string | null {
  const conversation = response.conversation;
  if (typeof conversation === 'string') return conversation;
  return conversation?.id ?? null;
}

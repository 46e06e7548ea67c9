// In-memory state of the Responses family: responses, conversations (with their items)
// and Foundry's named, versioned agents, each kept in creation order (the order lists
// page on). No HTTP and no timers here.
import { chartPng } from './files';
import { ApiError } from './types';
import { SeededRandom } from './random';
import { BEHAVIOURS, type AgentVersion, type Conversation, type StoredResponse } from './responsesTypes';

export const responseErrors = {
  responseNotFound: (id: string) => new ApiError(404, `Response with id '${id}' not found.`),
  containerFileNotFound: (containerId: string, fileId: string) => new ApiError(404, `Container file with id '${fileId}' not found in container '${containerId}'.`),
  conversationNotFound: (id: string) => new ApiError(404, `Conversation with id '${id}' not found.`),
  itemNotFound: (id: string, conversationId: string) => new ApiError(404, `Item with id '${id}' not found in conversation '${conversationId}'.`),
  agentNotFound: (name: string) => new ApiError(404, `Agent '${name}' not found.`, 'invalid_request_error', null, 'not_found'),
  agentVersionNotFound: (name: string, version: string) =>
    new ApiError(404, `Version '${version}' of agent '${name}' not found.`, 'invalid_request_error', null, 'not_found'),
};

export class ResponsesState {
  private readonly responseList: StoredResponse[] = [];
  private readonly responseById = new Map<string, StoredResponse>();
  private readonly conversationList: Conversation[] = [];
  private readonly conversationById = new Map<string, Conversation>();
  /** Agent name → versions, oldest first. */
  private readonly agentVersions = new Map<string, AgentVersion[]>();
  private readonly rng: SeededRandom;

  constructor(seed: number | string, now: number) {
    this.rng = new SeededRandom(`responses-${seed}`);
    // One prompt agent per scripted behaviour, present in every store (like the scripted assistants).
    for (const behaviour of BEHAVIOURS) {
      this.addAgentVersion({
        object: 'agent.version',
        id: `${behaviour}:1`,
        name: behaviour,
        version: '1',
        description: `Scripted emulator agent: ${behaviour}`,
        created_at: now,
        metadata: {},
        definition: { kind: 'prompt', model: behaviour, instructions: `Behave like the '${behaviour}' script.`, tools: [] },
      });
    }
  }

  /** Real-looking ids: `resp_` / `conv_` / `msg_`… followed by 48 hex digits, as recorded. */
  newId(prefix: string): string {
    let hex = '';
    for (let i = 0; i < 48; i++) hex += '0123456789abcdef'[this.rng.int(16)];
    return `${prefix}_${hex}`;
  }

  // Container files ------------------------------------------------------------------------
  /** A file code interpreter wrote: it exists when a response's message cites it (every one a PNG chart here). */
  containerFile(containerId: string, fileId: string): { body: Buffer; contentType: string } {
    const cited = this.responseList.some((r) =>
      r.output.some(
        (item) =>
          item.type === 'message' &&
          Array.isArray(item.content) &&
          item.content.some((part) => Array.isArray(part?.annotations) && part.annotations.some((a: { type?: unknown; container_id?: unknown; file_id?: unknown }) => a?.type === 'container_file_citation' && a.container_id === containerId && a.file_id === fileId)),
      ),
    );
    if (!cited) throw responseErrors.containerFileNotFound(containerId, fileId);
    return { body: chartPng(), contentType: 'image/png' };
  }

  // Responses --------------------------------------------------------------------------
  addResponse(r: StoredResponse): StoredResponse {
    this.responseList.push(r);
    this.responseById.set(r.id, r);
    return r;
  }

  getResponse(id: string): StoredResponse {
    const r = this.responseById.get(id);
    if (!r) throw responseErrors.responseNotFound(id);
    return r;
  }

  findResponse(id: string): StoredResponse | undefined {
    return this.responseById.get(id);
  }

  listResponses(): readonly StoredResponse[] {
    return this.responseList;
  }

  deleteResponse(id: string): void {
    this.getResponse(id);
    this.responseById.delete(id);
    this.responseList.splice(this.responseList.findIndex((r) => r.id === id), 1);
  }

  // Conversations ----------------------------------------------------------------------
  addConversation(c: Conversation): Conversation {
    this.conversationList.push(c);
    this.conversationById.set(c.id, c);
    return c;
  }

  getConversation(id: string): Conversation {
    const c = this.conversationById.get(id);
    if (!c) throw responseErrors.conversationNotFound(id);
    return c;
  }

  listConversations(): readonly Conversation[] {
    return this.conversationList;
  }

  deleteConversation(id: string): void {
    this.getConversation(id);
    this.conversationById.delete(id);
    this.conversationList.splice(this.conversationList.findIndex((c) => c.id === id), 1);
  }

  // Agents (Foundry) -------------------------------------------------------------------
  addAgentVersion(v: AgentVersion): AgentVersion {
    const list = this.agentVersions.get(v.name) ?? [];
    list.push(v);
    this.agentVersions.set(v.name, list);
    return v;
  }

  agentNames(): string[] {
    return [...this.agentVersions.keys()];
  }

  versionsOf(name: string): AgentVersion[] {
    const list = this.agentVersions.get(name);
    if (!list) throw responseErrors.agentNotFound(name);
    return list;
  }

  getAgentVersion(name: string, version?: string): AgentVersion {
    const list = this.versionsOf(name);
    if (version === undefined) return list[list.length - 1];
    const v = list.find((x) => x.version === version);
    if (!v) throw responseErrors.agentVersionNotFound(name, version);
    return v;
  }

  deleteAgent(name: string): void {
    this.versionsOf(name);
    this.agentVersions.delete(name);
  }

  counts(): { responses: number; conversations: number; conversationItems: number; agents: number } {
    let items = 0;
    for (const c of this.conversationList) items += c.items.length;
    return { responses: this.responseList.length, conversations: this.conversationList.length, conversationItems: items, agents: this.agentVersions.size };
  }
}

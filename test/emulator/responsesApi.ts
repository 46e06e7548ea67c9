// The Responses and Conversations operations, in every mode that has them:
//   OpenAI        /v1/responses…, /v1/conversations…            (no list operations)
//   Foundry (GA)  /api/projects/<p>/openai/v1/responses…, …/conversations… (no api-version;
//                 plus GET lists with agent/conversation filters)
//   Foundry preview /api/projects/<p>/openai/responses… ?api-version=2025-11-15-preview
//   Foundry agents  /api/projects/<p>/agents… ?api-version=2025-11-15-preview (or v1)
//   Azure OpenAI  /openai/v1/responses…, /openai/v1/conversations… (no api-version)
import { errors } from './errors';
import { paginate, parsePageParams } from './pagination';
import type { Flavor } from './presenters';
import { parseJsonBody, parseMetadata } from './requestBodies';
import type { CreateResponseInput, ResponsesEngine } from './responsesEngine';
import {
  INCLUDABLE,
  presentAgent,
  presentAgentVersion,
  presentConversation,
  presentItem,
  presentItemList,
  presentResponse,
} from './responsesPresenters';
import { behaviourOf } from './responsesScripts';
import { responseErrors } from './responsesState';
import { TERMINAL_RESPONSE_STATUSES, type AgentId, type Item, type ResponseStreamEvent } from './responsesTypes';
import { ApiError } from './types';

export const FOUNDRY_PREVIEW_API_VERSION = '2025-11-15-preview';
const AGENT_API_VERSIONS = [FOUNDRY_PREVIEW_API_VERSION, 'v1'];
const MAX_CALL_ID = 64;
const MAX_OUTPUT_CHARS = 10_485_760;
const MAX_ITEMS_PER_REQUEST = 20;

export interface ResponsesRequest {
  flavor: Flavor;
  method: string;
  /** Path under the mode's base (e.g. `/responses/resp_x`, `/openai/v1/conversations`). */
  path: string;
  fullPath: string;
  query: URLSearchParams;
  rawBody: string;
}

export type ResponsesResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'events'; subscribe(write: (event: string, data: unknown) => void, end: () => void): () => void }
  | { kind: 'bytes'; status: number; body: Buffer; contentType: string };

/** Which surface a path belongs to, and the path under it. */
interface Surface {
  /** Foundry bodies: agent fields, lists without `object`. */
  foundry: boolean;
  /** Lists of responses and conversations exist (Foundry only). */
  lists: boolean;
  /** The preview surface accepts the deprecated `agent` request field. */
  preview: boolean;
  agents: boolean;
  sub: string;
}

function surfaceOf(flavor: Flavor, path: string): Surface | undefined {
  const family = /^\/(responses|conversations)(\/|$)/;
  // Container files (what code interpreter wrote, cited by `container_file_citation`) are
  // served on OpenAI's and Azure OpenAI's v1 surface; Foundry's project endpoint has none.
  const withContainers = /^\/(responses|conversations|containers)(\/|$)/;
  if (flavor === 'openai') return withContainers.test(path) ? { foundry: false, lists: false, preview: false, agents: false, sub: path } : undefined;
  if (flavor === 'azure-openai') {
    const sub = path.replace(/^\/v1(?=\/)/, '');
    return sub !== path && withContainers.test(sub) ? { foundry: false, lists: false, preview: false, agents: false, sub } : undefined;
  }
  if (path.startsWith('/openai/v1/')) {
    const sub = path.slice('/openai/v1'.length);
    return family.test(sub) ? { foundry: true, lists: true, preview: false, agents: false, sub } : undefined;
  }
  if (path.startsWith('/openai/')) {
    const sub = path.slice('/openai'.length);
    return family.test(sub) ? { foundry: true, lists: true, preview: true, agents: false, sub } : undefined;
  }
  if (/^\/agents(\/|$)/.test(path)) return { foundry: true, lists: true, preview: true, agents: true, sub: path };
  return undefined;
}

/** Whether the Responses family serves this path (it checks its own api-version rules). */
export function isResponsesPath(flavor: Flavor, path: string): boolean {
  return surfaceOf(flavor, path) !== undefined;
}

const json = (body: unknown, headers?: Record<string, string>): ResponsesResult => ({ kind: 'json', status: 200, body, headers });

export function handleResponsesApi(req: ResponsesRequest, engine: ResponsesEngine, pollAfterMs: number): ResponsesResult | undefined {
  const surface = surfaceOf(req.flavor, req.path);
  if (!surface) return undefined;
  checkApiVersion(req, surface);
  const { sub } = surface;
  const state = engine.state;
  const m = (pattern: string): string[] | undefined => {
    const r = new RegExp(`^${pattern.replace(/\{id\}/g, '([^/]+)')}/?$`).exec(sub);
    return r ? r.slice(1).map((p) => decode(p, req)) : undefined;
  };
  const is = (method: string, pattern: string): string[] | undefined => (req.method === method ? m(pattern) : undefined);
  let p: string[] | undefined;

  if (surface.agents) return handleAgents(req, engine);

  // Container files ---------------------------------------------------------------------------
  if ((p = is('GET', '/containers/{id}/files/{id}/content'))) {
    const file = state.containerFile(p[0], p[1]);
    return { kind: 'bytes', status: 200, body: file.body, contentType: file.contentType };
  }

  // Responses -----------------------------------------------------------------------------
  if ((p = is('POST', '/responses'))) return createResponse(req, surface, engine);
  if ((p = is('GET', '/responses'))) {
    if (!surface.lists) throw errors.invalidUrl(req.method, req.fullPath);
    const conversationId = req.query.get('conversation_id');
    const agentName = req.query.get('agent_name');
    const agentId = req.query.get('agent_id');
    const list = state.listResponses().filter(
      (r) =>
        (!conversationId || r.conversation === conversationId) &&
        (!agentName || r.agent?.name === agentName) &&
        (!agentId || (r.agent && `${r.agent.name}:${r.agent.version}` === agentId)),
    );
    return json(presentItemList(paginate(list, parsePageParams(req.query)), (r) => presentResponse(r, { include: new Set(), foundry: true }), true));
  }
  if ((p = is('GET', '/responses/{id}'))) {
    const r = state.getResponse(p[0]);
    const include = parseInclude(req.query);
    if (req.query.get('stream') === 'true') return replay(engine, r.id, startingAfter(req.query));
    const active = !TERMINAL_RESPONSE_STATUSES.includes(r.status);
    return json(presentResponse(r, { include, foundry: surface.foundry }), active ? { 'openai-poll-after-ms': String(pollAfterMs) } : undefined);
  }
  if ((p = is('DELETE', '/responses/{id}'))) {
    state.deleteResponse(p[0]);
    engine.forget(p[0]);
    return json({ id: p[0], object: surface.foundry ? 'response' : 'response.deleted', deleted: true });
  }
  if ((p = is('POST', '/responses/{id}/cancel'))) {
    parseJsonBody(req.rawBody);
    return json(presentResponse(engine.cancel(p[0]), { include: new Set(), foundry: surface.foundry }));
  }
  if ((p = is('GET', '/responses/{id}/input_items'))) {
    const r = state.getResponse(p[0]);
    const include = parseInclude(req.query);
    return json(presentItemList(paginate(r.input, parsePageParams(req.query)), (i) => presentItem(i, { include, foundry: surface.foundry }), surface.foundry));
  }

  // Conversations ---------------------------------------------------------------------------
  if ((p = is('POST', '/conversations'))) {
    const body = parseJsonBody(req.rawBody);
    checkKnown(body, ['items', 'metadata']);
    const items = body.items === undefined || body.items === null ? [] : parseItems(body.items, 'items', state.newId.bind(state), true);
    const c = state.addConversation({ id: state.newId('conv'), object: 'conversation', created_at: engine.now(), metadata: parseMetadata(body.metadata) ?? {}, items });
    return json(presentConversation(c));
  }
  if ((p = is('GET', '/conversations'))) {
    if (!surface.lists) throw errors.invalidUrl(req.method, req.fullPath);
    const agentName = req.query.get('agent_name');
    const agentId = req.query.get('agent_id');
    const byAgent = (cid: string): boolean =>
      state.listResponses().some((r) => r.conversation === cid && r.agent && (!agentName || r.agent.name === agentName) && (!agentId || `${r.agent.name}:${r.agent.version}` === agentId));
    const list = state.listConversations().filter((c) => (!agentName && !agentId) || byAgent(c.id));
    return json(presentItemList(paginate(list, parsePageParams(req.query)), presentConversation, true));
  }
  if ((p = is('GET', '/conversations/{id}'))) return json(presentConversation(state.getConversation(p[0])));
  if ((p = is('POST', '/conversations/{id}'))) {
    const c = state.getConversation(p[0]);
    const body = parseJsonBody(req.rawBody);
    checkKnown(body, ['metadata']);
    const metadata = parseMetadata(body.metadata);
    if (metadata) c.metadata = metadata;
    return json(presentConversation(c));
  }
  if ((p = is('DELETE', '/conversations/{id}'))) {
    state.deleteConversation(p[0]);
    return json({ id: p[0], object: 'conversation.deleted', deleted: true });
  }
  if ((p = is('POST', '/conversations/{id}/items'))) {
    const c = state.getConversation(p[0]);
    const include = parseInclude(req.query);
    const body = parseJsonBody(req.rawBody);
    checkKnown(body, ['items']);
    if (body.items === undefined || body.items === null) throw errors.missingParameter('items');
    const items = parseItems(body.items, 'items', state.newId.bind(state), true);
    c.items.push(...items);
    // Creating answers the new items in the order given, always with `object: "list"` (also on Foundry).
    const page = { data: items, first_id: items[0]?.id ?? null, last_id: items[items.length - 1]?.id ?? null, has_more: false };
    return json(presentItemList(page, (i) => presentItem(i, { include, foundry: surface.foundry }), false));
  }
  if ((p = is('GET', '/conversations/{id}/items'))) {
    const c = state.getConversation(p[0]);
    const include = parseInclude(req.query);
    const type = req.query.get('item_type');
    const items = type ? c.items.filter((i) => i.type === type) : c.items;
    return json(presentItemList(paginate(items, parsePageParams(req.query)), (i) => presentItem(i, { include, foundry: surface.foundry }), surface.foundry));
  }
  if ((p = is('GET', '/conversations/{id}/items/{id}'))) {
    const c = state.getConversation(p[0]);
    const item = c.items.find((i) => i.id === p?.[1]);
    if (!item) throw responseErrors.itemNotFound(p[1], p[0]);
    return json(presentItem(item, { include: parseInclude(req.query), foundry: surface.foundry }));
  }
  if ((p = is('DELETE', '/conversations/{id}/items/{id}'))) {
    const c = state.getConversation(p[0]);
    const i = c.items.findIndex((x) => x.id === p?.[1]);
    if (i < 0) throw responseErrors.itemNotFound(p[1], p[0]);
    c.items.splice(i, 1);
    return json(presentConversation(c));
  }
  // As for the Assistants paths: unknown paths and wrong methods alike.
  throw errors.invalidUrl(req.method, req.fullPath);
}

function checkApiVersion(req: ResponsesRequest, s: Surface): void {
  const version = req.query.get('api-version');
  if (s.agents) {
    if (!version) throw errors.missingApiVersion();
    if (!AGENT_API_VERSIONS.includes(version)) throw errors.unsupportedApiVersion(version, AGENT_API_VERSIONS);
    return;
  }
  if (!s.preview) return; // The GA /openai/v1 surface takes no api-version.
  // The preview document marks it optional on create and retrieve only.
  const optional = (req.method === 'POST' && s.sub === '/responses') || (req.method === 'GET' && /^\/responses\/[^/]+\/?$/.test(s.sub));
  if (!version && optional) return;
  if (!version) throw errors.missingApiVersion();
  if (version !== FOUNDRY_PREVIEW_API_VERSION) throw errors.unsupportedApiVersion(version, [FOUNDRY_PREVIEW_API_VERSION]);
}

// Create ------------------------------------------------------------------------------------

const CREATE_PARAMS = [
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'previous_response_id', 'conversation', 'store', 'background', 'stream', 'stream_options',
  'max_output_tokens', 'max_tool_calls', 'parallel_tool_calls', 'reasoning', 'text', 'truncation', 'metadata', 'temperature', 'top_p', 'top_logprobs',
  'include', 'user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier', 'prompt', 'context_management',
];

function createResponse(req: ResponsesRequest, s: Surface, engine: ResponsesEngine): ResponsesResult {
  const body = parseJsonBody(req.rawBody);
  const state = engine.state;
  if (s.foundry && !s.preview && body.agent !== undefined) {
    throw new ApiError(400, "The 'agent' property is deprecated. Use 'agent_reference' instead.", 'invalid_request_error', 'agent', 'invalid_parameter');
  }
  checkKnown(body, s.foundry ? [...CREATE_PARAMS, 'agent_reference', 'structured_inputs', ...(s.preview ? ['agent'] : [])] : CREATE_PARAMS);
  const reference = s.foundry ? (body.agent_reference ?? (s.preview ? body.agent : undefined)) : undefined;
  const refParam = body.agent_reference !== undefined ? 'agent_reference' : 'agent';
  let agent: AgentId | null = null;
  let agentInstructions: string | null = null;
  let agentModel: string | undefined;
  if (reference !== undefined && reference !== null) {
    if (!isObject(reference)) throw errors.invalidType(refParam, 'an object', reference);
    if (reference.type !== 'agent_reference') throw errors.invalidValue(`${refParam}.type`, String(reference.type), ['agent_reference']);
    if (typeof reference.name !== 'string') throw errors.missingParameter(`${refParam}.name`);
    if (reference.version !== undefined && typeof reference.version !== 'string') throw errors.invalidType(`${refParam}.version`, 'a string', reference.version);
    const version = state.getAgentVersion(reference.name, reference.version as string | undefined);
    agent = { type: 'agent_id', name: version.name, version: version.version };
    agentInstructions = version.definition.instructions ?? null;
    agentModel = version.definition.model;
  }
  const model = optString(body, 'model') ?? agentModel;
  if (model === undefined) throw errors.missingParameter('model');
  const previous = optString(body, 'previous_response_id') ?? null;
  const conversation = parseConversationRef(body.conversation);
  if (previous && conversation) {
    throw new ApiError(400, "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.", 'invalid_request_error', null, 'mutually_exclusive_parameters');
  }
  const include = new Set(parseIncludeList(body.include, 'include'));
  const input: Item[] = body.input === undefined || body.input === null ? [] : typeof body.input === 'string' ? [userMessage(state.newId('msg'), body.input)] : parseItems(body.input, 'input', state.newId.bind(state), false);
  const reasoning = isObject(body.reasoning) ? body.reasoning : {};
  const text = isObject(body.text) ? { format: { type: 'text' }, verbosity: 'medium', ...body.text } : { format: { type: 'text' }, verbosity: 'medium' };
  const truncation = body.truncation === 'auto' ? 'auto' : 'disabled';
  const created: CreateResponseInput = {
    model,
    behaviour: agent && behaviourOf(agent.name) !== 'echo' ? behaviourOf(agent.name) : behaviourOf(model),
    input,
    instructions: optString(body, 'instructions') ?? agentInstructions,
    tools: Array.isArray(body.tools) ? body.tools : [],
    tool_choice: body.tool_choice ?? 'auto',
    previous_response_id: previous,
    conversation,
    store: optBool(body, 'store') ?? true,
    background: optBool(body, 'background') ?? false,
    stream: optBool(body, 'stream') ?? false,
    max_output_tokens: optInt(body, 'max_output_tokens', 16) ?? null,
    max_tool_calls: optInt(body, 'max_tool_calls', 1) ?? null,
    parallel_tool_calls: optBool(body, 'parallel_tool_calls') ?? true,
    reasoning: { effort: typeof reasoning.effort === 'string' ? reasoning.effort : null, summary: typeof reasoning.summary === 'string' ? reasoning.summary : null },
    text,
    truncation,
    metadata: parseMetadata(body.metadata) ?? {},
    temperature: typeof body.temperature === 'number' ? body.temperature : 1.0,
    top_p: typeof body.top_p === 'number' ? body.top_p : 1.0,
    include,
    agent,
    foundry: s.foundry,
  };
  const r = engine.create(created);
  if (!created.stream) return json(presentResponse(r, { include, foundry: s.foundry }));
  return replay(engine, r.id, -1);
}

/** SSE: the events after `startingAfter` already emitted, then live ones until the response stops. */
function replay(engine: ResponsesEngine, id: string, startingAfter: number): ResponsesResult {
  const r = engine.state.findResponse(id);
  const events = r?.events ?? [];
  return {
    kind: 'events',
    subscribe(write, end) {
      let last = startingAfter;
      const send = (e: ResponseStreamEvent): void => {
        if (e.sequence_number <= last) return;
        last = e.sequence_number;
        write(e.type, e);
      };
      const onEvent = (rid: string, e: ResponseStreamEvent): void => {
        if (rid === id) send(e);
      };
      const onEnd = (rid: string): void => {
        if (rid === id) stop();
      };
      const stop = (): void => {
        engine.events.off('event', onEvent);
        engine.events.off('end', onEnd);
        end();
      };
      for (const e of events) send(e);
      if (!engine.isMoving(id) && (!r || TERMINAL_RESPONSE_STATUSES.includes(r.status) || events.length === 0)) {
        end();
        return () => undefined;
      }
      engine.events.on('event', onEvent);
      engine.events.on('end', onEnd);
      return () => {
        engine.events.off('event', onEvent);
        engine.events.off('end', onEnd);
      };
    },
  };
}

function startingAfter(query: URLSearchParams): number {
  const raw = query.get('starting_after');
  if (raw === null) return -1;
  if (!/^\d+$/.test(raw)) throw errors.notAnInteger('starting_after', raw);
  return Number(raw);
}

// Agents (Foundry) ---------------------------------------------------------------------------

function handleAgents(req: ResponsesRequest, engine: ResponsesEngine): ResponsesResult {
  const state = engine.state;
  const path = req.path.replace(/\/+$/, '');
  const seg = path.split('/').slice(2).map((p) => decode(p, req));
  const page = <T extends { id: string }>(list: T[], present: (x: T) => unknown): ResponsesResult =>
    json(presentItemList(paginate(list, parsePageParams(req.query)), present, true));
  if (seg.length === 0 && req.method === 'GET') {
    const kind = req.query.get('kind');
    const agents = state
      .agentNames()
      .map((n) => state.versionsOf(n))
      .filter((v) => !kind || v[v.length - 1].definition.kind === kind)
      .map((versions) => ({ id: versions[0].name, versions }));
    return page(agents, (a) => presentAgent(a.versions));
  }
  if (seg.length === 0 && req.method === 'POST') {
    const body = parseJsonBody(req.rawBody);
    checkKnown(body, ['name', 'metadata', 'description', 'definition']);
    const name = optString(body, 'name');
    if (!name) throw errors.missingParameter('name');
    if (state.agentNames().includes(name)) throw new ApiError(400, `Agent '${name}' already exists.`, 'invalid_request_error', 'name', 'already_exists');
    addVersion(engine, name, body);
    return json(presentAgent(state.versionsOf(name)));
  }
  const [name, sub, version, ...rest] = seg;
  if (rest.length) throw errors.invalidUrl(req.method, req.fullPath);
  if (sub === undefined) {
    if (req.method === 'GET') return json(presentAgent(state.versionsOf(name)));
    if (req.method === 'POST') {
      state.versionsOf(name);
      addVersion(engine, name, parseJsonBody(req.rawBody));
      return json(presentAgent(state.versionsOf(name)));
    }
    if (req.method === 'DELETE') {
      state.deleteAgent(name);
      return json({ object: 'agent.deleted', name, deleted: true });
    }
  }
  if (sub === 'versions' && version === undefined) {
    if (req.method === 'GET') return page(state.versionsOf(name), presentAgentVersion);
    if (req.method === 'POST') return json(presentAgentVersion(addVersion(engine, name, parseJsonBody(req.rawBody))));
  }
  if (sub === 'versions' && version !== undefined) {
    if (req.method === 'GET') return json(presentAgentVersion(state.getAgentVersion(name, version)));
    if (req.method === 'DELETE') {
      const list = state.versionsOf(name);
      state.getAgentVersion(name, version);
      list.splice(list.findIndex((v) => v.version === version), 1);
      if (!list.length) state.deleteAgent(name);
      return json({ object: 'agent.version.deleted', name, version, deleted: true });
    }
  }
  throw errors.invalidUrl(req.method, req.fullPath);
}

function addVersion(engine: ResponsesEngine, name: string, body: Record<string, unknown>) {
  checkKnown(body, ['name', 'metadata', 'description', 'definition']);
  const definition = body.definition;
  if (!isObject(definition)) throw errors.missingParameter('definition');
  if (typeof definition.kind !== 'string') throw errors.missingParameter('definition.kind');
  if (definition.kind === 'prompt' && typeof definition.model !== 'string') throw errors.missingParameter('definition.model');
  const existing = engine.state.agentNames().includes(name) ? engine.state.versionsOf(name) : [];
  const version = String(existing.length ? Number(existing[existing.length - 1].version) + 1 : 1);
  return engine.state.addAgentVersion({
    object: 'agent.version',
    id: `${name}:${version}`,
    name,
    version,
    description: optString(body, 'description'),
    created_at: engine.now(),
    metadata: parseMetadata(body.metadata) ?? {},
    definition: definition as { kind: string },
  });
}

// Parsing -------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKnown(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw errors.unknownParameter(key);
}

function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.invalidType(key, 'a string', v);
  return v;
}

function optBool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw errors.invalidType(key, 'a boolean', v);
  return v;
}

function optInt(body: Record<string, unknown>, key: string, min: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw errors.invalidType(key, 'an integer', v);
  if (v < min) throw errors.belowMin(key, min, v);
  return v;
}

function parseConversationRef(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.id === 'string') return v.id;
  throw errors.invalidType('conversation', 'a string or an object with an id', v);
}

function parseIncludeList(v: unknown, param: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw errors.invalidType(param, 'an array', v);
  v.forEach((x, i) => {
    if (typeof x !== 'string' || !(INCLUDABLE as readonly string[]).includes(x)) throw errors.invalidValue(`${param}[${i}]`, String(x), [...INCLUDABLE]);
  });
  return v as string[];
}

function parseInclude(query: URLSearchParams): Set<string> {
  return new Set(parseIncludeList([...query.getAll('include[]'), ...query.getAll('include')], 'include'));
}

function userMessage(id: string, text: string): Item {
  return { id, type: 'message', status: 'completed', content: [{ type: 'input_text', text }], role: 'user' };
}

/**
 * Input items as the service stores them: messages get an id, `status` and content
 * parts; function_call_output / mcp_approval_response are checked; unknown item types
 * pass through untouched (an `id` is added only when they have none, for paging).
 */
function parseItems(v: unknown, param: string, newId: (prefix: string) => string, capped: boolean): Item[] {
  if (!Array.isArray(v)) throw errors.invalidType(param, 'an array', v);
  if (capped && v.length > MAX_ITEMS_PER_REQUEST) {
    throw new ApiError(400, `Invalid '${param}': array too long. Expected an array with maximum length ${MAX_ITEMS_PER_REQUEST}, but got an array with length ${v.length} instead.`, 'invalid_request_error', param, 'array_above_max_length');
  }
  return v.map((raw, i): Item => {
    const p = `${param}[${i}]`;
    if (!isObject(raw)) throw errors.invalidType(p, 'an object', raw);
    const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined);
    if (typeof type !== 'string') throw errors.missingParameter(`${p}.type`);
    if (type === 'message') {
      const role = raw.role;
      if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer') throw errors.invalidValue(`${p}.role`, String(role), ['user', 'assistant', 'system', 'developer']);
      const partType = role === 'assistant' ? 'output_text' : 'input_text';
      const content =
        typeof raw.content === 'string'
          ? [role === 'assistant' ? { type: partType, annotations: [], logprobs: [], text: raw.content } : { type: partType, text: raw.content }]
          : Array.isArray(raw.content)
            ? raw.content
            : (() => {
                throw errors.missingParameter(`${p}.content`);
              })();
      return { id: typeof raw.id === 'string' ? raw.id : newId('msg'), type: 'message', status: 'completed', content, role };
    }
    if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      const callId = raw.call_id;
      if (typeof callId !== 'string') throw errors.missingParameter(`${p}.call_id`);
      if (callId.length > MAX_CALL_ID) throw errors.stringTooLong(`${p}.call_id`, MAX_CALL_ID, callId.length);
      const output = raw.output;
      if (typeof output !== 'string' && !Array.isArray(output)) throw errors.invalidType(`${p}.output`, 'a string or an array', output);
      if (typeof output === 'string' && output.length > MAX_OUTPUT_CHARS) throw errors.stringTooLong(`${p}.output`, MAX_OUTPUT_CHARS, output.length);
      return { id: typeof raw.id === 'string' ? raw.id : newId(type === 'function_call_output' ? 'fc' : 'ctco'), type, status: 'completed', call_id: callId, output };
    }
    if (type === 'function_call') {
      for (const k of ['call_id', 'name', 'arguments']) if (typeof raw[k] !== 'string') throw errors.missingParameter(`${p}.${k}`);
      return { id: typeof raw.id === 'string' ? raw.id : newId('fc'), type, status: 'completed', arguments: raw.arguments, call_id: raw.call_id, name: raw.name };
    }
    if (type === 'mcp_approval_response') {
      if (typeof raw.approval_request_id !== 'string') throw errors.missingParameter(`${p}.approval_request_id`);
      if (typeof raw.approve !== 'boolean') throw errors.missingParameter(`${p}.approve`);
      const item: Item = { id: typeof raw.id === 'string' ? raw.id : newId('mcpr'), type, approval_request_id: raw.approval_request_id, approve: raw.approve };
      if (typeof raw.reason === 'string') item.reason = raw.reason;
      return item;
    }
    const id = typeof raw.id === 'string' ? raw.id : newId('item');
    return { ...raw, id, type } as Item;
  });
}

function decode(p: string, req: ResponsesRequest): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw errors.invalidUrl(req.method, req.fullPath);
  }
}

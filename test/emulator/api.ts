// The Assistants API operations: a routing table from (method, path under the mode's
// base) to handlers over the store and the engine. No sockets here: handlers return a
// JSON answer or, for streaming requests, the events to start an SSE answer with.
import { fileContent } from './files';
import { ARGS_ONLY, type Engine } from './engine';
import { errors } from './errors';
import { paginate, parsePageParams } from './pagination';
import {
  presentDeleted,
  presentList,
  presentMessage,
  presentMessageDelta,
  presentRun,
  presentStep,
  presentThread,
  type Flavor,
  type PresentOptions,
} from './presenters';
import {
  parseCreateRun,
  parseCreateThread,
  parseCreateThreadAndRun,
  parseJsonBody,
  parseModify,
  parseNewMessage,
  parseSubmitToolOutputs,
} from './requestBodies';
import { handleResponsesApi } from './responsesApi';
import type { ResponsesEngine } from './responsesEngine';
import type { Store } from './store';
import { ACTIVE_RUN_STATUSES, type Run, type StreamEvent } from './types';

export const FILE_SEARCH_CONTENT_INCLUDE = 'step_details.tool_calls[*].file_search.results[*].content';

export interface ApiRequest {
  flavor: Flavor;
  method: string;
  /** Path under the mode's base, e.g. `/threads/thread_x/runs`. */
  path: string;
  /** Full request path, for "Invalid URL" texts. */
  fullPath: string;
  query: URLSearchParams;
  rawBody: string;
}

export type ApiResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; initial: StreamEvent[]; filter: (e: StreamEvent) => boolean; present: PresentOptions }
  /** Responses streams: named events, no `[DONE]` at the end. */
  | { kind: 'events'; subscribe(write: (event: string, data: unknown) => void, end: () => void): () => void }
  | { kind: 'bytes'; status: number; body: Buffer; contentType: string };

export interface ApiContext {
  store: Store;
  engine: Engine;
  pollAfterMs: number;
  responses: ResponsesEngine;
}

type Handler = (req: ApiRequest, params: string[], ctx: ApiContext) => ApiResult;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  /** Modes that serve the route (default: all). */
  flavors?: Flavor[];
}

const ID = '([^/]+)';
const route = (method: string, path: string, handler: Handler, flavors?: Flavor[]): Route => ({
  method,
  pattern: new RegExp(`^${path.replace(/\{id\}/g, ID)}/?$`),
  handler,
  flavors,
});

const json = (body: unknown, headers?: Record<string, string>): ApiResult => ({ kind: 'json', status: 200, body, headers });

const ROUTES: Route[] = [
  route('GET', '/threads', listThreads),
  route('POST', '/threads', createThread),
  route('POST', '/threads/runs', createThreadAndRun),
  route('GET', '/threads/{id}', (_r, [t], c) => json(presentThread(c.store.getThread(t)))),
  route('POST', '/threads/{id}', modifyThread),
  route('DELETE', '/threads/{id}', (_r, [t], c) => {
    c.store.deleteThread(t);
    return json(presentDeleted(t, 'thread.deleted'));
  }),
  route('GET', '/threads/{id}/messages', listMessages),
  route('POST', '/threads/{id}/messages', (r, [t], c) => {
    const message = c.engine.createMessage(t, parseNewMessage(parseJsonBody(r.rawBody)));
    return json(presentMessage(message, { flavor: r.flavor }));
  }),
  route('GET', '/threads/{id}/messages/{id}', (r, [t, m], c) => json(presentMessage(c.store.getMessage(t, m), { flavor: r.flavor }))),
  route('POST', '/threads/{id}/messages/{id}', (r, [t, m], c) => {
    const message = c.store.getMessage(t, m);
    const { metadata } = parseModify(parseJsonBody(r.rawBody), false);
    if (metadata) message.metadata = metadata;
    return json(presentMessage(message, { flavor: r.flavor, modifyAnswer: true }));
  }),
  // Azure AI Agents v1 has no "delete message" operation.
  route(
    'DELETE',
    '/threads/{id}/messages/{id}',
    (_r, [t, m], c) => {
      c.store.deleteMessage(t, m);
      return json(presentDeleted(m, 'thread.message.deleted'));
    },
    ['openai', 'azure-openai'],
  ),
  route('GET', '/threads/{id}/runs', (r, [t], c) => {
    const page = paginate(c.store.runsOf(t), parsePageParams(r.query));
    return json(presentList(page, presentRun, r.flavor));
  }),
  route('POST', '/threads/{id}/runs', createRun),
  route('GET', '/threads/{id}/runs/{id}', (_r, [t, run], c) => {
    const found = c.store.getRun(t, run);
    const headers: Record<string, string> = ACTIVE_RUN_STATUSES.includes(found.status) ? { 'openai-poll-after-ms': String(c.pollAfterMs) } : {};
    return json(presentRun(found), headers);
  }),
  route('POST', '/threads/{id}/runs/{id}', (r, [t, run], c) => {
    const found = c.store.getRun(t, run);
    const { metadata } = parseModify(parseJsonBody(r.rawBody), false);
    // As recorded (ruby-openai error_400_run_modify_in_progress.v1.json).
    if (found.status === 'queued' || found.status === 'in_progress' || found.status === 'cancelling') throw errors.cannotUpdateRun(found.status);
    if (metadata) found.metadata = metadata;
    return json(presentRun(found));
  }),
  route('POST', '/threads/{id}/runs/{id}/cancel', (r, [t, run], c) => {
    parseJsonBody(r.rawBody);
    return json(presentRun(c.engine.cancelRun(t, run)));
  }),
  route('POST', '/threads/{id}/runs/{id}/submit_tool_outputs', submitToolOutputs),
  route('GET', '/threads/{id}/runs/{id}/steps', (r, [t, run], c) => {
    c.store.getRun(t, run);
    const include = parseInclude(r.query);
    const page = paginate(c.store.stepsOf(run), parsePageParams(r.query));
    return json(presentList(page, (s) => presentStep(s, { flavor: r.flavor, includeFileSearchContent: include }), r.flavor));
  }),
  route('GET', '/files/{id}/content', (_r, [f], c) => ({ kind: 'bytes', status: 200, ...fileContent(c.store.imageFiles, f) })),
  route('GET', '/threads/{id}/runs/{id}/steps/{id}', (r, [t, run, step], c) => {
    const include = parseInclude(r.query);
    return json(presentStep(c.store.getStep(t, run, step), { flavor: r.flavor, includeFileSearchContent: include }));
  }),
];

export function handleApi(req: ApiRequest, ctx: ApiContext): ApiResult {
  ctx.engine.expireDue();
  const family = handleResponsesApi(req, ctx.responses, ctx.pollAfterMs);
  if (family) return family;
  for (const r of ROUTES) {
    if (r.method !== req.method || (r.flavors && !r.flavors.includes(req.flavor))) continue;
    const m = r.pattern.exec(req.path);
    if (m) return r.handler(req, m.slice(1).map((p) => decodePathParam(p, req)), ctx);
  }
  // The real service answers unknown paths and wrong methods alike.
  throw errors.invalidUrl(req.method, req.fullPath);
}

function decodePathParam(p: string, req: ApiRequest): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw errors.invalidUrl(req.method, req.fullPath);
  }
}

// Handlers ------------------------------------------------------------------------

function listThreads(req: ApiRequest, _p: string[], ctx: ApiContext): ApiResult {
  // OpenAI has no public list-threads operation: the real service answers 401.
  if (req.flavor === 'openai') throw errors.listThreadsNeedsSessionKey();
  if (req.flavor === 'azure-openai') throw errors.invalidUrl(req.method, req.fullPath);
  const page = paginate(ctx.store.listThreads(), parsePageParams(req.query));
  return json(presentList(page, presentThread, req.flavor));
}

function createThread(req: ApiRequest, _p: string[], ctx: ApiContext): ApiResult {
  const input = parseCreateThread(parseJsonBody(req.rawBody));
  return json(presentThread(ctx.engine.createThread(input.messages, input.metadata, input.tool_resources)));
}

function modifyThread(req: ApiRequest, [t]: string[], ctx: ApiContext): ApiResult {
  const thread = ctx.store.getThread(t);
  const { metadata, tool_resources } = parseModify(parseJsonBody(req.rawBody), true);
  if (metadata) thread.metadata = metadata;
  if (tool_resources) thread.tool_resources = tool_resources;
  return json(presentThread(thread));
}

function listMessages(req: ApiRequest, [t]: string[], ctx: ApiContext): ApiResult {
  const params = parsePageParams(req.query);
  const runId = req.query.get('run_id');
  let messages = ctx.store.messagesOf(t);
  if (runId) messages = messages.filter((m) => m.run_id === runId);
  return json(presentList(paginate(messages, params), (m) => presentMessage(m, { flavor: req.flavor }), req.flavor));
}

function createRun(req: ApiRequest, [t]: string[], ctx: ApiContext): ApiResult {
  const include = parseInclude(req.query);
  const input = parseCreateRun(parseJsonBody(req.rawBody));
  const { result, captured } = capture(ctx, () =>
    ctx.engine.createRun(t, input.assistantId, input.overrides, {
      additionalInstructions: input.additionalInstructions,
      additionalMessages: input.additionalMessages,
    }),
  );
  return input.stream ? sse(result, captured, { flavor: req.flavor, stream: true, includeFileSearchContent: include }) : json(presentRun(result));
}

function createThreadAndRun(req: ApiRequest, _p: string[], ctx: ApiContext): ApiResult {
  const input = parseCreateThreadAndRun(parseJsonBody(req.rawBody));
  const { result, captured } = capture(ctx, () => ctx.engine.createThreadAndRun(input.assistantId, input.thread, input.overrides));
  return input.stream ? sse(result, captured, { flavor: req.flavor, stream: true }) : json(presentRun(result));
}

function submitToolOutputs(req: ApiRequest, [t, run]: string[], ctx: ApiContext): ApiResult {
  const input = parseSubmitToolOutputs(parseJsonBody(req.rawBody));
  const { result, captured } = capture(ctx, () => ctx.engine.submitToolOutputs(t, run, input.outputs));
  return input.stream ? sse(result, captured, { flavor: req.flavor, stream: true }) : json(presentRun(result));
}

function parseInclude(query: URLSearchParams): boolean {
  const values = [...query.getAll('include[]'), ...query.getAll('include')];
  for (const v of values) {
    if (v !== FILE_SEARCH_CONTENT_INCLUDE) throw errors.invalidValue('include[0]', v, [FILE_SEARCH_CONTENT_INCLUDE]);
  }
  return values.length > 0;
}

/** Runs an engine operation and keeps the events it emitted synchronously. */
function capture<T>(ctx: ApiContext, op: () => T): { result: T; captured: StreamEvent[] } {
  const captured: StreamEvent[] = [];
  const listener = (e: StreamEvent): void => {
    captured.push(e);
  };
  ctx.engine.events.on('event', listener);
  try {
    return { result: op(), captured };
  } finally {
    ctx.engine.events.off('event', listener);
  }
}

function sse(run: Run, captured: StreamEvent[], present: PresentOptions): ApiResult {
  const filter = (e: StreamEvent): boolean => e.runId === run.id || (e.kind === 'thread' && e.threadId === run.thread_id);
  return { kind: 'sse', initial: captured.filter(filter), filter, present };
}

/** Serialises one event's data the way the mode shows it. */
export function presentEventData(e: StreamEvent, o: PresentOptions): unknown {
  switch (e.kind) {
    case 'run':
      return presentRun(e.data as Run);
    case 'step':
      return presentStep(e.data as Parameters<typeof presentStep>[0], o);
    case 'message':
      return presentMessage(e.data as Parameters<typeof presentMessage>[0], o);
    case 'thread':
      return presentThread(e.data as Parameters<typeof presentThread>[0]);
    case 'message.delta':
      return presentMessageDelta(e.data, o.flavor);
    case 'step.delta':
      return presentStepDelta(e.data, o.flavor);
    default:
      return e.data;
  }
}

function presentStepDelta(data: unknown, flavor: Flavor): unknown {
  const d = structuredClone(data) as { delta?: { step_details?: { tool_calls?: Array<Record<string, unknown>> } } };
  for (const call of d.delta?.step_details?.tool_calls ?? []) {
    if (!call[ARGS_ONLY]) continue;
    delete call[ARGS_ONLY];
    if (flavor !== 'azure') delete call.id;
  }
  return d;
}

export const TERMINAL_STREAM_EVENTS = new Set([
  'thread.run.completed',
  'thread.run.incomplete',
  'thread.run.failed',
  'thread.run.cancelled',
  'thread.run.expired',
  'thread.run.requires_action',
]);

// The one path by which a response's calls and approval requests are answered: a new
// response whose input carries the outputs and approval responses (Continue), for the
// draft editor and the panel alike. Validate the request the user saw, allow one
// continuation per response at a time, re-read what comes after the response and send
// nothing if another client already answered, ask before sending (it creates a response
// and costs tokens), send once (never retried), and after a dropped connection settle
// what happened by re-reading where the service allows it — or say that it is uncertain.
// No vscode import at run time, so it is unit-tested with a fake store.
import { APIConnectionError, APIError } from 'openai';
import { statusOf, toSentence } from '../api/errors';
import type { ResponseResult } from '../api/responses/calls';
import type { Response } from '../api/responses/schemas';
import { validateContinueText, type ContinueProblem } from '../model/continuation';
import type { AgentRun, PendingAction } from '../model/run';
import { InFlight, type AnswerSubmitter, type Subscription } from './answerSubmitter';

export interface ResponseRef {
  connectionId: string;
  responseId: string;
}

/** What the user is asked before anything is sent. */
export interface ContinuePlan {
  connectionName: string;
  responseId: string;
  /** "model gpt-4.1-2025-04-14" or "agent weather-bot (version 2)". */
  runsWith: string;
  /** `previous_response_id` or `conversation`, and its id. */
  chain: { kind: 'previous_response_id' | 'conversation'; id: string };
  answers: number;
  /** Pending actions the request leaves unanswered (a partial set is sent only when the user chooses it). */
  unanswered: PendingAction[];
  /** MCP servers whose tools carry no headers (the service does not return them). */
  mcpWithoutHeaders: string[];
  background: boolean;
}

export type ContinueResult =
  | { kind: 'created'; response: Response }
  /** The service took the answers (they are in the conversation) but its reply was lost. */
  | { kind: 'received'; message: string }
  | { kind: 'invalid'; message: string; problems: ContinueProblem[] }
  | { kind: 'declined'; message: string }
  /** Nothing was sent: another continuation is under way, already answered, or the response could not be read. */
  | { kind: 'refused'; message: string }
  /** The service answered with an error: it created nothing. */
  | { kind: 'failed'; message: string }
  /** The connection dropped before an answer, and nothing the service shows says whether it created the response. */
  | { kind: 'uncertain'; message: string };

/** What the continuer needs of the response store (ResponseStore satisfies it). */
export interface ContinuerStore {
  response(connectionId: string, responseId: string): Response | undefined;
  fetchResponse(connectionId: string, responseId: string): Promise<ResponseResult>;
  reloadLater(connectionId: string, responseId: string): Promise<void>;
  run(connectionId: string, responseId: string): AgentRun | undefined;
  continuations(connectionId: string, responseId: string): string[];
  createdAfter(connectionId: string, original: Response, answers: readonly string[]): Promise<Response | null | undefined>;
  create(connectionId: string, body: Record<string, unknown>): Promise<Response>;
  connectionName(connectionId: string): string;
}

/** What following a new response needs (LiveScheduler through followResponse satisfies it). */
export type FollowNew = (ref: ResponseRef) => void;

export interface ContinuerDeps {
  store: ContinuerStore;
  follow?: FollowNew;
  log?: { info(message: string): void; warn(message: string): void };
}

export interface ContinueOptions {
  source: 'panel' | 'editor';
  /** The modal question; false sends nothing. */
  confirm: (plan: ContinuePlan) => Promise<boolean>;
}

const refKey = (ref: ResponseRef) => `${ref.connectionId}|${ref.responseId}`;

/** The ids a request answers (call ids and approval request ids), in order. */
export function answeredIds(request: Record<string, unknown>): string[] {
  const input = Array.isArray(request.input) ? (request.input as unknown[]) : [];
  return input.flatMap((item) => {
    const i = item as { type?: unknown; call_id?: unknown; approval_request_id?: unknown } | null;
    if (!i || typeof i !== 'object') return [];
    if (i.type === 'mcp_approval_response' && typeof i.approval_request_id === 'string') return [i.approval_request_id];
    if ((i.type === 'function_call_output' || i.type === 'custom_tool_call_output') && typeof i.call_id === 'string') return [i.call_id];
    return [];
  });
}

const pendingId = (p: PendingAction) => (p.kind === 'approval' ? p.approvalRequestId : p.callId);

function runsWith(request: Record<string, unknown>): string {
  const agent = request.agent_reference as { name?: unknown; version?: unknown } | undefined;
  if (agent && typeof agent.name === 'string') return typeof agent.version === 'string' ? `agent ${agent.name} (version ${agent.version})` : `agent ${agent.name}`;
  return `model ${typeof request.model === 'string' ? request.model : '?'}`;
}

function mcpWithoutHeaders(request: Record<string, unknown>): string[] {
  const tools = Array.isArray(request.tools) ? (request.tools as unknown[]) : [];
  return tools.flatMap((t) => {
    const tool = t as { type?: unknown; server_label?: unknown; server_url?: unknown; headers?: unknown } | null;
    return tool?.type === 'mcp' && typeof tool.server_url === 'string' && !tool.headers ? [typeof tool.server_label === 'string' ? tool.server_label : tool.server_url] : [];
  });
}

function problemsSentence(problems: ContinueProblem[]): string {
  const first = problems[0]!;
  return problems.length === 1 ? `${first.message} Nothing was sent.` : `${first.message} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}). Nothing was sent.`;
}

export class ResponseContinuer implements AnswerSubmitter<ResponseRef, string, ContinueOptions, ContinueResult> {
  private readonly inflight = new InFlight<ResponseRef>(refKey);

  constructor(private readonly deps: ContinuerDeps) {}

  /** Whether a continuation of this response is under way. */
  isSubmitting(ref: ResponseRef): boolean {
    return this.inflight.has(ref);
  }

  onDidChangeSubmitting(listener: (ref: ResponseRef) => void): Subscription {
    return this.inflight.onDidChange(listener);
  }

  /** Sends the request in `text` (the document the user saw) as the continuation of `ref`. Never throws. */
  async submit(ref: ResponseRef, text: string, options: ContinueOptions): Promise<ContinueResult> {
    const { store } = this.deps;
    // 1. The document as it stands, against what the response waited for when last seen.
    const early = validateContinueText(text, store.run(ref.connectionId, ref.responseId)?.pending);
    const earlyErrors = early.problems.filter((p) => p.severity === 'error' && p.code !== 'unknown-id');
    if (earlyErrors.length) return { kind: 'invalid', message: problemsSentence(earlyErrors), problems: earlyErrors };

    // 2. One continuation per response at a time (marked before any await after this point).
    return this.inflight.exclusive(
      ref,
      (): ContinueResult => ({ kind: 'refused', message: `Response ${ref.responseId} is already being continued; wait for that request to finish.` }),
      () => this.send(ref, text, options),
    );
  }

  /** Re-reads what follows the response, asks, and sends once. */
  private async send(ref: ResponseRef, text: string, options: ContinueOptions): Promise<ContinueResult> {
    const { store } = this.deps;
    // 3. What comes after it now: another client may have answered meanwhile.
    let run: AgentRun | undefined;
    try {
      await store.fetchResponse(ref.connectionId, ref.responseId);
      await store.reloadLater(ref.connectionId, ref.responseId);
      run = store.run(ref.connectionId, ref.responseId);
    } catch (error) {
      return { kind: 'refused', message: toSentence(error, `Couldn't read response ${ref.responseId} before continuing it; nothing was sent`) };
    }
    if (!run) return { kind: 'refused', message: `Couldn't read response ${ref.responseId}; nothing was sent.` };
    const checked = validateContinueText(text, run.pending);
    const request = checked.request;
    if (!request) {
      const answeredElsewhere = answeredIds(parsedRequest(text)).filter((id) => answerStateOf(run, id) === 'answered');
      if (answeredElsewhere.length) {
        return { kind: 'refused', message: `Already answered: ${answeredElsewhere.join(', ')} ${answeredElsewhere.length === 1 ? 'has' : 'have'} an answer after response ${ref.responseId} (another client sent it). Nothing was sent.` };
      }
      const errors = checked.problems.filter((p) => p.severity === 'error');
      return { kind: 'invalid', message: problemsSentence(errors), problems: errors };
    }
    const sent = answeredIds(request);
    const chain: ContinuePlan['chain'] =
      typeof request.conversation === 'string' || (request.conversation && typeof request.conversation === 'object')
        ? { kind: 'conversation', id: typeof request.conversation === 'string' ? request.conversation : String((request.conversation as { id?: unknown }).id) }
        : { kind: 'previous_response_id', id: String(request.previous_response_id) };

    // 4. The question, with what it will do.
    const plan: ContinuePlan = {
      connectionName: store.connectionName(ref.connectionId),
      responseId: ref.responseId,
      runsWith: runsWith(request),
      chain,
      answers: sent.length,
      unanswered: run.pending.filter((p) => !sent.includes(pendingId(p))),
      mcpWithoutHeaders: mcpWithoutHeaders(request),
      background: request.background === true,
    };
    if (!(await options.confirm(plan))) return { kind: 'declined', message: 'Nothing was sent.' };

    // 5. Send, once.
    this.deps.log?.info(`Continuing ${ref.responseId} with ${sent.length} answer(s) from the ${options.source}.`);
    try {
      const response = await store.create(ref.connectionId, request);
      this.deps.log?.info(`Created ${response.id} (${response.status ?? 'no status'}), continuing ${ref.responseId}.`);
      void store.reloadLater(ref.connectionId, ref.responseId).catch(() => undefined);
      this.deps.follow?.({ connectionId: ref.connectionId, responseId: response.id });
      return { kind: 'created', response };
    } catch (error) {
      return await this.afterFailure(ref, sent, request.background === true, error);
    }
  }

  /** After a failure: the service's sentence, or what re-reading shows of a dropped request. */
  private async afterFailure(ref: ResponseRef, sent: string[], background: boolean, error: unknown): Promise<ContinueResult> {
    const { store } = this.deps;
    const status = statusOf(error);
    // What to do next is said below (never "try again": it may already have been created).
    const sentence = toSentence(error, `Couldn't continue response ${ref.responseId}`, { advice: false });
    this.deps.log?.warn(sentence);
    // An `error` event that came before any event named a response: the service answered.
    const streamError = error instanceof APIError && !(error instanceof APIConnectionError) && status === undefined;
    const dropped = !streamError && (error instanceof APIConnectionError || status === undefined || status >= 500);
    if (!dropped) return { kind: 'failed', message: `${sentence} The service created no response.` };
    // Where the service lists responses, the list says whether it created one.
    const original = store.response(ref.connectionId, ref.responseId);
    const listed = original ? await store.createdAfter(ref.connectionId, original, sent).catch(() => undefined) : undefined;
    if (listed) {
      this.deps.follow?.({ connectionId: ref.connectionId, responseId: listed.id });
      return { kind: 'created', response: listed };
    }
    if (listed === null) return { kind: 'failed', message: `${sentence} The service lists no new response after ${ref.responseId}: it created none; continue again when ready.` };
    // Where everything after the response can be read, the answers tell whether it arrived.
    try {
      await store.reloadLater(ref.connectionId, ref.responseId);
    } catch {
      // what follows says it is uncertain
    }
    const run = store.run(ref.connectionId, ref.responseId);
    const states = run ? sent.map((id) => answerStateOf(run, id)) : [];
    if (run && states.length && states.every((s) => s === 'awaiting') && !background) {
      // Everything after the response is seen, and nothing answers these: nothing arrived.
      // (A background response adds its items to the conversation only when it ends, so
      // there their absence right now proves nothing.)
      return { kind: 'failed', message: `${sentence} The service shows no answer after ${ref.responseId}: it created no response; continue again when ready.` };
    }
    if (run && states.length && states.every((s) => s === 'answered')) {
      const next = store
        .continuations(ref.connectionId, ref.responseId)
        .map((id) => store.response(ref.connectionId, id))
        .filter((r): r is Response => !!r && (r.created_at ?? 0) >= (original?.created_at ?? 0))
        .sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0))[0];
      if (next) {
        this.deps.follow?.({ connectionId: ref.connectionId, responseId: next.id });
        return { kind: 'created', response: next };
      }
      return { kind: 'received', message: `${sentence} But the service received the answers: they now follow ${ref.responseId}. Don't continue again; refresh to see the new response.` };
    }
    return {
      kind: 'uncertain',
      message: `${sentence} The connection dropped before the service answered, so it may have created the response. Check before continuing again (the extension does not retry).`,
    };
  }
}

/** The text's request for reading ids only (any shape; validation is elsewhere). */
function parsedRequest(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The state of the answer to a call or approval request of the response (undefined: not among its steps). */
export function answerStateOf(run: AgentRun, id: string): 'answered' | 'awaiting' | 'noAnswerSeen' | 'unanswered' | undefined {
  for (const step of run.steps) {
    const body = step.body;
    if (body.kind === 'approvalRequest' && body.approvalRequestId === id) return body.answer.state;
    if (body.kind === 'call' || body.kind === 'toolCalls') {
      const call = (body.kind === 'call' ? [body.call] : body.calls).find((c) => c.id === id);
      if (call && 'answer' in call) return call.answer.state;
    }
  }
  return undefined;
}

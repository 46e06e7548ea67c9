// Drives responses: a plain request is answered at once with its terminal object; a
// background or streamed one moves `queued → in_progress → …` one transition every
// `stepMs` of wall time. Every change is a stream event (with sequence_number) kept on
// the response, so GET ?stream=true&starting_after=N can replay it, and published for
// live SSE answers. Timestamps come from the virtual clock.
import { EventEmitter } from 'node:events';
import type { VirtualClock } from './clock';
import { ApiError } from './types';
import type { ResponsesState } from './responsesState';
import { plan, usageFor, type Plan } from './responsesScripts';
import { presentItem, presentResponse } from './responsesPresenters';
import { TERMINAL_RESPONSE_STATUSES, type AgentId, type Behaviour, type Item, type ResponseStreamEvent, type StoredResponse } from './responsesTypes';

export interface CreateResponseInput {
  model: string;
  behaviour: Behaviour;
  input: Item[];
  instructions: string | null;
  tools: unknown[];
  tool_choice: unknown;
  previous_response_id: string | null;
  conversation: string | null;
  store: boolean;
  background: boolean;
  stream: boolean;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  parallel_tool_calls: boolean;
  reasoning: { effort: string | null; summary: string | null };
  text: Record<string, unknown>;
  truncation: 'auto' | 'disabled';
  metadata: Record<string, string>;
  temperature: number;
  top_p: number;
  include: ReadonlySet<string>;
  agent: AgentId | null;
  foundry: boolean;
}

class Stopped extends Error {}

export const responseCancelErrors = {
  notBackground: () => new ApiError(400, "Only responses created with 'background' set to true can be cancelled.", 'invalid_request_error', null, null),
  finished: (status: string) => new ApiError(400, `Cannot cancel a response with status '${status}'.`, 'invalid_request_error', null, null),
};

export class ResponsesEngine {
  /** 'event' (responseId, event) for every stream event; 'end' (responseId) once a response stops moving. */
  readonly events = new EventEmitter();
  private readonly drivers = new Map<string, AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** include[] of the creating request: stream events show items as that request asked. */
  private readonly includeOf = new Map<string, ReadonlySet<string>>();

  constructor(
    public state: ResponsesState,
    private readonly clock: VirtualClock,
    public stepMs: number,
  ) {
    this.events.setMaxListeners(0);
  }

  replaceState(state: ResponsesState): void {
    this.stopAll();
    this.state = state;
  }

  stopAll(): void {
    for (const d of this.drivers.values()) d.abort();
    this.drivers.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  now(): number {
    return this.clock.now();
  }

  isMoving(id: string): boolean {
    return this.drivers.has(id);
  }

  /** Items the model sees before this request's input: the previous_response_id chain, or the conversation. */
  contextOf(previousId: string | null, conversationId: string | null): Item[] {
    if (conversationId) return [...this.state.getConversation(conversationId).items];
    const chain: Item[][] = [];
    let id = previousId;
    while (id) {
      const prev = this.state.findResponse(id);
      if (!prev) break;
      chain.unshift([...prev.input, ...prev.output]);
      id = prev.previous_response_id;
    }
    return chain.flat();
  }

  create(input: CreateResponseInput): StoredResponse {
    if (input.previous_response_id && !this.state.findResponse(input.previous_response_id)) {
      throw new ApiError(404, `Previous response with id '${input.previous_response_id}' not found.`, 'invalid_request_error', 'previous_response_id', 'previous_response_not_found');
    }
    if (input.conversation) this.state.getConversation(input.conversation);
    const context = this.contextOf(input.previous_response_id, input.conversation);
    const id = this.state.newId('resp');
    const script: Plan = plan({ behaviour: input.behaviour, input: input.input, context, maxOutputTokens: input.max_output_tokens, newId: (p) => this.state.newId(p) });
    // The slow script never finishes on its own: it only makes sense in the background.
    const background = input.background || input.behaviour === 'slow';
    const r: StoredResponse = {
      id,
      created_at: this.clock.now(),
      status: background ? 'queued' : 'in_progress',
      background,
      completed_at: null,
      conversation: input.conversation,
      error: null,
      incomplete_details: null,
      instructions: input.instructions,
      max_output_tokens: input.max_output_tokens,
      max_tool_calls: input.max_tool_calls,
      model: input.model,
      output: [],
      parallel_tool_calls: input.parallel_tool_calls,
      previous_response_id: input.previous_response_id,
      reasoning: input.reasoning,
      store: input.store,
      temperature: input.temperature,
      text: input.text,
      tool_choice: input.tool_choice,
      tools: input.tools,
      top_p: input.top_p,
      truncation: input.truncation,
      usage: null,
      metadata: input.metadata,
      agent: input.agent,
      foundry: input.foundry,
      input: input.input,
      behaviour: input.behaviour,
      events: [],
    };
    if (input.store) this.state.addResponse(r);
    this.includeOf.set(r.id, input.include);
    this.emitResponse(r, 'response.created');
    if (background) this.emitResponse(r, 'response.queued');
    const steps = this.stepsFor(r, script, context);
    if (background || input.stream) this.drive(r, steps);
    else for (const step of steps) step();
    return r;
  }

  cancel(id: string): StoredResponse {
    const r = this.state.getResponse(id);
    if (!r.background) throw responseCancelErrors.notBackground();
    if (r.status === 'cancelled') return r; // Cancelling again returns the final object.
    if (r.status !== 'queued' && r.status !== 'in_progress') throw responseCancelErrors.finished(r.status);
    this.drivers.get(r.id)?.abort();
    this.drivers.delete(r.id);
    r.status = 'cancelled';
    this.events.emit('end', r.id);
    return r;
  }

  // Steps ------------------------------------------------------------------------------

  private stepsFor(r: StoredResponse, script: Plan, context: Item[]): Array<() => void> {
    const steps: Array<() => void> = [
      () => {
        r.status = 'in_progress';
        this.emitResponse(r, 'response.in_progress');
      },
    ];
    for (const item of script.items) {
      steps.push(() => {
        // Shown in Foundry mode only (presentItem drops it elsewhere).
        item.created_by = r.agent ? { agent: r.agent, response_id: r.id } : { response_id: r.id };
        this.emitItem(r, item);
      });
    }
    const ending = script.ending;
    if (ending === 'hang') return steps;
    steps.push(() => {
      r.usage = usageFor(r.input, context, r.output, script.reasoningTokens);
      r.status = ending.status;
      if (ending.status === 'completed') r.completed_at = this.clock.now();
      if (ending.error) r.error = ending.error;
      if (ending.incomplete) r.incomplete_details = ending.incomplete;
      if (r.conversation) {
        const conv = this.state.listConversations().find((c) => c.id === r.conversation);
        conv?.items.push(...r.input, ...r.output);
      }
      if (ending.status === 'failed' && ending.error) {
        this.emit(r, { type: 'error', code: ending.error.code, message: ending.error.message, param: null });
      }
      this.emitResponse(r, `response.${ending.status}`);
      this.events.emit('end', r.id);
    });
    return steps;
  }

  private drive(r: StoredResponse, steps: Array<() => void>): void {
    const abort = new AbortController();
    this.drivers.set(r.id, abort);
    const run = async (): Promise<void> => {
      for (const step of steps) {
        await this.sleep(abort.signal);
        step();
      }
      // The slow script: in_progress until cancelled.
      if (!TERMINAL_RESPONSE_STATUSES.includes(r.status)) await new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(new Stopped()), { once: true }));
    };
    run().then(
      () => this.drivers.delete(r.id),
      (err: unknown) => {
        if (!(err instanceof Stopped)) console.error(`[emulator] response ${r.id} crashed:`, err);
        if (this.drivers.get(r.id) === abort) this.drivers.delete(r.id);
      },
    );
  }

  private sleep(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Stopped());
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, this.stepMs);
      const onAbort = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        reject(new Stopped());
      };
      this.timers.add(timer);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  // Events -----------------------------------------------------------------------------

  private emit(r: StoredResponse, data: Record<string, unknown>): void {
    const { type, ...rest } = data;
    const e = { type, sequence_number: r.events.length, ...rest } as ResponseStreamEvent;
    r.events.push(e);
    this.events.emit('event', r.id, e);
  }

  private emitResponse(r: StoredResponse, type: string): void {
    this.emit(r, { type, response: structuredClone(presentResponse(r, { include: this.includeOf.get(r.id) ?? new Set(), foundry: r.foundry })) });
  }

  private shown(r: StoredResponse, item: Item): Record<string, unknown> {
    return structuredClone(presentItem(item, { include: this.includeOf.get(r.id) ?? new Set(), foundry: r.foundry }));
  }

  /** Appends one output item with the events the recorded streams show for its kind. */
  private emitItem(r: StoredResponse, item: Item): void {
    const output_index = r.output.length;
    const item_id = item.id;
    const at = { item_id, output_index };
    r.output.push(item);
    const added = (partial: Record<string, unknown>): void => this.emit(r, { type: 'response.output_item.added', output_index, item: { ...this.shown(r, item), ...partial } });
    switch (item.type) {
      case 'message': {
        added({ status: 'in_progress', content: [] });
        const parts = (item.content as Array<Record<string, unknown>>) ?? [];
        parts.forEach((part, content_index) => {
          const text = String(part.text ?? '');
          const annotations = (part.annotations as unknown[]) ?? [];
          this.emit(r, { type: 'response.content_part.added', ...at, content_index, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
          // As recorded (stream_file_search_call.sse): an annotation arrives once the text reaches it.
          const pending = annotations.map((annotation, annotation_index) => ({ annotation, annotation_index, at: annotationEnd(annotation) }));
          let written = 0;
          for (const delta of chunk(text)) {
            this.emit(r, { type: 'response.output_text.delta', ...at, content_index, delta, logprobs: [], obfuscation: 'x'.repeat(Math.max(0, 16 - delta.length)) });
            written += delta.length;
            while (pending.length && pending[0].at <= written) {
              const { annotation, annotation_index } = pending.shift() as (typeof pending)[number];
              this.emit(r, { type: 'response.output_text.annotation.added', ...at, content_index, annotation_index, annotation });
            }
          }
          for (const { annotation, annotation_index } of pending) this.emit(r, { type: 'response.output_text.annotation.added', ...at, content_index, annotation_index, annotation });
          this.emit(r, { type: 'response.output_text.done', ...at, content_index, text, logprobs: [] });
          this.emit(r, { type: 'response.content_part.done', ...at, content_index, part });
        });
        break;
      }
      case 'function_call':
        added({ status: 'in_progress', arguments: '' });
        for (const delta of chunk(String(item.arguments))) this.emit(r, { type: 'response.function_call_arguments.delta', ...at, delta, obfuscation: '' });
        this.emit(r, { type: 'response.function_call_arguments.done', ...at, arguments: item.arguments });
        break;
      case 'mcp_list_tools':
        added({ tools: [] });
        this.emit(r, { type: 'response.mcp_list_tools.in_progress', ...at });
        this.emit(r, { type: 'response.mcp_list_tools.completed', ...at });
        break;
      case 'mcp_call':
        added({ arguments: '', output: null });
        this.emit(r, { type: 'response.mcp_call.in_progress', ...at });
        this.emit(r, { type: 'response.mcp_call_arguments.delta', ...at, delta: item.arguments, obfuscation: '' });
        this.emit(r, { type: 'response.mcp_call_arguments.done', ...at, arguments: item.arguments });
        this.emit(r, { type: 'response.mcp_call.completed', ...at });
        break;
      case 'file_search_call':
        added({ status: 'in_progress', queries: [], results: null });
        this.emit(r, { type: 'response.file_search_call.in_progress', ...at });
        this.emit(r, { type: 'response.file_search_call.searching', ...at });
        this.emit(r, { type: 'response.file_search_call.completed', ...at });
        break;
      case 'web_search_call':
        added({ status: 'in_progress', action: { type: 'search' } });
        this.emit(r, { type: 'response.web_search_call.in_progress', ...at });
        this.emit(r, { type: 'response.web_search_call.searching', ...at });
        this.emit(r, { type: 'response.web_search_call.completed', ...at });
        break;
      case 'code_interpreter_call':
        added({ status: 'in_progress', code: '', outputs: null });
        this.emit(r, { type: 'response.code_interpreter_call.in_progress', ...at });
        this.emit(r, { type: 'response.code_interpreter_call_code.delta', ...at, delta: item.code });
        this.emit(r, { type: 'response.code_interpreter_call_code.done', ...at, code: item.code });
        this.emit(r, { type: 'response.code_interpreter_call.interpreting', ...at });
        this.emit(r, { type: 'response.code_interpreter_call.completed', ...at });
        break;
      case 'reasoning': {
        added({ summary: [] });
        const summary = (item.summary as Array<{ text: string }>) ?? [];
        summary.forEach((part, summary_index) => {
          this.emit(r, { type: 'response.reasoning_summary_part.added', ...at, summary_index, part: { type: 'summary_text', text: '' } });
          this.emit(r, { type: 'response.reasoning_summary_text.delta', ...at, summary_index, delta: part.text });
          this.emit(r, { type: 'response.reasoning_summary_text.done', ...at, summary_index, text: part.text });
          this.emit(r, { type: 'response.reasoning_summary_part.done', ...at, summary_index, part: { type: 'summary_text', text: part.text } });
        });
        break;
      }
      case 'image_generation_call':
        added({ status: 'in_progress', result: null });
        this.emit(r, { type: 'response.image_generation_call.in_progress', ...at });
        this.emit(r, { type: 'response.image_generation_call.generating', ...at });
        this.emit(r, { type: 'response.image_generation_call.completed', ...at });
        break;
      default:
        added({});
        break;
    }
    this.emit(r, { type: 'response.output_item.done', output_index, item: this.shown(r, item) });
  }

  /** Ends a response found by id (used by cancel and delete). */
  forget(id: string): void {
    this.drivers.get(id)?.abort();
    this.drivers.delete(id);
    this.includeOf.delete(id);
    this.events.emit('end', id);
  }
}

function annotationEnd(a: unknown): number {
  const o = a as { end_index?: unknown; index?: unknown };
  return typeof o.end_index === 'number' ? o.end_index : typeof o.index === 'number' ? o.index : Number.MAX_SAFE_INTEGER;
}

function chunk(text: string): string[] {
  const words = text.match(/\s*\S+/gu) ?? [text];
  const size = Math.max(1, Math.ceil(words.length / 12));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

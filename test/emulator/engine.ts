// The run state machine. Runs advance in wall time, one transition every `stepMs`,
// following the script of their assistant; timestamps come from the virtual clock so
// expiry (600 s after creation, for runs left in requires_action) can be forced.
// Every transition is published as a StreamEvent for the SSE layer.
import { EventEmitter } from 'node:events';
import { ASSISTANTS, isAssistantId, type AssistantId, type ScriptedAssistant } from './assistants';
import type { VirtualClock } from './clock';
import { errors } from './errors';
import { makeMessage, makeRun, makeStep, makeThread, makeUsage, RUN_LIFETIME_SECONDS, tokensOf, type RunOverrides } from './factories';
import type { Store } from './store';
import {
  type Annotation,
  type FunctionToolCall,
  type Message,
  type MessageContent,
  type Metadata,
  type RequiredToolCall,
  type Run,
  type RunStep,
  type StepToolCall,
  type StreamEvent,
  type Thread,
  type ToolResources,
} from './types';

export interface NewMessage {
  role: 'user' | 'assistant';
  content: MessageContent[];
  attachments?: Message['attachments'];
  metadata?: Metadata;
}

export interface ToolOutput {
  tool_call_id: string;
  output: string;
}

/** Marks a follow-up tool-call delta: OpenAI sends it without `id`, Azure's Swagger requires `id`. */
export const ARGS_ONLY = '__argsOnly';

/** Thrown inside a script when its run stops being driven (cancel, expiry, reset). */
class StopScript extends Error {}

interface RunDriver {
  abort: AbortController;
  /** Set while the run is in requires_action: applies submitted outputs synchronously. */
  waitingForOutputs?: { accept(outputs: ToolOutput[]): void };
}

export class Engine {
  readonly events = new EventEmitter();
  private readonly drivers = new Map<string, RunDriver>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private store: Store,
    private readonly clock: VirtualClock,
    public stepMs: number,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Swap the store (reset): stops every script of the old one. */
  replaceStore(store: Store): void {
    this.stopAll();
    this.store = store;
  }

  stopAll(): void {
    for (const driver of this.drivers.values()) driver.abort.abort();
    this.drivers.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // Operations ------------------------------------------------------------------

  createThread(messages: NewMessage[], metadata: Metadata, toolResources: ToolResources): Thread {
    const now = this.clock.now();
    const thread = this.store.addThread(makeThread(this.store.newId('thread'), now, metadata, toolResources));
    for (const m of messages) this.addMessage(thread.id, m, now);
    return thread;
  }

  createMessage(threadId: string, m: NewMessage): Message {
    this.store.getThread(threadId);
    const active = this.store.activeRunOf(threadId);
    if (active) throw errors.messageDuringActiveRun(threadId, active.id);
    return this.addMessage(threadId, m, this.clock.now());
  }

  createRun(
    threadId: string,
    assistantId: string,
    overrides: RunOverrides,
    extra: { additionalInstructions?: string; additionalMessages?: NewMessage[] } = {},
  ): Run {
    this.store.getThread(threadId);
    const assistant = this.assistant(assistantId);
    const active = this.store.activeRunOf(threadId);
    if (active) throw errors.threadHasActiveRun(threadId, active.id);
    const now = this.clock.now();
    for (const m of extra.additionalMessages ?? []) this.addMessage(threadId, m, now);
    const run = makeRun(this.store.newId('run'), threadId, assistant, now, overrides);
    if (extra.additionalInstructions) run.instructions = `${run.instructions}\n${extra.additionalInstructions}`;
    this.store.addRun(run);
    this.emit('thread.run.created', run);
    this.emit('thread.run.queued', run);
    this.drive(run, assistant);
    return run;
  }

  createThreadAndRun(
    assistantId: string,
    thread: { messages: NewMessage[]; metadata: Metadata; tool_resources: ToolResources },
    overrides: RunOverrides,
  ): Run {
    this.assistant(assistantId); // 404 before creating anything
    const created = this.createThread(thread.messages, thread.metadata, thread.tool_resources);
    this.emitObject('thread.created', created.id, null, 'thread', created);
    return this.createRun(created.id, assistantId, overrides);
  }

  submitToolOutputs(threadId: string, runId: string, outputs: ToolOutput[]): Run {
    const run = this.store.getRun(threadId, runId);
    this.expireDue();
    let driver = this.drivers.get(run.id);
    // Seeded (demo) runs wait without a script: adopt them so they can finish.
    if (!driver && run.status === 'requires_action' && run.required_action) driver = this.adopt(run);
    if (run.status !== 'requires_action' || !run.required_action || !driver?.waitingForOutputs) {
      throw errors.submitNotAccepted(run.status);
    }
    const expected = run.required_action.submit_tool_outputs.tool_calls.map((c) => c.id);
    const got = outputs.map((o) => o.tool_call_id);
    const sameSet = expected.length === got.length && new Set(got).size === got.length && got.every((id) => expected.includes(id));
    if (!sameSet) throw errors.wrongToolCallIds(expected, got);
    const waiting = driver.waitingForOutputs;
    driver.waitingForOutputs = undefined;
    waiting.accept(outputs);
    return run;
  }

  cancelRun(threadId: string, runId: string): Run {
    const run = this.store.getRun(threadId, runId);
    this.expireDue();
    if (run.status !== 'queued' && run.status !== 'in_progress' && run.status !== 'requires_action') {
      throw errors.cannotCancel(run.status);
    }
    this.drivers.get(run.id)?.abort.abort();
    this.drivers.delete(run.id);
    run.status = 'cancelling';
    run.required_action = null;
    this.emit('thread.run.cancelling', run);
    this.later(() => this.finishCancel(run));
    return run;
  }

  /** Moves runs left in requires_action past expires_at to expired (virtual clock). */
  expireDue(): void {
    const now = this.clock.now();
    for (const run of this.store.allRuns()) {
      if (this.store.keepAlive.has(run.id)) {
        while (run.expires_at !== null && run.expires_at < now + 60) run.expires_at += RUN_LIFETIME_SECONDS;
        continue;
      }
      if (run.status !== 'requires_action' || run.expires_at === null || run.expires_at > now) continue;
      this.drivers.get(run.id)?.abort.abort();
      this.drivers.delete(run.id);
      run.status = 'expired';
      run.required_action = null;
      for (const step of this.store.stepsOf(run.id)) {
        if (step.status !== 'in_progress') continue;
        step.status = 'expired';
        step.expired_at = now;
        this.emit('thread.run.step.expired', step);
      }
      this.emit('thread.run.expired', run);
    }
  }

  // Scripts ---------------------------------------------------------------------

  private drive(run: Run, assistant: ScriptedAssistant): void {
    const driver: RunDriver = { abort: new AbortController() };
    this.drivers.set(run.id, driver);
    const script = SCRIPTS[assistant.id];
    const ctx = new ScriptContext(this, this.store, this.clock, run, driver);
    script(ctx).then(
      () => this.drivers.delete(run.id),
      (err: unknown) => {
        if (!(err instanceof StopScript)) console.error(`[emulator] script of ${run.id} crashed:`, err);
        if (this.drivers.get(run.id) === driver) this.drivers.delete(run.id);
      },
    );
  }

  private adopt(run: Run): RunDriver {
    const driver: RunDriver = { abort: new AbortController() };
    this.drivers.set(run.id, driver);
    const ctx = new ScriptContext(this, this.store, this.clock, run, driver);
    const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
    const step = this.store.stepsOf(run.id).find((s) => s.type === 'tool_calls' && s.status === 'in_progress');
    ctx
      .awaitOutputs(step)
      .then((outputs) => answerWithOutputs(ctx, calls, outputs))
      .then(
        () => this.drivers.delete(run.id),
        (err: unknown) => {
          if (!(err instanceof StopScript)) console.error(`[emulator] adopted run ${run.id} crashed:`, err);
          if (this.drivers.get(run.id) === driver) this.drivers.delete(run.id);
        },
      );
    return driver;
  }

  private finishCancel(run: Run): void {
    if (run.status !== 'cancelling') return;
    const now = this.clock.now();
    for (const step of this.store.stepsOf(run.id)) {
      if (step.status !== 'in_progress') continue;
      step.status = 'cancelled';
      step.cancelled_at = now;
      step.expires_at = null;
      this.emit('thread.run.step.cancelled', step);
    }
    for (const message of this.store.messagesOf(run.thread_id)) {
      if (message.run_id !== run.id || message.status !== 'in_progress') continue;
      message.status = 'incomplete';
      message.incomplete_details = { reason: 'run_cancelled' };
      message.incomplete_at = now;
      this.emit('thread.message.incomplete', message);
    }
    run.status = 'cancelled';
    run.cancelled_at = now;
    run.expires_at = null;
    this.emit('thread.run.cancelled', run);
  }

  /** Sleeps `stepMs` (aborted by cancel/expiry/reset). */
  sleep(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new StopScript());
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) reject(new StopScript());
        else resolve();
      }, this.stepMs);
      const onAbort = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        reject(new StopScript());
      };
      this.timers.add(timer);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private later(fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.stepMs);
    this.timers.add(timer);
  }

  private assistant(id: string): ScriptedAssistant {
    if (!isAssistantId(id)) throw errors.notFound('assistant', id);
    return ASSISTANTS[id as AssistantId];
  }

  private addMessage(threadId: string, m: NewMessage, now: number): Message {
    return this.store.addMessage(
      makeMessage({
        id: this.store.newId('msg'),
        threadId,
        createdAt: now,
        role: m.role,
        content: m.content,
        attachments: m.attachments,
        metadata: m.metadata,
      }),
    );
  }

  emit(event: string, object: Run | RunStep | Message): void {
    const kind = object.object === 'thread.run' ? 'run' : object.object === 'thread.run.step' ? 'step' : 'message';
    const runId = object.object === 'thread.run' ? object.id : object.run_id;
    this.emitObject(event, object.thread_id, runId, kind, object);
  }

  emitObject(event: string, threadId: string, runId: string | null, kind: StreamEvent['kind'], data: unknown): void {
    const e: StreamEvent = { event, threadId, runId, kind, data: structuredClone(data) };
    this.events.emit('event', e);
  }
}

/** What a script can do to its run. Every await may throw StopScript. */
class ScriptContext {
  constructor(
    private readonly engine: Engine,
    private readonly store: Store,
    private readonly clock: VirtualClock,
    readonly run: Run,
    private readonly driver: RunDriver,
  ) {}

  async tick(): Promise<void> {
    await this.engine.sleep(this.driver.abort.signal);
  }

  start(): void {
    this.run.status = 'in_progress';
    this.run.started_at = this.clock.now();
    this.engine.emit('thread.run.in_progress', this.run);
  }

  lastUserText(): string {
    const users = this.store.messagesOf(this.run.thread_id).filter((m) => m.role === 'user');
    const last = users[users.length - 1];
    if (!last) return '';
    return last.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('\n');
  }

  beginMessageStep(): { step: RunStep; message: Message } {
    const now = this.clock.now();
    const message = this.store.addMessage(
      makeMessage({
        id: this.store.newId('msg'),
        threadId: this.run.thread_id,
        createdAt: now,
        role: 'assistant',
        content: [],
        assistantId: this.run.assistant_id,
        runId: this.run.id,
        status: 'in_progress',
      }),
    );
    const step = this.store.addStep(
      makeStep(this.store.newId('step'), this.run, now, { type: 'message_creation', message_creation: { message_id: message.id } }),
    );
    this.engine.emit('thread.run.step.created', step);
    this.engine.emit('thread.run.step.in_progress', step);
    this.engine.emit('thread.message.created', message);
    this.engine.emit('thread.message.in_progress', message);
    return { step, message };
  }

  /** Streams the text as deltas and stores it in the message. */
  writeText(message: Message, text: string, annotations: Annotation[] = []): void {
    const chunks = chunk(text);
    chunks.forEach((value, i) => {
      const textDelta: Record<string, unknown> = { value };
      if (i === 0) textDelta.annotations = [];
      this.engine.emitObject('thread.message.delta', this.run.thread_id, this.run.id, 'message.delta', {
        id: message.id,
        object: 'thread.message.delta',
        delta: { content: [{ index: 0, type: 'text', text: textDelta }] },
      });
    });
    annotations.forEach((a, i) => {
      this.engine.emitObject('thread.message.delta', this.run.thread_id, this.run.id, 'message.delta', {
        id: message.id,
        object: 'thread.message.delta',
        delta: { content: [{ index: 0, type: 'text', text: { annotations: [{ index: i, ...a }] } }] },
      });
    });
    message.content = [{ type: 'text', text: { value: text, annotations } }];
  }

  completeMessage(step: RunStep, message: Message, promptTokens: number): void {
    const now = this.clock.now();
    message.status = 'completed';
    message.completed_at = now;
    this.engine.emit('thread.message.completed', message);
    const text = message.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('');
    this.completeStep(step, promptTokens, tokensOf(text));
  }

  beginToolStep(calls: StepToolCall[]): RunStep {
    const step = this.store.addStep(
      makeStep(this.store.newId('step'), this.run, this.clock.now(), { type: 'tool_calls', tool_calls: calls }),
    );
    const announced: RunStep = { ...step, step_details: { type: 'tool_calls', tool_calls: [] } };
    this.engine.emit('thread.run.step.created', announced);
    this.engine.emit('thread.run.step.in_progress', announced);
    // As recorded: a function call arrives as {id, name, arguments: "", output: null}, then its arguments.
    const delta = (toolCall: Record<string, unknown>): void =>
      this.engine.emitObject('thread.run.step.delta', this.run.thread_id, this.run.id, 'step.delta', {
        id: step.id,
        object: 'thread.run.step.delta',
        delta: { step_details: { type: 'tool_calls', tool_calls: [toolCall] } },
      });
    calls.forEach((call, index) => {
      if (call.type !== 'function') return delta({ index, ...structuredClone(call) });
      delta({ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '', output: null } });
      delta({ index, id: call.id, type: 'function', function: { arguments: call.function.arguments }, [ARGS_ONLY]: true });
    });
    return step;
  }

  completeStep(step: RunStep, promptTokens: number, completionTokens: number): void {
    step.status = 'completed';
    step.completed_at = this.clock.now();
    step.expires_at = null;
    step.usage = makeUsage(promptTokens, completionTokens);
    this.engine.emit('thread.run.step.completed', step);
  }

  requireOutputs(step: RunStep, calls: RequiredToolCall[]): Promise<ToolOutput[]> {
    const outputs = this.awaitOutputs(step);
    this.run.status = 'requires_action';
    this.run.required_action = { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } };
    this.engine.emit('thread.run.requires_action', this.run);
    return outputs;
  }

  /** Arms the driver for submit_tool_outputs; resolves with the outputs once accepted. */
  awaitOutputs(step: RunStep | undefined): Promise<ToolOutput[]> {
    const outputs = new Promise<ToolOutput[]>((resolve) => {
      this.driver.waitingForOutputs = {
        // Runs inside the submit request, so its answer already shows the run queued again.
        accept: (submitted) => {
          if (step && step.step_details.type === 'tool_calls') {
            for (const call of step.step_details.tool_calls) {
              if (call.type !== 'function') continue;
              call.function.output = submitted.find((o) => o.tool_call_id === call.id)?.output ?? null;
            }
            this.completeStep(step, 90, 40);
          }
          this.run.status = 'queued';
          this.run.required_action = null;
          this.engine.emit('thread.run.queued', this.run);
          resolve(submitted);
        },
      };
    });
    return Promise.race([outputs, this.stopped()]);
  }

  /** Never resolves; rejects with StopScript when the run stops being driven. */
  stopped(): Promise<never> {
    return new Promise<never>((_, reject) => {
      const signal = this.driver.abort.signal;
      if (signal.aborted) reject(new StopScript());
      signal.addEventListener('abort', () => reject(new StopScript()), { once: true });
    });
  }

  finish(status: 'completed' | 'incomplete' | 'failed'): void {
    const now = this.clock.now();
    const steps = this.store.stepsOf(this.run.id);
    let prompt = 0;
    let completion = 0;
    for (const s of steps) {
      prompt += s.usage?.prompt_tokens ?? 0;
      completion += s.usage?.completion_tokens ?? 0;
    }
    this.run.status = status;
    this.run.expires_at = null;
    this.run.usage = makeUsage(prompt, completion);
    if (status === 'failed') this.run.failed_at = now;
    else this.run.completed_at = now;
    if (status === 'completed') this.engine.emit('thread.run.completed', this.run);
    // As recorded (ruby-openai run_stream_incomplete_max_tokens.v2.sse): an incomplete run's
    // final event is named thread.run.completed although its status is "incomplete".
    else if (status === 'incomplete') this.engine.emit('thread.run.completed', this.run);
    else this.engine.emit('thread.run.failed', this.run);
  }

  newId(prefix: 'call' | 'file'): string {
    return this.store.newId(prefix);
  }

  /** A file id for a code-interpreter image, served by the files endpoint. */
  newImageFile(): string {
    const id = this.store.newId('file');
    this.store.imageFiles.add(id);
    return id;
  }

  now(): number {
    return this.clock.now();
  }

  emitStep(event: string, step: RunStep): void {
    this.engine.emit(event, step);
  }
  emitMessage(event: string, message: Message): void {
    this.engine.emit(event, message);
  }
}

function chunk(text: string): string[] {
  const words = text.match(/\s*\S+/gu) ?? [text];
  const size = Math.max(1, Math.ceil(words.length / 12));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

function quote(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// The scripts ---------------------------------------------------------------------

/** After valid outputs: back to in_progress, then a message quoting every output. */
async function answerWithOutputs(ctx: ScriptContext, calls: RequiredToolCall[], outputs: ToolOutput[]): Promise<void> {
  await ctx.tick();
  ctx.start();
  const { step, message } = ctx.beginMessageStep();
  await ctx.tick();
  const byId = new Map(outputs.map((o) => [o.tool_call_id, o.output]));
  const quoted = calls.map((c) => `${c.function.name} returned "${quote(byId.get(c.id) ?? '')}"`);
  ctx.writeText(message, `${quoted.join(' and ')}.`);
  ctx.completeMessage(step, message, 150);
  ctx.finish('completed');
}

type Script = (ctx: ScriptContext) => Promise<void>;

const SCRIPTS: Record<AssistantId, Script> = {
  async asst_echo(ctx) {
    await ctx.tick();
    ctx.start();
    const userText = ctx.lastUserText();
    const { step, message } = ctx.beginMessageStep();
    await ctx.tick();
    ctx.writeText(message, userText ? `You said: ${userText}` : 'You said nothing.');
    ctx.completeMessage(step, message, 20 + tokensOf(userText));
    ctx.finish('completed');
  },

  async asst_tools(ctx) {
    await ctx.tick();
    ctx.start();
    const userText = ctx.lastUserText();
    const city = /\bin ([\p{Lu}][\p{L}-]+)/u.exec(userText)?.[1] ?? 'Paris';
    const orderId = /\b((?:ORD-)?\d{3,})\b/.exec(userText)?.[1] ?? 'ORD-1042';
    const calls: FunctionToolCall[] = [
      { id: ctx.newId('call'), type: 'function', function: { name: 'get_weather', arguments: JSON.stringify({ city }), output: null } },
      { id: ctx.newId('call'), type: 'function', function: { name: 'lookup_order', arguments: JSON.stringify({ order_id: orderId }), output: null } },
    ];
    const step = ctx.beginToolStep(calls);
    await ctx.tick();
    const required: RequiredToolCall[] = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } }));
    const outputs = await ctx.requireOutputs(step, required);
    await answerWithOutputs(ctx, required, outputs);
  },

  async asst_code(ctx) {
    await ctx.tick();
    ctx.start();
    const code = ctx.beginToolStep([
      {
        id: ctx.newId('call'),
        type: 'code_interpreter',
        code_interpreter: { input: 'import math\nprint(math.sqrt(2))\nplot_sales()', outputs: [] },
      },
    ]);
    await ctx.tick();
    const codeCall = code.step_details.type === 'tool_calls' ? code.step_details.tool_calls[0] : undefined;
    if (codeCall?.type === 'code_interpreter') {
      codeCall.code_interpreter.outputs = [
        { type: 'logs', logs: '1.4142135623730951\n' },
        { type: 'image', image: { file_id: ctx.newImageFile() } },
      ];
    }
    ctx.completeStep(code, 310, 48);
    const fileId = ctx.newId('file');
    const search = ctx.beginToolStep([
      {
        id: ctx.newId('call'),
        type: 'file_search',
        file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 }, results: [] },
      },
    ]);
    await ctx.tick();
    const searchCall = search.step_details.type === 'tool_calls' ? search.step_details.tool_calls[0] : undefined;
    if (searchCall?.type === 'file_search') {
      searchCall.file_search.results = [
        { file_id: fileId, file_name: 'sales_2024.md', score: 0.91, attributes: {}, content: [{ type: 'text', text: 'Q3 revenue grew 12% to 4.2M, driven by the EMEA region.' }] },
        { file_id: fileId, file_name: 'sales_2024.md', score: 0.74, attributes: {}, content: [{ type: 'text', text: 'Q2 revenue was 3.75M.' }] },
        { file_id: ctx.newId('file'), file_name: 'notes.txt', score: 0.52, attributes: {}, content: [{ type: 'text', text: 'Remember to compare with 2023.' }] },
      ];
    }
    ctx.completeStep(search, 820, 19);
    const { step, message } = ctx.beginMessageStep();
    await ctx.tick();
    const citation = '【4:0†sales_2024.md】';
    const text = `The square root of 2 is 1.414, and Q3 revenue grew 12%${citation}.`;
    const start = text.indexOf(citation);
    ctx.writeText(message, text, [
      { type: 'file_citation', text: citation, start_index: start, end_index: start + citation.length, file_citation: { file_id: fileId, quote: 'Q3 revenue grew 12% to 4.2M, driven by the EMEA region.' } },
    ]);
    ctx.completeMessage(step, message, 1270);
    ctx.finish('completed');
  },

  async asst_fail(ctx) {
    await ctx.tick();
    ctx.start();
    const { step, message } = ctx.beginMessageStep();
    await ctx.tick();
    const now = ctx.now();
    const lastError = { code: 'server_error' as const, message: 'Sorry, something went wrong.' };
    step.status = 'failed';
    step.failed_at = now;
    step.expires_at = null;
    step.last_error = lastError;
    ctx.emitStep('thread.run.step.failed', step);
    message.status = 'incomplete';
    message.incomplete_details = { reason: 'run_failed' };
    message.incomplete_at = now;
    ctx.emitMessage('thread.message.incomplete', message);
    ctx.run.last_error = lastError;
    ctx.finish('failed');
  },

  async asst_incomplete(ctx) {
    await ctx.tick();
    ctx.start();
    const { step, message } = ctx.beginMessageStep();
    await ctx.tick();
    ctx.writeText(message, 'Here is a long answer that was cut short because the run reached its max');
    message.status = 'incomplete';
    message.incomplete_details = { reason: 'max_tokens' };
    message.incomplete_at = ctx.now();
    ctx.emitMessage('thread.message.incomplete', message);
    ctx.completeStep(step, 27, 16);
    ctx.run.incomplete_details = { reason: 'max_completion_tokens' };
    ctx.finish('incomplete');
  },

  async asst_slow(ctx) {
    await ctx.tick();
    ctx.start();
    ctx.beginMessageStep();
    // Stays in_progress until cancelled (or reset).
    await ctx.stopped();
  },
};

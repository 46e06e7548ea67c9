// In-memory state of the emulator: threads, messages, runs and steps, each kept in
// creation order (the order pagination works on). No HTTP and no timers here.
import { errors } from './errors';
import { ResponsesState } from './responsesState';
import { SeededRandom } from './random';
import { ACTIVE_RUN_STATUSES, type Message, type Run, type RunStep, type Thread } from './types';

export type IdPrefix = 'thread' | 'run' | 'msg' | 'step' | 'call' | 'file';

export class Store {
  private readonly threadList: Thread[] = [];
  private readonly threadById = new Map<string, Thread>();
  private readonly messagesByThread = new Map<string, Message[]>();
  private readonly runsByThread = new Map<string, Run[]>();
  private readonly runById = new Map<string, Run>();
  private readonly stepsByRun = new Map<string, RunStep[]>();
  /** Files that code-interpreter runs produced as images (served by GET /files/{id}/content). */
  readonly imageFiles = new Set<string>();
  /** Demo runs exempt from expiry (their expires_at is kept in the future). */
  readonly keepAlive = new Set<string>();
  private rng: SeededRandom;
  /** Responses, conversations and Foundry agents (responsesState.ts). */
  readonly responses: ResponsesState;

  constructor(seed: number | string = Date.now(), now = Math.floor(Date.now() / 1000)) {
    this.rng = new SeededRandom(seed);
    this.responses = new ResponsesState(seed, now);
  }

  newId(prefix: IdPrefix): string {
    return prefix === 'file' ? `file-${this.rng.idBody(22)}` : `${prefix}_${this.rng.idBody()}`;
  }

  // Threads ---------------------------------------------------------------------
  addThread(thread: Thread): Thread {
    this.threadList.push(thread);
    this.threadById.set(thread.id, thread);
    this.messagesByThread.set(thread.id, []);
    this.runsByThread.set(thread.id, []);
    return thread;
  }

  getThread(id: string): Thread {
    const thread = this.threadById.get(id);
    if (!thread) throw errors.notFound('thread', id);
    return thread;
  }

  hasThread(id: string): boolean {
    return this.threadById.has(id);
  }

  listThreads(): readonly Thread[] {
    return this.threadList;
  }

  deleteThread(id: string): void {
    this.getThread(id);
    for (const run of this.runsByThread.get(id) ?? []) {
      this.runById.delete(run.id);
      this.stepsByRun.delete(run.id);
      this.keepAlive.delete(run.id);
    }
    this.threadById.delete(id);
    this.messagesByThread.delete(id);
    this.runsByThread.delete(id);
    this.threadList.splice(this.threadList.findIndex((t) => t.id === id), 1);
  }

  // Messages --------------------------------------------------------------------
  addMessage(message: Message): Message {
    this.messagesOf(message.thread_id).push(message);
    return message;
  }

  messagesOf(threadId: string): Message[] {
    const list = this.messagesByThread.get(threadId);
    if (!list) throw errors.notFound('thread', threadId);
    return list;
  }

  getMessage(threadId: string, messageId: string): Message {
    const message = this.messagesOf(threadId).find((m) => m.id === messageId);
    if (!message) throw errors.notFound('message', messageId);
    return message;
  }

  deleteMessage(threadId: string, messageId: string): void {
    const list = this.messagesOf(threadId);
    const i = list.findIndex((m) => m.id === messageId);
    if (i < 0) throw errors.notFound('message', messageId);
    list.splice(i, 1);
  }

  // Runs ------------------------------------------------------------------------
  addRun(run: Run): Run {
    this.runsOf(run.thread_id).push(run);
    this.runById.set(run.id, run);
    this.stepsByRun.set(run.id, []);
    return run;
  }

  runsOf(threadId: string): Run[] {
    const list = this.runsByThread.get(threadId);
    if (!list) throw errors.notFound('thread', threadId);
    return list;
  }

  getRun(threadId: string, runId: string): Run {
    this.getThread(threadId);
    const run = this.runById.get(runId);
    if (!run || run.thread_id !== threadId) throw errors.notFound('run', runId);
    return run;
  }

  findRun(runId: string): Run | undefined {
    return this.runById.get(runId);
  }

  allRuns(): IterableIterator<Run> {
    return this.runById.values();
  }

  activeRunOf(threadId: string): Run | undefined {
    return this.runsOf(threadId).find((r) => ACTIVE_RUN_STATUSES.includes(r.status));
  }

  // Steps -----------------------------------------------------------------------
  addStep(step: RunStep): RunStep {
    this.stepsOf(step.run_id).push(step);
    return step;
  }

  stepsOf(runId: string): RunStep[] {
    const list = this.stepsByRun.get(runId);
    if (!list) throw errors.notFound('run', runId);
    return list;
  }

  getStep(threadId: string, runId: string, stepId: string): RunStep {
    this.getRun(threadId, runId);
    const step = this.stepsOf(runId).find((s) => s.id === stepId);
    if (!step) throw errors.notFound('run step', stepId);
    return step;
  }

  counts(): { threads: number; messages: number; runs: number; steps: number } & ReturnType<ResponsesState['counts']> {
    let messages = 0;
    let steps = 0;
    for (const list of this.messagesByThread.values()) messages += list.length;
    for (const list of this.stepsByRun.values()) steps += list.length;
    return { threads: this.threadList.length, messages, runs: this.runById.size, steps, ...this.responses.counts() };
  }
}

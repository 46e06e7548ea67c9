// Runs forks: sends the request of a fork document once, remembers the fork, follows it,
// and — when the document asks for it — answers the fork's tool calls with the original's
// outputs while they match (same name, arguments equal as JSON; repeats in the original's
// order). A call that matches nothing, an approval request, or (Responses) the replay
// limit stops replaying: the fork then waits for the user in the usual answer flow.
// Replayed call ids are remembered per connection so the panels can mark those outputs.
import * as vscode from 'vscode';
import type { ToolOutput } from '../api/client';
import type { Run } from '../api/schemas';
import type { Response } from '../api/responses/schemas';
import { continuationRequest } from '../model/continuation';
import { ReplayPool, type RecordedAnswer } from '../model/fork';
import { isActivePhase, statusOf, type PendingAction } from '../model/run';
import { Disposable } from '../util/disposable';
import type { Log } from '../util/log';
import type { ResponseRef, RunRef } from '../util/refs';
import type { LiveScheduler } from './liveScheduler';
import type { ResponseStore } from './responseStore';
import type { RunStore } from './runStore';
import type { ThreadRegistry } from './threadRegistry';

/** One fork this window started: where it came from and how far replay went. */
export type Fork = { connectionId: string; replay: boolean; replayed: number; limit: number } & (
  | { family: 'responses'; origin: ResponseRef; first: string; /** The latest response of the fork's chain. */ tip: string }
  | { family: 'assistants'; origin: RunRef; threadId: string; runId: string }
);

/** What the user is told about a fork, once per event. */
export type ForkReport =
  /** It ended and waits for nothing (or failed, was cancelled…): Compare is offered. */
  | { kind: 'ended'; fork: Fork; status: string }
  /** It waits for answers that replay does not give; `reason` says why. */
  | { kind: 'waiting'; fork: Fork; reason: 'off' | 'noMatch' | 'limit' | 'notReplayable'; calls: string[] }
  /** Replaying an answer failed: nothing more is replayed. */
  | { kind: 'failed'; fork: Fork; message: string };

export interface ForkRunnerDeps {
  store: RunStore;
  responses: ResponseStore;
  scheduler: LiveScheduler;
  /** Replayed call ids per connection. */
  replayedRegistry: ThreadRegistry;
  log: Log;
  /** Whether the connection's service runs a response in the background (as for Continue). */
  background: (connectionId: string) => boolean;
  agentReference: (connectionId: string) => boolean;
}

const pendingName = (p: PendingAction) => `${p.name}(${p.arguments})`;

export class ForkRunner extends Disposable {
  private readonly forks = new Set<Fork & { pool: ReplayPool; busy: boolean; done: boolean }>();
  private readonly reported = this._register(new vscode.EventEmitter<ForkReport>());
  /** Fires when a fork ends, waits for the user, or replay fails. */
  readonly onDidReport = this.reported.event;
  private readonly replayedChanged = this._register(new vscode.EventEmitter<string>());
  /** A connection's replayed calls changed (the panels mark them). */
  readonly onDidChangeReplayed = this.replayedChanged.event;

  constructor(private readonly deps: ForkRunnerDeps) {
    super();
  }

  /** Whether the output answering this call was replayed from the original by a fork. */
  isReplayed(connectionId: string, callId: string): boolean {
    return this.deps.replayedRegistry.remembered(connectionId).includes(callId);
  }

  /** The forks of this window that are still followed. */
  active(): Fork[] {
    return [...this.forks].filter((f) => !f.done);
  }

  // ── Responses ────────────────────────────────────────────────────────────

  /** Sends a Responses fork's request once, then follows it (and replays when asked). */
  async startResponse(origin: ResponseRef, request: Record<string, unknown>, options: { replay: boolean; limit: number; answers: readonly RecordedAnswer[] }): Promise<Response> {
    const response = await this.deps.responses.create(origin.connectionId, request);
    this.deps.log.info(`Forked ${origin.responseId} as ${response.id}${options.replay ? `, replaying up to ${options.limit} answer(s) of ${options.answers.length} recorded` : ''}.`);
    const fork = {
      family: 'responses' as const,
      connectionId: origin.connectionId,
      origin,
      first: response.id,
      tip: response.id,
      replay: options.replay,
      replayed: 0,
      limit: options.limit,
      pool: new ReplayPool(options.answers),
      busy: false,
      done: false,
    };
    this.forks.add(fork);
    this.followResponse(fork);
    return response;
  }

  private followResponse(fork: Extract<Fork, { family: 'responses' }> & { pool: ReplayPool; busy: boolean; done: boolean }): void {
    const ref = { connectionId: fork.connectionId, responseId: fork.tip };
    const watch = this.deps.scheduler.watch(ref, {
      visibility: 'visible',
      onPoll: (response) => {
        if (isActivePhase(statusOf(response.status).phase)) return;
        queueMicrotask(() => watch.dispose());
        void this.stepResponse(fork, response.id);
      },
    });
    this._register(watch);
    // A response that ended before the first poll: the store already has it.
    const known = this.deps.responses.response(ref.connectionId, ref.responseId);
    if (known && !isActivePhase(statusOf(known.status).phase)) {
      watch.dispose();
      void this.stepResponse(fork, known.id);
    }
  }

  /** The tip ended: replay what matches, or report. Runs once per tip. */
  private async stepResponse(fork: Extract<Fork, { family: 'responses' }> & { pool: ReplayPool; busy: boolean; done: boolean }, tipId: string): Promise<void> {
    if (fork.busy || fork.done || fork.tip !== tipId) return;
    fork.busy = true;
    try {
      const { responses } = this.deps;
      const run = responses.run(fork.connectionId, tipId);
      const tip = responses.response(fork.connectionId, tipId);
      if (!run || !tip) return;
      const pending = run.pending;
      if (run.status.wire !== 'completed' || !pending.length) {
        fork.done = true;
        this.reported.fire({ kind: 'ended', fork: this.snapshot(fork), status: run.status.wire });
        return;
      }
      const waiting = (reason: 'off' | 'noMatch' | 'limit' | 'notReplayable', calls: readonly PendingAction[]) => {
        fork.done = true;
        this.reported.fire({ kind: 'waiting', fork: this.snapshot(fork), reason, calls: calls.map(pendingName) });
      };
      if (!fork.replay) return waiting('off', pending);
      const notReplayable = pending.filter((p) => p.kind === 'approval' || (p.call !== 'function' && p.call !== 'custom'));
      if (notReplayable.length) return waiting('notReplayable', notReplayable);
      const unmatched = pending.filter((p) => !fork.pool.has(p.name, p.arguments));
      if (unmatched.length) return waiting('noMatch', unmatched);
      if (fork.replayed >= fork.limit) return waiting('limit', pending);

      const input = pending.map((p) => ({
        type: p.kind === 'toolOutput' && p.call === 'custom' ? 'custom_tool_call_output' : 'function_call_output',
        call_id: p.kind === 'toolOutput' ? p.callId : '',
        output: fork.pool.take(p.name, p.arguments)!.output,
      }));
      const request = continuationRequest(
        { response: tip, conversationId: null, agentReference: this.deps.agentReference(fork.connectionId), background: this.deps.background(fork.connectionId) },
        input,
      );
      const ids = input.map((i) => i.call_id);
      // Marked before sending: a reply lost on the way must not leave the outputs unmarked.
      await this.deps.replayedRegistry.add(fork.connectionId, ids);
      this.replayedChanged.fire(fork.connectionId);
      let next: Response;
      try {
        next = await responses.create(fork.connectionId, request);
      } catch (error) {
        fork.done = true;
        const message = error instanceof Error ? error.message : String(error);
        this.deps.log.warn(`Replaying ${ids.join(', ')} on fork ${fork.first} failed: ${message}`);
        this.reported.fire({ kind: 'failed', fork: this.snapshot(fork), message });
        return;
      }
      fork.replayed++;
      fork.tip = next.id;
      // What answers the calls of the previous tip is read again, so its panel and row show them answered.
      void responses.reloadLater(fork.connectionId, tipId).catch(() => undefined);
      this.deps.log.info(`Fork ${fork.first}: replayed ${ids.length} output(s) of the original as ${next.id} (${fork.replayed} of at most ${fork.limit}).`);
      this.followResponse(fork);
    } finally {
      fork.busy = false;
    }
  }

  // ── Assistants ───────────────────────────────────────────────────────────

  /** Sends an Assistants fork's request (`POST /threads/runs`) once, then follows the run. */
  async startRun(origin: RunRef, request: Record<string, unknown>, options: { replay: boolean; answers: readonly RecordedAnswer[] }): Promise<Run> {
    const run = await this.deps.store.createThreadAndRun(origin.connectionId, request);
    this.deps.log.info(`Forked ${origin.runId} as ${run.id} on a new thread ${run.thread_id}.`);
    const fork = {
      family: 'assistants' as const,
      connectionId: origin.connectionId,
      origin,
      threadId: run.thread_id,
      runId: run.id,
      replay: options.replay,
      replayed: 0,
      limit: Infinity,
      pool: new ReplayPool(options.answers),
      busy: false,
      done: false,
    };
    this.forks.add(fork);
    const ref = { connectionId: origin.connectionId, threadId: run.thread_id, runId: run.id };
    const watch = this.deps.scheduler.watch(ref, { visibility: 'visible', onPoll: (now) => this.stepRun(fork, now, () => queueMicrotask(() => watch.dispose())) });
    this._register(watch);
    return run;
  }

  private async stepRun(fork: Extract<Fork, { family: 'assistants' }> & { pool: ReplayPool; busy: boolean; done: boolean }, run: Run, stop: () => void): Promise<void> {
    if (fork.busy || fork.done) return;
    if (run.status !== 'requires_action') {
      if (isActivePhase(statusOf(run.status).phase)) return;
      fork.done = true;
      stop();
      this.reported.fire({ kind: 'ended', fork: this.snapshot(fork), status: run.status });
      return;
    }
    const calls = (run.required_action?.submit_tool_outputs?.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function?.name ?? '', arguments: c.function?.arguments ?? '' }));
    const waiting = (reason: 'off' | 'noMatch', which: typeof calls) => {
      fork.done = true;
      stop();
      this.reported.fire({ kind: 'waiting', fork: this.snapshot(fork), reason, calls: which.map((c) => `${c.name}(${c.arguments})`) });
    };
    if (!fork.replay) return waiting('off', calls);
    const unmatched = calls.filter((c) => !fork.pool.has(c.name, c.arguments));
    if (unmatched.length) return waiting('noMatch', unmatched);
    fork.busy = true;
    try {
      const outputs: ToolOutput[] = calls.map((c) => {
        const output = fork.pool.take(c.name, c.arguments)!.output;
        return { tool_call_id: c.id, output: typeof output === 'string' ? output : JSON.stringify(output) };
      });
      await this.deps.replayedRegistry.add(fork.connectionId, outputs.map((o) => o.tool_call_id));
      this.replayedChanged.fire(fork.connectionId);
      const next = await this.deps.store.api(fork.connectionId).submitToolOutputs(fork.threadId, fork.runId, outputs);
      this.deps.store.putRun(fork.connectionId, next);
      fork.replayed++;
      this.deps.log.info(`Fork ${fork.runId}: replayed ${outputs.length} output(s) of the original.`);
    } catch (error) {
      fork.done = true;
      stop();
      const message = error instanceof Error ? error.message : String(error);
      this.reported.fire({ kind: 'failed', fork: this.snapshot(fork), message });
    } finally {
      fork.busy = false;
    }
  }

  private snapshot(fork: Fork & { pool: ReplayPool }): Fork {
    const { pool: _pool, busy: _busy, done: _done, ...rest } = fork as Fork & { pool: ReplayPool; busy: boolean; done: boolean };
    return rest as Fork;
  }
}

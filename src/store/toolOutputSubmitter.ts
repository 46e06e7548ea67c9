// The one path by which tool outputs reach the service, for the draft editor, "Submit
// tool outputs from editor" and the run panel's "Submit all" alike: validate against the
// run's pending calls, allow one submission per run at a time, re-read the run and send
// nothing if it no longer waits for these calls, send the full set or nothing, and after
// a dropped connection re-read the run to learn whether the outputs went through.
// No vscode import at run time, so it is unit-tested with a fake store.
import { APIConnectionError } from 'openai';
import { statusOf, toSentence } from '../api/errors';
import { isActiveRun, pendingToolCalls, type Run } from '../api/schemas';
import type { RunResult } from '../api/client';
import {
  validateToolOutputsValue,
  type PendingCall,
  type ToolOutput,
  type ToolOutputsProblem,
} from '../model/toolOutputs';
import { runRefKey, type RunRef } from '../util/refs';
import { InFlight, type AnswerSubmitter, type Subscription } from './answerSubmitter';
import { followRun, type FollowScheduler } from './followRun';

export type SubmitResult =
  | { ok: true; run: Run }
  | { ok: false; message: string; problems?: { toolCallId?: string; message: string }[]; /** The user chose not to send empty outputs. */ declined?: true };

export interface SubmitOptions {
  source: 'panel' | 'editor';
  /**
   * Asked before outputs that are empty (or only whitespace) are sent, with the calls
   * they answer; an empty output is sometimes meant, but never sent silently. Without
   * it, empty outputs are refused.
   */
  confirmEmpty?: (calls: PendingCall[]) => Promise<boolean>;
}

/** What the submitter needs of the run store (RunStore satisfies it). */
export interface SubmitterStore {
  run(connectionId: string, threadId: string, runId: string): Run | undefined;
  fetchRun(connectionId: string, threadId: string, runId: string): Promise<RunResult>;
  putRun(connectionId: string, run: Run): boolean;
  api(connectionId: string): { submitToolOutputs(threadId: string, runId: string, outputs: ToolOutput[]): Promise<Run> };
}

/** What the submitter needs of the live scheduler (LiveScheduler satisfies it). */
export type SubmitterScheduler = FollowScheduler;

export interface SubmitterDeps {
  store: SubmitterStore;
  scheduler?: SubmitterScheduler;
  /** The largest output in UTF-8 bytes (the `agentRuns.toolOutputs.maxOutputBytes` setting). */
  maxOutputBytes: () => number;
  log?: { info(message: string): void; warn(message: string): void };
  /** How long to follow a run after a submission at most (ms). */
  followMs?: number;
}

/** The calls a run waits for, in the validator's terms. */
export function pendingCallsOf(run: Run): PendingCall[] {
  return pendingToolCalls(run).map((call) => ({
    id: call.id,
    ...(call.function?.name ? { name: call.function.name } : {}),
    ...(call.function?.arguments !== undefined && call.function?.arguments !== null ? { arguments: call.function.arguments } : {}),
  }));
}

function clock(unixSeconds: number): string {
  const at = new Date(unixSeconds * 1000);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === new Date().toDateString() ? time : `${at.toLocaleDateString()} ${time}`;
}

/** Why a run does not accept tool outputs, in one sentence (undefined if it does). */
export function whyNotAccepting(run: Run): string | undefined {
  const id = run.id;
  switch (run.status) {
    case 'requires_action':
      return pendingToolCalls(run).length ? undefined : `Run ${id} waits for an action the extension cannot answer; nothing was sent.`;
    case 'queued':
    case 'in_progress':
      return `Run ${id} is ${run.status}: its tool calls were already answered; nothing was sent.`;
    case 'expired':
      // How long a run waits is the service's choice (10 minutes at OpenAI, hours on
      // Azure): say only what the run's own expires_at says.
      return `Run ${id} expired${run.expires_at ? ` at ${clock(run.expires_at)}, the time it was given for its tool outputs` : ''}; it no longer accepts tool outputs. Nothing was sent.`;
    case 'cancelling':
    case 'cancelled':
      return `Run ${id} was cancelled; it no longer accepts tool outputs. Nothing was sent.`;
    default:
      return `Run ${id} is ${run.status}; it no longer accepts tool outputs. Nothing was sent.`;
  }
}

function asProblems(problems: ToolOutputsProblem[]): { toolCallId?: string; message: string }[] {
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ ...(p.toolCallId !== undefined ? { toolCallId: p.toolCallId } : {}), message: p.message }));
}

function summary(problems: { message: string }[]): string {
  const first = problems[0]?.message ?? 'The tool outputs are not valid.';
  return problems.length > 1 ? `${first} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}; nothing was sent)` : `${first} Nothing was sent.`;
}

/** The ids of the calls whose output is an empty (or whitespace-only) string. */
function emptyOutputsOf(input: unknown): string[] {
  const list = Array.isArray(input) ? input : (input as { tool_outputs?: unknown } | null)?.tool_outputs;
  if (!Array.isArray(list)) return [];
  return list.flatMap((o) => {
    const entry = o as { tool_call_id?: unknown; output?: unknown } | null;
    return typeof entry?.tool_call_id === 'string' && typeof entry.output === 'string' && !entry.output.trim() ? [entry.tool_call_id] : [];
  });
}

/** The ids of the submitted outputs, when they are well-formed (ignores other problems). */
function idsOf(input: unknown): string[] {
  const list = Array.isArray(input) ? input : (input as { tool_outputs?: unknown } | null)?.tool_outputs;
  if (!Array.isArray(list)) return [];
  return list.map((o) => (o as { tool_call_id?: unknown } | null)?.tool_call_id).filter((id): id is string => typeof id === 'string');
}

export class ToolOutputSubmitter implements AnswerSubmitter<RunRef, unknown, SubmitOptions, SubmitResult> {
  private readonly inflight = new InFlight<RunRef>(runRefKey);

  constructor(private readonly deps: SubmitterDeps) {}

  /** Whether a submission for this run is under way (e.g. to show "Submitting…"). */
  isSubmitting(ref: RunRef): boolean {
    return this.inflight.has(ref);
  }

  /** Called when a submission for a run starts or ends. */
  onDidChangeSubmitting(listener: (ref: RunRef) => void): Subscription {
    return this.inflight.onDidChange(listener);
  }

  /**
   * Submits `input` — `{"tool_outputs":[…]}` or a bare array, already parsed — as the
   * outputs of `ref`'s pending calls. Never throws; never sends a partial set.
   */
  async submit(ref: RunRef, input: unknown, options: SubmitOptions = { source: 'editor' }): Promise<SubmitResult> {
    const { store } = this.deps;
    const maxOutputBytes = this.deps.maxOutputBytes();
    const cached = store.run(ref.connectionId, ref.threadId, ref.runId);

    // 1. The shape, against the calls the run waited for when last seen.
    const early = validateToolOutputsValue(input, cached && cached.status === 'requires_action' ? pendingCallsOf(cached) : undefined, { maxOutputBytes });
    const shapeErrors = early.problems.filter((p) => p.severity === 'error' && p.code !== 'unknown-id' && p.code !== 'missing-call');
    if (shapeErrors.length) return this.invalid(shapeErrors);

    // 2. Empty outputs only when the user says so (asked before anything is sent or read).
    const empty = emptyOutputsOf(input);
    if (empty.length) {
      const known = new Map((cached ? pendingCallsOf(cached) : []).map((c) => [c.id, c]));
      const calls = empty.map((id) => known.get(id) ?? { id });
      const names = calls.map((c) => (c.name ? `${c.id} (${c.name})` : c.id)).join(', ');
      if (!options.confirmEmpty) return { ok: false, message: `The output for ${names} is empty; nothing was sent.`, problems: calls.map((c) => ({ toolCallId: c.id, message: 'The output is empty.' })) };
      if (!(await options.confirmEmpty(calls))) return { ok: false, declined: true, message: `Nothing was sent: the output for ${names} is empty.` };
    }

    // 3. One submission per run at a time (marked before any await after this point).
    return this.inflight.exclusive(
      ref,
      (): SubmitResult => ({ ok: false, message: `Tool outputs for run ${ref.runId} are already being submitted; wait for that submission to finish.` }),
      () => this.send(ref, input, options, maxOutputBytes),
    );
  }

  /** Re-reads the run, validates against what it waits for now, and sends once. */
  private async send(ref: RunRef, input: unknown, options: SubmitOptions, maxOutputBytes: number): Promise<SubmitResult> {
    const { store } = this.deps;
    // 4. The run as it is now: it may have finished, expired or been answered elsewhere.
    let run: Run;
    try {
      run = (await store.fetchRun(ref.connectionId, ref.threadId, ref.runId)).run;
    } catch (error) {
      return { ok: false, message: toSentence(error, `Couldn't read run ${ref.runId} before submitting; nothing was sent`) };
    }
    const refusal = whyNotAccepting(run);
    if (refusal) return { ok: false, message: refusal };

    const pending = pendingCallsOf(run);
    const checked = validateToolOutputsValue(input, pending, { maxOutputBytes });
    if (!checked.outputs) {
      const submitted = idsOf(input);
      const pendingIds = pending.map((c) => c.id);
      if (submitted.length && submitted.every((id) => !pendingIds.includes(id))) {
        // None of the draft's calls are pending any more: the run was answered and asks again.
        return {
          ok: false,
          message: `Run ${run.id} was already answered: it now waits for ${pendingIds.join(', ')}, not for ${submitted.join(', ')}. Nothing was sent.`,
          problems: asProblems(checked.problems),
        };
      }
      return this.invalid(checked.problems.filter((p) => p.severity === 'error'));
    }
    const outputs = checked.outputs;
    if (outputs.length !== pending.length) {
      // The validator guarantees the full set; this guards the guarantee itself.
      return { ok: false, message: `Expected ${pending.length} outputs for run ${run.id}, got ${outputs.length}. Nothing was sent.` };
    }

    // 5. Send, once (the client does not retry this call).
    this.deps.log?.info(`Submitting ${outputs.length} tool output(s) for ${run.id} from the ${options.source}.`);
    try {
      const next = await store.api(ref.connectionId).submitToolOutputs(ref.threadId, ref.runId, outputs);
      store.putRun(ref.connectionId, next);
      this.follow(ref);
      return { ok: true, run: next };
    } catch (error) {
      return await this.afterFailure(ref, run, error);
    }
  }

  private invalid(problems: ToolOutputsProblem[]): SubmitResult {
    const list = asProblems(problems);
    return { ok: false, message: summary(list), problems: list };
  }

  /** After a failure: the service's sentence, and whether a dropped request went through. */
  private async afterFailure(ref: RunRef, before: Run, error: unknown): Promise<SubmitResult> {
    const sentence = toSentence(error, `Couldn't submit the tool outputs for ${ref.runId}`);
    this.deps.log?.warn(sentence);
    const uncertain = error instanceof APIConnectionError || statusOf(error) === undefined || (statusOf(error) ?? 0) >= 500;
    let now: Run | undefined;
    try {
      now = (await this.deps.store.fetchRun(ref.connectionId, ref.threadId, ref.runId)).run;
    } catch {
      now = undefined;
    }
    if (uncertain && now) {
      const beforeIds = pendingCallsOf(before).map((c) => c.id).join(',');
      const nowIds = pendingCallsOf(now).map((c) => c.id).join(',');
      if (now.status !== 'requires_action' || nowIds !== beforeIds) {
        if (now.status === 'queued' || now.status === 'in_progress' || now.status === 'completed' || now.status === 'requires_action') {
          // The request reached the service even though the answer did not reach us.
          this.follow(ref);
          return { ok: true, run: now };
        }
        return { ok: false, message: `${sentence} ${whyNotAccepting(now) ?? ''}`.trim() };
      }
      return { ok: false, message: `${sentence} The run still waits for these outputs; submit again to retry.` };
    }
    return { ok: false, message: sentence };
  }

  /** Keeps the run live-refreshed until it finishes or asks again, so views follow it. */
  private follow(ref: RunRef): void {
    followRun(this.deps.scheduler, ref, (run) => !isActiveRun(run) || run.status === 'requires_action', this.deps.followMs);
  }
}

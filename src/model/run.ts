// One model of "something that ran", whichever API family it came from: an Assistants
// run (threads → runs → steps) or a response (conversations → responses → items).
// Views, panels, the scheduler, drafts and export take this; only `api/` and the two
// adapters (assistants.ts, responses.ts) know the wire shapes. Everything here is data:
// sentences are made by the surfaces that show them (and go through l10n there).
import type { StatusKind } from '../shared/protocol';

// ── identity ────────────────────────────────────────────────────────────────

/** How to fetch or act on the thing again; the only family-shaped part of the model. */
export type RunRef =
  | { family: 'assistants'; threadId: string; runId: string }
  | { family: 'responses'; responseId: string };

/** Who ran it: an assistant (by id) or a Foundry agent (by name and version). */
export type Actor = { kind: 'assistant'; id: string } | { kind: 'agent'; name: string; version: string | null };

/** What it belongs to. */
export type Container = { kind: 'thread' | 'conversation'; id: string };

// ── status and time ─────────────────────────────────────────────────────────

/** The statuses of both families; a status neither documents is `unknown` (its wire text is kept). */
export type Phase =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'completed'
  | 'incomplete'
  | 'failed'
  | 'cancelled'
  | 'expired'
  | 'unknown';

export interface Status {
  /** As the service said it. */
  wire: string;
  phase: Phase;
}

const phases: ReadonlySet<string> = new Set<Phase>([
  'queued',
  'in_progress',
  'requires_action',
  'cancelling',
  'completed',
  'incomplete',
  'failed',
  'cancelled',
  'expired',
]);

export function statusOf(wire: string | null | undefined): Status {
  const text = wire ?? '';
  return { wire: text, phase: phases.has(text) ? (text as Phase) : 'unknown' };
}

/** Whether the service may still change it (an unknown status is not assumed to be final). */
export function isActivePhase(phase: Phase): boolean {
  switch (phase) {
    case 'queued':
    case 'in_progress':
    case 'requires_action':
    case 'cancelling':
      return true;
    case 'completed':
    case 'incomplete':
    case 'failed':
    case 'cancelled':
    case 'expired':
    case 'unknown':
      return false;
  }
}

export function isTerminalPhase(phase: Phase): boolean {
  return phase !== 'unknown' && !isActivePhase(phase);
}

/** A point in time the service may or may not have told. */
export type Moment =
  | { kind: 'at'; seconds: number }
  /** It has not happened (yet). */
  | { kind: 'notYet' }
  /** It happened, but the service did not say when: shown as "not reported", never guessed. */
  | { kind: 'notReported' };

export const notYet: Moment = { kind: 'notYet' };
export const notReported: Moment = { kind: 'notReported' };

export function momentOf(seconds: number | null | undefined, happened: boolean): Moment {
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return { kind: 'at', seconds };
  return happened ? notReported : notYet;
}

export interface Times {
  created: Moment;
  started: Moment;
  finished: Moment;
  /** What the finish was; null while it runs. */
  finishedAs: 'completed' | 'incomplete' | 'failed' | 'cancelled' | 'expired' | null;
  /** When an Assistants run waiting for outputs expires; null where nothing expires. */
  expires: Moment | null;
}

export type Duration =
  | { kind: 'seconds'; seconds: number }
  /** Still running since this time: the surface counts up. */
  | { kind: 'running'; since: number }
  | { kind: 'notReported' };

/** From start (or creation) to finish, only from times the service reported. */
export function durationOf(times: Times, active: boolean): Duration {
  const start = times.started.kind === 'at' ? times.started : times.created;
  if (start.kind !== 'at') return { kind: 'notReported' };
  if (times.finished.kind === 'at') return { kind: 'seconds', seconds: Math.max(0, times.finished.seconds - start.seconds) };
  return active ? { kind: 'running', since: start.seconds } : { kind: 'notReported' };
}

// ── usage, problems, configuration ──────────────────────────────────────────

/** Tokens; null where the service did not report the number. */
export interface Usage {
  input: number | null;
  cachedInput: number | null;
  output: number | null;
  reasoning: number | null;
  total: number | null;
}

/** Why it did not simply complete, as data the surfaces put in words. */
export type Problem =
  | { kind: 'error'; code: string | null; message: string | null; failed: boolean }
  /** `limit` names the setting that stopped it, when the reason is a limit. */
  | { kind: 'incomplete'; reason: string | null; limit: { name: string; value: number | null } | null }
  | { kind: 'expired'; at: Moment; waitedForOutputs: boolean }
  | { kind: 'cancelled'; at: Moment };

/** Why a configuration value matters for the outcome. */
export type ConfigNote =
  | { kind: 'noTools' }
  | { kind: 'toolsDisabled' }
  | { kind: 'toolRequired' }
  | { kind: 'oneToolAtATime' }
  /** This limit stopped it (incomplete with this reason); `low` when the value is small for a model answer. */
  | { kind: 'stoppedByLimit'; reason: string; low: boolean }
  | { kind: 'lastMessagesOnly'; count: number };

export interface ConfigRow {
  key: string;
  /** The value as the service returned it (JSON). */
  value: unknown;
  note: ConfigNote | null;
}

export type CancelAbility =
  | { possible: true }
  | { possible: false; why: 'finished' | 'cancelling' | 'notBackground' | 'unknownStatus' };

// ── steps and items ─────────────────────────────────────────────────────────

export interface Annotation {
  /** `url_citation`, `file_citation`, `container_file_citation`, `file_path`, … (unknown kinds kept). */
  type: string;
  text: string | null;
  start: number | null;
  end: number | null;
  url: string | null;
  title: string | null;
  fileId: string | null;
  filename: string | null;
  containerId: string | null;
  quote: string | null;
}

export type ContentPart =
  | { kind: 'text'; text: string; annotations: Annotation[] }
  | { kind: 'refusal'; text: string }
  | { kind: 'image'; fileId: string | null; url: string | null }
  | { kind: 'file'; fileId: string | null; filename: string | null; url: string | null }
  | { kind: 'other'; type: string; json: unknown };

/** Whether a call that needs an answer from the app (its output, an approval) got one. */
export type Answer =
  /** `output` as sent: a string, content parts, a screenshot, shell output chunks. */
  | { state: 'answered'; output: unknown; itemId: string | null }
  /** Nothing answers it, and everything after it is visible. */
  | { state: 'awaiting' }
  /** Nothing seen answers it, but an answer may exist where it cannot be seen. */
  | { state: 'noAnswerSeen' }
  /** It ended without an answer and no longer waits (run expired, response failed). */
  | { state: 'unanswered' };

export type CodeOutput =
  | { kind: 'logs'; text: string }
  | { kind: 'image'; fileId: string | null; url: string | null }
  | { kind: 'other'; type: string; json: unknown };

export interface FileSearchHit {
  fileId: string | null;
  filename: string | null;
  score: number | null;
  chunks: string[];
  attributes: Record<string, unknown> | null;
}

/** A tool call; `id` is the call id the answer refers to (or the item id for hosted tools). */
export type Call =
  | { kind: 'function'; id: string; name: string; arguments: string; answer: Answer }
  | { kind: 'custom'; id: string; name: string; input: string; answer: Answer }
  | {
      kind: 'codeInterpreter';
      id: string;
      code: string;
      containerId: string | null;
      /** null: the service sent none (Responses return them only when asked with `include[]`). */
      outputs: CodeOutput[] | null;
    }
  | {
      kind: 'fileSearch';
      id: string;
      queries: string[];
      ranking: unknown;
      /** null: not included in the answer (asked with `include[]`). */
      results: FileSearchHit[] | null;
      /** Results came without their text. */
      contentMissing: boolean;
    }
  | {
      kind: 'webSearch';
      id: string;
      action: { type: string; queries: string[]; url: string | null; pattern: string | null } | null;
      sources: { type: string | null; url: string | null; title: string | null; name: string | null }[];
    }
  | { kind: 'imageGeneration'; id: string; imageBase64: string | null; format: string | null; revisedPrompt: string | null }
  | { kind: 'computer'; id: string; actions: unknown[]; safetyChecks: { code: string | null; message: string | null }[]; answer: Answer }
  | {
      kind: 'mcp';
      id: string;
      serverLabel: string | null;
      name: string;
      arguments: string;
      output: string | null;
      error: unknown;
      approvalRequestId: string | null;
    }
  | { kind: 'shell'; id: string; commands: string[]; answer: Answer }
  | { kind: 'localShell'; id: string; command: string[]; workingDirectory: string | null; answer: Answer }
  | { kind: 'applyPatch'; id: string; operation: { type: string; path: string | null; diff: string | null } | null; answer: Answer }
  | { kind: 'other'; id: string; type: string; json: unknown };

/** The calls an app answers with an output item (function_call_output, …). */
export type AnsweredCallKind = 'function' | 'custom' | 'computer' | 'shell' | 'localShell' | 'applyPatch';

export type StepBody =
  | { kind: 'message'; role: string; messageId: string | null; /** null: the message is not loaded. */ content: ContentPart[] | null }
  /** An Assistants `tool_calls` step: several calls. */
  | { kind: 'toolCalls'; calls: Call[] }
  /** One tool call item of a response. */
  | { kind: 'call'; call: Call }
  /** An output the app sent for a call (an input or conversation item). */
  | { kind: 'callOutput'; of: AnsweredCallKind; callId: string; output: unknown }
  | { kind: 'reasoning'; summary: string[]; text: string[]; encrypted: boolean }
  | { kind: 'mcpListTools'; serverLabel: string | null; tools: { name: string; description: string | null }[]; error: unknown }
  | { kind: 'approvalRequest'; approvalRequestId: string; serverLabel: string | null; name: string; arguments: string; answer: ApprovalAnswer }
  | { kind: 'approvalResponse'; approvalRequestId: string; approve: boolean; reason: string | null }
  | { kind: 'compaction'; encrypted: boolean }
  | { kind: 'reference'; itemId: string }
  | { kind: 'structuredOutputs'; output: unknown }
  | { kind: 'workflowAction'; actionKind: string | null; actionId: string | null; parentActionId: string | null; previousActionId: string | null }
  | { kind: 'memorySearch'; results: unknown[] | null }
  | { kind: 'consentRequest'; serverLabel: string | null; link: string | null }
  /** A kind the extension does not know (or could not read): kept and shown as JSON. */
  | { kind: 'unknown'; type: string; json: unknown; problem: string | null };

export type ApprovalAnswer =
  | { state: 'answered'; approve: boolean; reason: string | null; itemId: string | null }
  | { state: 'awaiting' }
  | { state: 'noAnswerSeen' }
  | { state: 'unanswered' };

export interface Step {
  /** The step or item id (`#n` for an item the service sent without one). */
  id: string;
  /** 1-based position in its list. */
  index: number;
  /** What the service sent (`message_creation`, `function_call`, …). */
  type: string;
  status: Status | null;
  /** Assistants steps have times; response items do not (null). */
  times: { created: Moment; finished: Moment } | null;
  usage: Usage | null;
  error: { code: string | null; message: string | null } | null;
  /** Foundry: the agent and response that produced the item. */
  createdBy: { agent: Actor | null; responseId: string | null } | null;
  body: StepBody;
  raw: unknown;
}

// ── pending actions ─────────────────────────────────────────────────────────

export type PendingState = 'awaiting' | 'noAnswerSeen';

export type PendingAction =
  | {
      kind: 'toolOutput';
      call: AnsweredCallKind;
      callId: string;
      /** Function or tool name (the call kind for tools without names). */
      name: string;
      /** Arguments or input text, as sent by the model. */
      arguments: string;
      stepId: string | null;
      state: PendingState;
    }
  | {
      kind: 'approval';
      approvalRequestId: string;
      serverLabel: string | null;
      name: string;
      arguments: string;
      stepId: string | null;
      state: PendingState;
    };

// ── the whole thing ─────────────────────────────────────────────────────────

export interface AgentRun {
  ref: RunRef;
  id: string;
  status: Status;
  active: boolean;
  model: string | null;
  actor: Actor | null;
  container: Container | null;
  /** The response this one continues (`previous_response_id`). */
  previousId: string | null;
  cancel: CancelAbility;
  times: Times;
  usage: Usage | null;
  problems: Problem[];
  instructions: string | null;
  config: ConfigRow[];
  /** Run steps, or a response's output items, in order. */
  steps: Step[];
  /** A response's input items when loaded; null where there are none to show. */
  inputs: Step[] | null;
  pending: PendingAction[];
  /** Something is awaiting an answer from the user (counted in "N waiting"). */
  waiting: boolean;
  metadata: Record<string, unknown> | null;
  raw: unknown;
}

/** How a run is drawn: what it waits for first, then how it ended. */
export function toneOf(run: Pick<AgentRun, 'status' | 'waiting'>): StatusKind {
  if (run.waiting) return 'action';
  return phaseTone(run.status.phase);
}

export function phaseTone(phase: Phase): StatusKind {
  switch (phase) {
    case 'completed':
      return 'ok';
    case 'failed':
    case 'expired':
      return 'error';
    case 'incomplete':
    case 'cancelled':
    case 'cancelling':
      return 'warn';
    case 'queued':
    case 'in_progress':
      return 'active';
    case 'requires_action':
      return 'action';
    case 'unknown':
      return 'neutral';
  }
}

/** The calls of a step, whichever shape it has. */
export function callsOf(step: Step): Call[] {
  switch (step.body.kind) {
    case 'toolCalls':
      return step.body.calls;
    case 'call':
      return [step.body.call];
    default:
      return [];
  }
}

/** The ids of the calls among `steps` that carry their answer (shown with the call, their output items need not be). */
export function answeredCallIds(steps: readonly Step[]): Set<string> {
  const ids = new Set<string>();
  for (const step of steps) for (const call of callsOf(step)) if ('answer' in call && call.answer.state === 'answered') ids.add(call.id);
  return ids;
}

/** The name an app's code knows a call by (a function, a custom tool, an MCP tool): what Go to Handler looks for. */
export function toolNameOf(call: Call): string | undefined {
  switch (call.kind) {
    case 'function':
    case 'custom':
    case 'mcp':
      return call.name || undefined;
    default:
      return undefined;
  }
}

/** The tool name of a step that is one named call or an MCP approval request. */
export function stepToolName(step: Step): string | undefined {
  if (step.body.kind === 'call') return toolNameOf(step.body.call);
  if (step.body.kind === 'approvalRequest') return step.body.name || undefined;
  return undefined;
}

/** Every tool name the calls, approval requests and pending actions of a run carry. */
export function toolNamesOf(run: Pick<AgentRun, 'steps' | 'inputs' | 'pending'>): Set<string> {
  const names = new Set<string>();
  for (const step of [...run.steps, ...(run.inputs ?? [])]) {
    for (const call of callsOf(step)) {
      const name = toolNameOf(call);
      if (name) names.add(name);
    }
    const named = stepToolName(step);
    if (named) names.add(named);
  }
  for (const p of run.pending) if (p.name && (p.kind === 'approval' || p.call === 'function' || p.call === 'custom')) names.add(p.name);
  return names;
}

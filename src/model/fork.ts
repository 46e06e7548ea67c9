// Fork from Here: a new response (or a new thread and run) with everything the original
// had up to a point, and the original's settings, for the user to change before sending;
// then, while the fork runs, the original's tool results replayed for the calls that
// match. Pure (no vscode import): the fork document, the sender and the replayer use the
// same rules.
//
// Responses: the new response's input is the items up to the cut (the original's input
// items, then its output items), chained to what the original followed
// (`previous_response_id`); the service rejects a call separated from its output and a
// reasoning item without the item that follows it, so only cuts that keep those together
// are valid (`cutProblem`, `nearestCuts`). Assistants: threads hold messages, not tool
// steps, so the new thread gets copies of the messages up to the cut and a run with the
// original's settings (`POST /threads/runs`).
import type { Message, Run } from '../api/schemas';
import type { Response } from '../api/responses/schemas';
import { copiedSettings, maxMetadataKeys, maxMetadataValueChars } from './continuation';

/** An item as the service returned it (input item, output item or conversation item). */
export type WireItem = Record<string, unknown>;

/** Metadata keys that name a fork's origin (on the new response, or the new run and thread). */
export const forkedFromKey = 'agent_runs_forked_from';
export const forkedAtKey = 'agent_runs_forked_at';

/** The default of `agentRuns.fork.replayLimit`: replayed answers before a Responses fork waits for the user. */
export const defaultReplayLimit = 20;

// ── cut points (Responses) ──────────────────────────────────────────────────

/** The output item type that answers each kind of call item. */
const outputTypeOfCall: Readonly<Record<string, string>> = {
  function_call: 'function_call_output',
  custom_tool_call: 'custom_tool_call_output',
  computer_call: 'computer_call_output',
  local_shell_call: 'local_shell_call_output',
  shell_call: 'shell_call_output',
  apply_patch_call: 'apply_patch_call_output',
};

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** How an item is named in a sentence: `function_call get_weather (call_…)`, `reasoning rs_…`. */
export function itemWords(item: WireItem): string {
  const type = str(item.type) ?? (item.role !== undefined ? 'message' : 'item');
  const name = str(item.name);
  const id = str(item.call_id) ?? str(item.id);
  if (type === 'message') return `${str(item.role) ?? ''} message${id ? ` ${id}` : ''}`.trim();
  return [type, name, id && name ? `(${id})` : id].filter(Boolean).join(' ');
}

/** Why keeping the first `count` items is not a valid start for a new response (undefined: it is). */
export type CutProblem =
  /** A call is kept and its output, which comes later, is not. */
  | { kind: 'splitsCall'; call: WireItem }
  /** A call is kept and nothing among the items answers it (the original ended waiting for it). */
  | { kind: 'callWithoutOutput'; call: WireItem }
  /** The last kept item is a reasoning item: the item it belongs to must follow it. */
  | { kind: 'reasoningLast'; reasoning: WireItem }
  /** An MCP approval request is kept and its answer, which comes later, is not. */
  | { kind: 'splitsApproval'; request: WireItem };

/** Where each call's output and each approval request's answer is among the items. */
function answerIndex(items: readonly WireItem[]): Map<string, number> {
  const at = new Map<string, number>();
  items.forEach((item, i) => {
    const type = str(item.type);
    if (type && Object.values(outputTypeOfCall).includes(type) && str(item.call_id) !== undefined) at.set(`${type}|${str(item.call_id)}`, i);
    if (type === 'mcp_approval_response' && str(item.approval_request_id) !== undefined) at.set(`approval|${str(item.approval_request_id)}`, i);
  });
  return at;
}

function problemAt(items: readonly WireItem[], count: number, answers: ReadonlyMap<string, number>): CutProblem | undefined {
  const last = items[count - 1];
  if (last && last.type === 'reasoning') return { kind: 'reasoningLast', reasoning: last };
  for (let i = 0; i < count; i++) {
    const item = items[i]!;
    const type = str(item.type);
    const outputType = type ? outputTypeOfCall[type] : undefined;
    if (outputType) {
      const answered = answers.get(`${outputType}|${str(item.call_id)}`);
      if (answered === undefined) return { kind: 'callWithoutOutput', call: item };
      if (answered >= count) return { kind: 'splitsCall', call: item };
    } else if (type === 'mcp_approval_request') {
      const answered = answers.get(`approval|${str(item.id)}`);
      if (answered !== undefined && answered >= count) return { kind: 'splitsApproval', request: item };
    }
  }
  return undefined;
}

/** Why a new response cannot start with the first `count` items, or undefined when it can. */
export function cutProblem(items: readonly WireItem[], count: number): CutProblem | undefined {
  return problemAt(items, count, answerIndex(items));
}

/** The valid cuts nearest to `count`: the largest at or below it, the smallest above it (undefined: none). */
export function nearestCuts(items: readonly WireItem[], count: number): { before: number; after: number | undefined } {
  const answers = answerIndex(items);
  let before = Math.min(count, items.length);
  while (before > 0 && problemAt(items, before, answers)) before--;
  let after: number | undefined = count + 1;
  while (after <= items.length && problemAt(items, after, answers)) after++;
  if (after > items.length) after = undefined;
  return { before, after };
}

/** What is wrong with a cut, as a clause (for the QuickPick that offers the nearest valid cuts, and the document's checks). */
export function cutProblemWords(problem: CutProblem): string {
  switch (problem.kind) {
    case 'splitsCall':
      return `${itemWords(problem.call)} would be kept without its output, which comes after it (the service rejects a call without its output)`;
    case 'callWithoutOutput':
      return `${itemWords(problem.call)} has no output after it (the service rejects a call without its output)`;
    case 'reasoningLast':
      return `${itemWords(problem.reasoning)} would be last, without the item that follows it (the service rejects a reasoning item on its own)`;
    case 'splitsApproval':
      return `${itemWords(problem.request)} would be kept without its answer, which comes after it`;
  }
}

// ── the requests ────────────────────────────────────────────────────────────

/** Metadata of a fork: the original's (without an earlier fork's origin), then the origin, at most 16 keys. */
export function forkMetadata(original: unknown, from: string, at: string): Record<string, string> {
  const kept = original && typeof original === 'object' && !Array.isArray(original) ? Object.entries(original as Record<string, unknown>) : [];
  const own = kept.filter(([key, value]) => key !== forkedFromKey && key !== forkedAtKey && typeof value === 'string') as [string, string][];
  const origin: [string, string][] = [
    [forkedFromKey, from.slice(0, maxMetadataValueChars)],
    [forkedAtKey, at.slice(0, maxMetadataValueChars)],
  ];
  return Object.fromEntries([...own.slice(0, maxMetadataKeys - origin.length), ...origin]);
}

/** An item as input of a new response: the service's own fields, minus those it sets itself. */
function asInput(item: WireItem): WireItem {
  // `status` is the service's account of an item it made; an input item's is set by the service again.
  const { status: _status, ...rest } = item;
  return rest;
}

export interface ResponseForkSource {
  response: Response;
  /** The items of the original in order: its input items, then its output items. */
  items: readonly WireItem[];
  /** How many of them the fork keeps. */
  count: number;
  /** Foundry project: the agent instead of model/instructions/tools (as for Continue). */
  agentReference: boolean;
  /** Whether the service runs it in the background with a stream (as for Continue). */
  background: boolean;
}

/** Where a Responses fork starts, in the words its metadata keeps: `start`, or `after <item id>`. */
export function responseForkPoint(items: readonly WireItem[], count: number): string {
  const last = items[count - 1];
  return count === 0 || !last ? 'start' : `after ${str(last.id) ?? `item ${count}`}`;
}

/**
 * The request a Responses fork sends: the original's settings by the copy rules of
 * Continue, its metadata with the origin, chained to what the original followed
 * (`previous_response_id`; a response in a conversation is forked outside it, so its
 * items up to the cut are sent instead), and the items up to the cut as `input`.
 */
export function responseForkRequest(source: ResponseForkSource): Record<string, unknown> {
  const { response } = source;
  const settings = copiedSettings(response, source.agentReference);
  const request: Record<string, unknown> = {
    ...settings,
    metadata: forkMetadata(settings.metadata, response.id, responseForkPoint(source.items, source.count)),
  };
  if (response.previous_response_id && !conversationOf(response)) request.previous_response_id = response.previous_response_id;
  if (source.background) {
    request.background = true;
    request.stream = true;
  }
  request.input = source.items.slice(0, source.count).map(asInput);
  return request;
}

function conversationOf(response: Response): string | undefined {
  const c = (response as { conversation?: unknown }).conversation;
  if (typeof c === 'string') return c;
  return c && typeof c === 'object' ? str((c as { id?: unknown }).id) : undefined;
}

/** Run settings a new run takes, copied when the original has them (sampling only when not the default). */
const runSettingKeys = ['tool_choice', 'max_prompt_tokens', 'max_completion_tokens', 'truncation_strategy', 'response_format', 'parallel_tool_calls', 'reasoning_effort'] as const;

/** A message of the thread as a message of a new thread: its role, its content parts as input parts, its attachments. */
function asNewMessage(message: Message): Record<string, unknown> {
  const parts = (message.content ?? []).flatMap((part): Record<string, unknown>[] => {
    const p = part as Record<string, unknown>;
    if (p.type === 'text') {
      const text = (p.text as { value?: unknown } | undefined)?.value;
      return typeof text === 'string' ? [{ type: 'text', text }] : [];
    }
    if (p.type === 'image_file' || p.type === 'image_url') return [{ type: p.type, [p.type]: p[p.type as string] }];
    return [];
  });
  const m = message as Record<string, unknown>;
  return {
    role: message.role,
    content: parts.length === 1 && parts[0]!.type === 'text' ? parts[0]!.text : parts,
    ...(Array.isArray(m.attachments) && m.attachments.length ? { attachments: m.attachments } : {}),
  };
}

export interface RunForkSource {
  run: Run;
  /** The thread's messages the fork starts with, oldest first. */
  messages: readonly Message[];
  /** `start`, or `after <message id>`. */
  at: string;
}

/**
 * The request an Assistants fork sends (`POST /threads/runs`): the run's assistant and
 * settings, its metadata with the origin, and a new thread with copies of the messages.
 */
export function runForkRequest(source: RunForkSource): Record<string, unknown> {
  const run = source.run as Record<string, unknown>;
  const present = (key: string) => run[key] !== undefined && run[key] !== null;
  const request: Record<string, unknown> = { assistant_id: run.assistant_id };
  for (const key of ['model', 'instructions', 'tools'] as const) if (present(key)) request[key] = run[key];
  for (const key of runSettingKeys) if (present(key)) request[key] = run[key];
  for (const key of ['temperature', 'top_p'] as const) if (typeof run[key] === 'number' && run[key] !== 1) request[key] = run[key];
  request.metadata = forkMetadata(run.metadata, source.run.id, source.at);
  request.thread = {
    metadata: forkMetadata(undefined, source.run.thread_id, source.at),
    messages: source.messages.map(asNewMessage),
  };
  return request;
}

// ── replay ──────────────────────────────────────────────────────────────────

/** A call the original made and the output it was answered with. */
export interface RecordedAnswer {
  name: string;
  arguments: string;
  output: unknown;
}

/** JSON with its keys sorted at every level: equal for equal values whatever the key order and spacing. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Arguments compared as JSON (key order and whitespace ignored); text that is not JSON is compared as it is. */
export function argumentsKey(args: string): string {
  try {
    return `json:${sortedJson(JSON.parse(args))}`;
  } catch {
    return `text:${args}`;
  }
}

/**
 * The original's answers, to be taken by the fork's matching calls: same name, arguments
 * equal as JSON. Identical calls repeated are answered in the order the original answered them.
 */
export class ReplayPool {
  private readonly queues = new Map<string, unknown[]>();

  constructor(answers: readonly RecordedAnswer[]) {
    for (const answer of answers) {
      const key = `${answer.name}\u0000${argumentsKey(answer.arguments)}`;
      const queue = this.queues.get(key) ?? [];
      queue.push(answer.output);
      this.queues.set(key, queue);
    }
  }

  /** Whether an answer is left for the call (without taking it). */
  has(name: string, args: string): boolean {
    return (this.queues.get(`${name}\u0000${argumentsKey(args)}`)?.length ?? 0) > 0;
  }

  /** Takes the next answer for the call, or undefined when the original answered no such call (or no more of them). */
  take(name: string, args: string): { output: unknown } | undefined {
    const queue = this.queues.get(`${name}\u0000${argumentsKey(args)}`);
    return queue?.length ? { output: queue.shift() } : undefined;
  }

  /** Answers not taken yet. */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }
}

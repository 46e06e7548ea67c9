// The Assistants adapter: a run with its steps and messages → the model. Pure.
import { pendingToolCalls, type Message, type MessageContent, type Run, type RunStep, type ToolCall } from '../api/schemas';
import {
  isActivePhase,
  momentOf,
  notReported,
  statusOf,
  type AgentRun,
  type Answer,
  type CancelAbility,
  type Call,
  type CodeOutput,
  type ConfigRow,
  type ContentPart,
  type PendingAction,
  type Problem,
  type Status,
  type Step,
  type StepBody,
  type Times,
  type Usage,
} from './run';
import { annotationOf, num as n, record as obj, str as s } from './wireValues';

export interface AssistantsRunInput {
  run: Run;
  /** The run's steps, in order, when loaded. */
  steps?: readonly RunStep[];
  /** Messages of the thread (or of the run), so message steps show their text. */
  messages?: readonly Message[];
}


export function usageOf(usage: Run['usage']): Usage | null {
  if (!usage) return null;
  const u = usage as Record<string, unknown>;
  return {
    input: n(usage.prompt_tokens),
    cachedInput: n(obj(u.prompt_token_details)?.cached_tokens),
    output: n(usage.completion_tokens),
    reasoning: n(obj(u.completion_tokens_details)?.reasoning_tokens),
    total: n(usage.total_tokens),
  };
}

function timesOf(run: Run, status: Status): Times {
  const active = isActivePhase(status.phase);
  const started = run.status !== 'queued';
  const finish: [number | null | undefined, Times['finishedAs']] | undefined =
    run.completed_at ? [run.completed_at, run.status === 'incomplete' ? 'incomplete' : 'completed']
    : run.failed_at ? [run.failed_at, 'failed']
    : run.cancelled_at ? [run.cancelled_at, 'cancelled']
    : run.status === 'expired' ? [run.expires_at, 'expired']
    : undefined;
  const ended = !active && status.phase !== 'unknown';
  return {
    created: momentOf(run.created_at, true),
    started: momentOf(run.started_at, started),
    finished: finish ? momentOf(finish[0], true) : ended ? notReported : momentOf(null, false),
    finishedAs: finish ? finish[1] : ended ? (status.phase as Times['finishedAs']) : null,
    expires: run.status === 'requires_action' ? momentOf(run.expires_at, false) : null,
  };
}

function problemsOf(run: Run): Problem[] {
  const problems: Problem[] = [];
  if (run.last_error) {
    problems.push({ kind: 'error', code: run.last_error.code ?? null, message: run.last_error.message ?? null, failed: run.status === 'failed' });
  }
  if (run.incomplete_details) {
    const reason = run.incomplete_details.reason ?? null;
    const limit =
      reason === 'max_completion_tokens' ? { name: reason, value: run.max_completion_tokens ?? null }
      : reason === 'max_prompt_tokens' ? { name: reason, value: run.max_prompt_tokens ?? null }
      : null;
    problems.push({ kind: 'incomplete', reason, limit });
  }
  if (run.status === 'expired') {
    problems.push({ kind: 'expired', at: momentOf(run.expires_at, true), waitedForOutputs: Boolean(run.required_action || run.expires_at) });
  }
  if (run.status === 'cancelled') problems.push({ kind: 'cancelled', at: momentOf(run.cancelled_at, true) });
  return problems;
}

/** Everything the run was started with, noting values that explain the outcome. */
export function configOf(run: Run): ConfigRow[] {
  const r = run as Record<string, unknown>;
  const rows: ConfigRow[] = [];
  const reason = run.incomplete_details?.reason;
  const add = (key: string, note: ConfigRow['note'] = null) => {
    if (key in r) rows.push({ key, value: r[key], note });
  };
  const tools = Array.isArray(run.tools) ? run.tools : [];
  add('tools', tools.length ? null : { kind: 'noTools' });
  add('tool_choice', r.tool_choice === 'none' && tools.length ? { kind: 'toolsDisabled' } : r.tool_choice === 'required' ? { kind: 'toolRequired' } : null);
  add('response_format');
  add('parallel_tool_calls', run.parallel_tool_calls === false ? { kind: 'oneToolAtATime' } : null);
  add('temperature');
  add('top_p');
  add('max_prompt_tokens', reason === 'max_prompt_tokens' ? { kind: 'stoppedByLimit', reason, low: false } : null);
  const completionLimit = run.max_completion_tokens;
  add(
    'max_completion_tokens',
    reason === 'max_completion_tokens' ? { kind: 'stoppedByLimit', reason, low: completionLimit != null && completionLimit < 1000 } : null,
  );
  const truncation = obj(r.truncation_strategy);
  add(
    'truncation_strategy',
    truncation?.type === 'last_messages' && typeof truncation.last_messages === 'number' ? { kind: 'lastMessagesOnly', count: truncation.last_messages } : null,
  );
  add('tool_resources');
  add('metadata');
  return rows;
}

function cancelOf(status: Status): CancelAbility {
  switch (status.phase) {
    case 'queued':
    case 'in_progress':
    case 'requires_action':
      return { possible: true };
    case 'cancelling':
      return { possible: false, why: 'cancelling' };
    case 'completed':
    case 'incomplete':
    case 'failed':
    case 'cancelled':
    case 'expired':
      return { possible: false, why: 'finished' };
    case 'unknown':
      return { possible: false, why: 'unknownStatus' };
  }
}

function contentOf(part: MessageContent): ContentPart {
  if (part.type === 'text' && part.text) {
    return { kind: 'text', text: part.text.value ?? '', annotations: (part.text.annotations ?? []).map((a) => annotationOf(a)) };
  }
  if (part.type === 'image_file' && part.image_file) return { kind: 'image', fileId: part.image_file.file_id ?? null, url: null };
  if (part.type === 'image_url' && part.image_url) return { kind: 'image', fileId: null, url: part.image_url.url ?? null };
  if (part.type === 'refusal' && typeof (part as Record<string, unknown>).refusal === 'string') {
    return { kind: 'refusal', text: (part as Record<string, unknown>).refusal as string };
  }
  return { kind: 'other', type: part.type, json: part };
}

/** A message's content parts (for messages shown outside a run's steps: a thread's list). */
export function messageContentOf(message: Message): ContentPart[] {
  return message.content.map(contentOf);
}

function codeOutputOf(output: { type: string }): CodeOutput {
  const o = output as Record<string, unknown>;
  if (o.type === 'logs' && typeof o.logs === 'string') return { kind: 'logs', text: o.logs };
  const image = obj(o.image);
  if (o.type === 'image' && image) return { kind: 'image', fileId: s(image.file_id), url: null };
  return { kind: 'other', type: output.type, json: output };
}

function callOf(call: ToolCall, index: number, answerFor: (id: string, output: string | null | undefined) => Answer): Call {
  const id = call.id ?? `#${index + 1}`;
  switch (call.type) {
    case 'function':
      if (call.function) {
        return { kind: 'function', id, name: call.function.name ?? '', arguments: call.function.arguments ?? '', answer: answerFor(id, call.function.output) };
      }
      break;
    case 'code_interpreter':
      if (call.code_interpreter) {
        return { kind: 'codeInterpreter', id, code: call.code_interpreter.input ?? '', containerId: null, outputs: (call.code_interpreter.outputs ?? []).map(codeOutputOf) };
      }
      break;
    case 'file_search':
      if (call.file_search) {
        const results = call.file_search.results ?? [];
        return {
          kind: 'fileSearch',
          id,
          queries: [],
          ranking: call.file_search.ranking_options ?? null,
          results: results.map((r) => ({
            fileId: r.file_id ?? null,
            filename: r.file_name ?? null,
            score: r.score ?? null,
            chunks: (r.content ?? []).map((c) => c.text ?? '').filter((t) => t !== ''),
            attributes: null,
          })),
          contentMissing: results.length > 0 && results.every((r) => r.content == null),
        };
      }
      break;
  }
  // `retrieval` (v1), Azure's `bing_grounding`, `azure_ai_search`, …
  return { kind: 'other', id, type: call.type, json: call };
}

function stepOf(step: RunStep, index: number, messages: ReadonlyMap<string, Message>, answerFor: (id: string, output: string | null | undefined) => Answer): Step {
  const details = step.step_details;
  let body: StepBody;
  if (step.type === 'message_creation') {
    const messageId = details.message_creation?.message_id ?? null;
    const message = messageId ? messages.get(messageId) : undefined;
    body = { kind: 'message', role: message?.role ?? 'assistant', messageId, content: message ? messageContentOf(message) : null };
  } else if (step.type === 'tool_calls') {
    body = { kind: 'toolCalls', calls: (details.tool_calls ?? []).map((call, i) => callOf(call, i, answerFor)) };
  } else {
    body = { kind: 'unknown', type: step.type, json: details, problem: null };
  }
  const status = statusOf(step.status);
  const end = step.completed_at ?? step.failed_at ?? step.cancelled_at ?? step.expired_at;
  return {
    id: step.id,
    index: index + 1,
    type: step.type,
    status,
    times: { created: momentOf(step.created_at, true), finished: momentOf(end, step.status !== 'in_progress') },
    usage: usageOf(step.usage),
    error: step.last_error ? { code: step.last_error.code ?? null, message: step.last_error.message ?? null } : null,
    createdBy: null,
    body,
    raw: step,
  };
}

export function fromAssistantsRun({ run, steps = [], messages = [] }: AssistantsRunInput): AgentRun {
  const status = statusOf(run.status);
  const waitingFor = pendingToolCalls(run);
  const awaited = new Set(waitingFor.map((c) => c.id));
  const answerFor = (id: string, output: string | null | undefined): Answer =>
    output != null && output !== '' ? { state: 'answered', output, itemId: null }
    : awaited.has(id) ? { state: 'awaiting' }
    : { state: 'unanswered' };
  const byId = new Map(messages.map((m) => [m.id, m]));
  const stepList = steps.map((step, i) => stepOf(step, i, byId, answerFor));
  const stepOfCall = (callId: string) =>
    stepList.find((st) => st.body.kind === 'toolCalls' && st.body.calls.some((c) => c.id === callId))?.id ?? null;
  const pending: PendingAction[] = waitingFor.map((call) => ({
    kind: 'toolOutput',
    call: 'function',
    callId: call.id,
    name: call.function?.name || call.type,
    arguments: call.function?.arguments ?? '',
    stepId: stepOfCall(call.id),
    state: 'awaiting',
  }));
  return {
    ref: { family: 'assistants', threadId: run.thread_id, runId: run.id },
    id: run.id,
    status,
    active: isActivePhase(status.phase),
    model: run.model ?? null,
    actor: run.assistant_id ? { kind: 'assistant', id: run.assistant_id } : null,
    container: { kind: 'thread', id: run.thread_id },
    previousId: null,
    cancel: cancelOf(status),
    times: timesOf(run, status),
    usage: usageOf(run.usage),
    problems: problemsOf(run),
    instructions: run.instructions ?? null,
    config: configOf(run),
    steps: stepList,
    inputs: null,
    pending,
    waiting: pending.length > 0,
    metadata: run.metadata ?? null,
    raw: run,
  };
}

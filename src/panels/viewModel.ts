// Builds what the run panel shows from the wire objects: explanations in words, the
// configuration with notes, pretty JSON, the timeline. Pure (no `vscode`), so it is
// unit-tested directly against recorded service bodies.
import { isActiveRun, pendingToolCalls, type Message, type Run, type RunStep, type ToolCall, type Usage } from '../api/schemas';
import type {
  AnnotationView,
  CallView,
  ConfigEntry,
  ContentView,
  MessageView,
  Notice,
  RunView,
  StatusKind,
  StepView,
  TimelineItemView,
  TimelineView,
  UsageView,
} from '../shared/protocol';
import { phaseTone, statusOf } from '../model/run';
import { formatLocalTime, prettyJsonText, runDurations, runFinish } from '../util/format';

/** The badge colour of a run or step status (one mapping, the model's, for both families). */
export function statusKindOf(status: string): StatusKind {
  return phaseTone(statusOf(status).phase);
}

export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function usageView(usage: Usage): UsageView | null {
  if (!usage) return null;
  return { prompt: usage.prompt_tokens ?? null, completion: usage.completion_tokens ?? null, total: usage.total_tokens ?? null };
}

const errorCodeWords: Record<string, string> = {
  server_error: 'the service had an internal error',
  rate_limit_exceeded: 'the rate limit or quota was exceeded',
  invalid_prompt: 'the prompt was rejected',
  invalid_request_error: 'the request was invalid',
};

const endSentence = (s: string) => (/[.!?…]$/.test(s) ? s : `${s}.`);

/** `last_error`, `incomplete_details`, expiry and cancellation, each in a sentence. */
export function runNotices(run: Run): Notice[] {
  const notices: Notice[] = [];
  if (run.last_error) {
    const code = run.last_error.code ?? '';
    const words = errorCodeWords[code];
    const message = run.last_error.message?.trim();
    const what = words ? `${words}${code ? ` (${code})` : ''}` : code || 'an error';
    notices.push({ kind: 'error', text: `${run.status === 'failed' ? 'Failed' : 'Error'}: ${what}${message ? ` — ${endSentence(message)}` : '.'}` });
  }
  const reason = run.incomplete_details?.reason;
  if (run.incomplete_details) {
    let text: string;
    if (reason === 'max_completion_tokens') {
      text =
        run.max_completion_tokens != null
          ? `Stopped: the completion hit max_completion_tokens (${run.max_completion_tokens}).`
          : "Stopped: the completion hit a token limit; the run set no max_completion_tokens, so the model's or service's own limit applied.";
    } else if (reason === 'max_prompt_tokens') {
      text =
        run.max_prompt_tokens != null
          ? `Stopped: the prompt exceeded max_prompt_tokens (${run.max_prompt_tokens}).`
          : "Stopped: the prompt exceeded a token limit; the run set no max_prompt_tokens, so the model's context window applied.";
    } else if (reason === 'content_filter') {
      text = 'Stopped: the content filter blocked the output.';
    } else {
      text = `Stopped before finishing${reason ? `: ${reason}` : ''}.`;
    }
    notices.push({ kind: 'warn', text });
  }
  if (run.status === 'expired') {
    notices.push({
      kind: 'error',
      text: `Expired${run.expires_at ? ` at ${formatLocalTime(run.expires_at)}` : ''}: ${run.required_action || run.expires_at ? 'tool outputs were not submitted in time' : 'the run did not finish in time'}.`,
    });
  }
  if (run.status === 'cancelled' && run.cancelled_at) notices.push({ kind: 'warn', text: `Cancelled at ${formatLocalTime(run.cancelled_at)}.` });
  if (run.status === 'cancelling') notices.push({ kind: 'info', text: 'Cancelling: the service is stopping the run.' });
  if (run.status === 'requires_action') {
    const calls = pendingToolCalls(run).length;
    notices.push({ kind: 'info', text: `Waiting for ${calls === 1 ? 'the output of 1 tool call' : `the outputs of ${calls} tool calls`}.` });
  }
  return notices;
}

const finishLabels: Record<string, string> = {
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  incomplete: 'Stopped',
};

/** When the run ended, labelled by its status (not by which `*_at` field is set). */
function finishOf(run: Run): { at: number | null; label: string } {
  const finish = runFinish(run);
  return { at: finish.at, label: (finish.status && finishLabels[finish.status]) || 'Finished' };
}

/** Everything the run was started with, with a note where a value explains the outcome. */
export function runConfig(run: Run): ConfigEntry[] {
  const r = run as Record<string, unknown>;
  const entries: ConfigEntry[] = [];
  const reason = run.incomplete_details?.reason;
  const add = (key: string, note?: string) => {
    if (!(key in r)) return;
    const value = r[key];
    // A null is a setting left to the service's default, not the word "null".
    if (value === null) entries.push({ key, value: '', unset: true, note: note ?? null });
    else entries.push({ key, value: typeof value === 'object' ? prettyJson(value) : String(value), note: note ?? null });
  };
  const tools = Array.isArray(run.tools) ? run.tools : [];
  const toolChoice = r.tool_choice;
  add('tools', tools.length ? undefined : 'No tools: the model could only answer with text.');
  add(
    'tool_choice',
    toolChoice === 'none' && tools.length
      ? 'Tools were disabled for this run although the assistant has some.'
      : toolChoice === 'required'
        ? 'The model had to call a tool before answering.'
        : undefined,
  );
  add('response_format');
  add('parallel_tool_calls', run.parallel_tool_calls === false ? 'The model could call at most one tool per step.' : undefined);
  add('temperature');
  add('top_p');
  const promptLimit = run.max_prompt_tokens;
  add(
    'max_prompt_tokens',
    reason === 'max_prompt_tokens'
      ? promptLimit != null
        ? `This limit (${promptLimit}) stopped the run (incomplete: max_prompt_tokens).`
        : "Not set: the run stopped at a prompt limit (incomplete: max_prompt_tokens), the model's context window."
      : undefined,
  );
  const completionLimit = run.max_completion_tokens;
  add(
    'max_completion_tokens',
    reason === 'max_completion_tokens'
      ? completionLimit != null
        ? `This limit (${completionLimit}) stopped the run (incomplete: max_completion_tokens)${completionLimit < 1000 ? '; it is low for a model answer' : ''}.`
        : "Not set: the run stopped at a completion limit (incomplete: max_completion_tokens) that the model or the service applies."
      : undefined,
  );
  const truncation = r.truncation_strategy as { type?: unknown; last_messages?: unknown } | null | undefined;
  add(
    'truncation_strategy',
    truncation?.type === 'last_messages' && typeof truncation.last_messages === 'number'
      ? `Only the last ${truncation.last_messages} message(s) of the thread were sent to the model.`
      : undefined,
  );
  add('tool_resources');
  add('metadata');
  return entries;
}

function functionName(call: { function?: { name?: string | null } | null }): string {
  return call.function?.name ?? '';
}

function callView(call: ToolCall, index: number): CallView {
  const base: CallView = { id: call.id ?? `#${index + 1}`, type: call.type, other: null };
  if (call.type === 'function' && call.function) {
    return {
      ...base,
      function: { name: functionName(call), arguments: prettyJsonText(call.function.arguments), output: call.function.output == null ? null : prettyJsonText(call.function.output) },
    };
  }
  if (call.type === 'code_interpreter' && call.code_interpreter) {
    const logs: string[] = [];
    const images: string[] = [];
    const other: string[] = [];
    for (const output of call.code_interpreter.outputs ?? []) {
      const o = output as { type: string; logs?: unknown; image?: { file_id?: unknown } };
      if (o.type === 'logs' && typeof o.logs === 'string') logs.push(o.logs);
      else if (o.type === 'image' && typeof o.image?.file_id === 'string') images.push(o.image.file_id);
      else other.push(prettyJson(output));
    }
    return { ...base, code: { input: call.code_interpreter.input ?? '', logs, images, other } };
  }
  if (call.type === 'file_search' && call.file_search) {
    const results = call.file_search.results ?? [];
    return {
      ...base,
      fileSearch: {
        ranking: call.file_search.ranking_options == null ? null : prettyJson(call.file_search.ranking_options),
        results: results.map((result) => ({
          fileId: result.file_id ?? '',
          fileName: result.file_name ?? '',
          score: result.score ?? null,
          chunks: (result.content ?? []).map((c) => c.text ?? '').filter((t) => t !== ''),
        })),
        contentMissing: results.length > 0 && results.every((result) => result.content == null),
      },
    };
  }
  const { id: _id, type: _type, ...rest } = call as Record<string, unknown>;
  return { ...base, other: prettyJson(rest) };
}

function stepEnd(step: RunStep): number | null {
  return step.completed_at ?? step.failed_at ?? step.cancelled_at ?? step.expired_at ?? null;
}

function messageText(message: Message | undefined): string | null {
  if (!message) return null;
  const texts = message.content.map((c) => c.text?.value).filter((t): t is string => typeof t === 'string');
  return texts.length ? texts.join('\n\n') : null;
}

function stepSummary(step: RunStep, calls: CallView[]): string {
  if (step.type === 'message_creation') return 'message';
  if (step.type === 'tool_calls') {
    if (!calls.length) return 'no tool calls yet';
    const names = calls.map((c) => (c.function ? c.function.name || 'function' : c.type));
    const shown = [...new Set(names)].slice(0, 4).join(', ');
    return `${calls.length} ${calls.length === 1 ? 'call' : 'calls'}: ${shown}${new Set(names).size > 4 ? ', …' : ''}`;
  }
  return step.type;
}

/** The views of `steps`, the first being the run's step number `offset + 1` (a long run is built a slice at a time). */
export function stepViews(steps: readonly RunStep[], messages: readonly Message[], nowMs = Date.now(), offset = 0): StepView[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  return steps.map((step, at) => {
    const i = offset + at;
    const details = step.step_details;
    const calls = step.type === 'tool_calls' ? (details.tool_calls ?? []).map(callView) : [];
    const known = step.type === 'tool_calls' || step.type === 'message_creation';
    const end = stepEnd(step);
    const messageId = details.message_creation?.message_id ?? undefined;
    const running = step.status === 'in_progress';
    const endOrNow = end ?? (running ? Math.floor(nowMs / 1000) : null);
    return {
      id: step.id,
      index: i + 1,
      type: step.type,
      status: step.status,
      statusKind: statusKindOf(step.status),
      summary: stepSummary(step, calls),
      createdAt: step.created_at ?? null,
      endedAt: end,
      durationSeconds: step.created_at && endOrNow !== null ? Math.max(0, endOrNow - step.created_at) : null,
      usage: usageView(step.usage),
      error: step.last_error ? `${step.last_error.code ?? 'error'}: ${step.last_error.message ?? ''}`.trim() : null,
      message: messageId ? { id: messageId, text: messageText(byId.get(messageId)) } : undefined,
      calls,
      other: known ? null : prettyJson(details),
    };
  });
}

function annotationView(a: Record<string, unknown>): AnnotationView {
  const get = (obj: unknown, key: string) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined);
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  const citation = get(a, 'file_citation') ?? get(a, 'file_path');
  const urlCitation = get(a, 'url_citation');
  return {
    type: String(a.type),
    text: s(a.text) ?? '',
    start: n(a.start_index),
    end: n(a.end_index),
    fileId: s(get(citation, 'file_id')),
    quote: s(get(citation, 'quote')),
    url: s(get(urlCitation, 'url')),
    title: s(get(urlCitation, 'title')),
  };
}

const detailOf = (image: Record<string, unknown>) => (typeof image.detail === 'string' ? image.detail : null);

export function messageViews(messages: readonly Message[]): MessageView[] {
  return messages.map((m) => ({
    id: m.id,
    role: m.role,
    status: m.status ?? null,
    createdAt: m.created_at ?? null,
    content: m.content.map((c): ContentView => {
      if (c.type === 'text' && c.text) {
        return { kind: 'text', text: c.text.value ?? '', annotations: (c.text.annotations ?? []).map((a) => annotationView(a as Record<string, unknown>)) };
      }
      if (c.type === 'image_file' && typeof c.image_file?.file_id === 'string') return { kind: 'image_file', fileId: c.image_file.file_id, detail: detailOf(c.image_file) };
      if (c.type === 'image_url' && typeof c.image_url?.url === 'string') return { kind: 'image_url', url: c.image_url.url, detail: detailOf(c.image_url) };
      return { kind: 'other', type: c.type, json: prettyJson(c) };
    }),
    attachments: (m.attachments ?? []).flatMap((a) => {
      const att = a as { file_id?: unknown; tools?: unknown };
      if (typeof att.file_id !== 'string') return [];
      const tools = Array.isArray(att.tools) ? att.tools.map((t) => String((t as { type?: unknown })?.type ?? t)) : [];
      return [{ fileId: att.file_id, tools }];
    }),
  }));
}

/**
 * The service reports whole seconds: a sentence when bars are drawn at the minimum width
 * or start within the same second (one rule for a run's steps and a chain's responses).
 */
export function resolutionNoteOf(items: readonly Pick<TimelineItemView, 'start' | 'end' | 'running'>[], noun: 'step' | 'response'): string | null {
  // A running bar ends "now": it has not taken anything yet.
  const instant = items.filter((i) => !i.running && i.start !== null && i.end !== null && i.end - i.start < 1).length;
  const starts = new Map<number, number>();
  for (const i of items) if (i.start !== null) starts.set(i.start, (starts.get(i.start) ?? 0) + 1);
  const crowded = Math.max(0, ...starts.values());
  if (!instant && crowded < 2) return null;
  const parts: string[] = [];
  if (instant) parts.push(`${instant} of ${items.length} ${noun}${items.length === 1 ? '' : 's'} took under a second and ${instant === 1 ? 'is' : 'are'} drawn at the minimum width`);
  if (crowded > 1) parts.push(`up to ${crowded} ${noun}s started within the same second`);
  return `The service reports whole seconds: ${parts.join('; ')}, so their order and length can't be told apart here.`;
}

/** The waterfall: each step's span within the run's lifetime (whole seconds). */
export function timelineOf(run: Run, steps: readonly StepView[], nowMs = Date.now()): TimelineView | null {
  if (!steps.length) return null;
  const now = Math.floor(nowMs / 1000);
  const items = steps.map((s): TimelineItemView & { start: number; end: number } => {
    const running = s.status === 'in_progress';
    const start = s.createdAt ?? run.created_at ?? now;
    const end = s.endedAt ?? (running ? now : start);
    return { id: s.id, tag: `#${s.index}`, label: s.summary, status: s.status, statusKind: s.statusKind, start, end: Math.max(start, end), running };
  });
  const start = Math.min(run.created_at ?? Infinity, ...items.map((i) => i.start));
  const finish = finishOf(run).at ?? (isActiveRun(run) ? now : null);
  const end = Math.max(finish ?? 0, ...items.map((i) => i.end), start + 1);
  return { start, end, items, resolutionNote: resolutionNoteOf(items, 'step') };
}

export interface RunViewInput {
  run: Run;
  steps: readonly RunStep[];
  messages: readonly Message[];
  stepsError?: string;
  messagesError?: string;
  nowMs?: number;
  /** The steps' views, already built (a slice at a time, by the panel), for `steps`. */
  stepRows?: StepView[];
}

export function buildRunView({ run, steps, messages, stepsError, messagesError, nowMs = Date.now(), stepRows }: RunViewInput): RunView {
  const finish = finishOf(run);
  const active = isActiveRun(run);
  const durations = runDurations(run, active, Math.floor(nowMs / 1000) * 1000);
  const stepList = stepRows ?? stepViews(steps, messages, nowMs);
  // The countdown speaks of tool outputs, so it is shown only while the run waits for them.
  const canExpire = run.status === 'requires_action';
  return {
    id: run.id,
    threadId: run.thread_id,
    // Azure's SDKs name it agent_id.
    assistantId: run.assistant_id ?? (typeof run.agent_id === 'string' ? run.agent_id : null),
    status: run.status,
    statusKind: statusKindOf(run.status),
    active,
    model: run.model ?? null,
    createdAt: run.created_at ?? null,
    startedAt: run.started_at ?? null,
    finishedAt: finish.at,
    finishedLabel: finish.label,
    durationSeconds: durations.life ?? null,
    lastSegmentSeconds: durations.lastSegment ?? null,
    usage: usageView(run.usage),
    expiresAt: canExpire ? (run.expires_at ?? null) : null,
    notices: runNotices(run),
    instructions: run.instructions ?? null,
    config: runConfig(run),
    pendingCalls: pendingToolCalls(run).map((call) => ({
      id: call.id,
      type: call.type,
      name: functionName(call) || call.type,
      arguments: prettyJsonText(call.function?.arguments ?? ''),
    })),
    steps: stepList,
    stepsError: stepsError ?? null,
    messages: messageViews(messages),
    messagesError: messagesError ?? null,
    timeline: timelineOf(run, stepList, nowMs),
  };
}

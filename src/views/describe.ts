// What each tree row says, as plain data (no vscode import, so it is unit-tested).
// Every string from the service is untrusted: rows show it as text, tooltips escape it.
import type { Message, Run, RunStep, Thread, ToolCall, Usage } from '../api/schemas';
import { elapsed, formatAge, formatDuration, formatLocalTime, formatTokens, oneLine, prettyJsonText, runDurations, runFinish } from '../util/format';

export interface Look {
  /** Codicon id, e.g. "pass" or "sync~spin". */
  icon: string;
  /** Theme colour id, e.g. "testing.iconPassed". */
  color?: string;
}

export interface RowText {
  label: string;
  description: string;
  look: Look;
  /** Tooltip rows: [name, value] pairs shown as a table; values are untrusted text. */
  details: [string, string][];
  /** Optional block (error, argument JSON) shown under the details as a code block. */
  block?: { title: string; text: string; language?: string };
}

const runLooks: Record<string, Look> = {
  queued: { icon: 'clock', color: 'charts.blue' },
  in_progress: { icon: 'sync~spin', color: 'charts.blue' },
  requires_action: { icon: 'warning', color: 'charts.yellow' },
  cancelling: { icon: 'loading~spin', color: 'charts.orange' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  completed: { icon: 'pass', color: 'testing.iconPassed' },
  incomplete: { icon: 'issues', color: 'charts.orange' },
  expired: { icon: 'watch', color: 'disabledForeground' },
};

const stepLooks: Record<string, Look> = {
  in_progress: { icon: 'sync~spin', color: 'charts.blue' },
  completed: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  expired: { icon: 'watch', color: 'disabledForeground' },
};

export function runLook(status: string): Look {
  return runLooks[status] ?? { icon: 'question' };
}

export function stepLook(status: string): Look {
  return stepLooks[status] ?? { icon: 'question' };
}

function usageText(usage: Usage): string {
  if (!usage) return '—';
  return `${usage.prompt_tokens ?? '?'} prompt + ${usage.completion_tokens ?? '?'} completion = ${usage.total_tokens ?? '?'} tokens`;
}

function durationOf(start: number | null | undefined, end: number | null | undefined, running: boolean, nowMs: number): string {
  const seconds = elapsed(start, end ?? (running ? undefined : start), nowMs);
  return seconds === undefined ? '' : formatDuration(seconds);
}

/** A name the thread's metadata gives it (`name` or `title`), if any. */
export function threadName(thread: Thread | undefined): string | undefined {
  const metadata = thread?.metadata as Record<string, unknown> | null | undefined;
  for (const field of ['name', 'title']) {
    const value = metadata?.[field];
    if (typeof value === 'string' && value.trim()) return oneLine(value, 80);
  }
  return undefined;
}

/**
 * A thread row is labelled by what a person recognises — its metadata name, else its
 * first message — with the id as the description (and in the tooltip); the id is the
 * label only until one of those is known, or when the thread is gone.
 */
export function describeThread(threadId: string, thread: Thread | undefined, preview: string | undefined, gone: boolean, nowMs = Date.now()): RowText {
  const name = gone ? undefined : (threadName(thread) ?? (preview ? oneLine(preview, 80) : undefined));
  const parts: string[] = [];
  if (gone) parts.push('not found on the service');
  else {
    if (name) parts.push(threadId);
    const age = formatAge(thread?.created_at, nowMs);
    if (age) parts.push(age);
    if (preview === '' && !name) parts.push('no messages');
  }
  const details: [string, string][] = [
    ['Thread', threadId],
    ['Created', formatLocalTime(thread?.created_at)],
  ];
  const metadata = thread?.metadata && Object.keys(thread.metadata).length ? JSON.stringify(thread.metadata) : undefined;
  if (metadata) details.push(['Metadata', oneLine(metadata, 200)]);
  if (preview) details.push(['First message', oneLine(preview, 200)]);
  return {
    label: name ?? threadId,
    description: parts.join(' · '),
    look: gone ? { icon: 'circle-slash', color: 'disabledForeground' } : { icon: 'comment-discussion' },
    details,
  };
}

/** Words for the API's step and tool-call types (unknown ones are shown as they come). */
const typeWords: Record<string, string> = {
  tool_calls: 'Tool calls',
  message_creation: 'Message',
  code_interpreter: 'Code interpreter',
  file_search: 'File search',
  function: 'Function',
};

export function typeWord(type: string): string {
  return typeWords[type] ?? type;
}

export function describeRun(run: Run, nowMs = Date.now()): RowText {
  const running = run.status === 'queued' || run.status === 'in_progress' || run.status === 'requires_action' || run.status === 'cancelling';
  // The run's whole life (created → finished, or → now): a run resumed after tool outputs
  // has a later started_at, which would make it look shorter than it was.
  const { life } = runDurations(run, running, nowMs);
  const duration = life === undefined ? '' : formatDuration(life);
  const tokens = formatTokens(run.usage?.total_tokens);
  const description = [run.status, run.model ? oneLine(run.model, 40) : '', duration, tokens].filter(Boolean).join(' · ');
  const details: [string, string][] = [
    ['Run', run.id],
    ['Thread', run.thread_id],
    ['Assistant', run.assistant_id ?? '—'],
    ['Status', run.status],
    ['Model', run.model ?? '—'],
    ['Created', formatLocalTime(run.created_at)],
    ['Started', formatLocalTime(run.started_at)],
    ['Finished', formatLocalTime(runFinish(run).at)],
    ['Usage', usageText(run.usage)],
  ];
  if (run.status === 'requires_action' && run.expires_at) details.push(['Expires', formatLocalTime(run.expires_at)]);
  const calls = run.required_action?.submit_tool_outputs?.tool_calls;
  if (run.status === 'requires_action' && calls?.length) details.push(['Waiting for', calls.map((c) => c.function?.name ?? c.type).join(', ')]);
  if (run.incomplete_details?.reason) details.push(['Incomplete', run.incomplete_details.reason]);
  const block = run.last_error
    ? { title: 'Last error', text: `${run.last_error.code ?? 'error'}: ${run.last_error.message ?? ''}` }
    : undefined;
  // The whole id: VS Code cuts the label to the side bar's width, never shorter.
  return { label: run.id, description, look: runLook(run.status), details, block };
}

export function toolCallCount(step: RunStep): number {
  return step.step_details.tool_calls?.length ?? 0;
}

export function describeStep(step: RunStep, nowMs = Date.now()): RowText {
  const end = step.completed_at ?? step.failed_at ?? step.cancelled_at ?? step.expired_at;
  const duration = durationOf(step.created_at, end, step.status === 'in_progress', nowMs);
  const count = toolCallCount(step);
  const parts = [
    step.type === 'tool_calls' ? `${count} call${count === 1 ? '' : 's'}` : '',
    step.status,
    duration,
    formatTokens(step.usage?.total_tokens),
  ].filter(Boolean);
  const details: [string, string][] = [
    ['Step', step.id],
    ['Type', step.type],
    ['Status', step.status],
    ['Created', formatLocalTime(step.created_at)],
    ['Finished', formatLocalTime(end)],
    ['Usage', usageText(step.usage)],
  ];
  const messageId = step.step_details.message_creation?.message_id;
  if (messageId) details.push(['Message', messageId]);
  const block = step.last_error ? { title: 'Last error', text: `${step.last_error.code ?? 'error'}: ${step.last_error.message ?? ''}` } : undefined;
  return { label: typeWord(step.type), description: parts.join(' · '), look: stepLook(step.status), details, block };
}

/** A short, single-line preview of a JSON string (arguments, outputs). */
export function previewJson(text: string | null | undefined, max = 40): string {
  if (text === null || text === undefined) return '';
  try {
    return oneLine(JSON.stringify(JSON.parse(text)), max);
  } catch {
    return oneLine(text, max);
  }
}

export function describeToolCall(call: ToolCall, awaitingOutput: boolean): RowText {
  const details: [string, string][] = [['Call', call.id ?? '—'], ['Type', call.type]];
  switch (call.type) {
    case 'function': {
      const fn = call.function;
      const output = fn?.output;
      const result = output === null || output === undefined || output === '' ? (awaitingOutput ? 'awaiting output' : 'no output') : previewJson(output, 30);
      details.push(['Function', fn?.name ?? '—']);
      return {
        label: fn?.name ?? 'function',
        description: `${previewJson(fn?.arguments, 40)} → ${result}`,
        look: { icon: 'symbol-function', color: output ? undefined : awaitingOutput ? 'charts.yellow' : undefined },
        details,
        block: { title: 'Arguments', text: prettyJsonText(fn?.arguments), language: 'json' },
      };
    }
    case 'code_interpreter': {
      const ci = call.code_interpreter;
      const outputs = ci?.outputs ?? [];
      const kinds = outputs.map((o) => o.type).join(', ');
      return {
        label: typeWord('code_interpreter'),
        description: `${oneLine(ci?.input ?? '', 36)}${outputs.length ? ` → ${outputs.length} output${outputs.length === 1 ? '' : 's'} (${kinds})` : ''}`,
        look: { icon: 'terminal' },
        details,
        block: ci?.input ? { title: 'Input', text: ci.input, language: 'python' } : undefined,
      };
    }
    case 'file_search': {
      const results = call.file_search?.results ?? [];
      const top = results[0];
      return {
        label: typeWord('file_search'),
        description: `${results.length} result${results.length === 1 ? '' : 's'}${top ? ` · top: ${oneLine(top.file_name ?? top.file_id ?? '', 30)}${typeof top.score === 'number' ? ` (${top.score.toFixed(2)})` : ''}` : ''}`,
        look: { icon: 'search' },
        details,
      };
    }
    default:
      return { label: typeWord(call.type), description: 'open as JSON to see details', look: { icon: 'json' }, details };
  }
}

export function messageText(message: Message): string {
  return message.content
    .map((part) => {
      if (part.type === 'text') return part.text?.value ?? '';
      if (part.type === 'image_file') return `[image ${part.image_file?.file_id ?? ''}]`;
      if (part.type === 'image_url') return `[image ${part.image_url?.url ?? ''}]`;
      return `[${part.type}]`;
    })
    .join(' ');
}

export function describeMessage(message: Message, nowMs = Date.now()): RowText {
  return {
    label: message.role,
    description: [oneLine(messageText(message), 60) || 'no text', formatAge(message.created_at, nowMs)].filter(Boolean).join(' · '),
    look: { icon: message.role === 'user' ? 'account' : message.role === 'assistant' ? 'hubot' : 'comment' },
    details: [
      ['Message', message.id],
      ['Role', message.role],
      ['Run', message.run_id ?? '—'],
      ['Created', formatLocalTime(message.created_at)],
    ],
    block: { title: 'Text', text: messageText(message).slice(0, 2000) },
  };
}

// What the tree rows of the Responses family say, from the shared model (src/model/run.ts):
// a response, one of its items, a conversation. Plain data, no `vscode` (unit-tested).
// Labels say what a person recognises from what is already loaded — never an extra
// request per row — with ids in the description and the tooltip.
import type { Conversation, ResponseItem } from '../api/responses/schemas';
import { stepsFromItems } from '../model/responses';
import { durationOf, type AgentRun, type Answer, type Call, type ContentPart, type Moment, type Step } from '../model/run';
import { approvalText, usageText } from '../model/runText';
import { formatAge, formatDuration, formatLocalTime, formatTokens, oneLine, prettyJsonText } from '../util/format';
import { previewJson, runLook, type Look, type RowText } from './describe';
import type { CapturedSummary } from '../capture/idScanner';

const at = (moment: Moment): number | undefined => (moment.kind === 'at' ? moment.seconds : undefined);

function momentText(moment: Moment): string {
  switch (moment.kind) {
    case 'at':
      return formatLocalTime(moment.seconds);
    case 'notYet':
      return '—';
    case 'notReported':
      return 'not reported';
  }
}

/** The text of content parts on one line (images and files as short markers). */
export function contentText(parts: readonly ContentPart[] | null): string {
  if (!parts) return '';
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'text':
        case 'refusal':
          return part.text;
        case 'image':
          return '[image]';
        case 'file':
          return `[file ${part.filename ?? part.fileId ?? ''}]`.replace(' ]', ']');
        case 'other':
          return `[${part.type}]`;
      }
    })
    .filter(Boolean)
    .join(' ');
}

/** The first text the model answered with, if it answered with a message. */
export function firstOutputText(run: AgentRun): string | undefined {
  for (const step of run.steps) {
    if (step.body.kind === 'message' && step.body.role === 'assistant') {
      const text = contentText(step.body.content).trim();
      if (text) return text;
    }
  }
  return undefined;
}

/** Who answered: the Foundry agent (name and version), else the model. */
export function actorText(run: AgentRun): string | undefined {
  if (run.actor?.kind === 'agent') return run.actor.version ? `${run.actor.name} v${run.actor.version}` : run.actor.name;
  if (run.actor?.kind === 'assistant') return run.actor.id;
  return run.model ?? undefined;
}

const statusWords: Record<string, string> = {
  queued: 'queued',
  in_progress: 'in progress',
  completed: 'completed',
  incomplete: 'incomplete',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The response's state in words: "in progress", "awaiting output", "cancelled". */
export function statusText(run: AgentRun): string {
  if (run.waiting) return run.pending.some((p) => p.kind === 'approval') ? 'awaiting approval' : 'awaiting output';
  return statusWords[run.status.wire] ?? (run.status.wire || 'unknown status');
}

function durationText(run: AgentRun, nowMs: number): string {
  const duration = durationOf(run.times, run.active);
  switch (duration.kind) {
    case 'seconds':
      return formatDuration(duration.seconds);
    case 'running':
      return formatDuration(Math.max(0, nowMs / 1000 - duration.since));
    case 'notReported':
      return '';
  }
}

/**
 * A response row: its first output text once it is known, else who answered and when;
 * status, duration, tokens and the id in the description.
 */
export function describeResponse(run: AgentRun, nowMs = Date.now()): RowText {
  const text = firstOutputText(run);
  const who = actorText(run);
  const created = at(run.times.created);
  const fallback = [who, created ? formatLocalTime(created) : ''].filter(Boolean).join(' · ');
  const label = text ? oneLine(text, 80) : fallback || run.id;
  const description = [statusText(run), text ? (who ? oneLine(who, 40) : '') : '', durationText(run, nowMs), formatTokens(run.usage?.total), run.id]
    .filter(Boolean)
    .join(' · ');
  const details: [string, string][] = [
    ['Response', run.id],
    ['Status', run.status.wire || '—'],
    [run.actor?.kind === 'agent' ? 'Agent' : 'Model', who ?? '—'],
  ];
  if (run.container) details.push(['Conversation', run.container.id]);
  if (run.previousId) details.push(['Previous response', run.previousId]);
  details.push(['Created', momentText(run.times.created)], ['Finished', momentText(run.times.finished)], ['Usage', usageText(run.usage)]);
  const awaiting = run.pending.filter((p) => p.state === 'awaiting');
  if (awaiting.length) details.push(['Waiting for', awaiting.map((p) => p.name).join(', ')]);
  const problem = run.problems.find((p) => p.kind === 'error' || p.kind === 'incomplete');
  let block: RowText['block'];
  if (problem?.kind === 'error') block = { title: 'Error', text: `${problem.code ?? 'error'}: ${problem.message ?? ''}` };
  else if (problem?.kind === 'incomplete') block = { title: 'Incomplete', text: problem.reason ?? 'no reason given' };
  const look: Look = run.waiting ? { icon: 'warning', color: 'charts.yellow' } : runLook(run.status.wire);
  return { label, description, look, details, block };
}

function answerText(answer: Answer): string {
  switch (answer.state) {
    case 'answered':
      return typeof answer.output === 'string' ? previewJson(answer.output, 30) : previewJson(JSON.stringify(answer.output), 30);
    case 'awaiting':
      return 'awaiting output';
    case 'noAnswerSeen':
      return 'no answer seen';
    case 'unanswered':
      return 'no output';
  }
}

const waitingLook = (state: string): Look | undefined => (state === 'awaiting' ? { icon: 'warning', color: 'charts.yellow' } : undefined);

function describeCall(call: Call): Omit<RowText, 'details'> & { details?: [string, string][] } {
  switch (call.kind) {
    case 'function':
      return {
        label: call.name || 'function',
        description: `${previewJson(call.arguments, 40)} → ${answerText(call.answer)}`,
        look: waitingLook(call.answer.state) ?? { icon: 'symbol-function' },
        details: [['Call', call.id]],
        block: { title: 'Arguments', text: prettyJsonText(call.arguments), language: 'json' },
      };
    case 'custom':
      return {
        label: call.name || 'custom tool',
        description: `${oneLine(call.input, 40)} → ${answerText(call.answer)}`,
        look: waitingLook(call.answer.state) ?? { icon: 'tools' },
        details: [['Call', call.id]],
        block: { title: 'Input', text: call.input },
      };
    case 'mcp':
      return {
        label: [call.serverLabel, call.name].filter(Boolean).join(' · ') || 'MCP call',
        description: call.error ? `error: ${previewJson(JSON.stringify(call.error), 40)}` : `${previewJson(call.arguments, 30)} → ${previewJson(call.output, 30) || 'no output'}`,
        look: call.error ? { icon: 'error', color: 'testing.iconFailed' } : { icon: 'plug' },
        details: [['MCP server', call.serverLabel ?? '—'], ['Tool', call.name]],
        block: { title: 'Arguments', text: prettyJsonText(call.arguments), language: 'json' },
      };
    case 'codeInterpreter': {
      const outputs = call.outputs;
      return {
        label: 'Code interpreter',
        description: `${oneLine(call.code, 36)}${outputs === null ? '' : ` → ${outputs.length} output${outputs.length === 1 ? '' : 's'}`}`,
        look: { icon: 'terminal' },
        block: call.code ? { title: 'Code', text: call.code, language: 'python' } : undefined,
      };
    }
    case 'fileSearch': {
      const results = call.results;
      return {
        label: 'File search',
        description: [call.queries.map((q) => oneLine(q, 30)).join(', '), results === null ? '' : `${results.length} result${results.length === 1 ? '' : 's'}`].filter(Boolean).join(' · '),
        look: { icon: 'search' },
      };
    }
    case 'webSearch':
      return {
        label: 'Web search',
        description: [call.action?.queries.map((q) => oneLine(q, 30)).join(', ') || call.action?.url || call.action?.type || '', call.sources.length ? `${call.sources.length} sources` : '']
          .filter(Boolean)
          .join(' · '),
        look: { icon: 'globe' },
      };
    case 'imageGeneration':
      return { label: 'Image generation', description: call.revisedPrompt ? oneLine(call.revisedPrompt, 50) : call.imageBase64 ? 'image' : 'no image', look: { icon: 'file-media' } };
    case 'computer':
      return { label: 'Computer use', description: `${call.actions.length} action${call.actions.length === 1 ? '' : 's'} → ${answerText(call.answer)}`, look: waitingLook(call.answer.state) ?? { icon: 'vm' } };
    case 'shell':
      return { label: 'Shell', description: `${oneLine(call.commands.join(' && '), 40)} → ${answerText(call.answer)}`, look: waitingLook(call.answer.state) ?? { icon: 'terminal' } };
    case 'localShell':
      return { label: 'Local shell', description: `${oneLine(call.command.join(' '), 40)} → ${answerText(call.answer)}`, look: waitingLook(call.answer.state) ?? { icon: 'terminal' } };
    case 'applyPatch':
      return {
        label: 'Apply patch',
        description: `${[call.operation?.type, call.operation?.path].filter(Boolean).join(' ')} → ${answerText(call.answer)}`,
        look: waitingLook(call.answer.state) ?? { icon: 'diff' },
      };
    case 'other':
      return { label: call.type, description: 'open as JSON to see details', look: { icon: 'json' } };
  }
}

/** One item of a response's output (or of a conversation, or an input item). */
export function describeItem(step: Step): RowText {
  const details: [string, string][] = [
    ['Item', step.id],
    ['Type', step.type],
  ];
  if (step.status) details.push(['Status', step.status.wire]);
  if (step.createdBy?.agent?.kind === 'agent') details.push(['Created by', step.createdBy.agent.name]);
  if (step.createdBy?.responseId) details.push(['Response', step.createdBy.responseId]);
  const body = step.body;
  switch (body.kind) {
    case 'message': {
      const text = contentText(body.content);
      return {
        label: body.role,
        description: oneLine(text, 60) || 'no text',
        look: { icon: body.role === 'user' ? 'account' : body.role === 'assistant' ? 'hubot' : 'comment' },
        details,
        block: text ? { title: 'Text', text: text.slice(0, 2000) } : undefined,
      };
    }
    case 'toolCalls':
      return { label: 'Tool calls', description: `${body.calls.length} calls`, look: { icon: 'tools' }, details };
    case 'call': {
      const row = describeCall(body.call);
      return { ...row, details: [...details, ...(row.details ?? [])] };
    }
    case 'callOutput': {
      const output = typeof body.output === 'string' ? body.output : JSON.stringify(body.output);
      return {
        label: 'Output',
        description: `${body.callId} → ${previewJson(output, 40)}`,
        look: { icon: 'reply' },
        details: [...details, ['Call', body.callId]],
        block: { title: 'Output', text: prettyJsonText(output ?? ''), language: 'json' },
      };
    }
    case 'reasoning': {
      const summary = body.summary.join(' ');
      return {
        label: 'Reasoning',
        description: oneLine(summary, 60) || (body.encrypted ? 'encrypted' : 'no summary'),
        look: { icon: 'lightbulb' },
        details,
        block: summary ? { title: 'Summary', text: summary.slice(0, 2000) } : undefined,
      };
    }
    case 'mcpListTools':
      return {
        label: 'MCP tools',
        description: [body.serverLabel, `${body.tools.length} tool${body.tools.length === 1 ? '' : 's'}`, body.error ? 'error' : ''].filter(Boolean).join(' · '),
        look: { icon: 'list-unordered' },
        details,
      };
    case 'approvalRequest':
      return {
        label: `Approve ${body.name || 'MCP call'}?`,
        description: [body.serverLabel, approvalText(body.answer, (reason) => oneLine(reason, 30))].filter(Boolean).join(' · '),
        look: waitingLook(body.answer.state) ?? { icon: 'shield' },
        details: [...details, ['Approval request', body.approvalRequestId]],
        block: { title: 'Arguments', text: prettyJsonText(body.arguments), language: 'json' },
      };
    case 'approvalResponse':
      return {
        label: body.approve ? 'Approved' : 'Denied',
        description: [body.approvalRequestId, body.reason ? oneLine(body.reason, 40) : ''].filter(Boolean).join(' · '),
        look: { icon: body.approve ? 'check' : 'circle-slash' },
        details,
      };
    case 'compaction':
      return { label: 'Compaction', description: body.encrypted ? 'encrypted summary of earlier items' : 'summary of earlier items', look: { icon: 'fold' }, details };
    case 'reference':
      return { label: 'Item reference', description: body.itemId, look: { icon: 'references' }, details };
    case 'structuredOutputs':
      return { label: 'Structured output', description: previewJson(JSON.stringify(body.output), 60), look: { icon: 'json' }, details };
    case 'workflowAction':
      return { label: 'Workflow action', description: [body.actionKind, body.actionId].filter(Boolean).join(' · '), look: { icon: 'type-hierarchy' }, details };
    case 'memorySearch':
      return { label: 'Memory search', description: body.results === null ? '' : `${body.results.length} results`, look: { icon: 'search' }, details };
    case 'consentRequest':
      return { label: 'Consent request', description: body.serverLabel ?? '', look: { icon: 'shield' }, details };
    case 'unknown':
      return { label: body.type || 'item', description: body.problem ?? 'open as JSON to see details', look: { icon: 'json' }, details };
  }
}

/** A name the conversation's metadata gives it (`name`, `title`, `topic`), if any. */
export function conversationName(conversation: Conversation | undefined): string | undefined {
  const metadata = conversation?.metadata as Record<string, unknown> | null | undefined;
  for (const field of ['name', 'title', 'topic']) {
    const value = metadata?.[field];
    if (typeof value === 'string' && value.trim()) return oneLine(value, 80);
  }
  return undefined;
}

/** The first message text among loaded items (the user's first, else any), if loaded. */
export function firstItemText(items: readonly ResponseItem[] | undefined): string | undefined {
  if (!items?.length) return undefined;
  const steps = stepsFromItems(items.slice(0, 20), true);
  const messages = steps.filter((s) => s.body.kind === 'message');
  const first = messages.find((s) => s.body.kind === 'message' && s.body.role === 'user') ?? messages[0];
  const text = first?.body.kind === 'message' ? contentText(first.body.content).trim() : '';
  return text || undefined;
}

/** A conversation row: its metadata name, else its first message once items are loaded, else its id. */
export function describeConversation(conversationId: string, conversation: Conversation | undefined, firstText: string | undefined, gone: boolean, nowMs = Date.now()): RowText {
  const name = gone ? undefined : (conversationName(conversation) ?? (firstText ? oneLine(firstText, 80) : undefined));
  const parts: string[] = [];
  if (gone) parts.push('not found on the service');
  else {
    if (name) parts.push(conversationId);
    const age = formatAge(conversation?.created_at, nowMs);
    if (age) parts.push(age);
  }
  const details: [string, string][] = [
    ['Conversation', conversationId],
    ['Created', formatLocalTime(conversation?.created_at)],
  ];
  const metadata = conversation?.metadata && Object.keys(conversation.metadata).length ? JSON.stringify(conversation.metadata) : undefined;
  if (metadata) details.push(['Metadata', oneLine(metadata, 200)]);
  if (firstText) details.push(['First message', oneLine(firstText, 200)]);
  return {
    label: name ?? conversationId,
    description: parts.join(' · '),
    look: gone ? { icon: 'circle-slash', color: 'disabledForeground' } : { icon: 'comment-discussion' },
    details,
  };
}

/**
 * A captured response the connection cannot read back (the service answers 404 to its
 * credentials): what the app was answered, as the proxy saw it, and why nothing more.
 */
export function describeCapturedSummary(summary: CapturedSummary): RowText {
  const usage = summary.usage && typeof summary.usage === 'object' ? (summary.usage as Record<string, unknown>) : undefined;
  const total = typeof usage?.total_tokens === 'number' ? usage.total_tokens : undefined;
  const calls = summary.calls.map((c) => c.name ?? c.type);
  const description = [summary.status, summary.model, formatTokens(total), calls.length ? `ended with ${calls.join(', ')}` : '', 'not readable with this connection'].filter(Boolean).join(' · ');
  const details: [string, string][] = [
    ['Response', summary.id],
    ['Status (as the app saw it)', summary.status ?? '—'],
    ['Model', summary.model ?? '—'],
    ['Usage', usage ? Object.entries(usage).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${String(v)}`).join(', ') || '—' : '—'],
  ];
  if (summary.calls.length) details.push(['Ended with', summary.calls.map((c) => (c.callId ? `${c.name ?? c.type} (${c.callId})` : c.name ?? c.type)).join(', ')]);
  details.push(['Why', 'The service answers 404 to this connection for it: it was created with store: false (never stored), or with another project\'s key. This is what capture saw on its way to your app.']);
  return { label: summary.id, description, look: { icon: 'eye', color: 'disabledForeground' }, details };
}

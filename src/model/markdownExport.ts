// A thread or a conversation as Markdown to paste into an issue: messages, tool calls with
// their arguments and outputs, errors, in order. Everything the service sent is untrusted:
// prose is escaped (no link, image, heading or HTML can come from it), code and JSON sit
// in fences longer than any backtick run inside, and nothing is emitted as raw HTML.
// Credentials never reach the text: values under credential keys and MCP headers, bearer
// tokens, keys the extension knows (util/redact) and a base URL's user and query read
// `[redacted]`. Long values are cut, saying how much. Pure: made from the exports'
// documents through the model's two adapters.
import type { Message } from '../api/schemas';
import type { ConversationExport } from '../store/conversationExport';
import type { ThreadExport } from '../store/threadExport';
import { oneLine } from '../util/format';
import { redact } from '../util/redact';
import { fromAssistantsRun, messageContentOf } from './assistants';
import { fromResponse, stepsFromItems } from './responses';
import { answeredCallIds, callsOf, type AgentRun, type Answer, type Call, type ContentPart, type Moment, type Problem, type Step } from './run';
import { escapeInline, escapeLine, fence, longestTicks } from './markdownText';
import { approvalText, usageText } from './runText';
import { record, str } from './wireValues';

/** The longest value shown whole (message text, arguments, an output); file-search chunks are cut sooner. */
export const maxValueChars = 4000;
const maxChunkChars = 1000;
const redactedMark = '[redacted]';

// ── credentials ─────────────────────────────────────────────────────────────

/** Keys whose values are credentials wherever they stand in the service's JSON. */
const credentialKey = /^(?:(?:proxy-)?authorization|x-api-key|api[-_]?key|(?:ocp-apim-)?subscription[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|client[-_]?secret|password|secret)$/i;

/** `value` with every credential replaced; an MCP tool's `headers` keep their names only. */
function withoutCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCredentials);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key.toLowerCase() === 'headers' && inner && typeof inner === 'object') return [key, Object.fromEntries(Object.keys(inner).map((name) => [name, redactedMark]))];
      // A credential is a value; an object under such a name (a tool's schema of a `password` parameter) is looked into.
      if (credentialKey.test(key) && (typeof inner === 'string' || typeof inner === 'number') && inner !== '') return [key, redactedMark];
      return [key, withoutCredentials(inner)];
    }),
  );
}

/** A connection's base URL without its user, password or query (where keys may ride). */
function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username || parsed.password ? `${redactedMark}@` : '';
    const query = parsed.search ? `?${redactedMark}` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}${query}`;
  } catch {
    return url.replace(/\/\/[^/@]*@/, `//${redactedMark}@`).replace(/\?.*$/, `?${redactedMark}`);
  }
}

// ── text from the service, made safe ────────────────────────────────────────

/** Credentials out, inline images shortened, at most `max` characters. */
function shown(text: string, max = maxValueChars): string {
  const safe = redact(text, redactedMark).replace(
    /data:([\w.+/-]+);base64,[A-Za-z0-9+/=]{200,}/g,
    (whole, type: string) => `data:${type};base64,… (${whole.length.toLocaleString('en-US')} characters not shown)`,
  );
  return safe.length > max ? `${safe.slice(0, max)}\n… (${(safe.length - max).toLocaleString('en-US')} more characters not shown)` : safe;
}

/** A short value on one line (a reason, a role, a query). */
function inline(text: string, max = 300): string {
  return escapeLine(oneLine(redact(text, redactedMark), max)) || '—';
}

/** Prose (a message, a summary) as a quote, escaped line by line, its line breaks kept. */
function quote(text: string): string {
  const lines = shown(text).split(/\r\n|\r|\n/);
  return lines
    .map((line, i) => (line.trim() ? `> ${escapeLine(line)}${lines[i + 1]?.trim() ? '\\' : ''}` : '>'))
    .join('\n');
}

/** An id or a name as inline code. */
function code(text: string | null | undefined): string {
  const value = text ? oneLine(redact(text, redactedMark), 200) : '';
  if (!value) return '—';
  const ticks = '`'.repeat(longestTicks(value) + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${value}${pad}${ticks}`;
}

/** A fenced block that nothing inside can close. */
function fenced(text: string, language = '', max = maxValueChars): string {
  return fence(shown(text, max), language);
}

/** JSON text pretty-printed (credentials out) when it parses; other text as it came. */
function valueBlock(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return fenced(JSON.stringify(withoutCredentials(JSON.parse(value)), null, 2), 'json');
    } catch {
      return fenced(value, 'text');
    }
  }
  return fenced(JSON.stringify(withoutCredentials(value), null, 2) ?? String(value), 'json');
}

const labelled = (label: string, block: string) => [`${label}:`, block];

const timeText = (seconds: number | null | undefined) => (typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : '—');
const momentText = (moment: Moment) => (moment.kind === 'at' ? timeText(moment.seconds) : moment.kind === 'notYet' ? '—' : 'not reported');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ── the pieces ──────────────────────────────────────────────────────────────

function partBlocks(parts: readonly ContentPart[] | null): string[] {
  if (!parts) return ['(message not loaded)'];
  if (!parts.length) return ['(no content)'];
  return parts.flatMap((part) => {
    switch (part.kind) {
      case 'text':
        return [part.text.trim() ? quote(part.text) : '(empty text)'];
      case 'refusal':
        return ['Refusal:', quote(part.text)];
      case 'image':
        return [`Image ${code(part.fileId ?? part.url)}`];
      case 'file':
        return [`File ${code(part.filename ?? part.fileId ?? part.url)}${part.filename && part.fileId ? ` (${code(part.fileId)})` : ''}`];
      case 'other':
        return labelled(`Part ${code(part.type)}`, valueBlock(part.json));
    }
  });
}

function answerBlocks(answer: Answer, label = 'Output'): string[] {
  switch (answer.state) {
    case 'answered':
      return labelled(label, valueBlock(answer.output));
    case 'awaiting':
      return [`${label}: none yet; it is awaited.`];
    case 'noAnswerSeen':
      return [`${label}: none seen.`];
    case 'unanswered':
      return [`${label}: none; it ended without one.`];
  }
}

function callBlocks(call: Call): string[] {
  switch (call.kind) {
    case 'function':
      return [`**Function** ${code(call.name)} · call ${code(call.id)}`, ...labelled('Arguments', valueBlock(call.arguments)), ...answerBlocks(call.answer)];
    case 'custom':
      return [`**Custom tool** ${code(call.name)} · call ${code(call.id)}`, ...labelled('Input', fenced(call.input, 'text')), ...answerBlocks(call.answer)];
    case 'mcp':
      return [
        `**MCP tool** ${code(call.name)} on ${code(call.serverLabel)}${call.approvalRequestId ? ` · after approval ${code(call.approvalRequestId)}` : ''}`,
        ...labelled('Arguments', valueBlock(call.arguments)),
        ...(call.error ? labelled('Error', valueBlock(call.error)) : call.output === null ? ['Output: none.'] : labelled('Output', valueBlock(call.output))),
      ];
    case 'codeInterpreter':
      return [
        `**Code interpreter** ${code(call.id)}`,
        ...labelled('Input', fenced(call.code, 'python')),
        ...(call.outputs === null
          ? ['Outputs: not included.']
          : call.outputs.flatMap((output, i) => {
              const label = `Output ${i + 1}`;
              switch (output.kind) {
                case 'logs':
                  return labelled(`${label} (logs)`, fenced(output.text, 'text'));
                case 'image':
                  return [`${label}: image ${code(output.fileId ?? output.url)}`];
                case 'other':
                  return labelled(`${label} (${code(output.type)})`, valueBlock(output.json));
              }
            })),
      ];
    case 'fileSearch':
      return [
        `**File search** ${code(call.id)}${call.queries.length ? ` · ${call.queries.map((q) => inline(q, 120)).join('; ')}` : ''}`,
        ...(call.results === null
          ? ['Results: not included.']
          : call.results.length === 0
            ? ['Results: none.']
            : call.results.flatMap((result, i) => [
                `Result ${i + 1}: ${code(result.filename ?? result.fileId)}${result.filename && result.fileId ? ` (${code(result.fileId)})` : ''}${result.score === null ? '' : `, score ${result.score}`}`,
                ...result.chunks.map((chunk) => fenced(chunk, 'text', maxChunkChars)),
              ])),
        ...(call.contentMissing ? ['(The results came without their text.)'] : []),
      ];
    case 'webSearch': {
      const action = call.action;
      const what = action ? [code(action.type), ...action.queries.map((q) => inline(q, 120)), ...(action.url ? [code(action.url)] : [])].join(' · ') : 'no action reported';
      return [`**Web search** ${code(call.id)} · ${what}`, ...(call.sources.length ? [call.sources.map((s) => `- ${code(s.url ?? s.name ?? s.type)}${s.title ? ` ${inline(s.title, 120)}` : ''}`).join('\n')] : [])];
    }
    case 'imageGeneration':
      return [
        `**Image generation** ${code(call.id)}${call.imageBase64 ? ` · an image${call.format ? ` (${code(call.format)})` : ''}, not included` : ' · no image'}`,
        ...(call.revisedPrompt ? ['Revised prompt:', quote(call.revisedPrompt)] : []),
      ];
    case 'computer':
      return [
        `**Computer use** · call ${code(call.id)}`,
        ...labelled('Actions', valueBlock(call.actions)),
        ...call.safetyChecks.map((c) => `Safety check ${code(c.code)}: ${inline(c.message ?? '')}`),
        ...answerBlocks(call.answer),
      ];
    case 'shell':
      return [`**Shell** · call ${code(call.id)}`, ...labelled('Commands', fenced(call.commands.join('\n'), 'sh')), ...answerBlocks(call.answer)];
    case 'localShell':
      return [
        `**Local shell** · call ${code(call.id)}${call.workingDirectory ? ` · in ${code(call.workingDirectory)}` : ''}`,
        ...labelled('Command', fenced(call.command.join(' '), 'sh')),
        ...answerBlocks(call.answer),
      ];
    case 'applyPatch':
      return [
        `**Apply patch** · call ${code(call.id)}${call.operation ? ` · ${code(call.operation.type)} ${code(call.operation.path)}` : ''}`,
        ...(call.operation?.diff ? labelled('Diff', fenced(call.operation.diff, 'diff')) : []),
        ...answerBlocks(call.answer),
      ];
    case 'other':
      return labelled(`**Tool call** ${code(call.type)} ${code(call.id)}`, valueBlock(call.json));
  }
}

/** Where a message shown elsewhere in the document stands, by its id. */
type MessageIndex = ReadonlyMap<string, number>;

interface StepContext {
  /** Calls whose answer is shown with them: their output items only refer to them. */
  answered: ReadonlySet<string>;
  /** Thread messages are listed once: a message-creation step refers to its number there. */
  messages?: MessageIndex;
}

function bodyBlocks(step: Step, context: StepContext): string[] {
  const body = step.body;
  switch (body.kind) {
    case 'message': {
      const number = body.messageId ? context.messages?.get(body.messageId) : undefined;
      if (context.messages) return [number ? `Wrote message ${number} (${code(body.messageId)}), shown under Messages.` : `Wrote message ${code(body.messageId)} (not among the thread's messages).`];
      return [`**${inline(body.role, 40)}**`, ...partBlocks(body.content)];
    }
    case 'toolCalls':
    case 'call':
      return callsOf(step).flatMap(callBlocks);
    case 'callOutput':
      return context.answered.has(body.callId)
        ? [`Output of call ${code(body.callId)}, shown with its call.`]
        : [`Output of call ${code(body.callId)}:`, valueBlock(body.output)];
    case 'reasoning':
      return body.summary.length ? ['**Reasoning** summary:', quote(body.summary.join('\n\n'))] : [`**Reasoning**: ${body.encrypted ? 'encrypted, ' : ''}no summary.`];
    case 'mcpListTools':
      return [
        `**MCP tools** of ${code(body.serverLabel)}: ${body.tools.length ? body.tools.map((t) => code(t.name)).join(', ') : 'none'}`,
        ...(body.error ? labelled('Error', valueBlock(body.error)) : []),
      ];
    case 'approvalRequest':
      return [
        `**Approval asked** for MCP tool ${code(body.name)} on ${code(body.serverLabel)} · ${approvalText(body.answer, inline)}`,
        ...labelled('Arguments', valueBlock(body.arguments)),
      ];
    case 'approvalResponse':
      return [`**${body.approve ? 'Approved' : 'Denied'}** approval request ${code(body.approvalRequestId)}${body.reason ? `: ${inline(body.reason)}` : ''}`];
    case 'compaction':
      return [`**Compaction**: ${body.encrypted ? 'an encrypted' : 'a'} summary of earlier items.`];
    case 'reference':
      return [`**Reference** to item ${code(body.itemId)}`];
    case 'structuredOutputs':
      return labelled('**Structured output**', valueBlock(body.output));
    case 'workflowAction':
      return [`**Workflow action** ${code(body.actionKind)} ${code(body.actionId)}`];
    case 'memorySearch':
      return body.results === null ? ['**Memory search**: results not included.'] : labelled('**Memory search** results', valueBlock(body.results));
    case 'consentRequest':
      return [`**Consent asked** for ${code(body.serverLabel)}${body.link ? ` at ${code(body.link)}` : ''}`];
    case 'unknown':
      return labelled(`**${code(body.type)}**${body.problem ? ` (${inline(body.problem)})` : ''}`, valueBlock(body.json));
  }
}

function stepBlocks(step: Step, heading: string, context: StepContext): string[] {
  const status = step.status && step.status.wire !== 'completed' ? ` (${inline(step.status.wire, 40)})` : '';
  return [
    `${heading} · ${code(step.type)} · ${code(step.id)}${status}`,
    ...(step.error ? [`Error ${code(step.error.code)}: ${inline(step.error.message ?? '')}`] : []),
    ...bodyBlocks(step, context),
  ];
}

function problemLine(problem: Problem): string {
  switch (problem.kind) {
    case 'error':
      return `- Error: ${code(problem.code ?? 'error')} ${inline(problem.message ?? '')}`;
    case 'incomplete':
      return `- Incomplete: ${inline(problem.reason ?? 'no reason given')}${problem.limit?.value != null ? ` (the limit was ${problem.limit.value})` : ''}`;
    case 'expired':
      return `- Expired: ${momentText(problem.at)}${problem.waitedForOutputs ? ', waiting for tool outputs' : ''}`;
    case 'cancelled':
      return `- Cancelled: ${momentText(problem.at)}`;
  }
}

/** What a run or response was: status, who answered, usage, why it did not simply complete, its tools. */
function runFacts(run: AgentRun, tools: unknown): string[] {
  const actor = run.actor?.kind === 'agent' ? `- Agent: ${code(run.actor.name)}${run.actor.version ? ` version ${code(run.actor.version)}` : ''}` : run.actor ? `- Assistant: ${code(run.actor.id)}` : undefined;
  const lines = [
    `- Status: ${inline(run.status.wire || 'unknown', 40)}`,
    `- Model: ${code(run.model)}`,
    ...(actor ? [actor] : []),
    ...(run.previousId ? [`- After: ${code(run.previousId)}`] : []),
    `- Created: ${momentText(run.times.created)} · finished: ${momentText(run.times.finished)}`,
    `- Usage: ${usageText(run.usage)}`,
    ...run.problems.map(problemLine),
    ...run.pending.map((p) => `- Waiting for: ${p.kind === 'approval' ? 'approval of' : 'the output of'} ${code(p.name)}${p.kind === 'toolOutput' ? ` (call ${code(p.callId)})` : ''}`),
  ];
  return [lines.join('\n'), ...(Array.isArray(tools) && tools.length ? labelled('Tools', valueBlock(tools)) : [])];
}

function header(title: string, exported: { exported_at: string; source: ThreadExport['source'] | ConversationExport['source'] }, counts: string): string[] {
  const { source } = exported;
  const version = 'api_version' in source && source.api_version ? ` · API version ${code(source.api_version)}` : '';
  return [
    title,
    [
      `- Exported: ${inline(exported.exported_at)} with Agent Run Debugger`,
      `- Connection: ${inline(source.connection, 120)} (${code(source.kind)})${source.base_url ? ` at ${code(publicUrl(source.base_url))}` : ''}${version}`,
      `- ${counts}`,
      `- Keys, tokens and auth headers are left out: they read ${escapeInline(redactedMark)}.`,
    ].join('\n'),
  ];
}

const metadataBlocks = (metadata: Record<string, unknown> | null | undefined) => (metadata && Object.keys(metadata).length ? labelled('Metadata', valueBlock(metadata)) : []);

/** The document: blocks apart by a blank line, one final newline. */
const joined = (blocks: readonly string[]) => `${blocks.join('\n\n')}\n`;

// ── the two documents ───────────────────────────────────────────────────────

function messageBlocks(message: Message, n: number): string[] {
  const where = [message.run_id ? `run ${code(message.run_id)}` : '', message.created_at ? timeText(message.created_at) : ''].filter(Boolean).join(' · ');
  const attachments = (message.attachments ?? []).map((a) => `Attachment ${code(str(record(a)?.file_id))}`);
  return [`### Message ${n} · ${inline(message.role, 40)} · ${code(message.id)}${where ? ` · ${where}` : ''}`, ...partBlocks(messageContentOf(message)), ...attachments];
}

export function threadMarkdown(exported: ThreadExport): string {
  const { thread, messages, runs } = exported;
  const steps = runs.reduce((n, r) => n + r.steps.length, 0);
  const numbers: MessageIndex = new Map(messages.map((m, i) => [m.id, i + 1]));
  const blocks = [
    ...header(`# Thread ${code(thread.id)}`, exported, `${plural(messages.length, 'message')}, ${plural(runs.length, 'run')}, ${plural(steps, 'step')}`),
    ...metadataBlocks(thread.metadata),
    '## Messages',
    ...(messages.length ? messages.flatMap((m, i) => messageBlocks(m, i + 1)) : ['No messages.']),
    '## Runs',
    ...(runs.length ? [] : ['No runs.']),
    ...runs.flatMap(({ run, steps: runSteps }, i) => {
      const model = fromAssistantsRun({ run, steps: runSteps, messages });
      const context: StepContext = { answered: answeredCallIds(model.steps), messages: numbers };
      return [
        `### Run ${i + 1} · ${code(run.id)}`,
        ...runFacts(model, run.tools),
        ...(model.steps.length ? model.steps.flatMap((step) => stepBlocks(step, `#### Step ${step.index}`, context)) : ['No steps.']),
      ];
    }),
  ];
  return joined(blocks);
}

export function conversationMarkdown(exported: ConversationExport): string {
  const { conversation, items, responses } = exported;
  const steps = stepsFromItems(items, true);
  const context: StepContext = { answered: answeredCallIds(steps) };
  const inConversation = new Set(steps.map((s) => s.id));
  const metadata = metadataBlocks(conversation.metadata);
  const from = exported.responses_from === 'service' ? 'as the service lists them' : 'the ones this window knew';
  const blocks = [
    ...header(`# Conversation ${code(conversation.id)}`, exported, `${plural(items.length, 'item')}, ${plural(responses.length, 'response')} (${from})`),
    ...metadata,
    '## Items',
    ...(steps.length ? steps.flatMap((step) => stepBlocks(step, `### Item ${step.index}`, context)) : ['No items.']),
    '## Responses',
    ...(responses.length ? [] : ['No responses.']),
    ...responses.flatMap(({ response, input_items }, i) => {
      const run = fromResponse({ response, inputItems: input_items, later: { seen: 'everything', source: 'conversation', items } });
      // Output items are the conversation's too; those it does not hold are shown here.
      const elsewhere = run.steps.filter((s) => !inConversation.has(s.id));
      const own: StepContext = { answered: answeredCallIds([...steps, ...run.steps]) };
      const listed = run.steps.filter((s) => inConversation.has(s.id)).map((s) => code(s.id));
      return [
        `### Response ${i + 1} · ${code(response.id)}`,
        ...runFacts(run, response.tools),
        ...(listed.length ? [`Output items shown under Items: ${listed.join(', ')}`] : []),
        ...elsewhere.flatMap((step) => stepBlocks(step, `#### Output ${step.index}`, own)),
      ];
    }),
  ];
  return joined(blocks);
}

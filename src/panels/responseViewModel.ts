// Builds what the response panel shows from the family-neutral model (AgentRun, built by
// the Responses adapter): explanations in words, the configuration with notes, each item
// kind's readable body, images validated before they can become a `data:` URL. Pure (no
// `vscode`), so it is unit-tested against every recorded body and a mutated set.
import type {
  AnnotationView,
  AnswerView,
  ConfigEntry,
  ImageSource,
  ItemBodyView,
  ItemView,
  MomentView,
  Notice,
  ResponseContentView,
  ResponseView,
  TimelineItemView,
  TimelineView,
} from '../shared/protocol';
import { imageMimeTypes, maxImageBytes } from '../shared/protocol';
import { durationOf, phaseTone, type AgentRun, type Annotation, type Answer, type ApprovalAnswer, type Call, type ConfigRow, type ContentPart, type Moment, type PendingAction, type Problem, type Step, type StepBody } from '../model/run';
import { cancelSentence } from '../model/responses';
import { prettyJsonText } from '../util/format';
import { sniffImage } from './images';

export { cancelSentence };
import { prettyJson, resolutionNoteOf } from './viewModel';

/** JSON of any value as text ("" for nothing): strings as they are. */
const json = (value: unknown): string => (value === null || value === undefined ? '' : prettyJson(value));

/** A string the service sent that may be JSON: pretty when it is. */
const jsonText = (value: string | null | undefined): string => prettyJsonText(value ?? '');

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const endSentence = (s: string) => (/[.!?…]$/.test(s) ? s : `${s}.`);

// ── images ──────────────────────────────────────────────────────────────────

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const maxBase64 = Math.ceil(maxImageBytes / 3) * 4;

/** Base64 the service sent as an image: passed on only when its bytes are an image type the panel shows. */
export function imageFromBase64(base64: string, declaredMime?: string | null): ImageSource {
  const clean = base64.replace(/\s+/g, '');
  if (!clean) return { kind: 'invalid', reason: 'The service sent an empty image.' };
  if (clean.length > maxBase64) return { kind: 'invalid', reason: `The image is too large to show here (${Math.round((clean.length * 3) / 4 / 1024)} KB).` };
  if (!base64Pattern.test(clean) || clean.length % 4 === 1) return { kind: 'invalid', reason: 'The image is not valid base64.' };
  const head = Buffer.from(clean.slice(0, 64), 'base64');
  const mime = sniffImage(new Uint8Array(head));
  if (!mime) {
    const said = declaredMime ? ` (the service said ${declaredMime})` : '';
    return { kind: 'invalid', reason: `The image is not a PNG, JPEG, GIF or WebP${said}, so it is not shown.` };
  }
  return { kind: 'data', mime, base64: clean };
}

/** An image URL from the service: a `data:` URL is validated as base64; anything else stays a link. */
export function imageFromUrl(url: string): ImageSource {
  const data = /^data:([^;,]*)(?:;[^,]*)?,/i.exec(url);
  if (data) {
    if (!/;base64,/i.test(url.slice(0, data[0].length))) return { kind: 'invalid', reason: 'The image is a data URL that is not base64, so it is not shown.' };
    const mime = data[1]?.toLowerCase() ?? '';
    if (mime && !(imageMimeTypes as readonly string[]).includes(mime)) return { kind: 'invalid', reason: `The image type ${mime} is not shown (only PNG, JPEG, GIF and WebP).` };
    return imageFromBase64(url.slice(data[0].length), mime || null);
  }
  return { kind: 'link', url };
}

function imageOf(fileId: string | null, url: string | null): ImageSource | null {
  if (url) return imageFromUrl(url);
  if (fileId) return { kind: 'file', fileId };
  return null;
}

/** A screenshot in a computer call's output (`{type: 'computer_screenshot', image_url | file_id}`). */
function screenshotOf(output: unknown): ImageSource | null {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return null;
  const o = output as Record<string, unknown>;
  const url = typeof o.image_url === 'string' ? o.image_url : null;
  const fileId = typeof o.file_id === 'string' ? o.file_id : null;
  return imageOf(fileId, url);
}

// ── answers ─────────────────────────────────────────────────────────────────

function answerView(answer: Answer, what: string, withImage = false): AnswerView {
  switch (answer.state) {
    case 'answered':
      return {
        state: 'answered',
        output: typeof answer.output === 'string' ? jsonText(answer.output) : json(answer.output),
        itemId: answer.itemId,
        image: withImage ? screenshotOf(answer.output) : undefined,
        note: answer.itemId ? `Answered by ${answer.itemId}.` : 'Answered.',
      };
    case 'awaiting':
      return { state: 'awaiting', output: null, itemId: null, note: `Awaiting ${what}: nothing after this response answers it.` };
    case 'noAnswerSeen':
      return {
        state: 'noAnswerSeen',
        output: null,
        itemId: null,
        note: `No answer seen: ${what} would come in a later request, and not everything after this response can be seen here.`,
      };
    case 'unanswered':
      return { state: 'unanswered', output: null, itemId: null, note: `No ${what}: the response ended without one, and it no longer waits for it.` };
  }
}

function approvalView(answer: ApprovalAnswer): Extract<ItemBodyView, { kind: 'approvalRequest' }>['answer'] {
  switch (answer.state) {
    case 'answered':
      return {
        state: 'answered',
        approve: answer.approve,
        reason: answer.reason,
        note: `${answer.approve ? 'Approved' : 'Denied'}${answer.itemId ? ` (${answer.itemId})` : ''}${answer.reason ? `: ${endSentence(answer.reason)}` : '.'}`,
      };
    case 'awaiting':
      return { state: 'awaiting', approve: null, reason: null, note: 'Awaiting approval: nothing after this response approves or denies it.' };
    case 'noAnswerSeen':
      return { state: 'noAnswerSeen', approve: null, reason: null, note: 'No approval seen: it would come in a later request, and not everything after this response can be seen here.' };
    case 'unanswered':
      return { state: 'unanswered', approve: null, reason: null, note: 'Not answered: the response ended without an approval, and it no longer waits for one.' };
  }
}

// ── content ─────────────────────────────────────────────────────────────────

function annotationView(a: Annotation): AnnotationView {
  return { type: a.type, text: a.text ?? '', start: a.start, end: a.end, fileId: a.fileId, quote: a.quote, url: a.url, title: a.title, filename: a.filename, containerId: a.containerId };
}

function contentView(part: ContentPart): ResponseContentView {
  switch (part.kind) {
    case 'text':
      return { kind: 'text', text: part.text, annotations: part.annotations.map(annotationView) };
    case 'refusal':
      return { kind: 'refusal', text: part.text };
    case 'image':
      return { kind: 'image', image: imageOf(part.fileId, part.url) };
    case 'file':
      return { kind: 'file', fileId: part.fileId, filename: part.filename, url: part.url };
    case 'other':
      return { kind: 'other', type: part.type, json: json(part.json) };
  }
}

// ── items ───────────────────────────────────────────────────────────────────

function callBody(call: Call): ItemBodyView {
  switch (call.kind) {
    case 'function':
      return { kind: 'function', callId: call.id, name: call.name, arguments: jsonText(call.arguments), answer: answerView(call.answer, 'its output') };
    case 'custom':
      return { kind: 'custom', callId: call.id, name: call.name, input: jsonText(call.input), answer: answerView(call.answer, 'its output') };
    case 'codeInterpreter':
      return {
        kind: 'code',
        code: call.code,
        containerId: call.containerId,
        outputs:
          call.outputs?.map((o) => {
            switch (o.kind) {
              case 'logs':
                return { kind: 'logs' as const, text: o.text };
              case 'image':
                return { kind: 'image' as const, image: imageOf(o.fileId, o.url) ?? { kind: 'invalid' as const, reason: 'The image output names no file or URL.' } };
              case 'other':
                return { kind: 'other' as const, type: o.type, json: json(o.json) };
            }
          }) ?? null,
      };
    case 'fileSearch':
      return {
        kind: 'fileSearch',
        queries: call.queries,
        results:
          call.results?.map((r) => ({
            fileId: r.fileId,
            filename: r.filename,
            score: r.score,
            chunks: r.chunks,
            attributes: r.attributes && Object.keys(r.attributes).length ? json(r.attributes) : null,
          })) ?? null,
        contentMissing: call.contentMissing,
      };
    case 'webSearch':
      return { kind: 'webSearch', action: call.action, sources: call.sources };
    case 'imageGeneration':
      return { kind: 'imageGeneration', image: call.imageBase64 ? imageFromBase64(call.imageBase64, call.format ? `image/${call.format}` : null) : null, format: call.format, revisedPrompt: call.revisedPrompt };
    case 'computer':
      return { kind: 'computer', callId: call.id, actions: json(call.actions), safetyChecks: call.safetyChecks, answer: answerView(call.answer, 'its screenshot', true) };
    case 'mcp':
      return {
        kind: 'mcpCall',
        serverLabel: call.serverLabel,
        name: call.name,
        arguments: jsonText(call.arguments),
        output: call.output === null ? null : jsonText(call.output),
        error: call.error === null || call.error === undefined ? null : json(call.error),
        approvalRequestId: call.approvalRequestId,
      };
    case 'shell':
      return { kind: 'shell', callId: call.id, commands: call.commands, workingDirectory: null, answer: answerView(call.answer, 'its output') };
    case 'localShell':
      return { kind: 'shell', callId: call.id, commands: [call.command.join(' ')].filter((c) => c !== ''), workingDirectory: call.workingDirectory, answer: answerView(call.answer, 'its output') };
    case 'applyPatch':
      return { kind: 'applyPatch', callId: call.id, operation: call.operation, answer: answerView(call.answer, 'its result') };
    case 'other':
      return { kind: 'otherCall', type: call.type, json: json(call.json) };
  }
}

const field = (key: string, value: string | null) => (value ? [{ key, value }] : []);

export function itemBody(body: StepBody): ItemBodyView {
  switch (body.kind) {
    case 'message':
      return { kind: 'message', role: body.role, content: body.content?.map(contentView) ?? null };
    case 'toolCalls':
      // An Assistants step; a response has none, but the model allows it.
      return { kind: 'otherCall', type: 'tool_calls', json: json(body.calls) };
    case 'call':
      return callBody(body.call);
    case 'callOutput':
      return { kind: 'callOutput', of: body.of, callId: body.callId, output: typeof body.output === 'string' ? jsonText(body.output) : json(body.output), image: body.of === 'computer' ? screenshotOf(body.output) : undefined };
    case 'reasoning':
      return { kind: 'reasoning', summary: body.summary, text: body.text, encrypted: body.encrypted };
    case 'mcpListTools':
      return { kind: 'mcpListTools', serverLabel: body.serverLabel, tools: body.tools, error: body.error === null || body.error === undefined ? null : json(body.error) };
    case 'approvalRequest':
      return { kind: 'approvalRequest', approvalRequestId: body.approvalRequestId, serverLabel: body.serverLabel, name: body.name, arguments: jsonText(body.arguments), answer: approvalView(body.answer) };
    case 'approvalResponse':
      return { kind: 'approvalResponse', approvalRequestId: body.approvalRequestId, approve: body.approve, reason: body.reason };
    case 'compaction':
      return { kind: 'compaction', encrypted: body.encrypted };
    case 'reference':
      return { kind: 'reference', itemId: body.itemId };
    case 'structuredOutputs':
      return { kind: 'fields', fields: [], json: json(body.output) };
    case 'workflowAction':
      return {
        kind: 'fields',
        fields: [...field('kind', body.actionKind), ...field('action', body.actionId), ...field('parent action', body.parentActionId), ...field('previous action', body.previousActionId)],
        json: null,
      };
    case 'memorySearch':
      return { kind: 'fields', fields: [], json: body.results === null ? null : json(body.results) };
    case 'consentRequest':
      return { kind: 'fields', fields: [...field('server', body.serverLabel), ...field('consent link', body.link)], json: null };
    case 'unknown':
      return { kind: 'unknown', type: body.type, json: json(body.json), problem: body.problem };
  }
}

const clip = (text: string, max = 120) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

const answerWord = (state: AnswerView['state']) =>
  state === 'answered' ? 'answered' : state === 'awaiting' ? 'awaiting output' : state === 'noAnswerSeen' ? 'no answer seen' : 'not answered';

/** One line saying what an item is about. */
export function itemSummary(body: ItemBodyView): string {
  switch (body.kind) {
    case 'message': {
      const text = body.content?.find((c) => c.kind === 'text' || c.kind === 'refusal');
      return `${body.role}${text && (text.kind === 'text' || text.kind === 'refusal') && text.text ? `: ${clip(text.text)}` : ''}`;
    }
    case 'function':
    case 'custom':
      return `${body.name || body.kind} → ${answerWord(body.answer.state)}`;
    case 'code':
      return clip(body.code.split('\n')[0] ?? '') || 'code interpreter';
    case 'fileSearch':
      return `${body.queries.length ? clip(body.queries.join(' · ')) : 'file search'}${body.results ? ` → ${plural(body.results.length, 'result')}` : ''}`;
    case 'webSearch':
      if (!body.action) return 'web search';
      return clip(`${body.action.type.replace(/_/g, ' ')}${body.action.queries.length ? `: ${body.action.queries.join(' · ')}` : body.action.url ? `: ${body.action.url}` : ''}`);
    case 'imageGeneration':
      return body.image?.kind === 'data' ? 'generated image' : 'image generation';
    case 'computer':
      return `computer → ${answerWord(body.answer.state)}`;
    case 'mcpCall':
      return `${body.serverLabel ? `${body.serverLabel} · ` : ''}${body.name}${body.error ? ' → error' : body.output !== null ? ' → output' : ''}`;
    case 'shell':
      return `${clip(body.commands.join(' && ')) || 'shell'} → ${answerWord(body.answer.state)}`;
    case 'applyPatch':
      return `${body.operation ? `${body.operation.type.replace(/_/g, ' ')}${body.operation.path ? ` ${body.operation.path}` : ''}` : 'apply patch'} → ${answerWord(body.answer.state)}`;
    case 'otherCall':
      return body.type;
    case 'callOutput':
      return `output of ${body.callId}`;
    case 'reasoning':
      return body.summary.length ? clip(body.summary.join(' ')) : body.encrypted ? 'encrypted reasoning' : 'no summary';
    case 'mcpListTools':
      return `${body.serverLabel ? `${body.serverLabel}: ` : ''}${plural(body.tools.length, 'tool')}`;
    case 'approvalRequest':
      return `${body.serverLabel ? `${body.serverLabel} · ` : ''}${body.name} → ${body.answer.state === 'answered' ? (body.answer.approve ? 'approved' : 'denied') : answerWord(body.answer.state).replace('output', 'approval')}`;
    case 'approvalResponse':
      return `${body.approve ? 'approves' : 'denies'} ${body.approvalRequestId}`;
    case 'compaction':
      return body.encrypted ? 'compacted context (encrypted)' : 'compacted context';
    case 'reference':
      return `refers to ${body.itemId}`;
    case 'fields':
      return body.fields.map((f) => f.value).join(' · ');
    case 'unknown':
      return body.problem ? `not readable: ${clip(body.problem)}` : 'shown as the service sent it';
  }
}

function createdByText(step: Step): string | null {
  const agent = step.createdBy?.agent;
  if (!agent) return null;
  return agent.kind === 'agent' ? `${agent.name}${agent.version ? ` v${agent.version}` : ''}` : agent.id;
}

export function itemViews(steps: readonly Step[]): ItemView[] {
  return steps.map((step) => {
    const body = itemBody(step.body);
    return {
      id: step.id,
      index: step.index,
      type: step.type,
      status: step.status?.wire || null,
      statusKind: step.status ? phaseTone(step.status.phase) : 'neutral',
      summary: itemSummary(body),
      createdBy: createdByText(step),
      body,
    };
  });
}

// ── the header ──────────────────────────────────────────────────────────────

const errorCodeWords: Record<string, string> = {
  server_error: 'the service had an internal error',
  rate_limit_exceeded: 'the rate limit was exceeded',
  insufficient_quota: 'the account has no quota left',
  invalid_prompt: 'the prompt was rejected',
  vector_store_timeout: 'a vector store did not answer in time',
  invalid_image: 'an image in the input was not valid',
  invalid_image_format: 'an image in the input has a format the model does not read',
  image_too_large: 'an image in the input is too large',
  image_content_policy_violation: 'an image in the input was refused by the content policy',
};

const incompleteWords: Record<string, string> = {
  max_output_tokens: 'the output hit max_output_tokens',
  content_filter: 'the content filter stopped the output',
};

function problemNotice(problem: Problem): Notice | null {
  switch (problem.kind) {
    case 'error': {
      const words = problem.code ? errorCodeWords[problem.code] : undefined;
      const what = words ? `${words} (${problem.code})` : problem.code || 'an error';
      const message = problem.message?.trim();
      return { kind: 'error', text: `${problem.failed ? 'Failed' : 'Error'}: ${what}${message ? ` — ${endSentence(message)}` : '.'}` };
    }
    case 'incomplete': {
      const reason = problem.reason;
      if (problem.limit) {
        return {
          kind: 'warn',
          text:
            problem.limit.value !== null
              ? `Stopped: ${incompleteWords[problem.limit.name] ?? problem.limit.name} (${problem.limit.value}).`
              : `Stopped: the output hit a token limit; the response set no ${problem.limit.name}, so the model's own limit applied.`,
        };
      }
      const words = reason ? incompleteWords[reason] : undefined;
      return { kind: 'warn', text: words ? `Stopped: ${words}.` : `Stopped before finishing${reason ? `: ${reason}` : ''}.` };
    }
    case 'cancelled':
      return { kind: 'warn', text: 'Cancelled: the response was stopped before it finished; what it produced until then is kept.' };
    case 'expired':
      return { kind: 'error', text: 'Expired: it did not finish in time.' };
  }
}

function pendingNotice(pending: readonly PendingAction[]): Notice[] {
  const awaiting = pending.filter((p) => p.state === 'awaiting');
  const unseen = pending.filter((p) => p.state === 'noAnswerSeen');
  const names = (list: readonly PendingAction[]) => [...new Set(list.map((p) => p.name))].slice(0, 4).join(', ');
  const what = (list: readonly PendingAction[]) => {
    const approvals = list.filter((p) => p.kind === 'approval').length;
    const calls = list.length - approvals;
    return [calls ? plural(calls, 'call') : '', approvals ? plural(approvals, 'approval request') : ''].filter(Boolean).join(' and ');
  };
  const out: Notice[] = [];
  if (awaiting.length) out.push({ kind: 'info', text: `Waiting for answers to ${what(awaiting)} (${names(awaiting)}): the app sends them in a next request that continues this response.` });
  if (unseen.length) {
    out.push({
      kind: 'info',
      text: `Ended with ${what(unseen)} (${names(unseen)}) whose answer is not seen here: it would come in a later request that continues this one.`,
    });
  }
  return out;
}


function configNote(row: ConfigRow): string | null {
  const note = row.note;
  if (!note) return null;
  switch (note.kind) {
    case 'noTools':
      return 'No tools: the model could only answer with text.';
    case 'toolsDisabled':
      return 'tool_choice is "none": the model could not call the tools it was given.';
    case 'toolRequired':
      return 'The model had to call a tool before answering.';
    case 'oneToolAtATime':
      return 'The model could call at most one tool at a time.';
    case 'stoppedByLimit': {
      const value = typeof row.value === 'number' ? row.value : null;
      return value !== null
        ? `This limit (${value}) stopped the response (incomplete: ${note.reason})${note.low ? '; it is low for a model answer' : ''}.`
        : `Not set: the response stopped at a limit (incomplete: ${note.reason}) that the model or the service applies.`;
    }
    case 'lastMessagesOnly':
      return `Only the last ${note.count} message(s) were sent to the model.`;
  }
}

export function configEntries(rows: readonly ConfigRow[]): ConfigEntry[] {
  return rows.map((row) => {
    const note = configNote(row);
    if (row.value === null || row.value === undefined) return { key: row.key, value: '', unset: true, note };
    return { key: row.key, value: typeof row.value === 'object' ? prettyJson(row.value) : String(row.value), note };
  });
}

// ── the timeline ────────────────────────────────────────────────────────────

/** The responses of the chain the extension already holds (none is read for the timeline). */
export interface ChainRuns {
  /** The response this one continues, when it is loaded. */
  previous?: AgentRun;
  /** Known responses that continue this one, oldest first. */
  next?: readonly AgentRun[];
}

const secondsOf = (m: Moment): number | null => (m.kind === 'at' ? m.seconds : null);

function chainRow(run: AgentRun, tag: 'previous' | 'this' | 'next', now: number): TimelineItemView {
  const start = secondsOf(run.times.created);
  const finished = secondsOf(run.times.finished);
  // Ruling: a missing completed_at stays missing (a marker, no duration); only an active response grows to now, "so far".
  const running = run.active && start !== null;
  const end = finished ?? (running ? now : null);
  return {
    id: run.id,
    tag,
    label: run.id,
    status: run.status.wire || 'unknown',
    statusKind: phaseTone(run.status.phase),
    start,
    end: start !== null && end !== null ? Math.max(start, end) : end,
    running: running && finished === null,
    current: tag === 'this',
  };
}

/**
 * The chain on the clock: one row per response (the previous one if loaded, this one, the
 * known next ones) from created to completed. Items carry no times in the Responses API,
 * so they are not on it. Null when no response of the chain has a creation time.
 */
export function responseTimelineOf(run: AgentRun, chain: ChainRuns = {}, nowMs = Date.now()): TimelineView | null {
  const now = Math.floor(nowMs / 1000);
  const items = [
    ...(chain.previous ? [chainRow(chain.previous, 'previous', now)] : []),
    chainRow(run, 'this', now),
    ...(chain.next ?? []).map((next) => chainRow(next, 'next', now)),
  ];
  const starts = items.flatMap((i) => (i.start === null ? [] : [i.start]));
  if (!starts.length) return null;
  const start = Math.min(...starts);
  const end = Math.max(start + 1, ...items.flatMap((i) => (i.start !== null && i.end !== null ? [i.end] : [])));
  return { start, end, items, resolutionNote: resolutionNoteOf(items, 'response') };
}

const momentView = (m: Moment): MomentView => m;

const finishLabels: Record<string, string> = { completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled', expired: 'Expired', incomplete: 'Stopped' };

export interface ResponseViewInput {
  run: AgentRun;
  /** Input items (already in `run.inputs` when loaded) and the state of their list. */
  inputs: { loaded: boolean; loading: boolean; hasMore: boolean; error: string | undefined };
  /** Responses known to continue this one. */
  nextIds?: readonly string[];
  /** The chain's responses the store holds, for the timeline. */
  chain?: ChainRuns;
  nowMs?: number;
  /** The output and input items' views, already built (a slice at a time, by the panel). */
  rows?: { output: ItemView[]; inputs: ItemView[] };
}

export function buildResponseView({ run, inputs, nextIds = [], chain = {}, nowMs = Date.now(), rows }: ResponseViewInput): ResponseView {
  const notices = run.problems.map(problemNotice).filter((n): n is Notice => n !== null);
  notices.push(...pendingNotice(run.pending));
  const cancelNote = cancelSentence(run);
  if (run.active && !run.cancel.possible && cancelNote) notices.push({ kind: 'info', text: cancelNote });
  const agent = run.actor?.kind === 'agent' ? { name: run.actor.name, version: run.actor.version } : null;
  return {
    id: run.id,
    status: run.status.wire || 'unknown',
    statusKind: phaseTone(run.status.phase),
    active: run.active,
    model: run.model,
    agent,
    conversationId: run.container?.kind === 'conversation' ? run.container.id : null,
    previousId: run.previousId,
    nextIds: [...nextIds],
    created: momentView(run.times.created),
    completed: momentView(run.times.finished),
    completedLabel: (run.times.finishedAs && finishLabels[run.times.finishedAs]) || 'Completed',
    duration: durationOf(run.times, run.active),
    usage: run.usage,
    notices,
    cancellable: run.cancel.possible,
    cancelNote,
    instructions: run.instructions,
    config: configEntries(run.config),
    output: rows?.output ?? itemViews(run.steps),
    inputs: { items: rows?.inputs ?? itemViews(run.inputs ?? []), loaded: inputs.loaded, loading: inputs.loading, hasMore: inputs.hasMore, error: inputs.error ?? null },
    timeline: responseTimelineOf(run, chain, nowMs),
  };
}

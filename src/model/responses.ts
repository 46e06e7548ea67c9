// The Responses adapter: a response (with its input items, and whatever came after it)
// → the model. Pure.
//
// Nothing waits on the server in this family: a response ends with function calls or an
// approval request, and the app answers in a *later* request. So whether a call is
// awaiting depends on what can be seen after it, which the caller says (`later`): a
// call is `awaiting` only when everything after it is visible and nothing answers it;
// otherwise it is `noAnswerSeen`. Never guessed.
import {
  readItem,
  type ItemOf,
  type KnownItem,
  type Response,
  type ResponseItem,
  type ResponseUsage,
} from '../api/responses/schemas';
import {
  isActivePhase,
  momentOf,
  notReported,
  statusOf,
  type Actor,
  type AgentRun,
  type AnsweredCallKind,
  type Answer,
  type ApprovalAnswer,
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

/** What can be seen after a response, where its calls' answers would be. */
export type LaterItems =
  /**
   * Every item that came after it: its conversation's items (all pages), a connection that
   * lists responses, a response captured or created by the extension.
   */
  | { seen: 'everything'; source: 'conversation' | 'listing' | 'capture' | 'createdHere'; items: readonly ResponseItem[] }
  /** Only some of it, or nothing (a response opened by id, a `previous_response_id` chain on OpenAI). */
  | { seen: 'some'; items: readonly ResponseItem[] };

export const nothingSeenLater: LaterItems = { seen: 'some', items: [] };

export interface ResponseInput {
  response: Response;
  /** Its input items (oldest first), when loaded. */
  inputItems?: readonly ResponseItem[];
  later?: LaterItems;
}


export function responseUsageOf(usage: ResponseUsage): Usage | null {
  if (!usage) return null;
  return {
    input: n(usage.input_tokens),
    cachedInput: n(usage.input_tokens_details?.cached_tokens),
    output: n(usage.output_tokens),
    reasoning: n(usage.output_tokens_details?.reasoning_tokens),
    total: n(usage.total_tokens),
  };
}

// ── answers ─────────────────────────────────────────────────────────────────

const outputKinds = {
  function_call_output: 'function',
  custom_tool_call_output: 'custom',
  computer_call_output: 'computer',
  shell_call_output: 'shell',
  local_shell_call_output: 'localShell',
  apply_patch_call_output: 'applyPatch',
} as const satisfies Record<string, AnsweredCallKind>;

/** The answers found in a set of items: outputs by call, approvals by request. */
export interface AnswerIndex {
  outputs: Map<string, { output: unknown; itemId: string | null }>;
  approvals: Map<string, { approve: boolean; reason: string | null; itemId: string | null }>;
}

const outputKey = (kind: AnsweredCallKind, callId: string) => `${kind}\u0000${callId}`;

export function indexAnswers(...lists: (readonly ResponseItem[])[]): AnswerIndex {
  const index: AnswerIndex = { outputs: new Map(), approvals: new Map() };
  for (const list of lists) {
    for (const raw of list) {
      const read = readItem(raw);
      if (!read.known) continue;
      const item = read.item;
      switch (item.type) {
        case 'function_call_output':
        case 'custom_tool_call_output':
        case 'computer_call_output':
        case 'shell_call_output':
        case 'apply_patch_call_output':
          index.outputs.set(outputKey(outputKinds[item.type], item.call_id), { output: item.output ?? null, itemId: item.id ?? null });
          break;
        case 'local_shell_call_output': {
          const callId = item.call_id ?? item.id;
          if (callId) index.outputs.set(outputKey('localShell', callId), { output: item.output ?? null, itemId: item.id ?? null });
          break;
        }
        case 'mcp_approval_response':
          index.approvals.set(item.approval_request_id, { approve: item.approve, reason: item.reason ?? null, itemId: item.id ?? null });
          break;
        case 'mcp_call':
          // The call ran after an approval: the request was approved, whether or not its response item is visible.
          if (item.approval_request_id && !index.approvals.has(item.approval_request_id)) {
            index.approvals.set(item.approval_request_id, { approve: true, reason: null, itemId: item.id ?? null });
          }
          break;
        default:
          break;
      }
    }
  }
  return index;
}

/** Whether the calls of a response can still be answered: it ended with them (not failed or cancelled). */
type Awaitability = 'answerable' | 'ended' | 'notYet';

interface AnswerRules {
  answers: AnswerIndex;
  everythingSeen: boolean;
  awaitability: Awaitability;
}

function answerOf(kind: AnsweredCallKind, callId: string, itemStatus: string | null | undefined, rules: AnswerRules): Answer {
  const found = rules.answers.outputs.get(outputKey(kind, callId));
  if (found) return { state: 'answered', output: found.output, itemId: found.itemId };
  return unansweredState(itemStatus, rules);
}

function unansweredState(itemStatus: string | null | undefined, rules: AnswerRules): { state: 'awaiting' | 'noAnswerSeen' | 'unanswered' } {
  if (rules.awaitability === 'ended' || itemStatus === 'incomplete' || itemStatus === 'failed') return { state: 'unanswered' };
  if (rules.awaitability === 'notYet' || itemStatus === 'in_progress') return { state: 'noAnswerSeen' };
  return { state: rules.everythingSeen ? 'awaiting' : 'noAnswerSeen' };
}

function approvalOf(requestId: string, rules: AnswerRules): ApprovalAnswer {
  const found = rules.answers.approvals.get(requestId);
  if (found) return { state: 'answered', approve: found.approve, reason: found.reason, itemId: found.itemId };
  return unansweredState(null, rules);
}

// ── items ───────────────────────────────────────────────────────────────────

function contentOf(part: Record<string, unknown> & { type: string }): ContentPart {
  switch (part.type) {
    case 'output_text':
    case 'input_text':
    case 'text':
    case 'summary_text':
    case 'reasoning_text':
      if (typeof part.text === 'string') {
        const annotations = Array.isArray(part.annotations) ? part.annotations : [];
        return { kind: 'text', text: part.text, annotations: annotations.filter(obj).map((a) => annotationOf(a as Record<string, unknown>)) };
      }
      break;
    case 'refusal':
      if (typeof part.refusal === 'string') return { kind: 'refusal', text: part.refusal };
      break;
    case 'input_image':
      return { kind: 'image', fileId: s(part.file_id), url: s(part.image_url) };
    case 'input_file':
      return { kind: 'file', fileId: s(part.file_id), filename: s(part.filename), url: s(part.file_url) };
  }
  return { kind: 'other', type: part.type, json: part };
}

function codeOutputOf(output: ItemOf<'code_interpreter_call'>['outputs']): CodeOutput[] | null {
  if (!output) return null;
  return output.map((o): CodeOutput => {
    if (o.type === 'logs' && typeof o.logs === 'string') return { kind: 'logs', text: o.logs };
    if (o.type === 'image' && typeof o.url === 'string') return { kind: 'image', fileId: null, url: o.url };
    return { kind: 'other', type: o.type, json: o };
  });
}

function texts(parts: readonly { text?: string | null }[] | null | undefined): string[] {
  return (parts ?? []).map((p) => p.text).filter((t): t is string => typeof t === 'string');
}

function agentOf(agent: { name?: string | null; version?: string | null } | null | undefined): Actor | null {
  return agent?.name ? { kind: 'agent', name: agent.name, version: agent.version ?? null } : null;
}

/** The body of a known item: one case per kind, checked exhaustively. */
function bodyOf(item: KnownItem, rules: AnswerRules): StepBody {
  const id = item.id ?? '';
  const call = (c: Call): StepBody => ({ kind: 'call', call: c });
  switch (item.type) {
    case 'message':
      return {
        kind: 'message',
        role: item.role,
        messageId: item.id ?? null,
        content: typeof item.content === 'string' ? [{ kind: 'text', text: item.content, annotations: [] }] : item.content.map(contentOf),
      };
    case 'reasoning':
      return { kind: 'reasoning', summary: texts(item.summary), text: texts(item.content), encrypted: Boolean(item.encrypted_content) };
    case 'function_call':
      return call({ kind: 'function', id: item.call_id, name: item.name, arguments: item.arguments, answer: answerOf('function', item.call_id, item.status, rules) });
    case 'custom_tool_call':
      return call({ kind: 'custom', id: item.call_id, name: item.name, input: item.input, answer: answerOf('custom', item.call_id, item.status, rules) });
    case 'computer_call': {
      const actions = item.actions ?? (item.action ? [item.action] : []);
      const safetyChecks = (item.pending_safety_checks ?? []).map((c) => ({ code: c.code ?? null, message: c.message ?? null }));
      return call({ kind: 'computer', id: item.call_id, actions, safetyChecks, answer: answerOf('computer', item.call_id, item.status, rules) });
    }
    case 'shell_call':
      return call({ kind: 'shell', id: item.call_id, commands: item.action?.commands ?? [], answer: answerOf('shell', item.call_id, item.status, rules) });
    case 'local_shell_call':
      return call({
        kind: 'localShell',
        id: item.call_id,
        command: item.action?.command ?? [],
        workingDirectory: item.action?.working_directory ?? null,
        answer: answerOf('localShell', item.call_id, item.status, rules),
      });
    case 'apply_patch_call':
      return call({
        kind: 'applyPatch',
        id: item.call_id,
        operation: item.operation ? { type: item.operation.type, path: item.operation.path ?? null, diff: item.operation.diff ?? null } : null,
        answer: answerOf('applyPatch', item.call_id, item.status, rules),
      });
    case 'file_search_call':
      return call({
        kind: 'fileSearch',
        id,
        queries: item.queries ?? [],
        ranking: null,
        results:
          item.results?.map((r) => ({
            fileId: r.file_id ?? null,
            filename: r.filename ?? null,
            score: r.score ?? null,
            chunks: r.text ? [r.text] : [],
            attributes: r.attributes ?? null,
          })) ?? null,
        contentMissing: Boolean(item.results?.length && item.results.every((r) => r.text == null)),
      });
    case 'web_search_call': {
      const action = item.action;
      return call({
        kind: 'webSearch',
        id,
        action: action
          ? { type: action.type, queries: action.queries ?? (action.query ? [action.query] : []), url: action.url ?? null, pattern: action.pattern ?? null }
          : null,
        sources: (action?.sources ?? []).map((src) => ({ type: src.type ?? null, url: src.url ?? null, title: src.title ?? null, name: src.name ?? null })),
      });
    }
    case 'code_interpreter_call':
      return call({ kind: 'codeInterpreter', id, code: item.code ?? '', containerId: item.container_id ?? null, outputs: codeOutputOf(item.outputs) });
    case 'image_generation_call':
      return call({ kind: 'imageGeneration', id, imageBase64: item.result ?? null, format: item.output_format ?? null, revisedPrompt: item.revised_prompt ?? null });
    case 'mcp_call':
      return call({
        kind: 'mcp',
        id,
        serverLabel: item.server_label ?? null,
        name: item.name ?? '',
        arguments: item.arguments ?? '',
        output: item.output ?? null,
        error: item.error ?? null,
        approvalRequestId: item.approval_request_id ?? null,
      });
    case 'mcp_list_tools':
      return {
        kind: 'mcpListTools',
        serverLabel: item.server_label ?? null,
        tools: (item.tools ?? []).map((t) => ({ name: t.name ?? '', description: t.description ?? null })),
        error: item.error ?? null,
      };
    case 'mcp_approval_request':
      return {
        kind: 'approvalRequest',
        approvalRequestId: item.id,
        serverLabel: item.server_label ?? null,
        name: item.name ?? '',
        arguments: item.arguments ?? '',
        answer: approvalOf(item.id, rules),
      };
    case 'mcp_approval_response':
      return { kind: 'approvalResponse', approvalRequestId: item.approval_request_id, approve: item.approve, reason: item.reason ?? null };
    case 'function_call_output':
    case 'custom_tool_call_output':
    case 'computer_call_output':
    case 'shell_call_output':
    case 'apply_patch_call_output':
      return { kind: 'callOutput', of: outputKinds[item.type], callId: item.call_id, output: item.output ?? null };
    case 'local_shell_call_output':
      return { kind: 'callOutput', of: 'localShell', callId: item.call_id ?? id, output: item.output ?? null };
    case 'compaction':
      return { kind: 'compaction', encrypted: Boolean(item.encrypted_content) };
    case 'item_reference':
      return { kind: 'reference', itemId: item.id };
    case 'structured_outputs':
      return { kind: 'structuredOutputs', output: item.output ?? null };
    case 'workflow_action':
      return {
        kind: 'workflowAction',
        actionKind: item.kind ?? null,
        actionId: item.action_id ?? null,
        parentActionId: item.parent_action_id ?? null,
        previousActionId: item.previous_action_id ?? null,
      };
    case 'memory_search_call':
      return { kind: 'memorySearch', results: item.results ?? null };
    case 'oauth_consent_request':
      return { kind: 'consentRequest', serverLabel: item.server_label ?? null, link: item.consent_link ?? null };
  }
}

function createdByOf(item: ResponseItem): Step['createdBy'] {
  const by = item.created_by;
  if (!by) return null;
  // The spec also has a bare string form (an actor id).
  if (typeof by === 'string') return { agent: null, responseId: null };
  return { agent: agentOf(by.agent), responseId: by.response_id ?? null };
}

function stepOfItem(raw: ResponseItem, index: number, rules: AnswerRules): Step {
  const read = readItem(raw);
  const body: StepBody = read.known ? bodyOf(read.item, rules) : { kind: 'unknown', type: raw.type, json: raw, problem: read.problem };
  return {
    id: raw.id ?? `#${index + 1}`,
    index: index + 1,
    type: raw.type,
    status: raw.status == null ? null : statusOf(raw.status),
    times: null,
    usage: null,
    error: null,
    createdBy: createdByOf(raw),
    body,
    raw,
  };
}

/**
 * A list of items as steps (a conversation's items, input items): calls are answered by
 * items of the same list and of `later`; `complete` says the list is everything there is
 * (all pages of a conversation), so an unanswered call in it is awaiting.
 */
export function stepsFromItems(items: readonly ResponseItem[], complete: boolean, later: readonly ResponseItem[] = []): Step[] {
  const rules: AnswerRules = { answers: indexAnswers(items, later), everythingSeen: complete, awaitability: 'answerable' };
  return items.map((item, i) => stepOfItem(item, i, rules));
}

/** The pending actions among steps, in order. */
export function pendingOf(steps: readonly Step[]): PendingAction[] {
  const pending: PendingAction[] = [];
  for (const step of steps) {
    const body = step.body;
    if (body.kind === 'approvalRequest') {
      const state = body.answer.state;
      if (state === 'awaiting' || state === 'noAnswerSeen') {
        pending.push({ kind: 'approval', approvalRequestId: body.approvalRequestId, serverLabel: body.serverLabel, name: body.name, arguments: body.arguments, stepId: step.id, state });
      }
      continue;
    }
    if (body.kind !== 'call') continue;
    const c = body.call;
    const text = (() => {
      switch (c.kind) {
        case 'function':
          return { name: c.name, args: c.arguments, answer: c.answer };
        case 'custom':
          return { name: c.name, args: c.input, answer: c.answer };
        case 'computer':
          return { name: 'computer', args: JSON.stringify(c.actions), answer: c.answer };
        case 'shell':
          return { name: 'shell', args: JSON.stringify(c.commands), answer: c.answer };
        case 'localShell':
          return { name: 'local_shell', args: JSON.stringify(c.command), answer: c.answer };
        case 'applyPatch':
          return { name: 'apply_patch', args: JSON.stringify(c.operation), answer: c.answer };
        case 'codeInterpreter':
        case 'fileSearch':
        case 'webSearch':
        case 'imageGeneration':
        case 'mcp':
        case 'other':
          return undefined;
      }
    })();
    if (!text) continue;
    const state = text.answer.state;
    if (state === 'awaiting' || state === 'noAnswerSeen') {
      pending.push({ kind: 'toolOutput', call: c.kind as AnsweredCallKind, callId: c.id, name: text.name, arguments: text.args, stepId: step.id, state });
    }
  }
  return pending;
}

// ── the response ────────────────────────────────────────────────────────────

function timesOf(response: Response, status: Status): Times {
  const active = isActivePhase(status.phase);
  const ended = !active && status.phase !== 'unknown';
  const finishedAs = ended ? (status.phase as Times['finishedAs']) : null;
  return {
    created: momentOf(response.created_at, true),
    // The Responses API reports no start time.
    started: status.phase === 'queued' ? { kind: 'notYet' } : notReported,
    // Ruling: `completed_at` is often absent; "not reported", never computed from anything else.
    finished: ended ? momentOf(response.completed_at, true) : momentOf(null, false),
    finishedAs,
    expires: null,
  };
}

function problemsOf(response: Response): Problem[] {
  const problems: Problem[] = [];
  if (response.error) {
    problems.push({ kind: 'error', code: response.error.code ?? null, message: response.error.message ?? null, failed: response.status === 'failed' });
  }
  if (response.incomplete_details) {
    const reason = response.incomplete_details.reason ?? null;
    problems.push({ kind: 'incomplete', reason, limit: reason === 'max_output_tokens' ? { name: reason, value: response.max_output_tokens ?? null } : null });
  }
  if (response.status === 'cancelled') problems.push({ kind: 'cancelled', at: notReported });
  return problems;
}

export function responseConfigOf(response: Response): ConfigRow[] {
  const r = response as Record<string, unknown>;
  const rows: ConfigRow[] = [];
  const reason = response.incomplete_details?.reason;
  const add = (key: string, note: ConfigRow['note'] = null) => {
    if (key in r) rows.push({ key, value: r[key], note });
  };
  // With a prompt, instructions may be a list of input items (a string is shown on its own).
  if (Array.isArray(response.instructions)) add('instructions');
  const tools = Array.isArray(response.tools) ? response.tools : [];
  add('tools', tools.length ? null : { kind: 'noTools' });
  add('tool_choice', r.tool_choice === 'none' && tools.length ? { kind: 'toolsDisabled' } : r.tool_choice === 'required' ? { kind: 'toolRequired' } : null);
  add('parallel_tool_calls', response.parallel_tool_calls === false ? { kind: 'oneToolAtATime' } : null);
  add('reasoning');
  add('text');
  add('truncation');
  const limit = response.max_output_tokens;
  add('max_output_tokens', reason === 'max_output_tokens' ? { kind: 'stoppedByLimit', reason, low: limit != null && limit < 1000 } : null);
  add('max_tool_calls');
  add('temperature');
  add('top_p');
  add('prompt');
  add('background');
  add('store');
  add('service_tier');
  add('metadata');
  return rows;
}

function cancelOf(response: Response, status: Status): CancelAbility {
  switch (status.phase) {
    case 'queued':
    case 'in_progress':
    case 'requires_action':
      // "Only responses created with background=true can be cancelled."
      return response.background === false ? { possible: false, why: 'notBackground' } : { possible: true };
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

function awaitabilityOf(status: Status): Awaitability {
  switch (status.phase) {
    case 'completed':
    case 'incomplete':
      return 'answerable';
    case 'failed':
    case 'cancelled':
    case 'expired':
      return 'ended';
    case 'queued':
    case 'in_progress':
    case 'requires_action':
    case 'cancelling':
    case 'unknown':
      return 'notYet';
  }
}

export function fromResponse({ response, inputItems, later = nothingSeenLater }: ResponseInput): AgentRun {
  const status = statusOf(response.status ?? 'unknown');
  const output = response.output ?? [];
  const rules: AnswerRules = {
    answers: indexAnswers(output, later.items),
    everythingSeen: later.seen === 'everything',
    awaitability: awaitabilityOf(status),
  };
  const steps = output.map((item, i) => stepOfItem(item, i, rules));
  // A response still running waits for nothing yet: it may still answer its own calls.
  const pending = rules.awaitability === 'answerable' ? pendingOf(steps) : [];
  const conversation = response.conversation;
  const conversationId = typeof conversation === 'string' ? conversation : (conversation?.id ?? null);
  return {
    ref: { family: 'responses', responseId: response.id },
    id: response.id,
    status,
    active: isActivePhase(status.phase),
    model: response.model ?? null,
    actor: agentOf(response.agent),
    container: conversationId ? { kind: 'conversation', id: conversationId } : null,
    previousId: response.previous_response_id ?? null,
    cancel: cancelOf(response, status),
    times: timesOf(response, status),
    usage: responseUsageOf(response.usage),
    problems: problemsOf(response),
    instructions: typeof response.instructions === 'string' ? response.instructions : null,
    config: responseConfigOf(response),
    steps,
    inputs: inputItems ? stepsFromItems(inputItems, false) : null,
    pending,
    waiting: pending.some((p) => p.state === 'awaiting'),
    metadata: response.metadata ?? null,
    raw: response,
  };
}

/** Why Cancel is not offered, decided from the response's state (never from an error text). */
export function cancelSentence(run: Pick<AgentRun, 'id' | 'status' | 'cancel'>): string | null {
  if (run.cancel.possible) return null;
  switch (run.cancel.why) {
    case 'finished':
      return `Response ${run.id} is ${run.status.wire.replace(/_/g, ' ')}: it has finished, so there is nothing to cancel.`;
    case 'notBackground':
      return `Response ${run.id} was not created with background: true; only background responses can be cancelled, so it runs until it ends.`;
    case 'cancelling':
      return `Response ${run.id} is already being cancelled.`;
    case 'unknownStatus':
      return `Response ${run.id} has a status the extension does not know ("${run.status.wire}"), so it is not offered for cancelling.`;
  }
}

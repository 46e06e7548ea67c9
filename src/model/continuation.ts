// Continuing a response: the follow-up request an app would have sent (its input answers
// the function calls and MCP approval requests the response ended with), and the
// validation of that request as the user edits it. Pure (no vscode import): the editor
// document, the panel's Required action box and the sender use the same rules, so what
// the editor accepts is exactly what is sent.
//
// Nothing waits on the server in the Responses family; the answers go into a *new*
// response chained to the old one (`previous_response_id`) or in the same conversation,
// never both. The service does not carry `instructions` over and needs the tools again,
// so they are copied from the original by explicit rules (issue 14).
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Response } from '../api/responses/schemas';
import type { AnsweredCallKind, PendingAction } from './run';
import { article, duplicateField, parseErrorProblem, propertyOf } from './toolOutputs';

// ── limits (API-CONTRACT "Rulings") ─────────────────────────────────────────

/** Longest `output` of a function or custom tool call, in characters. */
export const maxOutputChars = 10_485_760;
/** Longest `call_id`. */
export const maxCallIdChars = 64;
export const maxMetadataKeys = 16;
export const maxMetadataKeyChars = 64;
export const maxMetadataValueChars = 512;

// ── the request ─────────────────────────────────────────────────────────────

export interface ContinuationSource {
  /** The response being continued (as read from the service). */
  response: Response;
  /** Its conversation id when it belongs to one: then `conversation` is sent, never previous_response_id. */
  conversationId: string | null;
  /** Foundry project: send `agent_reference` {type:'agent_reference', name, version} from response.agent instead of model/instructions/tools (only when response.agent has a name). */
  agentReference: boolean;
  /**
   * Whether the connection supports `background: true` with `stream: true` (the document
   * then shows both): the new response's id arrives in the first event, and it can be
   * followed and cancelled.
   */
  background: boolean;
}

/** Copied from the original when present and not null, in this order (after the chain and the model or agent). */
const settingKeys = [
  'tool_choice',
  'reasoning',
  'text',
  'truncation',
  'max_output_tokens',
  'max_tool_calls',
  'parallel_tool_calls',
  'prompt',
] as const;

/** The service default of `temperature` and `top_p`; reasoning models refuse any value, so only a different one is sent. */
const samplingDefault = 1;

/**
 * What a new response copies from the original (Continue and Fork alike): the model and
 * its settings, or the agent; the explicit settings that were chosen; the metadata;
 * `temperature`/`top_p` only when not the default. Neither the chain nor the input.
 */
export function copiedSettings(response: Response, agentReference: boolean): Record<string, unknown> {
  const original = response as Record<string, unknown>;
  const present = (key: string) => original[key] !== undefined && original[key] !== null;
  const request: Record<string, unknown> = {};
  const agent = response.agent;
  if (agentReference && agent?.name) {
    // The agent brings its own model, instructions and tools.
    request.agent_reference = { type: 'agent_reference', name: agent.name, ...(agent.version ? { version: agent.version } : {}) };
  } else {
    // `model` is the resolved snapshot the response reports, so the new one runs on the same one.
    for (const key of ['model', 'instructions', 'tools'] as const) if (present(key)) request[key] = original[key];
  }
  for (const key of settingKeys) {
    if (!present(key)) continue;
    const value = original[key];
    // `reasoning` and `text` come back with every setting, null where none was chosen
    // (`reasoning: {effort: null, …}` for a model without reasoning): only the chosen ones are sent.
    if ((key === 'reasoning' || key === 'text') && value && typeof value === 'object' && !Array.isArray(value)) {
      const chosen = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
      if (chosen.length) request[key] = Object.fromEntries(chosen);
      continue;
    }
    request[key] = value;
  }
  const metadata = original.metadata;
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    request.metadata = Object.fromEntries(Object.entries(metadata).slice(0, maxMetadataKeys));
  }
  request.store = true;
  for (const key of ['temperature', 'top_p'] as const) {
    const value = original[key];
    if (typeof value === 'number' && value !== samplingDefault) request[key] = value;
  }
  return request;
}

/** The request Continue sends, built by the copy rules of issue 14, with `input` FIRST (the answers). */
export function continuationRequest(source: ContinuationSource, input: unknown[]): Record<string, unknown> {
  const request: Record<string, unknown> = { input };
  // Never both: the service refuses a request with a conversation and a previous response.
  if (source.conversationId) request.conversation = source.conversationId;
  else request.previous_response_id = source.response.id;
  Object.assign(request, copiedSettings(source.response, source.agentReference));
  if (source.background) {
    request.background = true;
    request.stream = true;
  }
  return request;
}

/** The output item type that answers each kind of call. */
const outputTypeOf = {
  function: 'function_call_output',
  custom: 'custom_tool_call_output',
  computer: 'computer_call_output',
  shell: 'shell_call_output',
  localShell: 'local_shell_call_output',
  applyPatch: 'apply_patch_call_output',
} as const satisfies Record<AnsweredCallKind, string>;

type OutputType = (typeof outputTypeOf)[AnsweredCallKind];

const callKindOf = Object.fromEntries(Object.entries(outputTypeOf).map(([kind, type]) => [type, kind])) as Record<OutputType, AnsweredCallKind>;

/** Outputs whose `output` is a string or content parts; the others have shapes of their own and are not checked here. */
const textOutputTypes: ReadonlySet<string> = new Set<OutputType>(['function_call_output', 'custom_tool_call_output']);

/**
 * The answers pre-filled for pending actions: outputs empty, approvals `approve: null` so
 * the user has to choose. Calls of other kinds (computer, shell, …) are not pre-filled.
 */
export function prefilledAnswers(pending: readonly PendingAction[]): { input: unknown[]; unsupported: PendingAction[] } {
  const input: unknown[] = [];
  const unsupported: PendingAction[] = [];
  for (const action of pending) {
    if (action.kind === 'approval') {
      input.push({ type: 'mcp_approval_response', approval_request_id: action.approvalRequestId, approve: null });
      continue;
    }
    switch (action.call) {
      case 'function':
      case 'custom':
        input.push({ type: outputTypeOf[action.call], call_id: action.callId, output: '' });
        break;
      case 'computer':
      case 'shell':
      case 'localShell':
      case 'applyPatch':
        unsupported.push(action);
        break;
    }
  }
  return { input, unsupported };
}

/** The editor document: JSON.stringify(request, null, 2) + '\n'. */
export function continueDocumentText(request: Record<string, unknown>): string {
  return `${JSON.stringify(request, null, 2)}\n`;
}

// ── validation ──────────────────────────────────────────────────────────────

export type ContinueProblemCode =
  | 'invalid-json'
  | 'not-object'
  | 'duplicate-field'
  | 'missing-input'
  | 'input-not-array'
  | 'item-not-object'
  /** An input item without a string `type`. */
  | 'unknown-type'
  | 'missing-id'
  | 'id-not-string'
  | 'id-too-long'
  | 'unknown-id'
  | 'wrong-type-for-call'
  | 'duplicate-id'
  | 'missing-output'
  | 'output-wrong-type'
  | 'output-too-large'
  | 'approve-not-boolean'
  | 'reason-not-string'
  | 'missing-answer'
  | 'nothing-pending'
  | 'input-empty'
  | 'empty-output'
  | 'both-chain-and-conversation'
  | 'no-chain'
  | 'chain-invalid'
  | 'model-missing'
  | 'agent-reference-invalid'
  | 'metadata-not-object'
  | 'metadata-too-many'
  | 'metadata-key-too-long'
  | 'metadata-value-invalid'
  | 'temperature-range'
  | 'top-p-range'
  | 'tools-not-array'
  | 'mcp-headers-missing';

export interface ContinueProblem {
  code: ContinueProblemCode;
  message: string;
  severity: 'error' | 'warning';
  /** Character offset and length in the text; for whole-document problems the root. */
  offset: number;
  length: number;
  /** The call_id / approval_request_id it is about. */
  id?: string;
  /** A JSON syntax error, which the editor's JSON language support reports too. */
  syntax?: true;
}

/** One input item that answers something, with its range (for CodeLens). */
export interface ContinueAnswer {
  kind: 'output' | 'approval';
  id: string | undefined;
  offset: number;
  length: number;
}

export interface ContinueValidation {
  problems: ContinueProblem[];
  answers: ContinueAnswer[];
  /** The parsed request when there is no error-severity problem. */
  request: Record<string, unknown> | undefined;
}

type Range = Pick<Node, 'offset' | 'length'>;

function problem(code: ContinueProblemCode, message: string, node: Range, id?: string, severity: 'error' | 'warning' = 'error'): ContinueProblem {
  return { code, message, severity, offset: node.offset, length: node.length, ...(id !== undefined ? { id } : {}) };
}

/** How a pending action is named in a sentence: `call_… (get_weather)`, `mcpr_… (roll on dmcp)`. */
function describeAction(action: PendingAction): string {
  if (action.kind === 'approval') return `${action.approvalRequestId} (${action.name}${action.serverLabel ? ` on ${action.serverLabel}` : ''})`;
  return `${action.callId} (${action.name})`;
}

const callWords: Record<AnsweredCallKind, string> = {
  function: 'a function call',
  custom: 'a custom tool call',
  computer: 'a computer call',
  shell: 'a shell call',
  localShell: 'a local shell call',
  applyPatch: 'an apply_patch call',
};

function idOf(action: PendingAction): string {
  return action.kind === 'approval' ? action.approvalRequestId : action.callId;
}

function valueOf(object: Node, name: string): Node | undefined {
  return propertyOf(object, name)?.children?.[1];
}

/** Present in the sense of the service: a `null` value is the same as leaving the field out. */
function given(node: Node | undefined): node is Node {
  return node !== undefined && node.type !== 'null';
}

/** Problems for a key given twice in one object: JSON.parse keeps the last one silently. */
function duplicateKeys(object: Node, problems: ContinueProblem[]): void {
  const names = new Set<string>();
  for (const prop of object.children ?? []) {
    const keyNode = prop.children?.[0];
    const name = keyNode?.value as string | undefined;
    if (!keyNode || name === undefined) continue;
    if (names.has(name)) problems.push(problem('duplicate-field', duplicateField(name), keyNode));
    names.add(name);
  }
}

/** Validates the document text against the pending actions (undefined = not known yet: skip the id checks). */
export function validateContinueText(text: string, pending: readonly PendingAction[] | undefined): ContinueValidation {
  if (!text.trim()) {
    return {
      problems: [problem('invalid-json', 'Invalid JSON: the document is empty; expected the request {"input": […], "previous_response_id": "resp_…", …}.', { offset: 0, length: text.length })],
      answers: [],
      request: undefined,
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !root) {
    // Judge the shape only of a document that parses: half-parsed trees give misleading problems while the user types.
    return { problems: errors.map((e) => ({ ...parseErrorProblem(e, text.length), code: 'invalid-json' as const })), answers: [], request: undefined };
  }
  if (root.type !== 'object') {
    return {
      problems: [problem('not-object', `The request must be a JSON object {"input": […], "previous_response_id": "resp_…", …}, not ${article(root.type)}.`, root)],
      answers: [],
      request: undefined,
    };
  }
  const problems: ContinueProblem[] = [];
  duplicateKeys(root, problems);
  const answers = validateInput(root, pending, problems);
  validateSettings(root, problems);
  const hasError = problems.some((p) => p.severity === 'error');
  return { problems, answers, request: hasError ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

function validateInput(root: Node, pending: readonly PendingAction[] | undefined, problems: ContinueProblem[]): ContinueAnswer[] {
  const answers: ContinueAnswer[] = [];
  const input = valueOf(root, 'input');
  if (!input) {
    problems.push(problem('missing-input', 'Missing "input": add "input": [ … ] with a function_call_output or mcp_approval_response item for each pending call or approval request.', root));
    return answers;
  }
  if (input.type !== 'array') {
    problems.push(problem('input-not-array', `"input" must be an array of items (function_call_output, custom_tool_call_output, mcp_approval_response, message, …), not ${article(input.type)}.`, input));
    return answers;
  }

  const pendingById = new Map((pending ?? []).map((action) => [idOf(action), action]));
  const pendingWords = (kind: 'output' | 'approval') => {
    const of = (pending ?? []).filter((a) => (kind === 'approval') === (a.kind === 'approval'));
    if (!of.length) return kind === 'approval' ? 'no approval' : 'no tool output';
    return of.map(describeAction).join(', ');
  };
  /** First item (1-based) answering each id, per namespace. */
  const seenOutputs = new Map<string, number>();
  const seenApprovals = new Map<string, number>();
  const context: AnswerContext = { pending, pendingById, pendingWords, problems };

  (input.children ?? []).forEach((item, index) => {
    const number = index + 1;
    if (item.type !== 'object') {
      problems.push(problem('item-not-object', `Input item ${number} must be an object such as {"type": "function_call_output", "call_id": "call_…", "output": "…"}, not ${article(item.type)}.`, item));
      return;
    }
    duplicateKeys(item, problems);
    const typeNode = valueOf(item, 'type');
    if (typeNode?.type !== 'string') {
      problems.push(
        problem(
          'unknown-type',
          `Input item ${number} needs a string "type" (such as "function_call_output", "custom_tool_call_output", "mcp_approval_response" or "message")${typeNode ? `, not ${article(typeNode.type)}` : ''}.`,
          typeNode ?? item,
        ),
      );
      return;
    }
    const type = typeNode.value as string;
    if (type === 'mcp_approval_response') {
      answers.push(validateApproval(item, number, seenApprovals, context));
    } else if (type in callKindOf) {
      answers.push(validateOutput(item, number, type as OutputType, seenOutputs, context));
    }
    // Any other item (a user message, …) is the service's to judge.
  });

  if (!input.children?.length) {
    // Nothing to send: the service would answer that the calls have no output.
    const what = pending?.length ? pending.map(describeAction).join(', ') : 'each pending call and approval request';
    problems.push(problem('input-empty', `"input" is empty, so nothing would be answered: add a function_call_output, custom_tool_call_output or mcp_approval_response item for ${what}.`, input));
    return answers;
  }
  if (pending) {
    const where = { offset: input.offset, length: 1 };
    if (!pending.length) {
      problems.push(problem('nothing-pending', 'The response waits for no tool output and no approval: there is nothing to answer, so there is nothing to continue with here.', where));
    }
    for (const action of pending) {
      const id = idOf(action);
      const answered = action.kind === 'approval' ? seenApprovals.has(id) : seenOutputs.has(id);
      if (answered) continue;
      // A partial set is allowed, but only after the user confirms it: a warning.
      const message =
        action.kind === 'approval'
          ? `No answer for the approval request ${describeAction(action)}: add {"type": "mcp_approval_response", "approval_request_id": "${id}", "approve": true or false}, or continue without it when asked.`
          : `No output for ${describeAction(action)}: add {"type": "${outputTypeOf[action.call]}", "call_id": "${id}", "output": "…"}, or continue without it when asked.`;
      problems.push(problem('missing-answer', message, where, id, 'warning'));
    }
  }
  return answers;
}

/** The id field of an answer: present, a non-empty string, short enough. */
function readId(item: Node, field: string, number: number, limit: number | undefined, problems: ContinueProblem[]): { id: string; node: Node } | undefined {
  const node = valueOf(item, field);
  if (!node || node.type === 'null' || (node.type === 'string' && node.value === '')) {
    problems.push(problem('missing-id', `Input item ${number} has no "${field}": it must name what it answers.`, node ?? item));
    return undefined;
  }
  if (node.type !== 'string') {
    problems.push(problem('id-not-string', `"${field}" must be a string, not ${article(node.type)}.`, node));
    return undefined;
  }
  const id = node.value as string;
  if (limit !== undefined && id.length > limit) {
    problems.push(problem('id-too-long', `"${field}" "${id}" is ${id.length} characters; the service accepts at most ${limit}.`, node, id));
  }
  return { id, node };
}

/** What every answer item is checked against, and where its problems go. */
interface AnswerContext {
  pending: readonly PendingAction[] | undefined;
  pendingById: ReadonlyMap<string, PendingAction>;
  /** The pending actions of a kind, in words (for "the response waits for …"). */
  pendingWords: (kind: 'output' | 'approval') => string;
  problems: ContinueProblem[];
}

function validateOutput(item: Node, number: number, type: OutputType, seen: Map<string, number>, context: AnswerContext): ContinueAnswer {
  const { pending, pendingById, pendingWords, problems } = context;
  const answer: ContinueAnswer = { kind: 'output', id: undefined, offset: item.offset, length: item.length };
  const read = readId(item, 'call_id', number, maxCallIdChars, problems);
  const id = read?.id;
  answer.id = id;
  if (read) {
    const action = pendingById.get(read.id);
    const first = seen.get(read.id);
    if (first !== undefined) {
      problems.push(problem('duplicate-id', `Duplicate output for ${action ? describeAction(action) : read.id}: input item ${first} already answers it. Each call gets exactly one output.`, read.node, read.id));
    } else {
      seen.set(read.id, number);
      if (pending && !action) {
        problems.push(problem('unknown-id', `Unknown call_id "${read.id}": the response waits for ${pendingWords('output')}.`, read.node, read.id));
      } else if (action?.kind === 'approval') {
        problems.push(
          problem('wrong-type-for-call', `${read.id} is an MCP approval request, not a call: answer it with {"type": "mcp_approval_response", "approval_request_id": "${read.id}", "approve": true or false}.`, read.node, read.id),
        );
      } else if (action && outputTypeOf[action.call] !== type) {
        problems.push(
          problem(
            'wrong-type-for-call',
            `${describeAction(action)} is ${callWords[action.call]}: answer it with "type": "${outputTypeOf[action.call]}", not "${type}".`,
            valueOf(item, 'type') ?? item,
            read.id,
          ),
        );
      }
    }
  }
  // Computer, shell and apply_patch outputs have shapes of their own: the service judges them.
  if (!textOutputTypes.has(type)) return answer;
  const outputNode = valueOf(item, 'output');
  const forId = id ? ` for ${pendingById.get(id) ? describeAction(pendingById.get(id)!) : id}` : '';
  if (!outputNode) {
    problems.push(problem('missing-output', `Input item ${number}${id ? ` (${id})` : ''} has no "output"; add "output": "…" (a string, or an array of content parts).`, item, id));
    return answer;
  }
  let size: number;
  let empty: boolean;
  if (outputNode.type === 'string') {
    const output = outputNode.value as string;
    size = output.length;
    empty = !output.trim();
  } else if (outputNode.type === 'array') {
    const parts = outputNode.children ?? [];
    let bad = false;
    size = 0;
    empty = true;
    for (const [i, part] of parts.entries()) {
      const partType = part.type === 'object' ? valueOf(part, 'type') : undefined;
      if (partType?.type !== 'string') {
        problems.push(
          problem(
            'output-wrong-type',
            `Content part ${i + 1} of the output${forId} must be an object with a string "type", such as {"type": "input_text", "text": "…"}${part.type === 'object' ? '' : `, not ${article(part.type)}`}.`,
            part,
            id,
          ),
        );
        bad = true;
        continue;
      }
      const textNode = valueOf(part, 'text');
      const partText = textNode?.type === 'string' ? (textNode.value as string) : undefined;
      size += partText?.length ?? 0;
      // A part that is not text (an image, a file) is content.
      if (partText === undefined || partText.trim()) empty = false;
    }
    if (bad) return answer;
  } else {
    problems.push(
      problem('output-wrong-type', `"output"${forId} must be a string or an array of content parts, not ${article(outputNode.type)}. To send JSON, put it in a string.`, outputNode, id),
    );
    return answer;
  }
  if (size > maxOutputChars) {
    problems.push(
      problem('output-too-large', `The output${forId} is ${size.toLocaleString('en-US')} characters; the service accepts at most ${maxOutputChars.toLocaleString('en-US')}.`, outputNode, id),
    );
  } else if (empty) {
    // Sometimes meant (a tool that returns nothing), so a warning: sending asks first.
    problems.push(problem('empty-output', `The output${forId} is empty; sending asks you to confirm an empty output.`, outputNode, id, 'warning'));
  }
  return answer;
}

function validateApproval(item: Node, number: number, seen: Map<string, number>, context: AnswerContext): ContinueAnswer {
  const { pending, pendingById, pendingWords, problems } = context;
  const answer: ContinueAnswer = { kind: 'approval', id: undefined, offset: item.offset, length: item.length };
  const read = readId(item, 'approval_request_id', number, undefined, problems);
  const action = read ? pendingById.get(read.id) : undefined;
  if (read) {
    answer.id = read.id;
    const first = seen.get(read.id);
    if (first !== undefined) {
      problems.push(
        problem('duplicate-id', `Duplicate answer for the approval request ${action ? describeAction(action) : read.id}: input item ${first} already answers it. Each request gets exactly one.`, read.node, read.id),
      );
    } else {
      seen.set(read.id, number);
      if (pending && !action) {
        problems.push(problem('unknown-id', `Unknown approval_request_id "${read.id}": the response waits for ${pendingWords('approval')}.`, read.node, read.id));
      } else if (action?.kind === 'toolOutput') {
        problems.push(
          problem(
            'wrong-type-for-call',
            `${describeAction(action)} is ${callWords[action.call]}, not an approval request: answer it with {"type": "${outputTypeOf[action.call]}", "call_id": "${read.id}", "output": "…"}.`,
            read.node,
            read.id,
          ),
        );
      }
    }
  }
  const what = action?.kind === 'approval' ? `${action.name}${action.serverLabel ? ` on ${action.serverLabel}` : ''}` : 'the call';
  const approve = valueOf(item, 'approve');
  if (approve?.type !== 'boolean') {
    const is = !approve ? 'is missing' : approve.type === 'null' ? 'is not chosen yet' : `is ${article(approve.type)}`;
    problems.push(
      problem('approve-not-boolean', `"approve"${read ? ` for ${read.id}` : ''} ${is}: choose true to approve ${what}, or false to deny it.`, approve ?? item, read?.id),
    );
  }
  const reason = valueOf(item, 'reason');
  if (reason && reason.type !== 'string' && reason.type !== 'null') {
    problems.push(problem('reason-not-string', `"reason" must be a string (or left out), not ${article(reason.type)}.`, reason, read?.id));
  }
  return answer;
}

function validateSettings(root: Node, problems: ContinueProblem[]): void {
  const previous = valueOf(root, 'previous_response_id');
  const conversation = valueOf(root, 'conversation');
  if (given(previous) && given(conversation)) {
    // On the one written second: the service refuses the pair.
    const later = previous.offset > conversation.offset ? 'previous_response_id' : 'conversation';
    problems.push(
      problem(
        'both-chain-and-conversation',
        'Both "previous_response_id" and "conversation": the service accepts only one. Keep "conversation" when the response belongs to one, otherwise "previous_response_id".',
        propertyOf(root, later)!,
      ),
    );
  } else if (!given(previous) && !given(conversation)) {
    problems.push(
      problem(
        'no-chain',
        'Neither "previous_response_id" nor "conversation": outputs must follow the response they answer. Add "previous_response_id": "resp_…" (or the "conversation" it belongs to).',
        root,
      ),
    );
  }
  if (given(previous) && (previous.type !== 'string' || !previous.value)) {
    problems.push(problem('chain-invalid', `"previous_response_id" must be a response id such as "resp_…", not ${article(previous.type)}.`, previous));
  }
  if (given(conversation)) {
    const id = conversation.type === 'object' ? valueOf(conversation, 'id') : conversation;
    if (id?.type !== 'string' || !id.value) {
      problems.push(problem('chain-invalid', '"conversation" must be a conversation id such as "conv_…" (or {"id": "conv_…"}).', conversation));
    }
  }

  const agent = valueOf(root, 'agent_reference');
  const model = valueOf(root, 'model');
  if (given(agent)) {
    const name = agent.type === 'object' ? valueOf(agent, 'name') : undefined;
    if (name?.type !== 'string' || !name.value) {
      problems.push(problem('agent-reference-invalid', '"agent_reference" must be {"type": "agent_reference", "name": "<agent>", "version": "<version>"} with the agent\'s name.', agent));
    }
  } else if (!given(model) || model.type !== 'string' || !model.value) {
    problems.push(
      problem(
        'model-missing',
        !given(model)
          ? 'Missing "model": add the model to run (the original response\'s model), or an "agent_reference".'
          : model.type === 'string'
            ? '"model" is empty: add the model to run (the original response\'s model), or an "agent_reference".'
            : `"model" must be a model name such as "gpt-4o-mini-2024-07-18", not ${article(model.type)}.`,
        given(model) ? model : root,
      ),
    );
  }

  const metadata = valueOf(root, 'metadata');
  if (given(metadata)) {
    if (metadata.type !== 'object') {
      problems.push(problem('metadata-not-object', `"metadata" must be an object of string values, not ${article(metadata.type)}.`, metadata));
    } else {
      const entries = metadata.children ?? [];
      if (entries.length > maxMetadataKeys) {
        problems.push(problem('metadata-too-many', `"metadata" has ${entries.length} keys; the service accepts at most ${maxMetadataKeys}.`, metadata));
      }
      for (const prop of entries) {
        const [key, value] = prop.children ?? [];
        const name = key?.value as string | undefined;
        if (key && name !== undefined && name.length > maxMetadataKeyChars) {
          problems.push(problem('metadata-key-too-long', `Metadata key "${name}" is ${name.length} characters; keys may have at most ${maxMetadataKeyChars}.`, key));
        }
        if (value && value.type !== 'string') {
          problems.push(problem('metadata-value-invalid', `Metadata "${name}" must be a string, not ${article(value.type)}.`, value));
        } else if (value && (value.value as string).length > maxMetadataValueChars) {
          problems.push(
            problem('metadata-value-invalid', `Metadata "${name}" is ${(value.value as string).length} characters; values may have at most ${maxMetadataValueChars}.`, value),
          );
        }
      }
    }
  }

  for (const [key, max, code] of [
    ['temperature', 2, 'temperature-range'],
    ['top_p', 1, 'top-p-range'],
  ] as const) {
    const node = valueOf(root, key);
    if (node?.type === 'number' && !((node.value as number) >= 0 && (node.value as number) <= max)) {
      problems.push(problem(code, `"${key}" is ${node.value}; it must be between 0 and ${max}.`, node));
    }
  }

  const tools = valueOf(root, 'tools');
  if (given(tools)) {
    if (tools.type !== 'array') {
      problems.push(problem('tools-not-array', `"tools" must be an array of tool definitions, not ${article(tools.type)}.`, tools));
    } else {
      for (const tool of tools.children ?? []) {
        if (tool.type !== 'object' || valueOf(tool, 'type')?.value !== 'mcp') continue;
        if (!given(valueOf(tool, 'server_url')) || given(valueOf(tool, 'headers'))) continue;
        const label = valueOf(tool, 'server_label')?.value;
        problems.push(
          problem(
            'mcp-headers-missing',
            `The service does not return an MCP tool's headers: if server ${typeof label === 'string' ? label : '(no label)'} needs any (an Authorization header), add "headers" here.`,
            tool,
            undefined,
            'warning',
          ),
        );
      }
    }
  }
}

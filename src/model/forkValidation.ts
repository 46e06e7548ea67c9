// The fork document checked as the user types: first against its JSON Schema
// (media/response-fork.schema.json, media/run-fork.schema.json — the same files give the
// editor its completion and hovers), each schema error turned into a sentence on the
// value it is about; then what a schema cannot say: a model or an agent, a tool_choice
// that names a tool the request has, calls kept with their outputs, no conversation.
// Pure: the schema's compiled validator is handed in.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { cutProblem, cutProblemWords, type WireItem } from './fork';
import { article, duplicateField, parseErrorProblem, propertyOf } from './toolOutputs';

export type ForkFamily = 'responses' | 'assistants';

export interface ForkProblem {
  message: string;
  severity: 'error' | 'warning';
  offset: number;
  length: number;
  /** The schema keyword, or the name of the check. */
  code: string;
}

export interface ForkDocument {
  replay: boolean;
  request: Record<string, unknown>;
}

export interface ForkValidation {
  problems: ForkProblem[];
  /** The document when there is no error-severity problem. */
  document: ForkDocument | undefined;
}

type Range = Pick<Node, 'offset' | 'length'>;

const problem = (code: string, message: string, node: Range, severity: 'error' | 'warning' = 'error'): ForkProblem => ({ code, message, severity, offset: node.offset, length: node.length });

/** `/request/tools/0/type` → `request.tools[0].type`. */
function pathWords(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

function segments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const typeWords = (type: unknown): string => {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => article(String(t === 'integer' ? 'integer' : t))).join(' or ');
};

/** The JSON type of a value, in the words of `article`. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** What to add for a required field, said where it is missing. */
const requiredHints: Record<string, string> = {
  input: 'the items the new response starts with, e.g. [{"role": "user", "content": "…"}]',
  request: 'the request to send',
  replay_tool_results: 'true to answer matching calls with the original\'s outputs, or false',
  assistant_id: 'the assistant that runs it ("asst_…")',
  thread: 'the new thread: {"messages": […]}',
  messages: 'the messages the new thread starts with',
  name: 'the tool\'s name',
  type: 'what kind of tool or item it is',
  function: 'the function: {"name": "…", "parameters": {…}}',
  role: '"user" or "assistant"',
  content: 'the message text',
};

function schemaMessage(error: ErrorObject, value: unknown): string | undefined {
  const where = pathWords(error.instancePath);
  const at = where ? `"${where}"` : 'The document';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${at} must be ${typeWords(params.type)}, not ${article(jsonType(value))}.`;
    case 'required': {
      const name = String(params.missingProperty);
      return `${where ? `"${where}"` : 'The document'} is missing "${name}"${requiredHints[name] ? `: ${requiredHints[name]}` : ''}.`;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      const tool = /\.tools\[\d+\]\.type$/.test(where);
      return tool ? `Unknown tool type ${JSON.stringify(value)} in "${where}": the service knows ${allowed}.` : `${at} is ${JSON.stringify(value)}; expected one of ${allowed}.`;
    }
    case 'const':
      return `${at} must be ${JSON.stringify(params.allowedValue)}.`;
    case 'minLength':
      return where.endsWith('model') ? `${at} is empty: name the model to run (the original's model), or use an agent.` : `${at} is empty.`;
    case 'maxLength':
      return `${at} is ${String(value).length} characters; at most ${String(params.limit)}.`;
    case 'minimum':
    case 'maximum':
      return `${at} is ${String(value)}; it must be at ${error.keyword === 'minimum' ? 'least' : 'most'} ${String(params.limit)}.`;
    case 'minItems':
      return `${at} is empty: it needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}.`;
    case 'maxProperties':
      return `${at} has ${Object.keys(value as object).length} keys; the service accepts at most ${String(params.limit)}.`;
    case 'propertyNames':
      return undefined; // said by its own maxLength error on the name
    case 'additionalProperties':
      return where
        ? `Unknown field "${String(params.additionalProperty)}" in ${at}.`
        : `Unknown field "${String(params.additionalProperty)}": the document holds "replay_tool_results" and "request"; settings go inside "request".`;
    case 'anyOf':
      if (where.endsWith('tool_choice')) return `${at} must be "none", "auto", "required" or an object naming a tool.`;
      if (where.endsWith('response_format')) return `${at} must be "auto" or an object.`;
      return `${at} must be a message with a "role" or an item with a string "type".`;
    case 'if':
      return undefined; // its "then" error says what is missing
    default:
      return `${at}: ${error.message ?? 'does not match the schema'}.`;
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const s of segments(pointer)) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[s] : undefined;
  return value;
}

/** The schema's errors as problems on the text: one per value, errors inside an anyOf said once by it. */
function schemaProblems(validate: ValidateFunction, value: unknown, root: Node): ForkProblem[] {
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: ForkProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // Branch errors of an anyOf are said by the anyOf itself.
    if (error.keyword !== 'anyOf' && error.schemaPath.includes('/anyOf/') && [...anyOfAt].some((p) => error.instancePath.startsWith(p))) continue;
    let pointer = error.instancePath;
    if (error.keyword === 'propertyNames') continue;
    if (error.keyword === 'maxLength' && error.propertyName !== undefined) {
      const message = `Metadata key "${error.propertyName}" is ${error.propertyName.length} characters; keys may have at most ${String((error.params as { limit: unknown }).limit)}.`;
      const key = findNodeAtLocation(root, segments(pointer))?.children?.find((p) => p.children?.[0]?.value === error.propertyName)?.children?.[0];
      problems.push(problem('maxLength', message, key ?? root));
      continue;
    }
    const message = schemaMessage(error, valueAt(value, pointer));
    if (!message || seen.has(message)) continue;
    seen.add(message);
    let node = findNodeAtLocation(root, segments(pointer));
    if (error.keyword === 'additionalProperties') {
      const name = String((error.params as { additionalProperty: unknown }).additionalProperty);
      node = (node ? propertyOf(node, name)?.children?.[0] : undefined) ?? node;
      pointer = `${pointer}/${name}`;
    }
    problems.push(problem(error.keyword, message, node ?? root));
  }
  return problems;
}

function duplicateKeys(node: Node, problems: ForkProblem[]): void {
  if (node.type === 'object') {
    const names = new Set<string>();
    for (const prop of node.children ?? []) {
      const key = prop.children?.[0];
      const name = key?.value as string | undefined;
      if (key && name !== undefined) {
        if (names.has(name)) problems.push(problem('duplicate-field', duplicateField(name), key));
        names.add(name);
      }
      const value = prop.children?.[1];
      if (value) duplicateKeys(value, problems);
    }
  } else if (node.type === 'array') {
    for (const child of node.children ?? []) duplicateKeys(child, problems);
  }
}

/** Tool names a request declares (Responses: `name`; Assistants: `function.name`). */
function toolNames(request: Record<string, unknown>): Set<string> {
  const tools = Array.isArray(request.tools) ? (request.tools as Record<string, unknown>[]) : [];
  return new Set(
    tools.flatMap((t) => {
      if (!t || typeof t !== 'object') return [];
      const fn = t.function as { name?: unknown } | undefined;
      const name = typeof t.name === 'string' ? t.name : typeof fn?.name === 'string' ? fn.name : undefined;
      return name ? [name] : [];
    }),
  );
}

/** What a schema cannot say. */
function semanticProblems(family: ForkFamily, request: Record<string, unknown>, requestNode: Node): ForkProblem[] {
  const problems: ForkProblem[] = [];
  const node = (...path: (string | number)[]) => findNodeAtLocation(requestNode, path);
  const given = (key: string) => request[key] !== undefined && request[key] !== null;

  if (family === 'responses' && !given('model') && !given('agent_reference')) {
    problems.push(problem('model-missing', 'Missing "model": add the model to run (the original response\'s model), or an "agent_reference".', requestNode));
  }
  if (family === 'responses' && given('conversation')) {
    problems.push(
      problem('conversation', '"conversation" would add the fork to a conversation; a fork never changes the original\'s. Leave it out: the items up to the fork point are in "input".', node('conversation') ?? requestNode),
    );
  }
  if (family === 'responses' && given('conversation') && given('previous_response_id')) {
    problems.push(problem('both-chain-and-conversation', 'Both "previous_response_id" and "conversation": the service accepts only one.', node('previous_response_id') ?? requestNode));
  }

  // A tool_choice naming a tool the request does not have.
  const choice = request.tool_choice as Record<string, unknown> | undefined;
  if (choice && typeof choice === 'object') {
    const fn = choice.function as { name?: unknown } | undefined;
    const name = typeof choice.name === 'string' ? choice.name : typeof fn?.name === 'string' ? fn.name : undefined;
    const names = toolNames(request);
    if (name !== undefined && (choice.type === 'function' || choice.type === 'custom') && !names.has(name)) {
      const known = [...names].map((n) => `"${n}"`).join(', ');
      problems.push(problem('unknown-tool', `"tool_choice" names the tool "${name}", which is not among "tools"${known ? ` (${known})` : ' (there are none)'}.`, node('tool_choice') ?? requestNode));
    }
  }

  // As for Continue: the service does not return an MCP tool's headers, so they are asked for.
  if (family === 'responses' && Array.isArray(request.tools)) {
    (request.tools as unknown[]).forEach((t, i) => {
      const tool = t as { type?: unknown; server_url?: unknown; headers?: unknown; server_label?: unknown } | null;
      if (!tool || tool.type !== 'mcp' || typeof tool.server_url !== 'string' || (tool.headers !== undefined && tool.headers !== null)) return;
      const label = typeof tool.server_label === 'string' ? tool.server_label : '(no label)';
      problems.push(
        problem('mcp-headers-missing', `The service does not return an MCP tool's headers: if server ${label} needs any (an Authorization header), add "headers" here.`, node('tools', i) ?? requestNode, 'warning'),
      );
    });
  }

  // Calls kept with their outputs; a reasoning item with the item that follows it.
  if (family === 'responses' && Array.isArray(request.input)) {
    const items = (request.input as unknown[]).filter((i): i is WireItem => !!i && typeof i === 'object' && !Array.isArray(i));
    if (items.length === (request.input as unknown[]).length) {
      const cut = cutProblem(items, items.length);
      if (cut) {
        const item = cut.kind === 'splitsCall' || cut.kind === 'callWithoutOutput' ? cut.call : cut.kind === 'reasoningLast' ? cut.reasoning : cut.request;
        const index = items.indexOf(item);
        const hint = cut.kind === 'reasoningLast' ? 'Remove it, or add the item that followed it' : 'Add its output after it, or remove it';
        problems.push(problem('cut', `The service would reject this input: ${cutProblemWords(cut)}. ${hint}.`, node('input', index) ?? requestNode));
      }
    }
  }
  if (family === 'assistants') {
    const thread = request.thread as { messages?: unknown } | undefined;
    if (thread && Array.isArray(thread.messages) && thread.messages.length === 0) {
      problems.push(problem('no-messages', 'The new thread has no messages: the run would start with nothing to answer. Add a user message.', node('thread', 'messages') ?? requestNode, 'warning'));
    }
  }
  return problems;
}

/** Validates a fork document's text; `validate` is its family's compiled schema. */
export function validateForkText(text: string, family: ForkFamily, validate: ValidateFunction): ForkValidation {
  if (!text.trim()) {
    return { problems: [problem('invalid-json', 'Invalid JSON: the document is empty; expected {"replay_tool_results": true, "request": {…}}.', { offset: 0, length: text.length })], document: undefined };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !root) {
    return { problems: errors.map((e) => ({ ...parseErrorProblem(e, text.length), code: 'invalid-json' })), document: undefined };
  }
  const value = JSON.parse(text) as unknown;
  const problems: ForkProblem[] = [];
  duplicateKeys(root, problems);
  problems.push(...schemaProblems(validate, value, root));
  const requestNode = root.type === 'object' ? propertyOf(root, 'request')?.children?.[1] : undefined;
  const doc = value as { replay_tool_results?: unknown; request?: unknown };
  if (requestNode?.type === 'object' && doc.request && typeof doc.request === 'object') problems.push(...semanticProblems(family, doc.request as Record<string, unknown>, requestNode));
  const ok = !problems.some((p) => p.severity === 'error');
  return { problems, document: ok ? { replay: doc.replay_tool_results === true, request: doc.request as Record<string, unknown> } : undefined };
}

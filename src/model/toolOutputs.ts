// Validation of tool outputs the user typed — a `{"tool_outputs":[…]}` object or a bare
// array — against the calls a run waits for. Pure (no vscode import): the draft editor
// turns problems into diagnostics at their ranges, the submitter and the panel's
// "Submit all" use the same rules, so what the editor accepts is exactly what is sent.
// Here, below the store and the editors, because both use it; it knows neither.
import { modify, parseTree, printParseErrorCode, type EditResult, type Node, type ParseError } from 'jsonc-parser';

export interface PendingCall {
  id: string;
  /** Function name, when the call is a function call. */
  name?: string;
  /** The arguments as the service sent them (a JSON string). */
  arguments?: string;
}

export interface ToolOutput {
  tool_call_id: string;
  output: string;
}

export type ProblemCode =
  | 'invalid-json'
  | 'wrong-shape'
  | 'missing-tool-outputs'
  | 'tool-outputs-not-array'
  | 'extra-field'
  | 'entry-not-object'
  | 'missing-id'
  | 'id-not-string'
  | 'unknown-id'
  | 'duplicate-id'
  | 'missing-output'
  | 'output-not-string'
  | 'output-too-large'
  | 'missing-call'
  | 'nothing-pending'
  | 'empty-output';

export interface ToolOutputsProblem {
  code: ProblemCode;
  message: string;
  severity: 'error' | 'warning';
  /** Character offset and length in the text; for whole-document problems the root. */
  offset: number;
  length: number;
  /** The call the problem is about, when there is one. */
  toolCallId?: string;
  /** A JSON syntax error, which the editor's JSON language support reports too. */
  syntax?: true;
}

/** One entry of the outputs array, with the ranges the editor decorates. */
export interface ToolOutputEntry {
  index: number;
  toolCallId: string | undefined;
  offset: number;
  length: number;
  /** The `output` value node's range, when present. */
  output?: { offset: number; length: number; type: string };
}

export interface ValidationOptions {
  /** Largest output in UTF-8 bytes; larger ones are refused. */
  maxOutputBytes?: number;
}

export interface ValidationResult {
  /** The outputs in the order of the pending calls, only when there is no error. */
  outputs: ToolOutput[] | undefined;
  problems: ToolOutputsProblem[];
  entries: ToolOutputEntry[];
  /** Where the outputs array is (for CodeLens and the "missing call" range). */
  array?: { offset: number; length: number };
}

const entryFields = new Set(['tool_call_id', 'output']);

function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function describeCall(call: PendingCall | undefined, id: string): string {
  return call?.name ? `${id} (${call.name})` : id;
}

function quoteList(ids: readonly string[]): string {
  return ids.join(', ');
}

const parseErrorWords: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace } is expected',
  CloseBracketExpected: 'a closing bracket ] is expected',
  EndOfFileExpected: 'nothing may follow the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (escape control characters such as newlines as \\n)',
};

export function parseErrorProblem(error: ParseError, textLength: number): ToolOutputsProblem {
  const name = printParseErrorCode(error.error);
  // An error at the very end (e.g. a missing bracket) still gets a visible range.
  const offset = Math.min(error.offset, Math.max(0, textLength - 1));
  return {
    code: 'invalid-json',
    message: `Invalid JSON: ${parseErrorWords[name] ?? name}.`,
    severity: 'error',
    offset,
    length: Math.max(1, error.length),
    syntax: true,
  };
}

/**
 * Validates tool outputs typed as text. `pending` are the calls the run waits for, in
 * order; `undefined` means unknown (ids are then only checked for shape and duplicates).
 */
export function validateToolOutputsText(
  text: string,
  pending: readonly PendingCall[] | undefined,
  options: ValidationOptions = {},
): ValidationResult {
  if (!text.trim()) {
    return {
      outputs: undefined,
      problems: [{ code: 'invalid-json', message: 'Invalid JSON: the document is empty; expected {"tool_outputs": […]}.', severity: 'error', offset: 0, length: text.length }],
      entries: [],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    // Report every syntax error, but judge the shape only of a document that parses:
    // half-parsed trees give misleading "missing" problems while the user is typing.
    return { outputs: undefined, problems: errors.map((e) => parseErrorProblem(e, text.length)), entries: [] };
  }
  if (!root) {
    return {
      outputs: undefined,
      problems: [{ code: 'invalid-json', message: 'Invalid JSON: the document is empty.', severity: 'error', offset: 0, length: 0 }],
      entries: [],
    };
  }
  return validateTree(root, pending, options);
}

/** Validates an already parsed value (e.g. from the run panel) with the same rules. */
export function validateToolOutputsValue(
  value: unknown,
  pending: readonly PendingCall[] | undefined,
  options: ValidationOptions = {},
): ValidationResult {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    return {
      outputs: undefined,
      problems: [{ code: 'wrong-shape', message: 'The tool outputs are not a JSON value.', severity: 'error', offset: 0, length: 0 }],
      entries: [],
    };
  }
  return validateToolOutputsText(text, pending, options);
}

function problem(
  code: ProblemCode,
  message: string,
  node: Pick<Node, 'offset' | 'length'>,
  toolCallId?: string,
  severity: 'error' | 'warning' = 'error',
): ToolOutputsProblem {
  return { code, message, severity, offset: node.offset, length: node.length, ...(toolCallId !== undefined ? { toolCallId } : {}) };
}

/** The property node named `name` of an object node (the last one if repeated, as JSON.parse does). */
/** A key given twice: JSON.parse keeps the last silently, so what is seen is not what is sent. */
export function duplicateField(name: string): string {
  return `Duplicate field "${name}": only the last one would be sent. Keep one.`;
}

export function propertyOf(object: Node, name: string): Node | undefined {
  let found: Node | undefined;
  for (const prop of object.children ?? []) {
    if (prop.type === 'property' && prop.children?.[0]?.value === name) found = prop;
  }
  return found;
}

function validateTree(root: Node, pending: readonly PendingCall[] | undefined, options: ValidationOptions): ValidationResult {
  const problems: ToolOutputsProblem[] = [];
  const entries: ToolOutputEntry[] = [];
  let array: Node | undefined;

  if (root.type === 'array') {
    array = root;
  } else if (root.type === 'object') {
    const names = new Set<string>();
    for (const prop of root.children ?? []) {
      const keyNode = prop.children?.[0];
      const name = keyNode?.value as string | undefined;
      if (name !== 'tool_outputs' && keyNode) {
        problems.push(problem('extra-field', `Unknown field "${name}": only "tool_outputs" is sent to the service. Remove it.`, keyNode));
      } else if (keyNode && name !== undefined && names.has(name)) {
        problems.push(problem('extra-field', duplicateField(name), keyNode));
      }
      if (name !== undefined) names.add(name);
    }
    const prop = propertyOf(root, 'tool_outputs');
    const value = prop?.children?.[1];
    if (!prop || !value) {
      problems.push(problem('missing-tool-outputs', 'Missing "tool_outputs": expected {"tool_outputs": [{"tool_call_id": "call_…", "output": "…"}, …]}.', root));
    } else if (value.type !== 'array') {
      problems.push(problem('tool-outputs-not-array', `"tool_outputs" must be an array of {"tool_call_id", "output"} objects, not ${article(value.type)}.`, value));
    } else {
      array = value;
    }
  } else {
    problems.push(
      problem('wrong-shape', `Expected {"tool_outputs": […]} or an array of tool outputs, not ${article(root.type)}.`, root),
    );
  }

  if (!array) return { outputs: undefined, problems, entries };

  const byId = new Map((pending ?? []).map((call) => [call.id, call]));
  const seen = new Map<string, number>();
  const collected: ToolOutput[] = [];
  const maxBytes = options.maxOutputBytes;

  (array.children ?? []).forEach((item, index) => {
    const entry: ToolOutputEntry = { index, toolCallId: undefined, offset: item.offset, length: item.length };
    entries.push(entry);
    if (item.type !== 'object') {
      problems.push(problem('entry-not-object', `Entry ${index + 1} must be an object {"tool_call_id": "call_…", "output": "…"}, not ${article(item.type)}.`, item));
      return;
    }
    const names = new Set<string>();
    for (const prop of item.children ?? []) {
      const keyNode = prop.children?.[0];
      const name = keyNode?.value as string | undefined;
      if (keyNode && name !== undefined && !entryFields.has(name)) {
        problems.push(problem('extra-field', `Unknown field "${name}": a tool output has only "tool_call_id" and "output". Remove it.`, keyNode));
      } else if (keyNode && name !== undefined && names.has(name)) {
        problems.push(problem('extra-field', duplicateField(name), keyNode));
      }
      if (name !== undefined) names.add(name);
    }
    const idProp = propertyOf(item, 'tool_call_id');
    const idNode = idProp?.children?.[1];
    let id: string | undefined;
    if (!idProp || !idNode) {
      problems.push(problem('missing-id', `Entry ${index + 1} has no "tool_call_id".`, item));
    } else if (idNode.type !== 'string') {
      problems.push(problem('id-not-string', `"tool_call_id" must be a string such as "call_…", not ${article(idNode.type)}.`, idNode));
    } else {
      id = idNode.value as string;
      entry.toolCallId = id;
      if (seen.has(id)) {
        problems.push(problem('duplicate-id', `Duplicate output for ${describeCall(byId.get(id), id)}: it is already answered by entry ${(seen.get(id) ?? 0) + 1}. Each call gets exactly one output.`, idNode, id));
      } else {
        seen.set(id, index);
        if (pending && !byId.has(id)) {
          const expected = pending.map((c) => c.id);
          problems.push(
            problem(
              'unknown-id',
              expected.length
                ? `Unknown tool_call_id "${id}": the run waits for ${quoteList(expected)}.`
                : `Unknown tool_call_id "${id}": the run waits for no tool calls.`,
              idNode,
              id,
            ),
          );
        }
      }
    }

    const outputProp = propertyOf(item, 'output');
    const outputNode = outputProp?.children?.[1];
    if (!outputProp || !outputNode) {
      problems.push(problem('missing-output', `Entry ${index + 1}${id ? ` (${id})` : ''} has no "output"; add "output": "…" (a string).`, item, id));
      return;
    }
    entry.output = { offset: outputNode.offset, length: outputNode.length, type: outputNode.type };
    if (outputNode.type !== 'string') {
      problems.push(
        problem(
          'output-not-string',
          `"output" must be a string, not ${article(outputNode.type)}. Tool outputs are sent as text: put the JSON in a string.`,
          outputNode,
          id,
        ),
      );
      return;
    }
    const output = outputNode.value as string;
    if (maxBytes !== undefined) {
      const size = byteLength(output);
      if (size > maxBytes) {
        problems.push(
          problem(
            'output-too-large',
            `The output${id ? ` for ${id}` : ''} is ${formatBytes(size)}; the limit is ${formatBytes(maxBytes)} per output (setting agentRuns.toolOutputs.maxOutputBytes).`,
            outputNode,
            id,
          ),
        );
        return;
      }
    }
    if (!output.trim()) {
      // Sometimes meant (a tool that returns nothing), so a warning: submitting asks first.
      problems.push(problem('empty-output', `The output${id ? ` for ${describeCall(byId.get(id), id)}` : ''} is empty; submitting asks you to confirm an empty output.`, outputNode, id, 'warning'));
    }
    if (id !== undefined && !problems.some((p) => p.toolCallId === id && p.code === 'duplicate-id')) collected.push({ tool_call_id: id, output });
  });

  if (pending) {
    const missing = pending.filter((call) => !seen.has(call.id));
    if (missing.length && pending.length) {
      // The service accepts only the full set, so a missing call is an error, shown on the array.
      const where = array.children?.length ? { offset: array.offset, length: 1 } : array;
      for (const call of missing) {
        problems.push(
          problem('missing-call', `Missing output for ${describeCall(call, call.id)}: the run waits for an output for every pending call, and only the full set can be sent.`, where, call.id),
        );
      }
    }
    if (pending.length === 0) {
      problems.push(problem('nothing-pending', 'The run waits for no tool outputs.', array, undefined, 'warning'));
    }
  }

  const hasError = problems.some((p) => p.severity === 'error');
  if (hasError || !pending?.length) return { outputs: hasError ? undefined : collected, problems, entries, array: { offset: array.offset, length: array.length } };
  // Send in the order the run listed its calls.
  const order = new Map(pending.map((call, i) => [call.id, i]));
  const outputs = [...collected].sort((a, b) => (order.get(a.tool_call_id) ?? 0) - (order.get(b.tool_call_id) ?? 0));
  return { outputs, problems, entries, array: { offset: array.offset, length: array.length } };
}

export function article(type: string): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    default:
      return type;
  }
}

/** The text that replaces a non-string `output` value: the value's JSON, as a JSON string. */
export function stringifiedOutputEdit(text: string, offset: number, length: number): string {
  const raw = text.slice(offset, offset + length);
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(raw));
  } catch {
    compact = raw;
  }
  return JSON.stringify(compact);
}

/** The pre-filled draft: one entry per pending call, in order, outputs empty. */
export function draftText(pending: readonly PendingCall[]): string {
  const body = { tool_outputs: pending.map((call) => ({ tool_call_id: call.id, output: '' })) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Where a draft's entries are: `["tool_outputs"]` in the usual object, `[]` for a bare array. */
function outputsArray(root: Node | undefined): { node: Node | undefined; path: (string | number)[] } | undefined {
  if (root?.type === 'array') return { node: root, path: [] };
  if (root?.type !== 'object') return undefined;
  const value = propertyOf(root, 'tool_outputs')?.children?.[1];
  if (value && value.type !== 'array') return undefined;
  return { node: value, path: ['tool_outputs'] };
}

/**
 * The output typed for each call in a draft's text (what the run panel's boxes show), or
 * why the text can't be read that way (the boxes then show nothing and stay read-only).
 */
export function outputsOfDraft(text: string): { outputs: Record<string, string>; problem?: string } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length) return { outputs: {}, problem: 'The draft in the editor is not valid JSON; the boxes show it again once it is fixed there.' };
  const array = outputsArray(root);
  if (!array) return { outputs: {}, problem: 'The draft in the editor is not a {"tool_outputs": […]} document; fix it there.' };
  const outputs: Record<string, string> = {};
  for (const item of array.node?.children ?? []) {
    if (item.type !== 'object') continue;
    const id = propertyOf(item, 'tool_call_id')?.children?.[1];
    const output = propertyOf(item, 'output')?.children?.[1];
    if (id?.type !== 'string' || typeof id.value !== 'string') continue;
    if (output && output.type !== 'string') {
      return { outputs: {}, problem: `The draft in the editor has an output for ${id.value} that is not a string; fix it there.` };
    }
    if (!(id.value in outputs)) outputs[id.value] = typeof output?.value === 'string' ? output.value : '';
  }
  return { outputs };
}

/**
 * The edits that set the output of `toolCallId` in a draft's text to `output`, keeping
 * everything else as typed (an entry is added when the call has none). Undefined when
 * the text is not a draft that can be edited this way.
 */
export function draftOutputEdits(text: string, toolCallId: string, output: string): EditResult | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length) return undefined;
  const array = outputsArray(root);
  if (!array) return undefined;
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  const entries = array.node?.children ?? [];
  const index = entries.findIndex((item) => item.type === 'object' && propertyOf(item, 'tool_call_id')?.children?.[1]?.value === toolCallId);
  if (index >= 0) return modify(text, [...array.path, index, 'output'], output, { formattingOptions });
  if (!array.node) return modify(text, array.path, [{ tool_call_id: toolCallId, output }], { formattingOptions });
  return modify(text, [...array.path, entries.length], { tool_call_id: toolCallId, output }, { formattingOptions, isArrayInsertion: true });
}

/**
 * Where and what to insert for calls without an entry: after the last entry (with its
 * comma), or inside an empty array, each entry on its own line.
 */
export function missingEntriesEdit(
  text: string,
  entries: readonly { offset: number; length: number }[],
  array: { offset: number; length: number },
  absent: readonly PendingCall[] = [],
): { offset: number; text: string } {
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const indentAt = (at: number) => /^[ \t]*/.exec(text.slice(lineStart(at)))![0];
  const last = entries[entries.length - 1];
  const entryIndent = last ? indentAt(last.offset) : `${indentAt(array.offset)}  `;
  const lines = absent.map((c) => `${entryIndent}{ "tool_call_id": ${JSON.stringify(c.id)}, "output": "" }`).join(',\n');
  if (last) return { offset: last.offset + last.length, text: `,\n${lines}` };
  return { offset: array.offset + 1, text: `\n${lines}\n${indentAt(array.offset)}` };
}

// Validation of request bodies, answering bad input with the 400s the real service
// gives (unknown parameter, missing parameter, wrong type, bad value). Pure functions.
import { errors } from './errors';
import type { NewMessage, ToolOutput } from './engine';
import type { RunOverrides } from './factories';
import type { Attachment, MessageContent, Metadata, Tool, ToolResources } from './types';

type Json = unknown;
type Body = Record<string, Json>;

export function parseJsonBody(raw: string): Body {
  if (raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw errors.invalidJson();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errors.invalidJson();
  return value as Body;
}

function checkKnown(body: Body, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw errors.unknownParameter(prefix + key);
  }
}

function isObject(v: Json): v is Body {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(body: Body, key: string, param: string, required = false): string | undefined {
  const v = body[key];
  if (v === undefined || (v === null && !required)) {
    if (required) throw errors.missingParameter(param);
    return undefined;
  }
  if (typeof v !== 'string') throw errors.invalidType(param, 'a string', v);
  return v;
}

function num(body: Body, key: string, param: string, integer = false): number | null | undefined {
  const v = body[key];
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== 'number' || (integer && !Number.isInteger(v))) throw errors.invalidType(param, integer ? 'an integer' : 'a number', v);
  return v;
}

function bool(body: Body, key: string, param: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw errors.invalidType(param, 'a boolean', v);
  return v;
}

export function parseMetadata(v: Json, param = 'metadata'): Metadata | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw errors.invalidType(param, 'an object', v);
  const keys = Object.keys(v);
  if (keys.length > 16) throw errors.tooManyMetadataKeys(param, keys.length);
  for (const k of keys) {
    if (k.length > 64) throw errors.stringTooLong(`${param}.${k}`, 64, k.length);
    const value = v[k];
    if (typeof value !== 'string') throw errors.invalidType(`${param}.${k}`, 'a string', value);
    if (value.length > 512) throw errors.stringTooLong(`${param}.${k}`, 512, value.length);
  }
  return v as Metadata;
}

function parseToolResources(v: Json, param: string): ToolResources | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw errors.invalidType(param, 'an object', v);
  checkKnown(v, ['code_interpreter', 'file_search'], `${param}.`);
  return v as ToolResources;
}

function parseTools(v: Json, param: string): Tool[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw errors.invalidType(param, 'an array', v);
  v.forEach((t, i) => {
    if (!isObject(t)) throw errors.invalidType(`${param}[${i}]`, 'an object', t);
    const type = str(t, 'type', `${param}[${i}].type`, true) as string;
    if (!['code_interpreter', 'file_search', 'function'].includes(type)) {
      throw errors.invalidValue(`${param}[${i}].type`, type, ['code_interpreter', 'file_search', 'function']);
    }
  });
  return v as Tool[];
}

function parseContent(v: Json, param: string): MessageContent[] {
  if (typeof v === 'string') return [{ type: 'text', text: { value: v, annotations: [] } }];
  if (!Array.isArray(v)) throw errors.invalidType(param, 'a string or an array', v);
  return v.map((part, i): MessageContent => {
    const p = `${param}[${i}]`;
    if (!isObject(part)) throw errors.invalidType(p, 'an object', part);
    const type = str(part, 'type', `${p}.type`, true) as string;
    if (type === 'text') {
      checkKnown(part, ['type', 'text'], `${p}.`);
      return { type: 'text', text: { value: str(part, 'text', `${p}.text`, true) as string, annotations: [] } };
    }
    if (type === 'image_file' || type === 'image_url') {
      const inner = part[type];
      if (!isObject(inner)) throw errors.invalidType(`${p}.${type}`, 'an object', inner);
      return type === 'image_file'
        ? { type, image_file: { file_id: str(inner, 'file_id', `${p}.image_file.file_id`, true) as string, detail: 'auto' } }
        : { type, image_url: { url: str(inner, 'url', `${p}.image_url.url`, true) as string, detail: 'auto' } };
    }
    throw errors.invalidValue(`${p}.type`, type, ['text', 'image_file', 'image_url']);
  });
}

function parseAttachments(v: Json, param: string): Attachment[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw errors.invalidType(param, 'an array', v);
  return v.map((a, i) => {
    if (!isObject(a)) throw errors.invalidType(`${param}[${i}]`, 'an object', a);
    return { file_id: str(a, 'file_id', `${param}[${i}].file_id`, true) as string, tools: (a.tools as Attachment['tools']) ?? [] };
  });
}

export function parseNewMessage(body: Json, param = ''): NewMessage {
  const at = (k: string): string => (param ? `${param}.${k}` : k);
  if (!isObject(body)) throw errors.invalidType(param || 'body', 'an object', body);
  checkKnown(body, ['role', 'content', 'attachments', 'metadata'], param ? `${param}.` : '');
  const role = str(body, 'role', at('role'), true) as string;
  if (role !== 'user' && role !== 'assistant') throw errors.invalidValue(at('role'), role, ['user', 'assistant']);
  if (body.content === undefined) throw errors.missingParameter(at('content'));
  return {
    role,
    content: parseContent(body.content, at('content')),
    attachments: parseAttachments(body.attachments, at('attachments')),
    metadata: parseMetadata(body.metadata, at('metadata')),
  };
}

function parseMessages(v: Json, param: string): NewMessage[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw errors.invalidType(param, 'an array', v);
  return v.map((m, i) => parseNewMessage(m, `${param}[${i}]`));
}

export function parseCreateThread(body: Body): { messages: NewMessage[]; metadata: Metadata; tool_resources: ToolResources } {
  checkKnown(body, ['messages', 'metadata', 'tool_resources']);
  return {
    messages: parseMessages(body.messages, 'messages'),
    metadata: parseMetadata(body.metadata) ?? {},
    tool_resources: parseToolResources(body.tool_resources, 'tool_resources') ?? {},
  };
}

const RUN_PARAMS = [
  'assistant_id',
  'model',
  'instructions',
  'tools',
  'metadata',
  'temperature',
  'top_p',
  'stream',
  'max_prompt_tokens',
  'max_completion_tokens',
  'truncation_strategy',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
] as const;

function parseRunOverrides(body: Body): RunOverrides {
  const o: RunOverrides = {};
  const model = str(body, 'model', 'model');
  if (model !== undefined) o.model = model;
  const instructions = str(body, 'instructions', 'instructions');
  if (instructions !== undefined) o.instructions = instructions;
  const tools = parseTools(body.tools, 'tools');
  if (tools) o.tools = tools;
  const metadata = parseMetadata(body.metadata);
  if (metadata) o.metadata = metadata;
  const temperature = num(body, 'temperature', 'temperature');
  if (temperature !== undefined) o.temperature = temperature;
  const topP = num(body, 'top_p', 'top_p');
  if (topP !== undefined) o.top_p = topP;
  const maxPrompt = num(body, 'max_prompt_tokens', 'max_prompt_tokens', true);
  if (maxPrompt !== undefined) o.max_prompt_tokens = maxPrompt;
  const maxCompletion = num(body, 'max_completion_tokens', 'max_completion_tokens', true);
  if (maxCompletion !== undefined) o.max_completion_tokens = maxCompletion;
  const parallel = bool(body, 'parallel_tool_calls', 'parallel_tool_calls');
  if (parallel !== undefined) o.parallel_tool_calls = parallel;
  const effort = str(body, 'reasoning_effort', 'reasoning_effort');
  if (effort !== undefined) o.reasoning_effort = effort;
  if (isObject(body.truncation_strategy)) o.truncation_strategy = body.truncation_strategy as RunOverrides['truncation_strategy'];
  if (body.tool_choice !== undefined && body.tool_choice !== null) o.tool_choice = body.tool_choice as RunOverrides['tool_choice'];
  if (body.response_format !== undefined && body.response_format !== null) o.response_format = body.response_format as RunOverrides['response_format'];
  return o;
}

export interface CreateRunInput {
  assistantId: string;
  stream: boolean;
  overrides: RunOverrides;
  additionalInstructions?: string;
  additionalMessages: NewMessage[];
}

export function parseCreateRun(body: Body): CreateRunInput {
  checkKnown(body, [...RUN_PARAMS, 'additional_instructions', 'additional_messages']);
  return {
    assistantId: str(body, 'assistant_id', 'assistant_id', true) as string,
    stream: bool(body, 'stream', 'stream') ?? false,
    overrides: parseRunOverrides(body),
    additionalInstructions: str(body, 'additional_instructions', 'additional_instructions'),
    additionalMessages: parseMessages(body.additional_messages, 'additional_messages'),
  };
}

export interface CreateThreadAndRunInput {
  assistantId: string;
  stream: boolean;
  overrides: RunOverrides;
  thread: { messages: NewMessage[]; metadata: Metadata; tool_resources: ToolResources };
}

export function parseCreateThreadAndRun(body: Body): CreateThreadAndRunInput {
  checkKnown(body, [...RUN_PARAMS, 'thread', 'tool_resources']);
  const thread = body.thread;
  if (thread !== undefined && thread !== null && !isObject(thread)) throw errors.invalidType('thread', 'an object', thread);
  const t = (thread ?? {}) as Body;
  checkKnown(t, ['messages', 'metadata', 'tool_resources'], 'thread.');
  const overrides = parseRunOverrides(body);
  const toolResources = parseToolResources(body.tool_resources, 'tool_resources');
  if (toolResources) overrides.tool_resources = toolResources;
  return {
    assistantId: str(body, 'assistant_id', 'assistant_id', true) as string,
    stream: bool(body, 'stream', 'stream') ?? false,
    overrides,
    thread: {
      messages: parseMessages(t.messages, 'thread.messages'),
      metadata: parseMetadata(t.metadata, 'thread.metadata') ?? {},
      tool_resources: parseToolResources(t.tool_resources, 'thread.tool_resources') ?? {},
    },
  };
}

export function parseSubmitToolOutputs(body: Body): { outputs: ToolOutput[]; stream: boolean } {
  checkKnown(body, ['tool_outputs', 'stream']);
  const list = body.tool_outputs;
  if (list === undefined || list === null) throw errors.missingParameter('tool_outputs');
  if (!Array.isArray(list)) throw errors.invalidType('tool_outputs', 'an array', list);
  const outputs = list.map((item, i): ToolOutput => {
    const p = `tool_outputs[${i}]`;
    if (!isObject(item)) throw errors.invalidType(p, 'an object', item);
    checkKnown(item, ['tool_call_id', 'output'], `${p}.`);
    const toolCallId = str(item, 'tool_call_id', `${p}.tool_call_id`, true) as string;
    const output = str(item, 'output', `${p}.output`) ?? '';
    return { tool_call_id: toolCallId, output };
  });
  return { outputs, stream: bool(body, 'stream', 'stream') ?? false };
}

export function parseModify(body: Body, allowToolResources: boolean): { metadata?: Metadata; tool_resources?: ToolResources } {
  checkKnown(body, allowToolResources ? ['metadata', 'tool_resources'] : ['metadata']);
  return {
    metadata: parseMetadata(body.metadata),
    tool_resources: allowToolResources ? parseToolResources(body.tool_resources, 'tool_resources') : undefined,
  };
}

// Tolerant schemas of the Responses and Conversations wire objects (OpenAI, Azure AI
// Foundry, Azure OpenAI and compatible servers). Same rules as ../schemas.ts: unknown
// fields pass through (looseObject), unknown statuses, item types and annotation kinds
// are kept as strings, and only an object that is not what was asked for fails.
//
// Items are parsed in two steps: inside a response or a list every item only needs a
// string `type` (so one odd item never hides the other 199), and `readItem` then reads
// it as its kind. An item of an unknown kind, or a known kind in a shape we cannot read,
// stays as it came and is shown as JSON.
import * as z from 'zod/mini';
import { lazy } from '../../util/lazy';
import { parseAs, parsePage, type Page } from '../schemas';

const timestamp = lazy(() => z.nullish(z.number()));
const str = lazy(() => z.nullish(z.string()));
const num = lazy(() => z.nullish(z.number()));
const bool = lazy(() => z.nullish(z.boolean()));
const metadata = lazy(() => z.nullish(z.record(z.string(), z.unknown())));

/** `object` may be omitted (Foundry lists do); when present it must name the kind. */
function objectTag(expected: string) {
  return z.nullish(
    z.string().check(z.refine((v) => v === expected, { message: `expected object "${expected}"` })),
  );
}

// ── pieces shared by items ───────────────────────────────────────────────────

/** Foundry: `{type: "agent_id", name, version}` on a response and in `created_by`. */
export const agentIdSchema = lazy(() => z.looseObject({ type: str, name: str, version: str }));

/** Foundry: who created an item (the agent and the response it belongs to). */
const createdBy = lazy(() => z.nullish(z.union([z.looseObject({ agent: z.nullish(agentIdSchema), response_id: str }), z.string()])));

/** Fields every item may carry. */
const itemBase = {
  id: str,
  status: str,
  created_by: createdBy,
};

/** A function or custom tool's output: a string or a list of content parts. */
const toolOutput = lazy(() => z.nullish(z.union([z.string(), z.array(z.unknown())])));

/** An annotation of output text; unknown kinds keep their `type` and fields. */
export const annotationSchema = lazy(() => z.looseObject({
  type: z.string(),
  url: str,
  title: str,
  file_id: str,
  filename: str,
  container_id: str,
  index: num,
  start_index: num,
  end_index: num,
}));

/** A part of a message's content: output_text, refusal, input_text, input_image, input_file, … */
export const contentPartSchema = lazy(() => z.looseObject({
  type: z.string(),
  text: str,
  refusal: str,
  annotations: z.nullish(z.array(annotationSchema)),
  image_url: str,
  file_id: str,
  file_url: str,
  filename: str,
}));

const summaryPart = lazy(() => z.looseObject({ type: str, text: str }));

// ── item kinds ───────────────────────────────────────────────────────────────

const messageItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('message'),
  role: z.string(),
  // An input message may be plain text.
  content: z.union([z.string(), z.array(contentPartSchema)]),
  phase: str,
}));

const reasoningItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('reasoning'),
  summary: z.nullish(z.array(summaryPart)),
  content: z.nullish(z.array(summaryPart)),
  encrypted_content: str,
}));

const functionCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  namespace: str,
  arguments: z.string(),
}));

const functionCallOutputItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: toolOutput,
}));

const customToolCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('custom_tool_call'),
  call_id: z.string(),
  name: z.string(),
  namespace: str,
  input: z.string(),
}));

const customToolCallOutputItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('custom_tool_call_output'),
  call_id: z.string(),
  output: toolOutput,
}));

export const fileSearchResultSchema = lazy(() => z.looseObject({
  file_id: str,
  filename: str,
  score: num,
  text: str,
  attributes: z.nullish(z.record(z.string(), z.unknown())),
}));

const fileSearchCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('file_search_call'),
  queries: z.nullish(z.array(z.string())),
  /** `null` unless asked for with `include[]=file_search_call.results`. */
  results: z.nullish(z.array(fileSearchResultSchema)),
}));

export const webSearchSourceSchema = lazy(() => z.looseObject({ type: str, url: str, name: str, title: str }));

const webSearchCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('web_search_call'),
  action: z.nullish(
    z.looseObject({
      type: z.string(),
      query: str,
      queries: z.nullish(z.array(z.string())),
      url: str,
      pattern: str,
      sources: z.nullish(z.array(webSearchSourceSchema)),
    }),
  ),
}));

/** `logs` or `image` (a URL); other kinds keep their fields. */
export const codeOutputSchema = lazy(() => z.looseObject({ type: z.string(), logs: str, url: str }));

const codeInterpreterCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('code_interpreter_call'),
  code: str,
  container_id: str,
  /** `null` unless asked for with `include[]=code_interpreter_call.outputs`. */
  outputs: z.nullish(z.array(codeOutputSchema)),
}));

const imageGenerationCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('image_generation_call'),
  /** The image, base64-encoded. */
  result: str,
  revised_prompt: str,
  output_format: str,
  size: str,
}));

const computerAction = lazy(() => z.looseObject({ type: z.string() }));
const computerCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('computer_call'),
  call_id: z.string(),
  action: z.nullish(computerAction),
  actions: z.nullish(z.array(computerAction)),
  pending_safety_checks: z.nullish(z.array(z.looseObject({ id: str, code: str, message: str }))),
}));

const computerCallOutputItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('computer_call_output'),
  call_id: z.string(),
  output: z.nullish(z.looseObject({ type: str, image_url: str, file_id: str })),
  acknowledged_safety_checks: z.nullish(z.array(z.unknown())),
}));

const mcpListToolsItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('mcp_list_tools'),
  server_label: str,
  tools: z.nullish(z.array(z.looseObject({ name: str, description: str, input_schema: z.nullish(z.unknown()) }))),
  error: z.nullish(z.unknown()),
}));

const mcpCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('mcp_call'),
  server_label: str,
  name: str,
  arguments: str,
  output: str,
  /** A string on older bodies, an object (`{type, message, …}`) in the current spec. */
  error: z.nullish(z.unknown()),
  approval_request_id: str,
}));

const mcpApprovalRequestItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('mcp_approval_request'),
  id: z.string(),
  server_label: str,
  name: str,
  arguments: str,
}));

// Ruling: `{approval_request_id, approve, reason?}`; the spec's extra `request_id` is not required.
const mcpApprovalResponseItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('mcp_approval_response'),
  approval_request_id: z.string(),
  approve: z.boolean(),
  reason: str,
}));

const shellCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('shell_call'),
  call_id: z.string(),
  action: z.nullish(
    z.looseObject({ commands: z.nullish(z.array(z.string())), timeout_ms: num, max_output_length: num }),
  ),
  environment: z.nullish(z.unknown()),
}));

const shellCallOutputItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('shell_call_output'),
  call_id: z.string(),
  output: z.nullish(
    z.array(
      z.looseObject({
        stdout: str,
        stderr: str,
        outcome: z.nullish(z.looseObject({ type: str, exit_code: num })),
      }),
    ),
  ),
}));

const localShellCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('local_shell_call'),
  call_id: z.string(),
  action: z.nullish(
    z.looseObject({
      type: str,
      command: z.nullish(z.array(z.string())),
      working_directory: str,
      timeout_ms: num,
      env: z.nullish(z.record(z.string(), z.unknown())),
      user: str,
    }),
  ),
}));

const localShellCallOutputItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('local_shell_call_output'),
  // The spec lists `call_id` as required without describing it; some bodies answer by `id`.
  call_id: str,
  output: str,
}));

const applyPatchCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('apply_patch_call'),
  call_id: z.string(),
  operation: z.nullish(z.looseObject({ type: z.string(), path: str, diff: str })),
}));

const applyPatchCallOutputItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('apply_patch_call_output'),
  call_id: z.string(),
  output: str,
}));

const compactionItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('compaction'),
  encrypted_content: str,
}));

const itemReferenceItem = lazy(() => z.looseObject({ ...itemBase, type: z.literal('item_reference'), id: z.string() }));

// Foundry's extra item kinds.
const structuredOutputsItem = lazy(() => z.looseObject({ ...itemBase, type: z.literal('structured_outputs'), output: z.nullish(z.unknown()) }));
const workflowActionItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('workflow_action'),
  kind: str,
  action_id: str,
  parent_action_id: str,
  previous_action_id: str,
}));
const memorySearchCallItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('memory_search_call'),
  results: z.nullish(z.array(z.unknown())),
}));
const oauthConsentRequestItem = lazy(() => z.looseObject({
  ...itemBase,
  type: z.literal('oauth_consent_request'),
  consent_link: str,
  server_label: str,
}));

/** Every item kind the extension reads, by its `type`. One place to add a kind. */
const itemSchemas = {
  message: messageItem,
  reasoning: reasoningItem,
  function_call: functionCallItem,
  function_call_output: functionCallOutputItem,
  custom_tool_call: customToolCallItem,
  custom_tool_call_output: customToolCallOutputItem,
  file_search_call: fileSearchCallItem,
  web_search_call: webSearchCallItem,
  code_interpreter_call: codeInterpreterCallItem,
  image_generation_call: imageGenerationCallItem,
  computer_call: computerCallItem,
  computer_call_output: computerCallOutputItem,
  mcp_list_tools: mcpListToolsItem,
  mcp_call: mcpCallItem,
  mcp_approval_request: mcpApprovalRequestItem,
  mcp_approval_response: mcpApprovalResponseItem,
  shell_call: shellCallItem,
  shell_call_output: shellCallOutputItem,
  local_shell_call: localShellCallItem,
  local_shell_call_output: localShellCallOutputItem,
  apply_patch_call: applyPatchCallItem,
  apply_patch_call_output: applyPatchCallOutputItem,
  compaction: compactionItem,
  item_reference: itemReferenceItem,
  structured_outputs: structuredOutputsItem,
  workflow_action: workflowActionItem,
  memory_search_call: memorySearchCallItem,
  oauth_consent_request: oauthConsentRequestItem,
} as const;

type ItemSchemas = typeof itemSchemas;
export type KnownItemType = keyof ItemSchemas;
/** An item of a kind the extension reads, discriminated by `type`. */
export type KnownItem = { [K in KnownItemType]: z.infer<ItemSchemas[K]> }[KnownItemType];
export type ItemOf<K extends KnownItemType> = z.infer<ItemSchemas[K]>;
export const knownItemTypes = Object.keys(itemSchemas) as readonly KnownItemType[];

/** Any item as it sits in a response or a list: only `type` is required. */
export const itemSchema = lazy(() => z.looseObject({ ...itemBase, type: z.string() }));
export type ResponseItem = z.infer<typeof itemSchema>;

export type ReadItem =
  | { known: true; item: KnownItem }
  /** Unknown kind, or a known kind in a shape the extension cannot read (`problem` says where). */
  | { known: false; item: ResponseItem; problem: string | null };

function isKnownType(type: string): type is KnownItemType {
  return Object.hasOwn(itemSchemas, type);
}

/** Reads an item as its kind; never throws. */
export function readItem(item: ResponseItem): ReadItem {
  if (!isKnownType(item.type)) return { known: false, item, problem: null };
  const result = z.safeParse(itemSchemas[item.type] as z.ZodMiniType<KnownItem>, item);
  if (result.success) return { known: true, item: result.data };
  const first = result.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : item.type;
  return { known: false, item, problem: `${where}: ${first?.message ?? 'unreadable'}` };
}

// ── responses and conversations ──────────────────────────────────────────────

export const responseUsageSchema = lazy(() => z.nullish(
  z.looseObject({
    input_tokens: num,
    // Ruling: `cache_write_tokens` is required in the spec and absent in most bodies.
    input_tokens_details: z.nullish(z.looseObject({ cached_tokens: num, cache_write_tokens: num })),
    output_tokens: num,
    output_tokens_details: z.nullish(z.looseObject({ reasoning_tokens: num })),
    total_tokens: num,
  }),
));

export const responseSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('response'),
  // Foundry marks it optional; unknown values are kept.
  status: str,
  created_at: timestamp,
  // Ruling: absent in most bodies; times are best effort.
  completed_at: timestamp,
  model: str,
  // A string, or (with prompts) a list of input items.
  instructions: z.nullish(z.union([z.string(), z.array(z.unknown())])),
  tools: z.nullish(z.array(z.unknown())),
  tool_choice: z.nullish(z.unknown()),
  reasoning: z.nullish(z.looseObject({ effort: str, summary: str })),
  text: z.nullish(z.looseObject({ format: z.nullish(z.looseObject({ type: str })), verbosity: str })),
  truncation: str,
  max_output_tokens: num,
  max_tool_calls: num,
  parallel_tool_calls: bool,
  temperature: num,
  top_p: num,
  previous_response_id: str,
  // `{id}` on the wire; a bare id is accepted too.
  conversation: z.nullish(z.union([z.looseObject({ id: z.string() }), z.string()])),
  background: bool,
  store: bool,
  metadata,
  usage: responseUsageSchema,
  // Codes outside the spec's enum occur (`insufficient_quota`): any string is kept.
  error: z.nullish(z.looseObject({ code: str, message: str })),
  incomplete_details: z.nullish(z.looseObject({ reason: str })),
  agent: z.nullish(agentIdSchema),
  output: z.nullish(z.array(itemSchema)),
}));
export type Response = z.infer<typeof responseSchema>;
export type ResponseUsage = z.infer<typeof responseUsageSchema>;

/** `POST /responses/compact`: the compacted input, as output items. */
export const compactedResponseSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('response.compaction'),
  created_at: timestamp,
  output: z.array(itemSchema),
  usage: responseUsageSchema,
}));

export const conversationSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('conversation'),
  created_at: timestamp,
  metadata,
}));
export type Conversation = z.infer<typeof conversationSchema>;

function deletedSchema(tag: string) {
  return z.looseObject({ id: z.string(), object: objectTag(tag), deleted: z.boolean() });
}
export const responseDeletedSchema = lazy(() => deletedSchema('response.deleted'));
export const conversationDeletedSchema = lazy(() => deletedSchema('conversation.deleted'));
export const inputTokensSchema = lazy(() => z.looseObject({ object: objectTag('response.input_tokens'), input_tokens: z.number() }));

// ── parsing ──────────────────────────────────────────────────────────────────

export function parseResponse(body: unknown): Response {
  return parseAs(responseSchema, 'response', body);
}

export function parseConversation(body: unknown): Conversation {
  return parseAs(conversationSchema, 'conversation', body);
}

/** A single item (`GET /conversations/{id}/items/{item_id}`). */
export function parseItem(body: unknown): ResponseItem {
  return parseAs(itemSchema, 'item', body);
}

/** A page of items: `input_items`, a conversation's items (OpenAI and Foundry shapes). */
export function parseItemPage(body: unknown, kind = 'item'): Page<ResponseItem> {
  return parsePage(itemSchema, kind, body);
}

export function parseResponsePage(body: unknown): Page<Response> {
  return parsePage(responseSchema, 'response', body);
}

export function parseConversationPage(body: unknown): Page<Conversation> {
  return parsePage(conversationSchema, 'conversation', body);
}

// Tolerant schemas of the Assistants wire objects (OpenAI v2 and Azure AI Agents).
// Unknown fields pass through (looseObject), unknown statuses and kinds are kept as
// strings, and only what the extension needs to work is required: a body that is not
// an object of the expected kind fails with a clear message instead of half-rendering.
import * as z from 'zod/mini';
import { lazy } from '../util/lazy';

const timestamp = lazy(() => z.nullish(z.number()));
const str = lazy(() => z.nullish(z.string()));
const metadata = lazy(() => z.nullish(z.record(z.string(), z.unknown())));

/** `object` may be omitted (Azure lists do); when present it must name the kind. */
function objectTag(expected: string) {
  return z.nullish(
    z.string().check(z.refine((v) => v === expected, { message: `expected object "${expected}"` })),
  );
}

export const usageSchema = lazy(() => z.nullish(
  z.looseObject({
    prompt_tokens: z.nullish(z.number()),
    completion_tokens: z.nullish(z.number()),
    total_tokens: z.nullish(z.number()),
  }),
));

export const threadSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('thread'),
  created_at: timestamp,
  metadata,
  tool_resources: z.nullish(z.unknown()),
}));

const functionCall = lazy(() => z.looseObject({
  name: z.nullish(z.string()),
  arguments: z.nullish(z.string()),
  output: z.nullish(z.string()),
}));

export const requiredToolCallSchema = lazy(() => z.looseObject({
  id: z.string(),
  type: z.string(),
  function: z.nullish(functionCall),
}));

export const runSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('thread.run'),
  thread_id: z.string(),
  assistant_id: str,
  /** What Azure's SDKs call the assistant. */
  agent_id: str,
  status: z.string(),
  created_at: timestamp,
  started_at: timestamp,
  completed_at: timestamp,
  cancelled_at: timestamp,
  failed_at: timestamp,
  expires_at: timestamp,
  model: str,
  instructions: str,
  last_error: z.nullish(z.looseObject({ code: str, message: str })),
  incomplete_details: z.nullish(z.looseObject({ reason: str })),
  required_action: z.nullish(
    z.looseObject({
      type: z.string(),
      submit_tool_outputs: z.nullish(z.looseObject({ tool_calls: z.nullish(z.array(requiredToolCallSchema)) })),
    }),
  ),
  usage: usageSchema,
  tools: z.nullish(z.array(z.unknown())),
  metadata,
  temperature: z.nullish(z.number()),
  top_p: z.nullish(z.number()),
  max_prompt_tokens: z.nullish(z.number()),
  max_completion_tokens: z.nullish(z.number()),
  parallel_tool_calls: z.nullish(z.boolean()),
}));

export const toolCallSchema = lazy(() => z.looseObject({
  id: z.nullish(z.string()),
  type: z.string(),
  function: z.nullish(functionCall),
  code_interpreter: z.nullish(
    z.looseObject({
      input: str,
      outputs: z.nullish(z.array(z.looseObject({ type: z.string() }))),
    }),
  ),
  file_search: z.nullish(
    z.looseObject({
      ranking_options: z.nullish(z.unknown()),
      results: z.nullish(
        z.array(
          z.looseObject({
            file_id: str,
            file_name: str,
            score: z.nullish(z.number()),
            content: z.nullish(z.array(z.looseObject({ type: str, text: str }))),
          }),
        ),
      ),
    }),
  ),
}));

export const runStepSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('thread.run.step'),
  run_id: str,
  thread_id: str,
  type: z.string(),
  status: z.string(),
  created_at: timestamp,
  completed_at: timestamp,
  cancelled_at: timestamp,
  failed_at: timestamp,
  expired_at: timestamp,
  last_error: z.nullish(z.looseObject({ code: str, message: str })),
  step_details: z.looseObject({
    type: str,
    tool_calls: z.nullish(z.array(toolCallSchema)),
    message_creation: z.nullish(z.looseObject({ message_id: str })),
  }),
  usage: usageSchema,
}));

export const messageContentSchema = lazy(() => z.looseObject({
  type: z.string(),
  text: z.nullish(
    z.looseObject({
      value: z.nullish(z.string()),
      annotations: z.nullish(z.array(z.looseObject({ type: z.string(), text: str }))),
    }),
  ),
  image_file: z.nullish(z.looseObject({ file_id: str })),
  image_url: z.nullish(z.looseObject({ url: str })),
}));

export const messageSchema = lazy(() => z.looseObject({
  id: z.string(),
  object: objectTag('thread.message'),
  thread_id: str,
  role: z.string(),
  status: str,
  run_id: str,
  assistant_id: str,
  created_at: timestamp,
  content: z.array(messageContentSchema),
  attachments: z.nullish(z.array(z.unknown())),
  metadata,
}));

export const listSchema = lazy(() => z.looseObject({
  object: z.optional(z.string()),
  data: z.array(z.unknown()),
  first_id: str,
  last_id: str,
  has_more: z.boolean(),
}));

export type Thread = z.infer<typeof threadSchema>;
export type Run = z.infer<typeof runSchema>;
export type RequiredToolCall = z.infer<typeof requiredToolCallSchema>;
export type RunStep = z.infer<typeof runStepSchema>;
export type ToolCall = z.infer<typeof toolCallSchema>;
export type Message = z.infer<typeof messageSchema>;
export type MessageContent = z.infer<typeof messageContentSchema>;
export type Usage = z.infer<typeof usageSchema>;

export const activeRunStatuses: ReadonlySet<string> = new Set([
  'queued',
  'in_progress',
  'requires_action',
  'cancelling',
]);
export const cancellableRunStatuses: ReadonlySet<string> = new Set(['queued', 'in_progress', 'requires_action']);

export function isActiveRun(run: Pick<Run, 'status'>): boolean {
  return activeRunStatuses.has(run.status);
}

/** The function calls a `requires_action` run waits for, in order. */
export function pendingToolCalls(run: Run): RequiredToolCall[] {
  if (run.status !== 'requires_action') return [];
  return run.required_action?.submit_tool_outputs?.tool_calls ?? [];
}

/** Thrown when a body is not an object of the expected kind. */
export class SchemaError extends Error {
  constructor(
    readonly kind: string,
    readonly detail: string,
  ) {
    super(`The service returned a ${kind} the extension cannot read (${detail}).`);
    this.name = 'SchemaError';
  }
}

function describeIssues(error: z.core.$ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid body';
  const path = first.path.length ? first.path.join('.') : 'body';
  return `${path}: ${first.message}`;
}

export function parseAs<T>(schema: z.ZodMiniType<T>, kind: string, body: unknown): T {
  const result = z.safeParse(schema, body);
  if (!result.success) throw new SchemaError(kind, describeIssues(result.error));
  return result.data;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
  /** Cursor for the next page (`after`), or undefined at the end. */
  nextAfter: string | undefined;
}

export function parsePage<T>(schema: z.ZodMiniType<T>, kind: string, body: unknown): Page<T> {
  const list = parseAs(listSchema, `${kind} list`, body);
  const items = list.data.map((item, i) => {
    try {
      return parseAs(schema, kind, item);
    } catch (error) {
      throw new SchemaError(`${kind} list`, `item ${i}: ${(error as SchemaError).detail}`);
    }
  });
  const last = items.length ? (items[items.length - 1] as { id: string }).id : undefined;
  return { items, hasMore: list.has_more, nextAfter: list.has_more ? (list.last_id ?? last) : undefined };
}

// Constructors for wire objects with every field the real service returns, so the
// engine, the demo seed and the HTTP layer never build partial objects.
import type { ScriptedAssistant } from './assistants';
import type {
  Attachment,
  Message,
  MessageContent,
  Metadata,
  Run,
  RunStep,
  RunUsage,
  StepDetails,
  Thread,
  Tool,
  ToolResources,
} from './types';

export const RUN_LIFETIME_SECONDS = 600;

export function makeThread(id: string, createdAt: number, metadata: Metadata = {}, toolResources: ToolResources = {}): Thread {
  return { id, object: 'thread', created_at: createdAt, metadata, tool_resources: toolResources };
}

export function textContent(value: string): MessageContent {
  return { type: 'text', text: { value, annotations: [] } };
}

export function makeMessage(fields: {
  id: string;
  threadId: string;
  createdAt: number;
  role: 'user' | 'assistant';
  content: MessageContent[];
  assistantId?: string | null;
  runId?: string | null;
  status?: Message['status'];
  attachments?: Attachment[];
  metadata?: Metadata;
}): Message {
  const status = fields.status ?? 'completed';
  return {
    id: fields.id,
    object: 'thread.message',
    created_at: fields.createdAt,
    assistant_id: fields.assistantId ?? null,
    thread_id: fields.threadId,
    run_id: fields.runId ?? null,
    status,
    incomplete_details: null,
    incomplete_at: null,
    completed_at: status === 'completed' ? fields.createdAt : null,
    role: fields.role,
    content: fields.content,
    attachments: fields.attachments ?? [],
    metadata: fields.metadata ?? {},
  };
}

export interface RunOverrides {
  model?: string;
  instructions?: string;
  tools?: Tool[];
  metadata?: Metadata;
  temperature?: number | null;
  top_p?: number | null;
  max_completion_tokens?: number | null;
  max_prompt_tokens?: number | null;
  truncation_strategy?: Run['truncation_strategy'];
  tool_choice?: Run['tool_choice'];
  parallel_tool_calls?: boolean;
  response_format?: Run['response_format'];
  reasoning_effort?: string | null;
  tool_resources?: ToolResources;
}

export function makeRun(id: string, threadId: string, assistant: ScriptedAssistant, createdAt: number, o: RunOverrides = {}): Run {
  return {
    id,
    object: 'thread.run',
    created_at: createdAt,
    assistant_id: assistant.id,
    thread_id: threadId,
    status: 'queued',
    started_at: null,
    expires_at: createdAt + RUN_LIFETIME_SECONDS,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    required_action: null,
    last_error: null,
    model: o.model ?? assistant.model,
    instructions: o.instructions ?? assistant.instructions,
    tools: o.tools ?? assistant.tools,
    tool_resources: o.tool_resources ?? {},
    metadata: o.metadata ?? {},
    temperature: o.temperature === undefined ? 1.0 : o.temperature,
    top_p: o.top_p === undefined ? 1.0 : o.top_p,
    reasoning_effort: o.reasoning_effort ?? null,
    max_completion_tokens: o.max_completion_tokens ?? null,
    max_prompt_tokens: o.max_prompt_tokens ?? null,
    truncation_strategy: o.truncation_strategy ?? { type: 'auto', last_messages: null },
    incomplete_details: null,
    usage: null,
    response_format: o.response_format ?? 'auto',
    tool_choice: o.tool_choice ?? 'auto',
    parallel_tool_calls: o.parallel_tool_calls ?? true,
  };
}

export function makeStep(id: string, run: Run, createdAt: number, details: StepDetails): RunStep {
  return {
    id,
    object: 'thread.run.step',
    created_at: createdAt,
    run_id: run.id,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    type: details.type,
    status: 'in_progress',
    cancelled_at: null,
    completed_at: null,
    expires_at: run.expires_at,
    expired_at: null,
    failed_at: null,
    last_error: null,
    step_details: details,
    usage: null,
    metadata: {},
  };
}

export function makeUsage(prompt: number, completion: number): RunUsage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_token_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** Rough token count (4 characters a token), enough for believable usage numbers. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

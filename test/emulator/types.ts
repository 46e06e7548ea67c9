// Wire objects of the Assistants API as the emulator stores them (OpenAI field names;
// Azure keeps the same wire names). Mode-specific differences are applied on the way
// out by presenters.ts.

export type Metadata = Record<string, string>;

export type RunStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'completed'
  | 'incomplete'
  | 'expired';

export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'in_progress', 'requires_action', 'cancelling'];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['cancelled', 'failed', 'completed', 'incomplete', 'expired'];

export type StepStatus = 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired';
export type MessageStatus = 'in_progress' | 'incomplete' | 'completed';

export interface ToolResources {
  code_interpreter?: { file_ids: string[] };
  file_search?: { vector_store_ids: string[] };
}

export interface Thread {
  id: string;
  object: 'thread';
  created_at: number;
  metadata: Metadata;
  tool_resources: ToolResources;
}

export interface FileCitationAnnotation {
  type: 'file_citation';
  text: string;
  start_index: number;
  end_index: number;
  /** `quote` is shown in Azure AI Agents mode only (its Swagger requires it; OpenAI v2 dropped it). */
  file_citation: { file_id: string; quote?: string };
}
export interface FilePathAnnotation {
  type: 'file_path';
  text: string;
  start_index: number;
  end_index: number;
  file_path: { file_id: string };
}
export type Annotation = FileCitationAnnotation | FilePathAnnotation;

export type MessageContent =
  | { type: 'text'; text: { value: string; annotations: Annotation[] } }
  | { type: 'image_file'; image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface Attachment {
  file_id: string;
  tools: Array<{ type: 'code_interpreter' | 'file_search' }>;
}

export interface Message {
  id: string;
  object: 'thread.message';
  created_at: number;
  assistant_id: string | null;
  thread_id: string;
  run_id: string | null;
  status: MessageStatus;
  incomplete_details: { reason: 'content_filter' | 'max_tokens' | 'run_cancelled' | 'run_expired' | 'run_failed' } | null;
  incomplete_at: number | null;
  completed_at: number | null;
  role: 'user' | 'assistant';
  content: MessageContent[];
  attachments: Attachment[];
  metadata: Metadata;
}

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}
export type Tool =
  | { type: 'code_interpreter' }
  | { type: 'file_search'; file_search?: { max_num_results?: number; ranking_options?: { ranker: string; score_threshold: number } } }
  | FunctionTool;

export interface RequiredToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface RunUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_token_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface Run {
  id: string;
  object: 'thread.run';
  created_at: number;
  assistant_id: string;
  thread_id: string;
  status: RunStatus;
  started_at: number | null;
  expires_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  completed_at: number | null;
  required_action: { type: 'submit_tool_outputs'; submit_tool_outputs: { tool_calls: RequiredToolCall[] } } | null;
  last_error: { code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message: string } | null;
  model: string;
  instructions: string;
  tools: Tool[];
  tool_resources: ToolResources;
  metadata: Metadata;
  temperature: number | null;
  top_p: number | null;
  reasoning_effort: string | null;
  max_completion_tokens: number | null;
  max_prompt_tokens: number | null;
  truncation_strategy: { type: 'auto' | 'last_messages'; last_messages: number | null };
  incomplete_details: { reason: 'max_completion_tokens' | 'max_prompt_tokens' } | null;
  usage: RunUsage | null;
  response_format: 'auto' | Record<string, unknown>;
  tool_choice: 'auto' | 'none' | 'required' | Record<string, unknown>;
  parallel_tool_calls: boolean;
}

export interface FunctionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string; output: string | null };
}
export interface CodeInterpreterToolCall {
  id: string;
  type: 'code_interpreter';
  code_interpreter: {
    input: string;
    outputs: Array<{ type: 'logs'; logs: string } | { type: 'image'; image: { file_id: string } }>;
  };
}
export interface FileSearchResult {
  file_id: string;
  file_name: string;
  score: number;
  attributes: Record<string, string>;
  content: Array<{ type: 'text'; text: string }>;
}
export interface FileSearchToolCall {
  id: string;
  type: 'file_search';
  file_search: { ranking_options: { ranker: string; score_threshold: number }; results: FileSearchResult[] };
}
export type StepToolCall = FunctionToolCall | CodeInterpreterToolCall | FileSearchToolCall;

export type StepDetails =
  | { type: 'message_creation'; message_creation: { message_id: string } }
  | { type: 'tool_calls'; tool_calls: StepToolCall[] };

export interface RunStep {
  id: string;
  object: 'thread.run.step';
  created_at: number;
  run_id: string;
  assistant_id: string;
  thread_id: string;
  type: 'message_creation' | 'tool_calls';
  status: StepStatus;
  cancelled_at: number | null;
  completed_at: number | null;
  expires_at: number | null;
  expired_at: number | null;
  failed_at: number | null;
  last_error: { code: 'server_error' | 'rate_limit_exceeded'; message: string } | null;
  step_details: StepDetails;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_token_details: { cached_tokens: number }; completion_tokens_details: { reasoning_tokens: number } } | null;
  metadata: Metadata;
}

/** One server-sent event as the engine emits it (objects are snapshots). */
export interface StreamEvent {
  event: string;
  threadId: string;
  runId: string | null;
  kind: 'thread' | 'run' | 'step' | 'message' | 'step.delta' | 'message.delta';
  data: unknown;
}

/** An error the HTTP layer turns into `{"error":{message,type,param,code}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  toBody(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

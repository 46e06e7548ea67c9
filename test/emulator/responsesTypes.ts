// Wire objects of the Responses and Conversations API as the emulator stores them.
// Items are kept as plain JSON objects: the API lets unknown item types through
// untouched, so the store must not narrow them. Presenting (key order, include[],
// Foundry fields) happens in responsesPresenters.ts.

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'incomplete';
export const TERMINAL_RESPONSE_STATUSES: readonly ResponseStatus[] = ['completed', 'failed', 'cancelled', 'incomplete'];

/** One input or output item (`message`, `function_call`, `mcp_call`, … or a kind we do not know). */
export type Item = { id: string; type: string } & Record<string, unknown>;

/** The scripted behaviour a response follows, chosen from its `model` (or agent name). */
export type Behaviour = 'echo' | 'tools' | 'mcp' | 'code' | 'search' | 'reason' | 'image' | 'fail' | 'incomplete' | 'slow';
export const BEHAVIOURS: readonly Behaviour[] = ['echo', 'tools', 'mcp', 'code', 'search', 'reason', 'image', 'fail', 'incomplete', 'slow'];

export interface AgentId {
  type: 'agent_id';
  name: string;
  version: string;
}

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cache_write_tokens: number; cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface StoredResponse {
  id: string;
  created_at: number;
  status: ResponseStatus;
  background: boolean;
  completed_at: number | null;
  /** Conversation id, when the response was created in one. */
  conversation: string | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  model: string;
  output: Item[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number;
  text: Record<string, unknown>;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number;
  truncation: 'auto' | 'disabled';
  usage: ResponseUsage | null;
  metadata: Record<string, string>;
  /** Foundry: the agent that ran it. */
  agent: AgentId | null;
  /** Foundry mode bodies carry `agent`, `conversation: null` and items' `created_by`. */
  foundry: boolean;
  /** This request's input, as items with ids (what GET …/input_items lists). */
  input: Item[];
  behaviour: Behaviour;
  /** Every stream event emitted so far, in order (GET ?stream=true&starting_after=N replays them). */
  events: ResponseStreamEvent[];
}

export interface ResponseStreamEvent {
  type: string;
  sequence_number: number;
  [key: string]: unknown;
}

export interface Conversation {
  id: string;
  object: 'conversation';
  created_at: number;
  metadata: Record<string, string>;
  items: Item[];
}

export interface AgentVersion {
  object: 'agent.version';
  id: string;
  name: string;
  version: string;
  description?: string;
  created_at: number;
  metadata: Record<string, string> | null;
  definition: { kind: string; model?: string; instructions?: string | null; tools?: unknown[] } & Record<string, unknown>;
}

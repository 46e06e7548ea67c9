// How responses, conversations, items and agents look on the wire. Key sets and key
// order follow the newest recorded bodies in fixtures/recorded-responses/ (Aug 2026:
// response_custom_tool_call.json, response_reasoning_summary_encrypted_content.json;
// response_with_conversation.json for `conversation`). Foundry mode follows
// azure-ai-projects-2025-11-15-preview.json: `agent`, `conversation` always present
// (nullable), items with `created_by`, lists without `object: "list"`.
import type { Page } from './pagination';
import type { AgentVersion, Conversation, Item, StoredResponse } from './responsesTypes';

export const INCLUDABLE = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
] as const;

export interface ItemOptions {
  include: ReadonlySet<string>;
  /** Foundry shows `created_by` on items, `agent` and a nullable `conversation` on responses. */
  foundry?: boolean;
}

/** Applies include[]: outputs, results, sources and encrypted reasoning only when asked for. */
export function presentItem(stored: Item, o: ItemOptions): Record<string, unknown> {
  let item: Item = stored;
  if (!o.foundry && 'created_by' in stored) {
    const { created_by: _foundryOnly, ...rest } = stored;
    item = rest as Item;
  }
  switch (item.type) {
    case 'code_interpreter_call':
      return o.include.has('code_interpreter_call.outputs') ? item : { ...item, outputs: null };
    case 'file_search_call':
      return o.include.has('file_search_call.results') ? item : { ...item, results: null };
    case 'web_search_call': {
      const action = item.action as Record<string, unknown> | undefined;
      if (!action || o.include.has('web_search_call.action.sources') || !('sources' in action)) return item;
      const { sources: _hidden, ...rest } = action;
      return { ...item, action: rest };
    }
    case 'reasoning': {
      if (o.include.has('reasoning.encrypted_content') || !('encrypted_content' in item)) return item;
      const { encrypted_content: _hidden, ...rest } = item;
      return rest;
    }
    default:
      return item;
  }
}

export function presentResponse(r: StoredResponse, o: ItemOptions): Record<string, unknown> {
  const reasoningModel = r.behaviour === 'reason' || r.behaviour === 'mcp';
  const body: Record<string, unknown> = {
    id: r.id,
    object: 'response',
    created_at: r.created_at,
    status: r.status,
    background: r.background,
    billing: { payer: 'developer' },
    completed_at: r.completed_at,
  };
  if (r.conversation !== null || o.foundry) body.conversation = r.conversation === null ? null : { id: r.conversation };
  Object.assign(body, {
    error: r.error,
    frequency_penalty: 0.0,
    incomplete_details: r.incomplete_details,
    instructions: r.instructions,
    max_output_tokens: r.max_output_tokens,
    max_tool_calls: r.max_tool_calls,
    model: r.model,
    moderation: null,
    output: r.output.map((i) => presentItem(i, o)),
    parallel_tool_calls: r.parallel_tool_calls,
    presence_penalty: 0.0,
    previous_response_id: r.previous_response_id,
    prompt_cache_key: null,
    prompt_cache_retention: 'in_memory',
    reasoning: reasoningModel
      ? { context: 'all_turns', effort: r.reasoning.effort ?? 'medium', mode: 'standard', summary: r.reasoning.summary }
      : { context: null, effort: r.reasoning.effort, summary: r.reasoning.summary },
    safety_identifier: null,
    service_tier: 'default',
    store: r.store,
    temperature: r.temperature,
    text: r.text,
    tool_choice: r.tool_choice,
    tool_usage: {
      image_gen: {
        input_tokens: 0,
        input_tokens_details: { image_tokens: 0, text_tokens: 0 },
        output_tokens: 0,
        output_tokens_details: { image_tokens: 0, text_tokens: 0 },
        total_tokens: 0,
      },
      web_search: { num_requests: r.output.filter((i) => i.type === 'web_search_call').length },
    },
    tools: r.tools,
    top_logprobs: 0,
    top_p: r.top_p,
    truncation: r.truncation,
    usage: r.usage,
    user: null,
    metadata: r.metadata,
  });
  // Optional and not nullable in the Foundry document: only for responses an agent ran.
  if (o.foundry && r.agent) body.agent = r.agent;
  return body;
}

export function presentConversation(c: Conversation): Record<string, unknown> {
  return { id: c.id, object: c.object, created_at: c.created_at, metadata: c.metadata };
}

/** OpenAI lists: `{object: "list", data, first_id, has_more, last_id}` (recorded key order). Foundry: no `object`, ids only when there are items. */
export function presentItemList<T>(page: Page<T>, present: (x: T) => unknown, foundry: boolean): Record<string, unknown> {
  const data = page.data.map(present);
  if (foundry) {
    return page.first_id === null ? { data, has_more: page.has_more } : { data, first_id: page.first_id, last_id: page.last_id, has_more: page.has_more };
  }
  return { object: 'list', data, first_id: page.first_id, has_more: page.has_more, last_id: page.last_id };
}

export function presentAgentVersion(v: AgentVersion): Record<string, unknown> {
  return { object: v.object, id: v.id, name: v.name, version: v.version, description: v.description ?? '', created_at: v.created_at, metadata: v.metadata, definition: v.definition };
}

export function presentAgent(versions: AgentVersion[]): Record<string, unknown> {
  const latest = versions[versions.length - 1];
  return { object: 'agent', id: latest.name, name: latest.name, versions: { latest: presentAgentVersion(latest) } };
}

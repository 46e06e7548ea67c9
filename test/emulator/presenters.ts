// How stored objects look on the wire in each mode. The key sets and key order follow
// the recorded OpenAI bodies (fixtures/recorded/) and, for Azure AI Agents, the v1 Swagger.
//
// Where the recordings and openai-openapi.yaml disagree we follow the recordings:
// - REST message bodies carry no status/incomplete_details/completed_at/incomplete_at
//   (every recorded GET/POST message body lacks them); streamed messages do carry them.
// - Run steps carry `expires_at` (not the spec's `expired_at`) and no `metadata`.
// - Modify-message answers carry `file_ids: []` instead of `attachments`.
// Azure mode follows its Swagger (messages with status fields, steps with
// `expired_at` and `metadata`) and omits `object` and `first_id` on lists, which the
// contract says Azure may do.
import type { Page } from './pagination';
import type { Message, Run, RunStep, StepToolCall, Thread } from './types';

export type Flavor = 'openai' | 'azure' | 'azure-openai';

export interface PresentOptions {
  flavor: Flavor;
  /** Streaming bodies (SSE) show messages with their status fields. */
  stream?: boolean;
  /** Modify-message answers carry `file_ids: []` instead of `attachments` (as recorded). */
  modifyAnswer?: boolean;
  /** include[]=step_details.tool_calls[*].file_search.results[*].content was asked for. */
  includeFileSearchContent?: boolean;
}

export function presentThread(t: Thread): Record<string, unknown> {
  return { id: t.id, object: t.object, created_at: t.created_at, metadata: t.metadata, tool_resources: t.tool_resources };
}

export function presentRun(r: Run): Record<string, unknown> {
  return {
    id: r.id,
    object: r.object,
    created_at: r.created_at,
    assistant_id: r.assistant_id,
    thread_id: r.thread_id,
    status: r.status,
    started_at: r.started_at,
    expires_at: r.expires_at,
    cancelled_at: r.cancelled_at,
    failed_at: r.failed_at,
    completed_at: r.completed_at,
    required_action: r.required_action,
    last_error: r.last_error,
    model: r.model,
    instructions: r.instructions,
    tools: r.tools,
    tool_resources: r.tool_resources,
    metadata: r.metadata,
    temperature: r.temperature,
    top_p: r.top_p,
    reasoning_effort: r.reasoning_effort,
    max_completion_tokens: r.max_completion_tokens,
    max_prompt_tokens: r.max_prompt_tokens,
    truncation_strategy: r.truncation_strategy,
    incomplete_details: r.incomplete_details,
    usage: r.usage,
    response_format: r.response_format,
    tool_choice: r.tool_choice,
    parallel_tool_calls: r.parallel_tool_calls,
  };
}

function presentContent(content: Message['content'], flavor: Flavor): unknown[] {
  return content.map((c) => {
    if (c.type !== 'text' || !c.text.annotations.length) return c;
    const annotations = c.text.annotations.map((a) => {
      if (a.type !== 'file_citation') return a;
      const { quote, file_id } = a.file_citation;
      return { ...a, file_citation: flavor === 'azure' ? { file_id, quote: quote ?? '' } : { file_id } };
    });
    return { type: 'text', text: { value: c.text.value, annotations } };
  });
}

/** Azure's MessageDelta requires `role`; OpenAI's deltas (as recorded) carry none. */
export function presentMessageDelta(delta: unknown, flavor: Flavor): unknown {
  if (flavor !== 'azure' || !delta || typeof delta !== 'object') return delta;
  const d = delta as { delta?: Record<string, unknown> };
  return { ...d, delta: { role: 'assistant', ...d.delta } };
}

export function presentMessage(m: Message, o: PresentOptions): Record<string, unknown> {
  const withStatus = o.stream || o.flavor === 'azure';
  const head = { id: m.id, object: m.object, created_at: m.created_at, assistant_id: m.assistant_id, thread_id: m.thread_id, run_id: m.run_id };
  const status = withStatus
    ? { status: m.status, incomplete_details: m.incomplete_details, incomplete_at: m.incomplete_at, completed_at: m.completed_at }
    : {};
  const content = presentContent(m.content, o.flavor);
  if (o.modifyAnswer && o.flavor !== 'azure') return { ...head, ...status, role: m.role, content, file_ids: [], metadata: m.metadata };
  return { ...head, ...status, role: m.role, content, attachments: m.attachments, metadata: m.metadata };
}

export function presentStep(s: RunStep, o: PresentOptions): Record<string, unknown> {
  const details =
    s.step_details.type === 'tool_calls'
      ? { type: 'tool_calls', tool_calls: s.step_details.tool_calls.map((c) => presentToolCall(c, o)) }
      : s.step_details;
  const head = {
    id: s.id,
    object: s.object,
    created_at: s.created_at,
    run_id: s.run_id,
    assistant_id: s.assistant_id,
    thread_id: s.thread_id,
    type: s.type,
    status: s.status,
    cancelled_at: s.cancelled_at,
    completed_at: s.completed_at,
  };
  if (o.flavor === 'azure') {
    return { ...head, expired_at: s.expired_at, failed_at: s.failed_at, last_error: s.last_error, step_details: details, usage: s.usage, metadata: s.metadata };
  }
  return { ...head, expires_at: s.expires_at, failed_at: s.failed_at, last_error: s.last_error, step_details: details, usage: s.usage };
}

function presentToolCall(c: StepToolCall, o: PresentOptions): unknown {
  if (c.type !== 'file_search') return c;
  return {
    id: c.id,
    type: c.type,
    file_search: {
      ranking_options: c.file_search.ranking_options,
      results: c.file_search.results.map((r) =>
        o.includeFileSearchContent
          ? { file_id: r.file_id, file_name: r.file_name, score: r.score, attributes: r.attributes, content: r.content }
          : { file_id: r.file_id, file_name: r.file_name, score: r.score, attributes: r.attributes },
      ),
    },
  };
}

export function presentList<T>(page: Page<T>, present: (item: T) => unknown, flavor: Flavor): Record<string, unknown> {
  const data = page.data.map(present);
  // The Azure Swagger types last_id as a (non-null) string: left out on an empty page.
  if (flavor === 'azure') return page.last_id === null ? { data, has_more: page.has_more } : { data, last_id: page.last_id, has_more: page.has_more };
  return { object: 'list', data, first_id: page.first_id, last_id: page.last_id, has_more: page.has_more };
}

export function presentDeleted(id: string, object: 'thread.deleted' | 'thread.message.deleted'): Record<string, unknown> {
  return { id, object, deleted: true };
}

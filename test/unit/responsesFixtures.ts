// Recorded Responses bodies and the mutated set (missing optional fields, unknown kinds,
// nulls) shared by the schema and model tests.
import fs from 'node:fs';
import path from 'node:path';
import { parseResponse, type Response } from '../../src/api/responses/schemas';
import { recordedResponsesDir } from '../fixtures/paths';

export interface SseEvent {
  type?: string;
  sequence_number?: number;
  response?: Record<string, unknown>;
  item?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The `data:` payloads of an SSE body, in order. */
export function readSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n'))
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data) as SseEvent);
}

export const recordedBody = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8')) as Record<string, unknown>;

/** Every response object the recordings hold: JSON bodies and the last response of each stream. */
export function recordedResponseBodies(): { file: string; body: Record<string, unknown>; response: Response }[] {
  const out: { file: string; body: Record<string, unknown>; response: Response }[] = [];
  for (const file of fs.readdirSync(recordedResponsesDir).sort()) {
    if (file.endsWith('.json')) {
      const body = recordedBody(file);
      if (body.object === 'response') out.push({ file, body, response: parseResponse(body) });
    } else if (file.endsWith('.sse')) {
      const last = readSse(fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8')).filter((e) => e.response).at(-1);
      if (last?.response) out.push({ file, body: last.response, response: parseResponse(last.response) });
    }
  }
  return out;
}

const clone = <T>(v: T): T => structuredClone(v);

/** Optional fields of a response the service may leave out or send as null. */
const optionalFields = [
  'completed_at', 'created_at', 'status', 'model', 'instructions', 'tools', 'tool_choice', 'reasoning', 'text', 'truncation',
  'max_output_tokens', 'max_tool_calls', 'parallel_tool_calls', 'previous_response_id', 'conversation', 'background',
  'store', 'metadata', 'usage', 'error', 'incomplete_details', 'output', 'temperature', 'top_p',
];

/** The mutated set: named variants of a recorded response. */
export function mutations(body: Record<string, unknown>): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const variant = (name: string, change: (b: Record<string, unknown>) => void) => {
    const b = clone(body);
    change(b);
    out.push([name, b]);
  };
  variant('all optional fields missing', (b) => optionalFields.forEach((f) => delete b[f]));
  variant('all optional fields null', (b) => optionalFields.forEach((f) => (b[f] = null)));
  variant('unknown status', (b) => (b.status = 'thinking_hard'));
  variant('usage without details', (b) => (b.usage = { input_tokens: 1, output_tokens: 2, total_tokens: 3 }));
  variant('usage details null', (b) => (b.usage = { input_tokens: 1, input_tokens_details: null, output_tokens: 2, output_tokens_details: null, total_tokens: 3 }));
  variant('error code outside the spec', (b) => (b.error = { code: 'insufficient_quota', message: 'quota' }));
  variant('Foundry agent and conversation', (b) => {
    b.agent = { type: 'agent_id', name: 'triage', version: '2' };
    b.conversation = { id: 'conv_1' };
  });
  variant('unknown item kind appended', (b) => {
    b.output = [...((b.output as unknown[]) ?? []), { type: 'hologram_call', id: 'hc_1', status: 'projecting', beam: { power: 9 } }];
  });
  variant('items with unknown statuses, null ids and unknown annotation kinds', (b) => {
    for (const item of (b.output as Record<string, unknown>[]) ?? []) {
      item.status = 'pondering';
      item.created_by = null;
      for (const part of Array.isArray(item.content) ? (item.content as Record<string, unknown>[]) : []) {
        part.annotations = [...((part.annotations as unknown[]) ?? []), { type: 'hologram_citation', start_index: 0, end_index: 1, beam: 'x' }];
      }
    }
  });
  variant('item optional fields null', (b) => {
    for (const item of (b.output as Record<string, unknown>[]) ?? []) {
      for (const key of ['status', 'summary', 'results', 'outputs', 'action', 'error', 'output', 'tools', 'code', 'encrypted_content', 'approval_request_id', 'server_label']) {
        if (key in item) item[key] = null;
      }
    }
  });
  return out;
}

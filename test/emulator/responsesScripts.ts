// What each scripted behaviour answers: a plan of output items and how the response
// ends. Pure: ids come from the caller, nothing here touches the store or the clock.
// The behaviour is chosen from the request's `model` (or the Foundry agent's name).
import { tokensOf } from './factories';
import { ApiError } from './types';
import { BEHAVIOURS, type Behaviour, type Item, type ResponseUsage } from './responsesTypes';

/** A 16×16 PNG, base64: a real image for image_generation_call results and code outputs. */
export const SMALL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABIElEQVR42n3RIXItIRCF4buSu4BZACqKBbwFIBEjRiIRESORCAQSiYhAIhFTfyFZTtRzqTQiVW26qz/Rp19vw2FQBm345uOnPg3BkAxFzl9vy2FRFm0lsARLshS7gYvjQl3oS4KLcJEuyrUBx+FQDu0kcARHchQ5f/1u/nmM5/Q4L5a+PN3zeJZHghtzc964W4KbfvPcrHsDARM4Ay5IEOiBJ7DCBiImckZclCDSI09kRV7vzJFRGZ3l0ZmQSZmSt5QKR0EVdJGgEAqpUMoGKkdFVXSVoBIqqVLqBhpHQzV0k6ARGqlR2h9/6JjO2XFdHt3pnaez+pbSwAzOgRsSDPrgGayxgYmZnBM3JZj0yTNZcwMLszgXbkmw6ItnsRb/ASk46hDsZP/tAAAAAElFTkSuQmCC';

export function behaviourOf(name: string | null | undefined): Behaviour {
  return BEHAVIOURS.includes(name as Behaviour) ? (name as Behaviour) : 'echo';
}

export interface Ending {
  status: 'completed' | 'failed' | 'incomplete';
  error?: { code: string; message: string };
  incomplete?: { reason: 'max_output_tokens' };
}

export interface Plan {
  items: Item[];
  /** `hang`: stays in_progress until cancelled (the slow script). */
  ending: Ending | 'hang';
  reasoningTokens: number;
}

export interface ScriptInput {
  behaviour: Behaviour;
  /** This request's input items. */
  input: Item[];
  /** Items earlier in the chain (previous responses, or the conversation), oldest first. */
  context: Item[];
  maxOutputTokens: number | null;
  newId(prefix: string): string;
}

export function textOfItem(item: Item): string {
  if (item.type !== 'message') return '';
  const content = item.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
}

function lastUserText(items: Item[]): string {
  for (let i = items.length - 1; i >= 0; i--) if (items[i].type === 'message' && items[i].role === 'user') return textOfItem(items[i]);
  return '';
}

export function outputMessage(id: string, text: string, annotations: unknown[] = [], status: 'completed' | 'incomplete' = 'completed'): Item {
  return { id, type: 'message', status, content: [{ type: 'output_text', annotations, logprobs: [], text }], role: 'assistant' };
}

function quote(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  return JSON.stringify(output ?? '');
}

const MCP_TOOL = {
  annotations: { read_only: false },
  description: 'Given a string of text describing a dice roll in Dungeons and Dragons, provide a result of the roll.',
  input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { diceRollExpression: { type: 'string' } }, required: ['diceRollExpression'], additionalProperties: false },
  name: 'roll',
};

export function plan(s: ScriptInput): Plan {
  const all = [...s.context, ...s.input];
  const userText = lastUserText(all);
  const msg = (text: string, annotations: unknown[] = []): Item => outputMessage(s.newId('msg'), text, annotations);
  const done = (items: Item[], reasoningTokens = 0): Plan => ({ items, ending: { status: 'completed' }, reasoningTokens });
  switch (s.behaviour) {
    case 'echo':
      return done([msg(userText ? `You said: ${userText}` : 'You said nothing.')]);

    case 'tools': {
      const outputs = s.input.filter((i) => i.type === 'function_call_output');
      if (outputs.length) {
        const quoted = outputs.map((o) => {
          const call = all.find((i) => i.type === 'function_call' && i.call_id === o.call_id);
          if (!call) throw new ApiError(400, `No tool call found for function call output with call_id ${String(o.call_id)}.`, 'invalid_request_error', 'input', null);
          return `${String(call.name)} returned "${quote(outputText(o.output))}"`;
        });
        return done([msg(`${quoted.join(' and ')}.`)]);
      }
      const city = /\bin ([\p{Lu}][\p{L}-]+)/u.exec(userText)?.[1] ?? 'Paris';
      const orderId = /\b((?:ORD-)?\d{3,})\b/.exec(userText)?.[1] ?? 'ORD-1042';
      const call = (name: string, args: unknown): Item => ({ id: s.newId('fc'), type: 'function_call', status: 'completed', arguments: JSON.stringify(args), call_id: s.newId('call').slice(0, 29), name });
      return done([call('get_weather', { city }), call('lookup_order', { order_id: orderId })]);
    }

    case 'mcp': {
      const answer = s.input.find((i) => i.type === 'mcp_approval_response');
      if (answer) {
        const request = all.find((i) => i.type === 'mcp_approval_request' && i.id === answer.approval_request_id);
        if (!request) throw new ApiError(400, `No approval request found with id '${String(answer.approval_request_id)}'.`, 'invalid_request_error', 'input', null);
        if (answer.approve !== true) {
          const reason = typeof answer.reason === 'string' && answer.reason ? ` (${answer.reason})` : '';
          return done([msg(`The call to ${String(request.name)} on ${String(request.server_label)} was not approved${reason}, so I did not run it.`)]);
        }
        return done([
          { id: s.newId('mcp'), type: 'mcp_call', approval_request_id: request.id, arguments: request.arguments, error: null, name: request.name, output: '6', server_label: request.server_label },
          msg('I rolled 2d4+1 and got 6.'),
        ]);
      }
      return done(
        [
          { id: s.newId('mcpl'), type: 'mcp_list_tools', server_label: 'dmcp', tools: [MCP_TOOL] },
          { id: s.newId('mcpr'), type: 'mcp_approval_request', arguments: JSON.stringify({ diceRollExpression: '2d4+1' }), name: 'roll', server_label: 'dmcp' },
        ],
        64,
      );
    }

    case 'code': {
      const container = s.newId('cntr');
      const fileId = `cfile_${s.newId('x').slice(2, 34)}`;
      const text = 'I saved a chart of the result to sandbox:/mnt/data/sqrt_chart.png, and the square root of 2 is 1.4142.';
      const cite = 'sandbox:/mnt/data/sqrt_chart.png';
      const start = text.indexOf(cite);
      return done([
        {
          id: s.newId('ci'),
          type: 'code_interpreter_call',
          status: 'completed',
          code: 'import math\nprint(math.sqrt(2))\nplot_sqrt()',
          container_id: container,
          outputs: [
            { type: 'logs', logs: '1.4142135623730951\n' },
            { type: 'image', url: `data:image/png;base64,${SMALL_PNG_BASE64}` },
          ],
        },
        msg(text, [{ type: 'container_file_citation', container_id: container, end_index: start + cite.length, file_id: fileId, filename: 'sqrt_chart.png', start_index: start }]),
      ]);
    }

    case 'search': {
      const query = userText || 'weather in Paris today';
      const url = 'https://example.com/weather/paris?utm_source=openai';
      const text = `It is sunny and 21°C in Paris today (example.com). The notes file agrees: bring sunglasses.`;
      const site = '(example.com)';
      const start = text.indexOf(site);
      const fileId = `file-${s.newId('x').slice(2, 24)}`;
      return done([
        {
          id: s.newId('ws'),
          type: 'web_search_call',
          status: 'completed',
          action: { type: 'search', queries: [query], query, sources: [{ type: 'url', url }, { type: 'url', url: 'https://example.org/forecast?utm_source=openai' }] },
        },
        {
          id: s.newId('fs'),
          type: 'file_search_call',
          status: 'completed',
          queries: [query],
          results: [
            { attributes: {}, file_id: fileId, filename: 'travel_notes.md', score: 0.91, text: 'Paris in June: sunny, bring sunglasses.' },
            { attributes: {}, file_id: fileId, filename: 'travel_notes.md', score: 0.62, text: 'Book restaurants two days ahead.' },
          ],
        },
        msg(text, [
          { type: 'url_citation', end_index: start + site.length, start_index: start, title: 'Paris weather today', url },
          { type: 'file_citation', file_id: fileId, filename: 'travel_notes.md', index: start + site.length },
        ]),
      ]);
    }

    case 'reason':
      return done(
        [
          {
            id: s.newId('rs'),
            type: 'reasoning',
            content: [],
            summary: [{ type: 'summary_text', text: `**Thinking it through**\n\nThe user asked: ${quote(userText, 200) || '(nothing)'}. A short, direct answer is best.` }],
            encrypted_content: `gAAAAB${Buffer.from(`reasoning:${userText}`).toString('base64')}`,
          },
          // As recorded for reasoning models (response_reasoning_summary_encrypted_content.json).
          { ...msg(userText ? `After thinking it over: ${userText}` : 'After thinking it over, there is nothing to answer.'), phase: 'final_answer' },
        ],
        192,
      );

    case 'image':
      return done([{ id: s.newId('ig'), type: 'image_generation_call', status: 'completed', result: SMALL_PNG_BASE64 }]);

    case 'fail':
      return { items: [], ending: { status: 'failed', error: { code: 'server_error', message: 'The server had an error processing your request. Sorry about that! You can retry your request.' } }, reasoningTokens: 0 };

    case 'incomplete': {
      const words = 'Here is a long answer that was cut short because the response reached its max output tokens'.split(' ');
      const limit = Math.max(1, Math.min(words.length - 1, s.maxOutputTokens ?? 12));
      return { items: [outputMessage(s.newId('msg'), words.slice(0, limit).join(' '), [], 'incomplete')], ending: { status: 'incomplete', incomplete: { reason: 'max_output_tokens' } }, reasoningTokens: 0 };
    }

    case 'slow':
      return { items: [], ending: 'hang', reasoningTokens: 0 };
  }
}

/** Believable usage: input from the text of every item the model saw, part of the earlier context cached. */
export function usageFor(input: Item[], context: Item[], output: Item[], reasoningTokens: number): ResponseUsage {
  const size = (items: Item[]): number => items.reduce((n, i) => n + tokensOf(JSON.stringify(i)), 0);
  const contextTokens = context.length ? size(context) : 0;
  const inputTokens = contextTokens + size(input) + 8;
  const outputTokens = (output.length ? size(output) : 0) + reasoningTokens;
  const cached = contextTokens >= 64 ? Math.floor(contextTokens / 64) * 64 : 0;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cache_write_tokens: 0, cached_tokens: cached },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

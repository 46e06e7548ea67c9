// The `demo` seed of the Responses family: conversations and responses in every status,
// a 1,000-item conversation, a response with 200 output items and about 2 MB of content,
// previous_response_id chains, a pending function call and a pending MCP approval,
// non-Latin and hostile text. Deterministic: fixed ids (DEMO_RESPONSES) and a seeded
// generator for the rest. Seeded responses are snapshots: nothing drives them, but the
// queued and in_progress ones (background) can be cancelled.
import { DEMO_RESPONSES as D, HOSTILE_STRINGS } from './demoIds';
import { SeededRandom } from './random';
import { outputMessage, SMALL_PNG_BASE64, usageFor } from './responsesScripts';
import type { ResponsesState } from './responsesState';
import type { AgentId, Behaviour, Item, ResponseStatus, StoredResponse } from './responsesTypes';

class Builder {
  readonly rng = new SeededRandom('demo-responses');
  constructor(readonly state: ResponsesState) {}

  id(prefix: string): string {
    let hex = '';
    for (let i = 0; i < 48; i++) hex += '0123456789abcdef'[this.rng.int(16)];
    return `${prefix}_${hex}`;
  }

  user(text: string): Item {
    return { id: this.id('msg'), type: 'message', status: 'completed', content: [{ type: 'input_text', text }], role: 'user' };
  }

  say(text: string): Item {
    return outputMessage(this.id('msg'), text);
  }

  call(name: string, args: unknown, callId = `call_${this.id('x').slice(2, 26)}`): Item {
    return { id: this.id('fc'), type: 'function_call', status: 'completed', arguments: JSON.stringify(args), call_id: callId, name };
  }

  output(callId: string, output: string): Item {
    return { id: this.id('fc'), type: 'function_call_output', status: 'completed', call_id: callId, output };
  }

  reasoning(text: string): Item {
    return { id: this.id('rs'), type: 'reasoning', summary: [{ type: 'summary_text', text }] };
  }

  response(
    id: string,
    at: number,
    status: ResponseStatus,
    fields: { behaviour?: Behaviour; model?: string; input: Item[]; output?: Item[]; previous?: string; conversation?: string; background?: boolean; instructions?: string; metadata?: Record<string, string>; agent?: AgentId; reasoningTokens?: number },
  ): StoredResponse {
    const output = fields.output ?? [];
    const terminal = status !== 'queued' && status !== 'in_progress';
    for (const item of output) item.created_by = fields.agent ? { agent: fields.agent, response_id: id } : { response_id: id };
    const context = fields.previous ? this.chainItems(fields.previous) : [];
    const r: StoredResponse = {
      id,
      created_at: at,
      status,
      background: fields.background ?? !terminal,
      completed_at: status === 'completed' ? at + 3 : null,
      conversation: fields.conversation ?? null,
      error: status === 'failed' ? { code: 'server_error', message: 'The server had an error processing your request. Sorry about that! You can retry your request.' } : null,
      incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
      instructions: fields.instructions ?? null,
      max_output_tokens: status === 'incomplete' ? 16 : null,
      max_tool_calls: null,
      model: fields.model ?? fields.behaviour ?? 'gpt-4.1-mini',
      output,
      parallel_tool_calls: true,
      previous_response_id: fields.previous ?? null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: 1.0,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [],
      top_p: 1.0,
      truncation: 'disabled',
      usage: terminal ? usageFor(fields.input, context, output, fields.reasoningTokens ?? 0) : null,
      metadata: fields.metadata ?? {},
      agent: fields.agent ?? null,
      foundry: false,
      input: fields.input,
      behaviour: fields.behaviour ?? 'echo',
      events: [],
    };
    this.state.addResponse(r);
    if (r.conversation) this.state.getConversation(r.conversation).items.push(...r.input, ...(terminal ? output : []));
    return r;
  }

  private chainItems(id: string | null): Item[] {
    const out: Item[][] = [];
    while (id) {
      const r = this.state.findResponse(id);
      if (!r) break;
      out.unshift([...r.input, ...r.output]);
      id = r.previous_response_id;
    }
    return out.flat();
  }

  conversation(id: string, at: number, metadata: Record<string, string>, items: Item[] = []): void {
    this.state.addConversation({ id, object: 'conversation', created_at: at, metadata, items });
  }
}

const UNICODE_TEXT = [
  '東京で今夜二人で夕食を予約できますか？',
  'Забронируйте столик на двоих сегодня вечером.',
  'هل يمكنك حجز طاولة لشخصين الليلة؟',
  'क्या आप आज रात दो लोगों के लिए टेबल बुक कर सकते हैं?',
  '请帮我预订今晚两个人的桌子。🍜🍣',
];

export function seedResponsesDemo(state: ResponsesState, now: number): void {
  const b = new Builder(state);
  const day = 86400;
  const t0 = now - 2 * day;

  // Every status ------------------------------------------------------------------------------
  b.response(D.responses.completed, t0, 'completed', { input: [b.user('Say hello.')], output: [b.say('You said: Say hello.')], metadata: { purpose: 'demo: completed' } });
  b.response(D.responses.failed, t0 + 60, 'failed', { behaviour: 'fail', input: [b.user('Summarise the report.')] });
  b.response(D.responses.incomplete, t0 + 120, 'incomplete', {
    behaviour: 'incomplete',
    input: [b.user('Write a long poem about mangoes.')],
    output: [outputMessage(b.id('msg'), 'Mango sun-kissed sweet, golden nectar drips like rain, summer', [], 'incomplete')],
  });
  b.response(D.responses.cancelled, t0 + 180, 'cancelled', { behaviour: 'slow', background: true, input: [b.user('Think about this for a very long time.')] });
  b.response(D.responses.queued, now - 30, 'queued', { behaviour: 'slow', input: [b.user('Queued: nothing has started yet.')] });
  b.response(D.responses.inProgress, now - 20, 'in_progress', { behaviour: 'slow', input: [b.user('Still working on it.')] });

  // Pending actions ---------------------------------------------------------------------------
  b.response(D.responses.pendingFunctionCall, t0 + 240, 'completed', {
    behaviour: 'tools',
    input: [b.user('What is the weather in Lisbon, and where is order ORD-2077?')],
    output: [b.call('get_weather', { city: 'Lisbon' }, D.calls.pendingWeather), b.call('lookup_order', { order_id: 'ORD-2077' }, D.calls.pendingOrder)],
  });
  b.response(D.responses.pendingMcpApproval, t0 + 300, 'completed', {
    behaviour: 'mcp',
    reasoningTokens: 64,
    input: [b.user('Roll 2d4+1 for me.')],
    output: [
      { id: b.id('mcpl'), type: 'mcp_list_tools', server_label: 'dmcp', tools: [{ annotations: { read_only: false }, description: 'Rolls dice.', input_schema: { type: 'object', properties: { diceRollExpression: { type: 'string' } } }, name: 'roll' }] },
      { id: D.items.pendingMcpApproval, type: 'mcp_approval_request', arguments: JSON.stringify({ diceRollExpression: '2d4+1' }), name: 'roll', server_label: 'dmcp' },
    ],
  });

  // A previous_response_id chain ----------------------------------------------------------------
  const chainCalls = [b.call('get_weather', { city: 'Porto' }), b.call('lookup_order', { order_id: 'ORD-3001' })];
  b.response(D.responses.chain1, t0 + 400, 'completed', { input: [b.user('Hi! I am planning a trip to Porto.')], output: [b.say('You said: Hi! I am planning a trip to Porto.')], instructions: 'Be brief.' });
  b.response(D.responses.chain2, t0 + 460, 'completed', { behaviour: 'tools', previous: D.responses.chain1, input: [b.user('Weather in Porto, and order ORD-3001?')], output: chainCalls });
  b.response(D.responses.chain3, t0 + 520, 'completed', {
    behaviour: 'tools',
    previous: D.responses.chain2,
    input: [b.output(String(chainCalls[0].call_id), '{"temp_c": 19, "sky": "clear"}'), b.output(String(chainCalls[1].call_id), '{"status": "shipped"}')],
    output: [b.say('get_weather returned "{"temp_c": 19, "sky": "clear"}" and lookup_order returned "{"status": "shipped"}".')],
  });

  // Conversations ---------------------------------------------------------------------------------
  b.conversation(D.conversations.support, t0 + 600, { topic: 'Plan a weekend in Lisbon', user: 'ana@example.com' });
  b.response(D.responses.inConversation, t0 + 620, 'completed', {
    conversation: D.conversations.support,
    input: [b.user('Plan a weekend in Lisbon for two.')],
    output: [b.reasoning('**Planning**\n\nTwo days, two people: food, views, a tram ride.'), b.say('Day 1: Alfama and the 28 tram. Day 2: Belém and pastéis de nata.')],
    reasoningTokens: 48,
  });

  const big: Item[] = [];
  for (let i = 0; big.length < D.counts.bigConversationItems; i++) {
    const k = i % 5;
    if (k === 0) big.push(b.user(`Question ${i + 1}: what about day ${(i % 7) + 1}?`));
    else if (k === 1) big.push(b.reasoning(`Considering option ${i}.`));
    else if (k === 2) {
      const c = b.call('lookup_order', { order_id: `ORD-${4000 + i}` });
      big.push(c);
      if (big.length < D.counts.bigConversationItems) big.push(b.output(String(c.call_id), `{"order": "ORD-${4000 + i}", "status": "delivered"}`));
    } else big.push(b.say(`Answer ${i + 1}: here is what I found.`));
  }
  b.conversation(D.conversations.big, t0 + 700, { topic: 'A long conversation (1,000 items)' }, big.slice(0, D.counts.bigConversationItems));

  // 200 output items, about 2 MB ------------------------------------------------------------------
  const items: Item[] = [];
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(180); // ≈ 10.3 KB
  for (let i = 0; i < D.counts.bigResponseOutputItems; i++) {
    switch (i % 4) {
      case 0:
        items.push(b.say(`Part ${i + 1}. ${filler}`));
        break;
      case 1:
        items.push(b.reasoning(`Step ${i + 1}: ${filler}`));
        break;
      case 2:
        items.push(b.call('lookup_order', { order_id: `ORD-${i}`, note: filler }));
        break;
      default:
        items.push({ id: b.id('ws'), type: 'web_search_call', status: 'completed', action: { type: 'search', query: `query ${i + 1} ${filler}` } });
    }
  }
  b.response(D.responses.big200Items, t0 + 800, 'completed', { input: [b.user('Write everything you know, with sources.')], output: items });

  // Every item kind ---------------------------------------------------------------------------------
  const container = b.id('cntr');
  const chartText = 'Here is the chart: sandbox:/mnt/data/chart.png. Sources: example.com.';
  const cite = 'sandbox:/mnt/data/chart.png';
  b.response(D.responses.everyKind, t0 + 900, 'completed', {
    behaviour: 'code',
    reasoningTokens: 120,
    input: [b.user('Chart the data, search the web and my files, and draw a logo.')],
    output: [
      b.reasoning('**Plan**\n\nRun code, search, then draw.'),
      { id: b.id('ci'), type: 'code_interpreter_call', status: 'completed', code: 'import matplotlib\nplot()', container_id: container, outputs: [{ type: 'logs', logs: 'ok\n' }, { type: 'image', url: `data:image/png;base64,${SMALL_PNG_BASE64}` }] },
      { id: b.id('ws'), type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'sales 2026', sources: [{ type: 'url', url: 'https://example.com/sales' }] } },
      { id: b.id('fs'), type: 'file_search_call', status: 'completed', queries: ['sales 2026'], results: [{ attributes: {}, file_id: 'file-demoSales000000000000', filename: 'sales.md', score: 0.88, text: 'Q3 grew 12%.' }] },
      { id: b.id('ig'), type: 'image_generation_call', status: 'completed', result: SMALL_PNG_BASE64 },
      outputMessage(b.id('msg'), chartText, [
        { type: 'container_file_citation', container_id: container, end_index: chartText.indexOf(cite) + cite.length, file_id: 'cfile_demo0000000000000000000000', filename: 'chart.png', start_index: chartText.indexOf(cite) },
        { type: 'url_citation', end_index: chartText.length - 1, start_index: chartText.indexOf('example.com'), title: 'Sales', url: 'https://example.com/sales' },
      ]),
    ],
  });

  // An item kind OpenAI's spec does not know (Foundry has it): kept and shown as it is.
  b.response(D.responses.unknownKind, t0 + 950, 'completed', {
    input: [b.user('Run the workflow.')],
    output: [{ id: b.id('wfa'), type: 'workflow_action', kind: 'InvokeAzureAgent', action_id: 'action_1', parent_action_id: null, status: 'completed' }, b.say('The workflow ran.')],
  });

  // Hostile and non-Latin text ------------------------------------------------------------------------
  b.conversation(D.conversations.hostile, t0 + 1000, { note: HOSTILE_STRINGS[0], title: HOSTILE_STRINGS[1] });
  b.response(D.responses.hostile, t0 + 1010, 'completed', {
    behaviour: 'tools',
    conversation: D.conversations.hostile,
    metadata: { html: HOSTILE_STRINGS[4] },
    instructions: HOSTILE_STRINGS[2],
    input: [b.user(HOSTILE_STRINGS.join('\n'))],
    output: [b.call('get_weather', { city: HOSTILE_STRINGS[0] }), b.say(`Echo: ${HOSTILE_STRINGS.join(' ')}`)],
  });
  b.conversation(D.conversations.unicode, t0 + 1100, { topic: '多言語 / многоязычный / متعدد اللغات' });
  b.response(D.responses.unicode, t0 + 1110, 'completed', {
    conversation: D.conversations.unicode,
    input: UNICODE_TEXT.map((t) => b.user(t)),
    output: [b.say(`You said: ${UNICODE_TEXT.join(' ')}`)],
  });

  // A Foundry agent's conversation ----------------------------------------------------------------------
  const agent: AgentId = { type: 'agent_id', name: 'tools', version: '1' };
  b.conversation(D.conversations.agent, t0 + 1200, { topic: 'Agent tools v1' });
  b.response(D.responses.agent, t0 + 1210, 'completed', {
    behaviour: 'tools',
    agent,
    conversation: D.conversations.agent,
    input: [b.user('Where is order ORD-5005?')],
    output: [b.call('lookup_order', { order_id: 'ORD-5005' })],
  });
}

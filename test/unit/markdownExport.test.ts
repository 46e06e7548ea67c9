// The Markdown rendering of a thread and of a conversation, from exports of the emulator's
// demo seed: everything in order, service text inert when rendered (checked with
// markdown-it, the parser of VS Code's preview, HTML allowed), credentials never written,
// long values cut.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { Connection } from '../../src/api/connection';
import { createResponsesClient } from '../../src/api/responses/calls';
import type { ResponseItem } from '../../src/api/responses/schemas';
import type { Message } from '../../src/api/schemas';
import { conversationMarkdown, maxValueChars, threadMarkdown } from '../../src/model/markdownExport';
import { exportConversation, type ConversationExport } from '../../src/store/conversationExport';
import { exportThread } from '../../src/store/threadExport';
import { forgetSecret, registerSecret } from '../../src/util/redact';
import { DEMO, DEMO_RESPONSES as D, HOSTILE_STRINGS } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { useEmulatorClient } from './emulatorClient';

/** Each needle found after the one before it. */
function assertInOrder(text: string, needles: readonly string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = text.indexOf(needle, from);
    assert.ok(at >= 0, `"${needle}" not found after position ${from} (found at ${text.indexOf(needle)})`);
    from = at + needle.length;
  }
}

/** The headings the documents write themselves. */
const ownHeading = /^(Thread|Conversation|Messages|Runs|Items|Responses|Message \d+|Run \d+|Step \d+|Item \d+|Response \d+|Output \d+)\b/;

/** The list items the documents write themselves (facts of a run, sources of a web search). */
const ownListItem = /^(Exported|Connection|\d+ (message|item)|Keys|Status|Model|Assistant|Agent|After|Created|Usage|Error|Incomplete|Expired|Cancelled|Waiting for|`)/;

/** What markdown-it makes of the document: links, images, HTML and headings it did not write are found. */
function assertInert(markdown: string): { fences: string[] } {
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const fences: string[] = [];
  for (const token of tokens) {
    assert.ok(token.type !== 'html_block', `an HTML block: ${token.content}`);
    if (token.type === 'fence') {
      assert.match(token.info, /^(|json|text|python|sh|diff)$/, 'a fence with an info string from the service');
      fences.push(token.content);
    }
    for (const child of token.children ?? []) {
      assert.ok(!['html_inline', 'link_open', 'image'].includes(child.type), `${child.type} in: ${token.content}`);
    }
  }
  let quoted = 0;
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') assert.match(tokens[i + 1]!.content, ownHeading);
    if (token.type === 'list_item_open') assert.match(tokens[i + 2]!.content, ownListItem);
    // Quoted prose stays paragraphs: no list, quote, rule or heading made from its lines.
    if (token.type === 'blockquote_close') quoted--;
    else if (quoted) assert.ok(['paragraph_open', 'inline', 'paragraph_close', 'code_block'].includes(token.type), `${token.type} in a quote: ${token.content}`);
    if (token.type === 'blockquote_open') quoted++;
  });
  const html = new MarkdownIt({ html: true }).render(markdown);
  assert.doesNotMatch(html, /<(script|img|svg|iframe|a|b)\b/i);
  return { fences };
}

const hostileText = [
  '# heading from the service',
  '- a list item',
  '1. a numbered one',
  '> a quote',
  '===',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '![y](https://example.com/y.png)',
  '```',
  '<script>alert(1)</script>',
  '&lt;b&gt; ` `` ``` ````',
  ...HOSTILE_STRINGS,
].join('\n');

describe('threadMarkdown of exported demo threads', () => {
  const env = useEmulatorClient('demo');

  it('lists the messages in order, then each run with its steps: tool names, arguments and outputs in order', async () => {
    const data = await exportThread(env.client, DEMO.threads.mixed);
    const md = threadMarkdown(data);
    assertInOrder(md, [`# Thread \`${DEMO.threads.mixed}\``, '## Messages', ...data.messages.map((m) => m.id), '## Runs', ...data.runs.map((r) => r.run.id)]);
    assertInOrder(md, data.runs.flatMap((r) => [r.run.id, ...r.steps.map((s) => s.id)]));
    assert.match(md, /^> Book a table for two in Paris tonight, around 8pm\./m);
    const waiting = md.slice(md.indexOf(DEMO.runs.requiresAction));
    assertInOrder(waiting, [
      '- Status: requires\\_action',
      '- Model: `gpt-4o`',
      '- Assistant: `asst_tools`',
      `**Function** \`get_weather\` · call \`${DEMO.calls.requiresActionWeather}\``,
      '"city": "Paris"',
      'Output: none yet; it is awaited.',
      `**Function** \`lookup_order\` · call \`${DEMO.calls.requiresActionOrder}\``,
      '"order_id": "ORD-1042"',
    ]);
    // Code interpreter input and outputs, file search results with their text, the message it wrote.
    assertInOrder(md.slice(md.indexOf(DEMO.runs.code)), [
      '**Code interpreter**',
      '```python\nimport pandas as pd',
      'Output 1 (logs):',
      '2024-09    1.47M',
      '**File search**',
      'Result 1: `sales_2024.md`',
      'Q3 revenue grew 12% to 4.2M',
      'Wrote message 6 (',
    ]);
    assertInOrder(md.slice(md.indexOf(DEMO.runs.failed)), ['- Status: failed', '- Error: `server_error` Sorry, something went wrong.']);
    assertInOrder(md.slice(md.indexOf(DEMO.runs.incomplete)), ['- Incomplete: max\\_completion\\_tokens']);
  });

  it('shows function outputs with their calls', async () => {
    const data = await exportThread(env.client, DEMO.threads.hostile);
    const md = threadMarkdown(data);
    assertInOrder(md, ['**Function** `get_weather`', 'Arguments:', '"city": "<script>alert(1)</script>"', 'Output:', '<img src=x onerror=alert(1)>', '**Function** `lookup_order`', 'Output:', '"tpl": "{{constructor']);
  });

  it('keeps service text inert: no link, image, HTML or heading of its own, and fences nothing inside can close', async () => {
    const data = await exportThread(env.client, DEMO.threads.hostile);
    const first = data.messages[0]!;
    data.messages.push({
      ...first,
      id: 'msg_injected',
      role: '# admin',
      content: [
        { type: 'text', text: { value: hostileText, annotations: [] } },
        { type: 'text', text: { value: 'a line\r- a list item after a carriage return\r# a heading\r<img src=x onerror=alert(1)>', annotations: [] } },
      ],
    } as Message);
    const call = data.runs[0]!.steps.flatMap((s) => s.step_details.tool_calls ?? [])[0]!;
    call.function!.output = hostileText;
    call.function!.name = 'get`weather``';
    const md = threadMarkdown(data);
    const { fences } = assertInert(md);
    // The output comes back whole from inside its fence, backticks and all.
    assert.ok(fences.includes(`${hostileText}\n`), 'the hostile output was not one fenced block');
    const html = new MarkdownIt().render(md);
    assert.ok(html.includes('<strong>Function</strong> <code>get`weather``</code>'), 'the name is not one code span');
    assert.ok(html.includes('# heading from the service<br>\n- a list item<br>'), 'the lines of a message are not kept apart');
    // The thread's metadata, fenced.
    assert.ok(fences.some((f) => f.includes('"link": "javascript:alert(1)"')), 'the thread\'s metadata is missing');
    for (const hostile of HOSTILE_STRINGS) assert.ok(html.includes(new MarkdownIt().utils.escapeHtml(hostile)), `"${hostile}" is not shown as text`);
  });

  it('writes no credential: MCP headers, bearer tokens, registered keys, api_key fields, the base URL\'s user and query', async () => {
    const data = await exportThread(env.client, DEMO.threads.hostile);
    const registered = 'hunter2-registered-0123456789';
    registerSecret(registered);
    try {
      data.source.base_url = 'https://alice:pa55w0rd-in-url@agents.example.com/v1?api-key=query-key-0123456789';
      const run = data.runs[0]!.run;
      run.tools = [...(run.tools ?? []), { type: 'mcp', server_label: 'dmcp', server_url: 'https://mcp.example.com/sse', headers: { Authorization: 'Bearer sk-proj-abcdefghijklmnop0123', 'X-Tenant-Auth': 'tenant-opaque-9f8e7d6c5b4a' } }];
      const call = data.runs[0]!.steps.flatMap((s) => s.step_details.tool_calls ?? [])[0]!;
      call.function!.arguments = JSON.stringify({ city: 'Paris', api_key: 'arg-key-0123456789abc', note: `use ${registered}` });
      data.messages[0]!.content = [{ type: 'text', text: { value: `my key is ${registered} and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl`, annotations: [] } }];
      const md = threadMarkdown(data);
      for (const secret of ['sk-proj-abcdefghijklmnop0123', 'tenant-opaque-9f8e7d6c5b4a', registered, 'arg-key-0123456789abc', 'pa55w0rd-in-url', 'alice', 'query-key-0123456789', 'eyJhbGciOiJIUzI1NiJ9']) {
        assert.ok(!md.includes(secret), `"${secret}" is in the document`);
      }
      // What was left out is said, and what is not a credential is kept.
      assert.ok(md.includes('"X-Tenant-Auth": "[redacted]"'));
      assert.ok(md.includes('"server_url": "https://mcp.example.com/sse"'));
      assert.ok(md.includes('at `https://[redacted]@agents.example.com/v1?[redacted]`'));
      assert.match(md, /> my key is \\\[redacted\\\] and Authorization: Bearer \\\[redacted\\\]/);
    } finally {
      forgetSecret(registered);
    }
  });

  it(`cuts a long value at ${maxValueChars.toLocaleString('en-US')} characters and says how much was cut`, async () => {
    const data = await exportThread(env.client, DEMO.threads.bigRun);
    const md = threadMarkdown(data);
    // The 1 MB output of export_ledger, a JSON string: its quotes count.
    assert.ok(md.includes(`"${'x'.repeat(maxValueChars - 1)}\n… (${(DEMO.bigOutputBytes - maxValueChars).toLocaleString('en-US')} more characters not shown)\n\``), 'the big output is not cut where it should be');
    assert.ok(md.length < 200_000, `${md.length} characters`);
    assert.ok(md.includes('Reconciliation finished: 3 mismatches'), 'the last step is missing');
  });

  it('cuts a file-search chunk at 1,000 characters', async () => {
    const data = await exportThread(env.client, DEMO.threads.mixed);
    const step = data.runs.flatMap((r) => r.steps).find((s) => s.id === DEMO.steps.fileSearch)!;
    step.step_details.tool_calls![0]!.file_search!.results![0]!.content = [{ type: 'text', text: 'y'.repeat(5000) }];
    assert.ok(threadMarkdown(data).includes(`\`\`\`text\n${'y'.repeat(1000)}\n… (4,000 more characters not shown)\n\`\`\``));
  });
});

describe('conversationMarkdown of exported demo conversations', () => {
  let emu: RunningEmulator;
  const connection = (): Connection => ({ id: 'emu', name: 'Emulator', kind: 'openai-compatible', baseUrl: emu.urls.openai, auth: 'none' });
  const client = () => createResponsesClient(connection(), { connection: connection(), credential: async () => undefined, timeoutMs: 5000 });
  const exportOf = (conversationId: string, known: string[]) => exportConversation(client(), connection(), conversationId, { listsResponses: false, known });

  before(async () => {
    emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
  });
  after(async () => emu.close());
  beforeEach(() => emu.emulator.reset('demo'));

  /** Items of every kind after the demo's, a function call answered by the output after it. */
  function withEveryKind(data: ConversationExport): void {
    const items = [
      { id: 'fc_every1', type: 'function_call', status: 'completed', call_id: 'call_every1', name: 'get_weather', arguments: '{"city":"Lisbon"}' },
      { id: 'fco_every1', type: 'function_call_output', status: 'completed', call_id: 'call_every1', output: '{"temp_c":21}' },
      { id: 'mcpl_every', type: 'mcp_list_tools', server_label: 'dmcp', tools: [{ name: 'roll', input_schema: {} }] },
      { id: 'mcpr_every', type: 'mcp_approval_request', server_label: 'dmcp', name: 'roll', arguments: '{"diceRollExpression":"2d4+1"}' },
      { id: 'mcpa_every', type: 'mcp_approval_response', approval_request_id: 'mcpr_every', approve: true },
      { id: 'mcp_every', type: 'mcp_call', server_label: 'dmcp', name: 'roll', arguments: '{"diceRollExpression":"2d4+1"}', output: '7', approval_request_id: 'mcpr_every' },
      { id: 'ws_every', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'Lisbon trams' } },
      { id: 'new_every', type: 'brand_new_kind', payload: { answer: 42 } },
    ];
    data.items.push(...(items as ResponseItem[]));
  }

  it('lists the items in order: messages, calls with their outputs, reasoning, MCP, web search, unknown kinds by their type; then each response', async () => {
    const data = await exportOf(D.conversations.support, [D.responses.inConversation, D.responses.failed, D.responses.incomplete]);
    withEveryKind(data);
    const md = conversationMarkdown(data);
    assertInOrder(md, [
      `# Conversation \`${D.conversations.support}\``,
      '"topic": "Plan a weekend in Lisbon"',
      '## Items',
      '**user**',
      '> Plan a weekend in Lisbon for two.',
      '**Reasoning** summary:',
      '> Two days, two people: food, views, a tram ride.',
      '**assistant**',
      '> Day 1: Alfama and the 28 tram.',
      '### Item 4 · `function_call` · `fc_every1`',
      '**Function** `get_weather` · call `call_every1`',
      '"city": "Lisbon"',
      'Output:',
      '"temp_c": 21',
      '### Item 5 · `function_call_output` · `fco_every1`',
      'Output of call `call_every1`, shown with its call.',
      '**MCP tools** of `dmcp`: `roll`',
      '**Approval asked** for MCP tool `roll` on `dmcp` · approved',
      '"diceRollExpression": "2d4+1"',
      '**Approved** approval request `mcpr_every`',
      '**MCP tool** `roll` on `dmcp` · after approval `mcpr_every`',
      'Output:',
      '```json\n7\n```',
      '**Web search** `ws_every` · `search` · Lisbon trams',
      '**`brand_new_kind`**',
      '"answer": 42',
      '## Responses',
    ]);
    const responses = md.slice(md.indexOf('## Responses'));
    const ids = data.responses.map((r) => r.response.id);
    assert.deepEqual(new Set(ids), new Set([D.responses.inConversation, D.responses.failed, D.responses.incomplete]));
    assertInOrder(responses, ids);
    assertInOrder(responses.slice(responses.indexOf(D.responses.failed)), ['- Status: failed', '- Error: `server_error` The server had an error']);
    // The incomplete response's output is not in the conversation: it is shown with the response.
    assertInOrder(responses.slice(responses.indexOf(D.responses.incomplete)), ['- Status: incomplete', '- Incomplete: max\\_output\\_tokens (the limit was 16)', '#### Output 1 · `message`', '> Mango sun-kissed sweet']);
    assertInOrder(responses.slice(responses.indexOf(D.responses.inConversation)), ['- Model: `gpt-4.1-mini`', '- Usage: 56 input + 203 output = 259 tokens (48 reasoning)', 'Output items shown under Items: `rs_']);
  });

  it('keeps service text inert', async () => {
    const data = await exportOf(D.conversations.hostile, [D.responses.hostile]);
    data.items.push({ id: 'msg_injected', type: 'message', role: 'user', content: [{ type: 'input_text', text: hostileText }] } as ResponseItem);
    data.items.push({ id: 'fc_hostile', type: 'function_call', call_id: 'call_h', name: 'x', arguments: hostileText } as ResponseItem);
    data.items.push({ id: 'fco_hostile', type: 'function_call_output', call_id: 'call_h', output: hostileText } as ResponseItem);
    const md = conversationMarkdown(data);
    const { fences } = assertInert(md);
    assert.equal(fences.filter((f) => f === `${hostileText}\n`).length, 2, 'arguments and output, each one whole fenced block');
  });

  it('writes no credential: an MCP tool\'s headers, bearer tokens and registered keys', async () => {
    const data = await exportOf(D.conversations.support, [D.responses.inConversation]);
    const registered = 'hunter3-registered-0123456789';
    registerSecret(registered);
    try {
      const schema = { type: 'object', properties: { password: { type: 'string', description: 'Password of the account' } } };
      data.responses[0]!.response.tools = [{ type: 'function', name: 'login', parameters: schema }, { type: 'mcp', server_label: 'dmcp', server_url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer sk-live-abcdefghijklmnop9876', 'X-Tenant-Auth': 'tenant-opaque-1a2b3c4d5e6f' }, require_approval: 'never' }];
      data.items.push({ id: 'mcp_secret', type: 'mcp_call', server_label: 'dmcp', name: 'login', arguments: JSON.stringify({ user: 'ana', password: 'p4ssw0rd-arg' }), output: `token ${registered}` } as ResponseItem);
      const md = conversationMarkdown(data);
      for (const secret of ['sk-live-abcdefghijklmnop9876', 'tenant-opaque-1a2b3c4d5e6f', registered, 'p4ssw0rd-arg']) assert.ok(!md.includes(secret), `"${secret}" is in the document`);
      assertInOrder(md, ['"password": "[redacted]"', `token [redacted]`, '"Authorization": "[redacted]"', '"X-Tenant-Auth": "[redacted]"']);
      // A parameter named password is a schema, not a credential: it is kept.
      assert.ok(md.includes('"description": "Password of the account"'));
    } finally {
      forgetSecret(registered);
    }
  });
});

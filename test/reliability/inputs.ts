// The inputs the reliability suite throws at the extension: invalid tool-output
// documents, invalid webview messages, an XSS corpus, and mutated service bodies.

/** Tool-output documents that must be refused (pending calls: call_A, call_B). */
export function invalidToolOutputDocuments(): { name: string; text: string }[] {
  const ok = (a: unknown, b: unknown) => ({ tool_call_id: a, output: b });
  const docs: [string, unknown][] = [
    ['empty object', {}],
    ['null', null],
    ['a number', 42],
    ['a string', 'call_A'],
    ['tool_outputs is an object', { tool_outputs: { tool_call_id: 'call_A', output: 'x' } }],
    ['tool_outputs is a string', { tool_outputs: '[]' }],
    ['tool_outputs empty', { tool_outputs: [] }],
    ['one of two calls', { tool_outputs: [ok('call_A', 'x')] }],
    ['unknown id', { tool_outputs: [ok('call_A', 'x'), ok('call_Z', 'y')] }],
    ['duplicate id', { tool_outputs: [ok('call_A', 'x'), ok('call_A', 'y')] }],
    ['three for two', { tool_outputs: [ok('call_A', 'x'), ok('call_B', 'y'), ok('call_C', 'z')] }],
    ['id is a number', { tool_outputs: [ok(1, 'x'), ok('call_B', 'y')] }],
    ['id is null', { tool_outputs: [ok(null, 'x'), ok('call_B', 'y')] }],
    ['id missing', { tool_outputs: [{ output: 'x' }, ok('call_B', 'y')] }],
    ['id empty', { tool_outputs: [ok('', 'x'), ok('call_B', 'y')] }],
    ['output missing', { tool_outputs: [{ tool_call_id: 'call_A' }, ok('call_B', 'y')] }],
    ['output is an object', { tool_outputs: [ok('call_A', { temp: 18 }), ok('call_B', 'y')] }],
    ['output is a number', { tool_outputs: [ok('call_A', 18), ok('call_B', 'y')] }],
    ['output is null', { tool_outputs: [ok('call_A', null), ok('call_B', 'y')] }],
    ['output is an array', { tool_outputs: [ok('call_A', ['x']), ok('call_B', 'y')] }],
    ['output is a boolean', { tool_outputs: [ok('call_A', true), ok('call_B', 'y')] }],
    ['output too large', { tool_outputs: [ok('call_A', 'x'.repeat(512 * 1024 + 1)), ok('call_B', 'y')] }],
    ['output too large in UTF-8 only', { tool_outputs: [ok('call_A', 'é'.repeat(300 * 1024)), ok('call_B', 'y')] }],
    ['extra field in an entry', { tool_outputs: [{ ...ok('call_A', 'x'), extra: 1 }, ok('call_B', 'y')] }],
    ['extra top-level field', { tool_outputs: [ok('call_A', 'x'), ok('call_B', 'y')], stream: true }],
    ['entry is a string', { tool_outputs: ['call_A', ok('call_B', 'y')] }],
    ['entry is null', { tool_outputs: [null, ok('call_B', 'y')] }],
    ['entry is an array', { tool_outputs: [['call_A', 'x'], ok('call_B', 'y')] }],
    ['wrong key name', { tool_output: [ok('call_A', 'x'), ok('call_B', 'y')] }],
    ['camelCase keys', { toolOutputs: [{ toolCallId: 'call_A', output: 'x' }, { toolCallId: 'call_B', output: 'y' }] }],
    ['__proto__ key', JSON.parse('{"tool_outputs":[{"tool_call_id":"call_A","output":"x","__proto__":{"polluted":1}},{"tool_call_id":"call_B","output":"y"}]}')],
    ['constructor key', { tool_outputs: [{ tool_call_id: 'call_A', output: 'x', constructor: 'y' }, ok('call_B', 'y')] }],
    ['ids of another run', { tool_outputs: [ok('call_X', 'x'), ok('call_Y', 'y')] }],
    ['id with whitespace', { tool_outputs: [ok(' call_A', 'x'), ok('call_B', 'y')] }],
    ['id in another case', { tool_outputs: [ok('CALL_A', 'x'), ok('call_B', 'y')] }],
  ];
  const texts: { name: string; text: string }[] = docs.map(([name, value]) => ({ name, text: JSON.stringify(value, null, 2) }));
  const good = JSON.stringify({ tool_outputs: [ok('call_A', 'x'), ok('call_B', 'y')] });
  texts.push(
    { name: 'empty document', text: '' },
    { name: 'whitespace only', text: ' \n\t ' },
    { name: 'truncated', text: good.slice(0, good.length - 3) },
    { name: 'trailing comma', text: good.replace(/}]}$/, '},]}') },
    { name: 'comment', text: `// answers\n${good}` },
    { name: 'single quotes', text: good.replace(/"/g, "'") },
    { name: 'two documents', text: `${good}\n${good}` },
    { name: 'unquoted keys', text: good.replace(/"(tool_outputs|tool_call_id|output)":/g, '$1:') },
    { name: 'NaN output', text: '{"tool_outputs":[{"tool_call_id":"call_A","output":NaN},{"tool_call_id":"call_B","output":"y"}]}' },
    { name: 'byte order mark and garbage', text: `\ufeff${good}garbage` },
    { name: 'deeply nested', text: '['.repeat(5000) + ']'.repeat(5000) },
    { name: 'duplicate tool_outputs key', text: `{"tool_outputs":[{"tool_call_id":"call_A","output":"x"}],"tool_outputs":[{"tool_call_id":"call_A","output":"x"},{"tool_call_id":"call_B","output":"y"}]}` },
    { name: 'duplicate output key', text: '{"tool_outputs":[{"tool_call_id":"call_A","output":"seen","output":"sent"},{"tool_call_id":"call_B","output":"y"}]}' },
    { name: 'duplicate tool_call_id key', text: '{"tool_outputs":[{"tool_call_id":"call_B","tool_call_id":"call_A","output":"x"},{"tool_call_id":"call_B","output":"y"}]}' },
    { name: 'YAML', text: 'tool_outputs:\n  - tool_call_id: call_A\n    output: x\n' },
  );
  return texts;
}

/**
 * Continue documents (the request that answers a response) that must be refused. The
 * response waits for the function call call_A, the custom tool call call_C and the MCP
 * approval request mcpr_1; it is chained (previous_response_id resp_R).
 */
export function invalidContinueDocuments(): { name: string; text: string }[] {
  const out = (id: unknown, output: unknown, type = 'function_call_output') => ({ type, call_id: id, output });
  const approval = (id: unknown, approve: unknown, extra: Record<string, unknown> = {}) => ({ type: 'mcp_approval_response', approval_request_id: id, approve, ...extra });
  const all = [out('call_A', 'x'), out('call_C', 'y', 'custom_tool_call_output'), approval('mcpr_1', true)];
  const base = { model: 'gpt-4.1', previous_response_id: 'resp_R', store: true };
  const docs: [string, unknown][] = [
    ['empty object', {}],
    ['null', null],
    ['a number', 42],
    ['an array of answers only', all],
    ['no input', base],
    ['input is an object', { ...base, input: all[0] }],
    ['input is a string', { ...base, input: 'call_A' }],
    ['input empty', { ...base, input: [] }],
    ['unknown call id', { ...base, input: [...all, out('call_Z', 'z')] }],
    ['duplicate answer', { ...base, input: [...all, out('call_A', 'again')] }],
    ['call id is a number', { ...base, input: [out(1, 'x'), ...all.slice(1)] }],
    ['call id missing', { ...base, input: [{ type: 'function_call_output', output: 'x' }, ...all.slice(1)] }],
    ['call id over 64 characters', { ...base, input: [out(`call_${'A'.repeat(60)}`, 'x'), ...all.slice(1)] }],
    ['output missing', { ...base, input: [{ type: 'function_call_output', call_id: 'call_A' }, ...all.slice(1)] }],
    ['output is an object', { ...base, input: [out('call_A', { temp: 18 }), ...all.slice(1)] }],
    ['output is a number', { ...base, input: [out('call_A', 18), ...all.slice(1)] }],
    ['output is null', { ...base, input: [out('call_A', null), ...all.slice(1)] }],
    ['output parts without a type', { ...base, input: [out('call_A', [{ text: 'x' }]), ...all.slice(1)] }],
    ['output over 10,485,760 characters', { ...base, input: [out('call_A', 'x'.repeat(10_485_761)), ...all.slice(1)] }],
    ['function call answered as a custom tool call', { ...base, input: [out('call_A', 'x', 'custom_tool_call_output'), ...all.slice(1)] }],
    ['approval without approve', { ...base, input: [...all.slice(0, 2), { type: 'mcp_approval_response', approval_request_id: 'mcpr_1' }] }],
    ['approve is null', { ...base, input: [...all.slice(0, 2), approval('mcpr_1', null)] }],
    ['approve is a string', { ...base, input: [...all.slice(0, 2), approval('mcpr_1', 'yes')] }],
    ['reason is a number', { ...base, input: [...all.slice(0, 2), approval('mcpr_1', false, { reason: 42 })] }],
    ['approval of an unknown request', { ...base, input: [...all, approval('mcpr_9', true)] }],
    ['approval for a call id', { ...base, input: [...all, approval('call_A', true)] }],
    ['item without a type', { ...base, input: [...all, { role: 'user', content: 'hi' }] }],
    ['item is a string', { ...base, input: [...all, 'call_A'] }],
    ['both chain and conversation', { ...base, conversation: 'conv_1', input: all }],
    ['neither chain nor conversation', { model: 'gpt-4.1', input: all }],
    ['model empty', { ...base, model: '', input: all }],
    ['model missing', { previous_response_id: 'resp_R', input: all }],
    ['metadata with 17 keys', { ...base, input: all, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }],
    ['metadata key over 64 characters', { ...base, input: all, metadata: { ['k'.repeat(65)]: 'v' } }],
    ['metadata value not a string', { ...base, input: all, metadata: { k: 1 } }],
    ['metadata value over 512 characters', { ...base, input: all, metadata: { k: 'v'.repeat(513) } }],
    ['temperature 3', { ...base, input: all, temperature: 3 }],
    ['top_p 2', { ...base, input: all, top_p: 2 }],
    ['tools is an object', { ...base, input: all, tools: { type: 'function' } }],
    ['ids of another response', { ...base, input: [out('call_X', 'x'), out('call_Y', 'y', 'custom_tool_call_output'), approval('mcpr_9', true)] }],
  ];
  const texts: { name: string; text: string }[] = docs.map(([name, value]) => ({ name, text: JSON.stringify(value, null, 2) }));
  const good = JSON.stringify({ input: all, ...base });
  texts.push(
    { name: 'empty document', text: '' },
    { name: 'truncated', text: good.slice(0, good.length - 3) },
    { name: 'trailing comma', text: good.replace(/}$/, ',}') },
    { name: 'comment', text: `// answers\n${good}` },
    { name: 'two documents', text: `${good}\n${good}` },
    { name: 'duplicate input key', text: `{"input":[],${good.slice(1)}` },
    { name: 'duplicate output key', text: good.replace('"output":"x"', '"output":"seen","output":"x"') },
    { name: 'NaN output', text: good.replace('"output":"x"', '"output":NaN') },
    { name: 'deeply nested', text: '['.repeat(5000) + ']'.repeat(5000) },
  );
  return texts;
}

/**
 * Messages a webview might send that must change nothing, for a panel whose run waits
 * for the calls `a` and `b` (the real ids, so that refusals further in are real ones).
 */
export function invalidWebviewMessages(a: string, b: string): { name: string; message: unknown }[] {
  const big = 'x'.repeat(4 * 1024 * 1024 + 1);
  const list: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ready'],
    ['a number', 1],
    ['an array', [{ type: 'ready' }]],
    ['no type', {}],
    ['unknown type', { type: 'eval', code: 'process.exit(1)' }],
    ['type not a string', { type: 1 }],
    ['ready with extra field', { type: 'ready', x: 1 }],
    ['copy without text', { type: 'copy' }],
    ['copy with an object', { type: 'copy', text: { toString: 'x' } }],
    ['copy of 4 MB + 1', { type: 'copy', text: big }],
    ['openJson without target', { type: 'openJson' }],
    ['openJson of an unknown kind', { type: 'openJson', target: { kind: 'file', id: '/etc/passwd' } }],
    ['getJson with an empty id', { type: 'getJson', target: { kind: 'run', id: '' } }],
    ['getJson with a long id', { type: 'getJson', target: { kind: 'run', id: 'r'.repeat(513) } }],
    ['getJson with extra target field', { type: 'getJson', target: { kind: 'run', id: 'run_1', path: '../../' } }],
    ['openLink without url', { type: 'openLink' }],
    ['openLink with a huge url', { type: 'openLink', url: 'https://x/' + 'a'.repeat(9000) }],
    ['refresh with payload', { type: 'refresh', all: true }],
    ['cancelRun of another run', { type: 'cancelRun', runId: 'run_other' }],
    ['submit with no outputs', { type: 'submitToolOutputs', outputs: [] }],
    ['submit with outputs not an array', { type: 'submitToolOutputs', outputs: { tool_call_id: a, output: 'x' } }],
    ['submit with an output not a string', { type: 'submitToolOutputs', outputs: [{ tool_call_id: a, output: 1 }, { tool_call_id: b, output: 'y' }] }],
    ['submit with an extra field', { type: 'submitToolOutputs', outputs: [{ tool_call_id: a, output: 'x', run_id: 'run_other' }, { tool_call_id: b, output: 'y' }] }],
    ['submit with 129 outputs', { type: 'submitToolOutputs', outputs: Array.from({ length: 129 }, (_, i) => ({ tool_call_id: `call_${i}`, output: 'x' })) }],
    ['submit for another run', { type: 'submitToolOutputs', runId: 'run_other', outputs: [{ tool_call_id: a, output: 'x' }, { tool_call_id: b, output: 'y' }] }],
    ['saveDraft without id', { type: 'saveDraft', text: 'x' }],
    ['saveDraft of 4 MB + 1', { type: 'saveDraft', toolCallId: a, text: big }],
    ['__proto__ pollution', JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')],
  ];
  // Well-formed messages whose content must still be refused further in.
  const semantic: [string, unknown][] = [
    ['submit: one of two calls', { type: 'submitToolOutputs', outputs: [{ tool_call_id: a, output: 'x' }] }],
    ['submit: unknown id', { type: 'submitToolOutputs', outputs: [{ tool_call_id: a, output: 'x' }, { tool_call_id: 'call_Z', output: 'y' }] }],
    ['submit: duplicate id', { type: 'submitToolOutputs', outputs: [{ tool_call_id: a, output: 'x' }, { tool_call_id: a, output: 'y' }] }],
    ['submit: output too large', { type: 'submitToolOutputs', outputs: [{ tool_call_id: a, output: 'x'.repeat(512 * 1024 + 1) }, { tool_call_id: b, output: 'y' }] }],
    ['openLink: javascript:', { type: 'openLink', url: 'javascript:alert(1)' }],
    ['openLink: file:', { type: 'openLink', url: 'file:///etc/passwd' }],
    ['openLink: command:', { type: 'openLink', url: 'command:workbench.action.terminal.new' }],
    ['openLink: vscode:', { type: 'openLink', url: 'vscode://settings/agentRuns' }],
    ['openLink: data:', { type: 'openLink', url: 'data:text/html,<script>alert(1)</script>' }],
    ['openLink: not a URL', { type: 'openLink', url: 'not a url' }],
    ['openLink: credentials in URL', { type: 'openLink', url: 'https://user:pass@example.com/' }],
  ];
  return [...list, ...semantic].map(([name, message]) => ({ name, message }));
}

/**
 * Markup that would run script if it were interpreted. Each payload calls `__xss()`,
 * which the test page counts; alert/confirm/prompt are counted too.
 */
export const xssCorpus: string[] = [
  '<script>__xss()</script>',
  '<img src=x onerror=__xss()>',
  '<svg onload=__xss()>',
  '<svg><script>__xss()</script></svg>',
  '"><img src=x onerror=__xss()>',
  "'><img src=x onerror=__xss()>",
  '<iframe srcdoc="<script>parent.__xss()</script>"></iframe>',
  '<iframe src="javascript:parent.__xss()"></iframe>',
  '<a href="javascript:__xss()">click</a>',
  '[click](javascript:__xss())',
  '<body onload=__xss()>',
  '<details open ontoggle=__xss()>',
  '<input autofocus onfocus=__xss()>',
  '<video><source onerror=__xss()></video>',
  '<audio src=x onerror=__xss()>',
  '<marquee onstart=__xss()>',
  '<object data="javascript:__xss()"></object>',
  '<embed src="javascript:__xss()">',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss()>',
  '<style>@import "javascript:__xss()";</style>',
  '<link rel=import href="data:text/html,<script>__xss()</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss()">',
  '<form><button formaction=javascript:__xss()>x</button></form>',
  '<isindex type=image src=1 onerror=__xss()>',
  '<noscript><p title="</noscript><img src=x onerror=__xss()>">',
  '<template><img src=x onerror=__xss()></template>',
  '</textarea><img src=x onerror=__xss()>',
  '</title><img src=x onerror=__xss()>',
  '<!--<img src="--><img src=x onerror=__xss()//">',
  '{{constructor.constructor("__xss()")()}}',
  '${__xss()}',
  '`${__xss()}`',
  '&lt;img src=x onerror=__xss()&gt;',
  '&#60;img src=x onerror=__xss()&#62;',
  '\u003cimg src=x onerror=__xss()\u003e',
  '<img src=x onerror="&#x5f;&#x5f;xss()">',
  '<svg><animate onbegin=__xss() attributeName=x dur=1s>',
  '<div style="background:url(javascript:__xss())">',
  '<base href="javascript:__xss()//">',
  'javascript:__xss()',
];

/**
 * Invalid fork documents, for both families: every one must be refused by the validators
 * the extension ships (compiled from the schemas at build time) plus the checks a schema
 * cannot make, so the send path (which sends only a document with no error) sends none.
 */
export function invalidForkDocuments(): { name: string; family: 'responses' | 'assistants'; text: string }[] {
  const user = { type: 'message', role: 'user', content: 'Weather in Oslo?' };
  const call = { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
  const output = { type: 'function_call_output', call_id: 'call_1', output: '3 °C' };
  const request = { model: 'gpt-4.1', tools: [{ type: 'function', name: 'get_weather', parameters: {} }], input: [user, call, output] };
  const run = { assistant_id: 'asst_1', model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'get_weather' } }], thread: { messages: [{ role: 'user', content: 'Weather in Oslo?' }] } };
  const doc = (r: unknown, replay: unknown = true, extra: Record<string, unknown> = {}) => JSON.stringify({ replay_tool_results: replay, request: r, ...extra }, null, 2);
  const responses: [string, string][] = [
    ['empty text', ''],
    ['not JSON', '{"replay_tool_results": true, "request": '],
    ['a number', '42'],
    ['an array', JSON.stringify([request])],
    ['the request alone, not in a document', JSON.stringify(request)],
    ['replay not a boolean', doc(request, 'yes')],
    ['replay missing', JSON.stringify({ request })],
    ['an unknown top-level field', doc(request, true, { model: 'gpt-4.1' })],
    ['request not an object', doc('POST /responses')],
    ['no model and no agent', doc({ ...request, model: undefined })],
    ['an empty model', doc({ ...request, model: '' })],
    ['a model that is a number', doc({ ...request, model: 4 })],
    ['an agent reference without a name', doc({ ...request, model: undefined, agent_reference: { type: 'agent_reference' } })],
    ['no input', doc({ ...request, input: undefined })],
    ['an empty input', doc({ ...request, input: [] })],
    ['input a string', doc({ ...request, input: 'Weather in Oslo?' })],
    ['an input item without type or role', doc({ ...request, input: [{ content: 'hi' }] })],
    ['an input item that is a string', doc({ ...request, input: ['hi'] })],
    ['a message with an unknown role', doc({ ...request, input: [{ role: 'robot', content: 'hi' }] })],
    ['a call without its output', doc({ ...request, input: [user, call] })],
    ['a reasoning item last', doc({ ...request, input: [user, { type: 'reasoning', id: 'rs_1', summary: [] }] })],
    ['tools not an array', doc({ ...request, tools: { type: 'function' } })],
    ['an unknown tool type', doc({ ...request, tools: [{ type: 'hammer' }] })],
    ['a function tool without a name', doc({ ...request, tools: [{ type: 'function' }] })],
    ['a tool that is a string', doc({ ...request, tools: ['get_weather'] })],
    ['tool_choice naming no tool', doc({ ...request, tool_choice: { type: 'function', name: 'lookup_order' } })],
    ['tool_choice an unknown word', doc({ ...request, tool_choice: 'sometimes' })],
    ['temperature above 2', doc({ ...request, temperature: 3 })],
    ['temperature a string', doc({ ...request, temperature: '0.5' })],
    ['top_p below 0', doc({ ...request, top_p: -0.1 })],
    ['max_output_tokens below 16', doc({ ...request, max_output_tokens: 5 })],
    ['max_output_tokens a fraction', doc({ ...request, max_output_tokens: 100.5 })],
    ['an unknown reasoning effort', doc({ ...request, reasoning: { effort: 'maximal' } })],
    ['an unknown truncation', doc({ ...request, truncation: 'sometimes' })],
    ['metadata with 17 keys', doc({ ...request, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) })],
    ['a metadata value over 512 characters', doc({ ...request, metadata: { note: 'x'.repeat(513) } })],
    ['a metadata key over 64 characters', doc({ ...request, metadata: { ['k'.repeat(65)]: 'v' } })],
    ['a metadata value that is a number', doc({ ...request, metadata: { n: 1 } })],
    ['a conversation (a fork never adds to one)', doc({ ...request, conversation: 'conv_1' })],
    ['an empty previous_response_id', doc({ ...request, previous_response_id: '' })],
    ['a duplicate key', doc(request).replace('"model": "gpt-4.1",', '"model": "gpt-4.1",\n    "model": "",')],
  ];
  const assistants: [string, string][] = [
    ['no assistant', doc({ ...run, assistant_id: undefined })],
    ['an empty assistant', doc({ ...run, assistant_id: '' })],
    ['no thread', doc({ ...run, thread: undefined })],
    ['a thread without messages', doc({ ...run, thread: {} })],
    ['a message without a role', doc({ ...run, thread: { messages: [{ content: 'hi' }] } })],
    ['a message from a tool', doc({ ...run, thread: { messages: [{ role: 'tool', content: 'hi' }] } })],
    ['a message without content', doc({ ...run, thread: { messages: [{ role: 'user' }] } })],
    ['a tool of the Responses family', doc({ ...run, tools: [{ type: 'web_search' }] })],
    ['a function tool without its function', doc({ ...run, tools: [{ type: 'function' }] })],
    ['max_prompt_tokens below 256', doc({ ...run, max_prompt_tokens: 100 })],
    ['an unknown reasoning effort', doc({ ...run, reasoning_effort: 'maximal' })],
    ['tool_choice naming no tool', doc({ ...run, tool_choice: { type: 'function', function: { name: 'lookup_order' } } })],
  ];
  return [...responses.map(([name, text]) => ({ name, family: 'responses' as const, text })), ...assistants.map(([name, text]) => ({ name: `run: ${name}`, family: 'assistants' as const, text }))];
}

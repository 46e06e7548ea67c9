// Answer and Continue, in a real VS Code against the emulator: a response that ended with
// function calls or an MCP approval request is continued from its document — the
// answers and the complete request — through the one continuer: once, by the copy rules,
// as a chain or in a conversation, on OpenAI and on a Foundry agent; refused with no
// request when the document is wrong or another client already answered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, servedRequests, waitFor, type ActivatedApi } from './helpers';
import type { ContinuePlan, ContinueResult } from '../../src/store/responseContinuer';

const OA = 'oa-continue';
/** The continue document of a response (the extension's `agent-runs-continue` file system). */
const continueUri = (ref: { connectionId: string; responseId: string }) =>
  vscode.Uri.from({ scheme: 'agent-runs-continue', path: `/${encodeURIComponent(ref.connectionId)}/${encodeURIComponent(ref.responseId)}.continue.json` });
const FOUNDRY = 'demo';
const openaiBase = () => `${emulatorOrigin()}/v1`;
const foundryBase = () => `${emulatorOrigin()}/api/projects/${DEMO.project}/openai/v1`;

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `POST ${url} → ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

interface Item {
  type: string;
  call_id?: string;
  name?: string;
  id?: string;
  content?: { text?: string }[];
}
interface Created {
  id: string;
  status: string;
  output: Item[];
  previous_response_id?: string | null;
  conversation?: { id: string } | null;
  agent?: { name: string } | null;
  model?: string;
}

async function openDocument(ref: { connectionId: string; responseId: string }): Promise<vscode.TextEditor> {
  const editor = await vscode.commands.executeCommand<vscode.TextEditor>('agentRuns.continueResponse', ref);
  assert.ok(editor, 'the continue document opened');
  assert.equal(editor.document.uri.toString(), continueUri(ref).toString());
  return editor;
}

async function replaceText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** The document's request with `answer(item)` applied to each input item. */
function answered(editor: vscode.TextEditor, answer: (item: Record<string, unknown>) => Record<string, unknown>): string {
  const request = JSON.parse(editor.document.getText()) as { input: Record<string, unknown>[] };
  return JSON.stringify({ ...request, input: request.input.map(answer) }, null, 2);
}

function problems(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => `${String(typeof d.code === 'object' ? d.code.value : d.code)}: ${d.message}`);
}

async function continueWith(a: ActivatedApi, ref: { connectionId: string; responseId: string }, text: string): Promise<{ result: ContinueResult; plan: ContinuePlan | undefined }> {
  let plan: ContinuePlan | undefined;
  const result = await a.services.continuer.submit(ref, text, {
    source: 'editor',
    confirm: async (p) => {
      plan = p;
      return true;
    },
  });
  return { result, plan };
}

const creates = async () => (await servedRequests()).filter((r) => r.method === 'POST' && /\/responses\/?$/.test(r.path));

async function finished(a: ActivatedApi, connectionId: string, id: string): Promise<Created> {
  return waitFor(
    `${id} to finish`,
    async () => {
      const { response } = await a.services.responses.fetchResponse(connectionId, id);
      return response.status === 'completed' || response.status === 'failed' ? (response as unknown as Created) : undefined;
    },
    20_000,
  );
}

const messageText = (r: Created) => r.output.filter((i) => i.type === 'message').flatMap((i) => i.content ?? []).map((c) => c.text ?? '').join('');

describe('Answer and Continue a response', function () {
  this.timeout(120_000);
  let saved: unknown[];

  before(async () => {
    const config = vscode.workspace.getConfiguration('agentRuns');
    saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: OA, name: 'OpenAI mode (continue)', kind: 'openai-compatible', baseUrl: openaiBase(), auth: 'none' }], vscode.ConfigurationTarget.Global);
    await waitFor('the connection', async () => ((await activatedApi()).services.connections.get(OA) ? true : undefined));
  });

  after(async () => {
    const a = await activatedApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await a.services.context.globalState.update(`agentRuns.responses.${OA}`, undefined);
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('continues a chained response from its document: the outputs, the copy rules, one request, the model quoting the outputs', async () => {
    const a = await activatedApi();
    const original = await post<Created>(`${openaiBase()}/responses`, {
      model: 'tools',
      input: 'Weather in Paris? And where is order 42?',
      instructions: 'Answer briefly.',
      temperature: 0.2,
      top_p: 1,
      metadata: { app: 'integration' },
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    const calls = original.output.filter((i) => i.type === 'function_call');
    assert.equal(calls.length, 2);
    await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, original.id);
    const ref = { connectionId: OA, responseId: original.id };
    const editor = await openDocument(ref);

    // The pre-filled document: the answers first, then what is copied from the response.
    const request = JSON.parse(editor.document.getText()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(request)[0], 'input');
    assert.deepEqual(request.input, calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: '' })));
    assert.equal(request.previous_response_id, original.id);
    assert.equal(request.conversation, undefined, 'never both');
    assert.equal(request.instructions, 'Answer briefly.', 'instructions are not carried over by the service: copied');
    assert.equal(request.temperature, 0.2);
    assert.equal(request.top_p, undefined, 'the default of 1 is not sent');
    assert.deepEqual(request.metadata, { app: 'integration' });
    assert.equal(request.store, true);
    assert.equal(request.background, undefined, 'a compatible server: no background');
    // Empty outputs are warned about as the user types.
    const warnings = await waitFor('the empty-output warnings', () => {
      const list = problems(editor.document.uri).filter((p) => p.startsWith('empty-output'));
      return list.length === 2 ? list : undefined;
    });
    assert.equal(warnings.length, 2);

    await replaceText(
      editor,
      answered(editor, (item) => ({ ...item, output: calls.find((c) => c.call_id === item.call_id)?.name === 'get_weather' ? '21 °C and sunny' : 'Order 42 shipped on Monday' })),
    );
    await waitFor('no problems', () => (problems(editor.document.uri).length === 0 ? true : undefined));
    await clearServedRequests();
    const result = await vscode.commands.executeCommand<ContinueResult>('agentRuns.continueFromEditor', editor.document.uri, { confirm: false });
    assert.equal(result?.kind, 'created', JSON.stringify(result));
    if (result?.kind !== 'created') return;
    assert.equal((await creates()).length, 1, describeRequests(await servedRequests()));
    const next = await finished(a, OA, result.response.id);
    assert.equal(next.previous_response_id, original.id);
    assert.equal(messageText(next), 'get_weather returned "21 °C and sunny" and lookup_order returned "Order 42 shipped on Monday".');
    // The document is gone (its draft too) and the new response's panel is open.
    await waitFor('the document tab to close', () =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === continueUri(ref).toString())) ? undefined : true,
    );
    await waitFor('the new response panel', () => a.services.responsePanels.get({ connectionId: OA, responseId: next.id }));
    // The original now shows its calls answered by what this window sent.
    await a.services.responses.loadLater(OA, original.id);
    const states = a.services.responses.run(OA, original.id)!.steps.flatMap((s) => (s.body.kind === 'call' && 'answer' in s.body.call ? [s.body.call.answer.state] : []));
    assert.deepEqual(states, ['answered', 'answered']);
  });

  it('keeps what was typed when the tab is closed without saving, and opens it again as it was', async () => {
    const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', input: 'Weather in Turin? And order 88?' });
    await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, original.id);
    const ref = { connectionId: OA, responseId: original.id };
    const editor = await openDocument(ref);
    const typed = answered(editor, (item) => ({ ...item, output: `kept for ${String(item.call_id)}` }));
    await replaceText(editor, typed);
    // Closed without saving (the draft is written as you type, not on save).
    await new Promise((r) => setTimeout(r, 600));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the tab to close', () =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === continueUri(ref).toString())) ? undefined : true,
    );
    const again = await openDocument(ref);
    assert.equal(again.document.getText(), typed);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('saves a continue document after its text was kept as typed, without a "file is newer" conflict', async () => {
    const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', input: 'Weather in Pisa? And order 90?' });
    await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, original.id);
    const ref = { connectionId: OA, responseId: original.id };
    const editor = await openDocument(ref);
    const stored = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(continueUri(ref)));
    const fileTime = async () => (await vscode.workspace.fs.stat(continueUri(ref))).mtime;
    for (const marker of ['kept, then saved', 'saved twice']) {
      const before = await fileTime();
      await replaceText(editor, answered(editor, (item) => ({ ...item, output: marker })));
      await waitFor('the draft to be kept', async () => ((await stored()).includes(marker) ? true : undefined));
      assert.equal(await fileTime(), before, `${marker}: keeping the text as typed moved the file's time`);
      assert.equal(await editor.document.save(), true, `${marker}: the save was refused (the file looked newer than the document)`);
      assert.equal(editor.document.isDirty, false);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('text typed just before the host shuts down is written by the flush deactivate() awaits', async () => {
    const a = await activatedApi();
    const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', input: 'Weather in Genoa? And order 89?' });
    await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, original.id);
    const ref = { connectionId: OA, responseId: original.id };
    const editor = await openDocument(ref);
    const stored = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(continueUri(ref)));
    // The draft is written after a 300 ms pause in typing; when the look below came after
    // that pause, the pause's own write got there first: type again.
    let flushed: { marker: string; stored: string } | undefined;
    for (let attempt = 1; !flushed && attempt <= 5; attempt++) {
      const marker = `flushed on shutdown (attempt ${attempt})`;
      await replaceText(editor, answered(editor, (item) => ({ ...item, output: marker })));
      if ((await stored()).includes(marker)) continue;
      await a.services.continueDrafts.flush();
      flushed = { marker, stored: await stored() };
    }
    assert.ok(flushed, 'each time, the draft was written before it could be looked at (is the 300 ms pause gone?)');
    assert.ok(flushed.stored.includes(flushed.marker), 'flush() did not write the text typed last');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a wrong document with a precise sentence and sends nothing', async () => {
    const a = await activatedApi();
    const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', input: 'Weather in Rome? And order 77?' });
    await a.services.responses.fetchResponse(OA, original.id);
    const calls = original.output.filter((i) => i.type === 'function_call');
    const base = { model: 'tools', previous_response_id: original.id };
    const cases: [string, unknown, RegExp][] = [
      ['an unknown call id', { ...base, input: [{ type: 'function_call_output', call_id: 'call_typo', output: 'x' }, ...calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'x' }))] }, /call_typo/],
      ['an output that is an object', { ...base, input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: { temp: 21 } })) }, /output/],
      ['both chain and conversation', { ...base, conversation: 'conv_x', input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'x' })) }, /previous_response_id|conversation/],
      ['a duplicate answer', { ...base, input: [...calls, calls[0]!].map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'x' })) }, /twice|duplicate|more than once/i],
    ];
    await clearServedRequests();
    for (const [what, body, sentence] of cases) {
      const { result, plan } = await continueWith(a, { connectionId: OA, responseId: original.id }, JSON.stringify(body));
      assert.equal(result.kind, 'invalid', `${what}: ${JSON.stringify(result)}`);
      assert.match(result.kind === 'invalid' ? result.message : '', sentence, what);
      assert.match(result.kind === 'invalid' ? result.message : '', /Nothing was sent\.$/, what);
      assert.equal(plan, undefined, `${what}: nothing asked`);
    }
    assert.deepEqual(await creates(), [], 'no response created');
  });

  it('approves and denies an MCP approval request; the question names the server whose headers are missing', async () => {
    const a = await activatedApi();
    const tools = [{ type: 'mcp', server_label: 'dmcp', server_url: 'https://dmcp.example.com/sse', require_approval: 'always' }];
    for (const approve of [true, false]) {
      const original = await post<Created>(`${openaiBase()}/responses`, { model: 'mcp', input: 'Roll 2d4+1', tools });
      const request = original.output.find((i) => i.type === 'mcp_approval_request');
      assert.ok(request?.id);
      await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, original.id);
      const ref = { connectionId: OA, responseId: original.id };
      const editor = await openDocument(ref);
      const prefilled = JSON.parse(editor.document.getText()) as { input: Record<string, unknown>[] };
      assert.deepEqual(prefilled.input, [{ type: 'mcp_approval_response', approval_request_id: request.id, approve: null }]);
      await waitFor('the approve problem', () => (problems(editor.document.uri).some((p) => p.startsWith('approve-not-boolean')) ? true : undefined));
      assert.ok(problems(editor.document.uri).some((p) => p.startsWith('mcp-headers-missing')), problems(editor.document.uri).join('\n'));
      const text = answered(editor, (item) => ({ ...item, approve, ...(approve ? {} : { reason: 'Not today' }) }));
      await clearServedRequests();
      const { result, plan } = await continueWith(a, ref, text);
      assert.equal(result.kind, 'created', JSON.stringify(result));
      assert.deepEqual(plan?.mcpWithoutHeaders, ['dmcp']);
      assert.equal(plan?.answers, 1);
      assert.equal((await creates()).length, 1);
      if (result.kind !== 'created') return;
      await a.services.continueDrafts.afterContinue(ref, result);
      const next = await finished(a, OA, result.response.id);
      if (approve) {
        assert.ok(next.output.some((i) => i.type === 'mcp_call'), JSON.stringify(next.output));
        assert.equal(messageText(next), 'I rolled 2d4+1 and got 6.');
      } else {
        assert.equal(messageText(next), 'The call to roll on dmcp was not approved (Not today), so I did not run it.');
      }
    }
  });

  it('continues a Foundry agent in its conversation: agent_reference, the conversation and never previous_response_id, in the background', async () => {
    const a = await activatedApi();
    const conversation = await post<{ id: string }>(`${foundryBase()}/conversations`, {});
    const original = await post<Created>(`${foundryBase()}/responses`, {
      agent_reference: { type: 'agent_reference', name: 'tools', version: '1' },
      conversation: conversation.id,
      input: 'Weather in Oslo, and order 7007?',
    });
    const calls = original.output.filter((i) => i.type === 'function_call');
    assert.equal(calls.length, 2);
    const ref = { connectionId: FOUNDRY, responseId: original.id };
    const editor = await openDocument(ref);
    const request = JSON.parse(editor.document.getText()) as Record<string, unknown>;
    assert.deepEqual(request.agent_reference, { type: 'agent_reference', name: 'tools', version: '1' });
    assert.equal(request.model, undefined, 'the agent decides its model');
    assert.equal(request.conversation, conversation.id);
    assert.equal(request.previous_response_id, undefined, 'never both');
    assert.equal(request.background, true);
    assert.equal(request.stream, true, 'streamed, so the new id comes in the first event');
    // In a conversation everything after the response is visible: its calls are awaiting.
    assert.ok(a.services.responses.run(FOUNDRY, original.id)!.waiting, 'counted as waiting');
    assert.ok(a.services.responses.pendingResponses().some((r) => r.run.id === original.id && r.run.waiting));

    const text = answered(editor, (item) => ({ ...item, output: `answer for ${String(item.call_id)}` }));
    await clearServedRequests();
    const { result, plan } = await continueWith(a, ref, text);
    assert.equal(result.kind, 'created', JSON.stringify(result));
    assert.equal(plan?.runsWith, 'agent tools (version 1)');
    assert.deepEqual(plan?.chain, { kind: 'conversation', id: conversation.id });
    assert.equal(plan?.background, true);
    assert.equal((await creates()).length, 1);
    if (result.kind !== 'created') return;
    const next = await finished(a, FOUNDRY, result.response.id);
    assert.equal(next.agent?.name, 'tools');
    assert.equal(next.conversation?.id, conversation.id);
    assert.match(messageText(next), /answer for call_/);
    // Its calls are answered now, and it no longer counts as waiting.
    await a.services.responses.reloadLater(FOUNDRY, original.id);
    assert.equal(a.services.responses.run(FOUNDRY, original.id)!.waiting, false);
  });

  it('says when another client already answered (seen in the conversation) and sends nothing', async () => {
    const a = await activatedApi();
    const conversation = await post<{ id: string }>(`${openaiBase()}/conversations`, {});
    const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', conversation: conversation.id, input: 'Weather in Nice? Order 55?' });
    const calls = original.output.filter((i) => i.type === 'function_call');
    await a.services.responses.fetchResponse(OA, original.id);
    await a.services.responses.loadLater(OA, original.id);
    const text = JSON.stringify({ input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'mine' })), model: 'tools', conversation: conversation.id });
    // Another app answers first.
    await post(`${openaiBase()}/responses`, { model: 'tools', conversation: conversation.id, input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'theirs' })) });
    await clearServedRequests();
    const { result, plan } = await continueWith(a, { connectionId: OA, responseId: original.id }, text);
    assert.equal(result.kind, 'refused', JSON.stringify(result));
    assert.match(result.kind === 'refused' ? result.message : '', /^Already answered: .*another client.*Nothing was sent\.$/);
    assert.equal(plan, undefined);
    assert.deepEqual(await creates(), []);
  });

  it('under faults sends the request once and says what happened: nothing created, received, or uncertain', async () => {
    const a = await activatedApi();
    const fault = async (kind: string) => {
      const res = await fetch(`${emulatorOrigin()}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind, count: 1, match: { method: 'POST', path: '/v1/responses' } }),
      });
      assert.equal(res.status, 200);
    };
    const inConversation = async () => {
      const conversation = await post<{ id: string }>(`${openaiBase()}/conversations`, {});
      const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', conversation: conversation.id, input: 'Weather in Lyon? Order 66?' });
      await a.services.responses.fetchResponse(OA, original.id);
      const calls = original.output.filter((i) => i.type === 'function_call');
      return { id: original.id, text: JSON.stringify({ input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'ok' })), model: 'tools', conversation: conversation.id }) };
    };
    const chained = async () => {
      const original = await post<Created>(`${openaiBase()}/responses`, { model: 'tools', input: 'Weather in Lille? Order 67?' });
      await a.services.responses.fetchResponse(OA, original.id);
      const calls = original.output.filter((i) => i.type === 'function_call');
      return { id: original.id, text: JSON.stringify({ input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'ok' })), model: 'tools', previous_response_id: original.id }) };
    };
    const streamed = (make: () => Promise<{ id: string; text: string }>, background = true) => async () => {
      const made = await make();
      return { ...made, text: JSON.stringify({ ...(JSON.parse(made.text) as object), ...(background ? { background } : {}), stream: true }) };
    };
    const cases: { what: string; kind: string; make: () => Promise<{ id: string; text: string }>; expect: ContinueResult['kind']; sentence: RegExp }[] = [
      { what: '429 in a conversation', kind: '429', make: inConversation, expect: 'failed', sentence: /created no response/ },
      { what: 'dropped before the service read it, in a conversation', kind: 'drop', make: inConversation, expect: 'failed', sentence: /shows no answer after .* it created no response/ },
      { what: 'answer cut short after the service made it, in a conversation', kind: 'truncate', make: inConversation, expect: 'received', sentence: /received the answers.*Don't continue again/ },
      { what: '500 on a chain (nothing after it can be listed)', kind: '500', make: chained, expect: 'uncertain', sentence: /may have created the response\. Check before continuing again/ },
      { what: 'dropped on a chain', kind: 'drop', make: chained, expect: 'uncertain', sentence: /may have created the response/ },
      // Streamed in the background: the id arrives in the first event.
      { what: 'a stream dropped after its first event, on a chain', kind: 'truncate', make: streamed(chained), expect: 'created', sentence: /^$/ },
      { what: 'a stream (not in the background) dropped after its first event, on a chain', kind: 'truncate', make: streamed(chained, false), expect: 'created', sentence: /^$/ },
      { what: 'a stream dropped before its first event, on a chain', kind: 'drop', make: streamed(chained), expect: 'uncertain', sentence: /may have created the response/ },
    ];
    try {
      for (const c of cases) {
        const { id, text } = await c.make();
        await fault(c.kind);
        await clearServedRequests();
        const { result } = await continueWith(a, { connectionId: OA, responseId: id }, text);
        assert.equal(result.kind, c.expect, `${c.what}: ${JSON.stringify(result)}`);
        assert.match('message' in result ? result.message : '', c.sentence, c.what);
        // Never advice to send again where the service may hold it already.
        if (result.kind === 'uncertain' || result.kind === 'received') assert.doesNotMatch(result.message, /try again|then retry/i, c.what);
        assert.equal((await creates()).length, 1, `${c.what}: sent once\n  ${describeRequests(await servedRequests())}`);
        if (result.kind === 'created') {
          // Followed by its id: it runs on to its end, quoting the answers.
          const next = await finished(a, OA, result.response.id);
          assert.equal(next.previous_response_id, id, c.what);
          assert.match(messageText(next), /ok/, c.what);
        }
      }
    } finally {
      await fetch(`${emulatorOrigin()}/__emulator/faults`, { method: 'DELETE' });
    }
  });
});

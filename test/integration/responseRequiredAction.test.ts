// The response panel's Required action box in a real VS Code against the emulator: the
// answers typed in the panel and in the continue document are one draft, Continue from
// the panel sends it once through the one continuer, and the result is said in the box
// (an invalid draft's problems by id and nothing sent; a created response linked).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, servedRequests, waitFor, type ActivatedApi } from './helpers';

const OA = 'oa-required-action';
const openaiBase = () => `${emulatorOrigin()}/v1`;
const continueUri = (ref: { connectionId: string; responseId: string }) =>
  vscode.Uri.from({ scheme: 'agent-runs-continue', path: `/${encodeURIComponent(ref.connectionId)}/${encodeURIComponent(ref.responseId)}.continue.json` });

interface Item {
  type: string;
  id?: string;
  call_id?: string;
  name?: string;
  content?: { text?: string }[];
}
interface Created {
  id: string;
  status: string;
  output: Item[];
  previous_response_id?: string | null;
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `POST ${url} → ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

const creates = async () => (await servedRequests()).filter((r) => r.method === 'POST' && /\/responses\/?$/.test(r.path));
const messageText = (r: Created) => r.output.filter((i) => i.type === 'message').flatMap((i) => i.content ?? []).map((c) => c.text ?? '').join('');

async function finished(a: ActivatedApi, id: string): Promise<Created> {
  return waitFor(
    `${id} to finish`,
    async () => {
      const { response } = await a.services.responses.fetchResponse(OA, id);
      return response.status === 'completed' || response.status === 'failed' ? (response as unknown as Created) : undefined;
    },
    20_000,
  );
}

/** Adds a response made on the emulator and opens its panel, once its Required action box shows. */
async function openPanel(a: ActivatedApi, responseId: string, items: number) {
  const ref = { connectionId: OA, responseId };
  await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, responseId);
  await vscode.commands.executeCommand('agentRuns.openResponse', ref);
  const panel = await waitFor('the response panel', () => a.services.responsePanels.get(ref));
  const action = await waitFor('the Required action box', () => {
    const s = panel.buildState().action;
    return s && s.items.length === items ? s : undefined;
  });
  return { ref, panel, action };
}

const tabOpen = (uri: vscode.Uri) => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()));

describe('Response panel Required action', function () {
  this.timeout(120_000);
  let saved: unknown[];

  before(async () => {
    const config = vscode.workspace.getConfiguration('agentRuns');
    saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: OA, name: 'OpenAI mode (required action)', kind: 'openai-compatible', baseUrl: openaiBase(), auth: 'none' }], vscode.ConfigurationTarget.Global);
    await waitFor('the connection', async () => ((await activatedApi()).services.connections.get(OA) ? true : undefined));
  });

  after(async () => {
    const a = await activatedApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of a.services.responsePanels.all()) p.panel.dispose();
    await a.services.context.globalState.update(`agentRuns.responses.${OA}`, undefined);
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('keeps one draft with the continue document and continues from the panel: one request, the model quoting the outputs', async () => {
    const a = await activatedApi();
    const original = await post<Created>(`${openaiBase()}/responses`, {
      model: 'tools',
      input: 'Weather in Paris? And where is order 42?',
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    const calls = original.output.filter((i) => i.type === 'function_call');
    const weather = calls.find((c) => c.name === 'get_weather')!.call_id!;
    const order = calls.find((c) => c.name !== 'get_weather')!.call_id!;
    const { ref, panel, action } = await openPanel(a, original.id, 2);
    // Chained on a server that lists nothing after it: no answer is seen, but one may exist.
    assert.equal(action.state, 'noAnswerSeen');
    assert.deepEqual(action.items.map((i) => [i.kind, i.id]), calls.map((c) => ['output', c.call_id]));
    assert.deepEqual(action.answers, {}, 'no draft yet');

    // Typed in the panel with no editor open: the draft is made from the prefilled request and kept.
    await panel.receive({ type: 'saveAnswer', id: weather, output: '21 °C' });
    await waitFor('the panel to show the stored answer', () => (panel.buildState().action?.answers[weather]?.output === '21 °C' ? true : undefined));
    // Ids the response does not wait for, and messages the protocol refuses, change nothing.
    await panel.receive({ type: 'saveAnswer', id: 'call_not_pending', output: 'x' });
    await panel.receive({ type: 'saveAnswer', id: 'x'.repeat(600), output: 'x' });
    await panel.receive({ type: 'saveAnswer', id: weather, output: 'x', extra: true });
    assert.deepEqual(Object.keys((await a.services.continueDrafts.answersOf(ref)).answers).sort(), [order, weather].sort());

    // "Edit in editor" opens the same draft: the complete request with the panel's answer in it.
    await panel.receive({ type: 'continueInEditor' });
    const document = await waitFor('the continue document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === continueUri(ref).toString()));
    const request = JSON.parse(document.getText()) as { input: { call_id: string; output: string }[]; previous_response_id: string };
    assert.equal(request.previous_response_id, original.id);
    assert.deepEqual(request.input.map((i) => [i.call_id, i.output]), calls.map((c) => [c.call_id, c.call_id === weather ? '21 °C' : '']));

    // Typed in the editor (not saved: the document is dirty): the panel shows it.
    const empty = '"output": ""';
    const at = document.getText().indexOf(empty);
    assert.ok(at > 0, document.getText());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + empty.length)), '"output": "Order 42 shipped on Monday"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.isDirty);
    await waitFor('the panel to show the editor\'s answer', () => (panel.buildState().action?.answers[order]?.output === 'Order 42 shipped on Monday' ? true : undefined));
    // Typed in the panel while the editor holds unsaved text: the editor shows it, and keeps its own.
    await panel.receive({ type: 'saveAnswer', id: weather, output: '21 °C and sunny' });
    await waitFor('the editor to show the panel\'s answer', () => (document.getText().includes('"21 °C and sunny"') ? true : undefined));
    assert.ok(document.getText().includes('"Order 42 shipped on Monday"'), document.getText());
    assert.equal((JSON.parse(document.getText()) as { input: unknown[] }).input.length, 2, 'one answer per call, not a second item');

    // Continue from the panel (the modal skipped): one request, the draft gone, the new response linked.
    await clearServedRequests();
    const result = await panel.continue({ confirm: false });
    assert.equal(result?.kind, 'created', JSON.stringify(result));
    if (result?.kind !== 'created') return;
    assert.equal((await creates()).length, 1, describeRequests(await servedRequests()));
    const next = await finished(a, result.response.id);
    assert.equal(next.previous_response_id, original.id);
    assert.equal(messageText(next), 'get_weather returned "21 °C and sunny" and lookup_order returned "Order 42 shipped on Monday".');
    const box = panel.buildState().action;
    assert.equal(box?.result?.kind, 'created');
    assert.equal(box?.result?.responseId, next.id);
    await waitFor('the new response panel', () => a.services.responsePanels.get({ connectionId: OA, responseId: next.id }));
    await waitFor('the document tab to close', () => (tabOpen(continueUri(ref)) ? undefined : true));
    assert.deepEqual((await a.services.continueDrafts.answersOf(ref)).answers, {}, 'the draft is gone');
    // The original's calls are answered by what was sent: nothing left to type in the box.
    await waitFor('the calls to show answered', () => (panel.buildState().action?.items.length === 0 ? true : undefined));
  });

  it('says an invalid draft\u2019s problems in the box and sends nothing; then denies an MCP approval with a reason', async () => {
    const a = await activatedApi();
    const tools = [{ type: 'mcp', server_label: 'dmcp', server_url: 'https://dmcp.example.com/sse', require_approval: 'always' }];
    const original = await post<Created>(`${openaiBase()}/responses`, { model: 'mcp', input: 'Roll 2d4+1', tools });
    const request = original.output.find((i) => i.type === 'mcp_approval_request')!;
    const { panel, action } = await openPanel(a, original.id, 1);
    assert.deepEqual(action.items.map((i) => [i.kind, i.id, i.serverLabel]), [['approval', request.id, 'dmcp']]);

    // Nothing chosen: refused with the problem next to the request, and no request sent.
    await clearServedRequests();
    const refused = await panel.continue({ confirm: false });
    assert.equal(refused?.kind, 'invalid', JSON.stringify(refused));
    const said = panel.buildState().action?.result;
    assert.equal(said?.kind, 'invalid');
    assert.ok(said?.problems.some((p) => p.id === request.id), JSON.stringify(said));
    assert.match(said?.message ?? '', /Nothing was sent\.$/);
    assert.deepEqual(await creates(), []);

    await panel.receive({ type: 'saveAnswer', id: request.id!, approve: false });
    await panel.receive({ type: 'saveAnswer', id: request.id!, reason: 'Not today' });
    await waitFor('the panel to show the choice', () => {
      const answer = panel.buildState().action?.answers[request.id!];
      return answer?.approve === false && answer.reason === 'Not today' ? true : undefined;
    });
    const result = await panel.continue({ confirm: false });
    assert.equal(result?.kind, 'created', JSON.stringify(result));
    if (result?.kind !== 'created') return;
    assert.equal((await creates()).length, 1);
    const next = await finished(a, result.response.id);
    assert.equal(messageText(next), 'The call to roll on dmcp was not approved (Not today), so I did not run it.');
  });
});

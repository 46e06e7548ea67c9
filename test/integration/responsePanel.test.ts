// The response panel inside a real VS Code, against the emulator (demo seed, Foundry
// surface of the demo project): opening by command (one panel per response), every item
// kind, a pending function call, a failed response, live from in progress to cancelled
// after Cancel, a finished response that cannot be cancelled (no request sent), the
// chain, JSON documents of a response and its items, and restore through the serializer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO, DEMO_RESPONSES } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, servedRequests, waitFor, type ActivatedApi } from './helpers';

const CONN = 'demo';
const R = DEMO_RESPONSES.responses;
const api = activatedApi;
const ref = (responseId: string) => ({ connectionId: CONN, responseId });

/** A background response of the `slow` script (in progress until cancelled) that nothing else watches. */
async function createSlowResponse(): Promise<string> {
  const res = await fetch(`${emulatorOrigin()}/api/projects/${DEMO.project}/openai/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'slow', background: true, input: 'Think about <b>this</b> for a long time.' }),
  });
  assert.equal(res.status, 200, `create response → ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

async function closeAll(a: ActivatedApi): Promise<void> {
  for (const p of a.services.responsePanels.all()) p.panel.dispose();
  await waitFor('all response panels to close', () => (a.services.responsePanels.all().length === 0 ? true : undefined));
}

/** The panel of a response, opened through the command, once it shows the response. */
async function openPanel(a: ActivatedApi, responseId: string) {
  await vscode.commands.executeCommand('agentRuns.openResponse', ref(responseId));
  const panel = await waitFor(`the panel of ${responseId}`, () => a.services.responsePanels.get(ref(responseId)));
  const view = await waitFor(`${responseId} to load`, () => {
    const s = panel.buildState();
    return s.response && !s.loading ? s.response : undefined;
  });
  return { panel, view };
}

describe('Response panel', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await fetch(`${emulatorOrigin()}/__emulator/faults`, { method: 'DELETE' });
  });
  afterEach(async () => {
    await closeAll(await api());
  });

  it('opens one panel per response from the command, with every item kind read with include[]', async () => {
    const a = await api();
    await clearServedRequests();
    const { panel, view } = await openPanel(a, R.everyKind);
    assert.equal(panel.panel.viewType, 'agentRuns.responsePanel');
    assert.match(panel.panel.title, /completed/);
    assert.deepEqual(
      view.output.map((i) => i.body.kind),
      ['reasoning', 'code', 'webSearch', 'fileSearch', 'imageGeneration', 'message'],
    );
    const code = view.output[1]!.body;
    assert.ok(code.kind === 'code' && code.outputs?.some((o) => o.kind === 'image' && o.image.kind === 'data'), 'the code-interpreter image is shown');
    const generated = view.output[4]!.body;
    assert.equal(generated.kind === 'imageGeneration' && generated.image?.kind, 'data');
    const web = view.output[2]!.body;
    assert.equal(web.kind === 'webSearch' && web.sources[0]?.url, 'https://example.com/sales');
    assert.equal(view.usage?.reasoning, 120);
    assert.ok(view.inputs.loaded && view.inputs.items.length === 1);
    const reads = (await servedRequests()).filter((r) => r.path.endsWith(R.everyKind) || r.path.endsWith(`${R.everyKind}/input_items`));
    assert.equal(reads.length, 2, describeRequests(reads));
    for (const r of reads) assert.ok(JSON.stringify(r.query ?? {}).includes('code_interpreter_call.outputs'), `read without include[]: ${describeRequests([r])}`);
    await vscode.commands.executeCommand('agentRuns.openResponse', { kind: 'response', ref: ref(R.everyKind) });
    assert.equal(a.services.responsePanels.all().length, 1, 'a second panel was opened for the same response');
    assert.equal(panel.isLive, false, 'a completed response is not watched');
  });

  it('shows a pending function call with its arguments and "no answer seen", and a failed response explained', async () => {
    const a = await api();
    const pending = (await openPanel(a, R.pendingFunctionCall)).view;
    const calls = pending.output.map((i) => i.body).filter((b) => b.kind === 'function');
    assert.deepEqual(calls.map((c) => c.kind === 'function' && c.name), ['get_weather', 'lookup_order']);
    for (const c of calls) assert.equal(c.kind === 'function' && c.answer.state, 'noAnswerSeen');
    assert.ok(calls[0]!.kind === 'function' && calls[0]!.arguments.includes('"city": "Lisbon"'));
    assert.equal(pending.cancellable, false);
    const failed = (await openPanel(a, R.failed)).view;
    assert.equal(failed.status, 'failed');
    assert.match(failed.notices[0]?.text ?? '', /^Failed: the service had an internal error \(server_error\)/);
    assert.equal(failed.completed.kind, 'notReported', 'no completion time is invented');
    const row = failed.timeline?.items.find((i) => i.current);
    assert.equal(row?.id, R.failed);
    assert.equal(row?.end, null, 'the timeline invents an end');
  });

  it('follows a background response live and, after Cancel, until it is cancelled', async () => {
    const a = await api();
    const id = await createSlowResponse();
    const { panel, view } = await openPanel(a, id);
    assert.ok(view.status === 'queued' || view.status === 'in_progress', view.status);
    assert.equal(view.cancellable, true);
    await waitFor('the response to be watched', () => (panel.isLive && a.services.scheduler.isLive(ref(id)) ? true : undefined));
    await clearServedRequests();
    const outcome = await panel.cancel({ confirm: false });
    assert.notEqual(outcome.kind, 'notCancellable');
    const done = await waitFor('the panel to show cancelled', () => {
      const s = panel.buildState();
      return s.response?.status === 'cancelled' && !s.live ? s : undefined;
    }, 30_000);
    assert.match(panel.panel.title, /cancelled/);
    assert.equal(done.response!.cancellable, false);
    assert.equal(a.services.scheduler.isLive(ref(id)), false, 'the scheduler still polls a cancelled response');
    const cancels = (await servedRequests()).filter((r) => r.method === 'POST' && r.path.endsWith(`${id}/cancel`));
    assert.equal(cancels.length, 1, describeRequests(cancels));
  });

  it('refuses to cancel a finished response with a sentence from its state, and sends nothing', async () => {
    const a = await api();
    const { panel } = await openPanel(a, R.completed);
    await clearServedRequests();
    const outcome = await panel.cancel({ confirm: false });
    assert.equal(outcome.kind, 'notCancellable');
    assert.match(outcome.kind === 'notCancellable' ? outcome.message : '', /is completed: it has finished, so there is nothing to cancel\./);
    await waitFor('the sentence in the panel', () => (panel.buildState().cancelMessage ? true : undefined));
    const cancels = (await servedRequests()).filter((r) => r.path.endsWith('/cancel'));
    assert.deepEqual(cancels, [], describeRequests(cancels));
  });

  it('links the chain: the previous response opens its own panel, and a known next response is listed', async () => {
    const a = await api();
    const { panel, view } = await openPanel(a, R.chain2);
    assert.equal(view.previousId, R.chain1);
    await panel.receive({ type: 'openResponse', responseId: R.chain1 });
    const previous = await waitFor('the previous response panel', () => a.services.responsePanels.get(ref(R.chain1)));
    const chain1 = await waitFor('chain1 to load', () => previous.buildState().response ?? undefined);
    // chain2 is known now: chain1's panel lists it as next.
    assert.deepEqual(chain1.nextIds, [R.chain2]);
    // Both panels place the chain on the clock from what the store holds, with the service's times.
    const times = (id: string) => {
      const r = a.services.responses.response(CONN, id)!;
      return [r.created_at, r.completed_at];
    };
    const rows = (t: typeof chain1.timeline) => t?.items.map((i) => [i.tag, i.id, i.start, i.end]);
    assert.deepEqual(rows(chain1.timeline), [
      ['this', R.chain1, ...times(R.chain1)],
      ['next', R.chain2, ...times(R.chain2)],
    ]);
    assert.ok(times(R.chain1).every((t) => typeof t === 'number'), 'the demo reports both times');
    const chain2 = await waitFor('chain2 to place its previous response', () => {
      const t = panel.buildState().response?.timeline;
      return t?.items.some((i) => i.tag === 'previous') ? t : undefined;
    });
    assert.deepEqual(rows(chain2), [
      ['previous', R.chain1, ...times(R.chain1)],
      ['this', R.chain2, ...times(R.chain2)],
      ...(a.services.responses.response(CONN, R.chain3) ? [['next', R.chain3, ...times(R.chain3)]] : []),
    ]);
  });

  it('opens a response and its output and input items as read-only JSON documents', async () => {
    const a = await api();
    const { view } = await openPanel(a, R.pendingMcpApproval);
    await vscode.commands.executeCommand('agentRuns.openJson', { kind: 'response', ref: ref(R.pendingMcpApproval) });
    let doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'agent-runs-json');
    assert.equal(doc.uri.path, `/${CONN}/responses/${R.pendingMcpApproval}.json`);
    assert.equal((JSON.parse(doc.getText()) as { id: string }).id, R.pendingMcpApproval);
    const item = view.output[1]!;
    await vscode.commands.executeCommand('agentRuns.openJson', { kind: 'outputItem', ref: { ...ref(R.pendingMcpApproval), itemId: item.id } });
    doc = vscode.window.activeTextEditor!.document;
    assert.deepEqual(JSON.parse(doc.getText()) as { id: string; type: string }, JSON.parse(JSON.stringify(a.services.responses.response(CONN, R.pendingMcpApproval)!.output![1])));
    const input = view.inputs.items[0]!;
    await vscode.commands.executeCommand('agentRuns.openJson', { kind: 'inputItem', ref: { ...ref(R.pendingMcpApproval), itemId: input.id } });
    assert.equal((JSON.parse(vscode.window.activeTextEditor!.document.getText()) as { id: string }).id, input.id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a chart code interpreter wrote in its container, read from the containers endpoint; where the service has none, says why', async () => {
    const a = await api();
    const OA = 'openai-mode-containers';
    const config = vscode.workspace.getConfiguration('agentRuns');
    const saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: OA, name: 'OpenAI mode (containers)', kind: 'openai-compatible', baseUrl: `${emulatorOrigin()}/v1`, auth: 'none' }], vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the connection', () => (a.services.connections.get(OA) ? true : undefined));
      const created = await fetch(`${emulatorOrigin()}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'code', input: 'sqrt 2' }) });
      const response = (await created.json()) as { id: string; output: { content?: { annotations: { type: string; container_id: string; file_id: string }[] }[] }[] };
      const cite = response.output[1]!.content![0]!.annotations[0]!;
      assert.equal(cite.type, 'container_file_citation');
      await vscode.commands.executeCommand('agentRuns.openResponse', { connectionId: OA, responseId: response.id });
      const panel = await waitFor('the panel', () => a.services.responsePanels.get({ connectionId: OA, responseId: response.id }));
      // What the panel posts to its page, as the page would receive it.
      const posted: { type: string; image?: Record<string, unknown> }[] = [];
      const webview = panel.panel.webview as { postMessage(message: unknown): Thenable<boolean> };
      const original = webview.postMessage.bind(webview);
      webview.postMessage = (message: unknown) => {
        posted.push(message as { type: string });
        return original(message);
      };
      await clearServedRequests();
      await panel.receive({ type: 'getImage', fileId: cite.file_id, containerId: cite.container_id });
      const image = await waitFor('the image', () => posted.find((m) => m.type === 'image')?.image);
      assert.equal(image.fileId, cite.file_id);
      assert.equal(image.mime, 'image/png', JSON.stringify(image).slice(0, 200));
      assert.match(String(image.base64), /^iVBORw0KGgo/);
      const reads = (await servedRequests()).filter((r) => r.path.includes('/containers/'));
      assert.deepEqual(reads.map((r) => `${r.method} ${r.path}`), [`GET /v1/containers/${cite.container_id}/files/${cite.file_id}/content`]);
      // The Foundry project has no containers endpoint: nothing is asked, the page is told why.
      const { panel: foundryPanel } = await openPanel(a, R.everyKind);
      const foundryPosted: { type: string; image?: Record<string, unknown> }[] = [];
      const foundryWebview = foundryPanel.panel.webview as { postMessage(message: unknown): Thenable<boolean> };
      const foundryOriginal = foundryWebview.postMessage.bind(foundryWebview);
      foundryWebview.postMessage = (message: unknown) => {
        foundryPosted.push(message as { type: string });
        return foundryOriginal(message);
      };
      await clearServedRequests();
      await foundryPanel.receive({ type: 'getImage', fileId: 'cfile_demo0000000000000000000000', containerId: 'cntr_demo' });
      const refused = await waitFor('the refusal', () => foundryPosted.find((m) => m.type === 'image')?.image);
      // (The page asks for the chart its message cites too, with the container's real id.)
      assert.match(String(refused.error), /^A Foundry project does not serve the files code interpreter wrote: cfile_demo0000000000000000000000 stays in container cntr_\w+\.$/);
      assert.deepEqual((await servedRequests()).filter((r) => r.path.includes('/containers/')), []);
    } finally {
      await config.update('connections', saved, vscode.ConfigurationTarget.Global);
    }
  });

  it('drops invalid messages from its page: nothing is sent to the service, opened or cancelled', async () => {
    const a = await api();
    const id = await createSlowResponse();
    const { panel } = await openPanel(a, id);
    // Documents (JSON, drafts) and other webviews; this panel's own tab changes its title as the response moves.
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText || (t.input instanceof vscode.TabInputWebview && !t.label.startsWith(id))).map((t) => t.label);
    const before = tabs();
    await clearServedRequests();
    for (const bad of [
      null,
      'cancelResponse',
      { type: 'cancelResponse', responseId: R.inProgress },
      { type: 'openResponse', responseId: '' },
      { type: 'openResponse', responseId: R.chain1, connectionId: 'other' },
      { type: 'loadMoreInputs', after: 'x' },
      { type: 'openJson', target: { kind: 'outputItem' } },
      { type: 'getImage', fileId: '' },
      { type: 'eval', code: 'process.exit(1)' },
    ]) {
      await panel.receive(bad);
    }
    await new Promise((r) => setTimeout(r, 500));
    const writes = (await servedRequests()).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes, [], describeRequests(writes));
    // Opened ones only: panels closed by earlier tests may still be leaving.
    assert.deepEqual(tabs().filter((t) => !before.includes(t)), [], `a tab was opened: ${JSON.stringify({ before, after: tabs() })}`);
    assert.equal(a.services.responsePanels.all().length, 1, 'another panel was opened');
    assert.ok(a.services.responses.run(CONN, id)?.active, 'the response was cancelled');
    await fetch(`${emulatorOrigin()}/api/projects/${DEMO.project}/openai/v1/responses/${id}/cancel`, { method: 'POST' });
  });

  it('restores a panel from its saved state and refuses invalid state', async () => {
    const a = await api();
    const restored = vscode.window.createWebviewPanel('agentRuns.responsePanel', 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await a.services.responsePanels.deserializeWebviewPanel(restored, { ref: ref(R.incomplete), open: { 'section:config': true } });
    const panel = await waitFor('the restored panel', () => a.services.responsePanels.get(ref(R.incomplete)));
    const view = await waitFor('the restored response', () => panel.buildState().response ?? undefined);
    assert.equal(view.status, 'incomplete');
    let disposed = false;
    const broken = vscode.window.createWebviewPanel('agentRuns.responsePanel', 'broken', vscode.ViewColumn.Active, { enableScripts: true });
    broken.onDidDispose(() => (disposed = true));
    await a.services.responsePanels.deserializeWebviewPanel(broken, { ref: { connectionId: CONN, threadId: 'thread_x', runId: 'run_x' } });
    assert.equal(disposed, true, 'a panel with invalid saved state was kept');
    assert.equal(a.services.responsePanels.all().length, 1);
  });
});

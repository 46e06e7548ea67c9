// Fork from Here, in a real VS Code against the emulator: the fork document pre-filled
// from the original, validated as typed, sent once; the fork followed, the original's
// tool results replayed for matching calls (what the service received is read back from
// it), a call that matches nothing waiting for the user, the replay limit, a cancelled
// fork, and an Assistants fork on a new thread. Nothing is changed on the original.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, demoThreadNode, emulatorOrigin, groupNode, listedNode, servedRequests, waitFor, type ActivatedApi } from './helpers';
import type { ForkReport } from '../../src/store/forkRunner';

const CONN = 'demo';
const base = () => `${emulatorOrigin()}/api/projects/${DEMO.project}/openai/v1`;
const classic = (path: string) => `${emulatorOrigin()}/api/projects/${DEMO.project}${path}${path.includes('?') ? '&' : '?'}api-version=v1`;

async function call<T>(url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${url} → ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

interface Item {
  id: string;
  type: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string;
  content?: { text?: string }[];
}
interface Created {
  id: string;
  status: string;
  output: Item[];
  metadata?: Record<string, string>;
  previous_response_id?: string | null;
}

/** A response that called two tools, its continuation with these outputs, and what that answered. */
async function original(text: string, outputs: [string, string]): Promise<{ first: Created; next: Created }> {
  const first = await call<Created>(`${base()}/responses`, { model: 'tools', input: text, instructions: 'Use the tools.', metadata: { app: 'fork-test' } });
  const calls = first.output.filter((i) => i.type === 'function_call');
  const next = await call<Created>(`${base()}/responses`, {
    model: 'tools',
    previous_response_id: first.id,
    input: calls.map((c, i) => ({ type: 'function_call_output', call_id: c.call_id, output: outputs[i] })),
  });
  return { first, next };
}

const inputItems = async (id: string) => (await call<{ data: Item[] }>(`${base()}/responses/${id}/input_items?order=asc`)).data;
const retrieve = (id: string) => call<Created>(`${base()}/responses/${id}`);
const creates = async () => (await servedRequests()).filter((r) => r.method === 'POST' && /\/responses\/?$/.test(r.path));

/** The next report of the fork runner that satisfies `which`. */
function nextReport(a: ActivatedApi, which: (r: ForkReport) => boolean = () => true): Promise<ForkReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('no fork report within 30 s'));
    }, 30_000);
    const sub = a.services.forks.onDidReport((r) => {
      if (!which(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

async function openFork(arg: unknown): Promise<vscode.TextDocument> {
  const uri = await vscode.commands.executeCommand<vscode.Uri>('agentRuns.forkFromHere', arg);
  assert.ok(uri, 'the fork document opened');
  return waitFor('the fork document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
}

async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const send = (doc: vscode.TextDocument) => vscode.commands.executeCommand('agentRuns.forkFromEditor', doc.uri, { confirm: false });
const respRef = (responseId: string) => ({ ref: { connectionId: CONN, responseId } });

describe('Fork from Here', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.workspace.getConfiguration('agentRuns').update('fork.replayLimit', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('pre-fills the fork of a response from its start with its settings and input, and names its origin', async () => {
    await activatedApi();
    const { first } = await original('Weather in Oslo? And order 7007?', ['3 °C', 'shipped']);
    const doc = await openFork(respRef(first.id));
    const fork = JSON.parse(doc.getText()) as { replay_tool_results: boolean; request: Record<string, unknown> };
    assert.equal(fork.replay_tool_results, true, 'replay is on by default');
    const [user] = await inputItems(first.id);
    assert.equal(fork.request.model, 'tools');
    assert.equal(fork.request.instructions, 'Use the tools.');
    assert.deepEqual(fork.request.metadata, { app: 'fork-test', agent_runs_forked_from: first.id, agent_runs_forked_at: `after ${user!.id}` });
    assert.deepEqual((fork.request.input as Item[]).map((i) => i.id), [user!.id], 'the input items, without the output');
    assert.equal('conversation' in fork.request, false);
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri), [], 'a pre-filled document has no problems');
  });

  it('replays the original tool results for matching calls: the service receives the original outputs, and the fork ends', async () => {
    const a = await activatedApi();
    const { first } = await original('Weather in Oslo? And order 7007?', ['3 °C and sleet', 'shipped Friday']);
    const doc = await openFork(respRef(first.id));
    await clearServedRequests();
    const ended = nextReport(a);
    await send(doc);
    const report = await ended;
    assert.equal(report.kind, 'ended', JSON.stringify(report));
    assert.ok(report.fork.family === 'responses');
    if (report.fork.family !== 'responses') return;
    assert.equal(report.fork.replayed, 1, 'one replayed response');
    assert.equal((await creates()).length, 2, 'the fork and one replay, each sent once');

    // What the service holds: the fork names its origin, the replay answers with the original's outputs.
    const fork = await retrieve(report.fork.first);
    assert.equal(fork.metadata?.agent_runs_forked_from, first.id);
    const tip = await retrieve(report.fork.tip);
    assert.equal(tip.previous_response_id, fork.id);
    const sent = (await inputItems(tip.id)).map((i) => [i.type, fork.output.find((c) => c.call_id === i.call_id)?.name, i.output]);
    assert.deepEqual(sent, [
      ['function_call_output', 'get_weather', '3 °C and sleet'],
      ['function_call_output', 'lookup_order', 'shipped Friday'],
    ]);
    assert.match(tip.output.map((o) => o.content?.map((c) => c.text).join('')).join(''), /get_weather returned "3 °C and sleet"/);
    for (const c of fork.output) assert.equal(a.services.forks.isReplayed(CONN, c.call_id!), true, `${c.call_id} marked as replayed`);
    // The tree names the fork's origin.
    await a.services.responses.loadResponses(CONN);
    const group = await groupNode(a, 'responses');
    const row = await listedNode(a, group, `${group.id}/resp/${fork.id}`);
    assert.match(String((await a.tree.getTreeItem(row)).description), new RegExp(`forked from ${first.id}$`));
    // The original is unchanged: nothing continues it but its own continuation.
    assert.equal(a.services.responses.nextResponses(CONN, first.id).length, 1);
    assert.equal(doc.isClosed || !vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString())), true, 'the sent document closed');
  });

  it('stops at a call the original never made, and waits for the user', async () => {
    const a = await activatedApi();
    const { first } = await original('Weather in Oslo? And order 7007?', ['3 °C', 'shipped']);
    const doc = await openFork(respRef(first.id));
    const fork = JSON.parse(doc.getText()) as { request: { input: { content: { text: string }[] }[] } };
    fork.request.input[0]!.content[0]!.text = 'Weather in Bergen? And order 7007?';
    await setText(doc, JSON.stringify(fork, null, 2));
    await clearServedRequests();
    const waiting = nextReport(a);
    await send(doc);
    const report = await waiting;
    assert.equal(report.kind, 'waiting');
    if (report.kind !== 'waiting') return;
    assert.equal(report.reason, 'noMatch');
    assert.deepEqual(report.calls, ['get_weather({"city":"Bergen"})']);
    assert.equal((await creates()).length, 1, 'only the fork was sent');
    const run = a.services.responses.run(CONN, report.fork.family === 'responses' ? report.fork.tip : '');
    assert.deepEqual(run?.pending.map((p) => p.name), ['get_weather', 'lookup_order'], 'the fork waits for its calls in the usual answer flow');
  });

  it('replays nothing with replay off, and stops at the replay limit', async () => {
    const a = await activatedApi();
    const { first } = await original('Weather in Oslo? And order 7007?', ['3 °C', 'shipped']);
    let doc = await openFork(respRef(first.id));
    await setText(doc, doc.getText().replace('"replay_tool_results": true', '"replay_tool_results": false'));
    let report = nextReport(a);
    await send(doc);
    let r = await report;
    assert.deepEqual([r.kind, r.kind === 'waiting' ? r.reason : ''], ['waiting', 'off']);

    await vscode.workspace.getConfiguration('agentRuns').update('fork.replayLimit', 0, vscode.ConfigurationTarget.Global);
    doc = await openFork(respRef(first.id));
    report = nextReport(a);
    await send(doc);
    r = await report;
    assert.deepEqual([r.kind, r.kind === 'waiting' ? r.reason : '', r.fork.replayed], ['waiting', 'limit', 0]);
  });

  it('refuses a document with problems, names them where they are, and sends nothing', async () => {
    const { first } = await original('Weather in Oslo?', ['3 °C', 'shipped']);
    const doc = await openFork(respRef(first.id));
    const fork = JSON.parse(doc.getText()) as { request: Record<string, unknown> };
    fork.request.model = '';
    fork.request.tools = [{ type: 'hammer' }];
    await setText(doc, JSON.stringify(fork, null, 2));
    const problems = await waitFor('the problems', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).map((x) => String(typeof x.code === 'object' ? x.code.value : x.code));
      return d.length >= 2 ? d : undefined;
    });
    assert.deepEqual(problems.sort(), ['enum', 'minLength']);
    await clearServedRequests();
    const a = await activatedApi();
    const refused = await a.services.forkDrafts.forkFromEditor(doc.uri, { confirm: false }).then(
      () => '',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    assert.match(refused, /"request\.model" is empty.*\(and 1 more problems\)\. Nothing was sent\./);
    assert.equal((await creates()).length, 0);
  });

  it('a fork can be cancelled: it ends cancelled and nothing is replayed', async () => {
    const a = await activatedApi();
    const slow = await call<Created>(`${base()}/responses`, { model: 'slow', input: 'Think.', background: true });
    await call(`${base()}/responses/${slow.id}/cancel`, {});
    const doc = await openFork(respRef(slow.id));
    const ended = nextReport(a);
    await send(doc);
    const fork = await waitFor('the fork', () => a.services.forks.active()[0]);
    assert.equal(fork.family, 'responses');
    if (fork.family !== 'responses') return;
    const outcome = await a.services.responses.tryCancel(CONN, fork.first);
    assert.equal(outcome.kind, 'accepted');
    const report = await ended;
    assert.deepEqual([report.kind, report.kind === 'ended' ? report.status : ''], ['ended', 'cancelled']);
  });

  it('forks an Assistants run from a step: a new thread with the messages before it, a run replaying the original outputs', async () => {
    const a = await activatedApi();
    const started = await call<{ id: string; thread_id: string }>(classic('/threads/runs'), {
      assistant_id: 'asst_tools',
      thread: { messages: [{ role: 'user', content: 'What is the weather in Oslo, and where is order 42?' }] },
    });
    const waiting = await waitFor('the original to wait', async () => {
      const run = await call<{ status: string; required_action?: { submit_tool_outputs: { tool_calls: { id: string; function: { name: string } }[] } } }>(classic(`/threads/${started.thread_id}/runs/${started.id}`));
      return run.status === 'requires_action' ? run : undefined;
    }, 20_000);
    await call(classic(`/threads/${started.thread_id}/runs/${started.id}/submit_tool_outputs`), {
      tool_outputs: waiting.required_action!.submit_tool_outputs.tool_calls.map((c) => ({ tool_call_id: c.id, output: c.function.name === 'get_weather' ? 'minus 2' : 'in Bergen' })),
    });
    await waitFor('the original to complete', async () => ((await call<{ status: string }>(classic(`/threads/${started.thread_id}/runs/${started.id}`))).status === 'completed' ? true : undefined), 20_000);
    const steps = (await call<{ data: { id: string; type: string }[] }>(classic(`/threads/${started.thread_id}/runs/${started.id}/steps?order=asc`))).data;
    const toolStep = steps.find((s) => s.type === 'tool_calls')!;

    const doc = await openFork({ connectionId: CONN, threadId: started.thread_id, runId: started.id, stepId: toolStep.id });
    const fork = JSON.parse(doc.getText()) as { request: { assistant_id: string; thread: { messages: { role: string; content: unknown }[] } } };
    assert.equal(fork.request.assistant_id, 'asst_tools');
    assert.deepEqual(fork.request.thread.messages, [{ role: 'user', content: 'What is the weather in Oslo, and where is order 42?' }], 'the messages before the tool step');
    const ended = nextReport(a);
    await send(doc);
    const report = await ended;
    assert.deepEqual([report.kind, report.kind === 'ended' ? report.status : ''], ['ended', 'completed'], JSON.stringify(report));
    if (report.fork.family !== 'assistants') return;
    assert.notEqual(report.fork.threadId, started.thread_id, 'a new thread');
    const messages = (await call<{ data: { role: string; content: { text: { value: string } }[] }[] }>(classic(`/threads/${report.fork.threadId}/messages?order=asc`))).data;
    assert.match(messages.at(-1)!.content[0]!.text.value, /minus 2/, 'the model answered with the replayed output');
    const forkRun = await call<{ metadata: Record<string, string> }>(classic(`/threads/${report.fork.threadId}/runs/${report.fork.runId}`));
    assert.equal(forkRun.metadata.agent_runs_forked_from, started.id);
    assert.ok(a.services.registry.remembered(CONN).includes(report.fork.threadId), 'the new thread is in the tree');
    const threadRow = await demoThreadNode(a, report.fork.threadId);
    await waitFor('the thread row to name its origin', async () => {
      const description = String((await a.tree.getTreeItem(threadRow)).description);
      return description.includes(`forked from ${started.thread_id}`) ? description : undefined;
    });
  });
});

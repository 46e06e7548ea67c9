// The count of runs waiting for tool outputs (status bar, "Answer Tool Calls") inside a
// real VS Code, against the emulator (demo seed, Azure mode): it covers every known
// thread, loaded in the tree or not, survives Refresh, follows runs through the live
// scheduler, and costs a bounded number of requests.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, servedRequests, waitFor, type ExtensionApi } from './helpers';

const CONN = 'demo';

interface WireRun {
  id: string;
  thread_id: string;
  status: string;
  required_action?: { submit_tool_outputs?: { tool_calls: { id: string }[] } } | null;
}

/** The parts of the extension's API these tests use (see src/extension.ts). */
interface WaitingApi {
  services: {
    store: {
      clear(connectionId?: string): void;
      runList(connectionId: string, threadId: string): { loaded: boolean };
      threadList(connectionId: string): { items: string[]; hasMore: boolean };
    };
    waitingRuns: {
      readonly count: number;
      list(): { connectionId: string; run: WireRun }[];
      settled(): Promise<void>;
    };
  };
}

async function api(): Promise<WaitingApi & ExtensionApi> {
  return (await activatedApi()) as unknown as WaitingApi & ExtensionApi;
}

const azure = (path: string) => `${emulatorOrigin()}/api/projects/demo${path}?api-version=v1`;

async function wireRun(threadId: string, runId: string): Promise<WireRun> {
  const res = await fetch(azure(`/threads/${threadId}/runs/${runId}`));
  assert.equal(res.status, 200);
  return (await res.json()) as WireRun;
}

const waitingIds = (a: WaitingApi) => a.services.waitingRuns.list().map((w) => w.run.id);

describe('Tree rows: runs waiting for tool outputs', function () {
  this.timeout(60_000);
  let saved: number | undefined;

  before(async () => {
    // The background rate is four times the hidden one: 4 s here instead of 60 s.
    const config = vscode.workspace.getConfiguration('agentRuns.refresh');
    saved = config.inspect<number>('hiddenIntervalSeconds')?.globalValue;
    await config.update('hiddenIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('agentRuns.refresh').update('hiddenIntervalSeconds', saved, vscode.ConfigurationTarget.Global);
  });

  it('counts a waiting run on a thread no view has loaded, keeps it through Refresh, and follows it to completion', async () => {
    const a = await api();
    // An app starts a run that waits for tool outputs, on a thread the tree never showed.
    const res = await fetch(azure('/threads/runs'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: 'asst_tools', thread: { messages: [{ role: 'user', content: 'Weather in Oslo and order 7?' }] } }),
    });
    assert.equal(res.status, 200);
    const created = (await res.json()) as WireRun;
    const waiting = await waitFor('the new run to wait for tool outputs', async () => {
      const run = await wireRun(created.thread_id, created.id);
      return run.status === 'requires_action' ? run : undefined;
    });

    await vscode.commands.executeCommand('agentRuns.refresh');
    assert.ok(waitingIds(a).includes(created.id), `after Refresh the count misses the new run: ${waitingIds(a).join(', ')}`);
    assert.ok(waitingIds(a).includes(DEMO.runs.requiresAction), `after Refresh the count misses the demo's waiting run: ${waitingIds(a).join(', ')}`);

    // Forgetting every cached page (what Refresh does first) leaves the count alone.
    a.services.store.clear();
    assert.ok(waitingIds(a).includes(created.id) && waitingIds(a).includes(DEMO.runs.requiresAction), `cleared caches emptied the count: ${waitingIds(a).join(', ')}`);

    // The app answers the calls itself; the scheduler notices without any view open on the run.
    const calls = waiting.required_action?.submit_tool_outputs?.tool_calls ?? [];
    const submitted = await fetch(azure(`/threads/${created.thread_id}/runs/${created.id}/submit_tool_outputs`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: '{"ok":true}' })) }),
    });
    assert.equal(submitted.status, 200, await submitted.text());
    await waitFor('the answered run to leave the count', () => (waitingIds(a).includes(created.id) ? undefined : true), 20_000);
    assert.ok(waitingIds(a).includes(DEMO.runs.requiresAction), 'the demo run left the count with the other one');
  });

  it('costs one page of threads per 100 and one run list per thread, and lists no thread twice', async () => {
    const a = await api();
    await a.services.waitingRuns.settled();
    await clearServedRequests();
    await vscode.commands.executeCommand('agentRuns.refresh');
    const requests = (await servedRequests()).filter((r) => r.method === 'GET');
    const threadLists = requests.filter((r) => /\/threads$/.test(r.path));
    const runLists = requests.filter((r) => /\/threads\/[^/]+\/runs$/.test(r.path));
    const threads = new Set(runLists.map((r) => r.path.split('/').at(-2)));
    assert.ok(threadLists.length >= 1 && threadLists.every((r) => r.query?.limit === '100'), `thread lists:\n  ${describeRequests(threadLists)}`);
    assert.ok(runLists.every((r) => r.query?.limit === '100'), `run lists:\n  ${describeRequests(runLists)}`);
    assert.equal(runLists.length, threads.size, `a thread's runs were listed twice:\n  ${describeRequests(runLists)}`);
    assert.ok(threads.has(DEMO.threads.mixed) && threads.has(DEMO.threads.manyRuns), `threads scanned: ${[...threads].join(', ')}`);
    console.log(`[waiting runs] a full scan of the demo: ${threadLists.length} thread list(s) + ${runLists.length} run lists = ${threadLists.length + runLists.length} requests`);

    // Listing the threads again (a connection's Refresh) lists no finished thread's runs again.
    await clearServedRequests();
    const conn = (await a.tree.getChildren())?.find((n) => (n as { id?: string }).id === `c/${CONN}`);
    await vscode.commands.executeCommand('agentRuns.refreshNode', conn);
    await a.services.waitingRuns.settled();
    const again = (await servedRequests()).filter((r) => r.method === 'GET' && /\/threads\/[^/]+\/runs$/.test(r.path));
    assert.deepEqual(again.map((r) => r.path), [], `runs listed again after the threads were:\n  ${describeRequests(again)}`);
  });
});

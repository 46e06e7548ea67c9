// "Export Thread as JSON…" inside a real VS Code against the emulator (Azure mode):
// from a thread row to a file holding everything the service has, and no file at all
// when the thread can't be read. Then the Markdown exports of a thread and a conversation.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO, DEMO_RESPONSES } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, demoThreadNode, describeRequests, emulatorOrigin, groupNode, listedNode, servedRequests, waitFor } from './helpers';

interface Exported {
  format: string;
  source: { connection: string; kind: string };
  thread: { id: string };
  messages: { id: string; thread_id: string }[];
  runs: { run: { id: string; thread_id: string }; steps: { id: string; run_id: string }[] }[];
}

async function emulatorList(listPath: string): Promise<{ id: string }[]> {
  const res = await fetch(`${emulatorOrigin()}/api/projects/demo${listPath}${listPath.includes('?') ? '&' : '?'}api-version=v1&limit=100`);
  assert.equal(res.status, 200, `GET ${listPath} answered ${res.status}`);
  return ((await res.json()) as { data: { id: string }[] }).data;
}

describe('Export Thread as JSON', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ard-export-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the thread, its messages, its runs and their steps from the thread row', async function () {
    this.timeout(30_000);
    const api = await activatedApi();
    const node = await demoThreadNode(api, DEMO.threads.mixed);
    const target = vscode.Uri.file(path.join(dir, 'mixed.json'));
    // Listing the threads made the tree read this thread's first message for its row:
    // let that read finish, so that the requests counted below are the export's.
    await waitFor('the thread row\'s preview', () => {
      const info = api.services.store.thread('demo', DEMO.threads.mixed);
      return info.preview !== undefined || info.error ? info : undefined;
    });
    await clearServedRequests();
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('agentRuns.exportThread', node, { target });
    assert.equal(written?.fsPath, target.fsPath, 'the command did not report the file it wrote');

    const data = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as Exported;
    // Fresh reads, each list once: thread + messages + runs + one step list per run
    // (counted before this test reads the same lists to compare).
    const served = (await servedRequests()).filter((r) => r.path.includes(DEMO.threads.mixed));
    assert.equal(served.length, 3 + data.runs.length, `requests:\n${describeRequests(served)}`);
    assert.equal(data.format, 'agent-run-debugger/thread-export@1');
    assert.equal(data.source.connection, 'Emulator (demo)');
    assert.equal(data.thread.id, DEMO.threads.mixed);
    const runs = await emulatorList(`/threads/${DEMO.threads.mixed}/runs`);
    assert.deepEqual(new Set(data.runs.map((r) => r.run.id)), new Set(runs.map((r) => r.id)));
    const messages = await emulatorList(`/threads/${DEMO.threads.mixed}/messages?order=asc`);
    assert.deepEqual(data.messages.map((m) => m.id), messages.map((m) => m.id));
    const waiting = data.runs.find((r) => r.run.id === DEMO.runs.requiresAction);
    assert.ok(waiting?.steps.some((s) => s.id === DEMO.steps.requiresAction), 'the waiting run was exported without its step');
    for (const { run, steps } of data.runs) {
      const direct = await emulatorList(`/threads/${DEMO.threads.mixed}/runs/${run.id}/steps?order=asc`);
      assert.deepEqual(steps.map((s) => s.id), direct.map((s) => s.id), `steps of ${run.id}`);
    }

  });

  it('writes nothing when the thread does not exist, and says why', async () => {
    const api = await activatedApi();
    const target = vscode.Uri.file(path.join(dir, 'missing.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'agentRuns.exportThread',
      { connectionId: 'demo', threadId: 'thread_doesNotExist000000000' },
      { target },
    );
    assert.equal(written, undefined);
    assert.ok(!fs.existsSync(target.fsPath), 'a file was written for a thread that does not exist');
    // The sentence the user is shown is also the line of the Agent Runs log.
    const logFile = vscode.Uri.joinPath(api.services.context.logUri, 'Agent Runs.log').fsPath;
    const line = await waitFor('the error in the Agent Runs log', () => {
      const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      return text.split('\n').find((l) => l.includes('agentRuns.exportThread: ') && l.includes('thread_doesNotExist000000000'));
    });
    assert.match(line, /\[error\] agentRuns\.exportThread: Couldn't export thread_doesNotExist000000000; nothing was written: 404 not found/);
  });
});

describe('Export as Markdown', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ard-export-md-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Each needle found after the one before it. */
  function assertInOrder(text: string, needles: readonly string[]): void {
    let from = 0;
    for (const needle of needles) {
      const at = text.indexOf(needle, from);
      assert.ok(at >= 0, `"${needle}" not found after position ${from}:\n${text.slice(0, 2000)}`);
      from = at + needle.length;
    }
  }

  it('Export Thread as Markdown writes the thread row\'s messages, then its runs with their tool calls, arguments and outputs', async function () {
    this.timeout(30_000);
    const api = await activatedApi();
    const node = await demoThreadNode(api, DEMO.threads.mixed);
    const target = vscode.Uri.file(path.join(dir, 'mixed.md'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('agentRuns.exportThreadMarkdown', node, { target });
    assert.equal(written?.fsPath, target.fsPath, 'the command did not report the file it wrote');
    const text = fs.readFileSync(target.fsPath, 'utf8');
    const messages = await emulatorList(`/threads/${DEMO.threads.mixed}/messages?order=asc`);
    const runs = (await emulatorList(`/threads/${DEMO.threads.mixed}/runs`)).reverse();
    assertInOrder(text, [`# Thread \`${DEMO.threads.mixed}\``, '- Connection: Emulator \\(demo\\)', '## Messages', ...messages.map((m) => m.id), '## Runs', ...runs.map((r) => r.id)]);
    assertInOrder(text.slice(text.indexOf(`### Run ${runs.length} · \`${DEMO.runs.requiresAction}\``)), [
      '- Status: requires\\_action',
      `**Function** \`get_weather\` · call \`${DEMO.calls.requiresActionWeather}\``,
      '"city": "Paris"',
      'Output: none yet; it is awaited.',
    ]);
  });

  it('Export Conversation as Markdown writes the conversation row\'s items in order and its responses', async function () {
    this.timeout(30_000);
    const api = await activatedApi();
    const node = await listedNode(api, await groupNode(api, 'conversations'), `c/demo/conv/${DEMO_RESPONSES.conversations.support}`);
    const target = vscode.Uri.file(path.join(dir, 'support.md'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('agentRuns.exportConversationMarkdown', node, { target });
    assert.equal(written?.fsPath, target.fsPath, 'the command did not report the file it wrote');
    const text = fs.readFileSync(target.fsPath, 'utf8');
    const items = await emulatorList(`/openai/v1/conversations/${DEMO_RESPONSES.conversations.support}/items?order=asc`);
    assert.ok(items.length > 0);
    assertInOrder(text, [
      `# Conversation \`${DEMO_RESPONSES.conversations.support}\``,
      '## Items',
      items[0]!.id,
      '> Plan a weekend in Lisbon for two.',
      ...items.slice(1).map((i) => i.id),
      '## Responses',
      `### Response 1 · \`${DEMO_RESPONSES.responses.inConversation}\``,
      '- Status: completed',
    ]);
  });
});

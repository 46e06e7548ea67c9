// Capture inside a real VS Code against the emulator: Start Capture on a connection, an
// app (a small Node script with the `openai` client) run in an integrated terminal that
// gets the proxy's URL from the extension's environment variable collection (this test
// sets nothing), and what the app made appears in the connection's tree, marked captured;
// its failed request is an error row; a response stored nowhere shows what the app saw.
// Stop takes the variable back and records nothing more, while the port keeps forwarding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activatedApi, emulatorOrigin, groupNode, labelOf, sleep, treeChildren, waitFor, type ActivatedApi } from './helpers';

const OA = 'oa-capture';

interface ScriptResult {
  base?: string;
  thread: string;
  run: string;
  conversation: string;
  response: string;
  unstored: string;
  missingStatus: number;
  error?: string;
}

/** The app: reads OPENAI_BASE_URL like any openai client (no baseURL passed). */
function scriptSource(outFile: string): string {
  // The repository's own package (resolved from this compiled test's folder, inside the repository).
  const openai = require.resolve('openai');
  return `
const fs = require('node:fs');
const { default: OpenAI } = require(${JSON.stringify(openai)});
(async () => {
  const client = new OpenAI({ apiKey: 'sk-capture-app-key-0123456789', maxRetries: 0 });
  const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Captured hello' }] });
  const run = await client.beta.threads.runs.create(thread.id, { assistant_id: 'asst_echo' });
  const conversation = await client.conversations.create({});
  const response = await client.responses.create({ model: 'echo', input: 'Captured question', conversation: conversation.id });
  const unstored = await client.responses.create({ model: 'echo', input: 'Not stored', store: false });
  let missingStatus = 0;
  try { await client.responses.retrieve('resp_doesNotExist0000'); } catch (e) { missingStatus = e.status; }
  fs.writeFileSync(${JSON.stringify(outFile)}, JSON.stringify({ base: process.env.OPENAI_BASE_URL, thread: thread.id, run: run.id, conversation: conversation.id, response: response.id, unstored: unstored.id, missingStatus }));
})().catch((e) => fs.writeFileSync(${JSON.stringify(outFile)}, JSON.stringify({ error: String(e && e.stack || e) })));
`;
}

/** Runs the script as the process of a new integrated terminal; resolves with what it wrote. */
async function runInTerminal(name: string): Promise<ScriptResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ard-capture-'));
  const script = path.join(dir, 'app.cjs');
  const outFile = path.join(dir, 'out.json');
  fs.writeFileSync(script, scriptSource(outFile));
  // No env here: the variable must come from the extension's environment variable collection.
  const terminal = vscode.window.createTerminal({ name, shellPath: process.execPath, shellArgs: [script] });
  try {
    const text = await waitFor('the script in the terminal to finish', () => (fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') || undefined : undefined), 30_000);
    const result = JSON.parse(text) as ScriptResult;
    assert.equal(result.error, undefined, `the script failed: ${result.error}`);
    return result;
  } finally {
    terminal.dispose();
  }
}

async function rowUnder(a: ActivatedApi, parent: Parameters<typeof treeChildren>[1], id: string): Promise<vscode.TreeItem> {
  let seen: string[] = [];
  try {
    return await waitFor(`row ${id}`, async () => {
      const rows = await treeChildren(a, parent);
      seen = rows.map((r) => `${r.item.id} (${labelOf(r.item)})`);
      return rows.find((r) => r.item.id === id)?.item;
    }, 15_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}; rows: ${seen.join(', ') || '(none)'}`);
  }
}

describe('Capture', function () {
  this.timeout(90_000);
  let saved: unknown[];

  before(async () => {
    const config = vscode.workspace.getConfiguration('agentRuns');
    saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: OA, name: 'OpenAI mode (capture)', kind: 'openai-compatible', baseUrl: `${emulatorOrigin()}/v1`, auth: 'none' }], vscode.ConfigurationTarget.Global);
    const a = await activatedApi();
    await waitFor('the capture connection', () => a.services.connections.get(OA));
  });

  after(async () => {
    const a = await activatedApi();
    if (a.services.capture.current) await vscode.commands.executeCommand('agentRuns.stopCapture');
    await a.services.registry.forget(OA);
    await a.services.responses.forget(OA);
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('an app run in a terminal appears in the tree: its thread, run, conversation and response, its error, its unstored response', async () => {
    const a = await activatedApi();
    assert.equal(process.env.OPENAI_BASE_URL, undefined, 'the extension host itself has OPENAI_BASE_URL: the terminal would not prove anything');
    await vscode.commands.executeCommand('agentRuns.startCapture', { connectionId: OA });
    const active = a.services.capture.current;
    assert.ok(active, 'Start Capture did not start recording');
    assert.equal(active.connection.id, OA);
    assert.equal(a.services.context.environmentVariableCollection.get('OPENAI_BASE_URL')?.value, active.session.baseUrl);
    assert.match(a.services.captureStatusBar.text, /^\$\(record\) OpenAI mode \(capture\): 0$/);
    // The collection reaches the terminal host asynchronously, as for a terminal a user opens later.
    await sleep(1000);

    const app = await runInTerminal('capture app');
    assert.equal(app.base, active.session.baseUrl, 'the terminal did not get the capture URL from the environment variable collection');
    assert.equal(app.missingStatus, 404);
    await waitFor('every request captured', () => (a.services.capture.current!.count >= 6 ? true : undefined));
    assert.match(a.services.captureStatusBar.text, /: [6-9]$|: \d\d+$/);

    const connection = `c/${OA}`;
    const threads = await groupNode(a, 'threads', OA);
    const threadRow = await rowUnder(a, threads, `${connection}/t/${app.thread}`);
    assert.match(String(threadRow.description), /captured \d/);
    const threadNode = a.tree.findNode(`${connection}/t/${app.thread}`)!;
    const runRow = await rowUnder(a, threadNode, `${connection}/t/${app.thread}/r/${app.run}`);
    assert.match(String(runRow.description), /captured \d/);

    const conversations = await groupNode(a, 'conversations', OA);
    const conversationRow = await rowUnder(a, conversations, `${connection}/conv/${app.conversation}`);
    assert.match(String(conversationRow.description), /captured \d/);

    const responses = await groupNode(a, 'responses', OA);
    const responseRow = await rowUnder(a, responses, `${connection}/responses/resp/${app.response}`);
    await waitFor('the response read', async () => (/captured \d/.test(String((await rowUnder(a, responses, `${connection}/responses/resp/${app.response}`)).description)) && a.services.responses.response(OA, app.response) ? true : undefined));
    assert.ok(responseRow);

    // store: false: the connection cannot read it back; the row shows what the app was answered.
    const unstored = await waitFor('the unstored response row', async () => {
      const row = await rowUnder(a, responses, `${connection}/responses/resp/${app.unstored}`);
      return /not readable with this connection/.test(String(row.description)) ? row : undefined;
    });
    assert.match(String(unstored.description), /^captured \d[^·]* · completed · echo/);
    // appendText writes spaces as &nbsp;.
    assert.match((unstored.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /created with store: false/);

    // The failed request: an error row under the connection, with status and the service's message.
    const root = (await treeChildren(a)).find((r) => r.item.id === connection)!;
    const errors = await waitFor('the captured errors group', async () => (await treeChildren(a, root.element)).find((r) => r.item.id === `${connection}/captured`));
    const [failure] = await treeChildren(a, errors.element);
    assert.ok(failure, 'no captured error row');
    assert.equal(labelOf(failure.item), 'GET /responses/resp_doesNotExist0000 → 404');
    assert.match(String(failure.item.description), /resp_doesNotExist0000/);
    // appendText escapes markdown: `_` is written `\_`.
    const tooltip = (failure.item.tooltip as vscode.MarkdownString).value.replace(/\\|\*\*/g, '').replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Request id: req_\w+/);
    assert.match(tooltip, /Status: 404/);
  });

  it('Stop takes the variable back and records nothing more, while the port keeps forwarding', async () => {
    const a = await activatedApi();
    if (!a.services.capture.current) await vscode.commands.executeCommand('agentRuns.startCapture', { connectionId: OA });
    const url = a.services.capture.current!.session.baseUrl;
    await vscode.commands.executeCommand('agentRuns.stopCapture');
    assert.equal(a.services.capture.current, undefined);
    assert.equal(a.services.context.environmentVariableCollection.get('OPENAI_BASE_URL'), undefined, 'the variable stayed after Stop');
    assert.equal(a.services.capture.forwardingOnly, 1);
    assert.match(a.services.captureStatusBar.text, /forwarding, not recording/);

    // An app that kept the URL still works through it.
    const res = await fetch(`${url}/threads`, { method: 'POST', headers: { authorization: 'Bearer sk-capture-app-key-0123456789', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 200, 'the port stopped forwarding');
    const thread = ((await res.json()) as { id: string }).id;
    await sleep(500);
    assert.equal(a.services.captured.capturedAt(OA, thread), undefined, 'a request after Stop was recorded');
    assert.ok(!a.services.registry.remembered(OA).includes(thread), 'a thread made after Stop joined the tree');
  });

  it('removing the connection that records stops recording', async () => {
    const a = await activatedApi();
    await vscode.commands.executeCommand('agentRuns.startCapture', { connectionId: OA });
    assert.equal(a.services.capture.current?.connection.id, OA);
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
    await waitFor('recording to stop', () => (a.services.capture.current ? undefined : true));
    assert.equal(a.services.context.environmentVariableCollection.get('OPENAI_BASE_URL'), undefined);
  });
});

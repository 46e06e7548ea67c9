// The Responses family in the tree, in a real VS Code against the emulator: the demo
// connection (a Foundry project, which lists conversations and responses) and an
// OpenAI-mode connection (no lists: ids are added, found or created).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_RESPONSES as D } from '../emulator/demoIds';
import {
  activatedApi,
  clearServedRequests,
  describeRequests,
  emulatorOrigin,
  groupNode,
  labelOf,
  listedNode,
  servedRequests,
  treeChildren,
  waitFor,
  type ActivatedApi,
} from './helpers';
import { cancelSentence } from '../../src/model/responses';
import type { TreeNode } from '../../src/views/nodes/treeNode';

const CONN = 'demo';
const conn = `c/${CONN}`;
const rowText = (item: vscode.TreeItem) => `${labelOf(item)} — ${String(item.description ?? '')}`;
const bad = /undefined|NaN|Invalid Date|\[object Object\]/;

async function api(): Promise<ActivatedApi> {
  return activatedApi();
}

/** Every row under `node`, recursively (expanding as a user would), with its text. */
async function allRows(a: ActivatedApi, node: TreeNode, depth = 3): Promise<vscode.TreeItem[]> {
  const rows = await treeChildren(a, node);
  const out: vscode.TreeItem[] = [];
  for (const row of rows) {
    out.push(row.item);
    if (depth > 1 && row.item.collapsibleState !== vscode.TreeItemCollapsibleState.None) out.push(...(await allRows(a, row.element, depth - 1)));
  }
  return out;
}

describe('Conversations and responses in the tree (Foundry project)', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    const a = await api();
    await waitFor('the Runs view to be visible', () => (a.tree.view.visible ? true : undefined));
    a.services.responses.clear(CONN);
  });

  it('shows Threads, Conversations and Responses groups under a connection, in that order', async () => {
    const a = await api();
    const connection = (await treeChildren(a)).find((r) => r.item.id === conn);
    assert.ok(connection);
    const groups = await treeChildren(a, connection.element);
    assert.deepEqual(
      groups.map((g) => [g.item.id, labelOf(g.item), g.item.contextValue]),
      [
        [`${conn}/threads`, 'Threads', 'group:threads'],
        [`${conn}/conversations`, 'Conversations', 'group:conversations'],
        [`${conn}/responses`, 'Responses', 'group:responses'],
      ],
    );
  });

  it('lists the project\'s conversations with GET …/openai/v1/conversations, labelled by their topic, ids in the description', async () => {
    const a = await api();
    a.services.responses.clear(CONN);
    await clearServedRequests();
    const group = await groupNode(a, 'conversations');
    const node = await listedNode(a, group, `${conn}/conv/${D.conversations.support}`);
    const item = await a.tree.getTreeItem(node);
    assert.equal(labelOf(item), 'Plan a weekend in Lisbon');
    assert.match(String(item.description), new RegExp(D.conversations.support));
    const lists = (await servedRequests()).filter((r) => r.method === 'GET' && r.path.endsWith('/openai/v1/conversations'));
    // One probe (limit=1) says whether the server lists; then pages of 100.
    assert.deepEqual(
      lists.map((r) => r.query?.limit),
      ['1', '100'],
      describeRequests(lists),
    );
    // No request per row: only the probes and the list.
    const perRow = (await servedRequests()).filter((r) => /\/conversations\/conv_/.test(r.path));
    assert.deepEqual(perRow, [], `rows made requests of their own:\n  ${describeRequests(perRow)}`);
  });

  it('shows a conversation\'s responses and its Items group; a response lists its output items (reasoning summary, message)', async () => {
    const a = await api();
    const group = await groupNode(a, 'conversations');
    const conversation = await listedNode(a, group, `${conn}/conv/${D.conversations.support}`);
    const children = await treeChildren(a, conversation);
    const ids = children.map((c) => c.item.id);
    assert.ok(ids.includes(`${conversation.id}/resp/${D.responses.inConversation}`), ids.join('\n'));
    assert.equal(ids.at(-1), `${conversation.id}/items`, 'the Items group comes last');
    const response = children.find((c) => c.item.id === `${conversation.id}/resp/${D.responses.inConversation}`)!;
    // Labelled by its first output text; status and id in the description.
    assert.match(labelOf(response.item), /^Day 1: Alfama/);
    assert.match(String(response.item.description), /completed/);
    assert.match(String(response.item.description), new RegExp(D.responses.inConversation));
    assert.deepEqual(response.item.command?.arguments, [{ connectionId: CONN, responseId: D.responses.inConversation }]);
    const items = await treeChildren(a, response.element);
    assert.deepEqual(items.map((i) => labelOf(i.item)), ['Reasoning', 'assistant']);
    assert.match(String(items[0]!.item.description), /Planning/);
  });

  it('pages a 1,000-item conversation 100 at a time: 10 item requests for 1,000 rows, no request per row', async () => {
    const a = await api();
    a.services.responses.clear(CONN);
    const group = await groupNode(a, 'conversations');
    const conversation = await listedNode(a, group, `${conn}/conv/${D.conversations.big}`);
    await clearServedRequests();
    const itemsGroup = (await treeChildren(a, conversation)).find((c) => c.item.id === `${conversation.id}/items`)!.element;
    let rows = await treeChildren(a, itemsGroup);
    assert.equal(rows.filter((r) => r.item.contextValue !== 'loadMore').length, 100);
    for (let i = 0; i < 20; i++) {
      const more = rows.find((r) => r.item.contextValue === 'loadMore');
      if (!more) break;
      await vscode.commands.executeCommand('agentRuns.loadMore', more.element);
      rows = await treeChildren(a, itemsGroup);
    }
    const items = rows.filter((r) => r.item.contextValue?.startsWith('item:'));
    assert.equal(items.length, D.counts.bigConversationItems);
    const requests = (await servedRequests()).filter((r) => r.path.includes(D.conversations.big));
    const itemPages = requests.filter((r) => r.method === 'GET' && r.path.endsWith('/items'));
    assert.equal(itemPages.length, 10, describeRequests(requests));
    assert.equal(requests.length, itemPages.length, `requests other than item pages:\n  ${describeRequests(requests)}`);
    for (const row of items.slice(0, 10)) assert.doesNotMatch(rowText(row.item), bad);
  });

  it('marks unanswered calls and approval requests "awaiting" once everything after them is read (the project lists responses)', async () => {
    const a = await api();
    const group = await groupNode(a, 'responses');
    const node = await listedNode(a, group, `${conn}/responses/resp/${D.responses.pendingFunctionCall}`);
    const calls = await waitFor('the calls, awaiting', async () => {
      const rows = await treeChildren(a, node);
      return rows.length === 2 && rows.every((r) => /awaiting output/.test(String(r.item.description))) ? rows : undefined;
    });
    assert.deepEqual(calls.map((c) => labelOf(c.item)), ['get_weather', 'lookup_order']);
    const responseRow = await a.tree.getTreeItem(node);
    assert.match(String(responseRow.description), /^awaiting output/);
    const approval = await listedNode(a, group, `${conn}/responses/resp/${D.responses.pendingMcpApproval}`);
    const rows = await waitFor('the approval request, awaiting', async () => {
      const found = await treeChildren(a, approval);
      return /awaiting approval/.test(String(found[1]?.item.description)) ? found : undefined;
    });
    assert.deepEqual(rows.map((r) => labelOf(r.item)), ['MCP tools', 'Approve roll?']);
    assert.match(String(rows[1]!.item.description), /^dmcp · awaiting approval$/);
    // A call a later response answered (chain3 answers chain2's calls) is not awaiting.
    const answered = await listedNode(a, group, `${conn}/responses/resp/${D.responses.chain2}`);
    const chainCalls = await waitFor('chain2\'s calls, answered', async () => {
      const found = await treeChildren(a, answered);
      return found.every((r) => /→ \{/.test(String(r.item.description))) ? found : undefined;
    });
    assert.match(String(chainCalls[0]!.item.description), /temp_c/);
  });

  it('exports a conversation from its row: every item and its listed responses with their input items, in one file', async () => {
    const a = await api();
    const group = await groupNode(a, 'conversations');
    const node = await listedNode(a, group, `${conn}/conv/${D.conversations.support}`);
    const target = vscode.Uri.joinPath(a.services.context.globalStorageUri, `export-${Date.now()}.json`);
    await clearServedRequests();
    const written = await vscode.commands.executeCommand<vscode.Uri>('agentRuns.exportConversation', node, { target });
    assert.equal(written?.toString(), target.toString());
    const data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target))) as {
      format: string;
      conversation: { id: string };
      items: { id: string }[];
      responses: { response: { id: string }; input_items: unknown[] }[];
    };
    assert.equal(data.format, 'agent-run-debugger/conversation-export@1');
    assert.equal(data.conversation.id, D.conversations.support);
    const items = await (await fetch(`${emulatorOrigin()}/api/projects/demo/openai/v1/conversations/${D.conversations.support}/items?limit=100&order=asc`)).json() as { data: { id: string }[] };
    assert.deepEqual(data.items.map((i) => i.id), items.data.map((i) => i.id));
    assert.deepEqual(data.responses.map((r) => r.response.id), [D.responses.inConversation]);
    assert.ok(data.responses[0]!.input_items.length > 0);
    await vscode.workspace.fs.delete(target);
  });

  it('draws every demo response row and its items without "undefined", "NaN" or "Invalid Date"', async () => {
    const a = await api();
    const group = await groupNode(a, 'responses');
    for (const id of Object.values(D.responses)) await listedNode(a, group, `${conn}/responses/resp/${id}`);
    const rows = await allRows(a, group, 2);
    assert.ok(rows.length > Object.keys(D.responses).length, `${rows.length} rows`);
    for (const row of rows) assert.doesNotMatch(rowText(row), bad, rowText(row));
    for (const row of rows) assert.doesNotMatch(String((row.tooltip as vscode.MarkdownString | undefined)?.value ?? ''), bad);
  });
});

describe('Conversations and responses by id (OpenAI mode, no list endpoints)', function () {
  this.timeout(90_000);
  const OA = 'oa-responses';
  let saved: unknown[];

  before(async () => {
    const config = vscode.workspace.getConfiguration('agentRuns');
    saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: OA, name: 'OpenAI mode (responses)', kind: 'openai-compatible', baseUrl: `${emulatorOrigin()}/v1`, auth: 'none' }], vscode.ConfigurationTarget.Global);
    await waitFor('the connection', async () => ((await api()).services.connections.get(OA) ? true : undefined));
  });

  after(async () => {
    const a = await api();
    await a.services.context.globalState.update(`agentRuns.conversations.${OA}`, undefined);
    await a.services.context.globalState.update(`agentRuns.responses.${OA}`, undefined);
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('starts with rows that say how to add conversations and responses', async () => {
    const a = await api();
    for (const kind of ['conversations', 'responses'] as const) {
      const rows = await treeChildren(a, await groupNode(a, kind, OA));
      assert.equal(rows.length, 1);
      assert.match(labelOf(rows[0]!.item), kind === 'conversations' ? /No conversations yet — add one by ID/ : /No responses yet — add one by ID/);
      assert.equal(rows[0]!.item.command?.command, kind === 'conversations' ? 'agentRuns.addConversation' : 'agentRuns.addResponse');
    }
  });

  it('adds responses and conversations from any text that holds their ids; an unknown id says it is not found', async () => {
    const a = await api();
    const bogus = 'resp_doesnotexist000000000000000000000000000000000';
    const added = await vscode.commands.executeCommand<string[]>('agentRuns.addResponse', { connectionId: OA }, `log: created ${D.responses.completed}; then ${bogus}.`);
    assert.deepEqual(added, [D.responses.completed, bogus]);
    const group = await groupNode(a, 'responses', OA);
    const completed = await waitFor('the response row, read', async () => {
      const row = (await treeChildren(a, group)).find((r) => r.item.id === `${group.id}/resp/${D.responses.completed}`);
      return row && labelOf(row.item) !== D.responses.completed ? row : undefined;
    });
    assert.equal(labelOf(completed.item), 'You said: Say hello.');
    const gone = await waitFor('the unknown response row', async () => {
      const row = (await treeChildren(a, group)).find((r) => r.item.id === `${group.id}/resp/${bogus}`);
      return row && /not found/.test(String(row.item.description)) ? row : undefined;
    });
    assert.equal(gone.item.contextValue, 'response:gone');

    // By id on OpenAI, what comes after a response cannot be listed: never "awaiting", only "no answer seen".
    await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, D.responses.pendingFunctionCall);
    const pending = await listedNode(a, group, `${group.id}/resp/${D.responses.pendingFunctionCall}`);
    const calls = await treeChildren(a, pending);
    assert.deepEqual(calls.map((c) => String(c.item.description).split(' → ')[1]), ['no answer seen', 'no answer seen']);

    const conversations = await vscode.commands.executeCommand<string[]>('agentRuns.addConversation', { connectionId: OA }, `https://platform.openai.com/logs/${D.conversations.support}`);
    assert.deepEqual(conversations, [D.conversations.support]);
    const convGroup = await groupNode(a, 'conversations', OA);
    const conversation = await listedNode(a, convGroup, `c/${OA}/conv/${D.conversations.support}`);
    // OpenAI lists no responses: the conversation shows the responses this window knows that name it.
    await a.services.responses.fetchResponse(OA, D.responses.inConversation);
    await a.services.responses.loadConversationResponses(OA, D.conversations.support);
    const children = await treeChildren(a, conversation);
    assert.ok(children.some((c) => c.item.id === `${conversation.id}/resp/${D.responses.inConversation}`), children.map((c) => c.item.id).join('\n'));
    // The row is labelled by its first message now that the items are loaded (its metadata topic first).
    const row = await a.tree.getTreeItem(conversation);
    assert.equal(labelOf(row), 'Plan a weekend in Lisbon');
  });

  it('cancels a background response from its row after the same modal question, and follows it to cancelled', async () => {
    const a = await api();
    const res = await fetch(`${emulatorOrigin()}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', background: true, input: 'Take your time.' }),
    });
    assert.equal(res.status, 200);
    const created = (await res.json()) as { id: string; status: string };
    await vscode.commands.executeCommand('agentRuns.addResponse', { connectionId: OA }, created.id);
    const group = await groupNode(a, 'responses', OA);
    const row = await waitFor('the active response row', async () => {
      const found = (await treeChildren(a, group)).find((r) => r.item.id === `${group.id}/resp/${created.id}`);
      return found && /:cancellable$/.test(String(found.item.contextValue)) ? found : undefined;
    });
    await clearServedRequests();
    const outcome = await vscode.commands.executeCommand<{ kind: string; run: { status: { wire: string } } }>('agentRuns.cancelResponse', row.element, { confirm: false });
    assert.ok(outcome && ['ended', 'following'].includes(outcome.kind), JSON.stringify(outcome?.kind));
    await waitFor('the response to be cancelled', () => (a.services.responses.response(OA, created.id)?.status === 'cancelled' ? true : undefined), 20_000);
    const cancels = (await servedRequests()).filter((r) => r.method === 'POST' && r.path.endsWith(`/responses/${created.id}/cancel`));
    assert.equal(cancels.length, 1, describeRequests(await servedRequests()));
    const repainted = await waitFor('the row repainted as cancelled', async () => {
      const found = (await treeChildren(a, group)).find((r) => r.item.id === row.item.id);
      return found?.item.contextValue === 'response:cancelled' ? found : undefined;
    });
    assert.equal(repainted.item.contextValue, 'response:cancelled');
  });

  it('refuses to cancel a finished response with a sentence from its state, sending no cancel', async () => {
    const a = await api();
    await a.services.responses.fetchResponse(OA, D.responses.completed);
    await clearServedRequests();
    const run = a.services.responses.run(OA, D.responses.completed)!;
    const sentence = cancelSentence(run);
    assert.match(String(sentence), /is completed: it has finished, so there is nothing to cancel/);
    const outcome = await vscode.commands.executeCommand<{ kind: string; message?: string }>('agentRuns.cancelResponse', { connectionId: OA, responseId: D.responses.completed }, { confirm: false });
    assert.deepEqual([outcome?.kind, outcome?.message], ['notCancellable', sentence]);
    const cancels = (await servedRequests()).filter((r) => r.path.endsWith('/cancel'));
    assert.deepEqual(cancels, []);
  });
});

describe('A server with the Responses API only (OpenAI since the Assistants shutdown)', function () {
  this.timeout(60_000);
  const RO = 'responses-only';
  let saved: unknown[];
  const assistants = (available: boolean) =>
    fetch(`${emulatorOrigin()}/__emulator/assistants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ available }) });

  before(async () => {
    assert.equal((await assistants(false)).status, 200);
    const config = vscode.workspace.getConfiguration('agentRuns');
    saved = config.get<unknown[]>('connections') ?? [];
    await config.update('connections', [...saved, { id: RO, name: 'Responses only', kind: 'openai-compatible', baseUrl: `${emulatorOrigin()}/v1`, auth: 'none' }], vscode.ConfigurationTarget.Global);
    await waitFor('the connection', async () => ((await api()).services.connections.get(RO) ? true : undefined));
  });

  after(async () => {
    await assistants(true);
    await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('says once, as a row, that the Assistants API is not there', async () => {
    const a = await api();
    await clearServedRequests();
    const rows = await treeChildren(a, await groupNode(a, 'threads', RO));
    assert.deepEqual(rows.map((r) => r.item.id), [`c/${RO}/threads/absent`]);
    assert.match(labelOf(rows[0]!.item), /The Assistants API is not on this server \(GET \/threads answered 404\)/);
    // Asked once, however often the group is drawn.
    await treeChildren(a, await groupNode(a, 'threads', RO));
    const probes = (await servedRequests()).filter((r) => r.path === '/v1/threads');
    assert.equal(probes.length, 1, describeRequests(probes));
  });

  it('Test Connection reports both families: Assistants absent, Responses by id', async () => {
    const verdict = await vscode.commands.executeCommand<string>('agentRuns.testConnection', { connectionId: RO });
    assert.match(String(verdict), /Assistants: not on this server \(GET \/threads answered 404\)\./);
    assert.match(String(verdict), /Responses: reachable; the server lists neither conversations nor responses, so add them by ID\./);
  });

  it('Test Connection on the Foundry project says it lists conversations and responses', async () => {
    await assistants(true);
    const verdict = await vscode.commands.executeCommand<string>('agentRuns.testConnection', { connectionId: CONN });
    assert.match(String(verdict), /^Connected to Emulator \(demo\): \d+\+? threads? visible\. Responses: reachable; the server lists conversations and responses\.$/);
  });
});

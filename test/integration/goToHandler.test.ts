// Go to Handler in a real VS Code: the fixture workspace (a TypeScript and a Python agent,
// test/fixtures/handlers-workspace) copied into the open folder, then the handler of a
// tool call looked up from the palette's argument, a tree row, both panels and the draft
// CodeLens: one place opens at the name, several are offered in a QuickPick that
// previews as it moves, none is said in a sentence; dependencies and search.exclude are
// not searched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoToHandlerOutcome } from '../../src/handlers/workspaceHandlers';
import { DEMO } from '../emulator/demoIds';
import { handlersWorkspaceDir } from '../fixtures/paths';
import { activatedApi, demoThreadNode, emulatorOrigin, treeChildren, waitFor } from './helpers';

const fixture = 'agent-code';
const tools = `${fixture}/py-agent/agent/tools.py`;
const tsTools = `${fixture}/ts-agent/src/tools.ts`;

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the test VS Code opened no workspace folder');
  return root;
}

/** The 0-based line of the first line of a fixture file that contains `text`. */
function lineOf(file: string, text: string): number {
  const line = fs.readFileSync(path.join(handlersWorkspaceDir, file.slice(fixture.length + 1)), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${file} has no line with ${text}`);
  return line;
}

/** The editor shows `file` with `word` selected on `line`. */
async function shown(file: string, line: number, word: string): Promise<vscode.TextEditor> {
  return waitFor(`${file}:${line + 1} in an editor`, () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !editor.document.uri.path.endsWith(`/${file}`)) return undefined;
    if (editor.selection.start.line !== line || editor.document.getText(editor.selection) !== word) return undefined;
    return editor;
  });
}

/** A response of the demo project's `tools` model: it calls get_weather and lookup_order. */
async function createToolsResponse(input: string): Promise<{ id: string; output: { type: string; call_id?: string }[] }> {
  const res = await fetch(`${emulatorOrigin()}/api/projects/${DEMO.project}/openai/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tools', input }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as { id: string; output: { type: string; call_id?: string }[] };
}

const goTo = (arg?: unknown) => vscode.commands.executeCommand<GoToHandlerOutcome>('agentRuns.goToHandler', arg);

/** Go to Handler where one place is expected: a QuickPick shown instead is closed, so the outcome says what it offered. */
async function goToOne(arg: unknown): Promise<GoToHandlerOutcome | undefined> {
  const outcome = goTo(arg);
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([outcome.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 15_000)))]);
  clearTimeout(timer);
  if (waited) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return outcome;
}

async function closeEditors(): Promise<void> {
  // A QuickPick a failed test left open would take the next test's keys.
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Go to Handler', function () {
  this.timeout(60_000);
  let searchExclude: unknown;

  before(async () => {
    await activatedApi();
    const root = folder().fsPath;
    fs.cpSync(handlersWorkspaceDir, path.join(root, fixture), { recursive: true });
    // Installed packages and excluded folders define the tools too: none of them may be offered.
    fs.mkdirSync(path.join(root, fixture, 'ts-agent/node_modules/agent-kit'), { recursive: true });
    fs.writeFileSync(path.join(root, fixture, 'ts-agent/node_modules/agent-kit/index.js'), 'export async function lookupOrder(id) {\n  return id;\n}\n');
    fs.mkdirSync(path.join(root, fixture, 'py-agent/generated'), { recursive: true });
    fs.writeFileSync(path.join(root, fixture, 'py-agent/generated/stubs.py'), 'async def lookup_order(order_id):\n    ...\n');
    const search = vscode.workspace.getConfiguration('search');
    searchExclude = search.inspect('exclude')?.workspaceValue;
    // Even with node_modules searched by the user's setting, dependencies are not.
    await search.update('exclude', { '**/generated': true, '**/node_modules': false }, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await closeEditors();
    await vscode.workspace.getConfiguration('search').update('exclude', searchExclude, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(folder().fsPath, fixture), { recursive: true, force: true });
  });

  afterEach(closeEditors);

  it('opens the one definition of a tool at its name (calls, node_modules and search.exclude left out)', async () => {
    const outcome = await goToOne({ toolName: 'lookup_order' });
    assert.equal(outcome?.kind, 'opened', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'opened');
    const line = lineOf(tools, 'async def lookup_order(');
    assert.deepEqual(outcome.offered.map((o) => [o.path, o.line, o.kind]), [[tools, line, 'definition']]);
    await shown(tools, line, 'lookup_order');
  });

  it('offers several places in a QuickPick, definitions first, previewing each as the user moves, and opens the one accepted', async () => {
    const pending = goTo({ toolName: 'get_weather' });
    const pyLine = lineOf(tools, 'def get_weather(');
    const tsLine = lineOf(tsTools, 'function getWeather(');
    // The first place is previewed as soon as the QuickPick shows.
    await shown(tools, pyLine, 'get_weather');
    // Down: the TypeScript definition (camelCase) is previewed.
    await vscode.commands.executeCommand('quickInput.next').then(undefined, () => vscode.commands.executeCommand('workbench.action.quickOpenSelectNext'));
    await shown(tsTools, tsLine, 'getWeather');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const outcome = await pending;
    assert.ok(outcome?.kind === 'opened', JSON.stringify(outcome));
    assert.deepEqual(outcome.offered.map((o) => [o.path, o.line, o.kind, o.form]), [
      [tools, pyLine, 'definition', 'get_weather'],
      [tsTools, tsLine, 'definition', 'getWeather'],
      [`${fixture}/py-agent/tools.json`, lineOf(`${fixture}/py-agent/tools.json`, '"name": "get_weather"'), 'schema', 'get_weather'],
      [tsTools, lineOf(tsTools, "name: 'get_weather'"), 'schema', 'get_weather'],
    ]);
    assert.deepEqual([outcome.hit.path, outcome.hit.line], [tsTools, tsLine]);
    const editor = await shown(tsTools, tsLine, 'getWeather');
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.isPreview, false, 'the accepted place stays open (not a preview tab)');
    assert.ok(editor);
  });

  it('goes back where the user was when the QuickPick is dismissed', async () => {
    const readme = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), fixture, 'README.md'));
    const pending = goTo({ toolName: 'get_weather' });
    await shown(tools, lineOf(tools, 'def get_weather('), 'get_weather');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const outcome = await pending;
    assert.equal(outcome?.kind, 'dismissed');
    await waitFor('the README back in front', () => (vscode.window.activeTextEditor?.document === readme.document ? true : undefined));
  });

  it('says what it searched when nothing implements the tool', async () => {
    const outcome = await goTo({ toolName: 'send_invoice' });
    assert.ok(outcome?.kind === 'none', JSON.stringify(outcome));
    assert.match(outcome.message, /No handler of "send_invoice" in the \d+ files of the workspace: searched for definitions of send_invoice, sendInvoice, SendInvoice \(TypeScript, JavaScript, Python\) and tool schemas named "send_invoice"\./);
    assert.ok(outcome.searched >= 7, `searched ${outcome.searched} files`);
  });

  it('adds what a workspace symbol provider names in files the search does not read, but not in excluded ones or under other names', async () => {
    const root = folder().fsPath;
    fs.mkdirSync(path.join(root, fixture, 'go-agent'), { recursive: true });
    fs.writeFileSync(path.join(root, fixture, 'go-agent/orders.go'), 'package orders\n\n// ShipOrder answers the ship_order tool.\nfunc ShipOrder(id string) error {\n\treturn nil\n}\n');
    const at = (file: string, line: number) => new vscode.Location(vscode.Uri.joinPath(folder(), fixture, file), new vscode.Range(line, 0, line + 2, 1));
    const asked: string[] = [];
    const provider = vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols: (query) => {
        asked.push(query);
        return query === 'ShipOrder'
          ? [
              new vscode.SymbolInformation('ShipOrder', vscode.SymbolKind.Function, '', at('go-agent/orders.go', 3)),
              new vscode.SymbolInformation('ShipOrderLater', vscode.SymbolKind.Function, '', at('go-agent/orders.go', 3)),
              new vscode.SymbolInformation('ShipOrder', vscode.SymbolKind.Function, '', at('py-agent/generated/stubs.py', 0)),
            ]
          : [];
      },
    });
    try {
      const outcome = await goToOne({ toolName: 'ship_order' });
      assert.ok(outcome?.kind === 'opened', JSON.stringify(outcome));
      assert.deepEqual(outcome.offered.map((o) => [o.path, o.line, o.kind, o.form]), [[`${fixture}/go-agent/orders.go`, 3, 'definition', 'ShipOrder']]);
      assert.deepEqual(asked.sort(), ['ShipOrder', 'shipOrder', 'ship_order']);
      await shown(`${fixture}/go-agent/orders.go`, 3, 'ShipOrder');
    } finally {
      provider.dispose();
    }
  });

  it('does not wait for a symbol provider that never answers', async () => {
    const provider = vscode.languages.registerWorkspaceSymbolProvider({ provideWorkspaceSymbols: () => new Promise<vscode.SymbolInformation[]>(() => undefined) });
    try {
      const outcome = await goToOne({ toolName: 'lookup_order' });
      assert.equal(outcome?.kind, 'opened', JSON.stringify(outcome));
      await shown(tools, lineOf(tools, 'async def lookup_order('), 'lookup_order');
    } finally {
      provider.dispose();
    }
  });

  it('from a function call row of the tree (the row names the function)', async () => {
    const a = await activatedApi();
    const thread = await demoThreadNode(a, DEMO.threads.mixed);
    await treeChildren(a, thread);
    const run = await waitFor('the run row', () => a.tree.findNode(`${thread.id}/r/${DEMO.runs.requiresAction}`));
    await treeChildren(a, run);
    const step = await waitFor('the step row', () => a.tree.findNode(`${run.id}/s/${DEMO.steps.requiresAction}`));
    const calls = await treeChildren(a, step);
    const order = calls.find((c) => c.element.id.endsWith(`/tc/${DEMO.calls.requiresActionOrder}`));
    assert.ok(order, calls.map((c) => c.element.id).join('\n'));
    assert.equal(order.item.contextValue, 'toolCall:function');
    const outcome = await goToOne(order.element);
    assert.equal(outcome?.kind, 'opened', JSON.stringify(outcome));
    await shown(tools, lineOf(tools, 'async def lookup_order('), 'lookup_order');
  });

  it('from the run panel and the response panel: only names their calls carry', async () => {
    const a = await activatedApi();
    const runRef = { connectionId: 'demo', threadId: DEMO.threads.mixed, runId: DEMO.runs.requiresAction };
    await vscode.commands.executeCommand('agentRuns.openRun', runRef);
    const runPanel = await waitFor('the run panel', () => a.services.panels.get(runRef));
    await waitFor('the run and its steps', () => (runPanel.buildState().run?.steps.length ? true : undefined));
    // A name the workspace implements (getWeatherForecast) but none of the run's calls carries: nothing opens.
    await runPanel.receive({ type: 'goToHandler', name: 'get_weather_forecast' });
    assert.equal(vscode.window.activeTextEditor, undefined, 'a name the run does not carry opened something');
    await runPanel.receive({ type: 'goToHandler', name: 'lookup_order' });
    await shown(tools, lineOf(tools, 'async def lookup_order('), 'lookup_order');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const created = await createToolsResponse('Where is order 5150?');
    const responseRef = { connectionId: 'demo', responseId: created.id };
    await vscode.commands.executeCommand('agentRuns.openResponse', responseRef);
    const responsePanel = await waitFor('the response panel', () => a.services.responsePanels.get(responseRef));
    await waitFor('the response', () => responsePanel.buildState().response ?? undefined);
    // A name none of its calls carries: nothing is searched, nothing opens.
    await responsePanel.receive({ type: 'goToHandler', name: 'get_weather_forecast' });
    assert.equal(vscode.window.activeTextEditor, undefined, 'a name the response does not carry opened something');
    await responsePanel.receive({ type: 'goToHandler', name: 'lookup_order' });
    const editor = await shown(tools, lineOf(tools, 'async def lookup_order('), 'lookup_order');
    assert.equal(editor.viewColumn, vscode.ViewColumn.Two, 'opened beside the panel');
    runPanel.panel.dispose();
    responsePanel.panel.dispose();
  });

  it('from the CodeLens above each call of a tool-output draft', async () => {
    const runRef = { connectionId: 'demo', threadId: DEMO.threads.mixed, runId: DEMO.runs.requiresAction };
    await activatedApi();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('agentRuns.answerToolCalls', runRef);
    const lenses = await waitFor('the Go to handler lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      const found = all.filter((l) => l.command?.command === 'agentRuns.goToHandler');
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.command!.arguments), [[{ toolName: 'get_weather', beside: true }], [{ toolName: 'lookup_order', beside: true }]]);
    // Each sits on its call's entry.
    const text = editor.document.getText();
    for (const [lens, id] of [[lenses[0]!, DEMO.calls.requiresActionWeather], [lenses[1]!, DEMO.calls.requiresActionOrder]] as const) {
      const entry = editor.document.positionAt(text.lastIndexOf('{', text.indexOf(id))).line;
      assert.equal(lens.range.start.line, entry, `the lens of ${id}`);
    }
    await vscode.commands.executeCommand(lenses[1]!.command!.command, ...lenses[1]!.command!.arguments!);
    const handler = await shown(tools, lineOf(tools, 'async def lookup_order('), 'lookup_order');
    assert.notEqual(handler.viewColumn, editor.viewColumn, 'the draft stays in view');
  });

  it('from the CodeLens above each answer of a continue document', async () => {
    await activatedApi();
    const created = await createToolsResponse('Weather in Porto? And order 6060?');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('agentRuns.continueResponse', { connectionId: 'demo', responseId: created.id });
    const lenses = await waitFor('the Go to handler lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      const found = all.filter((l) => l.command?.command === 'agentRuns.goToHandler');
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.command!.arguments), [[{ toolName: 'get_weather', beside: true }], [{ toolName: 'lookup_order', beside: true }]]);
    const text = editor.document.getText();
    const calls = created.output.filter((i) => i.type === 'function_call').map((i) => i.call_id!);
    assert.deepEqual(lenses.map((l) => l.range.start.line), calls.map((id) => editor.document.positionAt(text.lastIndexOf('{', text.indexOf(id))).line));
  });
});

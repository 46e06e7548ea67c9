import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, DEMO_CONNECTION_NAME, extension, labelOf, treeChildren, waitFor } from './helpers';

describe('Contributions', () => {
  before(async () => {
    await extension().activate();
  });

  it('the Agent Runs view container and its Runs view are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    // VS Code registers these for every contributed view container / view.
    assert.ok(commands.includes('workbench.view.extension.agentRuns'), 'no command workbench.view.extension.agentRuns: the view container is not registered');
    assert.ok(commands.includes('agentRuns.explorer.focus'), 'no command agentRuns.explorer.focus: the view is not registered');
  });

  it('opening the view container shows the Runs view, with the connections as its rows', async () => {
    const api = await activatedApi();
    await vscode.commands.executeCommand('workbench.view.extension.agentRuns');
    await vscode.commands.executeCommand('agentRuns.explorer.focus');
    // The tree view the extension created is the one VS Code now shows.
    await waitFor('the Runs view to be visible', () => (api.tree.view.visible ? true : undefined));
    const roots = await treeChildren(api);
    assert.ok(roots.some((r) => labelOf(r.item) === DEMO_CONNECTION_NAME), `root rows: ${roots.map((r) => labelOf(r.item)).join(', ')}`);
  });

  it('the manifest declares the container, the view and a command palette category for every command', () => {
    const contributes = extension().packageJSON.contributes;
    assert.deepEqual(contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), ['agentRuns']);
    assert.ok(contributes.views.agentRuns.some((v: { id: string }) => v.id === 'agentRuns.explorer'));
    for (const c of contributes.commands as { command: string; category?: string }[]) {
      assert.equal(c.category, 'Agent Runs', `${c.command} has no "Agent Runs" category`);
    }
  });
});

import * as assert from 'node:assert/strict';
import { ui } from './setup';

describe('Command palette', () => {
  afterEach(async () => {
    await ui().workbench.closeQuickInput();
  });

  it('lists the Agent Runs commands under their category', async () => {
    const { workbench } = ui();
    await workbench.searchCommands('Agent Runs: ');
    await workbench.screenshot('02-palette');
    // The palette draws only the rows in view: each title is looked up by itself.
    const titles = ['Agent Runs: Add Connection…', 'Agent Runs: Refresh', 'Agent Runs: Open Run by ID…', 'Agent Runs: Show Log', 'Agent Runs: Cancel Run'];
    titles.push('Agent Runs: Add Conversation by ID…', 'Agent Runs: Add Response by ID…', 'Agent Runs: Cancel Response', 'Agent Runs: Export Conversation as JSON…');
    for (const title of titles) {
      const entries = await workbench.searchCommands(title);
      assert.ok(entries.includes(title), `"${title}" is not in the palette; it shows:\n${entries.join('\n')}`);
    }
  });

  it('hides the commands that only make sense on a tree row', async () => {
    const { workbench } = ui();
    const entries = await workbench.searchCommands('Agent Runs: Copy ID');
    assert.ok(!entries.includes('Agent Runs: Copy ID'), `"Agent Runs: Copy ID" is in the palette: ${entries.join(', ')}`);
  });

  it('runs "Agent Runs: Show Log", which shows the Agent Runs log in the Output panel', async () => {
    const { workbench } = ui();
    await workbench.runCommand('Agent Runs: Show Log');
    const panel = workbench.page.locator('.part.panel');
    await panel.waitFor();
    // The Output view names the channel it shows in its title bar's picker.
    await workbench.page.waitForFunction(() => {
      const select = document.querySelector<HTMLSelectElement>('.part.panel select.monaco-select-box');
      return select?.selectedOptions[0]?.textContent?.trim() === 'Agent Runs';
    });
    await workbench.screenshot('03-log');
    await workbench.page.keyboard.press('Control+J'); // close the panel again
  });
});

import * as assert from 'node:assert/strict';
import { DEMO } from '../emulator/demoIds';
import { ui } from './setup';

describe('Run panel', () => {
  it('opens from a run row and shows the run a user asked for', async () => {
    const { workbench } = ui();
    await workbench.openAgentRuns();
    await workbench.expand(workbench.row('Emulator (demo)'));
    await workbench.expand(workbench.row(DEMO.threads.mixed));
    const runRow = workbench.row(DEMO.runs.requiresAction.slice(0, 12));
    await workbench.contextMenu(runRow, 'Open Run');
    const panel = workbench.webview();
    try {
      await panel.locator('body').getByText(DEMO.runs.requiresAction.slice(0, 12)).first().waitFor({ timeout: 20_000 });
    } catch (err) {
      const toasts = await workbench.notifications();
      throw new Error(`no run panel showing ${DEMO.runs.requiresAction}${toasts.length ? `; notifications: ${toasts.join(' | ')}` : ''} (${(err as Error).message.split('\n')[0]})`);
    }
    const text = await panel.locator('body').innerText();
    assert.match(text, /requires[_ ]action/i, 'the panel shows no requires_action status');
    assert.match(text, /get_weather/, 'the panel does not list the pending get_weather call');
    await workbench.screenshot('03-run-panel');
  });
});

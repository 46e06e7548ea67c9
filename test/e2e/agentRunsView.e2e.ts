import * as assert from 'node:assert/strict';
import { DEMO } from '../emulator/demoIds';
import { ui } from './setup';

describe('Agent Runs view', () => {
  it('the activity bar has an Agent Runs icon that opens the Runs view', async () => {
    const { workbench } = ui();
    await workbench.activityBarItem('Agent Runs').waitFor();
    await workbench.openAgentRuns();
    assert.equal((await workbench.sideBarTitle().textContent())?.trim(), 'Agent Runs: Runs');
  });

  it('shows the demo connection with its threads', async () => {
    const { workbench } = ui();
    await workbench.openAgentRuns();
    const connection = workbench.row('Emulator (demo)');
    await workbench.expand(connection);
    await workbench.row(DEMO.threads.mixed).waitFor();
    const rows = await workbench.rowTexts();
    assert.match(rows[0], /^Emulator \(demo\)/);
    for (const id of [DEMO.threads.mixed, DEMO.threads.hostile, DEMO.threads.unicode, DEMO.threads.manyRuns]) {
      assert.ok(rows.some((r) => r.includes(id)), `no row for ${id}; rows:\n${rows.join('\n')}`);
    }
    // API text is shown as text: the hostile thread's preview (read after the row) keeps its tags.
    await workbench.row(DEMO.threads.hostile).filter({ hasText: '<script' }).waitFor({ timeout: 15_000 }).catch(async () => {
      const row = (await workbench.rowTexts()).find((r) => r.includes(DEMO.threads.hostile));
      assert.fail(`the hostile thread row does not show its text literally: ${row}`);
    });
    // Before any thread is expanded, the status bar counts the demo's waiting run.
    await workbench.page.locator('.part.statusbar .statusbar-item', { hasText: /\d+ runs? waiting/ }).first().waitFor({ timeout: 30_000 });
    // At the default width a thread row starts with what a person recognises, not its id.
    await workbench.row(DEMO.threads.mixed).filter({ hasText: 'Book a table' }).waitFor({ timeout: 15_000 });
    const mixed = (await workbench.rowTexts()).find((r) => r.includes(DEMO.threads.mixed));
    assert.match(mixed ?? '', /^Book a table for two/);
    await workbench.screenshot('tree-narrow-dark');
    await workbench.setSideBarWidth(520);
    await workbench.screenshot('01-tree');
  });
});

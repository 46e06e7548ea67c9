// Exporting a thread as a user does it: the thread row's context menu, VS Code's save
// dialog (pre-filled with <thread id>.json in the workspace), the notification that
// says what was written, and "Open" showing the file. Screenshot: 11-thread-exported.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO } from '../emulator/demoIds';
import { ui } from './setup';

describe('Export Thread as JSON', () => {
  // The file goes with the suite: later suites read the workspace (Go to Handler searches it).
  after(() => {
    const { session } = ui();
    fs.rmSync(path.join(session.profile.workspaceDir, `${DEMO.threads.mixed}.json`), { force: true });
  });

  it('writes the thread from its context menu to the file picked in the save dialog', async () => {
    const { workbench, session } = ui();
    const page = workbench.page;
    await workbench.openAgentRuns();
    await workbench.expand(workbench.row('Emulator (demo)'));
    const threadRow = workbench.row(DEMO.threads.mixed);
    await threadRow.waitFor();
    await workbench.contextMenu(threadRow, 'Export Thread as JSON');

    // The save dialog (a quick input in the browser) proposes <thread id>.json.
    const input = workbench.quickInput().locator('input');
    await input.waitFor();
    await page.waitForFunction((name) => (document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value ?? '').endsWith(name), `${DEMO.threads.mixed}.json`);
    await page.keyboard.press('Enter');

    const done = page.locator('.notifications-toasts .notification-list-item', { hasText: `Exported ${DEMO.threads.mixed}` }).first();
    await done.waitFor({ timeout: 20_000 });
    assert.match(await done.innerText(), /\d+ messages, 7 runs, \d+ steps/);
    const file = path.join(session.profile.workspaceDir, `${DEMO.threads.mixed}.json`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { thread: { id: string }; runs: unknown[] };
    assert.equal(data.thread.id, DEMO.threads.mixed);
    assert.equal(data.runs.length, 7);

    await done.locator('.monaco-button', { hasText: 'Open' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: `${DEMO.threads.mixed}.json` }).waitFor();
    await workbench.screenshot('11-thread-exported');
    await workbench.runCommand('View: Close Editor');
  });
});

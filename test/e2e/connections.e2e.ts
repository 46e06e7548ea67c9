// Connections as a user manages them in the real workbench: "Add Connection…" through
// each of its prompts (with a wrong URL refused on the spot), the saved notification's
// "Test Connection" verdict, the new row in the tree, the key kept out of settings.json,
// "Find Thread and Run IDs in Editor" adding a thread to it from a log line, and
// "Remove Connection" from the row's context menu with its modal confirmation.
// Screenshots: 09-connection-added, 10-connection-remove-confirm.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO } from '../emulator/demoIds';
import { ui } from './setup';

const name = 'E2E gateway';
const key = 'sk-e2e-connection-7c1f0a9b3d';

describe('Connections', () => {
  after(async () => {
    // Leave the workbench as the other UI tests expect it: only the demo connection.
    const { workbench } = ui();
    await workbench.closeQuickInput().catch(() => undefined);
    await workbench.page.keyboard.press('Escape').catch(() => undefined);
    if (await workbench.row(name).isVisible().catch(() => false)) await removeFromContextMenu();
  });

  it('adds an OpenAI-compatible connection, tests it, and keeps its key out of settings', async () => {
    const { workbench, session } = ui();
    const page = workbench.page;
    const quickInput = workbench.quickInput();
    const input = quickInput.locator('input');
    const title = quickInput.locator('.quick-input-title');

    await workbench.openAgentRuns();
    await workbench.runCommand('Agent Runs: Add Connection…');

    await title.filter({ hasText: 'Add Connection (1/4): kind of service' }).waitFor();
    await input.fill('OpenAI-compatible');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'OpenAI-compatible' }).first().waitFor();
    await page.keyboard.press('Enter');

    await title.filter({ hasText: 'Add Connection (2/4): name' }).waitFor();
    assert.equal(await input.inputValue(), 'OpenAI-compatible', 'the name is pre-filled with the kind');
    await input.fill(name);
    await page.keyboard.press('Enter');

    await title.filter({ hasText: 'Add Connection (3/4): URL' }).waitFor();
    // A wrong URL is refused where it is typed, and Enter does not move on.
    await input.fill('localhost:8000');
    const message = quickInput.locator('.quick-input-message');
    await message.filter({ hasText: 'Use an http:// or https:// URL' }).waitFor();
    await page.keyboard.press('Enter');
    // Whatever Enter did is done before the next keys are handled: empty the box, and the
    // URL step must still be there to say a URL is needed.
    await input.fill('');
    await message.filter({ hasText: 'Enter the service URL.' }).waitFor();
    assert.match(await title.innerText(), /Add Connection \(3\/4\): URL/, 'Enter on a wrong URL moved on');
    await input.fill(`${session.emulator.origin}/v1`);
    await message.filter({ hasText: 'Enter the service URL.' }).waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');

    await title.filter({ hasText: 'Add Connection (4/4): authentication' }).waitFor();
    const options = await quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(!options.some((o) => /Entra/.test(o)), `an OpenAI-compatible server is offered Entra sign-in: ${options.join(' | ')}`);
    assert.ok(!options.some((o) => /\(current\)/.test(o)), `a new connection has a "current" authentication: ${options.join(' | ')}`);
    await input.fill('Key');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'secret storage' }).first().waitFor();
    await page.keyboard.press('Enter');

    await title.filter({ hasText: 'Add Connection (4/4): key' }).waitFor();
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
    await input.fill(key);
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });

    // "Connection … saved." offers the test; its verdict is the next notification.
    const saved = page.locator('.notifications-toasts .notification-list-item', { hasText: `Connection "${name}" saved.` }).first();
    await saved.waitFor();
    assert.deepEqual((await saved.locator('.monaco-button').allInnerTexts()).map((b) => b.trim()), ['Test Connection', 'Use for Palette Commands']);
    await saved.locator('.monaco-button', { hasText: 'Test Connection' }).click();
    const verdict = page.locator('.notifications-toasts .notification-list-item', { hasText: `Connected to ${name}` }).first();
    await verdict.waitFor({ timeout: 20_000 });
    assert.match(await verdict.innerText(), /the service answered and accepted the credentials/);

    // The connection is a row of the tree; expanded, it says how to add threads (OpenAI
    // servers have no list of threads).
    const row = workbench.row(name);
    await row.waitFor();
    await workbench.expand(row);
    const rows = await workbench.rowTexts();
    const index = rows.findIndex((r) => r.startsWith(name));
    assert.ok(rows.slice(index + 1).some((r) => /thread/i.test(r)), `no row under ${name} says how to add threads:\n${rows.join('\n')}`);

    // Ids in any editor (here a log line) become threads of the connection: OpenAI
    // servers cannot list threads, so this is how they reach the tree.
    await workbench.runCommand('File: New Untitled Text File');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.insertText(`12:04:31 ERROR ${DEMO.runs.failed} on ${DEMO.threads.mixed} failed: rate_limit_exceeded\n`);
    await workbench.runCommand('Agent Runs: Find Thread and Run IDs in Editor');
    await pickConnectionNamed(name);
    await title.filter({ hasText: 'Found 1 thread id and 1 run id in this editor' }).waitFor();
    const found = await quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(found.some((f) => f.includes(DEMO.threads.mixed)) && found.some((f) => f.includes(DEMO.runs.failed)), found.join(' | '));
    await page.keyboard.press('Enter'); // the thread is picked already, the run is not
    await quickInput.waitFor({ state: 'hidden' });
    await page.waitForFunction(
      ({ connection, thread }) => {
        const rows = [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].map((r) => r.innerText);
        const at = rows.findIndex((r) => r.startsWith(connection));
        return at >= 0 && rows.slice(at + 1).some((r) => r.startsWith('Book a table') && r.includes(thread));
      },
      { connection: name, thread: DEMO.threads.mixed },
      { timeout: 20_000 },
    );
    await workbench.screenshot('09-connection-added');

    // A run is opened on the thread of its own line, not on the first thread of the text.
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(`${DEMO.threads.unicode} started\n12:05:10 ERROR ${DEMO.runs.failed} on ${DEMO.threads.mixed} failed\n`);
    await workbench.runCommand('Agent Runs: Find Thread and Run IDs in Editor');
    await pickConnectionNamed(name);
    await title.filter({ hasText: 'Found 2 thread ids and 1 run id in this editor' }).waitFor();
    const runItem = quickInput.locator('.quick-input-list .monaco-list-row', { hasText: DEMO.runs.failed }).first();
    assert.match(await runItem.innerText(), new RegExp(`run on ${DEMO.threads.mixed}`));
    await runItem.click();
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: DEMO.threads.unicode }).first().click(); // unpick it
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: DEMO.runs.failed }).first().waitFor({ timeout: 20_000 });
    assert.equal(await quickInput.isVisible(), false, 'a thread was asked for although the run\'s line names it');
    await workbench.runCommand('View: Close Editor');

    // A run whose line names no thread: the nearest one above is proposed; an empty answer is refused.
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(`${DEMO.threads.mixed}\nlater: ${DEMO.runs.completed} done\n`);
    await workbench.runCommand('Agent Runs: Find Thread and Run IDs in Editor');
    await pickConnectionNamed(name);
    await title.filter({ hasText: 'Found 1 thread id and 1 run id in this editor' }).waitFor();
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: DEMO.runs.completed }).first().click();
    await page.keyboard.press('Enter');
    await title.filter({ hasText: `Thread of ${DEMO.runs.completed}` }).waitFor();
    assert.equal(await input.inputValue(), DEMO.threads.mixed, 'the thread above the run is not proposed');
    await input.fill('');
    await message.filter({ hasText: 'Enter the thread id, or press Esc to skip this run.' }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.match(await title.innerText(), new RegExp(`Thread of ${DEMO.runs.completed}`), 'Enter on an empty thread id moved on');
    await workbench.screenshot('find-ids-empty-thread');
    await page.keyboard.press('Escape');
    await page.locator('.notifications-toasts .notification-list-item', { hasText: `${DEMO.runs.completed} was not opened: no thread id was given.` }).first().waitFor();
    await workbench.runCommand('View: Revert and Close Editor');

    // Editing skips the kind, so its steps count from 1.
    await workbench.runCommand('Agent Runs: Edit Connection…');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
    await title.filter({ hasText: 'Edit Connection (1/3): name' }).waitFor();
    await page.keyboard.press('Escape');
    await quickInput.waitFor({ state: 'hidden' });

    // The settings hold the connection but never its key.
    const settingsFile = path.join(session.profile.userDataDir, 'User', 'settings.json');
    const settings = fs.readFileSync(settingsFile, 'utf8');
    assert.ok(settings.includes(name), `settings.json does not list "${name}":\n${settings}`);
    assert.ok(!settings.includes(key), 'the key was written to settings.json');
    // With the demo connection around, the new one was offered as the selected one, not made it.
    assert.ok(!/"agentRuns\.activeConnection":\s*"openai-compatible-/.test(settings), `the new connection became the selected one silently:\n${settings}`);

    // Remove it from its context menu; the modal names it.
    await removeFromContextMenu({ screenshot: '10-connection-remove-confirm' });
    await row.waitFor({ state: 'detached' });
    // Nothing of it is left in the settings, not even as the selected connection.
    const deadline = Date.now() + 10_000;
    while (/E2E gateway|"openai-compatible-/.test(fs.readFileSync(settingsFile, 'utf8'))) {
      assert.ok(Date.now() < deadline, `the connection is still in settings.json 10 s after Remove:\n${fs.readFileSync(settingsFile, 'utf8')}`);
      await page.waitForTimeout(200);
    }
  });
});

/** Answers "Add the ids to which connection?" (asked while no connection is selected). */
async function pickConnectionNamed(connection: string): Promise<void> {
  const { workbench } = ui();
  const quickInput = workbench.quickInput();
  await quickInput.locator('.quick-input-title', { hasText: 'Add the ids to which connection?' }).waitFor();
  await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: connection }).first().click();
}

async function removeFromContextMenu(options: { screenshot?: string } = {}): Promise<void> {
  const { workbench } = ui();
  await workbench.contextMenu(workbench.row(name), 'Remove Connection');
  const dialog = workbench.page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(`Remove connection "${name}"\\?`));
  if (options.screenshot) await workbench.screenshot(options.screenshot);
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Remove$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

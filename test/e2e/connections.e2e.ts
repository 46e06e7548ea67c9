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
    await title.filter({ hasText: 'Found 1 thread id(s) and 1 run id(s) in this editor' }).waitFor();
    const found = await quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(found.some((f) => f.includes(DEMO.threads.mixed)) && found.some((f) => f.includes(DEMO.runs.failed)), found.join(' | '));
    await page.keyboard.press('Enter'); // the thread is picked already, the run is not
    await quickInput.waitFor({ state: 'hidden' });
    await page.waitForFunction(
      ({ connection, thread }) => {
        const rows = [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].map((r) => r.innerText);
        const at = rows.findIndex((r) => r.startsWith(connection));
        return at >= 0 && rows.slice(at + 1).some((r) => r.startsWith(thread) && r.includes('Book a table'));
      },
      { connection: name, thread: DEMO.threads.mixed },
      { timeout: 20_000 },
    );
    await workbench.screenshot('09-connection-added');
    await workbench.runCommand('View: Revert and Close Editor');

    // The settings hold the connection but never its key.
    const settingsFile = path.join(session.profile.userDataDir, 'User', 'settings.json');
    const settings = fs.readFileSync(settingsFile, 'utf8');
    assert.ok(settings.includes(name), `settings.json does not list "${name}":\n${settings}`);
    assert.ok(!settings.includes(key), 'the key was written to settings.json');

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

// Capture as a user sees it: Start Capture from the status bar on the demo connection (a
// Foundry project, whose SDK reads no endpoint variable: the notification says so and
// offers the URL), an app's requests through the copied URL, what it made appearing in
// the tree marked captured, its failed request as an error row, and Stop leaving the
// port forwarding with the status bar saying so.
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ui } from './setup';

/** The URL Copy URL put on the clipboard (the extension host writes it a moment after the click). */
async function clipboardUrl(): Promise<string> {
  const page = ui().workbench.page;
  let text = '';
  for (let i = 0; i < 100 && !text.startsWith('http://'); i++) {
    if (i) await page.waitForTimeout(100);
    text = await page.evaluate(() => navigator.clipboard.readText());
  }
  return text;
}

let unstoredId: string | undefined;

const statusItem = (text: string) => ui().workbench.page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();

describe('Capture', () => {
  after(async () => {
    const { workbench } = ui();
    if (await statusItem('Emulator (demo):').isVisible().catch(() => false)) await workbench.runCommand('Agent Runs: Stop Capture').catch(() => undefined);
    await workbench.closeQuickInput().catch(() => undefined);
    await workbench.page.keyboard.press('Escape').catch(() => undefined);
    // Leave the tree as the other suites expect it: no captured response, Threads open, the other groups folded.
    if (unstoredId) {
      const row = await workbench.revealRow(unstoredId, 5_000).catch(() => undefined);
      if (row) await workbench.contextMenu(row, 'Remove Response').catch(() => undefined);
    }
    await workbench.scrollTreeToTop();
    for (const group of ['Captured errors', 'Responses', 'Conversations']) {
      const row = workbench.row(group);
      if ((await row.getAttribute('aria-expanded').catch(() => null)) === 'true') await row.locator('.monaco-tl-twistie').click();
    }
    await workbench.expand(workbench.row('Threads')).catch(() => undefined);
    await workbench.scrollTreeToTop();
  });

  it('records an app\'s requests after Start Capture in the status bar, and shows them in the tree', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    await workbench.openAgentRuns();
    await statusItem('Capture').click();
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Capturing Emulator (demo)' }).first();
    await toast.waitFor({ timeout: 20_000 });
    assert.match(await toast.innerText(), /Foundry Agents SDK reads no endpoint variable/);
    await toast.getByRole('button', { name: 'Copy URL (key authentication only)' }).click();
    const url = await clipboardUrl();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[\w-]{20,}$/, `copied: ${url}`);
    await statusItem('Emulator (demo): 0').waitFor();

    // The app: an openai client pointed at the project's endpoint under the proxy.
    const app = new OpenAI({ apiKey: 'sk-e2e-app-key-0123456789', baseURL: `${url}/openai/v1`, maxRetries: 0 });
    // Not stored: the project's list stays as the other suites expect it, and the row shows what the app saw.
    const response = await app.responses.create({ model: 'echo', input: 'Captured from an app', store: false });
    unstoredId = response.id;
    const missing = await app.responses.retrieve('resp_doesNotExist0000').then(() => 200, (e: { status?: number }) => e.status);
    assert.equal(missing, 404);
    await statusItem('Emulator (demo): 2').waitFor({ timeout: 20_000 });

    await workbench.expand(workbench.row('Emulator (demo)'));
    const threads = workbench.row('Threads');
    await threads.waitFor();
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    const errors = workbench.row('Captured errors');
    await errors.waitFor({ timeout: 20_000 });
    await workbench.expand(errors);
    const failure = await workbench.revealRow('resp_doesNotExist0000 → 404');
    assert.match((await failure.innerText()).replace(/\s+/g, ' '), /GET \/openai\/v1\/responses\/resp_doesNotExist0000 → 404\s*.*not found.* · captured \d/);
    await workbench.expand(workbench.row('Responses'));
    const row = await workbench.revealRow(response.id);
    await page.waitForFunction((id) => [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => r.innerText.includes(id) && /not readable with this connection/.test(r.innerText)), response.id);
    assert.match((await row.innerText()).replace(/\s+/g, ' '), /captured \d[^·]* · completed · echo · .*not readable with this connection/);

    await workbench.setSideBarWidth(620);
    await workbench.screenshot('capture-tree');
    await workbench.setSideBarWidth(300);
  });

  it('Stop Capture: the status bar says the port forwards without recording, and a later request adds nothing', async () => {
    const { workbench } = ui();
    const url = await clipboardUrl();
    await statusItem('Emulator (demo):').click();
    await workbench.quickInput().locator('.quick-input-list-row', { hasText: 'Stop Capture' }).first().click();
    await statusItem('forwarding, not recording').waitFor({ timeout: 20_000 });
    const app = new OpenAI({ apiKey: 'sk-e2e-app-key-0123456789', baseURL: `${url}/openai/v1`, maxRetries: 0 });
    const response = await app.responses.create({ model: 'echo', input: 'After stop' });
    assert.ok(response.id.startsWith('resp_'), 'the port stopped forwarding');
    await workbench.page.waitForTimeout(1000);
    assert.ok(!(await statusItem('Emulator (demo):').isVisible()), 'the status bar still shows a recording');
    const rows = await workbench.rowTexts();
    assert.ok(!rows.some((r) => r.includes(response.id) && /captured/.test(r)), `a response made after Stop is marked captured:\n${rows.join('\n')}`);
  });
});

// Go to Handler as a user does it: the workspace holds a TypeScript and a Python agent
// (test/fixtures/handlers-workspace, copied into the opened folder); a response of the
// emulator's `tools` model called get_weather and lookup_order. From the call's row in the
// tree, the QuickPick of the four places (definitions first), previewing as the selection
// moves, and the one chosen opened at its name; from the panel, the one place of
// lookup_order opened beside it; from the palette, the name asked for and a sentence when
// nothing implements it. Screenshots: 21-go-to-handler-pick, 21-go-to-handler.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { handlersWorkspaceDir } from '../fixtures/paths';
import { createResponse, type WireResponse } from './emulatorRuns';
import { ui } from './setup';

const folder = 'agent-code';

/** The 1-based line of a fixture file that contains `text`, and the 1-based column of the cursor with `word` selected (its end). */
function place(file: string, text: string, word: string): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(handlersWorkspaceDir, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${file} has no line with ${text}`);
  assert.ok(lines[index]!.includes(word));
  return { line: index + 1, column: lines[index]!.indexOf(word) + word.length + 1 };
}

describe('Go to Handler', () => {
  let created: WireResponse;

  before(async () => {
    fs.cpSync(handlersWorkspaceDir, path.join(ui().session.profile.workspaceDir, folder), { recursive: true });
    created = await createResponse({ model: 'tools', input: 'Weather in Lisbon? And where is order 2468?' });
    assert.deepEqual(created.output.filter((i) => i.type === 'function_call').map((i) => i.name), ['get_weather', 'lookup_order']);
  });

  after(async () => {
    const { workbench, session } = ui();
    await workbench.closeQuickInput().catch(() => undefined);
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    // The sentence of the palette test: later suites read the toasts for their own.
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.openAgentRuns().catch(() => undefined);
    await workbench.scrollTreeToTop();
    const responses = workbench.row('Responses');
    if ((await responses.getAttribute('aria-expanded').catch(() => null)) === 'true') await responses.locator('.monaco-tl-twistie').click();
    await workbench.expand(workbench.row('Threads')).catch(() => undefined);
    fs.rmSync(path.join(session.profile.workspaceDir, folder), { recursive: true, force: true });
  });

  /** The cursor and selection the status bar shows for the active editor. */
  const selection = () => ui().workbench.page.locator('[id="status.editor.selection"]');

  it('from a function call row: a QuickPick of the places, previewed as the selection moves, the chosen one opened at its name', async function () {
    this.timeout(120_000);
    const { workbench } = ui();
    const page = workbench.page;
    await workbench.openAgentRuns();
    await workbench.expand(workbench.row('Emulator (demo)'));
    await workbench.scrollTreeToTop();
    const threads = workbench.row('Threads');
    await threads.waitFor();
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    await workbench.runCommand('Agent Runs: Refresh');
    await workbench.expand(workbench.row('Responses'));
    const response = await workbench.revealRow(created.id);
    await workbench.expand(response);
    // The response's items are the rows one level below it.
    const call = workbench.treeRows().and(page.locator('[aria-level="4"]')).filter({ hasText: 'get_weather' }).first();
    await call.waitFor({ timeout: 20_000 });

    const pick = workbench.quickInput().locator('.quick-input-list .monaco-list-row');
    for (let attempt = 0; attempt < 3 && !(await pick.first().isVisible()); attempt++) {
      await workbench.contextMenu(call, 'Go to Handler');
      await pick.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
    }
    await pick.nth(3).waitFor({ timeout: 20_000 });
    const rows = (await pick.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const py = place('py-agent/agent/tools.py', 'def get_weather(', 'get_weather');
    const ts = place('ts-agent/src/tools.ts', 'function getWeather(', 'getWeather');
    assert.equal(rows.length, 4, rows.join('\n'));
    assert.match(rows[0]!, new RegExp(`${folder}/py-agent/agent/tools\\.py:${py.line}.*definition.*def get_weather\\(`));
    assert.match(rows[1]!, new RegExp(`${folder}/ts-agent/src/tools\\.ts:${ts.line}.*definition · getWeather.*function getWeather\\(`));
    assert.match(rows[2]!, new RegExp(`${folder}/py-agent/tools\\.json:\\d+.*tool schema`));
    assert.match(rows[3]!, new RegExp(`${folder}/ts-agent/src/tools\\.ts:\\d+.*tool schema.*name: 'get_weather'`));
    // The first place is shown behind the QuickPick.
    await page.locator('.tabs-container .tab', { hasText: 'tools.py' }).first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('21-go-to-handler-pick');

    await page.keyboard.press('ArrowDown');
    await page.locator('.tabs-container .tab.active', { hasText: 'tools.ts' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await workbench.quickInput().waitFor({ state: 'hidden' });
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'export async function getWeather(' }).first().waitFor({ timeout: 10_000 });
    await selection().filter({ hasText: `Ln ${ts.line}, Col ${ts.column} (10 selected)` }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('.tabs-container .tab.active').getAttribute('aria-label').then((l) => /tools\.ts/.test(l ?? '')), true);
  });

  it('from the panel: the one handler of lookup_order opened beside it, the name selected', async function () {
    this.timeout(120_000);
    const { workbench } = ui();
    const page = workbench.page;
    await workbench.runCommand('View: Close All Editors');
    await workbench.openAgentRuns();
    // From the top: the new response is listed first, and a row left under the sticky rows takes no click.
    await workbench.scrollTreeToTop();
    const response = await workbench.revealRow(created.id);
    await response.click();
    const panel = workbench.webview();
    const box = panel.locator('section.response-action');
    await box.waitFor({ timeout: 20_000 });
    const order = box.locator('.pending-call', { hasText: 'lookup_order' });
    const lookup = place('py-agent/agent/tools.py', 'async def lookup_order(', 'lookup_order');
    const opened = selection().filter({ hasText: `Ln ${lookup.line}, Col ${lookup.column} (12 selected)` });
    // A click the webview swallowed while repainting is made again: the lookup opens the same place.
    for (let attempt = 0; attempt < 3 && !(await opened.isVisible()); attempt++) {
      await order.getByRole('button', { name: 'Go to handler' }).click();
      await opened.waitFor({ timeout: 15_000 }).catch(() => undefined);
    }
    await opened.waitFor({ timeout: 5_000 });
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'async def lookup_order(' }).first().waitFor();
    // Beside the panel: two editor groups, the panel still open in the first.
    assert.equal(await page.locator('.part.editor .editor-group-container').count(), 2);
    await page.locator('.tabs-container .tab', { hasText: created.id.slice(0, 12) }).first().waitFor();
    await workbench.screenshot('21-go-to-handler');
  });

  it('from the palette: asks for the name, and says what it searched when nothing implements it', async function () {
    this.timeout(120_000);
    const { workbench } = ui();
    const page = workbench.page;
    await workbench.runCommand('Agent Runs: Go to Handler');
    // The palette's own box is replaced by the command's: the one asking for a tool name.
    const input = workbench.quickInput().locator('input[placeholder="get_weather"]');
    await input.waitFor({ timeout: 10_000 });
    assert.match(await workbench.quickInput().innerText(), /The name of a function tool, as the model calls it/);
    await input.fill('send_invoice');
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'No handler of "send_invoice"' }).first();
    await toast.waitFor({ timeout: 20_000 });
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /searched for definitions of send_invoice, sendInvoice, SendInvoice \(TypeScript, JavaScript, Python\) and tool schemas named "send_invoice"/);
  });
});

// Answering a response from its panel as a user does it in the real workbench: the
// Required action box of a response that ended with function calls, the outputs typed
// there, the same draft shown by "Edit in editor", and Continue… after the modal
// question, which creates the follow-up response. Screenshot: 14-response-required-action.
import * as assert from 'node:assert/strict';
import { createResponse } from './emulatorRuns';
import { ui } from './setup';

describe('Answering a response from its panel', () => {
  after(async () => {
    const { workbench } = ui();
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    await workbench.scrollTreeToTop();
    const responses = workbench.row('Responses');
    if ((await responses.getAttribute('aria-expanded').catch(() => null)) === 'true') await responses.locator('.monaco-tl-twistie').click();
    await workbench.expand(workbench.row('Threads')).catch(() => undefined);
  });

  it('types the outputs in the Required action box, shows the same draft in the editor, and continues after the question', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const created = await createResponse({ model: 'tools', input: 'Weather in Paris? And where is order 42?' });
    assert.deepEqual(created.output.filter((i) => i.type === 'function_call').map((i) => i.name).sort(), ['get_weather', 'lookup_order']);

    await workbench.openAgentRuns();
    await workbench.expand(workbench.row('Emulator (demo)'));
    // Earlier suites leave threads open: fold them, as a user would, to reach the responses.
    await workbench.scrollTreeToTop();
    const threads = workbench.row('Threads');
    await threads.waitFor();
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    await workbench.runCommand('Agent Runs: Refresh');
    await workbench.expand(workbench.row('Responses'));
    const row = await workbench.revealRow(created.id);
    await row.click();

    const panel = workbench.webview();
    const box = panel.locator('section.response-action');
    await box.waitFor({ timeout: 20_000 });
    // The project lists its responses: everything after this one is visible, and nothing answers it.
    await box.getByText('· Awaiting').waitFor({ timeout: 10_000 });
    await box.getByLabel('Output for get_weather').fill('21 °C and sunny');
    await box.getByLabel('Output for lookup_order').fill('Order 42 shipped on Monday');
    await box.getByLabel('Output for lookup_order').blur();
    // Saved to the draft once typing pauses (the extension sends the stored draft back).
    await page.waitForTimeout(800);
    const text = (await box.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Required action · Awaiting/);
    assert.match(text, /get_weather/);
    assert.match(text, /lookup_order/);
    assert.doesNotMatch(text, /undefined|NaN|\[object Object\]/);
    // The box's heading and first answers, then (under the sticky header) down to Continue….
    await workbench.screenshot('14-response-required-action');
    await box.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await workbench.screenshot('14-response-required-action-continue');

    // "Edit in editor": the same draft, the complete request.
    const tab = page.locator('.tabs-container .tab', { hasText: `${created.id}.continue.json` }).first();
    // A click the webview swallowed (its frame was being repainted) is made again: the
    // button opens the same document however often it is pressed.
    for (let attempt = 0; attempt < 3 && !(await tab.isVisible()); attempt++) {
      await box.getByRole('button', { name: 'Edit in editor' }).click();
      await tab.waitFor({ timeout: 10_000 }).catch(() => undefined);
    }
    await tab.waitFor({ timeout: 10_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: '21 °C and sunny' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Order 42 shipped on Monday' }).first().waitFor({ timeout: 10_000 });

    // Back to the panel: Continue… asks first, then creates the response and links it.
    await page.locator('.tabs-container .tab', { hasText: created.id.slice(0, 12) }).filter({ hasNotText: '.continue.json' }).first().click();
    await box.getByRole('button', { name: 'Continue…' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, new RegExp(`Continue response ${created.id}\\?`));
    assert.match(question, /It sends 2 answers\./);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Continue$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The new response opens in its own panel; the original's box links it.
    const createdLine = /Created response (resp_\w+), continuing/;
    const original = () => page.locator('.tabs-container .tab', { hasText: created.id.slice(0, 12) }).filter({ hasNotText: '.continue.json' }).first();
    await page.locator('.tabs-container .tab', { hasText: 'resp_' }).filter({ hasNotText: created.id.slice(0, 12) }).first().waitFor({ timeout: 20_000 });
    await original().click();
    const said = await panel.locator('.continue-created').innerText({ timeout: 20_000 });
    assert.match(said, createdLine);
  });
});

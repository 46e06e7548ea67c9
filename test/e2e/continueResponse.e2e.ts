// Answer and Continue as a user does it in the real workbench: a response that ended with
// two function calls, its row's inline action, the continue document (the answers and
// the complete request, with CodeLens), the modal question, and the new response's
// panel quoting the outputs. Screenshots: 15-continue-document, 16-continue-question.
import * as assert from 'node:assert/strict';
import { createResponse } from './emulatorRuns';
import { ui } from './setup';

describe('Answer and Continue a response', () => {
  after(async () => {
    const { workbench } = ui();
    await workbench.page.keyboard.press('Escape').catch(() => undefined);
    await workbench.showThreadsAgain();
  });

  it('answers a response from its row: the document, the question, and the new response quoting the outputs', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const created = await createResponse({ model: 'tools', input: 'Weather in Bergen? And where is order 4242?' });
    const calls = created.output.filter((i) => i.type === 'function_call');
    assert.equal(calls.length, 2);

    await workbench.showResponses();
    const row = workbench.row(created.id);
    await row.waitFor({ timeout: 20_000 });
    // The project lists responses: everything after this one is visible, so its calls are awaiting.
    await workbench.expand(row);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => /^get_weather.*awaiting output/.test(r.innerText.replace(/\s+/g, ' '))),
      undefined,
      { timeout: 20_000 },
    );
    // One inbox: the status bar counts awaiting responses with the waiting runs ("N waiting", not "N runs waiting").
    const inbox = page.locator('.statusbar-item', { hasText: /^\s*\d+ waiting\s*$/ }).first();
    await inbox.waitFor({ timeout: 20_000 });
    const tab = page.locator('.tabs-container .tab', { hasText: `${created.id}.continue.json` }).first();
    await workbench.rowAction(row, 'Answer and Continue', 'Answer and Continue…', tab);

    // The document: the answers first, then the request it sends, with the calls above their answers.
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await page.locator('.codelens-decoration', { hasText: 'get_weather' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.codelens-decoration', { hasText: 'Continue response' }).first().waitFor();
    await page.locator('.codelens-decoration', { hasText: '2 awaiting' }).first().waitFor();
    const shown = (await editor.innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /"type": "function_call_output"/);
    assert.match(shown, new RegExp(`"previous_response_id": "${created.id}"`));
    await workbench.screenshot('15-continue-document');

    // The outputs, typed over the document (the request below them kept).
    await editor.click();
    await page.keyboard.press('Control+A');
    const outputs = Object.fromEntries(calls.map((c) => [c.call_id, c.name === 'get_weather' ? '9 °C and rain' : 'Order 4242 left on Friday']));
    const text = JSON.stringify({
      input: calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: outputs[c.call_id!] })),
      model: 'tools',
      previous_response_id: created.id,
      store: true,
      background: true,
    });
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
    await page.locator('.codelens-decoration a', { hasText: /Continue response$/ }).first().waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').length === 0, undefined, { timeout: 10_000 });
    await page.locator('.codelens-decoration a', { hasText: 'Continue response' }).first().click();

    // The question says what it creates, where, with which model, and that it costs tokens.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, new RegExp(`Continue response ${created.id}\\?`));
    assert.match(question, /This creates a new response on "Emulator \(demo\)" with model tools, following previous_response_id .* It costs tokens\. It sends 2 answers\./);
    await workbench.screenshot('16-continue-question');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Continue$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The document goes, the new response's panel opens and follows it to its answer.
    await tab.waitFor({ state: 'hidden', timeout: 20_000 });
    const panel = workbench.webview();
    await panel.locator('body', { hasText: 'get_weather returned "9 °C and rain"' }).waitFor({ timeout: 30_000 });
    const body = await panel.locator('body').innerText();
    assert.match(body, /lookup_order returned "Order 4242 left on Friday"/);
  });
});

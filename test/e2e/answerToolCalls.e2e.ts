// Answering tool calls as a user does it in the real workbench: the run's context menu,
// the draft editor with its diagnostics and CodeLens, the CodeLens submit, and the run
// panel following the run to completed. Screenshots: 04-tool-outputs-diagnostics,
// 05-tool-outputs-ready, 06-panel-after-submit.
import * as assert from 'node:assert/strict';
import { createThreadAndRun, waitForStatus } from './emulatorRuns';
import { ui } from './setup';

describe('Answering tool calls', () => {
  it('answers a requires_action run in the draft editor and follows it to completed', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const created = await createThreadAndRun('asst_tools', 'Weather in Paris? And where is order 42?');
    const run = await waitForStatus(created.thread_id, created.id, 'requires_action');
    const calls = run.required_action?.submit_tool_outputs?.tool_calls ?? [];
    assert.equal(calls.length, 2);

    await workbench.openAgentRuns();
    // A new thread: refresh so it is listed, then open its run.
    await workbench.runCommand('Agent Runs: Refresh');
    await workbench.expand(workbench.row('Emulator (demo)'));
    await workbench.expand(workbench.row(run.thread_id.slice(0, 12)));
    const tab = page.locator('.tabs-container .tab', { hasText: `${run.id}.tool-outputs.json` }).first();
    const runRow = workbench.row(run.id.slice(0, 12));
    await workbench.rowAction(runRow, 'Answer Tool Calls', 'Answer Tool Calls', tab);

    // Wrong input: an unknown id and an output that is an object.
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+A');
    const bad = JSON.stringify(
      { tool_outputs: [{ tool_call_id: calls[0]!.id, output: { temp_c: 21 } }, { tool_call_id: 'call_typo', output: 'shipped' }] },
    );
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(bad);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    // The call's signature above its entry: read before the Problems panel takes half the
    // window (a CI run once timed out on it after the panel had opened).
    await page.locator('.codelens-decoration', { hasText: 'get_weather' }).first().waitFor({ timeout: 20_000 }).catch(async (error: Error) => {
      const lenses = await page.locator('.codelens-decoration').allInnerTexts();
      throw new Error(`${error.message}\nCodeLens on the page: ${JSON.stringify(lenses)}`);
    });
    await page.keyboard.press('Control+Shift+M'); // the Problems panel
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Unknown tool_call_id' }).first().waitFor({ timeout: 10_000 });
    const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    assert.ok(problems.some((p) => p.includes('"output" must be a string')), problems.join('\n'));
    await workbench.screenshot('04-tool-outputs-diagnostics');

    // Right input, submitted with the CodeLens.
    await editor.click();
    await page.keyboard.press('Control+A');
    const good = JSON.stringify(
      {
        tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: c.function?.name === 'get_weather' ? '21 °C and sunny' : 'Order 42 shipped on Monday' })),
      },
    );
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(good);
    await page.locator('.codelens-decoration a', { hasText: /^\$?.*Submit tool outputs$/ }).first().waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-error').length === 0, undefined, { timeout: 10_000 });
    await workbench.screenshot('05-tool-outputs-ready');
    await page.locator('.codelens-decoration a', { hasText: 'Submit tool outputs' }).first().click();

    await waitForStatus(run.thread_id, run.id, 'completed');
    // The run's panel opens and follows the run: its tab title ends with the status.
    await page.locator('.tabs-container .tab', { hasText: `${run.id.slice(0, 12)}` }).filter({ hasText: 'completed' }).first().waitFor({ timeout: 20_000 });
    const panel = workbench.webview();
    const text = await panel.locator('body').innerText();
    assert.match(text, /21 °C and sunny/);
    await workbench.screenshot('06-panel-after-submit');
  });
});

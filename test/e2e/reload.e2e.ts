// A window reload loses nothing: the run panel comes back with the outputs typed into it,
// the tool-output draft editor and a response's continue document come back with their
// text, and the tree keeps the rows that were expanded. (Drafts are written 300 ms after
// typing pauses, which the palette's reload cannot beat; what is typed within that pause
// is written by the flush the host's shutdown awaits, tested in the integration suite.)
import * as assert from 'node:assert/strict';
import { createResponse, createThreadAndRun, waitForStatus, type WireRun } from './emulatorRuns';
import { ui } from './setup';

async function requiresActionRun(): Promise<WireRun> {
  const created = await createThreadAndRun('asst_tools', 'Reload test: weather in Oslo, order 7?');
  return waitForStatus(created.thread_id, created.id, 'requires_action');
}

describe('Window reload', () => {
  after(async () => {
    await ui().workbench.runCommand('View: Close All Editors').catch(() => undefined);
  });

  it('restores the run panel with its typed outputs, and the draft editor and the continue document with their text', async function () {
    // A whole window reload (two extension hosts, the workbench loaded twice) takes 40–60 s
    // on a loaded 2-core machine: more than the 60 s default left for the steps around it.
    this.timeout(150_000);
    const { workbench } = ui();
    const page = workbench.page;
    const run = await requiresActionRun();

    await workbench.openAgentRuns();
    await workbench.runCommand('Agent Runs: Refresh');
    await workbench.expand(workbench.row('Emulator (demo)'));
    // Expand the thread once its row shows its preview (the row is repainted when it arrives).
    const threadRow = workbench.row('Reload test: weather in Oslo');
    await threadRow.waitFor({ timeout: 20_000 });
    await workbench.expand(threadRow);
    const runRow = workbench.row(run.id.slice(0, 12));

    // The panel, with an output typed into its first box.
    await runRow.click();
    const panelTab = page.locator('.tabs-container .tab', { hasText: run.id.slice(0, 12) }).filter({ hasNotText: 'tool-outputs' }).first();
    await panelTab.waitFor({ timeout: 20_000 });
    const box = workbench.webview().locator('textarea.output').first();
    await box.waitFor({ timeout: 20_000 });
    await box.fill('{"temp_c": -3, "typed": "before reload"}');

    // The draft editor, with a typed output.
    const draftTab = page.locator('.tabs-container .tab', { hasText: `${run.id}.tool-outputs.json` }).first();
    await runRow.hover();
    await runRow.locator('.action-label[aria-label^="Answer Tool Calls"]').click();
    await draftTab.waitFor({ timeout: 10_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{ "tool_outputs": [ { "tool_call_id": "call_x", "output": "draft typed before reload" } ] }');
    await page.locator('.editor-instance .view-lines', { hasText: 'draft typed before reload' }).first().waitFor({ timeout: 5_000 });

    // A response's continue document, typed in just as last.
    const response = await createResponse({ model: 'tools', input: 'Reload test: weather in Tromsø? Order 5151?' });
    // Below the thread opened above: scrolled to, as the tree draws only the rows in view.
    const responses = await workbench.revealRow('Responses');
    await workbench.expand(responses);
    await workbench.runCommand('Agent Runs: Refresh');
    // Scrolled to: the tree draws only the rows in view, and other suites leave many above it.
    const responseRow = await workbench.revealRow(response.id);
    const continueTab = page.locator('.tabs-container .tab', { hasText: `${response.id}.continue.json` }).first();
    await workbench.rowAction(responseRow, 'Answer and Continue', 'Answer and Continue…', continueTab);
    await page.locator('.codelens-decoration', { hasText: 'Continue response' }).first().waitFor({ timeout: 20_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    const call = response.output.find((i) => i.type === 'function_call')!;
    await page.keyboard.insertText(JSON.stringify({ input: [{ type: 'function_call_output', call_id: call.call_id, output: 'continue typed before reload' }], model: 'tools', previous_response_id: response.id }));
    await page.locator('.editor-instance .view-lines', { hasText: 'continue typed before reload' }).first().waitFor({ timeout: 5_000 });
    // Rows are found by text: fold the responses away so the thread's row is in view after the reload.
    await workbench.scrollTreeToTop();
    await responses.locator('.monaco-tl-twistie').click();
    // As soon as the palette allows: the reload.
    await workbench.screenshot('07-before-reload');

    // As a user does it: an orderly reload that saves the open editors.
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), workbench.runCommand('Developer: Reload Window')]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    await draftTab.waitFor({ timeout: 60_000 });
    await panelTab.waitFor({ timeout: 60_000 });
    await draftTab.click();
    await page.locator('.editor-instance .view-lines', { hasText: 'draft typed before reload' }).first().waitFor({ timeout: 30_000 });
    await continueTab.waitFor({ timeout: 60_000 });
    await continueTab.click();
    await page.locator('.editor-instance .view-lines', { hasText: 'continue typed before reload' }).first().waitFor({ timeout: 30_000 });
    // Still the response's document: its CodeLens comes back with the extension.
    await page.locator('.codelens-decoration', { hasText: 'Continue response' }).first().waitFor({ timeout: 30_000 });

    await panelTab.click();
    const restored = workbench.webview().locator('textarea.output').first();
    await restored.waitFor({ timeout: 30_000 });
    const deadline = Date.now() + 15_000;
    while ((await restored.inputValue()) !== '{"temp_c": -3, "typed": "before reload"}' && Date.now() < deadline) await page.waitForTimeout(200);
    assert.equal(await restored.inputValue(), '{"temp_c": -3, "typed": "before reload"}');
    const text = await workbench.webview().locator('body').innerText();
    assert.match(text, /requires[_ ]action/i);
    await workbench.screenshot('08-after-reload');

    // The tree comes back as it was left: the thread expanded before the reload still is.
    await workbench.openAgentRuns();
    const threadAgain = workbench.row('Reload test: weather in Oslo');
    await threadAgain.waitFor({ timeout: 30_000 });
    const until = Date.now() + 15_000;
    while ((await threadAgain.getAttribute('aria-expanded')) !== 'true' && Date.now() < until) await page.waitForTimeout(200);
    assert.equal(await threadAgain.getAttribute('aria-expanded'), 'true', 'the thread expanded before the reload is collapsed after it');
    await workbench.row(run.id).waitFor({ timeout: 15_000 });
  });
});

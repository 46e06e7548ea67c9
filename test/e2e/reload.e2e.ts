// A window reload loses nothing: the run panel comes back with the outputs typed into it,
// and the tool-output draft editor comes back with its text, even when the reload comes
// right after the last keystroke (the draft is written when the extension host shuts down),
// and the tree keeps the rows that were expanded.
import * as assert from 'node:assert/strict';
import { createThreadAndRun, waitForStatus, type WireRun } from './emulatorRuns';
import { ui } from './setup';

async function requiresActionRun(): Promise<WireRun> {
  const created = await createThreadAndRun('asst_tools', 'Reload test: weather in Oslo, order 7?');
  return waitForStatus(created.thread_id, created.id, 'requires_action');
}

describe('Window reload', () => {
  after(async () => {
    await ui().workbench.runCommand('View: Close All Editors').catch(() => undefined);
  });

  it('restores the run panel with its typed outputs and the draft editor with its text', async function () {
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
    // No pause before the reload: what was typed last is written as the extension host shuts down.
    await workbench.screenshot('07-before-reload');

    // As a user does it: an orderly reload that saves the open editors.
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), workbench.runCommand('Developer: Reload Window')]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    await draftTab.waitFor({ timeout: 60_000 });
    await panelTab.waitFor({ timeout: 60_000 });
    await draftTab.click();
    await page.locator('.editor-instance .view-lines', { hasText: 'draft typed before reload' }).first().waitFor({ timeout: 30_000 });

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

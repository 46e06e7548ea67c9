// Compare with… as a user does it: "Compare with…" from a response row's context menu,
// the other response picked, and VS Code's diff editor showing what changed
// in behaviour (the tool output and the answer quoting it), ids and times kept in the
// header; then the left side's panel with both summaries side by side. Screenshots:
// 17-compare, 20-compare-panel.
import * as assert from 'node:assert/strict';
import { createResponse } from './emulatorRuns';
import { ui } from './setup';

/** A response that called two tools, continued with these outputs. */
async function answered(weather: string): Promise<string> {
  const first = await createResponse({ model: 'tools', input: 'Compare test: weather in Lisbon? And order 3131?' });
  const calls = first.output.filter((i) => i.type === 'function_call');
  const outputs = [weather, 'Order 3131 left on Monday'];
  const next = await createResponse({ model: 'tools', previous_response_id: first.id, input: calls.map((c, i) => ({ type: 'function_call_output', call_id: c.call_id, output: outputs[i] })) });
  return next.id;
}

describe('Compare with…', () => {
  after(async () => {
    const { workbench } = ui();
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    await workbench.showThreadsAgain();
  });

  it('compares a response with another in the diff editor: the changed output and the answer quoting it', async function () {
    this.timeout(120_000);
    const { workbench } = ui();
    const page = workbench.page;
    const a = await answered('18 °C and sunny');
    const b = await answered('11 °C and fog');

    await workbench.showResponses();
    const rowA = workbench.row(a);
    const rowB = workbench.row(b);
    await rowA.waitFor({ timeout: 20_000 });
    await rowB.waitFor({ timeout: 20_000 });
    // The row's context menu, then the other response from the picker. A row repainted by
    // the refresh while the menu opened hands the command no row (VS Code drops a stale
    // element), and the command then asks for the first one too: open the menu again.
    const input = workbench.quickInput().locator('input');
    const expected = `Compare ${b} with…`;
    for (let attempt = 0; attempt < 3; attempt++) {
      await workbench.contextMenu(rowB, 'Compare with…');
      await input.waitFor();
      if ((await input.getAttribute('placeholder')) === expected) break;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
    assert.equal(await input.getAttribute('placeholder'), expected);
    await page.keyboard.type(a);
    await workbench.quickInput().locator('.monaco-list-row', { hasText: a }).first().waitFor();
    await page.keyboard.press('Enter');
    const tab = page.locator('.tabs-container .tab', { hasText: '(compare)' }).first();
    await tab.waitFor({ timeout: 20_000 });
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 20_000 });
    // The changed lines: the output where the call shows it, and the answer quoting it.
    await diff.locator('.line-insert, .char-insert').first().waitFor({ timeout: 20_000 });
    // The first change is the header (ids and times); the next ones are behaviour.
    const changed = diff.locator('.view-line', { hasText: '11 °C and fog' }).first();
    for (let i = 0; i < 4 && !(await changed.isVisible()); i++) {
      await workbench.runCommand('Go to Next Change');
      await page.waitForTimeout(300);
    }
    await changed.waitFor({ timeout: 5_000 });
    await diff.locator('.view-line', { hasText: '18 °C and sunny' }).first().waitFor({ timeout: 5_000 });
    await workbench.screenshot('17-compare');
    const text = (await diff.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /output for call#1|get_weather returned/);

    // The diff editor's title bar opens the left side's panel with both summaries side by side.
    await page.locator('.editor-actions .action-label[aria-label^="Open Comparison in Panel"]').first().click();
    const table = workbench.webview().locator('table.comparison');
    await table.waitFor({ timeout: 30_000 });
    const summary = (await table.innerText()).replace(/\s+/g, ' ');
    assert.match(summary, new RegExp(`This one ${b}.*Compared with ${a}`));
    assert.match(summary, /model tools tools/);
    await table.scrollIntoViewIfNeeded();
    await workbench.screenshot('20-compare-panel');
  });
});

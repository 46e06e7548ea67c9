// Fork from Here as a user does it: "Fork from Here…" on a response row, the fork document
// (the request, with its CodeLens), the modal question, the fork's panel with the
// original's tool results replayed and marked, and "Compare with Original" from the
// notification. Screenshots: 18-fork-document, 19-fork-panel.
import * as assert from 'node:assert/strict';
import { createResponse } from './emulatorRuns';
import { ui } from './setup';

describe('Fork from Here', () => {
  after(async () => {
    const { workbench } = ui();
    await workbench.page.keyboard.press('Escape').catch(() => undefined);
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.showThreadsAgain();
  });

  it('forks a response from its row: the document, the question, the replayed outputs marked, and Compare', async function () {
    this.timeout(180_000);
    const { workbench } = ui();
    const page = workbench.page;
    const first = await createResponse({ model: 'tools', input: 'Fork test: weather in Tromsø? And order 5150?' });
    const calls = first.output.filter((i) => i.type === 'function_call');
    const outputs = ['Minus 4 °C and snow', 'Order 5150 left on Tuesday'];
    await createResponse({ model: 'tools', previous_response_id: first.id, input: calls.map((c, i) => ({ type: 'function_call_output', call_id: c.call_id, output: outputs[i] })) });

    await workbench.showResponses();
    const row = await workbench.revealRow(first.id);

    // The row's context menu; a row repainted while the menu opened hands the command no
    // row, and it then asks which one to fork: open the menu again.
    const tab = page.locator('.tabs-container .tab', { hasText: 'start.response-fork.json' }).first();
    for (let attempt = 0; attempt < 3 && !(await tab.isVisible()); attempt++) {
      await workbench.contextMenu(row, 'Fork from Here…');
      await tab.waitFor({ timeout: 10_000 }).catch(() => page.keyboard.press('Escape'));
    }
    await tab.waitFor({ timeout: 10_000 });

    // The document: the request it sends, the replay toggle, and where it comes from.
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const send = page.locator('.codelens-decoration a', { hasText: /^\s*Fork$/ }).first();
    await send.waitFor({ timeout: 20_000 });
    await page.locator('.codelens-decoration', { hasText: `from the start of ${first.id}` }).first().waitFor();
    const shown = (await editor.innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /"replay_tool_results": true/);
    assert.match(shown, /"model": "tools"/);
    assert.match(shown, new RegExp(`"agent_runs_forked_from": "${first.id}"`));
    await workbench.screenshot('18-fork-document');

    await send.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, new RegExp(`Fork ${first.id}\\?`));
    assert.match(question, /This creates a new response on "Emulator \(demo\)" with model tools, starting with 1 item\(s\)\. It costs tokens\./);
    assert.match(question, /Matching tool calls are answered with the original's outputs; each answer is a new response, at most 20/);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Fork$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The fork's panel: its calls answered by the replay, with the original's outputs, marked.
    await tab.waitFor({ state: 'hidden', timeout: 20_000 });
    const panel = workbench.webview();
    const replayed = panel.locator('.replayed');
    for (let i = 0; i < 20 && (await replayed.count()) < 2; i++) {
      await page.waitForTimeout(1000);
      if (i % 4 === 3) await panel.locator('[data-focus="hdr:refresh"]').click();
    }
    assert.equal(await replayed.count(), 2, 'both outputs marked as replayed');
    const body = (await panel.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(body, /Minus 4 °C and snow/);
    await replayed.first().scrollIntoViewIfNeeded();
    await workbench.screenshot('19-fork-panel');

    // When it ends, Compare with the original is one click away.
    const compare = page.locator('.notifications-toasts .monaco-button', { hasText: 'Compare with Original' }).first();
    await compare.waitFor({ timeout: 30_000 });
    await compare.click();
    await page.locator('.tabs-container .tab', { hasText: '(compare)' }).first().waitFor({ timeout: 20_000 });
  });
});

// The run panel and the draft editor as one draft, as a user walks it: outputs typed in
// the panel's boxes open in the editor, what is typed in the editor comes back to the
// boxes, an empty output is only sent after a question, and the tree's Refresh leaves
// an open panel's steps and messages in place. Screenshots in dark and light, wide and
// narrow (JSON opened beside the panel).
import * as assert from 'node:assert/strict';
import { DEMO } from '../emulator/demoIds';
import { createThreadAndRun, waitForStatus, type WireRun } from './emulatorRuns';
import { ui } from './setup';

/** Polls a condition in the workbench (the webview sits in nested frames, out of waitForFunction's reach). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openPanelOf(run: WireRun): Promise<void> {
  const { workbench } = ui();
  await workbench.openAgentRuns();
  await workbench.runCommand('Agent Runs: Refresh');
  await workbench.expand(workbench.row('Emulator (demo)'));
  await workbench.expand(workbench.row(run.thread_id.slice(0, 12)));
  await workbench.contextMenu(workbench.row(run.id.slice(0, 12)), 'Open Run');
  await workbench.webview().locator('textarea.output').first().waitFor({ timeout: 20_000 });
}

describe('Run panel and draft editor', function () {
  // Several tree, editor and webview round trips per test on a shared, busy machine.
  this.timeout(180_000);
  after(async () => {
    await ui().workbench.setColorTheme('Dark Modern', 'dark').catch(() => undefined);
  });

  it('share one draft: boxes → "Open in editor" → editor → boxes; an empty output asks first', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const created = await createThreadAndRun('asst_tools', 'Weather in Paris? And where is order 42?');
    const run = await waitForStatus(created.thread_id, created.id, 'requires_action');
    const calls = run.required_action?.submit_tool_outputs?.tool_calls ?? [];
    assert.equal(calls.length, 2);
    await openPanelOf(run);
    const panel = workbench.webview();
    const boxes = panel.locator('textarea.output');
    await boxes.nth(0).fill('21 °C typed in the panel');
    await panel.getByRole('button', { name: 'Open in editor' }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: `${run.id}.tool-outputs.json` }).first();
    await tab.waitFor({ timeout: 15_000 });
    const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await lines.getByText('21 °C typed in the panel').waitFor({ timeout: 10_000 });
    await workbench.screenshot('10-draft-from-panel-boxes');

    // Typed in the editor: the panel's second box shows it.
    await page.locator('.editor-instance .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // One line: the editor's auto-indent and bracket closing would change typed-in pretty JSON.
    await page.keyboard.insertText(JSON.stringify({ tool_outputs: [{ tool_call_id: calls[0]!.id, output: '' }, { tool_call_id: calls[1]!.id, output: 'shipped, typed in the editor' }] }));
    // The empty output is a warning in the draft.
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 10_000 });
    await page.locator('.tabs-container .tab', { hasText: run.id.slice(0, 8) }).filter({ hasNotText: 'tool-outputs' }).first().click();
    await panel.locator('textarea.output').nth(1).waitFor();
    await until('the box to show the editor text', async () => (await boxes.nth(1).inputValue()) === 'shipped, typed in the editor');
    assert.equal(await boxes.nth(0).inputValue(), '');

    // Submit all with an empty box: a question naming the call, and nothing sent on Cancel.
    await panel.getByRole('button', { name: 'Submit all' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const question = await dialog.innerText();
    assert.match(question, /Send an empty output for 1 tool call\?/);
    assert.ok(question.includes(calls[0]!.id), question);
    await workbench.screenshot('11-empty-output-question');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await waitForStatus(run.thread_id, run.id, 'requires_action')).status, 'requires_action');
  });

  it("keeps an active run's steps and messages through the tree's Refresh", async () => {
    const { workbench } = ui();
    const created = await createThreadAndRun('asst_tools', 'Weather in Paris? And where is order 42?');
    const run = await waitForStatus(created.thread_id, created.id, 'requires_action');
    await openPanelOf(run);
    const panel = workbench.webview();
    const stepsCount = panel.locator('#section-steps .count');
    await panel.locator('#section-steps .step').first().waitFor({ timeout: 10_000 });
    const before = await stepsCount.innerText();
    assert.notEqual(before, '0');
    await workbench.runCommand('Agent Runs: Refresh');
    // The tree lists the thread again once the refresh went through.
    await workbench.expand(workbench.row(run.thread_id.slice(0, 12)));
    await workbench.row(run.id.slice(0, 12)).waitFor({ timeout: 15_000 });
    assert.equal(await stepsCount.innerText(), before);
    assert.equal(await panel.locator('#section-steps .step').count() > 0, true);
    assert.doesNotMatch(await panel.locator('body').innerText(), /No steps yet/);
  });

  for (const [theme, kind] of [['Dark Modern', 'dark'], ['Light Modern', 'light']] as const) {
    it(`shows the code run's image and keeps step pills in their cards beside a JSON tab (${kind})`, async () => {
      const { workbench } = ui();
      // The session starts dark; picking the theme it already has can find no list row.
      if (kind === 'light') await workbench.setColorTheme(theme, kind);
      else await workbench.setColorTheme(theme, kind).catch(() => undefined);
      await workbench.openAgentRuns();
      await workbench.expand(workbench.row('Emulator (demo)'));
      await workbench.expand(workbench.row(DEMO.threads.mixed.slice(0, 16)));
      await workbench.contextMenu(workbench.row(DEMO.runs.code.slice(0, 12)), 'Open Run');
      const panel = workbench.webview();
      await panel.locator('#section-steps .step').first().waitFor({ timeout: 20_000 });
      await panel.locator('details.step').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const img = panel.locator('.image-file img.file-image');
      await img.waitFor({ timeout: 15_000 }).catch(async (error: Error) => {
        const slots = await panel.locator('.image-file').allInnerTexts();
        throw new Error(`no image shown; image slots: ${JSON.stringify(slots)} (${error.message.split('\n')[0]})`);
      });
      assert.ok((await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)) > 0, 'the image did not load');
      await workbench.screenshot(`12-code-image-${kind}`);
      // JSON beside the panel: the panel is narrow.
      await panel.locator('[data-focus="hdr:json"]').click();
      await workbench.page.locator('.tabs-container .tab', { hasText: '.json' }).first().waitFor({ timeout: 10_000 });
      await until('the panel to be narrow', async () => (await panel.locator('body').evaluate((b) => b.clientWidth)) < 700);
      const outside = await panel.locator('details.step').evaluateAll((steps) =>
        steps.filter((step) => {
          const card = step.getBoundingClientRect();
          const pill = step.querySelector(':scope > summary > .badge')!.getBoundingClientRect();
          return pill.right > card.right + 0.5;
        }).length,
      );
      assert.equal(outside, 0);
      await workbench.screenshot(`13-narrow-panel-${kind}`);
      await workbench.runCommand('View: Close All Editors');
    });
  }
});

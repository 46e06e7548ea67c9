// Conversations and responses in the tree as a user sees them, in a dark and a light
// theme: the groups beside Threads, a conversation's responses and items, a response's
// output items, and calls that wait for an answer.
import * as assert from 'node:assert/strict';
import { DEMO_RESPONSES as D } from '../emulator/demoIds';
import { createResponse } from './emulatorRuns';
import { ui } from './setup';

describe('Conversations and responses in the tree', () => {
  after(async () => {
    const { workbench } = ui();
    await workbench.setColorTheme('Dark Modern', 'dark').catch(() => undefined);
    // Leave the tree as the other suites expect it: Threads open, the new groups folded.
    await workbench.page.mouse.move(0, 0);
    await workbench.resetTree();
  });

  it('shows a conversation down to its items and a response awaiting outputs, in dark and light themes', async () => {
    const { workbench } = ui();
    await workbench.openAgentRuns();
    await workbench.expand(workbench.row('Emulator (demo)'));
    // Threads stay open by default; fold them to make room, as a user would.
    const threads = workbench.row('Threads');
    await threads.waitFor();
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    await workbench.expand(workbench.row('Conversations'));
    const conversation = workbench.row('Plan a weekend in Lisbon');
    await workbench.expand(conversation);
    const response = workbench.row('Day 1: Alfama');
    await workbench.expand(response);
    await workbench.row('Reasoning').waitFor();
    // The rows above the responses, read before the Responses group (longer than a screen) opens.
    const upper = await workbench.rowTexts();
    await workbench.expand(workbench.row('Responses'));
    await workbench.expand(await workbench.revealRow(D.responses.pendingFunctionCall));
    // The pending call's own row (other suites leave responses whose texts name get_weather),
    // scrolled to: the tree draws only the rows in view.
    await workbench.revealRow('{"city":"Lisbon"}');
    await workbench.page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => /^get_weather.*awaiting output/.test(r.innerText.replace(/\s+/g, ' '))),
    );
    const rows = [...upper, ...(await workbench.rowTexts())];
    const at = (pattern: RegExp) => rows.find((r) => pattern.test(r));
    assert.ok(at(/^Conversations$/) && at(/^Responses$/) && at(/^Threads$/), rows.join('\n'));
    assert.match(at(/^Plan a weekend in Lisbon/) ?? '', new RegExp(`Plan a weekend in Lisbon\\s*${D.conversations.support}`));
    assert.match(at(/^Day 1: Alfama/) ?? '', new RegExp(`completed · .* · ${D.responses.inConversation}`));
    assert.match(at(/^Reasoning/) ?? '', /^Reasoning\s*\*\*Planning\*\*/);
    // The Items row counts what is loaded (the first page is read with the conversation).
    assert.match(at(/^Items/) ?? '', /^Items\s*3$/);
    assert.ok(rows.some((r) => /^get_weather\s*\{"city":"Lisbon"\} → awaiting output$/.test(r)), rows.join('\n'));
    for (const row of rows) assert.doesNotMatch(row, /undefined|NaN|Invalid Date/, row);

    await workbench.setSideBarWidth(620);
    await workbench.screenshot('responses-tree-dark');
    await workbench.setColorTheme('Light Modern', 'light');
    await workbench.screenshot('responses-tree-light');
    await workbench.setSideBarWidth(300);
    await workbench.screenshot('responses-tree-light-narrow');
  });

  it('offers Cancel Response inline only on a running background response', async () => {
    const { workbench } = ui();
    // Other suites' responses come first in the list: scroll to it as a user would.
    const running = await workbench.revealRow(D.responses.inProgress);
    await running.hover();
    const actions = await running.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(actions.some((a) => a.startsWith('Cancel Response')), `inline actions: ${actions.join(', ')}`);
    const done = await workbench.revealRow('The workflow ran.');
    await done.hover();
    const none = await done.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(!none.some((a) => a.startsWith('Cancel Response')), `a completed response offers: ${none.join(', ')}`);
  });

  it('opens a response in its panel from its row: header, timeline, every item kind, the cited chart explained (found by Search), Collapse and Expand all', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    await (await workbench.revealRow('Here is the chart')).click();
    const panel = workbench.webview();
    await panel.locator('.response-header').getByText(D.responses.everyKind.slice(0, 16)).first().waitFor({ timeout: 20_000 });
    const body = panel.locator('body');
    // Folded, every item's summary is in view (the list draws only what is near it).
    const bar = panel.locator('.section-output .expand-bar');
    await bar.getByRole('button', { name: 'Collapse all' }).click();
    await panel.locator('.section-output details.item[data-item-index="6"]:not([open])').waitFor({ timeout: 10_000 });
    const text = (await body.innerText()).replace(/\s+/g, ' ');
    for (const expected of ['completed', 'Timeline', 'Items carry no times in the Responses API', 'code interpreter', 'web search', 'file search', 'image generation']) {
      assert.ok(text.includes(expected), `the panel does not show "${expected}"`);
    }
    assert.doesNotMatch(text, /undefined|NaN|Invalid Date/);
    await bar.getByRole('button', { name: 'Expand all' }).click();
    await bar.getByText('6 items open.').waitFor({ timeout: 10_000 });
    // Search finds the message that cites the chart and brings it into view, open: the chart
    // is in a container this Foundry project does not serve, which is said, not fetched.
    await panel.locator('.search-bar input').fill('chart.png');
    await panel.locator('.search-bar [role="status"]').getByText(/^1 of \d+ · output #\d+ message/).waitFor({ timeout: 10_000 });
    await body.getByText('container file citation').first().waitFor({ timeout: 10_000 });
    await body.getByText('A Foundry project does not serve the files code interpreter wrote').waitFor({ timeout: 10_000 });
    await workbench.screenshot('response-panel-every-kind');
    await workbench.runCommand('View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  });

  it('follows a new background response live in its row, and cancels it from the row after the modal question', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const rowSays = (id: string, pattern: RegExp) =>
      page.waitForFunction(
        ([id, source]) => [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => r.innerText.includes(id) && new RegExp(source).test(r.innerText)),
        [id, pattern.source] as const,
        { timeout: 20_000 },
      );
    const elsewhere = await createResponse({ model: 'slow', background: true, input: 'Cancelled by another app.' });
    const created = await createResponse({ model: 'slow', background: true, input: 'Take your time.' });
    assert.equal(created.status, 'queued');
    // The conversation opened above pushes the Responses group off the screen (the tree
    // draws only what is on it): fold Conversations, so the new responses, listed first in
    // Responses, are in view and not under the sticky group rows.
    await workbench.scrollTreeToTop();
    const conversations = workbench.row('Conversations');
    if ((await conversations.getAttribute('aria-expanded').catch(() => null)) === 'true') await conversations.locator('.monaco-tl-twistie').click();
    // The project lists responses: a refresh lists the new ones; from then on their rows follow them alone.
    await workbench.runCommand('Agent Runs: Refresh');
    // The refresh may bring the row selected by the last test back into view: look for the new ones.
    const row = await workbench.revealRow(created.id, 20_000);
    await workbench.revealRow(elsewhere.id, 10_000);
    // Listed first in Responses, near the top once Conversations is folded: scrolled there,
    // no sticky row or the view's title covers them when the pointer goes to them.
    await workbench.scrollTreeToTop();
    await row.waitFor();
    // Cancelled by someone else: only the live scheduler's polls can show it.
    await rowSays(elsewhere.id, /in progress|queued/);
    const res = await fetch(`${ui().session.emulator.origin}/api/projects/demo/openai/v1/responses/${elsewhere.id}/cancel`, { method: 'POST' });
    assert.equal(res.status, 200);
    await rowSays(elsewhere.id, /cancelled/);
    const text = async () => (await row.innerText()).replace(/\s+/g, ' ');
    await rowSays(created.id, /in progress/);
    assert.doesNotMatch(await text(), /undefined|NaN|Invalid Date/);
    // The tree keeps the row an earlier test selected in view as rows change: it may have
    // scrolled, leaving this row under the sticky group rows. Back at the top, it is clear.
    for (let attempt = 0; ; attempt++) {
      await workbench.scrollTreeToTop();
      try {
        await row.hover({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await row.locator('.action-label[aria-label^="Cancel Response"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, new RegExp(`Cancel response ${created.id}\\?`));
    assert.match(question, /In progress, model slow\. The response is cancelled on the service/);
    await workbench.screenshot('responses-cancel-question');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Cancel Response$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowSays(created.id, /cancelled/);
    const status = await fetch(`${ui().session.emulator.origin}/api/projects/demo/openai/v1/responses/${created.id}`).then((r) => r.json() as Promise<{ status: string }>);
    assert.equal(status.status, 'cancelled');
  });
});

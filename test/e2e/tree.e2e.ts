// The expanded tree as a user sees it, in a dark and a light theme.
import * as assert from 'node:assert/strict';
import { DEMO } from '../emulator/demoIds';
import { ui } from './setup';

describe('Agent Runs tree, expanded', () => {
  after(async () => {
    await ui().workbench.setColorTheme('Dark Modern', 'dark').catch(() => undefined);
  });

  it('shows a waiting run down to its tool calls, in dark and light themes', async () => {
    const { workbench } = ui();
    await workbench.openAgentRuns();
    await workbench.expand(workbench.row('Emulator (demo)'));
    await workbench.expand(workbench.row(DEMO.threads.mixed));
    const run = workbench.row(DEMO.runs.requiresAction);
    await workbench.expand(run);
    await workbench.row('get_weather').waitFor();

    const rows = await workbench.rowTexts();
    const runRow = rows.find((r) => r.includes(DEMO.runs.requiresAction));
    assert.ok(runRow, `no requires_action run row; rows:\n${rows.join('\n')}`);
    // The whole run id: the side bar cuts it to its width, not at 16 characters.
    assert.match(runRow, /run_demoRequiresAction0+\s*requires_action · \S+/);
    for (const status of ['completed', 'failed', 'incomplete', 'cancelled', 'expired']) {
      assert.ok(rows.some((r) => /^run_/.test(r) && r.includes(`${status} · `)), `no ${status} run row; rows:\n${rows.join('\n')}`);
    }
    const step = rows.find((r) => r.startsWith('Tool calls'));
    assert.match(step ?? '', /^Tool calls\s*2 calls · in_progress/);
    const weather = rows.find((r) => r.startsWith('get_weather'));
    assert.match(weather ?? '', /^get_weather\s*\{.*\} → awaiting output$/);
    assert.ok(rows.some((r) => r.startsWith('Messages')), 'a Messages row');

    await workbench.setSideBarWidth(620);
    await workbench.screenshot('tree-expanded-dark');
    await workbench.setColorTheme('Light Modern', 'light');
    await workbench.screenshot('tree-expanded-light');
    await workbench.setSideBarWidth(300);
    await workbench.screenshot('tree-expanded-light-narrow');
  });

  it('offers Answer and Cancel inline on the waiting run only', async () => {
    const { workbench } = ui();
    const run = workbench.row(DEMO.runs.requiresAction);
    await run.hover();
    const actions = await run.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(actions.some((a) => a.startsWith('Answer Tool Calls')), `inline actions: ${actions.join(', ')}`);
    assert.ok(actions.some((a) => a.startsWith('Cancel Run')), `inline actions: ${actions.join(', ')}`);
    const completed = workbench.row('completed · ');
    await completed.hover();
    const done = await completed.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(!done.some((a) => a.startsWith('Cancel Run') || a.startsWith('Answer Tool Calls')), `completed run offers: ${done.join(', ')}`);
  });

  it('asks before cancelling with "Cancel Run" and "Keep Running", not two cancels', async () => {
    const { workbench } = ui();
    const run = workbench.row(DEMO.runs.requiresAction);
    await run.hover();
    await run.locator('.action-label[aria-label^="Cancel Run"]').click();
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const buttons = await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts();
    assert.deepEqual(buttons.map((b) => b.trim()).sort(), ['Cancel Run', 'Keep Running'], `buttons: ${buttons.join(' | ')}`);
    await workbench.screenshot('tree-cancel-confirm-light');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Keep Running' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await workbench.row(DEMO.runs.requiresAction).waitFor();
  });

  it('confirms Remove Thread, says the thread is hidden, and Show Hidden Threads lists it again', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const thread = workbench.row(DEMO.threads.unicode);
    await workbench.contextMenu(thread, 'Remove Thread from List');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(`Remove ${DEMO.threads.unicode} from the list\\?[\\s\\S]*only hidden here`));
    await workbench.screenshot('tree-remove-thread-confirm');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Remove from List' }).click();
    await thread.waitFor({ state: 'detached' });
    await page.locator('.notifications-toasts .notification-list-item', { hasText: `${DEMO.threads.unicode} is hidden from the list.` }).first().waitFor();

    await workbench.contextMenu(workbench.row('Emulator (demo)'), 'Show Hidden Threads…');
    const quickInput = workbench.quickInput();
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: DEMO.threads.unicode }).first().waitFor();
    await page.keyboard.press('Enter');
    await workbench.row(DEMO.threads.unicode).waitFor({ timeout: 20_000 });
  });
});

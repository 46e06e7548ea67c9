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
    const run = workbench.row('requires_action');
    await workbench.expand(run);
    await workbench.row('get_weather').waitFor();

    const rows = await workbench.rowTexts();
    const runRow = rows.find((r) => r.includes('requires_action'));
    assert.ok(runRow, `no requires_action run row; rows:\n${rows.join('\n')}`);
    assert.match(runRow, /run_demoRequire\S*…\s*requires_action · \S+/);
    for (const status of ['completed', 'failed', 'incomplete', 'cancelled', 'expired']) {
      assert.ok(rows.some((r) => /^run_/.test(r) && r.includes(`${status} · `)), `no ${status} run row; rows:\n${rows.join('\n')}`);
    }
    const step = rows.find((r) => r.startsWith('tool_calls'));
    assert.match(step ?? '', /^tool_calls\s*2 calls · in_progress/);
    const weather = rows.find((r) => r.startsWith('get_weather'));
    assert.match(weather ?? '', /^get_weather\s*\{.*\} → awaiting output$/);
    assert.ok(rows.some((r) => r.startsWith('Messages')), 'a Messages row');

    await workbench.setSideBarWidth(620);
    await workbench.screenshot('tree-expanded-dark');
    await workbench.setColorTheme('Light Modern', 'light');
    await workbench.screenshot('tree-expanded-light');
  });

  it('offers Answer and Cancel inline on the waiting run only', async () => {
    const { workbench } = ui();
    const run = workbench.row('requires_action');
    await run.hover();
    const actions = await run.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(actions.some((a) => a.startsWith('Answer Tool Calls')), `inline actions: ${actions.join(', ')}`);
    assert.ok(actions.some((a) => a.startsWith('Cancel Run')), `inline actions: ${actions.join(', ')}`);
    const completed = workbench.row('completed · ');
    await completed.hover();
    const done = await completed.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(!done.some((a) => a.startsWith('Cancel Run') || a.startsWith('Answer Tool Calls')), `completed run offers: ${done.join(', ')}`);
  });
});

// Archives and migration as a user meets them: an export file in the workspace opened
// from the Explorer's context menu as a read-only archive, its thread and run in the tree
// and the panel (dark and light), an action that needs the service refused with a
// sentence, then Copy Thread to Conversation: the preview, the question, the result.
// Screenshots: 22-archive-tree, 22-archive-tree-light, 23-archive-refused,
// 24-migration-preview, 25-migration-done.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentsClient } from '../../src/api/client';
import type { Connection } from '../../src/api/connection';
import { createResponsesClient } from '../../src/api/responses/calls';
import { exportConversation } from '../../src/store/conversationExport';
import { threadBody } from '../../src/store/threadExport';
import { DEMO, DEMO_RESPONSES as D } from '../emulator/demoIds';
import { ui } from './setup';

const fileName = 'last-year.json';

describe('Archives and Copy Thread to Conversation', () => {
  before(async () => {
    const { session } = ui();
    // What Export Connection… writes, made here from the emulator: one thread and one conversation.
    const connection: Connection = { id: 'emu', name: 'Azure (classic)', kind: 'azure-agents', baseUrl: `${session.emulator.origin}/api/projects/demo`, auth: 'none' };
    const options = { connection, credential: async () => undefined, timeoutMs: 10_000 };
    const mixed = await threadBody(new AgentsClient(connection, options), DEMO.threads.mixed);
    const { conversation, items, responses, responses_from } = await exportConversation(createResponsesClient(connection, options), connection, D.conversations.support, { listsResponses: true, known: [] });
    const file = {
      format: 'agent-run-debugger/connection-export@1',
      exported_at: '2026-12-01T09:00:00.000Z',
      source: { connection: 'Azure (classic)', kind: 'azure-agents', base_url: null, api_version: 'v1' },
      threads: [mixed],
      conversations: [{ conversation, items, responses, responses_from }],
      responses: [],
    };
    fs.writeFileSync(path.join(session.profile.workspaceDir, fileName), JSON.stringify(file, null, 2));
  });

  after(async () => {
    const { workbench, session } = ui();
    await workbench.page.keyboard.press('Escape');
    await workbench.setColorTheme('Dark Modern', 'dark').catch(() => undefined);
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    await workbench.openAgentRuns();
    const archive = workbench.row('Archive · read only');
    if (await archive.isVisible().catch(() => false)) await workbench.contextMenu(archive, 'Remove Archive').catch(() => undefined);
    fs.rmSync(path.join(session.profile.workspaceDir, fileName), { force: true });
    await workbench.page.mouse.move(0, 0);
    await workbench.resetTree();
  });

  it('opens an export from the Explorer as a read-only archive and shows its run as online, in dark and light themes', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    await workbench.runCommand('View: Show Explorer');
    const file = workbench.row(fileName);
    await file.waitFor({ timeout: 20_000 });
    await workbench.contextMenu(file, 'Open Archive');
    const opened = page.locator('.notifications-toasts .notification-list-item', { hasText: `Opened archive "${fileName}"` }).first();
    await opened.waitFor({ timeout: 20_000 });
    assert.match(await opened.innerText(), /1 threads, 1 conversations, \d+ responses, read only/);

    // The tree shows the archive, revealed and open. The demo connection holds the same
    // thread: fold it, so that every row below is the archive's.
    await workbench.openAgentRuns();
    await workbench.scrollTreeToTop();
    const demo = workbench.row('Emulator (demo)');
    if ((await demo.getAttribute('aria-expanded')) === 'true') await demo.locator('.monaco-tl-twistie').click();
    const archive = workbench.row(fileName);
    await archive.waitFor({ timeout: 20_000 });
    assert.match(await archive.innerText(), /Archive · read only/);
    await workbench.expand(archive);
    await workbench.expand(await workbench.revealRow(DEMO.threads.mixed));
    const waiting = await workbench.revealRow(DEMO.runs.requiresAction);
    await waiting.click();
    const panel = workbench.webview();
    await panel.locator('body').getByText('get_weather').first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('22-archive-tree');
    await workbench.setColorTheme('Light Modern', 'light');
    await workbench.screenshot('22-archive-tree-light');
    await workbench.setColorTheme('Dark Modern', 'dark');
    await workbench.runCommand('View: Close All Editors');
  });

  it('offers no answer or cancel on its waiting run, and says that cancelling needs the live service', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const waiting = await workbench.revealRow(DEMO.runs.requiresAction);
    await waiting.hover();
    const inline = await waiting.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(!inline.some((a) => /^(Answer|Cancel)/.test(a)), `the archived run offers: ${inline.join(', ')}`);
    // The thread's own menu still has Cancel All Runs: it says why it cannot.
    await workbench.contextMenu(await workbench.revealRow(DEMO.threads.mixed), 'Cancel All Active Runs');
    const refused = page.locator('.notifications-toasts .notification-list-item', { hasText: 'is an archive, read only' }).first();
    await refused.waitFor({ timeout: 10_000 });
    assert.match((await refused.innerText()).replace(/\s+/g, ' '), new RegExp(`"${fileName.replace('.', '\\.')}" is an archive, read only: cancelling runs needs the live service`));
    await workbench.screenshot('23-archive-refused');
    await page.keyboard.press('Escape');
  });

  it('copies the archived thread into a new conversation: the preview and the question first, then the result', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    const threadRow = await workbench.revealRow(DEMO.threads.mixed);
    await workbench.contextMenu(threadRow, 'Copy Thread to Conversation');
    // Which connection: the demo project (it has Conversations).
    const pick = workbench.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'Emulator (demo)' }).first();
    await pick.waitFor();
    await pick.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, new RegExp(`Copy ${DEMO.threads.mixed} into a new conversation on Emulator \\(demo\\)\\?`));
    assert.match(question, /\d+ items in (1 request|\d+ requests), as the preview beside shows/);
    // The preview, rendered beside: what will be created and what cannot be carried.
    await page.locator('.tabs-container .tab', { hasText: `Copy ${DEMO.threads.mixed}` }).first().waitFor();
    const preview = workbench.webview();
    await preview.getByText('What cannot be carried').waitFor({ timeout: 20_000 });
    await workbench.screenshot('24-migration-preview');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Copy$/ }).click();
    const done = page.locator('.notifications-toasts .notification-list-item', { hasText: `Copied ${DEMO.threads.mixed} into conv_` }).first();
    await done.waitFor({ timeout: 30_000 });
    const text = (await done.innerText()).replace(/\s+/g, ' ');
    const conversationId = /into (conv_\w+)/.exec(text)?.[1];
    assert.ok(conversationId, text);
    // The new conversation is selected in the tree.
    await page.locator('.part.sidebar .monaco-list-row.selected', { hasText: conversationId }).waitFor({ timeout: 10_000 });
    await workbench.screenshot('25-migration-done');
    // Compare: what was planned against what the conversation holds.
    await done.hover();
    await done.locator('.monaco-button', { hasText: 'Compare' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: `${DEMO.threads.mixed} ↔ ${conversationId}` }).waitFor({ timeout: 20_000 });
    // The same items on both sides: the diff editor finds no change (given the time to compute one).
    const changes = page.locator('.monaco-diff-editor :is(.line-insert, .line-delete, .char-insert, .char-delete, .gutter-insert, .gutter-delete)');
    await changes.first().waitFor({ timeout: 3_000 }).catch(() => undefined);
    assert.equal(await changes.count(), 0, 'the copy differs from the plan');
    await workbench.screenshot('26-migration-compare');
    // The service holds what the preview said, with the thread named in the metadata.
    const base = `${ui().session.emulator.origin}/api/projects/demo/openai/v1`;
    const conversation = (await (await fetch(`${base}/conversations/${conversationId}`)).json()) as { metadata: Record<string, string> };
    assert.equal(conversation.metadata.agent_runs_copied_from_thread, DEMO.threads.mixed);
    const items = (await (await fetch(`${base}/conversations/${conversationId}/items?limit=100`)).json()) as { data: unknown[] };
    const planned = Number(/: (\d+) items/.exec(text)?.[1]);
    assert.equal(items.data.length, planned);
    await workbench.runCommand('View: Close All Editors');
  });
});

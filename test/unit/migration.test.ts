// Copy Thread to Conversation: the plan made from the demo seed's threads (items in the
// order things happened, answered calls as call + output, the rest as marked notes, what
// cannot be carried counted), and the copy into the emulator's conversations: item counts
// and order read back from the service; dropped connections, cut answers, 429s and 500s
// during the copy leave no duplicate; an interrupted copy resumes after the last item the
// service holds.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AgentsClient } from '../../src/api/client';
import type { Connection } from '../../src/api/connection';
import { createConversation, createResponsesClient, listConversationItems } from '../../src/api/responses/calls';
import type { ThreadBody } from '../../src/archive/archiveFormat';
import { contentKey, copiedPrefix, itemsText, MigrationConflict, migrationMetadata, migrationPreview, notePrefix, planMigration, type PlannedItem } from '../../src/model/migration';
import { copyIntoConversation } from '../../src/store/threadMigration';
import { ExportCancelled, threadBody } from '../../src/store/threadExport';
import { DEMO } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';

describe('Copy Thread to Conversation', () => {
  let emu: RunningEmulator;
  let connection: Connection;
  const body = (threadId: string): Promise<ThreadBody> => threadBody(new AgentsClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 }), threadId);
  const client = () => createResponsesClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 });
  const held = async (conversationId: string) => {
    const out: unknown[] = [];
    let after: string | undefined;
    do {
      const page = await listConversationItems(client(), conversationId, after);
      out.push(...page.items);
      after = page.hasMore ? page.nextAfter : undefined;
    } while (after);
    return out;
  };
  const noWait = async () => undefined;

  before(async () => {
    emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
    connection = { id: 'emu', name: 'Emulator', kind: 'azure-agents', baseUrl: emu.urls.azure, auth: 'none' };
  });
  after(async () => emu.close());
  beforeEach(() => {
    emu.emulator.faults.clear();
    emu.emulator.log.clear();
  });

  it('plans a thread as its items in order: messages, answered calls as call and output, the rest as marked notes', async () => {
    const source = await body(DEMO.threads.mixed);
    const plan = planMigration(source);
    assert.equal(plan.threadId, DEMO.threads.mixed);
    const users = source.messages.filter((m) => m.role === 'user' && m.content.some((c) => c.text?.value)).length;
    assert.equal(plan.counts.userMessages, users);
    // Every answered function call is a call followed at once by its output, with the same call_id.
    const many = await body(DEMO.threads.manyRuns);
    const manyPlan = planMigration(many);
    const calls = many.runs.flatMap((r) => r.steps.flatMap((s) => s.step_details.tool_calls ?? [])).filter((c) => c.type === 'function');
    const answered = calls.filter((c) => typeof c.function?.output === 'string');
    assert.ok(answered.length > 10, `${answered.length} of ${calls.length} calls answered in the demo`);
    assert.equal(manyPlan.counts.answeredCalls, answered.length);
    manyPlan.items.forEach((item, i) => {
      if (item.type === 'function_call') assert.deepEqual(manyPlan.items[i + 1], { type: 'function_call_output', call_id: item.call_id, output: answered.find((c) => c.id === item.call_id)!.function!.output });
      if (item.type === 'function_call_output') assert.equal((manyPlan.items[i - 1] as { call_id?: string }).call_id, item.call_id);
    });
    // The unanswered ones (the requires_action run's) are notes, clearly marked.
    const notes = plan.items.filter((i): i is Extract<PlannedItem, { role: 'assistant' }> => i.type === 'message' && i.role === 'assistant' && i.content.startsWith(notePrefix));
    assert.equal(notes.length, plan.counts.notes);
    assert.ok(notes.some((n) => /called get_weather\(.*\) and no output was ever submitted/.test(n.content)), notes.map((n) => n.content).join('\n'));
    assert.ok(plan.notCarried.some((n) => n.what.startsWith('run settings') && n.count === source.runs.length));
    // In time order: the first item is the thread's first user message.
    const first = source.messages.find((m) => m.role === 'user')!;
    assert.deepEqual(plan.items[0], { type: 'message', role: 'user', content: [{ type: 'input_text', text: first.content.find((c) => c.text?.value)!.text!.value }] });
    // The code run's steps are notes, and counted as not carried.
    const code = planMigration(await body(DEMO.threads.manyRuns));
    assert.ok(code.items.some((i) => i.type === 'message' && i.role === 'assistant' && i.content.startsWith(`${notePrefix} Code interpreter ran:`)));
    assert.ok(code.notCarried.some((n) => n.what === 'file search steps (copied as notes)'));
  });

  it('shows the plan as text: counts, what cannot be carried and why, the items; service text escaped', async () => {
    const source = await body(DEMO.threads.hostile);
    const plan = planMigration(source);
    const preview = migrationPreview(plan, { connection: 'Azure <b>classic</b>' }, { connection: 'Foundry' });
    assert.match(preview, new RegExp(`${plan.items.length} items, added in ${Math.ceil(plan.items.length / 20)} request`));
    assert.match(preview, /Azure \\<b\\>classic\\<\/b\\>/);
    assert.doesNotMatch(preview, /(^|[^\\])<(script|img)/im, 'service text as HTML');
    assert.match(preview, /\\<script/i, 'the hostile text is shown as text');
    assert.match(preview, /## What cannot be carried/);
  });

  it('copies the items into a new conversation in batches of at most 20, in order, and names the thread in its metadata', async () => {
    const plan = planMigration(await body(DEMO.threads.manyRuns));
    assert.ok(plan.items.length > 60, `${plan.items.length} items`);
    const metadata = migrationMetadata(DEMO.threads.manyRuns, 'Azure classic', new Date('2026-12-02T10:00:00Z'));
    const conversation = await createConversation(client(), metadata);
    assert.deepEqual(conversation.metadata, metadata);
    const progress: number[] = [];
    const result = await copyIntoConversation(client(), conversation.id, plan.items, { onProgress: (p) => progress.push(p.added), wait: noWait });
    assert.deepEqual(result, { added: plan.items.length, resumedAt: 0, recovered: 0 });
    const posts = emu.emulator.log.since(0).filter((r) => r.method === 'POST' && r.path.endsWith('/items'));
    assert.equal(posts.length, Math.ceil(plan.items.length / 20));
    const stored = await held(conversation.id);
    assert.deepEqual(stored.map(contentKey), plan.items.map(contentKey), 'the conversation holds the plan, in order');
    // Compare after a copy: the planned items and the stored ones read the same.
    assert.equal(itemsText(stored), itemsText(plan.items));
    assert.notEqual(itemsText(stored.slice(1)), itemsText(plan.items.slice(0, -1)), 'a shifted list reads differently');
    assert.equal(progress.at(-1), plan.items.length);
  });

  it('dropped connections, cut answers, 429s and 500s during the copy leave no duplicate and the copy completes', async () => {
    const plan = planMigration(await body(DEMO.threads.manyRuns));
    const conversation = await createConversation(client(), {});
    const items = `/conversations/${conversation.id}/items$`;
    // The second batch is taken, then its answer is cut: it must not be sent again.
    for (const kind of ['truncate', 'drop', '429', '500'] as const) emu.emulator.faults.add({ match: { method: 'POST', path: items }, kind, count: 1, probability: 1 });
    // Faults fire in the order added, one per request: batch 1 truncated (taken), batch 2 dropped, 429, 500.
    const result = await copyIntoConversation(client(), conversation.id, plan.items, { wait: noWait });
    assert.equal(result.recovered, 4);
    const stored = await held(conversation.id);
    assert.equal(stored.length, plan.items.length, 'an item was added twice or lost');
    assert.deepEqual(stored.map(contentKey), plan.items.map(contentKey));
  });

  it('an interrupted copy resumes after the last item the service holds; a conversation that holds other items is refused', async () => {
    const plan = planMigration(await body(DEMO.threads.manyRuns));
    const conversation = await createConversation(client(), {});
    let added = 0;
    await assert.rejects(
      copyIntoConversation(client(), conversation.id, plan.items, { isCancelled: () => added >= 20, onProgress: (p) => (added = p.added), wait: noWait }),
      ExportCancelled,
    );
    assert.equal((await held(conversation.id)).length, 20);
    emu.emulator.log.clear();
    const result = await copyIntoConversation(client(), conversation.id, plan.items, { wait: noWait });
    assert.equal(result.resumedAt, 20);
    assert.equal(result.added, plan.items.length - 20);
    assert.deepEqual((await held(conversation.id)).map(contentKey), plan.items.map(contentKey));

    const other = await createConversation(client(), {});
    await client().conversations.items.create(other.id, { items: [{ type: 'message', role: 'user', content: 'something else' }] });
    await assert.rejects(copyIntoConversation(client(), other.id, plan.items, { wait: noWait }), MigrationConflict);
    assert.equal((await held(other.id)).length, 1, 'items were added after items that are not the plan');
  });

  it('finds where a copy stands by content: equal items in order, anything else a conflict', () => {
    const plan: PlannedItem[] = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
      { type: 'message', role: 'assistant', content: 'Done.' },
    ];
    const stored = [
      { id: 'msg_1', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
      { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'f', arguments: '{}' },
      { id: 'fco_1', type: 'function_call_output', call_id: 'call_1', output: 'ok' },
      { id: 'msg_2', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Done.', annotations: [] }] },
    ];
    assert.equal(copiedPrefix(plan, []), 0);
    assert.equal(copiedPrefix(plan, stored.slice(0, 3)), 3);
    assert.equal(copiedPrefix(plan, stored), 4);
    assert.throws(() => copiedPrefix(plan, [stored[0], { ...stored[2], output: 'other' }]), MigrationConflict);
    assert.throws(() => copiedPrefix(plan.slice(0, 1), stored), MigrationConflict);
  });
});

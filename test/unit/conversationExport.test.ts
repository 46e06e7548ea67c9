// Exporting a whole conversation against the emulator: its items, and its responses with
// their input items, at the floor of requests; the responses listed by the service on a
// Foundry project, the known ones on OpenAI; nothing returned on a 404 or a cancel.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Connection } from '../../src/api/connection';
import { createResponsesClient, listConversationItems } from '../../src/api/responses/calls';
import { conversationExportFormat, exportConversation } from '../../src/store/conversationExport';
import { ExportCancelled } from '../../src/store/threadExport';
import { DEMO_RESPONSES as D } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';

describe('exportConversation against the emulator', () => {
  let emu: RunningEmulator;
  const connectionOf = (kind: Connection['kind'], baseUrl: string): Connection => ({ id: 'emu', name: 'Emulator', kind, baseUrl, auth: 'none' });
  const foundry = () => connectionOf('azure-agents', emu.urls.azure);
  const openai = () => connectionOf('openai-compatible', emu.urls.openai);
  const client = (connection: Connection) => createResponsesClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 });
  const gets = () => emu.emulator.log.since(0).filter((r) => r.method === 'GET');

  before(async () => {
    emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
  });
  after(async () => emu.close());
  beforeEach(() => {
    emu.emulator.reset('demo');
    emu.emulator.log.clear();
  });

  it('on a Foundry project: the conversation, every item, and the responses the service lists for it with their input items', async () => {
    const connection = foundry();
    const now = new Date('2026-12-01T10:00:00Z');
    const data = await exportConversation(client(connection), connection, D.conversations.support, { listsResponses: true, known: [], now: () => now });
    assert.equal(data.format, conversationExportFormat);
    assert.equal(data.exported_at, '2026-12-01T10:00:00.000Z');
    assert.deepEqual(data.source, { connection: 'Emulator', kind: 'azure-agents', base_url: emu.urls.azure });
    assert.equal(data.conversation.id, D.conversations.support);
    assert.equal(data.responses_from, 'service');
    const direct = await listConversationItems(client(connection), D.conversations.support);
    assert.deepEqual(data.items.map((i) => i.id), direct.items.map((i) => i.id));
    assert.deepEqual(data.responses.map((r) => r.response.id), [D.responses.inConversation]);
    assert.ok(data.responses[0]!.input_items.length > 0, 'no input items');
    // Listed responses are whole: none is read again.
    assert.deepEqual(gets().filter((r) => /\/responses\/resp_[^/]+$/.test(r.path)), []);
  });

  it('reads a 1,000-item conversation in 10 pages', async () => {
    const connection = foundry();
    const data = await exportConversation(client(connection), connection, D.conversations.big, { listsResponses: true, known: [] });
    assert.equal(data.items.length, D.counts.bigConversationItems);
    assert.equal(gets().filter((r) => r.path.endsWith(`/conversations/${D.conversations.big}/items`)).length, 10);
  });

  it('on OpenAI (no response list): the responses this window knows, each read fresh', async () => {
    const connection = openai();
    const data = await exportConversation(client(connection), connection, D.conversations.support, { listsResponses: false, known: [D.responses.inConversation, D.responses.inConversation] });
    assert.equal(data.responses_from, 'known');
    assert.deepEqual(data.responses.map((r) => r.response.id), [D.responses.inConversation]);
    assert.equal(gets().filter((r) => r.path === `/v1/responses/${D.responses.inConversation}`).length, 1);
    assert.deepEqual(gets().filter((r) => r.path === '/v1/responses'), [], 'listed responses on OpenAI');
  });

  it('a conversation that does not exist fails on its first request; no list is read', async () => {
    const connection = openai();
    await assert.rejects(exportConversation(client(connection), connection, 'conv_doesNotExist000000', { listsResponses: false, known: [] }), (error: { status?: number }) => error.status === 404);
    assert.deepEqual(gets().map((r) => r.path), ['/v1/conversations/conv_doesNotExist000000']);
  });

  it('stops when cancelled and returns nothing', async () => {
    const connection = foundry();
    let cancelled = false;
    const run = exportConversation(client(connection), connection, D.conversations.big, {
      listsResponses: true,
      known: [],
      isCancelled: () => cancelled,
      onProgress: (p) => {
        if (p.items >= 300) cancelled = true;
      },
    });
    await assert.rejects(run, ExportCancelled);
    assert.ok(gets().filter((r) => r.path.endsWith('/items')).length <= 4, 'kept reading after the cancel');
  });
});

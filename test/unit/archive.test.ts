// Archives: an export read back and served as the service served it. The same client
// calls the tree and the panels make, once online against the emulator and once against
// the archive of what was exported, must answer the same objects in the same order, with
// no request reaching the emulator; anything that would change something is refused; and
// a file that is not an export is refused with a sentence naming its first wrong path.
import { shippedValidators } from '../harness/shippedValidators';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Ajv from 'ajv';
import { AgentsClient, type AgentsApi } from '../../src/api/client';
import type { Connection } from '../../src/api/connection';
import { toSentence } from '../../src/api/errors';
import {
  cancelResponse,
  createResponsesClient,
  getConversation,
  getResponse,
  listConversationItems,
  listConversations,
  listInputItems,
  listResponses,
} from '../../src/api/responses/calls';
import { exportFormats, readExport, type ArchiveContent, type SchemaCheck } from '../../src/archive/archiveFormat';
import { archiveFetch, ArchiveIndex } from '../../src/archive/archiveServer';
import { exportConversation } from '../../src/store/conversationExport';
import { readAll } from '../../src/store/pagedList';
import { exportThread } from '../../src/store/threadExport';
import { DEMO, DEMO_RESPONSES as D } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';

const schema = JSON.parse(readFileSync(join(__dirname, '../../media/export.schema.json'), 'utf8')) as object;
const check = new Ajv({ allErrors: false, strict: false }).compile(schema) as SchemaCheck;

const base = 'https://archive.invalid/archive-test';
const archiveConnection: Connection = { id: 'archive-test', name: 'old.json', kind: 'openai-compatible', baseUrl: base, auth: 'none', archive: 'file:///tmp/old.json' };

const all = readAll;

/** An export written as a file would be and read back. */
const roundTrip = (exported: unknown, label = '"old.json"'): ArchiveContent => readExport(JSON.stringify(exported, null, 2), check, label);

function archiveOf(...contents: ArchiveContent[]): { index: ArchiveIndex; fetch: typeof fetch } {
  const index = new ArchiveIndex('old.json', contents);
  return { index, fetch: archiveFetch(base, async () => index) };
}

describe('archives: the Assistants family read back from an export', () => {
  let emu: RunningEmulator;
  let online: AgentsApi;
  const gets = () => emu.emulator.log.since(0).length;

  before(async () => {
    emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
    const connection: Connection = { id: 'emu', name: 'Emulator', kind: 'azure-agents', baseUrl: emu.urls.azure, auth: 'none' };
    online = new AgentsClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 });
  });
  after(async () => emu.close());
  beforeEach(() => emu.emulator.log.clear());

  it('answers every read the tree and the run panel make exactly as the service did, with no request sent', async () => {
    const threads = [DEMO.threads.mixed, DEMO.threads.bigRun, DEMO.threads.hostile, DEMO.threads.unicode];
    const contents = [];
    for (const threadId of threads) contents.push(roundTrip(await exportThread(online, threadId)));
    const { fetch } = archiveOf(...contents);
    const archive = new AgentsClient(archiveConnection, { connection: archiveConnection, credential: async () => undefined, fetch });
    assert.equal(archive.canListThreads, true, 'an archive lists its threads');

    /** Every read the tree and the run panel make of these threads, in order. */
    const reads = async (client: AgentsApi): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const threadId of threads) {
        out.push(await client.getThread(threadId));
        out.push(await all((after) => client.listMessages(threadId, { after, order: 'asc' })));
        out.push(await all((after) => client.listMessages(threadId, { after, order: 'desc' })));
        const runs = await all((after) => client.listRuns(threadId, after));
        out.push(runs);
        for (const run of runs) {
          out.push((await client.getRun(threadId, run.id)).run);
          out.push(await all((after) => client.listSteps(threadId, run.id, after)));
          out.push(await all((after) => client.listMessages(threadId, { runId: run.id, after })));
        }
      }
      return out;
    };
    emu.emulator.log.clear();
    const listed = await all((after) => archive.listThreads(after));
    assert.deepEqual(new Set(listed.map((t) => t.id)), new Set(threads));
    const offline = await reads(archive);
    assert.equal(gets(), 0, 'browsing the archive sent no request to the service');
    const live = await reads(online);
    assert.equal(offline.length, live.length);
    offline.forEach((value, i) => assert.deepEqual(value, live[i], `read ${i}`));
  });

  it('pages as the service pages: limit, after and order, and says when after names nothing', async () => {
    const { index } = archiveOf(roundTrip(await exportThread(online, DEMO.threads.manyRuns)));
    const runs = (q: string) => index.answer('GET', `/threads/${DEMO.threads.manyRuns}/runs`, new URLSearchParams(q));
    const first = runs('limit=100').body as { data: { id: string; created_at: number }[]; has_more: boolean; last_id: string };
    assert.equal(first.data.length, 100);
    assert.equal(first.has_more, true);
    assert.ok(first.data[0]!.created_at >= first.data[99]!.created_at, 'newest first by default');
    const ids = (order: string) => {
      const out: string[] = [];
      let after = '';
      for (;;) {
        const page = runs(`limit=100&order=${order}${after ? `&after=${after}` : ''}`).body as { data: { id: string }[]; has_more: boolean; last_id: string };
        out.push(...page.data.map((r) => r.id));
        if (!page.has_more) return out;
        after = page.last_id;
      }
    };
    const desc = ids('desc');
    assert.equal(desc.length, 250);
    assert.equal(new Set(desc).size, 250, 'no run twice across pages');
    assert.deepEqual(ids('asc'), [...desc].reverse());
    assert.equal(runs('after=run_nothere').status, 400);
    assert.match(JSON.stringify(runs('limit=0').body), /limit must be a whole number from 1 to 100/);
  });

  it('refuses anything that would change something, and says the archive is read only', async () => {
    const { fetch } = archiveOf(roundTrip(await exportThread(online, DEMO.threads.mixed)));
    const archive = new AgentsClient(archiveConnection, { connection: archiveConnection, credential: async () => undefined, fetch });
    emu.emulator.log.clear();
    const refused = [
      () => archive.cancelRun(DEMO.threads.mixed, DEMO.runs.requiresAction),
      () => archive.submitToolOutputs(DEMO.threads.mixed, DEMO.runs.requiresAction, [{ tool_call_id: 'call_x', output: 'x' }]),
      () => archive.createThread('hello'),
    ];
    for (const call of refused) {
      const error = await call().then(
        () => assert.fail('an archive accepted a change'),
        (e: unknown) => e,
      );
      assert.match(toSentence(error), /"old\.json" is an archive, read only: POST \/threads.* needs the live service/);
    }
    await assert.rejects(archive.getThread('thread_notInTheArchive'), (e: unknown) => /not in the archive "old\.json"/.test(toSentence(e)));
    await assert.rejects(archive.fileContent('file_abc', 1000), (e: unknown) => /Archives keep no file contents/.test(toSentence(e)));
    assert.equal(gets(), 0);
  });

  it('says why, on every request, when its files can no longer be read', async () => {
    const fetch = archiveFetch(base, () => Promise.reject(new Error('The file of archive "old.json" is gone (/tmp/old.json): it was moved or deleted.')));
    const archive = new AgentsClient(archiveConnection, { connection: archiveConnection, credential: async () => undefined, fetch });
    await assert.rejects(archive.listThreads(), (e: unknown) => /410.*is gone \(\/tmp\/old\.json\)/.test(toSentence(e)));
  });
});

describe('archives: the Responses family read back from an export', () => {
  let emu: RunningEmulator;
  const foundry = (): Connection => ({ id: 'emu', name: 'Emulator', kind: 'azure-agents', baseUrl: emu.urls.azure, auth: 'none' });
  const clientOf = (connection: Connection, fetch?: typeof globalThis.fetch) =>
    createResponsesClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000, ...(fetch ? { fetch } : {}) });

  before(async () => {
    emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
  });
  after(async () => emu.close());
  beforeEach(() => emu.emulator.log.clear());

  it('answers every read of a conversation, its items, its responses and their input items as the service did, with no request sent', async () => {
    const online = clientOf(foundry());
    const conversations = [D.conversations.support, D.conversations.hostile, D.conversations.agent, D.conversations.big];
    const contents = [];
    for (const id of conversations) contents.push(roundTrip(await exportConversation(online, foundry(), id, { listsResponses: true, known: [] })));
    const { fetch } = archiveOf(...contents);
    const archive = clientOf(archiveConnection, fetch);

    emu.emulator.log.clear();
    const read = async (client: typeof online) => {
      const out: unknown[] = [];
      for (const id of conversations) {
        out.push(await getConversation(client, id));
        out.push(await all((after) => listConversationItems(client, id, after)));
        const responses = await all((after) => listResponses(client, { after, conversationId: id }));
        out.push(responses.map((r) => r.id));
        for (const r of responses) {
          out.push((await getResponse(client, r.id)).response);
          out.push(await all((after) => listInputItems(client, r.id, after)));
        }
      }
      return out;
    };
    const offline = await read(archive);
    assert.equal(emu.emulator.log.since(0).length, 0, 'browsing the archive sent no request to the service');
    const listedOffline = await all((after) => listConversations(archive, { after }));
    assert.deepEqual(new Set(listedOffline.map((c) => c.id)), new Set(conversations));
    const live = await read(online);
    assert.ok(offline.length > conversations.length * 3, `${offline.length} reads`);
    offline.forEach((value, i) => assert.deepEqual(value, live[i], `read ${i}`));
    await assert.rejects(cancelResponse(archive, D.responses.inConversation), (e: unknown) => /is an archive, read only: POST \/responses\/.*\/cancel/.test(toSentence(e)));
  });
});

describe('archives: export files that are not exports', () => {
  const good = {
    format: exportFormats.thread,
    exported_at: '2026-12-01T10:00:00.000Z',
    source: { connection: 'Azure', kind: 'azure-agents', base_url: null, api_version: 'v1' },
    thread: { id: 'thread_1', object: 'thread' },
    messages: [{ id: 'msg_1', thread_id: 'thread_1', role: 'user', content: [{ type: 'text', text: { value: 'hi', annotations: [] } }] }],
    runs: [{ run: { id: 'run_1', thread_id: 'thread_1', status: 'completed' }, steps: [{ id: 'step_1', run_id: 'run_1', type: 'message_creation', status: 'completed' }] }],
  };
  const refusal = (text: string) => {
    try {
      readExport(text, check, '"old.json"');
    } catch (error) {
      return error as Error & { path?: string };
    }
    return assert.fail('a file that is not an export was opened');
  };
  const mutated = (change: (value: typeof good) => void) => {
    const value = structuredClone(good);
    change(value);
    return JSON.stringify(value);
  };

  it('opens a good one', () => {
    const content = readExport(JSON.stringify(good), check, '"old.json"');
    assert.equal(content.threads[0]!.runs[0]!.steps[0]!.id, 'step_1');
  });

  const cases: [string, string, RegExp, string | undefined][] = [
    ['empty', '', /the file is empty/, undefined],
    ['not JSON', '{"format": ', /not valid JSON/, undefined],
    ['an array', '[]', /at \/, an object is expected/, '/'],
    ['another format version', mutated((v) => ((v as { format: string }).format = 'agent-run-debugger/thread-export@2')), /at \/format, the format is not one this version reads/, '/format'],
    ['no format', mutated((v) => delete (v as Partial<typeof good>).format), /at \/format, a value is required and missing/, '/format'],
    ['a run without status', mutated((v) => delete (v.runs[0]!.run as Partial<typeof good.runs[0]['run']>).status), /at \/runs\/0\/run\/status, a value is required/, '/runs/0/run/status'],
    ['a step id that is a number', mutated((v) => ((v.runs[0]!.steps[0] as { id: unknown }).id = 7)), /at \/runs\/0\/steps\/0\/id, a string is expected/, '/runs/0/steps/0/id'],
    ['messages as an object', mutated((v) => ((v as { messages: unknown }).messages = {})), /at \/messages, an array is expected/, '/messages'],
    ['an empty thread id', mutated((v) => (v.thread.id = '')), /at \/thread\/id, the value is empty/, '/thread/id'],
  ];
  for (const [name, text, words, path] of cases) {
    it(`refuses ${name}, naming the file and the first wrong path`, () => {
      const error = refusal(text);
      assert.match(error.message, /^"old\.json" is not an export this extension can open: /);
      assert.match(error.message, words);
      assert.equal(error.path, path);
    });
  }

  it('the validator the extension ships (compiled at build time) judges as the schema does', async () => {
    const shipped = (await shippedValidators<{ exportFile: SchemaCheck }>('export')).exportFile;
    for (const [name, text] of cases) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      assert.equal(shipped(value), check(value), name);
      assert.equal(shipped.errors?.[0]?.instancePath, check.errors?.[0]?.instancePath, name);
    }
    assert.equal(shipped(good), true);
  });
});

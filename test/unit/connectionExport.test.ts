// Exporting a whole connection against the emulator: one file holding every planned
// thread, conversation and response; written under a partial name with its resume state,
// so that an interrupted export leaves no file that looks complete, and a resumed one
// reads nothing it already wrote and ends with the same content as an export never
// interrupted; the file opens as an archive.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Ajv from 'ajv';
import { AgentsClient } from '../../src/api/client';
import type { Connection } from '../../src/api/connection';
import { createResponsesClient } from '../../src/api/responses/calls';
import { readExport, type SchemaCheck } from '../../src/archive/archiveFormat';
import {
  connectionReaders,
  exportConnection,
  interruptedExport,
  partialPath,
  resumePath,
  type ConnectionExportPlan,
} from '../../src/store/connectionExport';
import { ExportCancelled } from '../../src/store/threadExport';
import { DEMO, DEMO_RESPONSES as D } from '../emulator/demoIds';
import { startEmulator, type RunningEmulator } from '../emulator/server';

const check = new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(join(__dirname, '../../media/export.schema.json'), 'utf8')) as object) as SchemaCheck;

describe('exportConnection against the emulator', () => {
  let emu: RunningEmulator;
  let connection: Connection;
  const dir = mkdtempSync(join(tmpdir(), 'ard-connection-export-'));
  const plan: ConnectionExportPlan = {
    threads: [DEMO.threads.mixed, DEMO.threads.bigRun, DEMO.threads.unicode],
    conversations: [D.conversations.support, D.conversations.hostile],
    responses: [D.responses.everyKind, D.responses.chain3],
  };
  const source = { connection: 'Emulator', kind: 'azure-agents', base_url: null, api_version: null };
  const readers = () =>
    connectionReaders(
      new AgentsClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 }),
      createResponsesClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 }),
      connection,
      { listsResponses: true, knownOf: () => [] },
    );
  const gets = () => emu.emulator.log.since(0).filter((r) => r.method === 'GET');
  const now = () => new Date('2026-12-02T10:00:00Z');

  before(async () => {
    emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
    connection = { id: 'emu', name: 'Emulator', kind: 'azure-agents', baseUrl: emu.urls.azure, auth: 'none' };
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => emu.emulator.log.clear());

  it('writes every planned entry into one export that opens as an archive, and leaves nothing beside it', async () => {
    const target = join(dir, 'whole.json');
    const counts = await exportConnection(target, { connectionId: 'emu', source, plan }, readers(), { now });
    assert.deepEqual(counts, { threads: 3, conversations: 2, responses: 2 });
    assert.ok(!existsSync(partialPath(target)) && !existsSync(resumePath(target)), 'the partial file or the resume state was left');
    const content = readExport(readFileSync(target, 'utf8'), check, '"whole.json"');
    assert.deepEqual(content.threads.map((t) => t.thread.id), plan.threads);
    assert.deepEqual(content.conversations.map((c) => c.conversation.id), plan.conversations);
    assert.deepEqual(content.responses.map((r) => r.response.id), plan.responses);
    assert.equal(content.threads[1]!.runs.flatMap((r) => r.steps).length >= 150, true, 'the 150-step run is whole');
  });

  it('an interrupted export leaves no target; resumed, it reads only what it had not written and ends equal to an uninterrupted one', async () => {
    const target = join(dir, 'interrupted.json');
    let entries = 0;
    await assert.rejects(
      exportConnection(target, { connectionId: 'emu', source, plan }, readers(), {
        now,
        isCancelled: () => entries >= 4,
        onProgress: (p) => (entries = p.written),
      }),
      ExportCancelled,
    );
    assert.ok(!existsSync(target), 'an interrupted export wrote the target');
    const state = await interruptedExport(target, 'emu');
    assert.ok(state, 'no resume state');
    assert.deepEqual(state.written, { threads: 3, conversations: 1, responses: 0 });
    assert.equal(await interruptedExport(target, 'another-connection'), undefined, 'another connection resumed this export');
    // An entry cut short after the last whole one (the window closed mid-write) is dropped on resume.
    writeFileSync(partialPath(target), readFileSync(partialPath(target), 'utf8') + ',\n{"conversation":{"id":"conv_cut');

    emu.emulator.log.clear();
    let resumed = -1;
    const counts = await exportConnection(target, { resume: state }, readers(), { onProgress: (p) => (resumed = p.resumed) });
    assert.equal(resumed, 4);
    assert.deepEqual(counts, { threads: 3, conversations: 2, responses: 2 });
    const read = gets().map((r) => r.path);
    for (const threadId of plan.threads) assert.ok(!read.some((p) => p.includes(threadId)), `the resumed export read ${threadId} again`);
    assert.ok(!read.some((p) => p.includes(D.conversations.support)), 'the resumed export read the written conversation again');
    assert.ok(read.some((p) => p.includes(D.conversations.hostile)));

    const whole = join(dir, 'uninterrupted.json');
    await exportConnection(whole, { connectionId: 'emu', source, plan }, readers(), { now });
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), JSON.parse(readFileSync(whole, 'utf8')));
    assert.ok(!existsSync(partialPath(target)) && !existsSync(resumePath(target)));
  });

  it('a failed read stops the export with its error and keeps what was written, to resume', async () => {
    const target = join(dir, 'failed.json');
    const failing = { ...readers(), conversation: () => Promise.reject(new Error('500 Internal Server Error')) };
    await assert.rejects(exportConnection(target, { connectionId: 'emu', source, plan }, failing, { now }), /500/);
    assert.ok(!existsSync(target));
    assert.deepEqual((await interruptedExport(target, 'emu'))?.written, { threads: 3, conversations: 0, responses: 0 });
  });

  it('an empty plan is a valid, empty export', async () => {
    const target = join(dir, 'empty.json');
    await exportConnection(target, { connectionId: 'emu', source, plan: { threads: [], conversations: [], responses: [] } }, readers(), { now });
    const content = readExport(readFileSync(target, 'utf8'), check, '"empty.json"');
    assert.deepEqual([content.threads.length, content.conversations.length, content.responses.length], [0, 0, 0]);
  });
});

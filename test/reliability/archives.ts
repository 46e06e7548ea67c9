// Malformed export files, opened as archives: real exports of the demo seed (a thread and
// a conversation, read from the emulator) mutated by a seeded generator — a required value
// removed, of the wrong type or empty, a list turned into something else, the text cut,
// garbled or of another format version. Each must be refused by the validator the
// extension ships, with a sentence that names the first wrong path (the mutated one, for
// a mutation the schema sees); none may throw anything else; the originals must open.
import { shippedValidators } from '../harness/shippedValidators';
import type { Connection } from '../../src/api/connection';
import { AgentsClient } from '../../src/api/client';
import { createResponsesClient } from '../../src/api/responses/calls';
import { ArchiveFormatError, readExport, type SchemaCheck } from '../../src/archive/archiveFormat';
import { exportConversation } from '../../src/store/conversationExport';
import { exportThread } from '../../src/store/threadExport';
import { DEMO, DEMO_RESPONSES as D } from '../emulator/demoIds';
import { SeededRandom } from '../emulator/random';
import { startEmulator } from '../emulator/server';
import type { Figure } from './offline';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Malformed {
  name: string;
  text: string;
  /** The JSON Pointer the refusal must name; undefined for text that is not JSON. */
  path?: string;
}

const wrongValues: [string, Json][] = [
  ['null', null],
  ['a number', 42],
  ['an object', { x: 1 }],
  ['an array', ['x']],
  ['true', true],
];

function at(root: Json, pointer: string): { parent: { [k: string]: Json } | Json[]; key: string } {
  const keys = pointer.split('/').slice(1);
  let node = root;
  for (const k of keys.slice(0, -1)) node = (node as { [k: string]: Json })[k]!;
  return { parent: node as { [k: string]: Json }, key: keys[keys.length - 1]! };
}

/** Every mutation the schema must see, of one export: required values and lists. */
function candidates(name: string, value: Json, required: string[], lists: string[]): Malformed[] {
  const out: Malformed[] = [];
  const mutate = (label: string, pointer: string, change: (parent: { [k: string]: Json }, key: string) => void) => {
    const copy = structuredClone(value);
    const { parent, key } = at(copy, pointer);
    change(parent as { [k: string]: Json }, key);
    out.push({ name: `${name}: ${label} at ${pointer}`, text: JSON.stringify(copy, null, 2), path: pointer });
  };
  for (const pointer of required) {
    mutate('removed', pointer, (p, k) => delete p[k]);
    for (const [words, wrong] of wrongValues) mutate(`${words}`, pointer, (p, k) => (p[k] = wrong));
    if (pointer.endsWith('/id')) mutate('empty', pointer, (p, k) => (p[k] = ''));
  }
  for (const pointer of lists) for (const [words, wrong] of wrongValues.filter(([, w]) => !Array.isArray(w))) mutate(`list as ${words}`, pointer, (p, k) => (p[k] = wrong));
  return out;
}

/** Text-level damage: not JSON at all, or JSON of another format. */
function textDamage(name: string, text: string, random: SeededRandom): Malformed[] {
  const cuts = Array.from({ length: 4 }, () => 1 + random.int(text.length - 2));
  return [
    ...cuts.map((at) => ({ name: `${name}: cut at byte ${at}`, text: text.slice(0, at) })),
    { name: `${name}: garbage after`, text: `${text}garbage` },
    { name: `${name}: two documents`, text: `${text}\n${text}` },
    { name: `${name}: single quotes`, text: text.replace(/"/g, "'") },
    { name: `${name}: empty`, text: '' },
    { name: `${name}: format version 2`, text: text.replace(/export@1/, 'export@2'), path: '/format' },
    { name: `${name}: an array of it`, text: `[${text}]`, path: '/' },
  ];
}

async function sources(): Promise<{ thread: Json; conversation: Json }> {
  const emu = await startEmulator({ mode: 'azure', seed: 'demo', stepMs: 20, pollAfterMs: 0 });
  try {
    const connection: Connection = { id: 'emu', name: 'Emulator', kind: 'azure-agents', baseUrl: emu.urls.azure, auth: 'none' };
    const options = { connection, credential: async () => undefined, timeoutMs: 5000 };
    const thread = await exportThread(new AgentsClient(connection, options), DEMO.threads.mixed);
    const conversation = await exportConversation(createResponsesClient(connection, options), connection, D.conversations.support, { listsResponses: true, known: [] });
    return JSON.parse(JSON.stringify({ thread, conversation })) as { thread: Json; conversation: Json };
  } finally {
    await emu.close();
  }
}

/** The 100 malformed files: a seeded draw from every candidate, text damage included. */
export async function malformedExports(count = 100): Promise<{ files: Malformed[]; originals: string[] }> {
  const { thread, conversation } = await sources();
  const t = thread as { runs: { steps: unknown[] }[]; messages: unknown[] };
  const c = conversation as { items: unknown[]; responses: { input_items: unknown[] }[] };
  const threadRequired = ['/format', '/exported_at', '/source/connection', '/thread/id'];
  t.messages.forEach((_, i) => threadRequired.push(`/messages/${i}/id`, `/messages/${i}/thread_id`, `/messages/${i}/role`));
  t.runs.forEach((r, i) => {
    threadRequired.push(`/runs/${i}/run/id`, `/runs/${i}/run/thread_id`, `/runs/${i}/run/status`);
    r.steps.forEach((_, j) => threadRequired.push(`/runs/${i}/steps/${j}/id`, `/runs/${i}/steps/${j}/run_id`, `/runs/${i}/steps/${j}/type`, `/runs/${i}/steps/${j}/status`));
  });
  const threadLists = ['/messages', '/runs', ...t.runs.map((_, i) => `/runs/${i}/steps`)];
  const conversationRequired = ['/format', '/source/kind', '/conversation/id'];
  c.items.forEach((_, i) => conversationRequired.push(`/items/${i}/type`));
  c.responses.forEach((_, i) => conversationRequired.push(`/responses/${i}/response/id`));
  const conversationLists = ['/items', '/responses', ...c.responses.map((_, i) => `/responses/${i}/input_items`)];
  const random = new SeededRandom('malformed exports');
  const schemaSeen = [...candidates('thread export', thread, threadRequired, threadLists), ...candidates('conversation export', conversation, conversationRequired, conversationLists)];
  const text = [...textDamage('thread export', JSON.stringify(thread), random), ...textDamage('conversation export', JSON.stringify(conversation), random)];
  const files = [...text];
  const pool = [...schemaSeen];
  while (files.length < count && pool.length) files.push(pool.splice(random.int(pool.length), 1)[0]!);
  return { files, originals: [JSON.stringify(thread), JSON.stringify(conversation)] };
}

export async function badExportFiles(): Promise<Figure> {
  // The export format's validator as the bundle ships it.
  const check = (await shippedValidators<{ exportFile: SchemaCheck }>('export')).exportFile;
  const { files, originals } = await malformedExports();
  const wrong: string[] = [];
  let refused = 0;
  let precise = 0;
  for (const file of files) {
    try {
      readExport(file.text, check, '"malformed.json"');
      wrong.push(`${file.name}: OPENED`);
    } catch (error) {
      if (!(error instanceof ArchiveFormatError)) {
        wrong.push(`${file.name}: crashed with ${(error as Error).name}: ${(error as Error).message}`);
        continue;
      }
      refused++;
      const names = file.path === undefined ? /is not valid JSON|the file is empty/.test(error.message) : error.path === file.path && error.message.includes(`at ${file.path},`);
      if (names && !/undefined|\[object /.test(error.message)) precise++;
      else wrong.push(`${file.name}: refused as "${error.message}" (path ${error.path ?? 'none'}, expected ${file.path ?? 'a JSON error'})`);
    }
  }
  for (const [i, text] of originals.entries()) {
    try {
      readExport(text, check, '"original.json"');
    } catch (error) {
      wrong.push(`control ${i}: the original export was refused: ${(error as Error).message}`);
    }
  }
  return {
    name: 'bad input: export files',
    line: `bad input (export files opened as archives): ${files.length} malformed exports of the demo seed tried, ${refused} refused, ${precise} of them naming the wrong path (or saying the text is not JSON), ${files.length - refused} opened or crashed; the 2 originals open`,
    short: `${files.length} tried, ${refused} refused, ${precise} naming the path, ${files.length - refused} opened or crashed`,
    ok: files.length >= 100 && refused === files.length && precise === files.length && wrong.length === 0,
    details: wrong,
  };
}

// What the tree's rows say (pure functions; no vscode).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAs, parsePage, runSchema, runStepSchema, type Run } from '../../src/api/schemas';
import { describeMessage, describeRun, describeStep, describeThread, describeToolCall, previewJson, runLook } from '../../src/views/describe';
import { findIds, idMatches, threadOfRun } from '../../src/store/threadRegistry';
import { recordedDir } from '../fixtures/paths';
import { formatDuration, formatTokens, oneLine, shortId } from '../../src/util/format';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(recordedDir, name), 'utf8'));
const now = 1_700_000_100_000;

const run = (over: Partial<Run>): Run =>
  parseAs(runSchema, 'run', { id: 'run_abcdefghijklmnopqrstuvwx', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status: 'completed', created_at: 1_700_000_000, started_at: 1_700_000_000, completed_at: 1_700_000_012, model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234 }, ...over });

describe('run rows', () => {
  it('give a resumed run its whole life, not the segment after the tool outputs', () => {
    // Created at 0, waited 10 min for outputs, started again at 600, finished at 612.
    const row = describeRun(run({ started_at: 1_700_000_600, completed_at: 1_700_000_612 }), now);
    assert.match(row.description ?? '', /· 10 min 12 s ·/);
  });

  it('give an expired run the time it expired as its finish, whatever completed_at says', () => {
    const row = describeRun(run({ status: 'expired', completed_at: null, expires_at: 1_700_000_600 }), now);
    const finished = row.details.find(([k]) => k === 'Finished')?.[1];
    assert.ok(finished && finished !== '—', `Finished: ${finished}`);
    assert.match(row.description ?? '', /· 10 min ·/);
  });

  it('say status, model, duration and tokens at a glance', () => {
    const row = describeRun(run({}), now);
    assert.equal(row.label, 'run_abcdefghijklmnopqrstuvwx', 'the whole id: the side bar cuts it to its width');
    assert.equal(row.description, 'completed · gpt-4o · 12 s · 1.2k tok');
    assert.deepEqual(row.look, { icon: 'pass', color: 'testing.iconPassed' });
    assert.ok(row.details.some(([k, v]) => k === 'Usage' && v === '1000 prompt + 234 completion = 1234 tokens'));
  });

  it('colour every status and keep unknown ones readable', () => {
    for (const status of ['queued', 'in_progress', 'requires_action', 'cancelling', 'cancelled', 'failed', 'completed', 'incomplete', 'expired']) {
      assert.notEqual(runLook(status).icon, 'question', status);
    }
    assert.equal(describeRun(run({ status: 'paused' }), now).look.icon, 'question');
    assert.match(describeRun(run({ status: 'paused' }), now).description, /^paused/);
  });

  it('count an active run up to now and show what it waits for', () => {
    const row = describeRun(run({ status: 'requires_action', completed_at: null, expires_at: 1_700_000_600, required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] } } }), now);
    assert.match(row.description, /requires_action · gpt-4o · 1 min 40 s/);
    assert.ok(row.details.some(([k, v]) => k === 'Waiting for' && v === 'get_weather'));
  });

  it('carry the error in the tooltip', () => {
    const row = describeRun(run({ status: 'failed', completed_at: null, failed_at: 1_700_000_003, last_error: { code: 'server_error', message: 'Sorry, something went wrong.' } }), now);
    assert.equal(row.block?.text, 'server_error: Sorry, something went wrong.');
  });

  it('describe recorded runs', () => {
    const row = describeRun(parseAs(runSchema, 'run', fixture('openai-dotnet/run_retrieve_completed_with_usage.json')), now);
    assert.match(row.description, /^completed · /);
  });
});

describe('step and tool-call rows', () => {
  it('count calls and show function name, argument preview and output', () => {
    const page = parsePage(runStepSchema, 'run step', fixture('openai-dotnet/run_steps_list_file_search_with_results.json'));
    const rows = page.items.map((s) => describeStep(s, now));
    assert.ok(rows.every((r) => r.description.length > 0));
    const step = parseAs(runStepSchema, 'step', {
      id: 'step_1', object: 'thread.run.step', type: 'tool_calls', status: 'in_progress', created_at: 1_700_000_000,
      step_details: { type: 'tool_calls', tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}', output: null } },
        { id: 'call_2', type: 'function', function: { name: 'lookup_order', arguments: '{"id":42}', output: '"shipped"' } },
      ] },
    });
    assert.match(describeStep(step, now).description, /^2 calls · in_progress/);
    const [first, second] = step.step_details.tool_calls!;
    assert.deepEqual([describeToolCall(first, true).label, describeToolCall(first, true).description], ['get_weather', '{"city":"Paris"} → awaiting output']);
    assert.equal(describeToolCall(second, true).description, '{"id":42} → "shipped"');
  });

  it('say what code interpreter and file search did, and name unknown kinds', () => {
    assert.match(describeToolCall({ type: 'code_interpreter', code_interpreter: { input: 'print(1)', outputs: [{ type: 'logs' }, { type: 'image' }] } }, false).description, /print\(1\) → 2 outputs \(logs, image\)/);
    assert.match(describeToolCall({ type: 'file_search', file_search: { results: [{ file_name: 'a.pdf', score: 0.91 }] } }, false).description, /1 result · top: a\.pdf \(0\.91\)/);
    assert.equal(describeToolCall({ type: 'bing_grounding' }, false).label, 'bing_grounding');
    assert.equal(describeToolCall({ type: 'code_interpreter', code_interpreter: { input: '', outputs: [] } }, false).label, 'Code interpreter');
    assert.equal(describeToolCall({ type: 'file_search', file_search: { results: [] } }, false).label, 'File search');
  });

  it('name step types in words, not API names', () => {
    const step = (type: string) => parseAs(runStepSchema, 'step', { id: 'step_1', type, status: 'completed', created_at: 100, completed_at: 101, step_details: { type } });
    assert.equal(describeStep(step('tool_calls')).label, 'Tool calls');
    assert.equal(describeStep(step('message_creation')).label, 'Message');
  });
});

describe('thread and message rows', () => {
  it('are labelled by the first message, with the id and the age as description', () => {
    const row = describeThread('thread_1', { id: 'thread_1', created_at: 1_700_000_000 - 3 * 3600 }, 'Book a table\nfor two <script>alert(1)</script>', false, now);
    assert.equal(row.label, 'Book a table for two <script>alert(1)</script>');
    assert.equal(row.description, 'thread_1 · 3 h ago');
    assert.ok(row.details.some(([k, v]) => k === 'Thread' && v === 'thread_1'), 'the tooltip names the id');
    const gone = describeThread('thread_1', undefined, undefined, true, now);
    assert.deepEqual([gone.label, gone.description], ['thread_1', 'not found on the service']);
  });

  it('prefer the name the metadata gives, and show the id until anything is known', () => {
    const named = describeThread('thread_1', { id: 'thread_1', created_at: null, metadata: { name: 'Support SUP-311' } }, 'Book a table', false, now);
    assert.deepEqual([named.label, named.description], ['Support SUP-311', 'thread_1']);
    const unknown = describeThread('thread_1', undefined, undefined, false, now);
    assert.deepEqual([unknown.label, unknown.description], ['thread_1', '']);
    const empty = describeThread('thread_1', { id: 'thread_1', created_at: 1_700_000_000 - 60 }, '', false, now);
    assert.deepEqual([empty.label, empty.description], ['thread_1', '2 min ago · no messages']);
  });

  it('say "no text" for a message without text, never an empty part', () => {
    const row = describeMessage({ id: 'msg_1', role: 'assistant', content: [], created_at: 1_700_000_000 - 2 * 86_400 }, now);
    assert.deepEqual([row.label, row.description], ['assistant', 'no text · 2 d ago']);
  });

  it('name the role and show the text', () => {
    const row = describeMessage({ id: 'msg_1', role: 'assistant', content: [{ type: 'text', text: { value: 'Hello', annotations: [] } }, { type: 'image_file', image_file: { file_id: 'file_1' } }], created_at: null }, now);
    assert.equal(row.label, 'assistant');
    assert.equal(row.description, 'Hello [image file_1]');
  });
});

describe('helpers', () => {
  it('format', () => {
    assert.equal(shortId('thread_abcdefghijklmnop', 6), 'thread_abcdef…');
    assert.equal(formatDuration(12.44), '12.4 s');
    assert.equal(formatDuration(3725), '1 h 2 min');
    assert.equal(formatTokens(999), '999 tok');
    assert.equal(formatTokens(12_345), '12k tok');
    assert.equal(oneLine('a\u2028b\u0000c   d', 5), 'a b …');
    assert.equal(previewJson('{ "a" : 1 }'), '{"a":1}');
  });

  it('find thread, run, conversation and response ids in any text, once each', () => {
    const text = 'see https://platform/threads/thread_abc123XYZ?run=run_Zz99aa and thread_abc123XYZ, thread_def4567';
    assert.deepEqual(findIds(text), { threads: ['thread_abc123XYZ', 'thread_def4567'], runs: ['run_Zz99aa'], conversations: [], responses: [] });
    assert.deepEqual(findIds('no ids here: thread_ run_x conv_ resp_12'), { threads: [], runs: [], conversations: [], responses: [] });
    const openai = 'resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b in conv_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b, again resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b';
    assert.deepEqual(findIds(openai), {
      threads: [],
      runs: [],
      conversations: ['conv_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b'],
      responses: ['resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b'],
    });
    assert.deepEqual(
      idMatches(`x ${openai.slice(0, 53)} y`).map((m) => m.kind),
      ['response'],
    );
  });

  it('give each id of a line its position, for terminal links', () => {
    const line = '12:04 run_demoFailed01 on thread_demoMixed01 failed; retry of run_demoFailed01';
    assert.deepEqual(idMatches(line), [
      { id: 'run_demoFailed01', kind: 'run', index: 6 },
      { id: 'thread_demoMixed01', kind: 'thread', index: 26 },
      { id: 'run_demoFailed01', kind: 'run', index: 62 },
    ]);
    for (const m of idMatches(line)) assert.equal(line.slice(m.index, m.index + m.id.length), m.id);
    assert.deepEqual(idMatches('my_thread_x prerun_abcdef'), []);
  });
});

describe('the thread of a run found in a text', () => {
  const text = [
    'started thread_firstOne00 for the nightly job',
    '12:04:31 ERROR run_onLineTwo0 on thread_secondOne0 failed',
    'retrying run_noThreadHere',
  ].join('\n');

  it('is the thread on the run\'s own line, not the first thread of the text', () => {
    assert.deepEqual(threadOfRun(text, 'run_onLineTwo0'), { threadId: 'thread_secondOne0', sameLine: true });
  });

  it('is only proposed, from the nearest line above, when the run\'s line names none', () => {
    assert.deepEqual(threadOfRun(text, 'run_noThreadHere'), { threadId: 'thread_secondOne0', sameLine: false });
    assert.equal(threadOfRun('run_alone000 and nothing else', 'run_alone000'), undefined);
  });
});

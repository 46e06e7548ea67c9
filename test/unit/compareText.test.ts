// The documents "Compare with…" diffs: what always differs is in the header, the body is
// what the run did, with ids masked by kind and order; two runs that behaved alike read
// alike, and a changed tool output is exactly the lines that show it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseItemPage, parseResponse } from '../../src/api/responses/schemas';
import { comparableText, maxValueChars } from '../../src/model/compareText';
import { fromResponse } from '../../src/model/responses';
import { recordedBody } from './responsesFixtures';

/** The recorded follow-up response with its recorded input items (the call, its output and the question). */
function followUp(change: { output?: string; id?: (id: string) => string; created?: number } = {}) {
  const body = recordedBody('response_after_function_call_output.json');
  const page = recordedBody('input_items_function_call_roundtrip.json') as { data: Record<string, unknown>[] };
  const rename = change.id ?? ((id: string) => id);
  const items = page.data
    .slice()
    .reverse()
    .map((item) => {
      const copy: Record<string, unknown> = { ...item, id: rename(String(item.id)) };
      if (typeof copy.call_id === 'string') copy.call_id = rename(copy.call_id);
      if (copy.type === 'function_call_output' && change.output !== undefined) copy.output = change.output;
      return copy;
    });
  const response = parseResponse({ ...body, id: rename(String(body.id)), ...(change.created ? { created_at: change.created } : {}) });
  return fromResponse({ response, inputItems: parseItemPage({ ...page, data: items }, 'input item').items });
}

const bodyOf = (text: string) => text.split('\n').filter((line) => !line.startsWith('# '));

describe('comparableText', () => {
  it('puts ids, times and the connection in the header and the run’s behaviour below', () => {
    const text = comparableText({ run: followUp(), connectionName: 'OpenAI' });
    const lines = text.split('\n');
    assert.match(lines[0]!, /^# Response resp_/);
    assert.match(lines[1]!, /^# on "OpenAI", created \d{4}-\d\d-\d\dT/);
    const body = bodyOf(text).join('\n');
    assert.match(body, /## Summary\nstatus: completed/);
    assert.match(body, /tool calls: get_weather_at_location ×1|tool calls: none/);
    assert.match(body, /## Input/);
    assert.match(body, /function call get_weather_at_location\narguments:\n {4}\{\n {6}"location": "San Francisco, CA"\n {4}\}/);
    assert.match(body, /22 celcius and windy/);
    assert.match(body, /What should I wear/);
    // No service id below the header: they are masked by kind and order.
    assert.doesNotMatch(body, /\b(call|fc|msg|resp)_[A-Za-z0-9]{6,}/);
    assert.match(body, /output for call#1/);
  });

  it('reads the same for two runs that behaved alike, whatever their ids and times', () => {
    const a = comparableText({ run: followUp(), connectionName: 'A' });
    const b = comparableText({ run: followUp({ id: (id) => id.replace(/[0-9a-f]{8}/, 'abcdef12'), created: 1_800_000_000 }), connectionName: 'B' });
    assert.notEqual(a, b, 'the headers differ');
    assert.deepEqual(bodyOf(a), bodyOf(b));
  });

  it('shows a changed tool output as exactly the lines that hold it', () => {
    const a = bodyOf(comparableText({ run: followUp(), connectionName: 'A' }));
    const b = bodyOf(comparableText({ run: followUp({ output: '9 celcius and rain' }), connectionName: 'A' }));
    assert.equal(a.length, b.length, 'aligned line for line');
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
    assert.deepEqual(differing, [['    22 celcius and windy', '    9 celcius and rain']]);
  });

  it('shows a long output by its start and a digest of the whole: a change at its end is one differing line', () => {
    const long = (end: string) => `${'x'.repeat(1_000_000)}${end}`;
    const a = bodyOf(comparableText({ run: followUp({ output: long('A') }), connectionName: 'A' }));
    const b = bodyOf(comparableText({ run: followUp({ output: long('B') }), connectionName: 'A' }));
    assert.ok(a.join('\n').length < maxValueChars + 10_000, 'the document does not hold the whole megabyte');
    assert.equal(a.length, b.length);
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [line]));
    assert.equal(differing.length, 1);
    assert.match(differing[0]!, /… \(1,000,001 characters in all, the rest not shown; sha-256 of the whole: [0-9a-f]{16}\)/);
  });
});

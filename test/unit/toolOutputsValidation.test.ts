// The tool-output validator: every bad input gets the right problem at the right range,
// and only a complete, well-formed set yields outputs to send.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  draftOutputEdits,
  missingEntriesEdit,
  outputsOfDraft,
  draftText,
  stringifiedOutputEdit,
  validateToolOutputsText,
  validateToolOutputsValue,
  type PendingCall,
  type ToolOutputsProblem,
} from '../../src/model/toolOutputs';
import { applyEdits } from 'jsonc-parser';

const pending: PendingCall[] = [
  { id: 'call_A', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'call_B', name: 'lookup_order', arguments: '{"order_id":42}' },
];

/** The text a problem's range covers. */
function at(text: string, p: ToolOutputsProblem): string {
  return text.slice(p.offset, p.offset + p.length);
}

function codes(problems: ToolOutputsProblem[]): string[] {
  return problems.map((p) => p.code).sort();
}

const good = JSON.stringify({
  tool_outputs: [
    { tool_call_id: 'call_A', output: 'sunny' },
    { tool_call_id: 'call_B', output: 'shipped' },
  ],
});

describe('validateToolOutputsText', () => {
  it('accepts a complete set and returns it in the order of the pending calls', () => {
    const text = JSON.stringify({ tool_outputs: [{ tool_call_id: 'call_B', output: 'shipped' }, { tool_call_id: 'call_A', output: 'sunny' }] });
    const result = validateToolOutputsText(text, pending);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.outputs, [
      { tool_call_id: 'call_A', output: 'sunny' },
      { tool_call_id: 'call_B', output: 'shipped' },
    ]);
    assert.deepEqual(result.entries.map((e) => e.toolCallId), ['call_B', 'call_A']);
  });

  it('accepts a bare array', () => {
    const text = JSON.stringify([{ tool_call_id: 'call_A', output: '1' }, { tool_call_id: 'call_B', output: '2' }]);
    const result = validateToolOutputsText(text, pending);
    assert.deepEqual(result.problems, []);
    assert.equal(result.outputs?.length, 2);
  });

  it('accepts the pre-filled draft with a warning on each empty output (sent only after a confirmation)', () => {
    const text = draftText(pending);
    const result = validateToolOutputsText(text, pending);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, p.toolCallId, at(text, p)]),
      [
        ['empty-output', 'warning', 'call_A', '""'],
        ['empty-output', 'warning', 'call_B', '""'],
      ],
    );
    assert.match(result.problems[0]!.message, /call_A \(get_weather\) is empty/);
    assert.deepEqual(validateToolOutputsText('[{"tool_call_id": "call_A", "output": " \\n "}, {"tool_call_id": "call_B", "output": "x"}]', pending).problems.map((p) => p.code), ['empty-output']);
    assert.deepEqual(result.outputs, [
      { tool_call_id: 'call_A', output: '' },
      { tool_call_id: 'call_B', output: '' },
    ]);
  });

  it('reports invalid JSON at the offending character and nothing else', () => {
    const text = '{"tool_outputs": [{"tool_call_id": "call_A", "output": "x"} {"tool_call_id": "call_B", "output": "y"}]}';
    const result = validateToolOutputsText(text, pending);
    assert.equal(result.outputs, undefined);
    assert.deepEqual(codes(result.problems), ['invalid-json']);
    const [p] = result.problems;
    assert.ok(p);
    assert.match(p.message, /comma is expected/);
    assert.equal(p.offset, text.indexOf('{"tool_call_id": "call_B"'));
  });

  it('reports a missing closing bracket at the end of the text', () => {
    const text = '{"tool_outputs": [{"tool_call_id": "call_A", "output": "x"}';
    const result = validateToolOutputsText(text, pending);
    assert.ok(result.problems.length >= 1);
    assert.ok(result.problems.every((p) => p.code === 'invalid-json'));
    assert.ok(result.problems.every((p) => p.offset <= text.length && p.length >= 1));
  });

  it('treats comments and trailing commas as invalid JSON (the service reads strict JSON)', () => {
    assert.deepEqual(codes(validateToolOutputsText(`// note\n${good}`, pending).problems), ['invalid-json']);
    const trailing = '[{"tool_call_id": "call_A", "output": "x"}, {"tool_call_id": "call_B", "output": "y"},]';
    assert.deepEqual(codes(validateToolOutputsText(trailing, pending).problems), ['invalid-json']);
  });

  it('reports an empty document', () => {
    const result = validateToolOutputsText('   ', pending);
    assert.deepEqual(codes(result.problems), ['invalid-json']);
    assert.match(result.problems[0]?.message ?? '', /empty/);
  });

  it('reports an unknown tool_call_id on the id string, naming the expected ids', () => {
    const text = JSON.stringify({ tool_outputs: [{ tool_call_id: 'call_A', output: 'x' }, { tool_call_id: 'call_Z', output: 'y' }] });
    const result = validateToolOutputsText(text, pending);
    assert.equal(result.outputs, undefined);
    const unknown = result.problems.find((p) => p.code === 'unknown-id');
    assert.ok(unknown);
    assert.equal(at(text, unknown), '"call_Z"');
    assert.equal(unknown.toolCallId, 'call_Z');
    assert.match(unknown.message, /call_A, call_B/);
    // call_B then has no output.
    const missing = result.problems.find((p) => p.code === 'missing-call');
    assert.equal(missing?.toolCallId, 'call_B');
    assert.match(missing?.message ?? '', /lookup_order/);
  });

  it('reports each missing call, at the start of the outputs array', () => {
    const text = JSON.stringify({ tool_outputs: [{ tool_call_id: 'call_A', output: 'x' }] });
    const result = validateToolOutputsText(text, pending);
    assert.deepEqual(codes(result.problems), ['missing-call']);
    const [p] = result.problems;
    assert.ok(p);
    assert.equal(at(text, p), '[');
    assert.equal(p.toolCallId, 'call_B');
    assert.equal(result.outputs, undefined, 'never a partial set');
  });

  it('reports missing calls on an empty array (the whole array)', () => {
    const text = '{"tool_outputs": []}';
    const result = validateToolOutputsText(text, pending);
    assert.deepEqual(codes(result.problems), ['missing-call', 'missing-call']);
    assert.ok(result.problems.every((p) => at(text, p) === '[]'));
  });

  it('reports a duplicated id on the second occurrence', () => {
    const text = JSON.stringify({
      tool_outputs: [
        { tool_call_id: 'call_A', output: 'x' },
        { tool_call_id: 'call_B', output: 'y' },
        { tool_call_id: 'call_A', output: 'z' },
      ],
    });
    const result = validateToolOutputsText(text, pending);
    assert.deepEqual(codes(result.problems), ['duplicate-id']);
    const [p] = result.problems;
    assert.ok(p);
    assert.equal(p.offset, text.lastIndexOf('"call_A"'));
    assert.equal(at(text, p), '"call_A"');
    assert.match(p.message, /entry 1/);
    assert.equal(result.outputs, undefined);
  });

  it('reports a non-string output on the value, and the quick fix stringifies it', () => {
    const text = '{"tool_outputs": [{"tool_call_id": "call_A", "output": {"temp": 21, "unit": "C"}}, {"tool_call_id": "call_B", "output": 42}]}';
    const result = validateToolOutputsText(text, pending);
    const notString = result.problems.filter((p) => p.code === 'output-not-string');
    assert.equal(notString.length, 2);
    assert.equal(at(text, notString[0]!), '{"temp": 21, "unit": "C"}');
    assert.equal(notString[0]!.toolCallId, 'call_A');
    assert.equal(at(text, notString[1]!), '42');
    assert.match(notString[0]!.message, /not an object/);
    assert.match(notString[1]!.message, /not a number/);

    // Applying the fix to both gives a valid document whose outputs are the JSON text.
    let fixed = text;
    for (const p of [...notString].sort((a, b) => b.offset - a.offset)) {
      fixed = fixed.slice(0, p.offset) + stringifiedOutputEdit(fixed, p.offset, p.length) + fixed.slice(p.offset + p.length);
    }
    const after = validateToolOutputsText(fixed, pending);
    assert.deepEqual(after.problems, []);
    assert.deepEqual(after.outputs, [
      { tool_call_id: 'call_A', output: '{"temp":21,"unit":"C"}' },
      { tool_call_id: 'call_B', output: '42' },
    ]);
  });

  it('reports null, boolean and array outputs as not strings', () => {
    for (const [value, word] of [
      ['null', 'null'],
      ['true', 'a boolean'],
      ['[1,2]', 'an array'],
    ] as const) {
      const text = `[{"tool_call_id": "call_A", "output": ${value}}, {"tool_call_id": "call_B", "output": "x"}]`;
      const [p, ...rest] = validateToolOutputsText(text, pending).problems;
      assert.equal(rest.length, 0);
      assert.equal(p?.code, 'output-not-string');
      assert.equal(at(text, p!), value);
      assert.ok(p?.message.includes(`not ${word}`), p?.message);
    }
  });

  it('reports extra fields in an entry and at the top level on their key', () => {
    const text = '{"tool_outputs": [{"tool_call_id": "call_A", "output": "x", "name": "get_weather"}, {"tool_call_id": "call_B", "output": "y"}], "stream": true}';
    const result = validateToolOutputsText(text, pending);
    const extra = result.problems.filter((p) => p.code === 'extra-field');
    assert.deepEqual(extra.map((p) => at(text, p)).sort(), ['"name"', '"stream"']);
    assert.equal(result.problems.length, 2);
    assert.equal(result.outputs, undefined);
  });

  it('reports a missing tool_call_id and a missing output on the entry', () => {
    const text = '[{"output": "x"}, {"tool_call_id": "call_B"}]';
    const result = validateToolOutputsText(text, pending);
    const missingId = result.problems.find((p) => p.code === 'missing-id');
    const missingOutput = result.problems.find((p) => p.code === 'missing-output');
    assert.equal(at(text, missingId!), '{"output": "x"}');
    assert.equal(at(text, missingOutput!), '{"tool_call_id": "call_B"}');
    assert.equal(missingOutput?.toolCallId, 'call_B');
    // And call_A has no entry.
    assert.ok(result.problems.some((p) => p.code === 'missing-call' && p.toolCallId === 'call_A'));
  });

  it('reports a non-string id on the id value', () => {
    const text = '[{"tool_call_id": 7, "output": "x"}, {"tool_call_id": "call_B", "output": "y"}]';
    const p = validateToolOutputsText(text, pending).problems.find((x) => x.code === 'id-not-string');
    assert.equal(at(text, p!), '7');
  });

  it('reports wrong shapes: scalars, a missing or non-array tool_outputs, entries that are not objects', () => {
    assert.deepEqual(codes(validateToolOutputsText('"hello"', pending).problems), ['wrong-shape']);
    assert.deepEqual(codes(validateToolOutputsText('{}', pending).problems), ['missing-tool-outputs']);
    const text = '{"tool_outputs": {"tool_call_id": "call_A"}}';
    const notArray = validateToolOutputsText(text, pending).problems;
    assert.deepEqual(codes(notArray), ['tool-outputs-not-array']);
    assert.equal(at(text, notArray[0]!), '{"tool_call_id": "call_A"}');
    const entries = '["call_A", {"tool_call_id": "call_B", "output": ""}]';
    const p = validateToolOutputsText(entries, pending).problems.find((x) => x.code === 'entry-not-object');
    assert.equal(at(entries, p!), '"call_A"');
  });

  it('refuses outputs larger than the limit, counting UTF-8 bytes', () => {
    const big = 'é'.repeat(600); // 1200 bytes, 600 characters
    const text = JSON.stringify([{ tool_call_id: 'call_A', output: big }, { tool_call_id: 'call_B', output: 'ok' }]);
    const refused = validateToolOutputsText(text, pending, { maxOutputBytes: 1000 });
    assert.deepEqual(codes(refused.problems), ['output-too-large']);
    assert.match(refused.problems[0]!.message, /1\.2 KB.*1000 bytes/);
    assert.equal(refused.problems[0]!.toolCallId, 'call_A');
    assert.equal(refused.outputs, undefined);
    assert.deepEqual(validateToolOutputsText(text, pending, { maxOutputBytes: 1200 }).problems, []);
    // Astral characters are 4 bytes.
    const emoji = JSON.stringify([{ tool_call_id: 'call_A', output: '😀' }, { tool_call_id: 'call_B', output: 'x' }]);
    assert.deepEqual(codes(validateToolOutputsText(emoji, pending, { maxOutputBytes: 3 }).problems), ['output-too-large']);
    assert.deepEqual(validateToolOutputsText(emoji, pending, { maxOutputBytes: 4 }).problems, []);
  });

  it('without pending calls known, checks shape and duplicates only', () => {
    const text = JSON.stringify([{ tool_call_id: 'call_X', output: '1' }]);
    const result = validateToolOutputsText(text, undefined);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.outputs, [{ tool_call_id: 'call_X', output: '1' }]);
  });

  it('warns when the run waits for nothing', () => {
    const result = validateToolOutputsText('[]', []);
    assert.deepEqual(codes(result.problems), ['nothing-pending']);
    assert.equal(result.problems[0]!.severity, 'warning');
  });

  it('gives ranges that survive CRLF line endings and non-ASCII text before them', () => {
    const text = '{\r\n  "tool_outputs": [\r\n    {"tool_call_id": "call_A", "output": "Ünïcødé ✓"},\r\n    {"tool_call_id": "call_Q", "output": ""}\r\n  ]\r\n}';
    const p = validateToolOutputsText(text, pending).problems.find((x) => x.code === 'unknown-id');
    assert.equal(at(text, p!), '"call_Q"');
  });
});

describe('validateToolOutputsValue', () => {
  it('applies the same rules to a parsed value (the run panel path)', () => {
    assert.deepEqual(validateToolOutputsValue(JSON.parse(good), pending).problems, []);
    const bad = validateToolOutputsValue({ tool_outputs: [{ tool_call_id: 'call_A', output: { a: 1 } }] }, pending);
    assert.deepEqual(codes(bad.problems), ['missing-call', 'output-not-string']);
    assert.equal(bad.outputs, undefined);
  });

  it('refuses values that are not JSON', () => {
    assert.deepEqual(codes(validateToolOutputsValue(undefined, pending).problems), ['wrong-shape']);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.deepEqual(codes(validateToolOutputsValue(cyclic, pending).problems), ['wrong-shape']);
  });
});

describe('draftText', () => {
  it('has one entry per pending call, in order, with empty outputs', () => {
    const value = JSON.parse(draftText(pending)) as unknown;
    assert.deepEqual(value, {
      tool_outputs: [
        { tool_call_id: 'call_A', output: '' },
        { tool_call_id: 'call_B', output: '' },
      ],
    });
  });
});

describe('one draft for the panel boxes and the editor', () => {
  it('reads the output typed for each call, and says when the text cannot be read', () => {
    const text = '{\n  "tool_outputs": [\n    { "tool_call_id": "call_A", "output": "sunny" },\n    { "tool_call_id": "call_B", "output": "" }\n  ]\n}\n';
    assert.deepEqual(outputsOfDraft(text), { outputs: { call_A: 'sunny', call_B: '' } });
    assert.deepEqual(outputsOfDraft('[{"tool_call_id": "call_A", "output": "x"}]'), { outputs: { call_A: 'x' } });
    assert.match(outputsOfDraft('{"tool_outputs": [').problem!, /not valid JSON/);
    assert.match(outputsOfDraft('[{"tool_call_id": "call_A", "output": 3}]').problem!, /call_A that is not a string/);
  });

  it('sets one output and keeps everything else as typed', () => {
    const text = draftText(pending).replace('"output": ""', '"output": "kept"');
    const next = applyEdits(text, draftOutputEdits(text, 'call_B', 'line 1\n"quoted"')!);
    assert.deepEqual(outputsOfDraft(next).outputs, { call_A: 'kept', call_B: 'line 1\n"quoted"' });
    assert.equal(next.split('\n')[0], text.split('\n')[0]);
    // A call without an entry gets one; an array without entries too.
    const added = applyEdits('{"tool_outputs": [{"tool_call_id": "call_A", "output": "a"}]}', draftOutputEdits('{"tool_outputs": [{"tool_call_id": "call_A", "output": "a"}]}', 'call_B', 'b')!);
    assert.deepEqual(outputsOfDraft(added).outputs, { call_A: 'a', call_B: 'b' });
    assert.deepEqual(outputsOfDraft(applyEdits('{}', draftOutputEdits('{}', 'call_A', 'x')!)).outputs, { call_A: 'x' });
    assert.equal(draftOutputEdits('{"tool_outputs": [', 'call_A', 'x'), undefined, 'text that is not JSON is not edited');
  });
});

describe('quick fix for missing entries', () => {
  const insert = (text: string) => {
    const result = validateToolOutputsText(text, pending);
    const edit = missingEntriesEdit(text, result.entries, result.array!, pending.filter((c) => !result.entries.some((e) => e.toolCallId === c.id)));
    return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
  };
  it('adds the entry after the last one, with its comma on the same line (no lone "," line)', () => {
    const text = '{\n  "tool_outputs": [\n    { "tool_call_id": "call_A", "output": "x" }\n  ]\n}\n';
    const fixed = insert(text);
    assert.equal(fixed, '{\n  "tool_outputs": [\n    { "tool_call_id": "call_A", "output": "x" },\n    { "tool_call_id": "call_B", "output": "" }\n  ]\n}\n');
    assert.ok(!fixed.split('\n').some((line) => line.trim() === ','));
    assert.deepEqual(validateToolOutputsText(fixed, pending).problems.filter((p) => p.severity === 'error'), []);
  });
  it('fills an empty array', () => {
    const fixed = insert('{\n  "tool_outputs": []\n}\n');
    assert.deepEqual(validateToolOutputsText(fixed, pending).problems.filter((p) => p.severity === 'error'), []);
    assert.match(fixed, /\[\n    \{ "tool_call_id": "call_A", "output": "" \},\n    \{ "tool_call_id": "call_B", "output": "" \}\n  \]/);
  });
});

// The completion schema of tool-output drafts (media/tool-outputs.schema.json) is a
// valid JSON Schema that accepts what the extension pre-fills and documents the shape.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { draftText } from '../../src/model/toolOutputs';

const schema = JSON.parse(readFileSync(join(__dirname, '../../media/tool-outputs.schema.json'), 'utf8')) as Record<string, unknown>;

describe('tool-outputs schema', () => {
  it('compiles and accepts the pre-filled draft and a bare array', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.equal(validate(JSON.parse(draftText([{ id: 'call_A' }, { id: 'call_B' }]))), true, JSON.stringify(validate.errors));
    assert.equal(validate([{ tool_call_id: 'call_A', output: 'x' }]), true);
  });

  it('describes both fields of an entry for completion', () => {
    const entry = (schema.definitions as Record<string, { properties: Record<string, { description?: string }> }>).toolOutput!;
    assert.deepEqual(Object.keys(entry.properties).sort(), ['output', 'tool_call_id']);
    assert.ok(Object.values(entry.properties).every((p) => (p.description ?? '').length > 20));
  });
});

// Every body the real service returned parses; unknown kinds survive; bad bodies give clear errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  SchemaError,
  listSchema,
  messageSchema,
  parseAs,
  parsePage,
  pendingToolCalls,
  runSchema,
  runStepSchema,
  threadSchema,
} from '../../src/api/schemas';
import { recordedDir } from '../fixtures/paths';

const recorded = recordedDir;

function recordedFiles(): string[] {
  return fs
    .readdirSync(recorded, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(recorded, d.name)).map((f) => path.join(recorded, d.name, f)))
    .filter((f) => f.endsWith('.json'));
}

/** Parses a body by its `object` tag, the way the client does for each operation. */
function parseByObject(body: Record<string, unknown>): unknown {
  switch (body.object) {
    case 'thread':
      return parseAs(threadSchema, 'thread', body);
    case 'thread.run':
      return parseAs(runSchema, 'run', body);
    case 'thread.run.step':
      return parseAs(runStepSchema, 'run step', body);
    case 'thread.message':
      return parseAs(messageSchema, 'message', body);
    case 'list': {
      const first = (body.data as { object?: string }[])[0]?.object;
      if (first === 'thread.run') return parsePage(runSchema, 'run', body);
      if (first === 'thread.run.step') return parsePage(runStepSchema, 'run step', body);
      if (first === 'thread.message') return parsePage(messageSchema, 'message', body);
      return parseAs(listSchema, 'list', body);
    }
    default:
      return body;
  }
}

describe('recorded bodies from the real service', () => {
  const files = recordedFiles();
  it('finds the recorded fixtures', () => assert.ok(files.length >= 50, `only ${files.length} files in ${recorded}`));
  for (const file of files) {
    it(`parses ${path.relative(recorded, file)}`, () => {
      const body = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      if ('error' in body) return assert.equal(typeof (body.error as { message: string }).message, 'string');
      const parsed = parseByObject(body);
      // Unknown fields pass through untouched: the parsed object equals the body.
      if (body.object !== 'list') assert.deepEqual(parsed, body);
    });
  }

  it('reads the pending calls of a requires_action run', () => {
    const body = JSON.parse(fs.readFileSync(path.join(recorded, 'openai-dotnet', 'run_retrieve_requires_action_function.json'), 'utf8'));
    const run = parseAs(runSchema, 'run', body);
    const calls = pendingToolCalls(run);
    assert.ok(calls.length >= 1);
    assert.match(calls[0].id, /^call_/);
    assert.equal(calls[0].type, 'function');
  });

  it('pages on has_more and last_id', () => {
    const body = JSON.parse(fs.readFileSync(path.join(recorded, 'openai-dotnet', 'run_steps_list_page1_limit2_has_more.json'), 'utf8'));
    const page = parsePage(runStepSchema, 'run step', body);
    assert.equal(page.hasMore, true);
    assert.equal(page.nextAfter, body.last_id);
  });
});

const baseRun = {
  id: 'run_1',
  object: 'thread.run',
  thread_id: 'thread_1',
  assistant_id: 'asst_1',
  status: 'completed',
  created_at: 1,
};

describe('tolerance', () => {
  it('keeps unknown statuses, step types and tool-call types', () => {
    assert.equal(parseAs(runSchema, 'run', { ...baseRun, status: 'paused_for_review' }).status, 'paused_for_review');
    const step = parseAs(runStepSchema, 'run step', {
      id: 'step_1',
      object: 'thread.run.step',
      type: 'retrieval',
      status: 'completed',
      step_details: { type: 'tool_calls', tool_calls: [{ id: 'call_1', type: 'bing_grounding', bing_grounding: { requesturl: 'https://x' } }] },
    });
    assert.equal(step.type, 'retrieval');
    assert.equal(step.step_details.tool_calls?.[0].type, 'bing_grounding');
    assert.deepEqual((step.step_details.tool_calls?.[0] as Record<string, unknown>).bing_grounding, { requesturl: 'https://x' });
  });

  it('accepts Azure lists without object and first_id, and nulls in optional fields', () => {
    const page = parsePage(runSchema, 'run', { data: [{ ...baseRun, usage: null, model: null, metadata: null }], has_more: false });
    assert.equal(page.items.length, 1);
    assert.equal(page.nextAfter, undefined);
  });

  it('keeps extra fields', () => {
    const run = parseAs(runSchema, 'run', { ...baseRun, reasoning_effort: 'high', nested: { a: [1] } });
    assert.deepEqual((run as Record<string, unknown>).nested, { a: [1] });
  });
});

describe('bodies that are not what they claim', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a string', 'hello', /run/],
    ['null', null, /run/],
    ['an array', [baseRun], /run/],
    ['a run without id', { ...baseRun, id: undefined }, /id/],
    ['a run with a numeric status', { ...baseRun, status: 3 }, /status/],
    ['a message object', { ...baseRun, object: 'thread.message' }, /object/],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>', /run/],
  ];
  for (const [name, body, pattern] of cases) {
    it(`rejects ${name} with a clear SchemaError`, () => {
      assert.throws(
        () => parseAs(runSchema, 'run', body),
        (error: unknown) => error instanceof SchemaError && pattern.test(error.message) && error.message.startsWith('The service returned a run'),
      );
    });
  }

  it('names the bad item of a list', () => {
    assert.throws(
      () => parsePage(runSchema, 'run', { object: 'list', data: [baseRun, { id: 5 }], has_more: false }),
      (error: unknown) => error instanceof SchemaError && /item 1/.test(error.message),
    );
  });

  it('rejects a list without has_more (the client pages on it)', () => {
    assert.throws(() => parsePage(runSchema, 'run', { object: 'list', data: [] }), SchemaError);
  });
});

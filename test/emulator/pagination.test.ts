// Pure pagination logic: limits, order, cursors, exact has_more.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paginate, parsePageParams } from './pagination';
import { ApiError } from './types';

const items = Array.from({ length: 7 }, (_, i) => ({ id: `x${i}` }));
const ids = (p: { data: Array<{ id: string }> }): string[] => p.data.map((d) => d.id);
const q = (s: string): URLSearchParams => new URLSearchParams(s);

test('defaults: limit 20, order desc', () => {
  assert.deepEqual(parsePageParams(q('')), { limit: 20, order: 'desc', after: undefined, before: undefined });
  const page = paginate(items, parsePageParams(q('')));
  assert.deepEqual(ids(page), ['x6', 'x5', 'x4', 'x3', 'x2', 'x1', 'x0']);
  assert.equal(page.has_more, false);
});

test('limit bounds and types give 400s', () => {
  for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'order=sideways', 'limit=-1']) {
    assert.throws(() => parsePageParams(q(bad)), (e: unknown) => e instanceof ApiError && e.status === 400, bad);
  }
  assert.equal(parsePageParams(q('limit=100')).limit, 100);
  assert.equal(parsePageParams(q('limit=1')).limit, 1);
});

test('after, before, both; has_more exact; empty pages have null ids', () => {
  const p = (s: string) => paginate(items, parsePageParams(q(s)));
  assert.deepEqual(ids(p('order=asc&limit=3')), ['x0', 'x1', 'x2']);
  assert.equal(p('order=asc&limit=3').has_more, true);
  assert.deepEqual(ids(p('order=asc&limit=3&after=x3')), ['x4', 'x5', 'x6']);
  assert.equal(p('order=asc&limit=3&after=x3').has_more, false);
  assert.deepEqual(ids(p('order=asc&after=x1&before=x5')), ['x2', 'x3', 'x4']);
  assert.deepEqual(ids(p('order=asc&limit=2&after=x1&before=x5')), ['x2', 'x3']);
  assert.equal(p('order=asc&limit=2&after=x1&before=x5').has_more, true);
  assert.deepEqual(ids(p('order=desc&limit=2&before=x3')), ['x5', 'x4']);
  const empty = p('order=asc&after=x6');
  assert.deepEqual([empty.data, empty.first_id, empty.last_id, empty.has_more], [[], null, null, false]);
  assert.throws(() => p('after=nope'), (e: unknown) => e instanceof ApiError && e.status === 400);
});

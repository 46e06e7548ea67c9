import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { types } from 'node:util';
import * as apiSchemas from '../../src/api/schemas';
import * as responsesSchemas from '../../src/api/responses/schemas';
import * as protocol from '../../src/shared/protocol';
import { buildAll, lazy, unbuiltCount } from '../../src/util/lazy';

test('loading the wire and message schema modules builds none of their schemas', () => {
  // First of the tests here: nothing has used a schema since these modules were loaded.
  const modules = { 'api/schemas': apiSchemas, 'api/responses/schemas': responsesSchemas, 'shared/protocol': protocol };
  assert.ok(unbuiltCount() >= 90, `schemas are declared lazily (${unbuiltCount()} unbuilt after loading)`);
  // Every exported schema is a lazy one (a schema built at load would be a plain object).
  const eager: string[] = [];
  let schemas = 0;
  for (const [name, module] of Object.entries(modules)) {
    for (const [key, value] of Object.entries(module)) {
      if (!value || typeof value !== 'object' || !('_zod' in value)) continue;
      schemas++;
      if (!types.isProxy(value)) eager.push(`${name}.${key}`);
    }
  }
  assert.ok(schemas >= 50, `${schemas} exported schemas`);
  assert.deepEqual(eager, [], 'built at module load');
  // And they work once used.
  assert.deepEqual(modules['api/schemas'].usageSchema.parse({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }), { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
});

test('a lazy value is built on first use, once, and behaves like the value', () => {
  let builds = 0;
  class Thing {
    n = 1;
    twice(): number {
      return this.n * 2;
    }
  }
  const value = lazy(() => {
    builds++;
    return new Thing();
  });
  assert.equal(builds, 0, 'nothing built before use');
  assert.equal(value.twice(), 2);
  assert.ok(value instanceof Thing, 'instanceof sees the real prototype');
  assert.ok('n' in value);
  value.n = 5;
  assert.equal(value.twice(), 10);
  assert.equal(builds, 1, 'built once');
});

test('buildAll builds every lazy value not used yet, and none twice', () => {
  let builds = 0;
  const used = lazy(() => ({ id: ++builds }));
  lazy(() => ({ id: ++builds }));
  assert.equal(used.id, 1);
  buildAll();
  assert.equal(builds, 2);
  buildAll();
  assert.equal(builds, 2);
  assert.equal(unbuiltCount(), 0);
});


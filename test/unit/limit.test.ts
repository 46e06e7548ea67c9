import assert from 'node:assert/strict';
import { it } from 'node:test';
import { limiter } from '../../src/util/limit';

it('runs at most N tasks at once, in order, and passes results and errors through', async () => {
  const limit = limiter(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (n: number) => async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    order.push(n);
    running--;
    if (n === 3) throw new Error('three');
    return n * 10;
  };
  const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => limit(task(n))));
  assert.equal(peak, 2);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
  assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [10, 20, 'three', 40, 50]);
});

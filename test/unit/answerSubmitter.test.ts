// The guard both submitters share: one answer in flight per run or response.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InFlight } from '../../src/store/answerSubmitter';

interface Ref {
  connectionId: string;
  id: string;
}
const keyOf = (r: Ref) => `${r.connectionId}|${r.id}`;

describe('InFlight', () => {
  it('runs one answer per ref at a time; another ref is not held up', async () => {
    const guard = new InFlight<Ref>(keyOf);
    const a = { connectionId: 'c', id: 'a' };
    let release!: () => void;
    const first = guard.exclusive(a, () => 'busy', () => new Promise<string>((resolve) => (release = () => resolve('sent'))));
    assert.equal(guard.has(a), true);
    assert.equal(guard.has({ ...a }), true, 'by key, not by object');
    let ran = false;
    assert.equal(
      await guard.exclusive(a, () => 'busy', async () => {
        ran = true;
        return 'sent twice';
      }),
      'busy',
    );
    assert.equal(ran, false, 'the second send never started');
    assert.equal(await guard.exclusive({ connectionId: 'c', id: 'b' }, () => 'busy', async () => 'other'), 'other');
    release();
    assert.equal(await first, 'sent');
    assert.equal(guard.has(a), false);
  });

  it('tells listeners when an answer starts and ends, and clears the mark when sending throws', async () => {
    const guard = new InFlight<Ref>(keyOf);
    const ref = { connectionId: 'c', id: 'x' };
    const seen: boolean[] = [];
    const sub = guard.onDidChange((r) => seen.push(guard.has(r)));
    await assert.rejects(guard.exclusive(ref, () => 'busy', async () => Promise.reject(new Error('boom'))));
    assert.deepEqual(seen, [true, false]);
    assert.equal(guard.has(ref), false, 'a failed send does not leave the ref busy');
    sub.dispose();
    await guard.exclusive(ref, () => 'busy', async () => 'ok');
    assert.deepEqual(seen, [true, false], 'no calls after dispose');
  });
});

// Paths of the draft file system round-trip, and foreign paths are refused.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentsPath, outputsPath, parseDraftPath, prettyArguments, storageName } from '../../src/editors/draftPaths';

const ref = { connectionId: 'conn 1/ä', threadId: 'thread_abc', runId: 'run_xyz' };

describe('draft paths', () => {
  it('round-trip the outputs and arguments paths, with the run id leading the file name', () => {
    assert.equal(outputsPath(ref).split('/').pop(), 'run_xyz.tool-outputs.json');
    assert.deepEqual(parseDraftPath(outputsPath(ref)), { kind: 'outputs', ref });
    assert.deepEqual(parseDraftPath(argumentsPath(ref, 'call_1')), { kind: 'arguments', ref, callId: 'call_1' });
  });

  it('refuses other paths', () => {
    for (const p of ['/', '/a', '/a/b', '/a/b/c.json', '/a/b/c/d.tool-outputs.json', '/a/b/.arguments.json', '/%E0%A4%A/b/run.tool-outputs.json']) {
      assert.equal(parseDraftPath(p), undefined, p);
    }
  });

  it('gives distinct storage names to distinct runs', () => {
    assert.notEqual(storageName(ref), storageName({ ...ref, runId: 'run_other' }));
    assert.doesNotMatch(storageName(ref), /[/\\]/);
  });

  it('pretty-prints arguments, keeping text that is not JSON', () => {
    assert.equal(prettyArguments('{"city":"Paris"}'), '{\n  "city": "Paris"\n}\n');
    assert.equal(prettyArguments('not json'), 'not json\n');
    assert.equal(prettyArguments(undefined), '{}\n');
  });
});

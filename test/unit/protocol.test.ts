// The run panel's message protocol: what each side accepts, and that the view model the
// extension builds always passes the webview's validation (recorded bodies included).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { messageSchema, parseAs, runSchema, runStepSchema } from '../../src/api/schemas';
import { buildRunView } from '../../src/panels/viewModel';
import { acceptMessage, parseHostMessage, parsePersistedState, parseWebviewMessage } from '../../src/shared/protocol';
import { recordedDir } from '../fixtures/paths';

const valid = [
  { type: 'ready' },
  { type: 'copy', text: 'run_1' },
  { type: 'openJson', target: { kind: 'run', id: 'run_1' } },
  { type: 'getJson', target: { kind: 'toolCall', id: 'call_1', stepId: 'step_1' } },
  { type: 'openLink', url: 'https://example.com' },
  { type: 'refresh' },
  { type: 'cancelRun' },
  { type: 'answerInEditor' },
  { type: 'submitToolOutputs', outputs: [{ tool_call_id: 'call_1', output: '' }] },
  { type: 'saveDraft', toolCallId: 'call_1', text: 'draft' },
  { type: 'goToHandler', name: 'get_weather' },
];

const invalid: [string, unknown][] = [
  ['not an object', 'ready'],
  ['null', null],
  ['unknown type', { type: 'eval', code: 'x' }],
  ['no type', { text: 'x' }],
  ['extra field', { type: 'refresh', also: 1 }],
  ['wrong field type', { type: 'copy', text: 42 }],
  ['unknown JSON kind', { type: 'openJson', target: { kind: 'file', id: 'f' } }],
  ['empty id', { type: 'openJson', target: { kind: 'run', id: '' } }],
  ['no outputs', { type: 'submitToolOutputs', outputs: [] }],
  ['output not a string', { type: 'submitToolOutputs', outputs: [{ tool_call_id: 'c', output: { a: 1 } }] }],
  ['extra key in output', { type: 'submitToolOutputs', outputs: [{ tool_call_id: 'c', output: '', x: 1 }] }],
  ['too large', { type: 'copy', text: 'x'.repeat(4 * 1024 * 1024 + 1) }],
  ['Go to handler without a name', { type: 'goToHandler', name: '' }],
  ['Go to handler with a name too long', { type: 'goToHandler', name: 'x'.repeat(513) }],
  ['Go to handler with a path', { type: 'goToHandler', name: 'get_weather', path: '/etc/passwd' }],
  ['prototype pollution', JSON.parse('{"type":"refresh","__proto__":{"polluted":1}}')],
];

describe('webview → extension messages', () => {
  it('accepts each message the panel sends', () => {
    for (const m of valid) assert.deepEqual(parseWebviewMessage(m), { ok: true, value: m }, JSON.stringify(m));
  });
  for (const [name, m] of invalid) {
    it(`drops and logs an invalid message: ${name}`, () => {
      const warnings: string[] = [];
      assert.equal(acceptMessage(parseWebviewMessage, m, (w) => warnings.push(w), 'webview'), undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /^Dropped an invalid message from the webview \(.+; .+\)\.$/);
      assert.ok(warnings[0]!.length < 300, 'the log line carries the content');
    });
  }
});

describe('extension → webview messages', () => {
  const recorded = recordedDir;
  const files = fs.readdirSync(recorded, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  const bodies = files.map((f) => JSON.parse(fs.readFileSync(path.join(recorded, f), 'utf8')) as Record<string, unknown>);
  const items = bodies.flatMap((b) => (Array.isArray(b.data) ? (b.data as Record<string, unknown>[]) : [b]));
  const steps = items.filter((i) => i.object === 'thread.run.step').map((i) => parseAs(runStepSchema, 'step', i));
  const messages = items.filter((i) => i.object === 'thread.message').map((i) => parseAs(messageSchema, 'message', i));
  const runs = items.filter((i) => i.object === 'thread.run').map((i) => parseAs(runSchema, 'run', i));

  it(`the state built from every recorded run (${runs.length}) passes the webview's validation`, () => {
    assert.ok(runs.length >= 8);
    for (const run of runs) {
      const state = {
        ref: { connectionId: 'c', threadId: run.thread_id, runId: run.id },
        connectionName: 'c',
        loading: false,
        error: null,
        live: true,
        updatedAt: 1,
        run: buildRunView({ run, steps, messages }),
        drafts: { call_1: 'x' },
        submission: { state: 'error', message: 'm', problems: [{ toolCallId: 'call_1', message: 'p' }] },
      };
      const parsed = parseHostMessage({ type: 'state', state });
      assert.ok(parsed.ok, `${run.id}: ${parsed.ok ? '' : parsed.problem}`);
    }
  });

  it('drops malformed state, submission and json messages', () => {
    for (const m of [{ type: 'state' }, { type: 'state', state: { ref: { connectionId: 'c' } } }, { type: 'submission', submission: { state: 'error', message: 5, problems: [] } }, { type: 'submission', submission: { state: 'boom' } }, { type: 'json', target: { kind: 'run', id: 'r' } }, { type: 'html', html: '<b>' }]) {
      const warnings: string[] = [];
      assert.equal(acceptMessage(parseHostMessage, m, (w) => warnings.push(w), 'extension'), undefined, JSON.stringify(m));
      assert.equal(warnings.length, 1);
    }
  });
});

describe('restored panel state', () => {
  it('needs a complete run reference', () => {
    assert.ok(parsePersistedState({ ref: { connectionId: 'c', threadId: 't', runId: 'r' }, open: { 'section:config': true }, drafts: { call_1: 'x' }, scrollY: 10 }).ok);
    for (const bad of [undefined, null, {}, { ref: { connectionId: 'c', threadId: 't' } }, { ref: { connectionId: 'c', threadId: 't', runId: 5 } }, { ref: { connectionId: 'c', threadId: 't', runId: 'r' }, drafts: { a: 1 } }]) {
      assert.equal(parsePersistedState(bad).ok, false, JSON.stringify(bad));
    }
  });
});

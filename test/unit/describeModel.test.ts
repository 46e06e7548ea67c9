// What the tree rows of the Responses family say (src/views/describeModel.ts), from every
// recorded response body and its mutated variants: labels a person recognises, ids in the
// description, and never "undefined", "NaN" or "Invalid Date".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConversation, parseItemPage, parseResponse } from '../../src/api/responses/schemas';
import { fromResponse, stepsFromItems } from '../../src/model/responses';
import { describeCapturedSummary, describeConversation, describeItem, describeResponse, firstItemText } from '../../src/views/describeModel';
import { summaryOf } from '../../src/capture/idScanner';
import type { RowText } from '../../src/views/describe';
import { oneLine } from '../../src/util/format';
import { mutations, recordedBody, recordedResponseBodies } from './responsesFixtures';

const bad = /undefined|NaN|Invalid Date|\[object Object\]/;
const now = Date.parse('2026-12-01T12:00:00Z');

function assertClean(row: RowText, what: string): void {
  const texts = [row.label, row.description, ...row.details.flat(), row.block?.title ?? '', row.block?.text ?? ''];
  for (const text of texts) assert.doesNotMatch(text, bad, `${what}: ${JSON.stringify(text)}`);
  assert.ok(row.label.trim(), `${what}: empty label`);
}

describe('response rows from every recorded body and its mutations', () => {
  for (const { file, body, response } of recordedResponseBodies()) {
    it(file, () => {
      const run = fromResponse({ response });
      const row = describeResponse(run, now);
      assertClean(row, file);
      assert.ok(row.description.includes(run.id), `${file}: the id is not in the description`);
      assert.ok(row.details.some(([name, value]) => name === 'Response' && value === run.id));
      for (const step of run.steps) assertClean(describeItem(step), `${file} item ${step.type}`);
      for (const [name, mutated] of mutations(body)) {
        const m = fromResponse({ response: parseResponse(mutated) });
        assertClean(describeResponse(m, now), `${file} (${name})`);
        for (const step of m.steps) assertClean(describeItem(step), `${file} (${name}) item ${step.type}`);
      }
    });
  }
});

describe('response row labels', () => {
  const base = { id: 'resp_1', object: 'response', created_at: 1_764_000_000, model: 'gpt-4.1', output: [] as unknown[] };

  it('is the first output text once it is known', () => {
    const run = fromResponse({
      response: parseResponse({
        ...base,
        status: 'completed',
        output: [{ id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello\nthere', annotations: [] }] }],
      }),
    });
    const row = describeResponse(run, now);
    assert.equal(row.label, 'Hello there');
    assert.match(row.description, /^completed · gpt-4\.1 · .*resp_1$/);
  });

  it('is the model and time until then; a Foundry agent by name and version', () => {
    const running = describeResponse(fromResponse({ response: parseResponse({ ...base, status: 'in_progress', background: true }) }), now);
    assert.match(running.label, /^gpt-4\.1 · /);
    assert.match(running.description, /^in progress/);
    const agent = describeResponse(fromResponse({ response: parseResponse({ ...base, status: 'queued', agent: { type: 'agent_id', name: 'support', version: '3' } }) }), now);
    assert.match(agent.label, /^support v3 · /);
  });

  it('says "not reported" for a finish the service did not report, and invents no duration', () => {
    const row = describeResponse(fromResponse({ response: parseResponse({ ...base, status: 'completed', completed_at: null }) }), now);
    assert.deepEqual(row.details.find(([name]) => name === 'Finished'), ['Finished', 'not reported']);
    assert.doesNotMatch(row.description, /\d+(ms|s|m)\b/);
  });
});

describe('item rows', () => {
  const page = (items: unknown[]) => parseItemPage({ object: 'list', data: items, first_id: null, last_id: null, has_more: false }).items;

  it('say what a call waits for, from the answers seen', () => {
    const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Lisbon"}', status: 'completed' };
    const waiting = stepsFromItems(page([call]), true, []);
    assert.equal(describeItem(waiting[0]!).description, '{"city":"Lisbon"} → awaiting output');
    assert.equal(describeItem(waiting[0]!).look.color, 'charts.yellow');
    const answered = stepsFromItems(page([call, { id: 'fco_1', type: 'function_call_output', call_id: 'call_1', output: '{"temp_c":19}' }]), true, []);
    assert.equal(describeItem(answered[0]!).description, '{"city":"Lisbon"} → {"temp_c":19}');
    assert.equal(describeItem(answered[1]!).label, 'Output');
  });

  it('keep hostile text as text (rows are plain; tooltips escape)', () => {
    const steps = stepsFromItems(page([{ id: 'msg_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: '<img src=x onerror=alert(1)>' }] }]), true, []);
    assert.equal(describeItem(steps[0]!).description, '<img src=x onerror=alert(1)>');
  });
});

describe('conversation rows', () => {
  const conversation = parseConversation({ id: 'conv_1', object: 'conversation', created_at: 1_764_000_000, metadata: { topic: 'Plan a weekend' } });

  it('are labelled by their metadata, else their first user message, else their id', () => {
    assert.equal(describeConversation('conv_1', conversation, undefined, false, now).label, 'Plan a weekend');
    const items = parseItemPage(recordedBody('conversation_items_list.json')).items;
    const first = firstItemText(items);
    assert.ok(first, 'the recorded conversation has a first message');
    const row = describeConversation('conv_1', undefined, first, false, now);
    assert.equal(row.label, oneLine(first!, 80));
    assert.match(row.description, /^conv_1/);
    const bare = describeConversation('conv_1', undefined, undefined, false, now);
    assert.equal(bare.label, 'conv_1');
    assert.doesNotMatch(bare.description, bad);
    assert.match(describeConversation('conv_1', undefined, undefined, true, now).description, /not found/);
  });
});

describe('a captured response the connection cannot read', () => {
  it('shows what the app was answered (status, model, tokens, the calls it ended with) and says why', () => {
    for (const { file: name, body } of recordedResponseBodies()) {
      const summary = summaryOf(body);
      if (!summary) continue;
      const row = describeCapturedSummary(summary);
      assertClean(row, name);
      assert.equal(row.label, summary.id);
      assert.match(row.description, /not readable with this connection$/);
      if (summary.status) assert.ok(row.description.includes(summary.status), `${name}: no status in ${row.description}`);
      if (summary.model) assert.ok(row.description.includes(summary.model), `${name}: no model in ${row.description}`);
    }
    const row = describeCapturedSummary({ id: 'resp_N1', object: 'response', status: 'completed', model: 'gpt-x', usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 }, calls: [{ type: 'function_call', name: 'get_weather', callId: 'call_1' }] });
    assert.equal(row.description, 'completed · gpt-x · 15 tok · ended with get_weather · not readable with this connection');
    assert.deepEqual(Object.fromEntries(row.details).Usage, 'input_tokens 10, output_tokens 5, total_tokens 15');
    assert.deepEqual(Object.fromEntries(row.details)['Ended with'], 'get_weather (call_1)');
    assert.match(Object.fromEntries(row.details).Why!, /store: false/);
  });
});

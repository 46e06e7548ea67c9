// The Assistants adapter: recorded runs, steps and messages → the family-neutral model.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { messageSchema, parseAs, parsePage, runSchema, runStepSchema, type Run } from '../../src/api/schemas';
import { fromAssistantsRun } from '../../src/model/assistants';
import { callsOf, durationOf, toneOf } from '../../src/model/run';
import { recordedDir } from '../fixtures/paths';

const dotnet = (name: string) => JSON.parse(fs.readFileSync(path.join(recordedDir, 'openai-dotnet', name), 'utf8')) as Record<string, unknown>;
const run = (over: Record<string, unknown> = {}): Run =>
  parseAs(runSchema, 'run', { id: 'run_1', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status: 'completed', created_at: 100, started_at: 101, completed_at: 112, model: 'gpt-4o', ...over });

describe('Assistants runs as the model', () => {
  it('every recorded run becomes a model with its status, ids and usage', () => {
    const files = ['openai-dotnet', 'ruby-openai'].flatMap((d) => fs.readdirSync(path.join(recordedDir, d)).map((f) => path.join(recordedDir, d, f)));
    let count = 0;
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const body = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (body.object !== 'thread.run') continue;
      const model = fromAssistantsRun({ run: parseAs(runSchema, 'run', body) });
      assert.deepEqual(model.ref, { family: 'assistants', threadId: body.thread_id, runId: body.id });
      assert.equal(model.status.wire, body.status);
      assert.notEqual(model.status.phase, 'unknown', file);
      assert.equal(model.usage?.total ?? null, (body.usage as { total_tokens?: number } | null)?.total_tokens ?? null);
      count++;
    }
    assert.ok(count >= 8, `${count} runs`);
  });

  it('a requires_action run waits for its tool calls', () => {
    const body = dotnet('run_retrieve_requires_action_function.json');
    const model = fromAssistantsRun({ run: parseAs(runSchema, 'run', body) });
    const calls = (body.required_action as { submit_tool_outputs: { tool_calls: { id: string; function: { name: string; arguments: string } }[] } }).submit_tool_outputs.tool_calls;
    assert.deepEqual(
      model.pending,
      calls.map((c) => ({ kind: 'toolOutput', call: 'function', callId: c.id, name: c.function.name, arguments: c.function.arguments, stepId: null, state: 'awaiting' })),
    );
    assert.equal(model.waiting, true);
    assert.equal(toneOf(model), 'action');
    assert.deepEqual(model.cancel, { possible: true });
    assert.equal(model.times.expires?.kind, 'at');
  });

  it('steps keep their calls, file-search chunks and message text', () => {
    const steps = parsePage(runStepSchema, 'run step', dotnet('run_steps_list_file_search_with_results.json')).items;
    const model = fromAssistantsRun({ run: parseAs(runSchema, 'run', dotnet('run_retrieve_completed_file_search.json')), steps });
    assert.equal(model.steps.length, steps.length);
    const search = model.steps.flatMap(callsOf).find((c) => c.kind === 'fileSearch');
    assert.ok(search?.kind === 'fileSearch' && search.results && search.results.length > 0 && search.results[0]!.chunks.length > 0);
    const messages = parsePage(messageSchema, 'message', dotnet('messages_list_file_citation_desc.json')).items;
    const withText = fromAssistantsRun({
      run: run(),
      steps: [parseAs(runStepSchema, 'run step', { id: 'step_1', type: 'message_creation', status: 'completed', step_details: { type: 'message_creation', message_creation: { message_id: messages[0]!.id } } })],
      messages,
    });
    const body = withText.steps[0]!.body;
    assert.ok(body.kind === 'message' && body.content?.[0]?.kind === 'text' && body.content[0].text.length > 0);
    assert.ok(body.content[0].annotations.some((a) => a.type === 'file_citation' && a.fileId));
  });

  it('a function call with an output is answered; without one after the run ended, unanswered', () => {
    const step = (output: string | null) =>
      parseAs(runStepSchema, 'run step', { id: 'step_1', type: 'tool_calls', status: 'completed', step_details: { type: 'tool_calls', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}', output } }] } });
    const answered = fromAssistantsRun({ run: run(), steps: [step('"ok"')] }).steps[0]!;
    assert.deepEqual(callsOf(answered)[0], { kind: 'function', id: 'call_1', name: 'f', arguments: '{}', answer: { state: 'answered', output: '"ok"', itemId: null } });
    const expired = fromAssistantsRun({ run: run({ status: 'expired', completed_at: null, expires_at: 700 }), steps: [step(null)] });
    assert.deepEqual(callsOf(expired.steps[0]!)[0], { kind: 'function', id: 'call_1', name: 'f', arguments: '{}', answer: { state: 'unanswered' } });
    assert.deepEqual(expired.problems, [{ kind: 'expired', at: { kind: 'at', seconds: 700 }, waitedForOutputs: true }]);
    assert.deepEqual(expired.cancel, { possible: false, why: 'finished' });
  });

  it('unknown step and call kinds are kept as JSON', () => {
    const steps = [
      parseAs(runStepSchema, 'run step', { id: 'step_1', type: 'tool_calls', status: 'completed', step_details: { type: 'tool_calls', tool_calls: [{ id: 'call_b', type: 'bing_grounding', bing_grounding: { q: 'x' } }] } }),
      parseAs(runStepSchema, 'run step', { id: 'step_2', type: 'hologram', status: 'completed', step_details: { type: 'hologram', beam: 1 } }),
    ];
    const model = fromAssistantsRun({ run: run(), steps });
    assert.deepEqual(callsOf(model.steps[0]!)[0], { kind: 'other', id: 'call_b', type: 'bing_grounding', json: steps[0]!.step_details.tool_calls![0] });
    assert.deepEqual(model.steps[1]!.body, { kind: 'unknown', type: 'hologram', json: { type: 'hologram', beam: 1 }, problem: null });
  });

  it('times: duration from start to finish; a finished run without a finish time says "not reported"', () => {
    const done = fromAssistantsRun({ run: run() });
    assert.deepEqual(durationOf(done.times, done.active), { kind: 'seconds', seconds: 11 });
    const silent = fromAssistantsRun({ run: run({ completed_at: null }) });
    assert.deepEqual(silent.times.finished, { kind: 'notReported' });
    assert.deepEqual(durationOf(silent.times, silent.active), { kind: 'notReported' });
    const queued = fromAssistantsRun({ run: run({ status: 'queued', started_at: null, completed_at: null }) });
    assert.deepEqual(queued.times.started, { kind: 'notYet' });
    assert.equal(durationOf(queued.times, queued.active).kind, 'running');
  });

  it('explain incomplete runs by the limit, and keep an unknown status', () => {
    const model = fromAssistantsRun({ run: run({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, max_completion_tokens: 50 }) });
    assert.deepEqual(model.problems, [{ kind: 'incomplete', reason: 'max_completion_tokens', limit: { name: 'max_completion_tokens', value: 50 } }]);
    assert.deepEqual(model.config.find((r) => r.key === 'max_completion_tokens')?.note, { kind: 'stoppedByLimit', reason: 'max_completion_tokens', low: true });
    const odd = fromAssistantsRun({ run: run({ status: 'paused_by_moon' }) });
    assert.deepEqual(odd.status, { wire: 'paused_by_moon', phase: 'unknown' });
    assert.equal(toneOf(odd), 'neutral');
    assert.deepEqual(odd.cancel, { possible: false, why: 'unknownStatus' });
  });
});

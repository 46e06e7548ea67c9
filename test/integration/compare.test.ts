// Compare with… in a real VS Code against the emulator: two responses (or a run and a
// response) open in the diff editor as documents made for comparing. Two responses that
// behaved alike differ only in their headers; responses whose tool output differs differ
// in exactly the lines that show it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, emulatorOrigin, waitFor } from './helpers';

const CONN = 'demo';
const base = () => `${emulatorOrigin()}/api/projects/${DEMO.project}/openai/v1`;

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${base()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `POST ${path} → ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

interface Created {
  id: string;
  output: { type: string; call_id?: string }[];
}

/** A response that called two tools, and its continuation with these outputs. */
async function answered(outputs: [string, string]): Promise<string> {
  const first = await post<Created>('/responses', { model: 'tools', input: 'Weather in Oslo? And order 7007?' });
  const calls = first.output.filter((i) => i.type === 'function_call');
  const next = await post<Created>('/responses', {
    model: 'tools',
    previous_response_id: first.id,
    input: calls.map((c, i) => ({ type: 'function_call_output', call_id: c.call_id, output: outputs[i] })),
  });
  return next.id;
}

/** The two documents of the diff editor that opened. */
async function openedDiff(): Promise<[string, string]> {
  const tab = await waitFor('the diff editor', () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff && input.original.scheme === 'agent-runs-compare' ? input : undefined;
  }, 20_000);
  const [left, right] = await Promise.all([vscode.workspace.openTextDocument(tab.original), vscode.workspace.openTextDocument(tab.modified)]);
  return [left.getText(), right.getText()];
}

const body = (text: string) => text.split('\n').filter((line) => !line.startsWith('# '));
const ref = (responseId: string) => ({ ref: { connectionId: CONN, responseId } });

describe('Compare with…', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows no difference in behaviour between two responses that behaved alike, only in their headers', async () => {
    await activatedApi();
    const a = await answered(['9 °C and rain', 'shipped Friday']);
    const b = await answered(['9 °C and rain', 'shipped Friday']);
    // Two rows selected in the tree: the command gets the clicked one and the selection.
    await vscode.commands.executeCommand('agentRuns.compareWith', ref(a), [ref(a), ref(b)]);
    const [left, right] = await openedDiff();
    assert.ok(left.startsWith(`# Response ${a}`), left.slice(0, 80));
    assert.ok(right.startsWith(`# Response ${b}`), right.slice(0, 80));
    assert.match(left, /get_weather returned "9 °C and rain"/);
    assert.deepEqual(body(left), body(right));
  });

  it('shows a changed tool output as exactly that difference', async () => {
    await activatedApi();
    const a = await answered(['9 °C and rain', 'shipped Friday']);
    const b = await answered(['25 °C and sun', 'shipped Friday']);
    await vscode.commands.executeCommand('agentRuns.compareWith', ref(a), [ref(a), ref(b)]);
    const [left, right] = await openedDiff();
    const l = body(left);
    const r = body(right);
    assert.equal(l.length, r.length, 'aligned line for line');
    const differing = l.flatMap((line, i) => (line === r[i] ? [] : [`${line} → ${r[i]}`]));
    // The output where the call shows it, and the model's answer quoting it.
    assert.deepEqual(differing, [
      '    9 °C and rain →     25 °C and sun',
      'get_weather returned "9 °C and rain" and lookup_order returned "shipped Friday". → get_weather returned "25 °C and sun" and lookup_order returned "shipped Friday".',
    ]);
  });

  it('compares across families: a classic run against a response', async () => {
    const api = await activatedApi();
    const a = await answered(['9 °C and rain', 'shipped Friday']);
    await api.services.store.fetchRun(CONN, DEMO.threads.mixed, DEMO.runs.completed);
    await vscode.commands.executeCommand('agentRuns.compareWith', { ref: { connectionId: CONN, threadId: DEMO.threads.mixed, runId: DEMO.runs.completed } }, [
      { ref: { connectionId: CONN, threadId: DEMO.threads.mixed, runId: DEMO.runs.completed } },
      ref(a),
    ]);
    const [left, right] = await openedDiff();
    assert.ok(left.startsWith(`# Run ${DEMO.runs.completed}`), left.slice(0, 80));
    assert.match(left, /## Steps\n### 1 · /);
    assert.ok(right.startsWith(`# Response ${a}`));
    for (const text of [left, right]) assert.match(text, /## Summary\nstatus: completed\nerror: none\nduration: .*\ntokens: .*\nsteps: \d+\ntool calls: /);
  });

  it('opens the left side\'s panel from the diff editor with both summaries side by side', async () => {
    const a = await activatedApi();
    const left = await answered(['9 °C and rain', 'shipped Friday']);
    const right = await answered(['25 °C and sun', 'shipped Friday']);
    await vscode.commands.executeCommand('agentRuns.compareWith', ref(left), [ref(left), ref(right)]);
    await openedDiff();
    await vscode.commands.executeCommand('agentRuns.openComparisonInPanel');
    const panel = await waitFor('the panel', () => a.services.responsePanels.get({ connectionId: CONN, responseId: left }));
    const comparison = await waitFor('the comparison', () => panel.buildState().comparison ?? undefined);
    assert.equal(comparison.here, left);
    assert.equal(comparison.other, right);
    assert.deepEqual(comparison.rows.map((r) => r.label), ['model', 'status', 'error', 'duration', 'tokens', 'steps', 'tool calls']);
    const row = (label: string) => comparison.rows.find((r) => r.label === label)!;
    assert.deepEqual([row('model').here, row('model').other], ['tools', 'tools']);
    assert.deepEqual([row('status').here, row('status').other], ['completed', 'completed']);
    assert.equal(row('steps').here, row('steps').other);
  });
});

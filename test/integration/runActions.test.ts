// Acting on runs inside a real VS Code, against the emulator (demo seed, Azure mode):
// answering tool calls in the draft editor (diagnostics, CodeLens, hover, quick fix,
// completion, submission, faults, expiry, drafts kept) and cancelling runs. Every check
// goes through commands, documents, language features and the emulator's request log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, describeRequests, emulatorOrigin, servedRequests, waitFor } from './helpers';

const CONN = 'demo';

interface Ref {
  connectionId: string;
  threadId: string;
  runId: string;
}

interface WireRun {
  id: string;
  thread_id: string;
  status: string;
  required_action?: { submit_tool_outputs?: { tool_calls: { id: string; function?: { name?: string; arguments?: string } }[] } } | null;
}

const api = activatedApi;

/** The emulator's Azure AI Agents base URL (the demo connection's). */
function azure(path: string): string {
  return `${emulatorOrigin()}/api/projects/${DEMO.project}${path}${path.includes('?') ? '&' : '?'}api-version=v1`;
}

async function control(path: string, body?: unknown, method = 'POST'): Promise<void> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} /__emulator/${path} → ${res.status}`);
}

async function wireRun(ref: Ref): Promise<WireRun> {
  const res = await fetch(azure(`/threads/${ref.threadId}/runs/${ref.runId}`));
  assert.equal(res.status, 200);
  return (await res.json()) as WireRun;
}

async function waitForWireStatus(ref: Ref, statuses: string[], timeoutMs = 20_000): Promise<WireRun> {
  return waitFor(`${ref.runId} to reach ${statuses.join('|')}`, async () => {
    const run = await wireRun(ref);
    return statuses.includes(run.status) ? run : undefined;
  }, timeoutMs);
}

/** Starts a run of a scripted assistant on a new thread, waiting for one of `until`. */
async function startRun(assistant: string, until: string[]): Promise<Ref> {
  const res = await fetch(azure('/threads/runs'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ assistant_id: assistant, thread: { messages: [{ role: 'user', content: 'What is the weather in Paris, and where is order 42?' }] } }),
  });
  assert.equal(res.status, 200, `create thread and run → ${res.status}`);
  const run = (await res.json()) as WireRun;
  const ref = { connectionId: CONN, threadId: run.thread_id, runId: run.id };
  await waitForWireStatus(ref, until);
  return ref;
}

async function submitRequests(): Promise<number> {
  return (await servedRequests()).filter((r) => r.method === 'POST' && r.path.endsWith('/submit_tool_outputs')).length;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Agent Runs');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const ok = await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
  assert.ok(ok, 'the edit was not applied');
}

/** Opens the draft of `ref` through the command a user runs. */
async function answer(ref: Ref): Promise<vscode.TextEditor> {
  const a = await api();
  await a.services.store.fetchRun(ref.connectionId, ref.threadId, ref.runId);
  const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('agentRuns.answerToolCalls', ref);
  assert.ok(editor, 'agentRuns.answerToolCalls opened no editor');
  assert.equal(editor.document.uri.scheme, 'agent-runs-draft');
  return editor;
}

function callsOf(run: WireRun): { id: string; name: string }[] {
  return (run.required_action?.submit_tool_outputs?.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function?.name ?? '' }));
}

function goodOutputs(run: WireRun): string {
  return JSON.stringify(
    {
      tool_outputs: callsOf(run).map((c) => ({
        tool_call_id: c.id,
        output: c.name === 'get_weather' ? '21 °C and sunny in Paris' : 'Order 42 shipped on Monday',
      })),
    },
    null,
    2,
  );
}

async function closeAll(): Promise<void> {
  // Revert every edited draft first: closing an edited document that is not the active
  // editor asks "Save changes?" in a modal, which nobody answers in a test host.
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // A successful submission opens the run's panel; later suites count panels.
  const panels = (await api()).services.panels;
  for (const p of panels.all()) p.panel.dispose();
}

describe('Answering tool calls in the editor', function () {
  this.timeout(60_000);
  afterEach(closeAll);

  it('pre-fills one entry per pending call, in order, with CodeLens, hover and completion', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const value = JSON.parse(editor.document.getText()) as unknown;
    assert.deepEqual(value, { tool_outputs: callsOf(run).map((c) => ({ tool_call_id: c.id, output: '' })) });
    assert.equal(editor.document.languageId, 'json');

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /Submit tool outputs/.test(t)), `no submit lens in ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.startsWith('ƒ get_weather(')), `no get_weather lens in ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.startsWith('ƒ lookup_order(')), `no lookup_order lens in ${titles.join(' | ')}`);
    assert.ok(titles.filter((t) => t === 'Open arguments as JSON').length === 2);

    // "Open arguments as JSON" opens the call's arguments, pretty-printed.
    const open = lenses.find((l) => l.command?.title === 'Open arguments as JSON');
    await vscode.commands.executeCommand(open!.command!.command, ...(open!.command!.arguments ?? []));
    const argsDoc = await waitFor('the arguments document', () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('.arguments.json')));
    assert.ok(typeof (JSON.parse(argsDoc.getText()) as Record<string, unknown>) === 'object');

    const firstId = callsOf(run)[0]!.id;
    const idAt = editor.document.positionAt(editor.document.getText().indexOf(firstId) + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, idAt);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /get_weather/);

    // Completion of a tool_call_id value offers the pending ids.
    await setText(editor, '{"tool_outputs": [{"tool_call_id": "", "output": ""}]}');
    const inside = editor.document.positionAt(editor.document.getText().indexOf('""') + 1);
    const completion = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, inside);
    const labels = completion.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const c of callsOf(run)) assert.ok(labels.includes(c.id), `completion lacks ${c.id}: ${labels.slice(0, 20).join(', ')}`);
  });

  it('full round trip: answer in the editor → submitted → completed, the reply quotes the outputs', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const uri = editor.document.uri;
    await setText(editor, goodOutputs(run));
    await waitFor('no problems', () => (ours(uri).length === 0 ? true : undefined));
    await clearServedRequests();

    const message = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputs', uri);
    assert.match(message ?? '', new RegExp(`Submitted 2 tool outputs for ${ref.runId}`));
    assert.equal(await submitRequests(), 1);
    // The draft is gone and its tab closed.
    assert.equal(await (await api()).services.drafts.storedDraft(ref), undefined);
    await waitFor('the draft tab to close', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()) ? undefined : true,
    );
    // The store (so the tree and panel) follows the run to completed.
    const a = await api();
    await waitFor('the store to see the run completed', () => (a.services.store.run(CONN, ref.threadId, ref.runId)?.status === 'completed' ? true : undefined), 30_000);
    assert.ok(await waitFor('the run panel', () => a.services.panels.get(ref)), 'the run panel was not opened after submitting');
    const res = await fetch(azure(`/threads/${ref.threadId}/messages?run_id=${ref.runId}`));
    const text = JSON.stringify(await res.json());
    assert.match(text, /21 °C and sunny in Paris/);
    assert.match(text, /Order 42 shipped on Monday/);
  });

  const badInputs: { name: string; code: string; text: (run: WireRun) => string; covers?: string; syntax?: true }[] = [
    // Syntax errors are the JSON language support's to report (once); the lens counts them and submitting is refused.
    { name: 'invalid JSON', code: 'invalid-json', syntax: true, text: (run) => goodOutputs(run).replace(/}\s*,\s*{/, '} {') },
    { name: 'unknown tool_call_id', code: 'unknown-id', covers: '"call_unknown"', text: (run) => goodOutputs(run).replace(callsOf(run)[1]!.id, 'call_unknown') },
    { name: 'missing id', code: 'missing-call', text: (run) => JSON.stringify({ tool_outputs: [{ tool_call_id: callsOf(run)[0]!.id, output: 'x' }] }) },
    {
      name: 'duplicated id',
      code: 'duplicate-id',
      text: (run) => JSON.stringify({ tool_outputs: [...callsOf(run), callsOf(run)[0]!].map((c) => ({ tool_call_id: c.id, output: 'x' })) }),
    },
    {
      name: 'non-string output',
      code: 'output-not-string',
      covers: '{"temp":21}',
      text: (run) => JSON.stringify({ tool_outputs: callsOf(run).map((c, i) => ({ tool_call_id: c.id, output: i ? 'x' : { temp: 21 } })) }),
    },
    {
      name: 'extra field',
      code: 'extra-field',
      covers: '"name"',
      text: (run) => JSON.stringify({ tool_outputs: callsOf(run).map((c) => ({ tool_call_id: c.id, output: 'x', name: c.name })) }),
    },
  ];

  for (const bad of badInputs) {
    it(`${bad.name}: a diagnostic at the right place, and nothing is submitted`, async () => {
      const ref = await startRun('asst_tools', ['requires_action']);
      const run = await wireRun(ref);
      const editor = await answer(ref);
      const uri = editor.document.uri;
      await setText(editor, bad.text(run));
      if (bad.syntax) {
        await waitFor('the lens to count the syntax error', async () => {
          const titles = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title ?? '');
          return titles.some((t) => /\(\d+ problems?\)/.test(t)) ? true : undefined;
        });
        assert.deepEqual(ours(uri).filter((d) => codeOf(d) === bad.code), [], 'the syntax error is reported by us as well as by the JSON language support');
      } else {
        const diagnostic = await waitFor(`a ${bad.code} diagnostic`, () => ours(uri).find((d) => codeOf(d) === bad.code));
        assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
        if (bad.covers) assert.equal(editor.document.getText(diagnostic.range), bad.covers);
      }
      await clearServedRequests();
      const result = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputs', uri);
      assert.equal(result, undefined, 'the command reported success');
      assert.equal(await submitRequests(), 0, `submit requests reached the service:\n  ${describeRequests(await servedRequests())}`);
      assert.equal((await wireRun(ref)).status, 'requires_action');
      assert.ok((await (await api()).services.drafts.storedDraft(ref))?.length, 'the draft was lost');
    });
  }

  it('one draft: what the panel stores opens in the editor, and what the editor types reaches the panel', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const calls = callsOf(await wireRun(ref));
    const a = await api();
    const panel = a.services.panels!.open(ref);
    await waitFor('the panel to load', () => panel.buildState().run ?? undefined);
    // What the panel's box sends (saveDraft) goes to the one draft store.
    await a.services.drafts.setOutput(ref, calls, calls[0]!.id, 'typed in the panel');
    await waitFor('the panel state to carry it', () => (panel.buildState().drafts[calls[0]!.id] === 'typed in the panel' ? true : undefined));
    const editor = await answer(ref);
    assert.deepEqual(JSON.parse(editor.document.getText()), { tool_outputs: [{ tool_call_id: calls[0]!.id, output: 'typed in the panel' }, { tool_call_id: calls[1]!.id, output: '' }] });
    // The panel edits the open editor, not a copy behind it.
    await a.services.drafts.setOutput(ref, calls, calls[1]!.id, 'second box');
    await waitFor('the editor to show the second box', () => (editor.document.getText().includes('"second box"') ? true : undefined));
    // Typed in the editor: the panel's boxes follow; text that is not JSON locks them.
    await setText(editor, JSON.stringify({ tool_outputs: [{ tool_call_id: calls[0]!.id, output: 'from the editor' }, { tool_call_id: calls[1]!.id, output: 'x' }] }));
    await waitFor('the panel to show the editor text', () => (panel.buildState().drafts[calls[0]!.id] === 'from the editor' ? true : undefined));
    await setText(editor, '{"tool_outputs": [');
    await waitFor('the panel to say the draft is not JSON', () => (/not valid JSON/.test(panel.buildState().draftProblem ?? '') ? true : undefined));
  });

  it('the draft of a run that no longer waits offers no submit, and its problems leave with its tab', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const editor = await answer(ref);
    const uri = editor.document.uri;
    await waitFor('the empty-output warnings', () => (ours(uri).some((d) => codeOf(d) === 'empty-output') ? true : undefined));
    const outcome = await vscode.commands.executeCommand<{ kind: string } | undefined>('agentRuns.cancelRun', ref, { confirm: false });
    assert.ok(outcome);
    await waitForWireStatus(ref, ['cancelled']);
    await (await api()).services.store.fetchRun(CONN, ref.threadId, ref.runId);
    const titles = await waitFor('the lens to say the run no longer waits', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.some((x) => /cancel/.test(x)) ? t : undefined;
    });
    assert.ok(!titles.some((t) => /Submit tool outputs|pending call/.test(t)), titles.join(' | '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the problems to leave with the tab', () => (ours(uri).length === 0 ? true : undefined));
    // Something else touching the run does not bring them back while no tab shows the draft.
    await (await api()).services.store.fetchRun(CONN, ref.threadId, ref.runId);
    assert.deepEqual(ours(uri), []);
  });

  it('invalid JSON is left to the JSON language support; unknown ids get a fix; completion skips answered ids', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const calls = callsOf(await wireRun(ref));
    const editor = await answer(ref);
    const uri = editor.document.uri;
    await setText(editor, '{"tool_outputs": [');
    const lenses = await waitFor('the lens to count the syntax error', async () => {
      const t = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title ?? '');
      return t.some((x) => /problem/.test(x)) ? t : undefined;
    });
    // `{"tool_outputs": [` has two syntax errors (a value, then the closing brackets, are missing).
    assert.ok(lenses.some((t) => /\(2 problems\)/.test(t)), lenses.join(' | '));
    assert.deepEqual(ours(uri).filter((d) => codeOf(d) === 'invalid-json'), [], 'the syntax error is reported by us as well as by the JSON language support');

    await setText(editor, JSON.stringify({ tool_outputs: [{ tool_call_id: calls[0]!.id, output: 'a' }, { tool_call_id: 'call_typo', output: 'b' }] }, null, 2));
    const unknown = await waitFor('the unknown-id problem', () => ours(uri).find((d) => codeOf(d) === 'unknown-id'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unknown.range);
    const change = actions.find((x) => x.title === `Change to ${calls[1]!.id} (${calls[1]!.name})`);
    assert.ok(change?.edit, actions.map((x) => x.title).join(' | '));
    await vscode.workspace.applyEdit(change.edit);
    await waitFor('no errors after the fix', () => (ours(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error) ? true : undefined));

    // Completion in a new entry offers only the id not answered yet.
    await setText(editor, JSON.stringify({ tool_outputs: [{ tool_call_id: calls[0]!.id, output: 'a' }, { tool_call_id: '', output: 'b' }] }, null, 2));
    const inside = editor.document.positionAt(editor.document.getText().indexOf('""') + 1);
    const completion = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, inside);
    const labels = completion.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).filter((l) => l.startsWith('call_'));
    assert.deepEqual(labels, [calls[1]!.id]);
  });

  it('the quick fix stringifies a non-string output', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const uri = editor.document.uri;
    await setText(editor, badInputs.find((b) => b.code === 'output-not-string')!.text(run));
    const diagnostic = await waitFor('the output-not-string diagnostic', () => ours(uri).find((d) => codeOf(d) === 'output-not-string'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Convert the output to a JSON string');
    assert.ok(fix?.edit, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /"output":"{\\"temp\\":21}"/);
    await waitFor('no problems after the fix', () => (ours(uri).length === 0 ? true : undefined));
  });

  it('already answered elsewhere: nothing sent, the draft kept, and the user told so', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    await setText(editor, goodOutputs(run));
    // Hold runs where an answer leaves them (queued), so the run is seen just answered.
    const config = (await (await fetch(`${emulatorOrigin()}/__emulator/config`)).json()) as { stepMs: number };
    await control('config', { stepMs: 600_000 });
    try {
      // Another client answers first.
      const other = await fetch(azure(`/threads/${ref.threadId}/runs/${ref.runId}/submit_tool_outputs`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(JSON.parse(goodOutputs(run))),
      });
      assert.equal(other.status, 200);
      assert.equal((await wireRun(ref)).status, 'queued');
      await clearServedRequests();
      const result = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputs', editor.document.uri);
      assert.equal(result, undefined);
      assert.equal(await submitRequests(), 0);
      assert.ok(await (await api()).services.drafts.storedDraft(ref));
      const direct = await (await api()).services.submitter.submit(ref, JSON.parse(goodOutputs(run)));
      assert.equal(direct.ok ? '(sent)' : direct.message, `Run ${ref.runId} is queued: its tool calls were already answered; nothing was sent.`);
      assert.equal(await submitRequests(), 0);
    } finally {
      await control('config', { stepMs: config.stepMs });
      // Its next step was scheduled 10 minutes ahead: end it now.
      await fetch(azure(`/threads/${ref.threadId}/runs/${ref.runId}/cancel`), { method: 'POST' });
    }
  });

  it('a dropped connection keeps the draft, and a retry succeeds', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const uri = editor.document.uri;
    await setText(editor, goodOutputs(run));
    await control('faults', { match: { method: 'POST', path: 'submit_tool_outputs' }, kind: 'drop', count: 1 });
    const failed = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputs', uri);
    assert.equal(failed, undefined);
    assert.equal((await wireRun(ref)).status, 'requires_action');
    assert.ok((await (await api()).services.drafts.storedDraft(ref))?.includes('21 °C and sunny'), 'the draft was lost');
    const retried = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputs', uri);
    assert.match(retried ?? '', /Submitted 2 tool outputs/);
    await waitForWireStatus(ref, ['completed']);
  });

  it('the draft survives closing the tab without saving', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const uri = editor.document.uri;
    await setText(editor, goodOutputs(run));
    await waitFor('the draft to be kept', async () => ((await (await api()).services.drafts.storedDraft(ref))?.includes('Order 42 shipped') ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the draft tab to close', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()) ? undefined : true,
    );
    const reopened = await answer(ref);
    assert.equal(reopened.document.uri.toString(), uri.toString());
    assert.match(reopened.document.getText(), /Order 42 shipped on Monday/);
  });

  it('saves a draft after its text was kept as typed, without a "file is newer" conflict', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const { drafts } = (await api()).services;
    const fileTime = async () => (await vscode.workspace.fs.stat(editor.document.uri)).mtime;
    for (const marker of ['kept, then saved', 'saved twice']) {
      // Kept as typed (after the pause), under the open document: the file's time stays…
      const before = await fileTime();
      await setText(editor, goodOutputs(run).replace('Order 42 shipped on Monday', marker));
      await waitFor('the draft to be kept', async () => ((await drafts.storedDraft(ref))?.includes(marker) ? true : undefined));
      assert.equal(await fileTime(), before, `${marker}: keeping the text as typed moved the file's time`);
      // …so the save goes through.
      assert.equal(await editor.document.save(), true, `${marker}: the save was refused (the file looked newer than the document)`);
      assert.equal(editor.document.isDirty, false);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('text typed just before the host shuts down is written by the flush deactivate() awaits', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    const { drafts } = (await api()).services;
    // The draft is written after a 300 ms pause in typing. When this test ran too slowly to
    // look within that pause, the pause's own write got there first: type again.
    let flushed: { marker: string; stored: string } | undefined;
    for (let attempt = 1; !flushed && attempt <= 5; attempt++) {
      const marker = `Order 42 shipped on Monday (attempt ${attempt})`;
      await setText(editor, goodOutputs(run).replace('Order 42 shipped on Monday', marker));
      assert.ok(editor.document.getText().includes(marker));
      // The draft is read from memory once kept: nothing can run between this look and flush().
      if ((await drafts.storedDraft(ref))?.includes(marker)) continue;
      await drafts.flush();
      flushed = { marker, stored: (await drafts.storedDraft(ref)) ?? '' };
    }
    assert.ok(flushed, 'each time, the draft was written before it could be looked at (is the 300 ms pause gone?)');
    assert.ok(flushed.stored.includes(flushed.marker), 'flush() did not write the text typed last');
  });

  it('submit from any editor: a bare array, the run inferred from its ids', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    await (await api()).services.store.fetchRun(CONN, ref.threadId, ref.runId);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify((JSON.parse(goodOutputs(run)) as { tool_outputs: unknown[] }).tool_outputs, null, 2) });
    await vscode.window.showTextDocument(doc);
    await clearServedRequests();
    const message = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputsFromEditor', undefined, { confirm: false });
    assert.match(message ?? '', new RegExp(`Submitted 2 tool outputs for ${ref.runId}`));
    assert.equal(await submitRequests(), 1);
    await waitForWireStatus(ref, ['completed']);
  });

  it('an expired run (virtual clock): nothing sent, the draft kept', async () => {
    const ref = await startRun('asst_tools', ['requires_action']);
    const run = await wireRun(ref);
    const editor = await answer(ref);
    await setText(editor, goodOutputs(run));
    await control('clock', { advanceSeconds: 601 });
    try {
      await waitForWireStatus(ref, ['expired']);
      await clearServedRequests();
      const result = await vscode.commands.executeCommand<string | undefined>('agentRuns.submitToolOutputs', editor.document.uri);
      assert.equal(result, undefined);
      assert.equal(await submitRequests(), 0);
      assert.ok(await (await api()).services.drafts.storedDraft(ref));
      const direct = await (await api()).services.submitter.submit(ref, JSON.parse(goodOutputs(run)));
      assert.match(direct.ok ? '(sent)' : direct.message, new RegExp(`Run ${ref.runId} expired at \\d\\d:\\d\\d`));
      // The draft says so too.
      await waitFor('the run-not-waiting warning', () => ours(editor.document.uri).find((d) => codeOf(d) === 'run-not-waiting'));
    } finally {
      // Put the clock back for the tests that follow (the run stays expired).
      await control('clock', { advanceSeconds: -601 });
    }
  });
});

describe('Cancelling runs', function () {
  this.timeout(60_000);
  afterEach(closeAll);

  it('an active run goes cancelling → cancelled, followed live by the store', async () => {
    const ref = await startRun('asst_slow', ['in_progress']);
    const a = await api();
    await a.services.store.fetchRun(CONN, ref.threadId, ref.runId);
    await clearServedRequests();
    const outcome = await vscode.commands.executeCommand<{ kind: string; run?: WireRun } | undefined>('agentRuns.cancelRun', ref, { confirm: false });
    assert.equal(outcome?.kind, 'cancelling');
    await waitFor('the store to see cancelled', () => (a.services.store.run(CONN, ref.threadId, ref.runId)?.status === 'cancelled' ? true : undefined), 30_000);
    assert.equal((await servedRequests()).filter((r) => r.path.endsWith('/cancel')).length, 1);
  });

  it('a finished run: "already completed; nothing to cancel", no error', async () => {
    const ref = { connectionId: CONN, threadId: DEMO.threads.mixed, runId: DEMO.runs.completed };
    const outcome = await vscode.commands.executeCommand<{ kind: string; message: string } | undefined>('agentRuns.cancelRun', ref, { confirm: false });
    assert.equal(outcome?.kind, 'finished');
    assert.equal(outcome?.message, `Run ${DEMO.runs.completed} already completed; nothing to cancel.`);
    assert.equal((await api()).services.store.run(CONN, ref.threadId, ref.runId)?.status, 'completed');
  });

  it('a run already cancelling: says so', async () => {
    const ref = { connectionId: CONN, threadId: DEMO.threads.cancelling, runId: DEMO.runs.cancelling };
    const outcome = await vscode.commands.executeCommand<{ kind: string; message: string; alreadyCancelling: boolean } | undefined>('agentRuns.cancelRun', ref, { confirm: false });
    assert.equal(outcome?.kind, 'cancelling');
    assert.equal(outcome?.alreadyCancelling, true);
    assert.equal(outcome?.message, `Run ${DEMO.runs.cancelling} is already being cancelled.`);
  });

  it('cancel all active runs on a thread', async () => {
    const ref = await startRun('asst_slow', ['in_progress']);
    const outcomes = await vscode.commands.executeCommand<{ kind: string }[] | undefined>(
      'agentRuns.cancelAllRunsOnThread',
      { connectionId: CONN, threadId: ref.threadId },
      { confirm: false },
    );
    assert.deepEqual(outcomes?.map((o) => o.kind), ['cancelling']);
    // The command (and its notification) lasts until the run has left `cancelling`.
    assert.equal((await api()).services.store.run(CONN, ref.threadId, ref.runId)?.status, 'cancelled');
    await waitForWireStatus(ref, ['cancelled']);
  });
});

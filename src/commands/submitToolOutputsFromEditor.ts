import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { pendingToolCalls } from '../api/schemas';
import { confirmEmptyOutputs } from '../editors/confirmEmptyOutputs';
import { diagnosticSource } from '../editors/toolOutputsLanguage';
import { validateToolOutputsText } from '../model/toolOutputs';
import type { Services } from '../services';
import { pendingCallsOf } from '../store/toolOutputSubmitter';
import { runRefOf, type RunRef } from '../util/refs';
import type { ConfirmOptions } from './confirmOptions';
import { pickRun } from './pickRun';

let problems: vscode.DiagnosticCollection | undefined;

/**
 * Submits the active editor's JSON (or its selection) — `{"tool_outputs":[…]}` or a bare
 * array — as the outputs of a run: the one its ids belong to, or one the user picks.
 * Same validation and messages as a draft; problems show at their place in the editor.
 */
export async function submitToolOutputsFromEditor(services: Services, arg?: unknown, options?: ConfirmOptions): Promise<string> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new UserFacingError(vscode.l10n.t('Open an editor with tool outputs as JSON ({"tool_outputs": […]} or an array), then run this again.'));
  if (!problems) {
    problems = vscode.languages.createDiagnosticCollection('agentRuns.toolOutputsFromEditor');
    services.context.subscriptions.push(problems);
  }
  const document = editor.document;
  const selection = editor.selection;
  const base = selection.isEmpty ? 0 : document.offsetAt(selection.start);
  const text = selection.isEmpty ? document.getText() : document.getText(selection);
  problems.delete(document.uri);

  // The shape first: nothing to pick a run for if the text is not tool outputs.
  const shape = validateToolOutputsText(text, undefined);
  if (show(document, base, shape.problems)) {
    const problem = shape.problems[0]!.message;
    throw new UserFacingError(
      selection.isEmpty
        ? vscode.l10n.t('The editor is not valid tool outputs: {0} Nothing was sent.', problem)
        : vscode.l10n.t('The selection is not valid tool outputs: {0} Nothing was sent.', problem),
    );
  }
  const ids = shape.entries.map((e) => e.toolCallId).filter((id): id is string => !!id);
  const ref = runRefOf(arg) ?? (await inferRun(services, ids, options?.confirm !== false));

  const cached = services.store.run(ref.connectionId, ref.threadId, ref.runId);
  const maxOutputBytes = vscode.workspace.getConfiguration('agentRuns.toolOutputs').get<number>('maxOutputBytes', 524_288);
  if (cached?.status === 'requires_action') {
    const checked = validateToolOutputsText(text, pendingCallsOf(cached), { maxOutputBytes });
    if (show(document, base, checked.problems)) {
      throw new UserFacingError(vscode.l10n.t('The tool outputs do not fit {0}: {1} Nothing was sent.', ref.runId, checked.problems.find((p) => p.severity === 'error')!.message));
    }
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting tool outputs for {0}…', ref.runId) },
    () => services.submitter.submit(ref, JSON.parse(text) as unknown, { source: 'editor', confirmEmpty: confirmEmptyOutputs }),
  );
  if (!result.ok) throw result.declined ? new CancelledByUser() : new UserFacingError(result.message);
  const message =
    ids.length === 1
      ? vscode.l10n.t('Submitted {0} tool output for {1}; the run is {2}.', ids.length, ref.runId, result.run.status)
      : vscode.l10n.t('Submitted {0} tool outputs for {1}; the run is {2}.', ids.length, ref.runId, result.run.status);
  void vscode.window.showInformationMessage(message);
  return message;
}

/** Shows error problems as diagnostics in the source editor; true if there were any. */
function show(document: vscode.TextDocument, base: number, list: ReturnType<typeof validateToolOutputsText>['problems']): boolean {
  const errors = list.filter((p) => p.severity === 'error');
  if (!errors.length || !problems) return false;
  problems.set(
    document.uri,
    errors.map((p) => {
      const d = new vscode.Diagnostic(
        new vscode.Range(document.positionAt(base + p.offset), document.positionAt(base + p.offset + p.length)),
        p.message,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = diagnosticSource;
      d.code = p.code;
      return d;
    }),
  );
  return true;
}

/** The run whose pending calls are exactly these ids, else a pick among waiting runs. */
async function inferRun(services: Services, ids: string[], confirm: boolean): Promise<RunRef> {
  const waiting = services.store.activeRuns().filter(({ run }) => run.status === 'requires_action');
  const matches = waiting.filter(({ run }) => {
    const pending = pendingToolCalls(run).map((c) => c.id);
    return ids.length > 0 && ids.every((id) => pending.includes(id));
  });
  if (matches.length === 1) {
    const { connectionId, run } = matches[0]!;
    if (!confirm) return { connectionId, threadId: run.thread_id, runId: run.id };
    const submitButton = vscode.l10n.t('Submit');
    const answer = await vscode.window.showInformationMessage(
      ids.length === 1 ? vscode.l10n.t('Submit {0} tool output to run {1}?', ids.length, run.id) : vscode.l10n.t('Submit {0} tool outputs to run {1}?', ids.length, run.id),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Thread {0} · waiting for {1}.',
          run.thread_id,
          pendingToolCalls(run)
            .map((c) => c.function?.name ?? c.id)
            .join(', '),
        ),
      },
      submitButton,
    );
    if (answer !== submitButton) throw new CancelledByUser();
    return { connectionId, threadId: run.thread_id, runId: run.id };
  }
  return pickRun(services, {
    accept: (run) => run.status === 'requires_action',
    title: vscode.l10n.t('Submit Tool Outputs from Editor'),
    placeHolder: ids.length ? vscode.l10n.t('No known run waits for exactly {0}; pick the run to submit to', ids.join(', ')) : vscode.l10n.t('Pick the run to submit to'),
    none: vscode.l10n.t('No run waiting for tool outputs is known. Expand a thread in the Agent Runs view or use "Open Run by ID…" to find one, then submit again.'),
  });
}

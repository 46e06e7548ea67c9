import * as vscode from 'vscode';
import type { Services } from '../services';
import { runRefOf } from '../util/refs';
import { pickRun } from './pickRun';

/** Opens the tool-output draft of a `requires_action` run (tree, panel, status bar or palette). */
export async function answerToolCalls(services: Services, arg?: unknown): Promise<vscode.TextEditor> {
  const ref =
    runRefOf(arg) ??
    (await pickRun(services, {
      accept: (run) => run.status === 'requires_action',
      title: vscode.l10n.t('Answer Tool Calls'),
      placeHolder: vscode.l10n.t('Pick the run whose tool calls to answer'),
      none: vscode.l10n.t('No run waiting for tool outputs is known. Expand a thread in the Agent Runs view or use "Open Run by ID…" to find one.'),
    }));
  return services.drafts.open(ref);
}

import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { maxHandlerNameLength } from '../handlers/findHandlers';
import { goToHandler, type GoToHandlerOutcome } from '../handlers/workspaceHandlers';
import type { Services } from '../services';

/**
 * What a command argument names: `{ toolName }` from a tree row (a function, custom tool or
 * MCP call carries it), a panel or a draft's CodeLens; `beside` opens the handler next to them.
 */
function toolNameOf(arg: unknown): { name: string | undefined; beside: boolean } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { toolName, beside } = arg as { toolName?: unknown; beside?: unknown };
  return { name: typeof toolName === 'string' && toolName ? toolName : undefined, beside: beside === true };
}

function problemOf(value: string): string | undefined {
  const name = value.trim();
  if (!name) return vscode.l10n.t('Type the name of a function tool, such as get_weather.');
  if (name.length > maxHandlerNameLength) return vscode.l10n.t('A tool name has at most {0} characters.', maxHandlerNameLength);
  if (/[\r\n]/.test(name)) return vscode.l10n.t('A tool name is one line.');
  return undefined;
}

/** The palette: the name typed (the editor's one-line selection offered). */
async function askName(): Promise<string> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty && editor.selection.isSingleLine ? editor.document.getText(editor.selection).trim() : '';
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Go to Handler'),
    prompt: vscode.l10n.t('The name of a function tool, as the model calls it: its definitions and tool schemas are looked for in the open workspace.'),
    placeHolder: 'get_weather',
    value: problemOf(selected) ? '' : selected,
    validateInput: problemOf,
  });
  if (value === undefined) throw new CancelledByUser();
  return value.trim();
}

/** Go to Handler: from a tool call's row, a panel, a draft's CodeLens, or the palette (asks for the name). */
export async function goToHandlerCommand(_services: Services, arg?: unknown): Promise<GoToHandlerOutcome> {
  const given = toolNameOf(arg);
  if (given && !given.name) throw new UserFacingError(vscode.l10n.t('Go to Handler works on function, custom tool and MCP calls: this one has no tool name.'));
  const name = given?.name ?? (await askName());
  const problem = problemOf(name);
  if (problem) throw new UserFacingError(problem);
  return goToHandler(name, { viewColumn: given?.beside ? vscode.ViewColumn.Beside : undefined });
}

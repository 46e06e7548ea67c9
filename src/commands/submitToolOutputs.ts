import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import { parseDraftPath } from '../editors/draftPaths';
import type { Services } from '../services';

/** Submits a tool-output draft (CodeLens, editor title button, or the active draft editor). */
export async function submitToolOutputs(services: Services, arg?: unknown): Promise<string> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new UserFacingError(vscode.l10n.t('Open a tool-output draft ("Answer Tool Calls") to submit it.'));
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  const message = await services.drafts.submitDocument(document);
  void vscode.window.showInformationMessage(message);
  // Show the run continuing (its panel follows it live); the tree follows it anyway.
  const ref = parseDraftPath(uri.path)?.ref;
  if (ref) void Promise.resolve(vscode.commands.executeCommand('agentRuns.openRun', ref)).catch(() => undefined);
  return message;
}

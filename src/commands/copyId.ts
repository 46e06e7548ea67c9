import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { refOf } from '../util/refs';
import type { TreeNode } from '../views/nodes/treeNode';

/**
 * Copies the id of the object a row shows (the deepest id in its reference): the row
 * right-clicked, or, from Ctrl+C / Cmd+C in the view, the selected row.
 */
export async function copyId(services: Services, node?: TreeNode): Promise<string | undefined> {
  // With no argument (Ctrl+C / Cmd+C in the view), the row is the selected one.
  const ref = refOf(node ?? services.tree.view.selection[0]);
  const keys = ['toolCallId', 'messageId', 'stepId', 'runId', 'threadId', 'itemId', 'responseId', 'conversationId'];
  const id = keys.map((k) => ref?.[k]).find((v): v is string => typeof v === 'string');
  if (!id) throw new UserFacingError(vscode.l10n.t('Select a row with an id in the Agent Runs view, then copy its id.'));
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 2500);
  return id;
}

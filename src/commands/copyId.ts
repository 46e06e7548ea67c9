import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TreeNode } from '../views/nodes/treeNode';

/**
 * Copies the id of the object a row shows (the deepest id in its reference): the row
 * right-clicked, or, from Ctrl+C / Cmd+C in the view, the selected row.
 */
export async function copyId(services: Services, node?: TreeNode): Promise<string | undefined> {
  const target = node ?? services.tree.view.selection[0];
  const ref = (target as { ref?: Record<string, string | undefined> } | undefined)?.ref;
  if (!ref) return undefined;
  const id = ref.toolCallId ?? ref.messageId ?? ref.stepId ?? ref.runId ?? ref.threadId ?? ref.itemId ?? ref.responseId ?? ref.conversationId;
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 2500);
  return id;
}

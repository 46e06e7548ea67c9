import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TreeNode } from '../views/nodes/treeNode';

/** Copies the id of the object a row shows (the deepest id in its reference). */
export async function copyId(_services: Services, node?: TreeNode): Promise<string | undefined> {
  const ref = (node as { ref?: Record<string, string | undefined> } | undefined)?.ref;
  if (!ref) return undefined;
  const id = ref.toolCallId ?? ref.messageId ?? ref.stepId ?? ref.runId ?? ref.threadId;
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 2500);
  return id;
}

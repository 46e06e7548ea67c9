import * as vscode from 'vscode';
import { contextValues } from '../contextValues';
import { TreeNode, type TreeContext } from './treeNode';

/** A state shown as a row: empty lists, signed out, errors with a retry, 404s. */
export class InfoNode extends TreeNode {
  readonly kind = 'info';

  constructor(
    id: string,
    parent: TreeNode | undefined,
    tree: TreeContext,
    public label: string,
    public options: { error?: boolean; icon?: string; command?: vscode.Command; tooltip?: string | vscode.MarkdownString; description?: string } = {},
  ) {
    super(id, parent, tree);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.options.error ? contextValues.error : contextValues.info;
    item.iconPath = new vscode.ThemeIcon(
      this.options.icon ?? (this.options.error ? 'error' : 'info'),
      this.options.error ? new vscode.ThemeColor('errorForeground') : undefined,
    );
    item.tooltip = this.options.tooltip ?? this.label;
    item.description = this.options.description;
    item.command = this.options.command;
    return item;
  }
}

export function infoFactory(tree: TreeContext, parent: TreeNode) {
  return (id: string, label: string, options: { error?: boolean; command?: vscode.Command; tooltip?: string | vscode.MarkdownString; icon?: string; description?: string }) =>
    tree.node(id, () => new InfoNode(id, parent, tree, label, options), (n) => {
      n.label = label;
      n.options = options;
    });
}

import * as vscode from 'vscode';
import { contextValues } from '../contextValues';
import { TreeNode, type TreeContext } from './treeNode';

/** "Load more …" (`label`): appends the next page of its parent's list; never reloads what is shown. */
export class LoadMoreNode extends TreeNode {
  readonly kind = 'loadMore';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly label: string,
    readonly loadMore: () => Promise<void>,
  ) {
    super(id, parent, tree);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = contextValues.loadMore;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'agentRuns.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }
}

export function loadMoreFactory(tree: TreeContext, parent: TreeNode, label: string, loadMore: () => Promise<void>) {
  return (id: string) => tree.node(id, () => new LoadMoreNode(id, parent, tree, label, loadMore));
}

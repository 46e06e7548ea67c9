import * as vscode from 'vscode';
import { contextValues } from '../contextValues';
import { TreeNode, type TreeContext } from './treeNode';

/**
 * "Load more …" (`label`): appends the next page of its parent's list; never reloads what
 * is shown. The services give no totals, so it says how many are shown and that more exist.
 */
export class LoadMoreNode extends TreeNode {
  readonly kind = 'loadMore';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly label: string,
    readonly loadMore: () => Promise<void>,
    public shown: number,
  ) {
    super(id, parent, tree);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = vscode.l10n.t('{0} shown · more available', this.shown);
    item.tooltip = vscode.l10n.t('{0} shown; the service has more. Click to load the next 100.', this.shown);
    item.contextValue = contextValues.loadMore;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'agentRuns.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }
}

export function loadMoreFactory(tree: TreeContext, parent: TreeNode, label: string, loadMore: () => Promise<void>, shown: number) {
  return (id: string) => tree.node(id, () => new LoadMoreNode(id, parent, tree, label, loadMore, shown), (n) => (n.shown = shown));
}

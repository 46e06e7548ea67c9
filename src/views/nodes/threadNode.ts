import * as vscode from 'vscode';
import { contextValues } from '../contextValues';
import { describeThread } from '../describe';
import { iconOf, tooltipOf } from '../tooltip';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { MessagesNode } from './messagesNode';
import { RunNode } from './runNode';
import { TreeNode, pagedChildren, type TreeContext } from './treeNode';

export class ThreadNode extends TreeNode {
  readonly kind = 'thread';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly connectionId: string,
    readonly threadId: string,
  ) {
    super(id, parent, tree);
  }

  get ref() {
    return { connectionId: this.connectionId, threadId: this.threadId };
  }

  getTreeItem(): vscode.TreeItem {
    const { store } = this.tree.services;
    const info = store.thread(this.connectionId, this.threadId);
    if (info.preview === undefined && !info.error && !info.gone) void store.loadThread(this.connectionId, this.threadId);
    const row = describeThread(this.threadId, info.thread, info.preview, info.gone);
    const item = new vscode.TreeItem(row.label, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.thread(info.gone);
    return item;
  }

  override async getChildren(): Promise<TreeNode[]> {
    this.tree.expanded(this);
    const { store } = this.tree.services;
    const infoRow = infoFactory(this.tree, this);
    const thread = store.thread(this.connectionId, this.threadId);
    const state = store.runList(this.connectionId, this.threadId);
    if (!state.loaded && !state.error) await this.tree.loadChildren(this, store.loadRuns(this.connectionId, this.threadId));
    if (thread.gone) {
      return [
        infoRow(`${this.id}/gone`, vscode.l10n.t('This thread was not found on the service (deleted?). Remove it from the list.'), {
          icon: 'trash',
          command: { command: 'agentRuns.removeThread', title: vscode.l10n.t('Remove Thread'), arguments: [this] },
          tooltip: thread.error ?? state.error,
        }),
      ];
    }
    const messagesId = `${this.id}/messages`;
    const messages = this.tree.node(messagesId, () => new MessagesNode(messagesId, this, this.tree, this.connectionId, this.threadId));
    const runs = state.items.map((runId) =>
      this.tree.node(`${this.id}/r/${runId}`, () => new RunNode(`${this.id}/r/${runId}`, this, this.tree, this.connectionId, this.threadId, runId)),
    );
    const rest = pagedChildren(this, state, runs, vscode.l10n.t('No runs'), infoRow, loadMoreFactory(this.tree, this, vscode.l10n.t('Load more runs'), () => store.loadRuns(this.connectionId, this.threadId, true), runs.length));
    return [messages, ...rest];
  }
}

import * as vscode from 'vscode';
import type { ThreadRef } from '../../util/refs';
import { contextValues } from '../contextValues';
import { describeMessage } from '../describe';
import { iconOf, tooltipOf } from '../tooltip';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { RefNode, TreeNode, pagedChildren, type TreeContext } from './treeNode';
import type { Message } from '../../api/schemas';

/** "Messages (N)": the thread's messages, oldest first, a page at a time. */
export class MessagesNode extends RefNode<ThreadRef> {
  readonly kind = 'messages';



  getTreeItem(): vscode.TreeItem {
    const state = this.tree.services.store.messageList(this.ref.connectionId, this.ref.threadId);
    const item = new vscode.TreeItem(vscode.l10n.t('Messages'), this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = state.loaded ? `${state.items.length}${state.hasMore ? '+' : ''}` : '';
    item.iconPath = new vscode.ThemeIcon('comment');
    item.contextValue = contextValues.messages;
    return item;
  }

  override async getChildren(): Promise<TreeNode[]> {
    const { store } = this.tree.services;
    const state = store.messageList(this.ref.connectionId, this.ref.threadId);
    if (!state.loaded && !state.error) await store.loadMessages(this.ref.connectionId, this.ref.threadId, undefined);
    const items = state.items.map((m) => {
      const id = `${this.id}/m/${m.id}`;
      return this.tree.node(id, () => new MessageNode(id, this, this.tree, this.ref.connectionId, this.ref.threadId, m), (n) => (n.message = m));
    });
    return pagedChildren(this, state, items, vscode.l10n.t('No messages'), infoFactory(this.tree, this), loadMoreFactory(this.tree, this, vscode.l10n.t('Load more messages'), () => store.loadMessages(this.ref.connectionId, this.ref.threadId, undefined, 'more'), items.length));
  }
}

export class MessageNode extends TreeNode {
  readonly kind = 'message';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly connectionId: string,
    readonly threadId: string,
    public message: Message,
  ) {
    super(id, parent, tree);
  }

  get ref() {
    return { connectionId: this.connectionId, threadId: this.threadId, runId: this.message.run_id ?? undefined, messageId: this.message.id };
  }

  getTreeItem(): vscode.TreeItem {
    const row = describeMessage(this.message);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.message;
    item.command = { command: 'agentRuns.openJson', title: vscode.l10n.t('Open as JSON'), arguments: [this] };
    return item;
  }
}

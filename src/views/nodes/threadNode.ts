import * as vscode from 'vscode';
import { markCaptured } from '../capturedMarker';
import { markForked } from '../forkedMarker';
import { contextValues } from '../contextValues';
import { describeThread } from '../describe';
import { iconOf, tooltipOf } from '../tooltip';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { MessagesNode } from './messagesNode';
import { RunNode } from './runNode';
import { RefNode, TreeNode, pagedChildren } from './treeNode';
import type { ThreadRef } from '../../util/refs';

export class ThreadNode extends RefNode<ThreadRef> {
  readonly kind = 'thread';



  getTreeItem(): vscode.TreeItem {
    const { store } = this.tree.services;
    const info = store.thread(this.ref.connectionId, this.ref.threadId);
    if (info.preview === undefined && !info.error && !info.gone) void store.loadThread(this.ref.connectionId, this.ref.threadId);
    const row = describeThread(this.ref.threadId, info.thread, info.preview, info.gone);
    const item = new vscode.TreeItem(row.label, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.thread(info.gone);
    markForked(item, info.thread?.metadata);
    return markCaptured(item, this.tree.services, this.ref.connectionId, this.ref.threadId);
  }

  override async getChildren(): Promise<TreeNode[]> {
    this.tree.expanded(this);
    const { store } = this.tree.services;
    const infoRow = infoFactory(this.tree, this);
    const thread = store.thread(this.ref.connectionId, this.ref.threadId);
    const state = store.runList(this.ref.connectionId, this.ref.threadId);
    if (!state.loaded && !state.error) await this.tree.loadChildren(this, store.loadRuns(this.ref.connectionId, this.ref.threadId));
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
    const messages = this.tree.node(messagesId, () => new MessagesNode(messagesId, this, this.tree, this.ref));
    const runs = state.items.map((runId) =>
      this.tree.node(`${this.id}/r/${runId}`, () => new RunNode(`${this.id}/r/${runId}`, this, this.tree, { ...this.ref, runId })),
    );
    const rest = pagedChildren(this, state, runs, vscode.l10n.t('No runs'), infoRow, loadMoreFactory(this.tree, this, vscode.l10n.t('Load more runs'), () => store.loadRuns(this.ref.connectionId, this.ref.threadId, true), runs.length));
    return [messages, ...rest];
  }
}

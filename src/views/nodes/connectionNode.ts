import * as vscode from 'vscode';
import { authOf, describeConnection, type Connection } from '../../api/connection';
import { toSentence } from '../../api/errors';
import { contextValues } from '../contextValues';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { ThreadNode } from './threadNode';
import { TreeNode, pagedChildren, type TreeContext } from './treeNode';

export class ConnectionNode extends TreeNode {
  readonly kind = 'connection';
  private signedOut = false;

  constructor(
    id: string,
    tree: TreeContext,
    public connection: Connection,
  ) {
    super(id, undefined, tree);
  }

  get ref() {
    return { connectionId: this.connection.id };
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.connection.name, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Expanded));
    item.id = this.id;
    item.description = describeConnection(this.connection);
    const hidden = this.tree.services.registry.hidden(this.connection.id).length;
    item.contextValue = contextValues.connection(this.connection.kind, this.signedOut, hidden > 0);
    item.iconPath = new vscode.ThemeIcon(this.connection.kind.startsWith('azure') ? 'azure' : 'plug');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${vscode.l10n.t('Connection:')}** `);
    tooltip.appendText(this.connection.name);
    tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Kind:')}** `);
    tooltip.appendText(this.connection.kind);
    tooltip.appendMarkdown(`  \n**${vscode.l10n.t('URL:')}** `);
    tooltip.appendText(this.connection.baseUrl || vscode.l10n.t('(default)'));
    tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Authentication:')}** `);
    tooltip.appendText(authOf(this.connection));
    if (hidden) {
      tooltip.appendMarkdown('  \n');
      tooltip.appendText(
        hidden === 1
          ? vscode.l10n.t('1 thread is hidden: right-click and choose "Show Hidden Threads…".')
          : vscode.l10n.t('{0} threads are hidden: right-click and choose "Show Hidden Threads…".', hidden),
      );
    }
    item.tooltip = tooltip;
    return item;
  }

  override async getChildren(): Promise<TreeNode[]> {
    const { services } = this.tree;
    const info = infoFactory(this.tree, this);
    const connection = this.connection;
    let signedOut: boolean;
    try {
      signedOut = await services.connections.isSignedOut(connection);
    } catch (error) {
      return [info(`${this.id}/error`, toSentence(error, vscode.l10n.t('Could not read the credentials')), { error: true })];
    }
    if (signedOut !== this.signedOut) {
      this.signedOut = signedOut;
      queueMicrotask(() => this.tree.repaint(this)); // the row's context value changed
    }
    if (signedOut) {
      return authOf(connection) === 'entra'
        ? [
            info(`${this.id}/signedOut`, vscode.l10n.t('Signed out — sign in to Azure to see threads'), {
              icon: 'sign-in',
              command: { command: 'agentRuns.signIn', title: vscode.l10n.t('Sign In'), arguments: [this] },
            }),
          ]
        : [
            info(`${this.id}/noKey`, vscode.l10n.t('No key set — edit the connection to add one'), {
              icon: 'key',
              command: { command: 'agentRuns.editConnection', title: vscode.l10n.t('Edit Connection'), arguments: [this] },
            }),
          ];
    }
    const store = services.store;
    let state;
    try {
      state = store.threadList(connection.id);
      // A load already in flight is shared (RunStore.once): wait for it, never show a half-loaded list.
      if (!state.loaded && !state.error) await this.tree.loadChildren(this, store.loadThreads(connection.id));
    } catch (error) {
      return [info(`${this.id}/error`, toSentence(error), { error: true })];
    }
    const threads = state.items.map((threadId) =>
      this.tree.node(`${this.id}/t/${threadId}`, () => new ThreadNode(`${this.id}/t/${threadId}`, this, this.tree, connection.id, threadId)),
    );
    if (!state.error && threads.length === 0) {
      return [
        info(
          `${this.id}/empty`,
          store.api(connection.id).canListThreads ? vscode.l10n.t('No threads on this project yet') : vscode.l10n.t('No threads yet — add one by ID, find IDs in an editor, or create one'),
          {
            icon: 'add',
            command: { command: 'agentRuns.addThread', title: vscode.l10n.t('Add Thread by ID'), arguments: [this] },
          },
        ),
      ];
    }
    return pagedChildren(this, state, threads, vscode.l10n.t('No threads'), info, loadMoreFactory(this.tree, this, vscode.l10n.t('Load more threads'), () => store.loadThreads(connection.id, true), threads.length));
  }
}

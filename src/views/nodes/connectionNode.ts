import * as vscode from 'vscode';
import { authOf, describeConnection, type Connection } from '../../api/connection';
import { toSentence } from '../../api/errors';
import { contextValues } from '../contextValues';
import { CapturedFailuresNode } from './capturedNodes';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { conversationsGroup, GroupNode, responsesGroup, type GroupSpec } from './responseNodes';
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
    if (this.connection.archive !== undefined) return this.archiveItem(this.connection.archive);
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

  /** An archive's row: export files opened read-only. */
  private archiveItem(uri: string): vscode.TreeItem {
    const item = new vscode.TreeItem(this.connection.name, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Expanded));
    item.id = this.id;
    item.description = vscode.l10n.t('Archive · read only');
    item.contextValue = contextValues.archive;
    item.iconPath = new vscode.ThemeIcon('archive');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${vscode.l10n.t('Archive:')}** `);
    tooltip.appendText(this.connection.name);
    tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Opened from:')}** `);
    tooltip.appendText(vscode.Uri.parse(uri).fsPath);
    tooltip.appendMarkdown('  \n');
    tooltip.appendText(vscode.l10n.t('Read from the exported files, with no network. Cancelling, answering and forking need the live service.'));
    item.tooltip = tooltip;
    return item;
  }

  /** An archive's groups: those its files hold something for; or why it can't be read. */
  private async archiveChildren(): Promise<TreeNode[]> {
    const { services } = this.tree;
    const connectionId = this.connection.id;
    let counts;
    try {
      counts = (await services.connections.archives.index(connectionId)).counts;
    } catch (error) {
      const info = infoFactory(this.tree, this);
      return [
        info(`${this.id}/unreadable`, toSentence(error), {
          error: true,
          command: { command: 'agentRuns.removeArchive', title: vscode.l10n.t('Remove Archive'), arguments: [this] },
        }),
      ];
    }
    const groups: TreeNode[] = [];
    if (counts.threads) groups.push(threadsGroup(this.tree, this, connectionId));
    if (counts.conversations) groups.push(conversationsGroup(this.tree, this, connectionId));
    if (counts.responses) groups.push(responsesGroup(this.tree, this, connectionId));
    return groups;
  }

  override async getChildren(): Promise<TreeNode[]> {
    if (this.connection.archive !== undefined) return this.archiveChildren();
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
    const groups: TreeNode[] = [threadsGroup(this.tree, this, connection.id), conversationsGroup(this.tree, this, connection.id), responsesGroup(this.tree, this, connection.id)];
    if (services.captured.failures(connection.id).length) {
      const id = `${this.id}/captured`;
      groups.push(this.tree.node(id, () => new CapturedFailuresNode(id, this, this.tree, connection.id)));
    }
    return groups;
  }
}

/** The Threads group of a connection (the Assistants family), open by default. */
function threadsGroup(tree: TreeContext, parent: ConnectionNode, connectionId: string): GroupNode {
  const id = `${parent.id}/threads`;
  const { store } = tree.services;
  const spec: GroupSpec = {
    group: 'threads',
    label: vscode.l10n.t('Threads'),
    icon: 'comment',
    tooltip: vscode.l10n.t('Threads of the Assistants API (classic agents): listed where the service lists them, otherwise the ones you added, found or created.'),
    expanded: true,
    children: async (node) => {
      const info = infoFactory(tree, node);
      let state;
      try {
        state = store.threadList(connectionId);
        // A load already in flight is shared (RunStore.once): wait for it, never show a half-loaded list.
        if (!state.loaded && !state.error) await tree.loadChildren(node, store.loadThreads(connectionId));
      } catch (error) {
        return [info(`${node.id}/error`, toSentence(error), { error: true })];
      }
      const threads = state.items.map((threadId) => tree.node(`${parent.id}/t/${threadId}`, () => new ThreadNode(`${parent.id}/t/${threadId}`, node, tree, { connectionId, threadId })));
      // A server that lists no threads may have no Assistants API at all (OpenAI since 2026-08-26): say so once.
      if (!store.api(connectionId).canListThreads) {
        const capability = await store.assistantsCapability(connectionId).catch(() => undefined);
        if (capability?.kind === 'absent') {
          return [
            info(`${node.id}/absent`, vscode.l10n.t('The Assistants API is not on this server (GET /threads answered {0}): threads cannot be read here', capability.status), {
              icon: 'circle-slash',
              tooltip: vscode.l10n.t('The server answered {0} to GET /threads, so it has no Assistants API (OpenAI shut it down on 2026-08-26). Use the Conversations and Responses groups.', capability.status),
            }),
            ...threads,
          ];
        }
      }
      if (!state.error && threads.length === 0) {
        return [
          info(
            `${node.id}/empty`,
            store.api(connectionId).canListThreads ? vscode.l10n.t('No threads on this project yet') : vscode.l10n.t('No threads yet — add one by ID, find IDs in an editor, or create one'),
            {
              icon: 'add',
              command: { command: 'agentRuns.addThread', title: vscode.l10n.t('Add Thread by ID'), arguments: [parent] },
            },
          ),
        ];
      }
      return pagedChildren(node, state, threads, vscode.l10n.t('No threads'), info, loadMoreFactory(tree, node, vscode.l10n.t('Load more threads'), () => store.loadThreads(connectionId, true), threads.length));
    },
    reload: async () => {
      store.markStale(connectionId);
      await store.loadThreads(connectionId);
    },
  };
  return tree.node(id, () => new GroupNode(id, parent, tree, connectionId, spec), (n) => (n.spec = spec));
}

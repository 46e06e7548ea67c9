// The "Runs" tree: connections → threads → (Messages, runs) → steps → tool calls.
// One node instance per stable id, so refreshes keep expansion and selection and only
// the rows whose data changed are repainted. Active runs under expanded threads are
// watched by the live scheduler while the view is visible, and by nothing otherwise; their
// rows are repainted every second (durations tick) without a request. Which rows are
// expanded is kept in the workspace state, so a window reload shows the same tree.
import * as vscode from 'vscode';
import type { Connection } from '../api/connection';
import { isActiveRun } from '../api/schemas';
import type { CoreServices } from '../coreServices';
import type { LiveWatch } from '../store/liveScheduler';
import type { CapturedChange } from '../store/capturedObjects';
import type { ResponseStoreChange } from '../store/responseStore';
import type { StoreChange } from '../store/runStore';
import { Disposable } from '../util/disposable';
import { runRefKey, type RunRef } from '../util/refs';
import { ConnectionNode } from './nodes/connectionNode';
import type { ResponseNode } from './nodes/responseNodes';
import type { RunNode } from './nodes/runNode';
import type { TreeContext, TreeNode } from './nodes/treeNode';

export const treeViewId = 'agentRuns.explorer';

const connectionNodeId = (connectionId: string) => `c/${connectionId}`;
const threadNodeId = (connectionId: string, threadId: string) => `${connectionNodeId(connectionId)}/t/${threadId}`;
const runNodeId = (ref: RunRef) => `${threadNodeId(ref.connectionId, ref.threadId)}/r/${ref.runId}`;
const responseWatchKey = (connectionId: string, responseId: string) => `${connectionId}|response|${responseId}`;

const expansionKey = 'agentRuns.tree.expansion';
/** Rows whose expansion is remembered, at most (the oldest are forgotten first). */
const maxRemembered = 500;
const tickMs = 1000;

export class AgentRunsTree extends Disposable implements vscode.TreeDataProvider<TreeNode>, TreeContext {
  readonly view: vscode.TreeView<TreeNode>;
  private readonly nodes = new Map<string, TreeNode>();
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Ids of nodes whose children are shown. */
  private readonly expandedIds = new Set<string>();
  private readonly watches = new Map<string, LiveWatch>();
  /** Nodes awaiting the first page of their children, which they read when it arrives. */
  private readonly awaitingChildren = new Set<string>();
  /** Expanded (true) or collapsed (false) by the user, by node id; survives reloads. */
  private readonly expansion: Map<string, boolean>;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly services: CoreServices) {
    super();
    this.expansion = new Map(services.context.workspaceState.get<[string, boolean][]>(expansionKey, []));
    this.view = this._register(vscode.window.createTreeView(treeViewId, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true }));
    this._register(services.store.onDidChange((change) => this.onStoreChange(change)));
    this._register(services.responses.onDidChange((change) => this.onResponsesChange(change)));
    this._register(services.captured.onDidChange((change) => this.onCaptured(change)));
    this._register(
      services.connections.onDidChange(() => {
        this.nodes.clear();
        this.expandedIds.clear();
        this.unwatchAll();
        this.changed.fire(undefined);
      }),
    );
    this._register(
      this.view.onDidCollapseElement((e) => {
        this.collapsed(e.element);
        this.remember(e.element.id, false);
      }),
    );
    this._register(
      this.view.onDidExpandElement((e) => {
        this.expandedIds.add(e.element.id);
        this.remember(e.element.id, true);
      }),
    );
    this._register(
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) this.watchVisibleRuns();
        else this.unwatchAll(); // nothing polls or ticks for a hidden tree
      }),
    );
    this._register({
      dispose: () => {
        this.unwatchAll();
        if (this.tickTimer) clearTimeout(this.tickTimer);
      },
    });
  }

  // ── TreeContext ─────────────────────────────────────────────────────────

  node<T extends TreeNode>(id: string, create: () => T, update?: (node: T) => void): T {
    let node = this.nodes.get(id) as T | undefined;
    if (!node) {
      node = create();
      this.nodes.set(id, node);
    } else {
      update?.(node);
    }
    return node;
  }

  expanded(node: TreeNode): void {
    this.expandedIds.add(node.id);
    if (node.kind === 'thread' || node.kind === 'group' || node.kind === 'conversation') queueMicrotask(() => this.watchVisibleRuns());
  }

  collapsibleState(id: string, fallback: vscode.TreeItemCollapsibleState): vscode.TreeItemCollapsibleState {
    const expanded = this.expansion.get(id);
    if (expanded === undefined) return fallback;
    return expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  private remember(id: string, expanded: boolean): void {
    this.expansion.delete(id); // re-inserted last: the most recent survive the cap
    this.expansion.set(id, expanded);
    while (this.expansion.size > maxRemembered) this.expansion.delete(this.expansion.keys().next().value!);
    void this.services.context.workspaceState.update(expansionKey, [...this.expansion]);
  }

  async loadChildren(node: TreeNode, load: Promise<unknown>): Promise<void> {
    this.awaitingChildren.add(node.id);
    try {
      await load;
    } finally {
      // Cleared before the node reads the list: a change after this repaints as usual.
      this.awaitingChildren.delete(node.id);
    }
  }

  // ── TreeDataProvider ────────────────────────────────────────────────────

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = node.getTreeItem();
    if (node.kind === 'run') this.maybeWatch(node as RunNode);
    else if (node.kind === 'response') this.maybeWatchResponse(node as ResponseNode);
    return item;
  }

  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    if (!node) {
      return this.services.connections.list().map((c) => this.connectionNode(c));
    }
    return node.getChildren();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  // ── refresh ─────────────────────────────────────────────────────────────

  /** Repaints a node after a change to its list, unless it is about to read that list anyway. */
  private listChanged(node: TreeNode | undefined): void {
    if (node && this.awaitingChildren.has(node.id)) return;
    this.repaint(node);
  }

  /** Repaints one node (and its children, which come from the store's cache). */
  repaint(node: TreeNode | undefined): void {
    this.changed.fire(node);
  }

  /** The row of a connection: made once, kept current with its settings. */
  private connectionNode(connection: Connection): ConnectionNode {
    const id = connectionNodeId(connection.id);
    return this.node(id, () => new ConnectionNode(id, this, connection), (n) => (n.connection = connection));
  }

  /** Shows a connection's row, expanded and selected (after Open Archive…). */
  async revealConnection(connectionId: string): Promise<void> {
    const connection = this.services.connections.get(connectionId);
    if (!connection) return;
    const node = this.connectionNode(connection);
    try {
      await this.view.reveal(node, { expand: true, select: true, focus: false });
    } catch (error) {
      this.services.log.warn(`Couldn't show ${connection.name} in the Agent Runs view: ${(error as Error).message}`);
    }
  }

  /** Shows a conversation's row, selected, reading its connection's Conversations group as a user's expanding would. */
  async revealConversation(connectionId: string, conversationId: string): Promise<void> {
    const connection = this.services.connections.get(connectionId);
    if (!connection) return;
    const root = this.connectionNode(connection);
    const group = (await root.getChildren()).find((g) => g.id === `${root.id}/conversations`);
    await group?.getChildren();
    const row = this.nodes.get(`${root.id}/conv/${conversationId}`);
    try {
      await this.view.reveal(row ?? root, { expand: !row, select: true, focus: false });
    } catch (error) {
      this.services.log.warn(`Couldn't show ${conversationId} in the Agent Runs view: ${(error as Error).message}`);
    }
  }

  findNode(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  runNode(ref: RunRef): RunNode | undefined {
    return this.nodes.get(runNodeId(ref)) as RunNode | undefined;
  }

  private onStoreChange(change: StoreChange): void {
    switch (change.kind) {
      case 'threads': {
        // The connection's row too: it offers "Show Hidden Threads" only while some are hidden.
        const group = this.nodes.get(`${connectionNodeId(change.connectionId)}/threads`);
        if (!group || !this.awaitingChildren.has(group.id)) this.repaint(this.nodes.get(connectionNodeId(change.connectionId)));
        break;
      }
      case 'thread':
        this.repaint(this.nodes.get(threadNodeId(change.connectionId, change.threadId)));
        break;
      case 'runs':
        this.listChanged(this.nodes.get(threadNodeId(change.connectionId, change.threadId)));
        break;
      case 'messages':
        if (change.runId === undefined) this.repaint(this.nodes.get(`${threadNodeId(change.connectionId, change.threadId)}/messages`));
        break;
      case 'steps':
        this.listChanged(this.nodes.get(runNodeId(change)));
        break;
      case 'run': {
        const node = this.nodes.get(runNodeId(change));
        if (!node) break;
        // A run whose status changed may have new steps: reload them if they are shown.
        const statusChanged = change.previous?.status !== change.run.status;
        if (statusChanged && this.expandedIds.has(node.id)) void this.services.store.loadSteps(change.connectionId, change.threadId, change.runId);
        else this.repaint(node);
        break;
      }
    }
  }

  /** The rows a change of the Responses family touches (a response can show in several places). */
  private onResponsesChange(change: ResponseStoreChange): void {
    const connection = connectionNodeId(change.connectionId);
    switch (change.kind) {
      case 'conversations':
        this.listChanged(this.nodes.get(`${connection}/conversations`));
        break;
      case 'responses':
        this.listChanged(this.nodes.get(`${connection}/responses`));
        break;
      case 'conversation': {
        const node = this.nodes.get(`${connection}/conv/${change.conversationId}`);
        this.listChanged(node);
        this.listChanged(this.nodes.get(`${connection}/conv/${change.conversationId}/items`));
        // Their calls may have been answered (or not) by the items just read.
        for (const other of this.nodes.values()) {
          if (other.kind !== 'response') continue;
          const response = other as ResponseNode;
          if (response.ref.connectionId !== change.connectionId) continue;
          const run = this.services.responses.run(response.ref.connectionId, response.ref.responseId);
          if (run?.container?.id === change.conversationId) this.listChanged(other);
        }
        break;
      }
      case 'response':
        for (const node of this.nodes.values()) {
          if (node.kind === 'response' && (node as ResponseNode).ref.connectionId === change.connectionId && (node as ResponseNode).ref.responseId === change.responseId) this.listChanged(node);
        }
        break;
      case 'inputItems':
        break;
    }
  }

  /** Repaints the rows of what capture just saw (their marker), and the connection's error rows. */
  private onCaptured(change: CapturedChange): void {
    const connection = connectionNodeId(change.connectionId);
    if (change.failures) {
      const group = this.nodes.get(`${connection}/captured`);
      // The first failure adds the group: the connection's children change.
      this.repaint(group ?? this.nodes.get(connection));
    }
    if (!change.ids.length) return;
    const ids = new Set(change.ids);
    for (const node of this.nodes.values()) {
      const ref = (node as { ref?: { connectionId: string; threadId?: string; runId?: string; conversationId?: string; responseId?: string } }).ref;
      if (!ref || ref.connectionId !== change.connectionId) continue;
      const own = node.kind === 'thread' ? ref.threadId : node.kind === 'run' ? ref.runId : node.kind === 'conversation' ? ref.conversationId : node.kind === 'response' ? ref.responseId : undefined;
      if (own && ids.has(own)) this.repaint(node);
    }
  }

  // ── live refresh ────────────────────────────────────────────────────────

  /** Watches a shown, active background response (its parent expanded, the view visible). */
  private maybeWatchResponse(node: ResponseNode): void {
    const parentExpanded = node.parent !== undefined && this.expandedIds.has(node.parent.id);
    const run = this.services.responses.run(node.ref.connectionId, node.ref.responseId);
    const key = responseWatchKey(node.ref.connectionId, node.ref.responseId);
    const existing = this.watches.get(key);
    if (!run?.active || !parentExpanded || !this.view.visible) {
      if (existing && !run?.active) {
        existing.dispose();
        this.watches.delete(key);
      }
      return;
    }
    if (existing && this.services.scheduler.isLive(node.ref)) return;
    existing?.dispose();
    this.watches.set(key, this.services.scheduler.watch(node.ref, { visibility: 'visible' }));
    this.tick();
  }

  private collapsed(node: TreeNode): void {
    this.expandedIds.delete(node.id);
    for (const [key, watch] of this.watches) {
      if (this.nodesOfWatch(key).some((shown) => shown.id.startsWith(`${node.id}/`))) {
        watch.dispose();
        this.watches.delete(key);
      }
    }
  }

  /** Watches a shown, active run (under an expanded thread, in a visible view). */
  private maybeWatch(node: RunNode): void {
    const parentExpanded = node.parent !== undefined && this.expandedIds.has(node.parent.id);
    const run = this.services.store.run(node.ref.connectionId, node.ref.threadId, node.ref.runId);
    const key = runRefKey(node.ref);
    const existing = this.watches.get(key);
    if (!run || !isActiveRun(run) || !parentExpanded || !this.view.visible) {
      if (existing && (!run || !isActiveRun(run))) {
        existing.dispose();
        this.watches.delete(key);
      }
      return;
    }
    if (existing && this.services.scheduler.isLive(node.ref)) return;
    existing?.dispose();
    const { store } = this.services;
    this.watches.set(
      key,
      this.services.scheduler.watch(node.ref, {
        visibility: 'visible',
        // While its steps are shown, an active run's steps are re-read with it.
        onPoll: async () => {
          if (this.expandedIds.has(node.id)) await store.loadSteps(node.ref.connectionId, node.ref.threadId, node.ref.runId);
        },
      }),
    );
    this.tick();
  }

  /** Repaints the rows of watched (active, shown) runs every second, while there are any. */
  private tick(): void {
    if (this.tickTimer || this.isDisposed) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = undefined;
      if (!this.view.visible || this.watches.size === 0) return;
      for (const key of this.watches.keys()) for (const node of this.nodesOfWatch(key)) this.repaint(node);
      this.tick();
    }, tickMs);
  }

  /** The rows a watch stands for: one run row, or every row of a response. */
  private nodesOfWatch(key: string): TreeNode[] {
    const [connectionId, second, third] = key.split('|');
    if (second === 'response') {
      return [...this.nodes.values()].filter((n) => n.kind === 'response' && (n as ResponseNode).ref.connectionId === connectionId && (n as ResponseNode).ref.responseId === third);
    }
    const node = this.nodes.get(runNodeId({ connectionId: connectionId!, threadId: second!, runId: third! }));
    return node ? [node] : [];
  }

  private watchVisibleRuns(): void {
    if (!this.view.visible) return;
    for (const node of this.nodes.values()) {
      if (node.kind === 'run') this.maybeWatch(node as RunNode);
      else if (node.kind === 'response') this.maybeWatchResponse(node as ResponseNode);
    }
  }

  private unwatchAll(): void {
    for (const watch of this.watches.values()) watch.dispose();
    this.watches.clear();
  }

  /** Runs watched by the tree (for tests and benchmarks). */
  get watchedRuns(): number {
    return this.watches.size;
  }
}

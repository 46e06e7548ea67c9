import * as vscode from 'vscode';
import type { CoreServices } from '../../coreServices';
import type { ListState } from '../../store/runStore';

export type NodeKind =
  | 'connection'
  | 'group'
  | 'thread'
  | 'messages'
  | 'message'
  | 'run'
  | 'step'
  | 'toolCall'
  | 'conversation'
  | 'response'
  | 'item'
  | 'captured'
  | 'loadMore'
  | 'info';

/** What nodes need from the tree: the services, and one instance per stable id. */
export interface TreeContext {
  readonly services: CoreServices;
  /** Returns the node with this id, creating it once; later calls update it via `update`. */
  node<T extends TreeNode>(id: string, create: () => T, update?: (node: T) => void): T;
  /** Called when a node's children are shown (the node is expanded). */
  expanded(node: TreeNode): void;
  /** The row's state: as the user last left it (also before a reload), else `fallback`. */
  collapsibleState(id: string, fallback: vscode.TreeItemCollapsibleState): vscode.TreeItemCollapsibleState;
  /** Repaints a node whose row changed. */
  repaint(node: TreeNode | undefined): void;
  /**
   * Awaits the first page of `node`'s children, which `node` reads right after: the
   * change the load announces needs no repaint of `node` (it would make VS Code fetch
   * and re-create the rows just shown, and an action clicked on one of them meanwhile
   * would arrive without its row).
   */
  loadChildren(node: TreeNode, load: Promise<unknown>): Promise<void>;
}

export abstract class TreeNode {
  abstract readonly kind: NodeKind;

  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    protected readonly tree: TreeContext,
  ) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): Promise<TreeNode[]> | TreeNode[] {
    return [];
  }
}

/** A row that stands for one object of a service: its reference is given once, not rebuilt per class. */
export abstract class RefNode<R extends { connectionId: string }> extends TreeNode {
  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly ref: R,
  ) {
    super(id, parent, tree);
  }
}

/** Children for a paged list: the items, then an error row, a "Load more" row, or `emptyLabel`. */
export function pagedChildren(
  parent: TreeNode,
  state: ListState<unknown>,
  items: TreeNode[],
  emptyLabel: string,
  createInfo: (id: string, label: string, options: { error?: boolean; command?: vscode.Command; tooltip?: string }) => TreeNode,
  createLoadMore: (id: string) => TreeNode,
): TreeNode[] {
  const children = [...items];
  if (state.error) {
    children.push(
      createInfo(`${parent.id}/error`, state.error, {
        error: true,
        command: { command: 'agentRuns.refreshNode', title: vscode.l10n.t('Retry'), arguments: [parent] },
        tooltip: vscode.l10n.t('{0}\n\nClick to retry.', state.error),
      }),
    );
  } else if (state.hasMore) {
    children.push(createLoadMore(`${parent.id}/more`));
  } else if (items.length === 0) {
    children.push(createInfo(`${parent.id}/empty`, emptyLabel, {}));
  }
  return children;
}

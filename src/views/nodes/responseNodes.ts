// The Responses family in the tree: per connection a *Conversations* and a *Responses*
// group; a conversation → its responses and an *Items* group (paged); a response → its
// output items in order. Rows are drawn from the shared model (src/model/run.ts) and
// from what is already loaded: no row makes a request of its own to find its label.
import * as vscode from 'vscode';
import { stepsFromItems } from '../../model/responses';
import { stepToolName, type Step } from '../../model/run';
import type { ConversationRef, ResponseRef } from '../../util/refs';
import { describeCapturedSummary, describeConversation, describeItem, describeResponse, firstItemText } from '../describeModel';
import type { CapturedSummary } from '../../capture/idScanner';
import { markCaptured } from '../capturedMarker';
import { contextValues } from '../contextValues';
import { markForked } from '../forkedMarker';
import { iconOf, tooltipOf } from '../tooltip';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { RefNode, TreeNode, pagedChildren, type TreeContext } from './treeNode';


/** A row that groups a list: Threads, Conversations, Responses, a conversation's Items. */
export class GroupNode extends TreeNode {
  readonly kind = 'group';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly connectionId: string,
    public spec: GroupSpec,
  ) {
    super(id, parent, tree);
  }

  get ref() {
    return { connectionId: this.connectionId, ...this.spec.ref };
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.spec.label, this.tree.collapsibleState(this.id, this.spec.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = this.spec.description?.();
    item.tooltip = this.spec.tooltip;
    item.iconPath = new vscode.ThemeIcon(this.spec.icon);
    item.contextValue = contextValues.group(this.spec.group);
    return item;
  }

  override getChildren(): Promise<TreeNode[]> | TreeNode[] {
    this.tree.expanded(this);
    return this.spec.children(this);
  }

  refresh(): Promise<void> {
    return this.spec.reload();
  }
}

export type GroupKind = 'threads' | 'conversations' | 'responses' | 'items';

export interface GroupSpec {
  group: GroupKind;
  label: string;
  icon: string;
  tooltip: string;
  expanded: boolean;
  ref?: { conversationId?: string };
  description?: () => string | undefined;
  children: (node: GroupNode) => Promise<TreeNode[]> | TreeNode[];
  /** Reads the list again (Refresh on the row). */
  reload: () => Promise<void>;
}

/** The Conversations group of a connection. */
export function conversationsGroup(tree: TreeContext, parent: TreeNode, connectionId: string): GroupNode {
  const id = `${parent.id}/conversations`;
  const { responses } = tree.services;
  const spec: GroupSpec = {
    group: 'conversations',
    label: vscode.l10n.t('Conversations'),
    icon: 'comment-discussion',
    tooltip: vscode.l10n.t('Conversations of the Responses API: listed where the service lists them, otherwise the ones you added, found or created.'),
    expanded: false,
    children: async (node) => {
      const state = responses.conversationList(connectionId);
      if (!state.loaded && !state.error) await tree.loadChildren(node, responses.loadConversations(connectionId));
      const rows = state.items.map((conversationId) => {
        const rowId = `${parent.id}/conv/${conversationId}`;
        return tree.node(rowId, () => new ConversationNode(rowId, node, tree, { connectionId, conversationId }));
      });
      const info = infoFactory(tree, node);
      if (!state.error && rows.length === 0) {
        const surface = await responses.surface(connectionId).catch(() => undefined);
        return [
          info(`${node.id}/empty`, surface?.listsConversations ? vscode.l10n.t('No conversations on this project yet') : vscode.l10n.t('No conversations yet — add one by ID or find IDs in an editor'), {
            icon: 'add',
            command: { command: 'agentRuns.addConversation', title: vscode.l10n.t('Add Conversation by ID'), arguments: [node] },
          }),
        ];
      }
      return pagedChildren(node, state, rows, '', info, loadMoreFactory(tree, node, vscode.l10n.t('Load more conversations'), () => responses.loadConversations(connectionId, true), rows.length));
    },
    reload: () => responses.loadConversations(connectionId),
  };
  return tree.node(id, () => new GroupNode(id, parent, tree, connectionId, spec), (n) => (n.spec = spec));
}

/** The Responses group of a connection. */
export function responsesGroup(tree: TreeContext, parent: TreeNode, connectionId: string): GroupNode {
  const id = `${parent.id}/responses`;
  const { responses } = tree.services;
  const spec: GroupSpec = {
    group: 'responses',
    label: vscode.l10n.t('Responses'),
    icon: 'output',
    tooltip: vscode.l10n.t('Responses: listed where the service lists them, otherwise the ones you added, found or created.'),
    expanded: false,
    children: async (node) => {
      const state = responses.responseList(connectionId);
      if (!state.loaded && !state.error) await tree.loadChildren(node, responses.loadResponses(connectionId));
      const rows = state.items.map((responseId) => responseNode(tree, node, connectionId, responseId));
      const info = infoFactory(tree, node);
      if (!state.error && rows.length === 0) {
        const surface = await responses.surface(connectionId).catch(() => undefined);
        return [
          info(`${node.id}/empty`, surface?.listsResponses ? vscode.l10n.t('No responses on this project yet') : vscode.l10n.t('No responses yet — add one by ID or find IDs in an editor'), {
            icon: 'add',
            command: { command: 'agentRuns.addResponse', title: vscode.l10n.t('Add Response by ID'), arguments: [node] },
          }),
        ];
      }
      return pagedChildren(node, state, rows, '', info, loadMoreFactory(tree, node, vscode.l10n.t('Load more responses'), () => responses.loadResponses(connectionId, true), rows.length));
    },
    reload: () => responses.loadResponses(connectionId),
  };
  return tree.node(id, () => new GroupNode(id, parent, tree, connectionId, spec), (n) => (n.spec = spec));
}

function responseNode(tree: TreeContext, parent: TreeNode, connectionId: string, responseId: string): ResponseNode {
  const id = `${parent.id}/resp/${responseId}`;
  return tree.node(id, () => new ResponseNode(id, parent, tree, { connectionId, responseId }));
}

export class ConversationNode extends RefNode<ConversationRef> {
  readonly kind = 'conversation';



  getTreeItem(): vscode.TreeItem {
    const { responses } = this.tree.services;
    const info = responses.conversationInfo(this.ref.connectionId, this.ref.conversationId);
    const items = responses.itemList(this.ref.connectionId, this.ref.conversationId);
    const row = describeConversation(this.ref.conversationId, info.conversation, firstItemText(items.items), info.gone);
    const item = new vscode.TreeItem(row.label, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.conversation(info.gone);
    return markCaptured(item, this.tree.services, this.ref.connectionId, this.ref.conversationId);
  }

  override async getChildren(): Promise<TreeNode[]> {
    this.tree.expanded(this);
    const { responses } = this.tree.services;
    const { connectionId, conversationId } = this.ref;
    const itemsId = `${this.id}/items`;
    const items = this.tree.node(itemsId, () => new GroupNode(itemsId, this, this.tree, connectionId, itemsSpec(this.tree, connectionId, conversationId)));
    const state = responses.conversationResponseList(connectionId, conversationId);
    const loads: Promise<unknown>[] = [];
    if (!state.loaded && !state.error) loads.push(responses.loadConversationResponses(connectionId, conversationId));
    // The first page of items names the conversation (its first message) and says whether it exists.
    const itemState = responses.itemList(connectionId, conversationId);
    if (!itemState.loaded && !itemState.error) loads.push(responses.loadItems(connectionId, conversationId));
    // Not listed (OpenAI lists none): its metadata is read once, when the user opens it.
    const known = responses.conversationInfo(connectionId, conversationId);
    if (!known.conversation && !known.error) loads.push(responses.loadConversation(connectionId, conversationId));
    if (loads.length) await this.tree.loadChildren(this, Promise.all(loads));
    const info = infoFactory(this.tree, this);
    if (responses.conversationInfo(connectionId, conversationId).gone) {
      return [
        info(`${this.id}/gone`, vscode.l10n.t('This conversation was not found on the service (deleted?). Remove it from the list.'), {
          icon: 'trash',
          command: { command: 'agentRuns.removeConversation', title: vscode.l10n.t('Remove Conversation'), arguments: [this] },
          tooltip: itemState.error,
        }),
      ];
    }
    const rows = state.items.map((responseId) => responseNode(this.tree, this, connectionId, responseId));
    const rest = state.error || state.hasMore
      ? pagedChildren(this, state, rows, '', info, loadMoreFactory(this.tree, this, vscode.l10n.t('Load more responses'), () => responses.loadConversationResponses(connectionId, conversationId, true), rows.length))
      : rows;
    return [...rest, items];
  }

  async refresh(): Promise<void> {
    const { responses } = this.tree.services;
    await Promise.all([
      responses.loadConversation(this.ref.connectionId, this.ref.conversationId),
      responses.loadConversationResponses(this.ref.connectionId, this.ref.conversationId),
      responses.loadItems(this.ref.connectionId, this.ref.conversationId),
    ]);
  }
}

function itemsSpec(tree: TreeContext, connectionId: string, conversationId: string): GroupSpec {
  const { responses } = tree.services;
  return {
    group: 'items',
    label: vscode.l10n.t('Items'),
    icon: 'list-ordered',
    tooltip: vscode.l10n.t('Every item of the conversation, oldest first, 100 at a time.'),
    expanded: false,
    ref: { conversationId },
    description: () => {
      const state = responses.itemList(connectionId, conversationId);
      if (!state.loaded) return undefined;
      return state.hasMore ? vscode.l10n.t('{0}+', state.items.length) : String(state.items.length);
    },
    children: async (node) => {
      const state = responses.itemList(connectionId, conversationId);
      if (!state.loaded && !state.error) await tree.loadChildren(node, responses.loadItems(connectionId, conversationId));
      const steps = stepsFromItems(state.items, !state.hasMore, []);
      const rows = steps.map((step) => itemNode(tree, node, step));
      return pagedChildren(node, state, rows, vscode.l10n.t('No items'), infoFactory(tree, node), loadMoreFactory(tree, node, vscode.l10n.t('Load more items'), () => responses.loadItems(connectionId, conversationId, 'more'), rows.length));
    },
    reload: () => responses.loadItems(connectionId, conversationId),
  };
}

function itemNode(tree: TreeContext, parent: TreeNode, step: Step): ItemNode {
  const id = `${parent.id}/i/${step.id}`;
  return tree.node(id, () => new ItemNode(id, parent, tree, step), (n) => (n.step = step));
}

export class ResponseNode extends RefNode<ResponseRef> {
  readonly kind = 'response';
  /** What comes after it was asked for once (its calls' answers). */
  private laterAsked = false;



  getTreeItem(): vscode.TreeItem {
    const { responses } = this.tree.services;
    const run = responses.run(this.ref.connectionId, this.ref.responseId);
    if (!run) {
      const gone = responses.isGone(this.ref.connectionId, this.ref.responseId);
      const error = responses.responseError(this.ref.connectionId, this.ref.responseId);
      if (!error) void responses.loadResponse(this.ref.connectionId, this.ref.responseId);
      const seen = gone ? this.tree.services.captured.summary(this.ref.connectionId, this.ref.responseId) : undefined;
      if (seen) return markCaptured(unreadableCapturedRow(this.id, this.ref.responseId, seen.summary), this.tree.services, this.ref.connectionId, this.ref.responseId);
      const item = new vscode.TreeItem(this.ref.responseId, gone || error ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = this.id;
      item.description = gone ? vscode.l10n.t('not found on the service') : error ? vscode.l10n.t('could not be read') : vscode.l10n.t('loading…');
      item.tooltip = error ?? this.ref.responseId;
      item.iconPath = gone ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')) : error ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('loading~spin');
      item.contextValue = contextValues.response(gone ? 'gone' : 'unknown', false);
      return markCaptured(item, this.tree.services, this.ref.connectionId, this.ref.responseId);
    }
    const row = describeResponse(run);
    const item = new vscode.TreeItem(row.label, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.response(run.status.wire, run.cancel.possible, run.pending.length > 0, this.tree.services.connections.isArchive(this.ref.connectionId));
    item.command = { command: 'agentRuns.openResponse', title: vscode.l10n.t('Open Response'), arguments: [this.ref] };
    markForked(item, responses.response(this.ref.connectionId, this.ref.responseId)?.metadata);
    item.accessibilityInformation = { label: vscode.l10n.t('Response {0}, {1}', run.id, String(item.description)) };
    return markCaptured(item, this.tree.services, this.ref.connectionId, this.ref.responseId);
  }

  override async getChildren(): Promise<TreeNode[]> {
    this.tree.expanded(this);
    const { responses } = this.tree.services;
    if (!responses.response(this.ref.connectionId, this.ref.responseId)) {
      await this.tree.loadChildren(this, responses.fetchResponse(this.ref.connectionId, this.ref.responseId).catch(() => undefined));
    }
    const run = responses.run(this.ref.connectionId, this.ref.responseId);
    const info = infoFactory(this.tree, this);
    if (!run) {
      const error = responses.responseError(this.ref.connectionId, this.ref.responseId) ?? vscode.l10n.t('The response could not be read.');
      return [info(`${this.id}/error`, error, { error: true, command: { command: 'agentRuns.refreshNode', title: vscode.l10n.t('Retry'), arguments: [this] } })];
    }
    // A call is awaiting only if everything after it is known: read that once, where it can be.
    if (run.pending.some((p) => p.state === 'noAnswerSeen') && !this.laterAsked) {
      this.laterAsked = true;
      void responses.loadLater(this.ref.connectionId, this.ref.responseId);
    }
    if (run.steps.length === 0) return [info(`${this.id}/empty`, run.active ? vscode.l10n.t('No output yet') : vscode.l10n.t('No output items'), {})];
    return run.steps.map((step) => itemNode(this.tree, this, step));
  }

  async refresh(): Promise<void> {
    this.laterAsked = false;
    await this.tree.services.responses.fetchResponse(this.ref.connectionId, this.ref.responseId).catch(() => undefined);
  }
}

/**
 * A captured response the connection's credentials cannot read (the service answers 404:
 * created with `store: false`, or with another project's key): what the app was answered.
 */
function unreadableCapturedRow(id: string, responseId: string, summary: CapturedSummary): vscode.TreeItem {
  const row = describeCapturedSummary(summary);
  const item = new vscode.TreeItem(responseId, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = row.description;
  item.tooltip = tooltipOf(row);
  item.iconPath = iconOf(row.look);
  item.contextValue = contextValues.response('gone', false);
  return item;
}

export class ItemNode extends TreeNode {
  readonly kind = 'item';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    public step: Step,
  ) {
    super(id, parent, tree);
  }

  get ref() {
    return { itemId: this.step.id };
  }

  /** The function, custom tool or MCP tool the item calls, for Go to Handler. */
  get toolName(): string | undefined {
    return stepToolName(this.step);
  }

  getTreeItem(): vscode.TreeItem {
    const row = describeItem(this.step);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.item(this.step.type);
    return item;
  }
}

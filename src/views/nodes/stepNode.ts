import * as vscode from 'vscode';
import type { RunStep } from '../../api/schemas';
import type { RunRef } from '../../util/refs';
import { contextValues } from '../contextValues';
import { describeStep, describeToolCall, toolCallCount } from '../describe';
import { iconOf, tooltipOf } from '../tooltip';
import { TreeNode, type TreeContext } from './treeNode';

export class StepNode extends TreeNode {
  readonly kind = 'step';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly runRef: RunRef,
    public step: RunStep,
    public runStatus: string | undefined,
  ) {
    super(id, parent, tree);
  }

  get ref() {
    return { ...this.runRef, stepId: this.step.id };
  }

  getTreeItem(): vscode.TreeItem {
    const row = describeStep(this.step);
    const hasCalls = toolCallCount(this.step) > 0;
    const item = new vscode.TreeItem(row.label, hasCalls ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.step(this.step.type, this.step.status);
    if (!hasCalls) item.command = { command: 'agentRuns.openJson', title: vscode.l10n.t('Open as JSON'), arguments: [this] };
    return item;
  }

  override getChildren(): TreeNode[] {
    const calls = this.step.step_details.tool_calls ?? [];
    return calls.map((call, index) => {
      const id = `${this.id}/tc/${call.id ?? index}`;
      return this.tree.node(id, () => new ToolCallNode(id, this, this.tree, index), (n) => (n.index = index));
    });
  }
}

export class ToolCallNode extends TreeNode {
  readonly kind = 'toolCall';

  constructor(
    id: string,
    readonly stepNode: StepNode,
    tree: TreeContext,
    public index: number,
  ) {
    super(id, stepNode, tree);
  }

  get call() {
    return this.stepNode.step.step_details.tool_calls?.[this.index];
  }

  get ref() {
    return { ...this.stepNode.ref, toolCallId: this.call?.id ?? String(this.index) };
  }

  /** The function's name, for Go to Handler (other kinds of calls have none). */
  get toolName(): string | undefined {
    const call = this.call;
    return call?.type === 'function' ? call.function?.name || undefined : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const call = this.call;
    const item = new vscode.TreeItem(call?.type ?? vscode.l10n.t('tool call'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (!call) return item;
    const awaiting = this.stepNode.runStatus === 'requires_action' && this.stepNode.step.status === 'in_progress';
    const row = describeToolCall(call, awaiting);
    item.label = row.label;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.toolCall(call.type);
    item.command = { command: 'agentRuns.openJson', title: vscode.l10n.t('Open as JSON'), arguments: [this] };
    return item;
  }
}

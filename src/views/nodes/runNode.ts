import * as vscode from 'vscode';
import { markCaptured } from '../capturedMarker';
import { markForked } from '../forkedMarker';
import { contextValues } from '../contextValues';
import { describeRun } from '../describe';
import { iconOf, tooltipOf } from '../tooltip';
import { infoFactory } from './infoNode';
import { loadMoreFactory } from './loadMoreNode';
import { StepNode } from './stepNode';
import { RefNode, type TreeNode, pagedChildren } from './treeNode';
import type { RunRef } from '../../util/refs';

export class RunNode extends RefNode<RunRef> {
  readonly kind = 'run';



  getTreeItem(): vscode.TreeItem {
    const run = this.tree.services.store.run(this.ref.connectionId, this.ref.threadId, this.ref.runId);
    if (!run) {
      const item = new vscode.TreeItem(this.ref.runId, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = this.id;
      item.contextValue = contextValues.run('unknown');
      return markCaptured(item, this.tree.services, this.ref.connectionId, this.ref.runId);
    }
    const row = describeRun(run);
    const item = new vscode.TreeItem(row.label, this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Collapsed));
    item.id = this.id;
    item.description = row.description;
    item.tooltip = tooltipOf(row);
    item.iconPath = iconOf(row.look);
    item.contextValue = contextValues.run(run.status, this.tree.services.connections.isArchive(this.ref.connectionId));
    item.command = { command: 'agentRuns.openRun', title: vscode.l10n.t('Open Run'), arguments: [this.ref] };
    markForked(item, run.metadata);
    item.accessibilityInformation = { label: vscode.l10n.t('Run {0}, {1}', run.id, String(item.description)) };
    return markCaptured(item, this.tree.services, this.ref.connectionId, this.ref.runId);
  }

  override async getChildren(): Promise<TreeNode[]> {
    this.tree.expanded(this);
    const { store } = this.tree.services;
    const state = store.stepList(this.ref.connectionId, this.ref.threadId, this.ref.runId);
    if (!state.loaded && !state.error) await this.tree.loadChildren(this, store.loadSteps(this.ref.connectionId, this.ref.threadId, this.ref.runId));
    const run = store.run(this.ref.connectionId, this.ref.threadId, this.ref.runId);
    const steps = state.items.map((step) => {
      const id = `${this.id}/s/${step.id}`;
      return this.tree.node(id, () => new StepNode(id, this, this.tree, this.ref, step, run?.status), (n) => {
        n.step = step;
        n.runStatus = run?.status;
      });
    });
    return pagedChildren(this, state, steps, vscode.l10n.t('No steps yet'), infoFactory(this.tree, this), loadMoreFactory(this.tree, this, vscode.l10n.t('Load more steps'), () => store.loadSteps(this.ref.connectionId, this.ref.threadId, this.ref.runId, 'more'), steps.length));
  }
}

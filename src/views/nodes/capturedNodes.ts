// Captured requests that failed, under their connection: one error row each, newest
// first, with the status, the service's message and the request id.
import * as vscode from 'vscode';
import type { CapturedFailure } from '../../store/capturedObjects';
import { contextValues } from '../contextValues';
import { infoFactory } from './infoNode';
import { TreeNode, type TreeContext } from './treeNode';

export class CapturedFailuresNode extends TreeNode {
  readonly kind = 'captured';

  constructor(
    id: string,
    parent: TreeNode,
    tree: TreeContext,
    readonly connectionId: string,
  ) {
    super(id, parent, tree);
  }

  getTreeItem(): vscode.TreeItem {
    const count = this.tree.services.captured.failures(this.connectionId).length;
    const item = new vscode.TreeItem(vscode.l10n.t('Captured errors'), this.tree.collapsibleState(this.id, vscode.TreeItemCollapsibleState.Expanded));
    item.id = this.id;
    item.description = String(count);
    item.tooltip = vscode.l10n.t('Requests of your app that failed while capture recorded (this window only).');
    item.iconPath = new vscode.ThemeIcon('record', new vscode.ThemeColor('errorForeground'));
    item.contextValue = contextValues.captured;
    return item;
  }

  override getChildren(): TreeNode[] {
    const info = infoFactory(this.tree, this);
    return this.tree.services.captured.failures(this.connectionId).map((f) => info(`${this.id}/${f.seq}`, failureLabel(f), { error: true, description: failureDescription(f), tooltip: failureTooltip(f) }));
  }
}

const statusOf = (f: CapturedFailure) =>
  f.status !== undefined ? String(f.status) : f.outcome === 'unreachable' ? vscode.l10n.t('upstream unreachable') : vscode.l10n.t('connection dropped');

function failureLabel(f: CapturedFailure): string {
  return `${f.method} ${f.path} → ${statusOf(f)}`;
}

function failureDescription(f: CapturedFailure): string {
  const time = new Date(f.at).toLocaleTimeString();
  return f.errorMessage ? vscode.l10n.t('{0} · captured {1}', f.errorMessage.replace(/\s+/g, ' ').slice(0, 120), time) : vscode.l10n.t('captured {0}', time);
}

function failureTooltip(f: CapturedFailure): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  const row = (name: string, value: string) => {
    md.appendMarkdown(`**${name}** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  };
  row(vscode.l10n.t('Request:'), `${f.method} ${f.path}`);
  row(vscode.l10n.t('Status:'), statusOf(f));
  row(vscode.l10n.t('Message:'), f.errorMessage ?? '—');
  row(vscode.l10n.t('Request id:'), f.requestId ?? '—');
  row(vscode.l10n.t('Captured:'), new Date(f.at).toLocaleString());
  return md;
}

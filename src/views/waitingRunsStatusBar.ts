// A status-bar item counting the runs that wait for the user's tool outputs.
import * as vscode from 'vscode';
import type { CoreServices } from '../services';
import { Disposable } from '../util/disposable';

export class WaitingRunsStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly services: CoreServices) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('agentRuns.waiting', vscode.StatusBarAlignment.Left, 50));
    this.item.name = vscode.l10n.t('Agent Runs: runs waiting for tool outputs');
    this.item.command = 'agentRuns.showWaitingRuns';
    this._register(
      services.store.onDidChange((change) => {
        if (change.kind === 'run' || change.kind === 'runs') this.update();
      }),
    );
  }

  waitingRuns() {
    return this.services.store.activeRuns().filter((r) => r.run.status === 'requires_action');
  }

  private update(): void {
    const count = this.waitingRuns().length;
    if (!count) {
      this.item.hide();
      return;
    }
    this.item.text = count === 1 ? vscode.l10n.t('$(bell-dot) {0} run waiting', count) : vscode.l10n.t('$(bell-dot) {0} runs waiting', count);
    this.item.tooltip =
      count === 1 ? vscode.l10n.t('{0} run is waiting for tool outputs. Click to answer.', count) : vscode.l10n.t('{0} runs are waiting for tool outputs. Click to answer.', count);
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  /** The count shown (for tests). */
  get count(): number {
    return this.waitingRuns().length;
  }
}

// A status-bar item counting the runs that wait for the user's tool outputs, on every
// thread the extension knows (see store/waitingRuns.ts), not only the ones shown.
import * as vscode from 'vscode';
import type { CoreServices } from '../coreServices';
import { Disposable } from '../util/disposable';

export class WaitingRunsStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly services: CoreServices) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('agentRuns.waiting', vscode.StatusBarAlignment.Left, 50));
    this.item.name = vscode.l10n.t('Agent Runs: runs waiting for tool outputs');
    this.item.command = 'agentRuns.showWaitingRuns';
    this._register(services.waitingRuns.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const count = this.count;
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
    return this.services.waitingRuns.count;
  }

  /** The text shown, or undefined while hidden (for tests). */
  get text(): string | undefined {
    return this.count ? this.item.text : undefined;
  }
}

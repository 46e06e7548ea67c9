// A status-bar item counting what waits for the user, in one inbox: the runs that wait
// for tool outputs on every thread the extension knows (see store/waitingRuns.ts), and
// the known responses whose calls or approval requests are awaiting an answer (only
// where everything after them is visible; "no answer seen" is not counted).
import * as vscode from 'vscode';
import type { CoreServices } from '../coreServices';
import { Disposable } from '../util/disposable';

export class WaitingRunsStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly services: CoreServices) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('agentRuns.waiting', vscode.StatusBarAlignment.Left, 50));
    this.item.name = vscode.l10n.t('Agent Runs: runs and responses waiting for answers');
    this.item.command = 'agentRuns.showWaitingRuns';
    this._register(services.waitingRuns.onDidChange(() => this.update()));
    this._register(services.responses.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const count = this.count;
    if (!count) {
      this.item.hide();
      return;
    }
    const runs = this.services.waitingRuns.count;
    const responses = count - runs;
    const runsSentence = runs === 1 ? vscode.l10n.t('1 run is waiting for tool outputs.') : vscode.l10n.t('{0} runs are waiting for tool outputs.', runs);
    const responsesSentence = responses === 1 ? vscode.l10n.t('1 response awaits an answer.') : vscode.l10n.t('{0} responses await answers.', responses);
    if (!responses) {
      this.item.text = count === 1 ? vscode.l10n.t('$(bell-dot) {0} run waiting', count) : vscode.l10n.t('$(bell-dot) {0} runs waiting', count);
      this.item.tooltip = vscode.l10n.t('{0} Click to answer.', runsSentence);
    } else {
      this.item.text = vscode.l10n.t('$(bell-dot) {0} waiting', count);
      this.item.tooltip = runs ? vscode.l10n.t('{0} {1} Click to answer.', runsSentence, responsesSentence) : vscode.l10n.t('{0} Click to answer.', responsesSentence);
    }
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  /** The count shown (for tests). */
  get count(): number {
    return this.services.waitingRuns.count + this.services.responses.pendingResponses().filter((r) => r.run.waiting).length;
  }

  /** The text shown, or undefined while hidden (for tests). */
  get text(): string | undefined {
    return this.count ? this.item.text : undefined;
  }
}

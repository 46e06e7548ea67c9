// The capture's status bar item: while recording, the connection and how many requests
// were captured; after Stop, that the port still forwards but records nothing (until the
// window reloads); otherwise a way to start. A click offers what can be done now.
import * as vscode from 'vscode';
import type { CaptureController } from '../store/captureController';
import { Disposable } from '../util/disposable';

export class CaptureStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly capture: CaptureController) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('agentRuns.capture', vscode.StatusBarAlignment.Left, 49));
    this.item.name = vscode.l10n.t('Agent Runs: capture');
    this._register(capture.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const active = this.capture.current;
    if (active) {
      this.item.text = vscode.l10n.t('$(record) {0}: {1}', active.connection.name, active.count);
      this.item.tooltip = active.count === 1
        ? vscode.l10n.t('Capture is recording the requests of {0}: 1 request so far. Click to stop, copy the URL or show the log.', active.connection.name)
        : vscode.l10n.t('Capture is recording the requests of {0}: {1} requests so far. Click to stop, copy the URL or show the log.', active.connection.name, active.count);
      this.item.command = 'agentRuns.captureActions';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (this.capture.forwardingOnly) {
      this.item.text = vscode.l10n.t('$(debug-disconnect) Capture: forwarding, not recording');
      this.item.tooltip = vscode.l10n.t('Capture stopped. Apps that already have its URL keep working through it, recording nothing, until they exit or the window reloads. Click to start again or show the log.');
      this.item.command = 'agentRuns.captureActions';
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = vscode.l10n.t('$(record) Capture');
      this.item.tooltip = vscode.l10n.t('Agent Runs: Start Capture — every thread, run, conversation and response your app makes appears in the tree.');
      this.item.command = 'agentRuns.startCapture';
      this.item.backgroundColor = undefined;
    }
    this.item.show();
  }

  /** The text shown (for tests). */
  get text(): string {
    return this.item.text;
  }
}

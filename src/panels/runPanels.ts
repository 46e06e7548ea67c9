// All open run panels, one per run (keyed by connection|thread|run): `open` reveals the
// panel of a run if it is open and creates it otherwise; as the serializer it brings
// panels back after a window reload from the state the webview saved.
import * as vscode from 'vscode';
import type { CoreServices } from '../coreServices';
import { parsePersistedState } from '../shared/protocol';
import { Disposable } from '../util/disposable';
import { runRefKey, type RunRef } from '../util/refs';
import { RunPanel, panelOptions, runPanelViewType, type PanelDrafts } from './runPanel';

export class RunPanels extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, RunPanel>();

  constructor(
    private readonly services: CoreServices,
    private readonly drafts: PanelDrafts,
  ) {
    super();
    this._register({
      dispose: () => {
        for (const panel of [...this.panels.values()]) panel.dispose();
        this.panels.clear();
      },
    });
  }

  /** Reveals the run's panel, or opens one. */
  open(ref: RunRef, viewColumn: vscode.ViewColumn = vscode.ViewColumn.Active): RunPanel {
    const existing = this.panels.get(runRefKey(ref));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(runPanelViewType, ref.runId, { viewColumn, preserveFocus: false }, panelOptions(this.services.context.extensionUri));
    return this.adopt(webviewPanel, ref);
  }

  get(ref: RunRef): RunPanel | undefined {
    return this.panels.get(runRefKey(ref));
  }

  /** The open panels (for tests and the status bar). */
  all(): RunPanel[] {
    return [...this.panels.values()];
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = parsePersistedState(state);
    if (!parsed.ok) {
      this.services.log.warn(`A run panel could not be restored: its saved state is not valid (${parsed.problem}).`);
      webviewPanel.dispose();
      return;
    }
    const { connectionId, threadId, runId } = parsed.value.ref;
    const ref = { connectionId, threadId, runId };
    if (!this.services.connections.get(connectionId)) {
      this.services.log.warn(`The panel of ${runId} was not restored: connection ${connectionId} no longer exists.`);
      webviewPanel.dispose();
      return;
    }
    if (this.panels.has(runRefKey(ref))) {
      webviewPanel.dispose();
      this.panels.get(runRefKey(ref))?.reveal();
      return;
    }
    this.adopt(webviewPanel, ref);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, ref: RunRef): RunPanel {
    const panel = new RunPanel(this.services, this.drafts, webviewPanel, ref);
    const key = runRefKey(ref);
    this.panels.set(key, panel);
    panel.onDidClose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }
}

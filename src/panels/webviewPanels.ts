// The open panels of one kind (runs, responses), one per object: `open` reveals the
// panel of an object if it is open and creates it otherwise; as the serializer it brings
// panels back after a window reload from the reference the webview saved.
import * as vscode from 'vscode';
import type { CoreServices } from '../coreServices';
import type { ParseResult } from '../shared/protocol';
import { Disposable } from '../util/disposable';

/** What the registry needs of a panel. */
export interface OpenPanel extends vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  readonly onDidClose: vscode.Event<void>;
  reveal(): void;
}

/** One kind of panel: its view type, how its objects are keyed, restored and shown. */
export interface PanelKind<Ref, P extends OpenPanel> {
  viewType: string;
  /** For log lines: "run", "response". */
  noun: string;
  keyOf(ref: Ref): string;
  /** The tab title before the object is loaded (its id). */
  titleOf(ref: Ref): string;
  connectionIdOf(ref: Ref): string;
  /** The reference a restored panel's saved state holds, or why it can't be read. */
  refFromState(state: unknown): ParseResult<Ref>;
  create(webviewPanel: vscode.WebviewPanel, ref: Ref): P;
  options(): vscode.WebviewPanelOptions & vscode.WebviewOptions;
}

export class WebviewPanels<Ref, P extends OpenPanel> extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, P>();

  constructor(
    protected readonly services: CoreServices,
    private readonly kind: PanelKind<Ref, P>,
  ) {
    super();
    this._register({
      dispose: () => {
        for (const panel of [...this.panels.values()]) panel.dispose();
        this.panels.clear();
      },
    });
  }

  /** Reveals the object's panel, or opens one. */
  open(ref: Ref, viewColumn: vscode.ViewColumn = vscode.ViewColumn.Active): P {
    const existing = this.panels.get(this.kind.keyOf(ref));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(this.kind.viewType, this.kind.titleOf(ref), { viewColumn, preserveFocus: false }, this.kind.options());
    return this.adopt(webviewPanel, ref);
  }

  get(ref: Ref): P | undefined {
    return this.panels.get(this.kind.keyOf(ref));
  }

  /** The open panels (for tests and the status bar). */
  all(): P[] {
    return [...this.panels.values()];
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const { noun } = this.kind;
    const parsed = this.kind.refFromState(state);
    if (!parsed.ok) {
      this.services.log.warn(`A ${noun} panel could not be restored: its saved state is not valid (${parsed.problem}).`);
      webviewPanel.dispose();
      return;
    }
    const ref = parsed.value;
    const connectionId = this.kind.connectionIdOf(ref);
    if (!this.services.connections.get(connectionId)) {
      this.services.log.warn(`The panel of ${this.kind.titleOf(ref)} was not restored: connection ${connectionId} no longer exists.`);
      webviewPanel.dispose();
      return;
    }
    const existing = this.panels.get(this.kind.keyOf(ref));
    if (existing) {
      webviewPanel.dispose();
      existing.reveal();
      return;
    }
    this.adopt(webviewPanel, ref);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, ref: Ref): P {
    const panel = this.kind.create(webviewPanel, ref);
    const key = this.kind.keyOf(ref);
    this.panels.set(key, panel);
    panel.onDidClose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }
}

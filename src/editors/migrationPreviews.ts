// The read-only previews of Copy Thread to Conversation… (scheme `agent-runs-migration`):
// Markdown documents that say what a copy will create and what it cannot carry.
import * as vscode from 'vscode';

export const migrationScheme = 'agent-runs-migration';
/** The previews, by path: read-only documents that live as long as the window. */
export class MigrationPreviews implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  async show(name: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: migrationScheme, path: `/${name}.md` });
    this.texts.set(uri.path, text);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    // Rendered, beside; the source where no Markdown preview is installed.
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
  }

  /** The diff editor on two texts (what a copy planned, what the conversation holds). */
  async compare(left: { name: string; text: string }, right: { name: string; text: string }, title: string): Promise<void> {
    const uri = (side: { name: string; text: string }) => {
      const u = vscode.Uri.from({ scheme: migrationScheme, path: `/${side.name}.txt` });
      this.texts.set(u.path, side.text);
      this.changed.fire(u);
      return u;
    };
    await vscode.commands.executeCommand('vscode.diff', uri(left), uri(right), title);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

// Go to Handler inside VS Code: the open workspace as the search's source (findFiles with
// the user's files.exclude and search.exclude, dependencies skipped, bounded in count and
// size, cancellable), the workspace symbol providers when they answer in time, and what
// the user sees: the one place opened at the name, a QuickPick that previews as it moves,
// or a sentence naming what was searched.
import * as vscode from 'vscode';
import { findHandlers, handlerFileGlob, type HandlerFile, type HandlerHit, type HandlerSearch, type HandlerSource, type SymbolHit } from './findHandlers';

/** Files read at most (the rest is said in the message). */
const maxFiles = 5000;
/** Larger files are bundles or data, not handlers. */
const maxFileBytes = 1024 * 1024;
/** How long a workspace symbol provider may take before its answer is left out. */
const symbolTimeoutMs = 2000;
/** Installed dependencies, whatever the exclude settings say. */
const dependencyFolders = ['**/node_modules/**', '**/site-packages/**'];

const definitionKinds = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Class, vscode.SymbolKind.Variable, vscode.SymbolKind.Constant, vscode.SymbolKind.Property, vscode.SymbolKind.Field]);

/** What Go to Handler did (the command returns it). */
export type GoToHandlerOutcome =
  | { kind: 'noWorkspace'; name: string; message: string }
  | { kind: 'none'; name: string; message: string; searched: number }
  | { kind: 'cancelled'; name: string }
  /** `picked`: chosen in the QuickPick (undefined: dismissed); `offered`: its items, in order. */
  | { kind: 'opened'; name: string; hit: HandlerLocation; offered: HandlerLocation[] }
  | { kind: 'dismissed'; name: string; offered: HandlerLocation[] };

export interface HandlerLocation {
  /** Relative to its workspace folder. */
  path: string;
  uri: string;
  /** 0-based. */
  line: number;
  kind: 'definition' | 'schema';
  form: string;
}

/** `{ a, b }` of a glob, expanded (one level at a time), so patterns can be joined into one brace group. */
export function expandBraces(pattern: string): string[] {
  const m = /\{([^{}]*)\}/.exec(pattern);
  if (!m) return [pattern];
  return m[1]!.split(',').flatMap((part) => expandBraces(pattern.slice(0, m.index) + part + pattern.slice(m.index + m[0].length)));
}

/** The exclude glob of a folder: files.exclude and search.exclude entries set to true, and dependency folders. */
function excludeOf(folder: vscode.WorkspaceFolder): string {
  const patterns = new Set(dependencyFolders);
  for (const section of ['files', 'search']) {
    const entries = vscode.workspace.getConfiguration(section, folder.uri).get<Record<string, unknown>>('exclude') ?? {};
    for (const [pattern, on] of Object.entries(entries)) if (on === true) expandBraces(pattern).forEach((p) => patterns.add(p));
  }
  return `{${[...patterns].join(',')}}`;
}

function withTimeout<T>(promise: Thenable<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    Promise.resolve(promise).then(
      (value) => (clearTimeout(timer), resolve(value)),
      () => (clearTimeout(timer), resolve(fallback)),
    );
  });
}

/** The open workspace as the search reads it. */
class WorkspaceSource implements HandlerSource {
  private readonly byId = new Map<string, vscode.Uri>();

  constructor(
    private readonly folders: readonly vscode.WorkspaceFolder[],
    private readonly token: vscode.CancellationToken,
    private readonly report: (read: number, total: number) => void,
  ) {}

  private fileOf(uri: vscode.Uri): HandlerFile {
    this.byId.set(uri.toString(), uri);
    return { id: uri.toString(), path: vscode.workspace.asRelativePath(uri, this.folders.length > 1) };
  }

  uriOf(file: HandlerFile): vscode.Uri {
    return this.byId.get(file.id) ?? vscode.Uri.parse(file.id);
  }

  async files(): Promise<{ files: HandlerFile[]; truncated: boolean }> {
    const files: HandlerFile[] = [];
    let truncated = false;
    for (const folder of this.folders) {
      const left = maxFiles - files.length;
      if (left <= 0 || this.token.isCancellationRequested) break;
      // One more than allowed: to know whether there were more.
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, handlerFileGlob), excludeOf(folder), left + 1, this.token);
      if (uris.length > left) truncated = true;
      uris.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      files.push(...uris.slice(0, left).map((u) => this.fileOf(u)));
    }
    return { files, truncated };
  }

  async read(file: HandlerFile): Promise<string | undefined> {
    // What the user sees in an editor, unsaved edits included (its lines are the ones opened).
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.id);
    if (open) return open.getText();
    const uri = this.uriOf(file);
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxFileBytes) return undefined;
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.includes(0)) return undefined;
    return new TextDecoder().decode(bytes);
  }

  async symbols(forms: readonly string[]): Promise<SymbolHit[]> {
    const answers = await Promise.all(
      forms.map((form) => withTimeout(vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', form), symbolTimeoutMs, undefined)),
    );
    // Providers match loosely: only definitions named exactly like a form, in files the search reads.
    const candidates = answers.flatMap((symbols) => (symbols ?? []).filter((s) => definitionKinds.has(s.kind) && forms.includes(s.name) && s.location?.uri));
    const searched = new Map<string, Promise<boolean>>();
    const kept = await Promise.all(
      candidates.map((s) => {
        const key = s.location.uri.toString();
        if (!searched.has(key)) searched.set(key, this.isSearched(s.location.uri));
        return searched.get(key)!;
      }),
    );
    return candidates
      .filter((_, i) => kept[i])
      .map((s) => ({ file: this.fileOf(s.location.uri), name: s.name, line: s.location.range.start.line, endLine: s.location.range.end.line }));
  }

  /** Whether a file is one the search would read: in a workspace folder, not excluded, not a dependency. */
  private async isSearched(uri: vscode.Uri): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || /\/(node_modules|site-packages)\//.test(uri.path)) return false;
    const relative = vscode.workspace.asRelativePath(uri, false);
    // A path with glob characters cannot be asked for as a pattern: kept.
    if (/[[\]{}*?]/.test(relative)) return true;
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, relative), excludeOf(folder), 1, this.token);
    return found.length > 0;
  }

  isCancelled(): boolean {
    return this.token.isCancellationRequested;
  }

  progress(read: number, total: number): void {
    this.report(read, total);
  }
}

function locationOf(source: WorkspaceSource, hit: HandlerHit): HandlerLocation {
  return { path: hit.file.path, uri: source.uriOf(hit.file).toString(), line: hit.line, kind: hit.kind, form: hit.form };
}

/** A hit's text as a QuickPick shows it: trimmed, shortened, its `$(…)` not taken for icons. */
function previewOf(text: string): string {
  const trimmed = text.trim();
  const short = trimmed.length > 160 ? `${trimmed.slice(0, 159)}…` : trimmed;
  return short.replace(/\$\(/g, '$\u200b(');
}

interface HitItem extends vscode.QuickPickItem {
  hit: HandlerHit;
}

function itemOf(hit: HandlerHit): HitItem {
  const kind = hit.kind === 'definition' ? vscode.l10n.t('definition') : vscode.l10n.t('tool schema');
  return {
    label: `${hit.kind === 'definition' ? '$(symbol-method)' : '$(json)'} ${hit.file.path}:${hit.line + 1}`,
    description: hit.exact ? kind : `${kind} · ${hit.form}`,
    detail: previewOf(hit.text),
    hit,
  };
}

export interface GoToHandlerOptions {
  /** Where the handler opens (beside a panel or a draft; in the active group from the tree). */
  viewColumn?: vscode.ViewColumn;
}

/** Finds the handler of tool `name` in the open workspace and shows it. */
export async function goToHandler(name: string, options: GoToHandlerOptions = {}): Promise<GoToHandlerOutcome> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    const message = vscode.l10n.t('Open the folder of your agent\'s code to find the handler of "{0}": Go to Handler searches the open workspace.', name);
    const open = vscode.l10n.t('Open Folder…');
    void vscode.window.showInformationMessage(message, open).then((chosen) => chosen === open && vscode.commands.executeCommand('workbench.action.files.openFolder'));
    return { kind: 'noWorkspace', name, message };
  }
  let source: WorkspaceSource | undefined;
  const search: HandlerSearch = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for the handler of {0}', name), cancellable: true },
    (progress, token) => {
      let shown = 0;
      source = new WorkspaceSource(folders, token, (read, total) => {
        const percent = Math.floor((read / Math.max(1, total)) * 100);
        if (percent > shown) progress.report({ increment: percent - shown, message: vscode.l10n.t('{0} of {1} files', read, total) });
        shown = Math.max(shown, percent);
      });
      return findHandlers(name, source);
    },
  );
  if (search.cancelled || !source) return { kind: 'cancelled', name };
  const found = source;
  if (!search.hits.length) {
    const forms = search.forms.length ? search.forms.join(', ') : name;
    const message = search.truncated
      ? vscode.l10n.t('No handler of "{0}" in the first {1} files of the workspace: searched for definitions of {2} (TypeScript, JavaScript, Python) and tool schemas named "{0}".', name, search.searched, forms)
      : vscode.l10n.t('No handler of "{0}" in the {1} files of the workspace: searched for definitions of {2} (TypeScript, JavaScript, Python) and tool schemas named "{0}".', name, search.searched, forms);
    void vscode.window.showInformationMessage(message);
    return { kind: 'none', name, message, searched: search.searched };
  }
  const offered = search.hits.map((h) => locationOf(found, h));
  if (search.hits.length === 1) {
    await show(found, search.hits[0]!, { viewColumn: options.viewColumn, preview: false });
    return { kind: 'opened', name, hit: offered[0]!, offered };
  }
  const picked = await pick(found, name, search.hits, options);
  if (!picked) return { kind: 'dismissed', name, offered };
  return { kind: 'opened', name, hit: locationOf(found, picked), offered };
}

async function show(source: WorkspaceSource, hit: HandlerHit, options: { viewColumn?: vscode.ViewColumn; preview: boolean; preserveFocus?: boolean }): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(source.uriOf(hit.file));
  // The line may have changed since it was read: select the name where it is now, or the line's start.
  const text = hit.line < document.lineCount ? document.lineAt(hit.line).text : '';
  const column = text.slice(hit.column, hit.column + hit.length) === hit.form ? hit.column : Math.max(0, text.indexOf(hit.form));
  const range = text.includes(hit.form) ? new vscode.Range(hit.line, column, hit.line, column + hit.length) : new vscode.Range(hit.line, 0, hit.line, 0);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: options.viewColumn, preview: options.preview, preserveFocus: options.preserveFocus, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** The QuickPick of several places; each one is shown as the user moves to it. */
function pick(source: WorkspaceSource, name: string, hits: readonly HandlerHit[], options: GoToHandlerOptions): Promise<HandlerHit | undefined> {
  const before = vscode.window.activeTextEditor;
  const restore = before ? { document: before.document, selection: before.selection, viewColumn: before.viewColumn } : undefined;
  const quickPick = vscode.window.createQuickPick<HitItem>();
  quickPick.title = vscode.l10n.t('Handlers of {0}', name);
  quickPick.placeholder = vscode.l10n.t('{0} places: definitions first, then tool schemas', hits.length);
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = hits.map(itemOf);
  let previewed = false;
  return new Promise<HandlerHit | undefined>((resolve) => {
    let chosen: HandlerHit | undefined;
    const subscriptions = [
      quickPick.onDidChangeActive(([item]) => {
        if (!item) return;
        previewed = true;
        void show(source, item.hit, { viewColumn: options.viewColumn, preview: true, preserveFocus: true }).catch(() => undefined);
      }),
      quickPick.onDidAccept(() => {
        chosen = quickPick.selectedItems[0]?.hit ?? quickPick.activeItems[0]?.hit;
        quickPick.hide();
      }),
      quickPick.onDidHide(async () => {
        subscriptions.forEach((s) => s.dispose());
        quickPick.dispose();
        if (chosen) {
          await show(source, chosen, { viewColumn: options.viewColumn, preview: false }).catch(() => undefined);
        } else if (previewed && restore) {
          // Dismissed: back to where the user was.
          await vscode.window.showTextDocument(restore.document, { viewColumn: restore.viewColumn, selection: restore.selection, preview: false }).then(undefined, () => undefined);
        }
        resolve(chosen);
      }),
    ];
    quickPick.show();
  });
}

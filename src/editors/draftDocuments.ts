// What both kinds of draft document share — a run's tool-output draft and a response's
// continue document: the text is kept in extension storage a short pause after typing
// (and at once when the host shuts down), the file system that serves it from storage
// with a file time that only a save moves, and closing a draft's tabs once it was sent.
import * as vscode from 'vscode';
import type { RunRef } from '../util/refs';
import type { DraftStorage } from './draftStorage';

/** A draft's problems (character ranges in its text) as diagnostics of the document. */
export function problemDiagnostics(
  document: vscode.TextDocument,
  problems: readonly { offset: number; length: number; message: string; severity: 'error' | 'warning'; code: string }[],
  source: string,
): vscode.Diagnostic[] {
  return problems.map((p) => {
    const range = new vscode.Range(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
    const d = new vscode.Diagnostic(range, p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = source;
    d.code = p.code;
    return d;
  });
}

/** How long typing pauses before a draft's text is kept in storage. */
export const persistDelayMs = 300;

/** The editor tabs showing `uri`. */
export function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  const key = uri.toString();
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
}

export function hasTab(uri: vscode.Uri): boolean {
  return tabsOf(uri).length > 0;
}

/** Closes the tabs of a draft that was sent (its text is gone, so nothing asks to save). */
export async function closeTabs(uri: vscode.Uri): Promise<void> {
  const tabs = tabsOf(uri);
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}

/**
 * Keeps what is typed in draft documents: written `persistDelayMs` after typing pauses,
 * or at once by `flush()` (awaited when the extension host shuts down).
 */
export class PersistQueue implements vscode.Disposable {
  private readonly waiting = new Map<string, { timer: ReturnType<typeof setTimeout>; document: vscode.TextDocument }>();

  constructor(
    private readonly write: (document: vscode.TextDocument) => Promise<void>,
    /** Called after each paused write is started (e.g. to ask for the CodeLens again). */
    private readonly afterPause: () => void = () => undefined,
  ) {}

  soon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const existing = this.waiting.get(key);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.waiting.delete(key);
      void this.write(document);
      this.afterPause();
    }, persistDelayMs);
    this.waiting.set(key, { timer, document });
  }

  /** Forgets what waits for `uri` (it was sent, or is written now another way). */
  cancel(uri: vscode.Uri): void {
    const existing = this.waiting.get(uri.toString());
    if (existing) clearTimeout(existing.timer);
    this.waiting.delete(uri.toString());
  }

  /** Writes at once everything still waiting for its pause. */
  async flush(): Promise<void> {
    const pending = [...this.waiting.values()];
    this.waiting.clear();
    for (const p of pending) clearTimeout(p.timer);
    await Promise.all(pending.map((p) => this.write(p.document)));
  }

  dispose(): void {
    for (const p of this.waiting.values()) clearTimeout(p.timer);
    this.waiting.clear();
  }
}

/**
 * A file system whose files are drafts in storage. Drafts are stored as the user types,
 * under the open document; so a file's time is that of its last save (or, the first
 * time it is seen, of its last write), not of the last keystroke kept: otherwise the next
 * save would be refused as a conflict ("the content of the file is newer").
 */
export abstract class DraftFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly savedAt = new Map<string, number>();

  abstract stat(uri: vscode.Uri): Promise<vscode.FileStat>;
  abstract readFile(uri: vscode.Uri): Promise<Uint8Array>;
  abstract writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void>;
  abstract delete(uri: vscode.Uri): Promise<void>;

  /**
   * A path that names no draft: a folder when it is shorter than a draft's path (folders
   * exist so breadcrumbs and pickers work), otherwise not found.
   */
  protected notADraft(uri: vscode.Uri, draftDepth: number): vscode.FileStat {
    if (uri.path.split('/').filter(Boolean).length < draftDepth) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  protected fire(type: vscode.FileChangeType, uri: vscode.Uri): void {
    this.changed.fire([{ type, uri }]);
  }

  /** The file time of a stored draft, given when storage last wrote it. */
  protected fileTime(uri: vscode.Uri, storedAt: number): number {
    const key = uri.toString();
    const known = this.savedAt.get(key);
    if (known !== undefined) return known;
    this.savedAt.set(key, storedAt);
    return storedAt;
  }

  /** The user saved (or the draft was replaced): its file time moves. */
  protected touched(uri: vscode.Uri): void {
    this.savedAt.set(uri.toString(), Date.now());
  }

  protected forgetTime(uri: vscode.Uri): void {
    this.savedAt.delete(uri.toString());
  }

  watch(): vscode.Disposable {
    // Changes come only from this provider, which fires them itself.
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * A draft file system whose drafts are kept in a DraftStorage (continue and fork
 * documents): `parse` reads a draft's path, `storageRef` names its stored draft, and
 * `depth` is how many path segments a draft's path has (shorter paths are folders).
 */
export class StoredDraftFileSystem<T> extends DraftFileSystem {
  constructor(
    private readonly storage: DraftStorage,
    private readonly parse: (path: string) => T | undefined,
    private readonly storageRef: (target: T) => RunRef,
    private readonly depth: (uri: vscode.Uri) => number,
    /** Drafts that were sent: a late save must not bring them back. */
    private readonly isSent: (uri: vscode.Uri) => boolean,
  ) {
    super();
  }

  /** The draft was replaced in storage (typed in a panel, or made anew): open editors read it again. */
  replaced(uri: vscode.Uri): void {
    this.touched(uri);
    this.fire(vscode.FileChangeType.Changed, uri);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const target = this.parse(uri.path);
    if (!target) return this.notADraft(uri, this.depth(uri));
    const stored = await this.storage.read(this.storageRef(target));
    if (!stored) throw vscode.FileSystemError.FileNotFound(uri);
    const mtime = this.fileTime(uri, stored.savedAt);
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: new TextEncoder().encode(stored.text).byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = this.parse(uri.path);
    const stored = target && (await this.storage.read(this.storageRef(target)));
    if (!stored) throw vscode.FileSystemError.FileNotFound(uri);
    return new TextEncoder().encode(stored.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = this.parse(uri.path);
    if (!target) throw vscode.FileSystemError.FileNotFound(uri);
    if (this.isSent(uri)) return;
    this.touched(uri);
    const ref = this.storageRef(target);
    const current = await this.storage.read(ref);
    await this.storage.write(ref, current?.calls ?? [], new TextDecoder().decode(content));
    this.fire(vscode.FileChangeType.Changed, uri);
  }

  async delete(uri: vscode.Uri): Promise<void> {
    const target = this.parse(uri.path);
    if (!target) throw vscode.FileSystemError.NoPermissions(uri);
    this.forgetTime(uri);
    await this.storage.delete(this.storageRef(target));
    this.fire(vscode.FileChangeType.Deleted, uri);
  }
}

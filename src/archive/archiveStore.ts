// Archives: export files (one, or a folder of them) opened read-only as connections of
// their own. Remembered across sessions (in globalState) until removed; read lazily, the
// first time the tree or a panel asks; checked against the export format each time they
// are read. A file that vanished or changed since it was opened is said so, once.
/// <reference path="../types/schemaValidators.d.ts" />
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Connection } from '../api/connection';
import { UserFacingError } from '../api/errors';
import { Disposable } from '../util/disposable';
import type { Log } from '../util/log';
import { ArchiveFormatError, readExport, type ArchiveContent, type SchemaCheck } from './archiveFormat';
import { archiveFetch, ArchiveIndex } from './archiveServer';

const stateKey = 'agentRuns.archives';

interface FileStamp {
  uri: string;
  mtime: number;
  size: number;
}

/** What is remembered of an opened archive. */
export interface ArchiveRecord {
  id: string;
  name: string;
  /** The file or folder that was opened. */
  uri: string;
  folder: boolean;
  /** The export files read when it was last read, with their times and sizes. */
  files: FileStamp[];
}

export interface OpenedArchive {
  connection: Connection;
  counts: ArchiveIndex['counts'];
  /** Files of a folder that were refused, each with its sentence. */
  refused: string[];
}

interface Loaded {
  index: ArchiveIndex;
  refused: string[];
  files: FileStamp[];
}

/** The base URL an archive's clients are built with; nothing is ever sent there. */
export function archiveBaseUrl(id: string): string {
  return `https://archive.invalid/${id}`;
}

export class ArchiveStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when an archive is opened, removed, or found changed. */
  readonly onDidChange = this.changed.event;
  private readonly loads = new Map<string, Promise<Loaded>>();
  /** The indexes read so far, for what must answer at once (a panel's state). */
  private readonly loaded = new Map<string, ArchiveIndex>();
  private check: Promise<SchemaCheck> | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {
    super();
  }

  private records(): ArchiveRecord[] {
    const raw = this.state.get<unknown>(stateKey, []);
    return Array.isArray(raw) ? (raw as ArchiveRecord[]).filter((r) => typeof r?.id === 'string' && typeof r.uri === 'string') : [];
  }

  record(id: string): ArchiveRecord | undefined {
    return this.records().find((r) => r.id === id);
  }

  /** The archives as connections (listed after the configured ones). */
  connections(): Connection[] {
    return this.records().map((r) => ({ id: r.id, name: r.name, kind: 'openai-compatible', baseUrl: archiveBaseUrl(r.id), auth: 'none', archive: r.uri }));
  }

  /**
   * Opens an export file or a folder of them: every file is read and checked first; the
   * archive is remembered only when at least one export was read. A single file that does
   * not match the format is refused with the sentence naming its first wrong path.
   */
  async open(uri: vscode.Uri): Promise<OpenedArchive> {
    const id = `archive-${createHash('sha256').update(uri.toString()).digest('hex').slice(0, 12)}`;
    const stat = await statOf(uri);
    const folder = ((stat?.type ?? 0) & vscode.FileType.Directory) !== 0;
    const name = uri.path.replace(/\/+$/, '').replace(/^.*\//, '') || uri.toString();
    const loaded = await this.read({ id, name, uri: uri.toString(), folder, files: [] }, 'open', stat);
    const record: ArchiveRecord = { id, name, uri: uri.toString(), folder, files: loaded.files };
    await this.state.update(stateKey, [...this.records().filter((r) => r.id !== id), record]);
    this.loads.set(id, Promise.resolve(loaded));
    this.loaded.set(id, loaded.index);
    this.changed.fire();
    return { connection: this.connections().find((c) => c.id === id)!, counts: loaded.index.counts, refused: loaded.refused };
  }

  async remove(id: string): Promise<void> {
    this.loads.delete(id);
    this.loaded.delete(id);
    await this.state.update(stateKey, this.records().filter((r) => r.id !== id));
    this.changed.fire();
  }

  /** Forgets what was read, so the next request reads the files again (Refresh). */
  reread(id: string): void {
    this.loads.delete(id);
  }

  /** The archive's contents as last read, if they were (undefined before the first request). */
  loadedIndex(id: string): ArchiveIndex | undefined {
    return this.loaded.get(id);
  }

  /** The archive's contents, read on first use; rejects with a sentence when the files are gone or no longer exports. */
  index(id: string): Promise<ArchiveIndex> {
    let load = this.loads.get(id);
    if (!load) {
      const record = this.record(id);
      if (!record) return Promise.reject(new UserFacingError(vscode.l10n.t('No archive with id "{0}".', id)));
      load = this.read(record, 'reopen');
      this.loads.set(id, load);
      void load.then((l) => this.loaded.set(id, l.index), () => this.loaded.delete(id));
      // A failed read is tried again on the next request (the file may be back).
      load.catch(() => this.loads.get(id) === load && this.loads.delete(id));
    }
    return load.then((l) => l.index);
  }

  /** A `fetch` that answers the archive's requests from its files (no network). */
  fetchFor(id: string): typeof fetch {
    return archiveFetch(archiveBaseUrl(id), () => this.index(id));
  }

  private schemaCheck(): Promise<SchemaCheck> {
    this.check ??= import('agent-runs:export-validators').then((m) => m.exportFile as SchemaCheck);
    return this.check;
  }

  /** Reads every export file of a record; says what vanished or changed since it was last read. */
  private async read(record: ArchiveRecord, why: 'open' | 'reopen', rootStat?: vscode.FileStat): Promise<Loaded> {
    const root = vscode.Uri.parse(record.uri);
    const stat = rootStat ?? (await statOf(root));
    if (!stat) {
      throw new UserFacingError(
        record.folder
          ? vscode.l10n.t('The folder of archive "{0}" is gone ({1}): it was moved or deleted. Open it again where it is now, or remove the archive.', record.name, root.fsPath)
          : vscode.l10n.t('The file of archive "{0}" is gone ({1}): it was moved or deleted. Open it again where it is now, or remove the archive.', record.name, root.fsPath),
      );
    }
    const uris = record.folder ? await exportFilesIn(root) : [root];
    if (record.folder && uris.length === 0) throw new UserFacingError(vscode.l10n.t('The folder {0} holds no .json files to open as an archive.', root.fsPath));
    const check = await this.schemaCheck();
    const contents: ArchiveContent[] = [];
    const refused: string[] = [];
    const files: FileStamp[] = [];
    for (const uri of uris) {
      const label = record.folder ? `"${uri.path.replace(/^.*\//, '')}"` : `"${record.name}"`;
      try {
        // A single file was stated above; a folder's files one by one.
        const fileStat = record.folder ? await vscode.workspace.fs.stat(uri) : stat;
        const bytes = await vscode.workspace.fs.readFile(uri);
        contents.push(readExport(new TextDecoder().decode(bytes), check, label));
        files.push({ uri: uri.toString(), mtime: fileStat.mtime, size: fileStat.size });
      } catch (error) {
        const sentence = error instanceof ArchiveFormatError ? error.message : vscode.l10n.t("{0} couldn't be read: {1}", label, (error as Error).message);
        if (!record.folder) throw new UserFacingError(sentence);
        refused.push(sentence);
      }
    }
    if (contents.length === 0) throw new UserFacingError(vscode.l10n.t('No file in {0} is an export this extension can open. {1}', root.fsPath, refused.join(' ')));
    if (why === 'reopen') this.sayWhatChanged(record, files, refused);
    return { index: new ArchiveIndex(record.name, contents), refused, files };
  }

  private sayWhatChanged(record: ArchiveRecord, now: FileStamp[], refused: string[]): void {
    const before = new Map(record.files.map((f) => [f.uri, f]));
    const changed = now.filter((f) => {
      const was = before.get(f.uri);
      return was && (was.mtime !== f.mtime || was.size !== f.size);
    });
    const gone = record.files.filter((f) => !now.some((n) => n.uri === f.uri));
    const added = now.filter((f) => !before.has(f.uri));
    if (!changed.length && !gone.length && !added.length && !refused.length) return;
    const name = (f: FileStamp) => vscode.Uri.parse(f.uri).path.replace(/^.*\//, '');
    const parts: string[] = [];
    if (changed.length) parts.push(vscode.l10n.t('changed since it was opened: {0}', changed.map(name).join(', ')));
    if (gone.length) parts.push(vscode.l10n.t('gone: {0}', gone.map(name).join(', ')));
    if (added.length) parts.push(vscode.l10n.t('new: {0}', added.map(name).join(', ')));
    if (refused.length) parts.push(vscode.l10n.t('refused: {0}', refused.join(' ')));
    const sentence = vscode.l10n.t('Archive "{0}" — {1}. It shows what its files hold now.', record.name, parts.join('; '));
    this.log.warn(sentence);
    void vscode.window.showWarningMessage(sentence);
    void this.state.update(
      stateKey,
      this.records().map((r) => (r.id === record.id ? { ...r, files: now } : r)),
    );
  }
}

async function statOf(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}

/** The `.json` files directly in a folder, by name. */
async function exportFilesIn(folder: vscode.Uri): Promise<vscode.Uri[]> {
  const entries = await vscode.workspace.fs.readDirectory(folder);
  return entries
    .filter(([name, type]) => type & vscode.FileType.File && name.toLowerCase().endsWith('.json'))
    .map(([name]) => name)
    .sort()
    .map((name) => vscode.Uri.joinPath(folder, name));
}

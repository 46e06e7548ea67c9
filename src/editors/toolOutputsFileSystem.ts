// The `agent-runs-draft` file system: each run's tool-output draft is a JSON file whose
// content lives in extension storage (DraftStorage), so it survives closing the tab and
// reloading the window; a pending call's arguments are read-only JSON files beside it.
import * as vscode from 'vscode';
import type { RunRef } from '../util/refs';
import { parseDraftPath, prettyArguments } from './draftPaths';
import { DraftFileSystem } from './draftDocuments';
import type { DraftStorage, StoredDraft } from './draftStorage';
import { draftText, type PendingCall } from '../model/toolOutputs';

export interface DraftSource {
  /** The calls `ref` waits for now (fetching the run if needed); throws a sentence if none. */
  pendingCalls(ref: RunRef): Promise<PendingCall[]>;
}

export class ToolOutputsFileSystem extends DraftFileSystem {
  constructor(
    private readonly storage: DraftStorage,
    private readonly source: DraftSource,
  ) {
    super();
  }

  /** The stored draft of a run, created from its pending calls the first time. */
  async draft(ref: RunRef): Promise<StoredDraft> {
    const stored = await this.storage.read(ref);
    if (stored) return stored;
    let calls: PendingCall[];
    try {
      calls = await this.source.pendingCalls(ref);
    } catch (error) {
      throw vscode.FileSystemError.Unavailable((error as Error).message);
    }
    return this.storage.write(ref, calls, draftText(calls));
  }

  /** Stores new text for a run's draft (from the editor, as the user types or saves; the file time is the caller's). */
  async save(ref: RunRef, text: string): Promise<void> {
    const current = await this.storage.read(ref);
    await this.storage.write(ref, current?.calls ?? (await this.source.pendingCalls(ref)), text);
  }

  /** Replaces a run's draft (e.g. the run now waits for other calls) and tells open editors. */
  async replace(uri: vscode.Uri, ref: RunRef, calls: readonly PendingCall[], text: string): Promise<void> {
    this.touched(uri);
    await this.storage.write(ref, calls, text);
    this.fire(vscode.FileChangeType.Changed, uri);
  }

  async remove(uri: vscode.Uri, ref: RunRef): Promise<void> {
    this.forgetTime(uri);
    await this.storage.delete(ref);
    this.fire(vscode.FileChangeType.Deleted, uri);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const path = parseDraftPath(uri.path);
    // Folders of the tree (connection, thread) above the drafts.
    if (!path) return this.notADraft(uri, 3);
    const bytes = await this.readFile(uri);
    const draft = path.kind === 'outputs' ? await this.storage.read(path.ref) : undefined;
    const time = draft ? this.fileTime(uri, draft.savedAt) : 0;
    return {
      type: vscode.FileType.File,
      ctime: time,
      mtime: time,
      size: bytes.byteLength,
      ...(path.kind === 'arguments' ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const path = parseDraftPath(uri.path);
    if (!path) throw vscode.FileSystemError.FileNotFound(uri);
    if (path.kind === 'outputs') return new TextEncoder().encode((await this.draft(path.ref)).text);
    const stored = await this.storage.read(path.ref);
    let call = stored?.calls.find((c) => c.id === path.callId);
    if (!call) {
      const calls = await this.source.pendingCalls(path.ref).catch(() => [] as PendingCall[]);
      call = calls.find((c) => c.id === path.callId);
    }
    if (!call) throw vscode.FileSystemError.FileNotFound(uri);
    return new TextEncoder().encode(prettyArguments(call.arguments));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const path = parseDraftPath(uri.path);
    if (!path) throw vscode.FileSystemError.FileNotFound(uri);
    if (path.kind !== 'outputs') throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The arguments of a tool call are read-only.'));
    this.touched(uri);
    await this.save(path.ref, new TextDecoder().decode(content));
    this.fire(vscode.FileChangeType.Changed, uri);
  }

  async delete(uri: vscode.Uri): Promise<void> {
    const path = parseDraftPath(uri.path);
    if (path?.kind !== 'outputs') throw vscode.FileSystemError.NoPermissions(uri);
    await this.remove(uri, path.ref);
  }
}

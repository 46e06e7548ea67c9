// Where tool-output drafts live between sessions: one JSON file per run in the
// extension's global storage, holding the text and the calls it answers (so CodeLens and
// hovers work even before the run is fetched again). Removed only after a successful
// submission. What is read back is validated: a damaged file is ignored, not trusted.
//
// On a local disk (the usual case, also on a remote host) the files are written with
// Node's fs, not vscode.workspace.fs: the latter goes through the window, which is
// already gone when the extension host shuts down, and that is exactly when the last
// keystrokes before a reload must be written (see ToolOutputDrafts.flush).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { RunRef } from '../util/refs';
import { storageName } from './draftPaths';
import type { PendingCall } from '../model/toolOutputs';

const storedDraftSchema = z.object({
  version: z.literal(1),
  ref: z.object({ connectionId: z.string(), threadId: z.string(), runId: z.string() }),
  calls: z.array(z.object({ id: z.string(), name: z.optional(z.string()), arguments: z.optional(z.string()) })),
  text: z.string(),
  savedAt: z.number(),
});

export type StoredDraft = z.infer<typeof storedDraftSchema>;

export class DraftStorage {
  private readonly cache = new Map<string, StoredDraft>();

  constructor(private readonly folder: vscode.Uri) {}

  private uriOf(ref: RunRef): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, storageName(ref));
  }

  async read(ref: RunRef): Promise<StoredDraft | undefined> {
    const name = storageName(ref);
    const cached = this.cache.get(name);
    if (cached) return cached;
    let bytes: Uint8Array;
    try {
      const uri = this.uriOf(ref);
      bytes = uri.scheme === 'file' ? await readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
    } catch {
      return undefined;
    }
    try {
      const parsed = z.safeParse(storedDraftSchema, JSON.parse(new TextDecoder().decode(bytes)));
      if (!parsed.success) return undefined;
      this.cache.set(name, parsed.data);
      return parsed.data;
    } catch {
      return undefined;
    }
  }

  async write(ref: RunRef, calls: readonly PendingCall[], text: string): Promise<StoredDraft> {
    const draft: StoredDraft = { version: 1, ref: { ...ref }, calls: calls.map((c) => ({ ...c })), text, savedAt: Date.now() };
    this.cache.set(storageName(ref), draft);
    const bytes = new TextEncoder().encode(JSON.stringify(draft));
    const uri = this.uriOf(ref);
    if (uri.scheme === 'file') {
      // Whole or not at all: a write cut short (the host killed mid-write) leaves the old draft.
      await mkdir(this.folder.fsPath, { recursive: true });
      const temp = `${uri.fsPath}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, uri.fsPath);
    } else {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(uri, bytes);
    }
    return draft;
  }

  async delete(ref: RunRef): Promise<void> {
    this.cache.delete(storageName(ref));
    try {
      const uri = this.uriOf(ref);
      if (uri.scheme === 'file') await rm(uri.fsPath, { force: true });
      else await vscode.workspace.fs.delete(uri);
    } catch {
      // already gone
    }
  }
}

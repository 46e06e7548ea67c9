// Where tool-output drafts live between sessions: one JSON file per run in the
// extension's global storage, holding the text and the calls it answers (so CodeLens and
// hovers work even before the run is fetched again). Removed only after a successful
// submission. What is read back is validated: a damaged file is ignored, not trusted.
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { RunRef } from '../util/refs';
import { storageName } from './draftPaths';
import type { PendingCall } from './toolOutputsValidation';

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
      bytes = await vscode.workspace.fs.readFile(this.uriOf(ref));
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
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(this.uriOf(ref), new TextEncoder().encode(JSON.stringify(draft)));
    return draft;
  }

  async delete(ref: RunRef): Promise<void> {
    this.cache.delete(storageName(ref));
    try {
      await vscode.workspace.fs.delete(this.uriOf(ref));
    } catch {
      // already gone
    }
  }
}

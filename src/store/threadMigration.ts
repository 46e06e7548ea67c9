// Copies a migration plan's items into a conversation, 20 a request. No request is ever
// retried blindly: after any failure (a dropped connection, a 429, a 500) the items the
// conversation holds are read again and the copy goes on after the last one that is the
// plan's, so a batch the service took before the connection dropped is never added twice.
// The same reading resumes a copy that was interrupted. Free of `vscode`.
import type OpenAI from 'openai';
import { addConversationItems, listConversationItems } from '../api/responses/calls';
import type { ResponseItem } from '../api/responses/schemas';
import { copiedPrefix, itemsPerRequest, MigrationConflict, type PlannedItem } from '../model/migration';
import { readAll } from './pagedList';
import { ExportCancelled } from './threadExport';

export interface CopyProgress {
  added: number;
  total: number;
  /** Items that were already in the conversation when this copy started. */
  resumedAt: number;
}

export interface CopyOptions {
  isCancelled?: () => boolean;
  onProgress?: (progress: CopyProgress) => void;
  /** Failures in a row before the copy stops (default 5). */
  attempts?: number;
  /** Waits between attempts (default: 1 s, 2 s, 4 s…, at most 30 s). */
  wait?: (attempt: number) => Promise<void>;
}

export interface CopyResult {
  added: number;
  resumedAt: number;
  /** Requests that failed and were recovered from by reading the conversation again. */
  recovered: number;
}

const defaultWait = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** (attempt - 1))));

export async function copyIntoConversation(client: OpenAI, conversationId: string, plan: readonly PlannedItem[], options: CopyOptions = {}): Promise<CopyResult> {
  const attempts = options.attempts ?? 5;
  const wait = options.wait ?? defaultWait;
  const where = async () => copiedPrefix(plan, await heldItems(client, conversationId));
  let failures = 0;
  let recovered = 0;
  const retrying = async <T>(step: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await step();
      } catch (error) {
        if (error instanceof MigrationConflict || ++failures >= attempts || options.isCancelled?.()) throw error;
        recovered++;
        await wait(failures);
      }
    }
  };
  let done = await retrying(where);
  const resumedAt = done;
  options.onProgress?.({ added: done, total: plan.length, resumedAt });
  while (done < plan.length) {
    if (options.isCancelled?.()) throw new ExportCancelled();
    done = await retrying(async () => {
      if (done >= plan.length) return done;
      const batch = plan.slice(done, done + itemsPerRequest);
      try {
        await addConversationItems(client, conversationId, batch as unknown as Record<string, unknown>[]);
        return done + batch.length;
      } catch (error) {
        // Whether the service took the batch can only be known by reading it back.
        if (error instanceof MigrationConflict) throw error;
        done = await where().catch(() => done);
        throw error;
      }
    });
    failures = 0;
    options.onProgress?.({ added: done, total: plan.length, resumedAt });
  }
  return { added: done - resumedAt, resumedAt, recovered };
}

/** Every item of the conversation, oldest first. */
function heldItems(client: OpenAI, conversationId: string): Promise<ResponseItem[]> {
  return readAll((after) => listConversationItems(client, conversationId, after));
}

// A whole thread as one JSON document: the thread, all its messages, all its runs and
// every step of each run (with file-search chunk text), as the service returned them.
// Fetched fresh, page by page (100 items a request); the runs' step lists a few at a
// time. Free of `vscode` so it runs in unit tests against the emulator.
import type { AgentsApi } from '../api/client';
import type { Message, Page, Run, RunStep, Thread } from '../api/schemas';
import type { ThreadBody } from '../archive/archiveFormat';
import { limiter } from '../util/limit';

export const threadExportFormat = 'agent-run-debugger/thread-export@1';

export interface ThreadExport {
  format: typeof threadExportFormat;
  exported_at: string;
  source: { connection: string; kind: string; base_url: string | null; api_version: string | null };
  thread: Thread;
  messages: Message[];
  /** Oldest first, each with all its steps in order. */
  runs: { run: Run; steps: RunStep[] }[];
}

export interface ExportProgress {
  messages: number;
  runs: number;
  /** Runs whose steps are all read. */
  runsDone: number;
  steps: number;
}

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.');
  }
}

type ExportApi = Pick<AgentsApi, 'connection' | 'getThread' | 'listMessages' | 'listRuns' | 'listSteps'>;

export interface ExportOptions {
  onProgress?: (progress: ExportProgress) => void;
  isCancelled?: () => boolean;
  /** Step lists read at the same time (default 4). */
  concurrency?: number;
  now?: () => Date;
}

export async function exportThread(api: ExportApi, threadId: string, options: ExportOptions = {}): Promise<ThreadExport> {
  const progress: ExportProgress = { messages: 0, runs: 0, runsDone: 0, steps: 0 };
  const report = () => options.onProgress?.({ ...progress });
  // Once one list fails, the step lists still waiting for their turn are not started.
  let failed = false;
  const check = () => {
    if (options.isCancelled?.()) throw new ExportCancelled();
    if (failed) throw new ExportCancelled();
  };

  async function all<T>(fetchPage: (after: string | undefined) => Promise<Page<T>>, counted: (n: number) => void): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    do {
      check();
      const page = await fetchPage(after);
      items.push(...page.items);
      counted(page.items.length);
      report();
      after = page.hasMore ? page.nextAfter : undefined;
    } while (after);
    return items;
  }

  // The thread first: a thread that does not exist fails fast, before any list.
  const thread = await api.getThread(threadId);
  const [messages, runsNewestFirst] = await Promise.all([
    all((after) => api.listMessages(threadId, { after, order: 'asc' }), (n) => (progress.messages += n)),
    all((after) => api.listRuns(threadId, after), (n) => (progress.runs += n)),
  ]);
  const runs = [...runsNewestFirst].reverse();
  const limit = limiter(options.concurrency ?? 4);
  const steps = await Promise.all(
    runs.map((run) =>
      limit(async () => {
        try {
          const list = await all((after) => api.listSteps(threadId, run.id, after), (n) => (progress.steps += n));
          progress.runsDone++;
          report();
          return list;
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    ),
  );
  check();
  const { connection } = api;
  return {
    format: threadExportFormat,
    exported_at: (options.now?.() ?? new Date()).toISOString(),
    source: { connection: connection.name, kind: connection.kind, base_url: connection.baseUrl ?? null, api_version: connection.apiVersion ?? null },
    thread,
    messages,
    runs: runs.map((run, i) => ({ run, steps: steps[i]! })),
  };
}

/** The thread, its messages and its runs with their steps: an export without its header (what archives and copies hold). */
export async function threadBody(api: ExportApi, threadId: string, options: ExportOptions = {}): Promise<ThreadBody> {
  const { thread, messages, runs } = await exportThread(api, threadId, options);
  return { thread, messages, runs };
}

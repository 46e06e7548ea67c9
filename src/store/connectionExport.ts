// A whole connection as one export file: every thread, conversation and response the
// tree knows, written one at a time to `<target>.partial` with the resume state beside it
// (`<target>.resume.json`: the plan, how much of it is written, and the byte length of the
// partial file at the last whole entry). Renamed to the target only once complete, so no
// partial file ever looks complete; an interrupted export continues where it stopped
// without reading again what it wrote. Free of `vscode`.
import * as fs from 'node:fs/promises';
import type OpenAI from 'openai';
import type { AgentsApi } from '../api/client';
import type { Connection } from '../api/connection';
import { getResponse, listInputItems } from '../api/responses/calls';
import type { ConversationBody, ResponseBody, ThreadBody } from '../archive/archiveFormat';
import { exportFormats } from '../archive/archiveFormat';
import { exportConversation } from './conversationExport';
import { readAll } from './pagedList';
import { ExportCancelled, threadBody } from './threadExport';

const resumeFormat = 'agent-run-debugger/connection-export-resume@1';
const sections = ['threads', 'conversations', 'responses'] as const;
type Section = (typeof sections)[number];

/** What will be exported, decided when the export starts (kept through a resume). */
export type ConnectionExportPlan = Record<Section, string[]>;

export interface ConnectionExportSource {
  connection: string;
  kind: string;
  base_url: string | null;
  api_version: string | null;
}

/** The resume state written beside the partial file after each whole entry. */
export interface ResumeState {
  format: typeof resumeFormat;
  connectionId: string;
  exported_at: string;
  source: ConnectionExportSource;
  plan: ConnectionExportPlan;
  /** Entries written, per section, in plan order. */
  written: Record<Section, number>;
  /** Sections whose list is closed in the partial file (0–3, in order). */
  closed: number;
  /** The partial file's length after the last whole entry. */
  bytes: number;
}

export interface ConnectionExportReaders {
  thread(id: string): Promise<ThreadBody>;
  conversation(id: string): Promise<ConversationBody>;
  response(id: string): Promise<ResponseBody>;
}

export interface ConnectionExportProgress {
  written: number;
  total: number;
  /** Entries that were already written by an earlier, interrupted export. */
  resumed: number;
}

export interface ConnectionExportOptions {
  onProgress?: (progress: ConnectionExportProgress) => void;
  isCancelled?: () => boolean;
  now?: () => Date;
}

/** Reads each entry whole, as Export Thread and Export Conversation read them. */
export function connectionReaders(
  agents: Pick<AgentsApi, 'connection' | 'getThread' | 'listMessages' | 'listRuns' | 'listSteps'>,
  responses: OpenAI,
  connection: Connection,
  options: { listsResponses: boolean; knownOf: (conversationId: string) => readonly string[] },
): ConnectionExportReaders {
  return {
    thread: (id) => threadBody(agents, id),
    conversation: async (id) => {
      const { conversation, items, responses: list, responses_from } = await exportConversation(responses, connection, id, {
        listsResponses: options.listsResponses,
        known: options.knownOf(id),
      });
      return { conversation, items, responses: list, responses_from } as ConversationBody;
    },
    response: async (id) => {
      const { response } = await getResponse(responses, id);
      return { response, input_items: await readAll((after) => listInputItems(responses, id, after)) };
    },
  };
}

export const partialPath = (target: string) => `${target}.partial`;
export const resumePath = (target: string) => `${target}.resume.json`;

/** The resume state of an interrupted export to `target` for this connection, if one can be continued. */
export async function interruptedExport(target: string, connectionId: string): Promise<ResumeState | undefined> {
  let state: ResumeState;
  try {
    state = JSON.parse(await fs.readFile(resumePath(target), 'utf8')) as ResumeState;
  } catch {
    return undefined;
  }
  if (state?.format !== resumeFormat || state.connectionId !== connectionId || typeof state.bytes !== 'number') return undefined;
  const size = await fs.stat(partialPath(target)).then((s) => s.size, () => -1);
  // The partial file must hold at least what the state says was written whole.
  return size >= state.bytes ? state : undefined;
}

/** Removes what an interrupted export left (Start Over). */
export async function discardInterrupted(target: string): Promise<void> {
  await Promise.all([fs.rm(partialPath(target), { force: true }), fs.rm(resumePath(target), { force: true })]);
}

/**
 * Writes the export: from the start when `resume` is undefined, otherwise after what
 * `resume` says was written. Returns the counts written. On cancel or failure the
 * partial file and the resume state stay, so that it can be continued.
 */
export async function exportConnection(
  target: string,
  start: { connectionId: string; source: ConnectionExportSource; plan: ConnectionExportPlan } | { resume: ResumeState },
  readers: ConnectionExportReaders,
  options: ConnectionExportOptions = {},
): Promise<Record<Section, number>> {
  let state: ResumeState;
  const partial = partialPath(target);
  if ('resume' in start) {
    state = start.resume;
    // Anything after the last whole entry (an entry cut short) is dropped.
    await fs.truncate(partial, state.bytes);
  } else {
    state = {
      format: resumeFormat,
      connectionId: start.connectionId,
      exported_at: (options.now?.() ?? new Date()).toISOString(),
      source: start.source,
      plan: start.plan,
      written: { threads: 0, conversations: 0, responses: 0 },
      closed: 0,
      bytes: 0,
    };
    const head = `{"format":${JSON.stringify(exportFormats.connection)},"exported_at":${JSON.stringify(state.exported_at)},"source":${JSON.stringify(state.source)},"threads":[`;
    await fs.writeFile(partial, head);
    state.bytes = Buffer.byteLength(head);
    await saveState(target, state);
  }
  const total = sections.reduce((n, s) => n + state.plan[s].length, 0);
  const resumed = sections.reduce((n, s) => n + state.written[s], 0);
  let written = resumed;
  options.onProgress?.({ written, total, resumed });

  const file = await fs.open(partial, 'r+');
  const append = async (text: string) => {
    const bytes = Buffer.from(text);
    await file.write(bytes, 0, bytes.length, state.bytes);
    await file.sync();
    state.bytes += bytes.length;
  };
  try {
    for (const [i, section] of sections.entries()) {
      const ids = state.plan[section];
      for (let n = state.written[section]; n < ids.length; n++) {
        if (options.isCancelled?.()) throw new ExportCancelled();
        const id = ids[n]!;
        const body = section === 'threads' ? await readers.thread(id) : section === 'conversations' ? await readers.conversation(id) : await readers.response(id);
        if (options.isCancelled?.()) throw new ExportCancelled();
        await append(`${n ? ',' : ''}\n${JSON.stringify(body)}`);
        state.written[section] = n + 1;
        await saveState(target, state);
        options.onProgress?.({ written: ++written, total, resumed });
      }
      if (state.closed <= i) {
        await append(i < sections.length - 1 ? `\n],${JSON.stringify(sections[i + 1])}:[` : '\n]}\n');
        state.closed = i + 1;
        await saveState(target, state);
      }
    }
    await file.truncate(state.bytes);
  } finally {
    await file.close();
  }
  await fs.rename(partial, target);
  await fs.rm(resumePath(target), { force: true });
  return { ...state.written };
}

/** The resume state, replaced whole (written beside it, then renamed over it). */
async function saveState(target: string, state: ResumeState): Promise<void> {
  const path = resumePath(target);
  await fs.writeFile(`${path}.tmp`, JSON.stringify(state));
  await fs.rename(`${path}.tmp`, path);
}

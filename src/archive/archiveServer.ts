// An archive plays the service it was exported from: the same GET requests the extension
// makes online (threads, messages, runs, steps; conversations, items, responses, input
// items) are answered from the export files, paged and ordered as the service pages and
// orders them, so the tree, the panels, Open as JSON and Compare work unchanged, with no
// network. Anything that would change something is refused with a sentence that says why.
// Free of `vscode`.
import type { ArchiveContent, ConversationBody, ResponseBody, ThreadBody } from './archiveFormat';

export interface ArchiveReply {
  status: number;
  body: unknown;
}

interface Dated {
  id: string;
  created_at?: number | null;
}

/** Every object of one or more export files, indexed by id. */
export class ArchiveIndex {
  private readonly threads = new Map<string, ThreadBody>();
  private readonly conversations = new Map<string, ConversationBody>();
  private readonly responses = new Map<string, ResponseBody>();
  /** The conversation a response was exported with. */
  private readonly responseConversation = new Map<string, string>();
  /** When the file holding each thread, conversation or response was exported. */
  private readonly exportedAt = new Map<string, string>();

  constructor(
    /** Named in refusals: `Archive "name"`. */
    readonly name: string,
    contents: readonly ArchiveContent[],
  ) {
    // Files are taken newest export first, so that a thread exported twice is shown as last read.
    const newestFirst = [...contents].sort((a, b) => b.exportedAt.localeCompare(a.exportedAt));
    for (const content of newestFirst) {
      const at = (id: string) => this.exportedAt.has(id) || this.exportedAt.set(id, content.exportedAt);
      for (const body of content.threads) {
        if (this.threads.has(body.thread.id)) continue;
        this.threads.set(body.thread.id, body);
        at(body.thread.id);
      }
      for (const body of content.conversations) {
        if (this.conversations.has(body.conversation.id)) continue;
        this.conversations.set(body.conversation.id, body);
        at(body.conversation.id);
        for (const r of body.responses) {
          if (this.responses.has(r.response.id)) continue;
          this.responses.set(r.response.id, r);
          this.responseConversation.set(r.response.id, body.conversation.id);
          at(r.response.id);
        }
      }
      for (const r of content.responses) {
        if (this.responses.has(r.response.id)) continue;
        this.responses.set(r.response.id, r);
        at(r.response.id);
      }
    }
  }

  /** When the thread, conversation or response with this id was exported (an ISO time), if the archive holds it. */
  exportedAtOf(id: string): string | undefined {
    return this.exportedAt.get(id);
  }

  get counts(): { threads: number; conversations: number; responses: number } {
    return { threads: this.threads.size, conversations: this.conversations.size, responses: this.responses.size };
  }

  /** Answers one request, given the path below the archive's base URL and its query. */
  answer(method: string, path: string, query: URLSearchParams): ArchiveReply {
    if (method !== 'GET' && method !== 'HEAD') {
      return error(405, `"${this.name}" is an archive, read only: ${method} ${path} needs the live service. Open the thread or conversation on a connection to the service to do this.`, 'read_only');
    }
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [root, id, sub, subId, leaf, leafId] = parts;
    const missing = (what: string, which: string) => error(404, `${what} ${which} is not in the archive "${this.name}".`, 'not_found');
    switch (root) {
      case 'threads': {
        if (!id) return list(oldestFirst([...this.threads.values()].map((b) => b.thread)), query);
        const body = this.threads.get(id);
        if (!body) return missing('Thread', id);
        if (!sub) return ok(body.thread);
        if (sub === 'messages' && !subId) {
          const runId = query.get('run_id');
          return list(runId ? body.messages.filter((m) => m.run_id === runId) : body.messages, query);
        }
        if (sub === 'messages') {
          const message = body.messages.find((m) => m.id === subId);
          return message ? ok(message) : missing('Message', subId!);
        }
        if (sub !== 'runs') break;
        if (!subId) return list(body.runs.map((r) => r.run), query);
        const run = body.runs.find((r) => r.run.id === subId);
        if (!run) return missing('Run', subId);
        if (!leaf) return ok(run.run);
        if (leaf !== 'steps') break;
        if (!leafId) return list(run.steps, query);
        const step = run.steps.find((s) => s.id === leafId);
        return step ? ok(step) : missing('Step', leafId);
      }
      case 'conversations': {
        if (!id) return list(oldestFirst([...this.conversations.values()].map((b) => b.conversation)), query);
        const body = this.conversations.get(id);
        if (!body) return missing('Conversation', id);
        if (!sub) return ok(body.conversation);
        if (sub !== 'items') break;
        if (!subId) return list(body.items, query);
        const item = body.items.find((i) => i.id === subId);
        return item ? ok(item) : missing('Item', subId);
      }
      case 'responses': {
        if (!id) {
          const conversationId = query.get('conversation_id');
          const all = [...this.responses.values()].map((r) => r.response);
          const wanted = conversationId ? all.filter((r) => this.responseConversation.get(r.id) === conversationId) : all;
          return list(oldestFirst(wanted), query);
        }
        const body = this.responses.get(id);
        if (!body) return missing('Response', id);
        if (!sub) return ok(body.response);
        if (sub === 'input_items' && !subId) return list(body.input_items, query);
        break;
      }
      case 'files':
      case 'containers':
        return error(404, `Archives keep no file contents: ${path} was not exported with "${this.name}".`, 'not_found');
    }
    return error(404, `"${this.name}" is an archive and has nothing at ${path}.`, 'not_found');
  }
}

/**
 * A `fetch` that answers requests below `baseUrl` from an archive; when the archive can't
 * be read (its file is gone), every request is answered 410 with the sentence that says so.
 */
export function archiveFetch(baseUrl: string, index: () => Promise<ArchiveIndex>): typeof fetch {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
    let reply: ArchiveReply;
    try {
      reply = (await index()).answer(method, path, url.searchParams);
    } catch (problem) {
      reply = error(410, problem instanceof Error ? problem.message : String(problem), 'archive_unreadable');
    }
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
  };
}

function ok(body: unknown): ArchiveReply {
  return { status: 200, body };
}

function error(status: number, message: string, code: string): ArchiveReply {
  return { status, body: { error: { message, type: 'invalid_request_error', code, param: null } } };
}

/** Oldest first by `created_at`; equal times keep the order they were read in. */
function oldestFirst<T extends Dated>(values: T[]): T[] {
  return values
    .map((value, i) => ({ value, i }))
    .sort((a, b) => (a.value.created_at ?? 0) - (b.value.created_at ?? 0) || a.i - b.i)
    .map((e) => e.value);
}

/**
 * One page of a list, as the service pages it: `order` (default desc, newest first) over
 * values given oldest first, `after` the last id of the previous page, `limit` 1–100
 * (default 20).
 */
function list<T extends { id?: string | null }>(values: readonly T[], query: URLSearchParams): ArchiveReply {
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return error(400, `order must be "asc" or "desc", not "${order}".`, 'invalid_value');
  const limitText = query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, `limit must be a whole number from 1 to 100, not "${limitText}".`, 'invalid_value');
  const sequence = order === 'asc' ? values : [...values].reverse();
  const after = query.get('after');
  let start = 0;
  if (after) {
    const at = sequence.findIndex((v) => v.id === after);
    if (at < 0) return error(400, `after names ${after}, which is not in this list.`, 'invalid_value');
    start = at + 1;
  }
  const data = sequence.slice(start, start + limit);
  return {
    status: 200,
    body: {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: start + limit < sequence.length,
    },
  };
}

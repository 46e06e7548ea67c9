// The only code that talks HTTP. Every call goes through the official `openai` client
// (`client.beta.threads.*`; Azure's list-threads through the same client's `get`), and
// every body is read raw and passed through the tolerant schemas, so a truncated or
// non-JSON body is a clear error instead of an empty list.
import type OpenAI from 'openai';
import type * as z from 'zod/mini';
import { canListThreads, type Connection } from './connection';
import { buildOpenAIClient, pollHint, readJson, type ClientOptions } from './openaiClient';
import { probeThreads, type Capability } from './probe';
import { UserFacingError, statusOf } from './errors';
import {
  messageSchema,
  parseAs,
  parsePage,
  runSchema,
  runStepSchema,
  threadSchema,
  type Message,
  type Page,
  type Run,
  type RunStep,
  type Thread,
} from './schemas';

export const pageLimit = 100;
export const fileSearchContentInclude = 'step_details.tool_calls[*].file_search.results[*].content';

export interface ToolOutput {
  tool_call_id: string;
  output: string;
}

export interface RunResult {
  run: Run;
  /** The service's `openai-poll-after-ms` hint, when it sent one. */
  pollAfterMs: number | undefined;
}

export interface ListMessagesOptions {
  runId?: string;
  after?: string;
  order?: 'asc' | 'desc';
}

/** What the rest of the extension knows of a service. */
export interface AgentsApi {
  readonly connection: Connection;
  readonly canListThreads: boolean;
  listThreads(after?: string): Promise<Page<Thread>>;
  getThread(threadId: string): Promise<Thread>;
  createThread(firstMessage?: string): Promise<Thread>;
  /** `POST /threads/runs`: a new thread with its messages and a run on it, in one request (sent once). */
  createThreadAndRun(body: Record<string, unknown>): Promise<Run>;
  listRuns(threadId: string, after?: string): Promise<Page<Run>>;
  getRun(threadId: string, runId: string): Promise<RunResult>;
  listSteps(threadId: string, runId: string, after?: string): Promise<Page<RunStep>>;
  listMessages(threadId: string, options?: ListMessagesOptions): Promise<Page<Message>>;
  cancelRun(threadId: string, runId: string): Promise<Run>;
  submitToolOutputs(threadId: string, runId: string, outputs: ToolOutput[]): Promise<Run>;
  /** A file's bytes as the files endpoint serves them (`GET /files/{id}/content`), at most `maxBytes`. */
  fileContent(fileId: string, maxBytes: number): Promise<FileContent>;
  /** Checks reachability and credentials; resolves to a verdict sentence or throws. */
  test(): Promise<string>;
  /** Whether the server has the Assistants API at all (a 404 on `/threads` says it is gone). */
  probeThreads(): Promise<Capability>;
}

export interface FileContent {
  bytes: Uint8Array;
  /** The Content-Type header ('' when absent). */
  contentType: string;
}

/** A file's bytes from a content endpoint, refused (unread) when larger than `maxBytes`. */
export async function readFileContent(response: Response, fileId: string, maxBytes: number): Promise<FileContent> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new UserFacingError(`File ${fileId} is ${declared} bytes, more than the ${maxBytes} bytes the panel shows.`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new UserFacingError(`File ${fileId} is ${bytes.byteLength} bytes, more than the ${maxBytes} bytes the panel shows.`);
  return { bytes, contentType: response.headers.get('content-type') ?? '' };
}

type Raw = { asResponse(): Promise<Response> };

export class AgentsClient implements AgentsApi {
  readonly canListThreads: boolean;
  private readonly client: OpenAI;
  /** The same client without retries, for calls that must not be repeated blindly. */
  private readonly once: OpenAI;

  constructor(
    readonly connection: Connection,
    options: ClientOptions,
  ) {
    this.canListThreads = canListThreads(connection);
    this.client = buildOpenAIClient(connection, options, 'assistants', 2);
    this.once = this.client.withOptions({ maxRetries: 0 });
  }

  private async one<T>(schema: z.ZodMiniType<T>, kind: string, call: Raw): Promise<T> {
    const response = await call.asResponse();
    return parseAs(schema, kind, await readJson(response));
  }

  private async page<T>(schema: z.ZodMiniType<T>, kind: string, call: Raw): Promise<Page<T>> {
    const response = await call.asResponse();
    return parsePage(schema, kind, await readJson(response));
  }

  async listThreads(after?: string): Promise<Page<Thread>> {
    if (!this.canListThreads) {
      throw new UserFacingError(`${this.connection.name}: this service has no endpoint that lists threads; add threads by id.`);
    }
    return this.page(threadSchema, 'thread', this.client.get('/threads', { query: { limit: pageLimit, order: 'desc', ...(after ? { after } : {}) } }));
  }

  getThread(threadId: string): Promise<Thread> {
    return this.one(threadSchema, 'thread', this.client.beta.threads.retrieve(threadId));
  }

  createThread(firstMessage?: string): Promise<Thread> {
    const body = firstMessage ? { messages: [{ role: 'user' as const, content: firstMessage }] } : {};
    return this.one(threadSchema, 'thread', this.once.beta.threads.create(body));
  }

  createThreadAndRun(body: Record<string, unknown>): Promise<Run> {
    // The body is the fork document's request as validated; the service judges the rest.
    return this.one(runSchema, 'run', this.once.beta.threads.createAndRun(body as unknown as Parameters<OpenAI['beta']['threads']['createAndRun']>[0]));
  }

  listRuns(threadId: string, after?: string): Promise<Page<Run>> {
    return this.page(runSchema, 'run', this.client.beta.threads.runs.list(threadId, { limit: pageLimit, order: 'desc', ...(after ? { after } : {}) }));
  }

  async getRun(threadId: string, runId: string): Promise<RunResult> {
    const response = await this.client.beta.threads.runs.retrieve(runId, { thread_id: threadId }).asResponse();
    const run = parseAs(runSchema, 'run', await readJson(response));
    return { run, pollAfterMs: pollHint(response) };
  }

  listSteps(threadId: string, runId: string, after?: string): Promise<Page<RunStep>> {
    return this.page(
      runStepSchema,
      'run step',
      this.client.beta.threads.runs.steps.list(runId, {
        thread_id: threadId,
        limit: pageLimit,
        order: 'asc',
        include: [fileSearchContentInclude],
        ...(after ? { after } : {}),
      }),
    );
  }

  listMessages(threadId: string, options: ListMessagesOptions = {}): Promise<Page<Message>> {
    return this.page(
      messageSchema,
      'message',
      this.client.beta.threads.messages.list(threadId, {
        limit: pageLimit,
        order: options.order ?? 'asc',
        ...(options.runId ? { run_id: options.runId } : {}),
        ...(options.after ? { after: options.after } : {}),
      }),
    );
  }

  cancelRun(threadId: string, runId: string): Promise<Run> {
    // No automatic retry: the caller re-reads the run to learn what happened.
    return this.one(runSchema, 'run', this.once.beta.threads.runs.cancel(runId, { thread_id: threadId }));
  }

  submitToolOutputs(threadId: string, runId: string, outputs: ToolOutput[]): Promise<Run> {
    // Never retried blindly: a repeated submission would be refused by the service and
    // hide whether the first one went through; the caller re-reads the run instead.
    return this.one(
      runSchema,
      'run',
      this.once.beta.threads.runs.submitToolOutputs(runId, { thread_id: threadId, tool_outputs: outputs }),
    );
  }

  async fileContent(fileId: string, maxBytes: number): Promise<FileContent> {
    // The generic get of the same client (auth, base URL, api-version): the bundle keeps
    // only the threads resources of `openai`, so `client.files` is not there.
    const response = await this.client.get(`/files/${encodeURIComponent(fileId)}/content`, { headers: { Accept: 'application/binary' }, __binaryResponse: true }).asResponse();
    return readFileContent(response, fileId, maxBytes);
  }

  probeThreads(): Promise<Capability> {
    return probeThreads(this.once);
  }

  async test(): Promise<string> {
    if (this.canListThreads) {
      const page = await this.listThreads();
      const count = `${page.items.length}${page.hasMore ? '+' : ''}`;
      return `Connected to ${this.connection.name}: ${count} ${count === '1' ? 'thread' : 'threads'} visible.`;
    }
    // A server without the Assistants API answers 404 on the list; OpenAI, while it had
    // it, answered 401 (listing needs a browser session key), which says nothing.
    const threads = await this.probeThreads();
    if (threads.kind === 'absent') throw new AssistantsAbsent(threads.status);
    // No cheap list endpoint: ask for a thread that cannot exist. A 404 in the service's
    // error shape proves the URL is right and the credential was accepted.
    try {
      await this.getThread('thread_agent_run_debugger_connection_test');
      return `Connected to ${this.connection.name}.`;
    } catch (error) {
      if (statusOf(error) === 404) return `Connected to ${this.connection.name}: the service answered and accepted the credentials.`;
      throw error;
    }
  }
}

/** The server has no Assistants API (`GET /threads` answered 404 or 405). */
export class AssistantsAbsent extends UserFacingError {
  constructor(readonly status: number) {
    super(`The Assistants API is not on this server (GET /threads answered ${status}).`);
  }
}

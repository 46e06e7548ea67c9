// Reads what capture records from a copy of one exchange: the ids in its path and bodies,
// and for a run or response the little the app's answer said about it. Memory stays
// bounded whatever the body's size; compressed bodies are inflated for reading only.
import * as zlib from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import type { ExchangeOutcome, ExchangeStart, ExchangeTap } from './proxy';

export const capturedIdKinds = ['thread', 'run', 'resp', 'conv', 'msg', 'step', 'call'] as const;
export type CapturedIdKind = (typeof capturedIdKinds)[number];

export interface CapturedId {
  id: string;
  kind: CapturedIdKind;
  /** Made by this request (a POST's answer names it and the request did not). */
  created: boolean;
}

/** What a run or response looked like when the app last saw it (its last object in the answer). */
export interface CapturedSummary {
  id: string;
  object: string;
  status?: string;
  model?: string;
  usage?: unknown;
  /** The calls it ended with (function calls, tool calls awaiting output…). */
  calls: Array<{ type: string; name?: string; callId?: string }>;
}

/** One request through the proxy: never its headers or bodies. */
export interface CaptureEvent {
  method: string;
  /** Path without its query (a query may carry a key). */
  path: string;
  status?: number;
  durationMs: number;
  outcome: ExchangeOutcome['kind'];
  ids: CapturedId[];
  requestId?: string;
  /** The service's error message, for an answer of 400 or more. */
  errorMessage?: string;
  summary?: CapturedSummary;
}

export const scannerLimits = {
  /** Longest id read; a longer run of id characters is not an id. */
  maxIdLength: 96,
  /** Distinct ids kept per exchange. */
  maxIds: 500,
  /** Bytes of one JSON body, or of one SSE event, read for a summary or an error message. */
  maxParsedBytes: 1024 * 1024,
  /** Inflated bytes read per body (a small compressed body can inflate to a lot). */
  maxInflatedBytes: 256 * 1024 * 1024,
};

const ID = /\b(thread|run|resp|conv|msg|step|call)_[A-Za-z0-9]+/g;
const ID_CHAR = /[A-Za-z0-9_]/;

/** Finds ids in a byte stream fed in any chunking; keeps at most one id's length between chunks. */
export class IdScanner {
  readonly found = new Map<string, CapturedIdKind>();
  /** A trailing run of id characters that may go on in the next chunk, with the char before it. */
  private carry = '';
  /** The last chunk ended inside an overlong word: what follows is not an id's start. */
  private midWord = false;

  constructor(private readonly limits = scannerLimits) {}

  write(chunk: Buffer | string): void {
    // latin1 maps each byte to one char: ids are ASCII, and a split UTF-8 sequence cannot hide one.
    let text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    if (this.midWord) {
      let skip = 0;
      while (skip < text.length && ID_CHAR.test(text[skip]!)) skip++;
      text = text.slice(skip);
      // The word may go on in the next chunk still.
      this.midWord = text.length === 0;
      if (this.midWord) return;
    }
    let cut = text.length;
    while (cut > 0 && ID_CHAR.test(text[cut - 1]!)) cut--;
    if (text.length - cut > this.limits.maxIdLength) {
      // Too long to be an id: read it as it is and skip the rest of the word.
      this.scan(text);
      this.carry = '';
      this.midWord = true;
      return;
    }
    this.scan(text.slice(0, cut));
    this.carry = cut < text.length ? text.slice(Math.max(0, cut - 1)) : '';
  }

  end(): void {
    this.scan(this.carry);
    this.carry = '';
    this.midWord = false;
  }

  private scan(text: string): void {
    for (const m of text.matchAll(ID)) this.add(m[0], m[1] as CapturedIdKind);
  }

  private add(id: string, kind: CapturedIdKind): void {
    if (id.length > this.limits.maxIdLength) return;
    // A field name (`thread_id`, `call_id`) is lowercase letters; an id's random part is not.
    if (!/[0-9A-Z]/.test(id.slice(kind.length + 1))) return;
    if (this.found.size >= this.limits.maxIds) return;
    this.found.set(id, kind);
  }
}

/** Feeds a body, inflated when its content-encoding says so, to a reader; bounded. */
class BodyReader {
  private inflater?: zlib.Gunzip | zlib.BrotliDecompress | zlib.Inflate;
  private inflated = 0;
  private done: Promise<void> = Promise.resolve();

  constructor(
    encoding: string | undefined,
    private readonly sink: (chunk: Buffer) => void,
    private readonly limits = scannerLimits,
  ) {
    const kind = (encoding ?? '').trim().toLowerCase();
    const inflater = kind === 'gzip' || kind === 'x-gzip' ? zlib.createGunzip() : kind === 'br' ? zlib.createBrotliDecompress() : kind === 'deflate' ? zlib.createInflate() : undefined;
    if (!inflater) return;
    this.inflater = inflater;
    inflater.on('data', (c: Buffer) => {
      this.inflated += c.length;
      if (this.inflated > this.limits.maxInflatedBytes) {
        inflater.destroy();
        return;
      }
      this.sink(c);
    });
    this.done = new Promise<void>((resolve) => {
      inflater.on('end', resolve);
      inflater.on('close', resolve);
      // A cut or corrupt body: read what came out of it.
      inflater.on('error', resolve);
    });
  }

  write(chunk: Buffer): void {
    if (!this.inflater) return this.sink(chunk);
    if (!this.inflater.destroyed) this.inflater.write(chunk);
  }

  /** Resolves once everything written has been read. */
  end(): Promise<void> {
    if (this.inflater && !this.inflater.destroyed) this.inflater.end();
    return this.done;
  }
}

/** Keeps the first `max` bytes of a body for parsing; beyond that it gives up on it. */
class BoundedText {
  private chunks: Buffer[] = [];
  private size = 0;
  overflowed = false;

  constructor(private readonly max: number) {}

  write(chunk: Buffer): void {
    if (this.overflowed) return;
    this.size += chunk.length;
    if (this.size > this.max) {
      this.overflowed = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(chunk);
  }

  text(): string | undefined {
    return this.overflowed ? undefined : Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Splits an SSE stream into events' data, each bounded; remembers the last summary seen. */
class SseSummaries {
  private line = Buffer.alloc(0);
  private data: string[] = [];
  private dataBytes = 0;
  private skipping = false;
  last?: CapturedSummary;

  constructor(private readonly max: number) {}

  write(chunk: Buffer): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x0a) continue;
      this.line = Buffer.concat([this.line, chunk.subarray(start, i)]);
      this.onLine(this.line.toString('utf8').replace(/\r$/, ''));
      this.line = Buffer.alloc(0);
      start = i + 1;
    }
    if (start >= chunk.length) return;
    if (this.line.length + chunk.length - start > this.max) {
      this.skipping = true;
      this.line = Buffer.alloc(0);
      return;
    }
    this.line = Buffer.concat([this.line, chunk.subarray(start)]);
  }

  end(): void {
    if (this.line.length) this.onLine(this.line.toString('utf8'));
    this.onLine('');
  }

  private onLine(line: string): void {
    if (line === '') {
      if (!this.skipping && this.data.length) this.last = summaryOf(safeParse(this.data.join('\n'))) ?? this.last;
      this.data = [];
      this.dataBytes = 0;
      this.skipping = false;
      return;
    }
    if (!line.startsWith('data:') || this.skipping) return;
    const value = line.slice(5).replace(/^ /, '');
    this.dataBytes += value.length;
    if (this.dataBytes > this.max) {
      this.skipping = true;
      this.data = [];
      return;
    }
    this.data.push(value);
  }
}

/** A tap that turns one exchange into one capture event. */
export function scanningTap(start: ExchangeStart, emit: (event: CaptureEvent) => void, limits = scannerLimits): ExchangeTap {
  const path = start.path.split('?')[0]!;
  const pathIds = new IdScanner(limits);
  pathIds.write(path);
  pathIds.end();
  const requestIds = new IdScanner(limits);
  const responseIds = new IdScanner(limits);
  const request = new BodyReader(start.requestContentEncoding, (c) => requestIds.write(c), limits);
  let response: BodyReader | undefined;
  let status: number | undefined;
  let requestId: string | undefined;
  let json: BoundedText | undefined;
  let sse: SseSummaries | undefined;

  return {
    requestData: (chunk) => request.write(chunk),
    response(code, headers) {
      status = code;
      requestId = headerValue(headers, 'x-request-id') ?? headerValue(headers, 'apim-request-id');
      const type = headerValue(headers, 'content-type') ?? '';
      if (type.includes('text/event-stream')) sse = new SseSummaries(limits.maxParsedBytes);
      else if (type.includes('json')) json = new BoundedText(limits.maxParsedBytes);
      response = new BodyReader(headerValue(headers, 'content-encoding'), (c) => {
        responseIds.write(c);
        json?.write(c);
        sse?.write(c);
      }, limits);
    },
    responseData: (chunk) => response?.write(chunk),
    end(outcome) {
      void Promise.all([request.end(), response?.end()]).then(() => {
        requestIds.end();
        responseIds.end();
        sse?.end();
        const body = json ? safeParse(json.text()) : undefined;
        const known = new Set([...pathIds.found.keys(), ...requestIds.found.keys()]);
        const ids: CapturedId[] = [];
        for (const [id, kind] of pathIds.found) ids.push({ id, kind, created: false });
        for (const [id, kind] of requestIds.found) if (!pathIds.found.has(id)) ids.push({ id, kind, created: false });
        for (const [id, kind] of responseIds.found) {
          if (known.has(id)) continue;
          ids.push({ id, kind, created: start.method.toUpperCase() === 'POST' && status !== undefined && status < 300 });
        }
        const summary = sse?.last ?? summaryOf(body);
        const errorMessage = status !== undefined && status >= 400 ? errorMessageOf(body) : undefined;
        emit({
          method: start.method,
          path,
          ...(status === undefined ? {} : { status }),
          durationMs: Date.now() - start.startedAt,
          outcome: outcome.kind,
          ids,
          ...(requestId ? { requestId } : {}),
          ...(errorMessage ? { errorMessage } : outcome.kind === 'dropped' || outcome.kind === 'unreachable' ? { errorMessage: outcome.message } : {}),
          ...(summary ? { summary } : {}),
        });
      });
    },
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeParse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function errorMessageOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  const message = isRecord(error) ? str(error.message) : str(error);
  return message?.slice(0, 1000);
}

/** The summary of a run or response object, or of an SSE event's data that wraps one. */
export function summaryOf(value: unknown): CapturedSummary | undefined {
  if (!isRecord(value)) return undefined;
  // Responses stream events carry the response under `response`.
  if (isRecord(value.response) && value.response.object === 'response') return summaryOf(value.response);
  const object = str(value.object);
  const id = str(value.id);
  if (!id || (object !== 'response' && object !== 'thread.run')) return undefined;
  const calls: CapturedSummary['calls'] = [];
  if (object === 'response' && Array.isArray(value.output)) {
    for (const item of value.output) {
      if (!isRecord(item) || !str(item.type)?.endsWith('_call')) continue;
      calls.push({ type: item.type as string, ...(str(item.name) ? { name: item.name as string } : {}), ...(str(item.call_id) ? { callId: item.call_id as string } : {}) });
    }
  }
  if (object === 'thread.run' && isRecord(value.required_action) && isRecord(value.required_action.submit_tool_outputs)) {
    const toolCalls = value.required_action.submit_tool_outputs.tool_calls;
    for (const call of Array.isArray(toolCalls) ? toolCalls : []) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? str(call.function.name) : undefined;
      calls.push({ type: str(call.type) ?? 'function', ...(fn ? { name: fn } : {}), ...(str(call.id) ? { callId: call.id as string } : {}) });
    }
  }
  return {
    id,
    object,
    ...(str(value.status) ? { status: value.status as string } : {}),
    ...(str(value.model) ? { model: value.model as string } : {}),
    ...(value.usage !== undefined && value.usage !== null ? { usage: value.usage } : {}),
    calls,
  };
}

// The emulator's HTTP server. All three modes are served at once on one port:
//   OpenAI            /v1/...
//   Azure AI Agents   /api/projects/<project>/...   (api-version required)
//   Azure OpenAI      /openai/...                   (api-version required, api-key header)
// `mode` only chooses which base URL startEmulator()/the CLI report as `baseURL`.
// Control routes for tests live under /__emulator/ (see README.md).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FILE_SEARCH_CONTENT_INCLUDE, handleApi, presentEventData, TERMINAL_STREAM_EVENTS, type ApiResult } from './api';
import { VirtualClock } from './clock';
import { seedDemo } from './demoSeed';
import { Engine } from './engine';
import { CompressionSwitch } from './compression';
import { errors } from './errors';
import { FaultInjector, type FaultRule, type FaultRuleInput } from './faults';
import { isResponsesPath } from './responsesApi';
import { ResponsesEngine } from './responsesEngine';
import { seedResponsesDemo } from './responsesSeed';
import type { Flavor } from './presenters';
import { queryToObject, RequestLog } from './requestLog';
import { Store } from './store';
import { ApiError, type StreamEvent } from './types';

export type EmulatorMode = Flavor;
export type EmulatorSeed = 'demo' | 'empty';

export interface EmulatorOptions {
  port?: number;
  mode?: EmulatorMode;
  seed?: EmulatorSeed;
  /** When set, every API request must carry it (Bearer token, or api-key header in Azure OpenAI mode). */
  apiKey?: string;
  /** More credentials the service also accepts (e.g. an Azure key and an Entra token beside an OpenAI key). */
  moreApiKeys?: string[];
  /** Added to every API request (not control routes). */
  latencyMs?: number;
  /** Wall time between two transitions of a run (default 500 ms). */
  stepMs?: number;
  host?: string;
  /** Value of the openai-poll-after-ms header on retrieves of active runs (default 1000). */
  pollAfterMs?: number;
  /** Project name of the Azure AI Agents base path (default "demo"). */
  project?: string;
}

export interface RunningEmulator {
  port: number;
  origin: string;
  /** Base URL for the openai client in the chosen mode (for azure-openai: the `endpoint`). */
  baseURL: string;
  /** `foundry`: the Azure AI Foundry project's OpenAI-compatible surface (Responses, Conversations). */
  urls: { openai: string; azure: string; azureOpenAIEndpoint: string; foundry: string };
  emulator: Emulator;
  close(): Promise<void>;
}

export const AZURE_API_VERSIONS = ['v1', '2025-05-01', '2025-05-15-preview'];
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(opts);
  const server = http.createServer((req, res) => emulator.handle(req, res));
  server.keepAliveTimeout = 5000;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const urls = {
    openai: `${origin}/v1`,
    azure: `${origin}/api/projects/${emulator.project}`,
    azureOpenAIEndpoint: origin,
    foundry: `${origin}/api/projects/${emulator.project}/openai/v1`,
  };
  emulator.urls = urls;
  const mode = opts.mode ?? 'openai';
  const baseURL = mode === 'openai' ? urls.openai : mode === 'azure' ? urls.azure : urls.azureOpenAIEndpoint;
  return {
    port,
    origin,
    baseURL,
    urls,
    emulator,
    close: () =>
      new Promise<void>((resolve) => {
        emulator.shutdown();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

interface Config {
  latencyMs: number;
  stepMs: number;
  pollAfterMs: number;
}

export class Emulator {
  readonly clock = new VirtualClock();
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  readonly compression = new CompressionSwitch();
  /** Off: the Assistants routes (threads, assistants) answer 404 "Invalid URL", as on a server that never had them or shut them down. */
  assistantsAvailable = true;
  readonly config: Config;
  readonly project: string;
  readonly mode: EmulatorMode;
  readonly apiKey?: string;
  private readonly acceptedKeys: ReadonlySet<string>;
  urls: RunningEmulator['urls'] = { openai: '', azure: '', azureOpenAIEndpoint: '', foundry: '' };
  store: Store;
  engine: Engine;
  readonly responses: ResponsesEngine;
  private seed: EmulatorSeed;
  private readonly openStreams = new Set<() => void>();

  constructor(opts: EmulatorOptions) {
    this.config = { latencyMs: opts.latencyMs ?? 0, stepMs: opts.stepMs ?? 500, pollAfterMs: opts.pollAfterMs ?? 1000 };
    this.project = opts.project ?? 'demo';
    this.mode = opts.mode ?? 'openai';
    this.apiKey = opts.apiKey || undefined;
    this.acceptedKeys = new Set([this.apiKey, ...(opts.moreApiKeys ?? [])].filter((k): k is string => Boolean(k)));
    this.seed = opts.seed ?? 'empty';
    this.store = new Store();
    this.engine = new Engine(this.store, this.clock, this.config.stepMs);
    this.responses = new ResponsesEngine(this.store.responses, this.clock, this.config.stepMs);
    this.reset(this.seed);
  }

  reset(seed: EmulatorSeed = this.seed): void {
    this.seed = seed;
    for (const end of [...this.openStreams]) end();
    this.clock.reset();
    this.faults.clear();
    this.assistantsAvailable = true;
    // Demo ids are deterministic; ids created later through the API are not.
    this.store = new Store(seed === 'demo' ? 'demo' : Date.now(), this.clock.now());
    this.engine.replaceStore(this.store);
    this.responses.replaceState(this.store.responses);
    if (seed === 'demo') seedDemo(this.store, this.clock.now());
    if (seed === 'demo') seedResponsesDemo(this.store.responses, this.clock.now());
  }

  shutdown(): void {
    for (const end of [...this.openStreams]) end();
    this.engine.stopAll();
    this.responses.stopAll();
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('x-request-id', `req_${randomBytes(16).toString('hex')}`);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) {
      void this.handleControl(req, res, method, url).catch((err: unknown) => sendJson(res, 400, { error: String(err) }));
      return;
    }
    this.compression.apply(req, res);
    void this.handleApiRequest(req, res, method, url);
  }

  // API requests ------------------------------------------------------------------

  private async handleApiRequest(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
    const started = Date.now();
    const route = splitBase(url.pathname);
    let faultKind: string | undefined;
    res.on('close', () => {
      this.log.add({
        method,
        path: url.pathname,
        query: queryToObject(url.searchParams),
        status: faultKind === 'drop' ? 0 : res.statusCode,
        durationMs: Date.now() - started,
        time: new Date(started).toISOString(),
        mode: route?.flavor ?? 'unknown',
        ...(faultKind ? { fault: faultKind } : {}),
      });
    });
    try {
      const rawBody = await readBody(req);
      const decision = this.faults.decide(method, url.pathname);
      const delay = decision.delayMs + this.config.latencyMs;
      if (delay > 0) await sleep(delay);
      const fault = decision.outcome;
      faultKind = fault?.kind;
      if (fault && fault.kind !== 'truncate') return this.sendFault(req, res, fault);
      if (!route) throw errors.invalidUrl(method, url.pathname);
      if (!this.assistantsAvailable && /^\/(threads|assistants)(\/|$)/.test(route.rest)) throw errors.invalidUrl(method, url.pathname);
      if (route.flavor === 'openai') res.setHeader('openai-version', '2020-10-01');
      this.checkAuth(req, route.flavor);
      // The Responses family checks its own api-version rules (none on /openai/v1).
      if (!isResponsesPath(route.flavor, route.rest)) this.checkApiVersion(route.flavor, url.searchParams);
      this.engine.stepMs = this.config.stepMs;
      this.responses.stepMs = this.config.stepMs;
      const result = handleApi(
        { flavor: route.flavor, method, path: route.rest, fullPath: url.pathname, query: url.searchParams, rawBody },
        { store: this.store, engine: this.engine, pollAfterMs: this.config.pollAfterMs, responses: this.responses },
      );
      if (result.kind === 'sse') return this.stream(res, result);
      if (result.kind === 'events') return this.streamEvents(res, result, fault?.kind === 'truncate');
      if (result.kind === 'bytes') {
        res.writeHead(result.status, { 'content-type': result.contentType, 'content-length': String(result.body.length) });
        res.end(result.body);
        return;
      }
      for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
      if (fault?.kind === 'truncate') return sendTruncated(res, result.status, result.body);
      sendJson(res, result.status, result.body);
    } catch (err) {
      if (err instanceof ApiError) {
        for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
        sendJson(res, err.status, err.toBody());
        return;
      }
      if (err instanceof BodyTooLarge) {
        sendJson(res, 413, new ApiError(413, 'Request body too large.').toBody());
        return;
      }
      console.error('[emulator] unexpected error', err);
      if (!res.headersSent) sendJson(res, 500, errors.serverError().toBody());
      else res.destroy();
    }
  }

  private checkAuth(req: http.IncomingMessage, flavor: Flavor): void {
    if (!this.apiKey) return;
    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (flavor === 'openai') {
      if (!bearer) throw errors.missingApiKey();
      if (!this.acceptedKeys.has(bearer)) throw errors.incorrectApiKey(bearer);
    } else if (flavor === 'azure') {
      if (!bearer || !this.acceptedKeys.has(bearer)) throw errors.azureUnauthorized();
    } else {
      const key = req.headers['api-key'];
      if (!(typeof key === 'string' && this.acceptedKeys.has(key)) && !(bearer && this.acceptedKeys.has(bearer))) throw errors.azureOpenAIUnauthorized();
    }
  }

  private checkApiVersion(flavor: Flavor, query: URLSearchParams): void {
    if (flavor === 'openai') return;
    const version = query.get('api-version');
    if (!version) throw errors.missingApiVersion();
    if (flavor === 'azure' && !AZURE_API_VERSIONS.includes(version)) throw errors.unsupportedApiVersion(version, AZURE_API_VERSIONS);
    if (flavor === 'azure-openai' && !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version)) {
      throw errors.unsupportedApiVersion(version, ['2024-05-01-preview', '2025-04-01-preview', '…']);
    }
  }

  private sendFault(req: http.IncomingMessage, res: http.ServerResponse, fault: FaultRule): void {
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case '429':
        res.setHeader('retry-after-ms', String(fault.retryAfterMs));
        res.setHeader('retry-after', String(Math.max(1, Math.ceil(fault.retryAfterMs / 1000))));
        sendJson(res, 429, quoted(errors.rateLimited(), fault, req).toBody());
        return;
      case '500':
        sendJson(res, 500, quoted(errors.serverError(), fault, req).toBody());
        return;
      case 'non-json': {
        const body = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n';
        res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      default:
        return;
    }
  }

  private stream(res: http.ServerResponse, result: Extract<ApiResult, { kind: 'sse' }>): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.engine.events.off('event', listener);
      this.openStreams.delete(end);
      if (!res.writableEnded && !res.destroyed) res.end('event: done\ndata: [DONE]\n\n');
    };
    const write = (e: StreamEvent): void => {
      if (ended) return;
      res.write(`event: ${e.event}\ndata: ${JSON.stringify(presentEventData(e, result.present))}\n\n`);
      if (TERMINAL_STREAM_EVENTS.has(e.event) && e.kind === 'run') end();
    };
    const listener = (e: StreamEvent): void => {
      if (result.filter(e)) write(e);
    };
    this.openStreams.add(end);
    res.on('close', () => {
      ended = true;
      this.engine.events.off('event', listener);
      this.openStreams.delete(end);
    });
    for (const e of result.initial) write(e);
    if (!ended) this.engine.events.on('event', listener);
  }

  /**
   * A Responses stream: `event:`/`data:` pairs, ended without `[DONE]` (as recorded).
   * Truncated: the first event, then the connection drops (what was created goes on).
   */
  private streamEvents(res: http.ServerResponse, result: Extract<ApiResult, { kind: 'events' }>, truncated = false): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let ended = false;
    let unsubscribe = (): void => undefined;
    const end = (): void => {
      if (ended) return;
      ended = true;
      unsubscribe();
      this.openStreams.delete(end);
      if (!res.writableEnded && !res.destroyed) res.end();
    };
    this.openStreams.add(end);
    res.on('close', end);
    unsubscribe = result.subscribe((event, data) => {
      if (ended) return;
      const chunk = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      if (!truncated) {
        res.write(chunk);
        return;
      }
      ended = true;
      unsubscribe();
      this.openStreams.delete(end);
      res.write(chunk, () => res.destroy());
    }, end);
    if (ended) unsubscribe();
  }

  // Control routes ------------------------------------------------------------------

  private async handleControl(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    if (raw.trim()) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
    }
    const path = url.pathname.replace(/\/+$/, '');
    const key = `${method} ${path}`;
    switch (key) {
      case 'POST /__emulator/reset':
      case 'POST /__emulator/seed': {
        const seed = body.seed === undefined ? this.seed : body.seed;
        if (seed !== 'demo' && seed !== 'empty') return sendJson(res, 400, { error: "seed must be 'demo' or 'empty'" });
        this.reset(seed);
        return sendJson(res, 200, this.state());
      }
      case 'GET /__emulator/requests': {
        const since = Number(url.searchParams.get('since') ?? '0');
        res.setHeader('x-emulator-next-index', String(this.log.nextIndex));
        return sendJson(res, 200, this.log.since(Number.isFinite(since) ? since : 0));
      }
      case 'DELETE /__emulator/requests':
        this.log.clear();
        return sendJson(res, 200, { cleared: true, nextIndex: this.log.nextIndex });
      case 'GET /__emulator/clock':
        return sendJson(res, 200, { now: this.clock.now(), offsetSeconds: this.clock.offset });
      case 'POST /__emulator/clock': {
        const advance = body.advanceSeconds;
        if (typeof advance !== 'number' || !Number.isFinite(advance)) return sendJson(res, 400, { error: 'advanceSeconds must be a number' });
        this.clock.advance(advance);
        this.engine.expireDue();
        return sendJson(res, 200, { now: this.clock.now(), offsetSeconds: this.clock.offset });
      }
      case 'GET /__emulator/faults':
        return sendJson(res, 200, this.faults.list());
      case 'POST /__emulator/faults': {
        const inputs = (Array.isArray(body) ? body : [body]) as FaultRuleInput[];
        try {
          const ids = inputs.map((input) => this.faults.add(input).id);
          return sendJson(res, 200, { added: ids, rules: this.faults.list() });
        } catch (err) {
          return sendJson(res, 400, { error: (err as Error).message });
        }
      }
      case 'GET /__emulator/faults/fired': {
        const since = Number(url.searchParams.get('since') ?? '0');
        res.setHeader('x-emulator-next-index', String(this.faults.nextFiringIndex));
        return sendJson(res, 200, this.faults.firedSince(Number.isFinite(since) ? since : 0));
      }
      case 'DELETE /__emulator/faults':
        this.faults.clear();
        return sendJson(res, 200, { cleared: true });
      case 'POST /__emulator/assistants':
        this.assistantsAvailable = body.available !== false;
        return sendJson(res, 200, { available: this.assistantsAvailable });
      case 'POST /__emulator/compression':
        this.compression.enabled = body.enabled === true;
        return sendJson(res, 200, { enabled: this.compression.enabled });
      case 'GET /__emulator/state':
        return sendJson(res, 200, this.state());
      case 'GET /__emulator/config':
        return sendJson(res, 200, this.config);
      case 'POST /__emulator/config': {
        for (const k of ['latencyMs', 'stepMs', 'pollAfterMs'] as const) {
          const v = body[k];
          if (v === undefined) continue;
          if (typeof v !== 'number' || v < 0) return sendJson(res, 400, { error: `${k} must be a number >= 0` });
          this.config[k] = v;
        }
        this.engine.stepMs = this.config.stepMs;
        return sendJson(res, 200, this.config);
      }
      default:
        return sendJson(res, 404, { error: `no control route ${key}` });
    }
  }

  state(): Record<string, unknown> {
    return {
      mode: this.mode,
      seed: this.seed,
      urls: this.urls,
      config: this.config,
      clock: { now: this.clock.now(), offsetSeconds: this.clock.offset },
      counts: this.store.counts(),
      faults: this.faults.list(),
      requests: { nextIndex: this.log.nextIndex },
      fileSearchInclude: FILE_SEARCH_CONTENT_INCLUDE,
    };
  }
}

/** The error, its message quoting the request's credential when the rule says so. */
function quoted(error: ApiError, fault: FaultRule, req: http.IncomingMessage): ApiError {
  if (!fault.quoteCredential) return error;
  const header = req.headers['api-key'] ?? req.headers.authorization ?? '';
  const credential = (Array.isArray(header) ? header[0] : header).replace(/^Bearer\s+/i, '');
  return new ApiError(error.status, `${error.message} The gateway rejected the credential ${credential || '(none)'}.`, error.type, error.param, error.code, error.headers);
}

function splitBase(pathname: string): { flavor: Flavor; rest: string } | undefined {
  let m = /^\/v1(\/.*)?$/.exec(pathname);
  if (m) return { flavor: 'openai', rest: m[1] ?? '/' };
  m = /^\/api\/projects\/[^/]+(\/.*)?$/.exec(pathname);
  if (m) return { flavor: 'azure', rest: m[1] ?? '/' };
  m = /^\/openai(\/.*)?$/.exec(pathname);
  if (m) return { flavor: 'azure-openai', rest: m[1] ?? '/' };
  return undefined;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Announces the full length, sends half of the body, then drops the connection. */
function sendTruncated(res: http.ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length });
  res.write(buf.subarray(0, Math.max(1, Math.floor(buf.length / 2))), () => res.destroy());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The local pass-through proxy of capture: forwards one app's requests to one upstream,
// byte for byte, and lets an observer read a copy of what passes. It never stores,
// logs or changes a credential; it only refuses what is not the app talking to it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** What a tap sees of one exchange; the proxy never hands it the request's headers. */
export interface ExchangeStart {
  method: string;
  /** The path after the token, with its query (the tap decides what to keep). */
  path: string;
  requestContentEncoding?: string;
  startedAt: number;
}

export type ExchangeOutcome =
  | { kind: 'complete' }
  /** The app went away before the answer ended. */
  | { kind: 'aborted' }
  /** The upstream dropped the connection or cut the body short. */
  | { kind: 'dropped'; message: string }
  | { kind: 'unreachable'; message: string };

/** Reads a copy of one exchange. Its calls must not throw into the proxy (they are guarded). */
export interface ExchangeTap {
  requestData(chunk: Buffer): void;
  response(status: number, headers: http.IncomingHttpHeaders): void;
  responseData(chunk: Buffer): void;
  end(outcome: ExchangeOutcome): void;
}

export interface ProxyOptions {
  /** Base URL every request is forwarded under (http or https). */
  upstream: string;
  /** Called once per forwarded request; return undefined to forward without reading. */
  tap?: (start: ExchangeStart) => ExchangeTap | undefined;
}

// RFC 9110 §7.6.1, plus the proxy-only ones; each hop sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

// A browser sends these on cross-site requests; an app's HTTP client does not.
const REFUSED_FETCH_SITES = new Set(['cross-site', 'same-site']);

export class CaptureProxy {
  readonly upstream: URL;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly agent: http.Agent;
  private readonly token = randomBytes(24).toString('base64url');
  private port = 0;

  private constructor(private readonly options: ProxyOptions) {
    this.upstream = parseUpstream(options.upstream);
    this.agent = this.upstream.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.server = http.createServer({ noDelay: true }, (req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // A malformed request from a local process closes its socket and nothing else.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Starts a proxy on 127.0.0.1 and a free port. */
  static async start(options: ProxyOptions): Promise<CaptureProxy> {
    const proxy = new CaptureProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  /** The URL an app uses in place of the upstream's; it carries this session's token. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/${this.token}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** Closes the server and every open connection, to the app and to the upstream. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const refusal = this.refusal(req);
    if (refusal) {
      // Read nothing more of a refused request; the connection is not reused.
      res.shouldKeepAlive = false;
      sendError(res, refusal.status, refusal.message, refusal.code);
      return;
    }
    const rest = this.pathAfterToken(req.url ?? '');
    if (rest === undefined) {
      res.shouldKeepAlive = false;
      sendError(res, 404, 'Not found.', 'not_found');
      return;
    }
    this.forward(req, res, rest);
  }

  private refusal(req: http.IncomingMessage): { status: number; message: string; code: string } | undefined {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
      return { status: 403, message: 'This proxy answers only requests addressed to it by its own host.', code: 'forbidden_host' };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${this.port}`) {
      return { status: 403, message: 'Requests from web pages are refused.', code: 'forbidden_origin' };
    }
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && REFUSED_FETCH_SITES.has(site.toLowerCase())) {
      return { status: 403, message: 'Requests from web pages are refused.', code: 'forbidden_origin' };
    }
    return undefined;
  }

  /** The path and query after `/<token>`, or undefined when the token is not there. */
  private pathAfterToken(url: string): string | undefined {
    const end = url.indexOf('/', 1);
    const queryAt = url.indexOf('?');
    const cut = [end, queryAt].filter((i) => i > 0);
    const tokenEnd = cut.length ? Math.min(...cut) : url.length;
    const given = Buffer.from(url.slice(1, tokenEnd));
    const expected = Buffer.from(this.token);
    if (!url.startsWith('/') || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const rest = url.slice(tokenEnd);
    return rest.startsWith('?') || rest === '' ? `/${rest}` : rest;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, rest: string): void {
    const method = req.method ?? 'GET';
    const tap = guardTap(
      this.options.tap?.({
        method,
        path: rest,
        requestContentEncoding: req.headers['content-encoding'],
        startedAt: Date.now(),
      }),
    );
    const basePath = this.upstream.pathname.replace(/\/+$/, '');
    const upstreamReq = (this.upstream.protocol === 'https:' ? https : http).request({
      protocol: this.upstream.protocol,
      hostname: this.upstream.hostname,
      port: this.upstream.port || undefined,
      method,
      path: `${basePath}${rest}`,
      headers: forwardedHeaders(req.rawHeaders, this.upstream.host),
      agent: this.agent,
      // Headers pass as they are: names keep their case, repeated ones stay repeated.
      setHost: false,
    });
    let finished = false;
    const finish = (outcome: ExchangeOutcome): void => {
      if (finished) return;
      finished = true;
      tap?.end(outcome);
    };

    if (tap) req.on('data', (chunk: Buffer) => tap.requestData(chunk));
    req.pipe(upstreamReq);

    upstreamReq.on('response', (upstreamRes) => {
      tap?.response(upstreamRes.statusCode ?? 0, upstreamRes.headers);
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, responseHeaders(upstreamRes.rawHeaders));
      // An empty body still needs the header sent now, not with the first chunk.
      res.flushHeaders();
      upstreamRes.on('data', (chunk: Buffer) => {
        tap?.responseData(chunk);
        if (!res.write(chunk)) {
          upstreamRes.pause();
          res.once('drain', () => upstreamRes.resume());
        }
      });
      upstreamRes.on('end', () => {
        res.end();
        finish({ kind: 'complete' });
      });
      upstreamRes.on('error', () => undefined);
      upstreamRes.on('close', () => {
        if (upstreamRes.complete) return;
        // The upstream cut the answer short: the app must see a cut, not a whole answer.
        res.destroy();
        finish({ kind: res.writableEnded ? 'complete' : 'dropped', message: 'The upstream closed the connection before the answer ended.' });
      });
    });

    upstreamReq.on('error', (err: NodeJS.ErrnoException) => {
      if (finished) return;
      if (res.headersSent || upstreamReq.reusedSocket || isAfterConnect(err)) {
        res.destroy();
        finish({ kind: 'dropped', message: 'The upstream closed the connection before answering.' });
        return;
      }
      const message = `Agent Runs capture could not reach ${this.upstream.origin}${basePath}: ${err.code ?? err.message}.`;
      sendError(res, 502, message, 'upstream_unreachable');
      finish({ kind: 'unreachable', message });
    });

    // The app went away: stop the upstream request too.
    res.on('close', () => {
      if (res.writableFinished) return;
      upstreamReq.destroy();
      finish({ kind: 'aborted' });
    });
    req.on('error', () => upstreamReq.destroy());
  }
}

function parseUpstream(value: string): URL {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Capture forwards only to http or https URLs, not ${url.protocol}`);
  if (url.username || url.password) throw new Error('Capture does not forward to a URL with credentials in it.');
  url.search = '';
  url.hash = '';
  return url;
}

/** Errors that say the upstream was reached and then went away (not "could not connect"). */
function isAfterConnect(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'socket hang up';
}

function connectionTokens(raw: string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'connection') continue;
    for (const t of raw[i + 1]!.split(',')) named.add(t.trim().toLowerCase());
  }
  return named;
}

function forwardedHeaders(raw: string[], upstreamHost: string): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    out.push(raw[i]!, name === 'host' ? upstreamHost : raw[i + 1]!);
  }
  return out;
}

function responseHeaders(raw: string[]): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** An OpenAI-shaped error body, so the app's client reports it like a service error. */
function sendError(res: http.ServerResponse, status: number, message: string, code: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ error: { message, type: 'proxy_error', param: null, code } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A tap that throws must not break the exchange it reads. */
function guardTap(tap: ExchangeTap | undefined): ExchangeTap | undefined {
  if (!tap) return undefined;
  let broken = false;
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      if (broken) return;
      try {
        fn(...args);
      } catch {
        broken = true;
      }
    };
  return {
    requestData: guard((c: Buffer) => tap.requestData(c)),
    response: guard((s: number, h: http.IncomingHttpHeaders) => tap.response(s, h)),
    responseData: guard((c: Buffer) => tap.responseData(c)),
    end: guard((o: ExchangeOutcome) => tap.end(o)),
  };
}

// Helpers of the capture tests: an emulator behind a capture session, raw HTTP requests
// that see bytes as they travel, and a record of the bytes the emulator itself sent.
import http from 'node:http';
import OpenAI from 'openai';
import { CaptureSession } from '../../src/capture/captureSession';
import type { CaptureEvent } from '../../src/capture/idScanner';
import { startTestEmulator, TEST_KEY } from '../emulator/testkit';
import type { RunningEmulator } from '../emulator/server';

export interface CaptureRig {
  em: RunningEmulator;
  session: CaptureSession;
  events: CaptureEvent[];
  /** Bytes of each answer body as the emulator sent them (after compression), by x-request-id. */
  sent: Map<string, Buffer[]>;
  proxied(path: string): string;
  direct(path: string): string;
  client(opts?: { maxRetries?: number }): OpenAI;
  close(): Promise<void>;
}

export async function startCaptureRig(): Promise<CaptureRig> {
  const em = await startTestEmulator();
  const sent = new Map<string, Buffer[]>();
  const handle = em.emulator.handle.bind(em.emulator);
  // Wrapped before the emulator's own handler, so its compression writes through this.
  em.emulator.handle = (req, res) => {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (c: Buffer | string, cb?: () => void) => boolean;
    const end = res.end.bind(res) as (c?: Buffer | string) => http.ServerResponse;
    res.write = ((c: Buffer | string, cb?: () => void) => {
      chunks.push(Buffer.from(c));
      return write(c, cb);
    }) as typeof res.write;
    res.end = ((c?: Buffer | string) => {
      if (c !== undefined && typeof c !== 'function') chunks.push(Buffer.from(c));
      return end(c);
    }) as typeof res.end;
    handle(req, res);
    const id = res.getHeader('x-request-id');
    if (typeof id === 'string') sent.set(id, chunks);
  };
  const session = await CaptureSession.start({ upstream: em.urls.openai });
  const events: CaptureEvent[] = [];
  session.onDidCapture((e) => events.push(e));
  return {
    em,
    session,
    events,
    sent,
    proxied: (path) => `${session.baseUrl}${path}`,
    direct: (path) => `${em.urls.openai}${path}`,
    client: (opts = {}) => new OpenAI({ apiKey: TEST_KEY, baseURL: session.baseUrl, maxRetries: opts.maxRetries ?? 0, timeout: 20_000 }),
    close: async () => {
      await session.dispose();
      await em.close();
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  /** Set when the connection broke before the body ended. */
  error?: string;
}

/** One request on its own connection; the body is kept exactly as it came (not inflated). */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; onChunk?: (chunk: Buffer) => void; signal?: AbortSignal } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: opts.method ?? 'GET',
      agent: false,
      headers: { authorization: `Bearer ${TEST_KEY}`, ...(opts.body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      signal: opts.signal,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let error: string | undefined;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        opts.onChunk?.(c);
      });
      res.on('error', (err) => (error = err.message));
      res.on('close', () => {
        if (!res.complete) error ??= 'aborted';
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), ...(error ? { error } : {}) });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export async function nextRequestIndex(em: RunningEmulator): Promise<number> {
  return em.emulator.log.nextIndex;
}

/** Headers the two answers must share: all but the per-answer ones and the hop-by-hop ones. */
export function comparableHeaders(raw: string[]): string[] {
  const skip = new Set(['date', 'x-request-id', 'connection', 'keep-alive', 'transfer-encoding']);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!skip.has(raw[i]!.toLowerCase())) out.push(`${raw[i]}: ${raw[i + 1]}`);
  return out;
}

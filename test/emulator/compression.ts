// Opt-in compressed answers (gzip, br) so capture's tests see what a CDN in front of the
// service sends. Off by default; POST /__emulator/compression {"enabled": true} turns it on.
import type http from 'node:http';
import zlib from 'node:zlib';

export class CompressionSwitch {
  enabled = false;

  /** Compresses what `res` sends when on and the client accepts gzip or br; each write is flushed (SSE). */
  apply(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!this.enabled) return;
    const accepted = String(req.headers['accept-encoding'] ?? '').toLowerCase();
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    if (!encoding) return;
    const zip = encoding === 'br' ? zlib.createBrotliCompress() : zlib.createGzip();
    const write = res.write.bind(res) as (chunk: Buffer) => boolean;
    const end = res.end.bind(res) as () => http.ServerResponse;
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: http.OutgoingHttpHeaders) => http.ServerResponse;
    zip.on('data', (c: Buffer) => write(c));
    zip.on('end', () => end());
    zip.on('error', () => res.destroy());
    res.on('close', () => zip.destroy());
    res.writeHead = ((status: number, headers?: http.OutgoingHttpHeaders) => {
      const rest = { ...(headers ?? {}) };
      delete rest['content-length'];
      res.removeHeader('content-length');
      return writeHead(status, { ...rest, 'content-encoding': encoding, vary: 'accept-encoding' });
    }) as typeof res.writeHead;
    res.write = ((chunk: string | Buffer, cb?: () => void) => {
      zip.write(chunk);
      zip.flush(() => cb?.());
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: string | Buffer) => {
      if (chunk !== undefined) zip.end(chunk);
      else zip.end();
      return res;
    }) as typeof res.end;
  }
}

// The run panel's webview, standalone: the panel's real HTML (src/panels/html.ts) and
// bundle (dist/webview.js) served over HTTP, for Chromium to open with a stubbed
// `acquireVsCodeApi` (openPanel in panelKit.ts).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureWebviewBundle } from '../harness/build';
import { repoRoot } from '../harness/paths';

const htmlModule = path.join(repoRoot, 'src', 'panels', 'html.ts');

interface HtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri?: string;
  page?: 'run' | 'response';
}

/** The panel HTML from src/panels/html.ts, or an equivalent page while it does not exist. */
async function panelHtml(options: HtmlOptions): Promise<string> {
  if (fs.existsSync(htmlModule)) {
    const mod = (await import(pathToFileURL(htmlModule).href)) as { renderPanelHtml(o: HtmlOptions): string };
    return mod.renderPanelHtml(options);
  }
  const csp = `default-src 'none'; style-src ${options.cspSource}; font-src ${options.cspSource}; img-src ${options.cspSource}; script-src 'nonce-${options.nonce}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${options.styleUri}"></head><body><main id="app"></main>
<script nonce="${options.nonce}" src="${options.scriptUri}"></script></body></html>`;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.html': 'text/html', '.map': 'application/json' };

export interface PanelServer {
  origin: string;
  /** The HTML served at /, as rendered for this server. */
  html: string;
  nonce: string;
  close(): Promise<void>;
}

/** Serves the panel page (the run's, or the response's) at / and the extension's dist/ and media/ folders. */
export async function startPanelServer(options: { page?: 'run' | 'response' } = {}): Promise<PanelServer> {
  await ensureWebviewBundle();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  // Fixed per server (the page is loaded once per test); base64 as the real panel's.
  const nonce = Buffer.from(`standalone-${Date.now()}`).toString('base64').replace(/=+$/, '');
  const codicons = path.join(repoRoot, 'media', 'codicons', 'codicon.css');
  const html = await panelHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/panel.css`,
    codiconsUri: fs.existsSync(codicons) ? `${origin}/media/codicons/codicon.css` : undefined,
    page: options.page,
  });
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const file = path.normalize(path.join(repoRoot, decodeURIComponent(url.pathname)));
    const allowed = [path.join(repoRoot, 'dist') + path.sep, path.join(repoRoot, 'media') + path.sep].some((d) => file.startsWith(d));
    if (!allowed || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return { origin, html, nonce, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// The run panel's webview, standalone: the panel's real HTML (src/panels/html.ts) and
// bundle (dist/webview.js) served over HTTP and opened in Chromium with a stubbed
// `acquireVsCodeApi` that records what the webview posts. Messages from the
// "extension" are sent with window.postMessage, as VS Code delivers them.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { run } from '../harness/processes';

const webviewBundle = path.join(repoRoot, 'dist', 'webview.js');
const htmlModule = path.join(repoRoot, 'src', 'panels', 'html.ts');

interface HtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri?: string;
}

function newest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return Math.max(0, ...fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
}

/** Builds dist/webview.js (and the media it copies) when its sources are newer. */
export async function ensureWebviewBundle(): Promise<void> {
  const sources = Math.max(newest(path.join(repoRoot, 'src', 'webview')), newest(path.join(repoRoot, 'src', 'shared')));
  if (!fs.existsSync(webviewBundle) || fs.statSync(webviewBundle).mtimeMs < sources) {
    await run('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
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

/** Serves the panel page at / and the extension's dist/ and media/ folders. */
export async function startPanelServer(): Promise<PanelServer> {
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

declare global {
  interface Window {
    __posted: unknown[];
    __vscodeState: unknown;
    __cspViolations: string[];
  }
}

export class PanelPage {
  readonly consoleErrors: string[] = [];
  /** Resources the page asked for that did not load (URL and status). */
  readonly failedRequests: string[] = [];

  private constructor(readonly page: Page) {}

  /** Opens the panel page with the stubbed VS Code API; `state` is what getState() returns. */
  static async open(browser: Browser, server: PanelServer, options: { state?: unknown } = {}): Promise<PanelPage> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const panel = new PanelPage(page);
    page.on('console', (m) => {
      if (m.type() === 'error') panel.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => panel.consoleErrors.push(`uncaught: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) panel.failedRequests.push(`${r.url()} → ${r.status()}`);
    });
    page.on('requestfailed', (r) => panel.failedRequests.push(`${r.url()} → ${r.failure()?.errorText}`));
    await page.addInitScript((initial) => {
      window.__posted = [];
      window.__vscodeState = initial;
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      let acquired = false;
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
        // VS Code allows one call per load.
        if (acquired) throw new Error('acquireVsCodeApi() was called twice');
        acquired = true;
        return Object.freeze({
          postMessage: (message: unknown) => void window.__posted.push(JSON.parse(JSON.stringify(message))),
          getState: () => window.__vscodeState,
          setState: (state: unknown) => {
            window.__vscodeState = state;
            return state;
          },
        });
      };
    }, options.state);
    await page.goto(server.origin + '/');
    await page.waitForLoadState('load');
    return panel;
  }

  /** Delivers a message from the extension, as panel.webview.postMessage does. */
  async post(message: unknown): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  /** Messages the webview posted to the extension so far. */
  async posted(): Promise<unknown[]> {
    return this.page.evaluate(() => window.__posted);
  }

  async savedState(): Promise<unknown> {
    return this.page.evaluate(() => window.__vscodeState);
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => window.__cspViolations);
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

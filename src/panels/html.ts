// The run panel's HTML shell: a strict Content-Security-Policy (nothing by default,
// the bundled script only with this load's nonce, styles and fonts only from the
// extension) and an empty body the webview script fills. No service data goes here.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri?: string;
  /** Which page the script builds: a run's (default) or a response's. A literal, never service data. */
  page?: 'run' | 'response';
}

/** A fresh nonce for one load of the panel (128 bits from the CSPRNG). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const attr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // data: carries only images the extension fetched, checked by their bytes, and sent as base64 (panels/images.ts).
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, codiconsUri } = options;
  const page = options.page === 'response' ? 'response' : 'run';
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('The panel nonce must be base64 from a CSPRNG.');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${codiconsUri ? `<link rel="stylesheet" href="${attr(codiconsUri)}">\n` : ''}<link rel="stylesheet" href="${attr(styleUri)}">
<title>Agent ${page}</title>
</head>
<body data-page="${page}">
<main id="app" aria-busy="true"><p class="placeholder">Loading the ${page}…</p></main>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>`;
}

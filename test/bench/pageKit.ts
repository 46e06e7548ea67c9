// Opens the run panel's standalone page (test/webview/panelPage.ts serves it) with the
// stubbed VS Code API installed from source text: functions handed to the browser from
// a tsx-compiled module may carry esbuild's `__name` helper, which the page lacks.
import type { Browser, Page } from 'playwright-core';
import type { PanelServer } from '../webview/panelPage';

const stub = (saved?: unknown) => `(() => {
  window.__name = window.__name || ((f) => f);
  window.__posted = [];
  window.__vscodeState = ${saved === undefined ? 'undefined' : JSON.stringify(saved)};
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi() was called twice');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); if (window.__toHost) window.__toHost(message); },
      getState: () => window.__vscodeState,
      setState: (state) => { window.__vscodeState = state; return state; },
    });
  };
})()`;

export interface StandalonePanel {
  page: Page;
  /** Uncaught errors and console errors of the page. */
  consoleErrors: string[];
  /** Console warnings (the page logs the messages it drops as warnings). */
  warnings: string[];
  post(message: unknown): Promise<void>;
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** Opens the page; `saved` is the state the page finds saved (as after a reload). */
export async function openPanel(browser: Browser, server: PanelServer, saved?: unknown): Promise<StandalonePanel> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const consoleErrors: string[] = [];
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.addInitScript(stub(saved));
  await page.goto(server.origin + '/');
  await page.waitForFunction('window.__posted.length > 0', undefined, { timeout: 10_000 });
  return {
    page,
    consoleErrors,
    warnings,
    post: async (message) => void (await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`)),
    cspViolations: async () => (await page.evaluate('window.__cspViolations')) as string[],
    close: () => page.close(),
  };
}

import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { openPanel, type OpenedPanel } from './panelKit';
import { startPanelServer, type PanelServer } from './panelPage';

const cspViolations = (panel: OpenedPanel) => panel.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

describe('Run panel page (standalone)', () => {
  let browser: Browser;
  let server: PanelServer;
  let panel: OpenedPanel;

  before(async () => {
    server = await startPanelServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    panel = await openPanel(browser, server);
  });
  afterEach(async () => {
    await panel?.close();
  });

  it('has a strict Content-Security-Policy: nothing by default, scripts only with the nonce', async () => {
    const csp = await panel.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp, 'no CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${server.nonce.replace(/[+/=]/g, '\\$&')}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = await panel.page.locator('script').evaluateAll((els) => els.map((s) => ({ nonce: (s as HTMLScriptElement).nonce, src: (s as HTMLScriptElement).src })));
    assert.ok(scripts.length > 0, 'the page loads no script');
    for (const s of scripts) {
      assert.equal(s.nonce, server.nonce, `script ${s.src || '(inline)'} has no nonce`);
      assert.ok(s.src.endsWith('/dist/webview.js'), `unexpected script ${s.src || '(inline)'}`);
    }
  });

  it('loads every resource it references, without console errors or CSP violations', async () => {
    await panel.page.waitForLoadState('networkidle');
    assert.deepEqual(await cspViolations(panel), []);
    assert.deepEqual(panel.errors, []);
  });

  it('keeps the CSP when a message tries to inject script', async () => {
    // Whatever the webview does with unknown messages, an injected inline script must not run.
    await panel.post({ type: 'state', state: { html: '<img src=x onerror="window.__pwned=1">' } });
    await panel.page.evaluate(() => {
      const el = document.createElement('div');
      el.innerHTML = '<img src="x" onerror="window.__pwned = 1">';
      document.body.appendChild(el);
    });
    await panel.page.waitForTimeout(300);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'an inline event handler ran');
    assert.ok((await cspViolations(panel)).some((v) => v.startsWith('script-src')), 'the inline handler was not reported as a CSP violation');
  });
});

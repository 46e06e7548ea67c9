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

  it('drops a message that is not in the protocol: nothing of it reaches the page', async () => {
    const before = await panel.page.locator('#app').innerHTML();
    await panel.post({ type: 'state', state: { html: '<img src=x onerror="window.__pwned=1">' } });
    // The page says so in its console (the stub keeps console.warn): wait for that, not for time.
    const warning = await panel.page.waitForFunction(() => (window as unknown as { __warnings: string[] }).__warnings.find((w) => w.includes('Dropped an invalid message from the extension')));
    assert.match(String(await warning.jsonValue()), /\("state"; /);
    assert.equal(await panel.page.locator('#app').innerHTML(), before, 'the page changed for a message it should have dropped');
    assert.equal(await panel.page.locator('img').count(), 0);
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(await cspViolations(panel), []);
  });

  it("has a CSP that stops an inline handler, should markup ever get into the page", async () => {
    // The markup is put in by this test, not by the panel (the hostile-corpus tests in
    // panel.test.ts check that the panel's own rendering inserts none): this checks only
    // the second line of defence, the policy of src/panels/html.ts.
    await panel.page.evaluate(() => {
      const el = document.createElement('div');
      el.innerHTML = '<img src="x" onerror="window.__pwned = 1">';
      document.body.appendChild(el);
    });
    // Either the handler runs or the policy reports it: wait for whichever comes.
    await panel.page.waitForFunction(() => {
      const w = window as unknown as { __pwned?: unknown; __cspViolations: string[] };
      return w.__pwned !== undefined || w.__cspViolations.length > 0;
    });
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'an inline event handler ran');
    assert.ok((await cspViolations(panel)).some((v) => v.startsWith('script-src')), `not reported as a script-src violation: ${(await cspViolations(panel)).join(', ')}`);
  });
});

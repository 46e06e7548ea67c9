// Waits for the webview script (src/webview) and media/panel.css. Move up into
// test/webview/ once it passes.
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO, HOSTILE_STRINGS } from '../../emulator/demoIds';
import { launchBrowser } from '../../harness/browser';
import { demoPanelState } from '../demoState';
import { PanelPage, startPanelServer, type PanelServer } from '../panelPage';

describe('Run panel page (standalone): rendering', () => {
  let browser: Browser;
  let server: PanelServer;
  let panel: PanelPage;

  before(async () => {
    server = await startPanelServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await panel?.close();
  });

  it('loads every resource it references, without console errors or CSP violations', async () => {
    panel = await PanelPage.open(browser, server);
    await panel.page.waitForLoadState('networkidle');
    assert.deepEqual(panel.failedRequests, [], 'resources that did not load');
    assert.deepEqual(await panel.cspViolations(), []);
    assert.deepEqual(panel.consoleErrors, []);
  });

  it('tells the extension it is ready', async () => {
    panel = await PanelPage.open(browser, server);
    await panel.page.waitForFunction(() => window.__posted.length > 0, undefined, { timeout: 5000 });
    assert.deepEqual((await panel.posted())[0], { type: 'ready' });
  });

  it('shows the run it is given: id, status and pending tool calls', async () => {
    panel = await PanelPage.open(browser, server);
    await panel.post({ type: 'state', state: await demoPanelState(DEMO.threads.mixed, DEMO.runs.requiresAction) });
    const body = panel.page.locator('body');
    await body.getByText(DEMO.runs.requiresAction).first().waitFor({ timeout: 5000 });
    const text = await body.innerText();
    assert.match(text, /requires[_ ]action/i);
    assert.match(text, /get_weather/);
    assert.match(text, /lookup_order/);
    assert.deepEqual(panel.consoleErrors, []);
  });

  it('shows hostile service text as text: no markup is interpreted, no script runs', async () => {
    panel = await PanelPage.open(browser, server);
    await panel.page.addInitScript(() => {
      window.alert = () => ((window as unknown as { __alerted: boolean }).__alerted = true);
    });
    await panel.page.reload();
    await panel.post({ type: 'state', state: await demoPanelState(DEMO.threads.hostile, DEMO.runs.hostile) });
    await panel.page.locator('body').getByText(DEMO.runs.hostile).first().waitFor({ timeout: 5000 });
    const text = await panel.page.locator('body').innerText();
    assert.ok(HOSTILE_STRINGS.some((s) => text.includes(s)), 'none of the hostile strings is shown literally');
    assert.equal(await panel.page.locator('#app script, #app iframe, #app svg[onload], #app img[onerror]').count(), 0, 'service text became markup');
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __alerted?: boolean }).__alerted), undefined, 'a script from service text ran');
    assert.deepEqual(await panel.cspViolations(), []);
  });
});

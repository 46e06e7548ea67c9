// Mocha root hooks for the UI tests (loaded with --require): one emulator, one
// code-server with the extension installed and the demo connection configured, one
// Chromium page on its workbench, shared by every test file.
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { artifactsDir, screenshotsDir } from '../harness/paths';
import { stopAll, stopAllOnSignals } from '../harness/processes';
import { startSession, type Session } from '../harness/session';
import { Workbench } from './workbench';

let current: { session: Session; browser: Browser; workbench: Workbench } | undefined;

/** The shared workbench (available inside tests and hooks). */
export function ui(): { session: Session; workbench: Workbench } {
  if (!current) throw new Error('the UI session did not start (see the root hook failure above)');
  return current;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(240_000);
    stopAllOnSignals();
    const session = await startSession({ name: 'e2e', theme: 'Default Dark Modern' });
    const browser = await launchBrowser();
    const page = await openWorkbench(browser, session.codeServer.workbenchUrl, {
      consoleLog: path.join(artifactsDir, 'e2e', 'workbench-console.log'),
    });
    const workbench = new Workbench(page, screenshotsDir);
    // The workbench draws before it has read the extensions: wait for ours to be in it, so
    // that a test run on its own (--grep) sees its commands and views too.
    await workbench.activityBarItem('Agent Runs').waitFor({ timeout: 90_000 });
    current = { session, browser, workbench };
  },
  async afterEach(this: Mocha.Context) {
    // Keep what the user saw when a test failed.
    if (this.currentTest?.state === 'failed' && current) {
      const name = `failed-${this.currentTest.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
      await current.workbench.screenshot(name).catch(() => undefined);
      await current.workbench.closeQuickInput().catch(() => undefined);
    }
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await current?.browser.close().catch(() => undefined);
    await stopAll();
  },
};

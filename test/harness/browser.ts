// Debian's Chromium driven by playwright-core (never a downloaded browser).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tools } from './paths';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: tools().chromium, args: chromiumArgs, headless: true });
}

export interface OpenWorkbenchOptions {
  /** Console and page errors of the workbench go here, one per line. */
  consoleLog?: string;
  viewport?: { width: number; height: number };
  /** How long the page may take to load (Playwright's default, 30 s, when unset). */
  loadTimeoutMs?: number;
}

/** Opens the code-server workbench and waits until it is usable (activity bar drawn). */
export async function openWorkbench(browser: Browser, url: string, options: OpenWorkbenchOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  // Clipboard commands (Copy ID) need the permission in a headless page.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin }).catch(() => undefined);
  const page = await context.newPage();
  if (options.consoleLog) {
    fs.mkdirSync(path.dirname(options.consoleLog), { recursive: true });
    const out = fs.createWriteStream(options.consoleLog, { flags: 'a' });
    page.on('console', (m) => out.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => out.write(`[pageerror] ${e.message}\n`));
  }
  // The first load compiles the workbench; on a busy machine it takes longer than 30 s.
  await page.goto(url, { timeout: options.loadTimeoutMs ?? 120_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  return page;
}

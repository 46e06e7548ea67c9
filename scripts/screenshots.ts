// `npm run screenshots`: regenerates the README's images in docs/images/ from the real
// workbench (code-server + Chromium) showing the emulator's demo data: the Agent Runs
// tree, the run panel of the run that waits for tool outputs, and the Responses family
// (the tree's conversations and responses, a response panel) in a dark and a light
// theme, and a response waiting for answers (its Required action box and its continue
// document), capture (an app's requests through Start Capture, in the tree), a comparison
// (the diff editor beside the panel's side-by-side summary) and a fork's panel with the
// original's tool results replayed. A picture
// whose feature is not there yet is skipped with a note (the old file stays).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, openWorkbench } from '../test/harness/browser';
import { repoRoot } from '../test/harness/paths';
import { onCleanup, stopAll, stopAllOnSignals } from '../test/harness/processes';
import { startSession } from '../test/harness/session';
import { Workbench } from '../test/e2e/workbench';
import { DEMO, DEMO_RESPONSES } from '../test/emulator/demoIds';
import OpenAI from 'openai';

const outDir = path.join(repoRoot, 'docs', 'images');

async function main(): Promise<number> {
  stopAllOnSignals();
  fs.mkdirSync(outDir, { recursive: true });
  const session = await startSession({ name: 'readme-screenshots', theme: 'Default Dark Modern' });
  const browser = await launchBrowser();
  onCleanup(() => browser.close());
  const page = await openWorkbench(browser, session.codeServer.workbenchUrl, { viewport: { width: 1280, height: 720 } });
  const workbench = new Workbench(page, outDir);
  let missing = 0;

  await workbench.openAgentRuns();
  await workbench.setSideBarWidth(560);
  await workbench.expand(workbench.row('Emulator (demo)'));
  await workbench.expand(workbench.row(DEMO.threads.mixed));
  const runRow = workbench.row(DEMO.runs.requiresAction.slice(0, 12));
  await runRow.waitFor();
  await workbench.expand(runRow).catch(() => undefined);
  await page.waitForTimeout(500);
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const treeShot = await workbench.screenshot('tree', { clip: { x: 0, y: 0, width: Math.ceil((sidebar?.x ?? 0) + (sidebar?.width ?? 600)), height: 720 } });
  console.log(`wrote ${path.relative(repoRoot, treeShot)}`);

  try {
    await workbench.contextMenu(runRow, 'Open Run');
    await workbench.webview().locator('body').getByText(DEMO.runs.requiresAction.slice(0, 12)).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    const panelShot = await workbench.screenshot('run-panel');
    console.log(`wrote ${path.relative(repoRoot, panelShot)}`);
  } catch (err) {
    missing++;
    const toasts = await workbench.notifications();
    console.log(`skipped docs/images/run-panel.png: the run panel did not open (${toasts.join(' | ') || (err as Error).message.split('\n')[0]})`);
  }

  missing += await shootResponses(workbench, '');
  missing += await shootCapture(workbench);
  missing += await shootCompareAndFork(workbench, session.emulator.origin);
  await stopAll();

  // The same in a light theme, in a window started with it (the session's theme setting
  // would override a theme picked in the running window).
  const light = await startSession({ name: 'readme-screenshots-light', theme: 'Default Light Modern' });
  const lightBrowser = await launchBrowser();
  onCleanup(() => lightBrowser.close());
  const lightPage = await openWorkbench(lightBrowser, light.codeServer.workbenchUrl, { viewport: { width: 1280, height: 720 } });
  const lightWorkbench = new Workbench(lightPage, outDir);
  await lightWorkbench.openAgentRuns();
  await lightWorkbench.setSideBarWidth(560);
  await lightWorkbench.expand(lightWorkbench.row('Emulator (demo)'));
  missing += await shootResponses(lightWorkbench, '-light');
  return missing;
}

/** The Responses family: the tree folded to the new groups, then a response panel. */
async function shootResponses(workbench: Workbench, suffix: string): Promise<number> {
  const page = workbench.page;
  try {
    await workbench.runCommand('View: Close All Editors');
    const threads = workbench.row('Threads');
    await threads.waitFor();
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    await workbench.expand(workbench.row('Conversations'));
    await workbench.expand(workbench.row('Plan a weekend in Lisbon'));
    await workbench.expand(workbench.row('Day 1: Alfama'));
    await workbench.expand(workbench.row('Responses'));
    await workbench.expand(workbench.row(DEMO_RESPONSES.responses.pendingFunctionCall));
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => /^get_weather.*awaiting output/.test(r.innerText.replace(/\s+/g, ' '))),
    );
    // The palette of the last command fades out first.
    await workbench.quickInput().waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    const box = await page.locator('.part.sidebar').boundingBox();
    const tree = await workbench.screenshot(`responses-tree${suffix}`, { clip: { x: 0, y: 0, width: Math.ceil((box?.x ?? 0) + (box?.width ?? 600)), height: 720 } });
    console.log(`wrote ${path.relative(repoRoot, tree)}`);
    await workbench.row('Here is the chart').click();
    await workbench.webview().locator('body').getByText(DEMO_RESPONSES.responses.everyKind.slice(0, 16)).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    const panel = await workbench.screenshot(`response-panel${suffix}`);
    console.log(`wrote ${path.relative(repoRoot, panel)}`);
    if (suffix) return 0;
    // A response whose calls wait for answers: its panel's Required action box, then its continue document.
    const pendingRow = workbench.row(DEMO_RESPONSES.responses.pendingFunctionCall);
    await pendingRow.click();
    await workbench.webview().locator('body').getByText('Required action').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    const required = await workbench.screenshot('response-required-action');
    console.log(`wrote ${path.relative(repoRoot, required)}`);
    await workbench.contextMenu(pendingRow, 'Answer and Continue…');
    await page.locator('.tabs-container .tab', { hasText: '.continue.json' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.codelens-decoration', { hasText: 'Continue response' }).first().waitFor({ timeout: 20_000 });
    // The pointer off the tree, so no row's hover card covers the picture.
    await page.mouse.move(1000, 450);
    await page.waitForTimeout(1500);
    const continueShot = await workbench.screenshot('continue-document');
    console.log(`wrote ${path.relative(repoRoot, continueShot)}`);
    return 0;
  } catch (err) {
    const toasts = await workbench.notifications();
    console.log(`skipped the Responses images${suffix}: ${toasts.join(' | ') || (err as Error).message.split('\n')[0]}`);
    return 1;
  }
}

/** Capture: started from the status bar, an app's response and failed request in the tree. */
async function shootCapture(workbench: Workbench): Promise<number> {
  const page = workbench.page;
  try {
    await workbench.runCommand('View: Close All Editors');
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Capture' }).first().click();
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Capturing Emulator (demo)' }).first();
    await toast.getByRole('button', { name: 'Copy URL (key authentication only)' }).click();
    // The extension host writes the clipboard a moment after the click.
    let url = '';
    for (let i = 0; i < 100 && !url.startsWith('http://'); i++) {
      if (i) await page.waitForTimeout(100);
      url = await page.evaluate(() => navigator.clipboard.readText());
    }
    // The app: an openai client pointed at the project's endpoint under the proxy.
    const app = new OpenAI({ apiKey: 'sk-screenshot-app-key-0123', baseURL: `${url}/openai/v1`, maxRetries: 0 });
    const response = await app.responses.create({ model: 'echo', input: 'Plan my week' });
    await app.responses.retrieve('resp_doesNotExist0000').catch(() => undefined);
    for (const group of ['Threads', 'Conversations', 'Responses']) {
      const row = workbench.row(group);
      if ((await row.getAttribute('aria-expanded').catch(() => null)) === 'true') await row.locator('.monaco-tl-twistie').click();
    }
    await workbench.expand(workbench.row('Responses'));
    await workbench.row('Captured errors').waitFor({ timeout: 20_000 });
    await workbench.revealRow(response.id);
    await page.waitForFunction((id) => [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => r.innerText.includes(id) && /captured \d/.test(r.innerText)), response.id);
    await workbench.scrollTreeToTop();
    await page.waitForTimeout(500);
    const shot = await workbench.screenshot('capture');
    console.log(`wrote ${path.relative(repoRoot, shot)}`);
    return 0;
  } catch (err) {
    const toasts = await workbench.notifications();
    console.log(`skipped docs/images/capture.png: ${toasts.join(' | ') || (err as Error).message.split('\n')[0]}`);
    return 1;
  }
}

/** Compare and Fork: two answered responses compared (the diff beside the panel's summary), then one forked. */
async function shootCompareAndFork(workbench: Workbench, origin: string): Promise<number> {
  const page = workbench.page;
  const create = async (body: Record<string, unknown>) => {
    const res = await fetch(`${origin}/api/projects/demo/openai/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as { id: string; output: { type: string; call_id?: string }[] };
  };
  const answered = async (weather: string) => {
    const first = await create({ model: 'tools', input: 'Weather in Lisbon? And where is order 3131?' });
    const calls = first.output.filter((i) => i.type === 'function_call');
    const outputs = [weather, 'Order 3131 left on Monday'];
    const next = await create({ model: 'tools', previous_response_id: first.id, input: calls.map((c, i) => ({ type: 'function_call_output', call_id: c.call_id, output: outputs[i] })) });
    return { first: first.id, next: next.id };
  };
  try {
    const a = await answered('18 °C and sunny');
    const b = await answered('11 °C and fog');
    await workbench.runCommand('View: Close All Editors');
    for (const group of ['Threads', 'Conversations', 'Responses']) {
      const row = workbench.row(group);
      if ((await row.getAttribute('aria-expanded').catch(() => null)) === 'true') await row.locator('.monaco-tl-twistie').click();
    }
    await workbench.setSideBarWidth(300);
    await workbench.expand(workbench.row('Responses'));
    await workbench.runCommand('Agent Runs: Refresh');
    const rowB = await workbench.revealRow(b.next);
    const input = workbench.quickInput().locator('input');
    for (let attempt = 0; attempt < 3; attempt++) {
      await workbench.contextMenu(rowB, 'Compare with…');
      await input.waitFor();
      if ((await input.getAttribute('placeholder'))?.startsWith(`Compare ${b.next}`)) break;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
    await page.keyboard.type(a.next);
    await workbench.quickInput().locator('.monaco-list-row', { hasText: a.next }).first().waitFor();
    await page.keyboard.press('Enter');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.locator('.line-insert, .char-insert').first().waitFor({ timeout: 20_000 });
    await page.locator('.editor-actions .action-label[aria-label^="Open Comparison in Panel"]').first().click();
    await workbench.webview().locator('table.comparison').waitFor({ timeout: 30_000 });
    // The diff at its first change in behaviour (the output), not the header.
    await diff.click({ position: { x: 200, y: 200 } });
    for (let i = 0; i < 2; i++) await workbench.runCommand('Go to Next Change');
    await page.mouse.move(1000, 450);
    await page.waitForTimeout(1000);
    const compare = await workbench.screenshot('compare');
    console.log(`wrote ${path.relative(repoRoot, compare)}`);

    // Fork the first response from its start: the fork replays the original's outputs.
    await workbench.runCommand('View: Close All Editors');
    const rowA = await workbench.revealRow(a.first);
    const tab = page.locator('.tabs-container .tab', { hasText: 'start.response-fork.json' }).first();
    for (let attempt = 0; attempt < 3 && !(await tab.isVisible()); attempt++) {
      await workbench.contextMenu(rowA, 'Fork from Here…');
      await tab.waitFor({ timeout: 10_000 }).catch(() => page.keyboard.press('Escape'));
    }
    const send = page.locator('.codelens-decoration a', { hasText: /^\s*Fork$/ }).first();
    await send.waitFor({ timeout: 20_000 });
    await send.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Fork$/ }).click();
    const replayed = workbench.webview().locator('.replayed');
    for (let i = 0; i < 30 && (await replayed.count()) < 2; i++) await page.waitForTimeout(1000);
    await replayed.first().scrollIntoViewIfNeeded();
    await page.mouse.move(1000, 450);
    await page.waitForTimeout(1000);
    const fork = await workbench.screenshot('fork-panel');
    console.log(`wrote ${path.relative(repoRoot, fork)}`);
    return 0;
  } catch (err) {
    const toasts = await workbench.notifications();
    console.log(`skipped docs/images/compare.png or fork-panel.png: ${toasts.join(' | ') || (err as Error).message.split('\n')[0]}`);
    return 1;
  }
}

main()
  .then(async (missing) => {
    await stopAll();
    process.exit(missing ? 3 : 0);
  })
  .catch(async (err: Error) => {
    console.error(`screenshots: ${err.stack ?? err}`);
    await stopAll();
    process.exit(1);
  });

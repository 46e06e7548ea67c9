// `npm run screenshots`: regenerates the README's images in docs/images/ from the real
// workbench (code-server + Chromium) showing the emulator's demo data: the Agent Runs
// tree, the run panel of the run that waits for tool outputs, and the Responses family
// (the tree's conversations and responses, a response panel) in a dark and a light
// theme. A picture whose feature is not there yet is skipped with a note (the old file
// stays).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, openWorkbench } from '../test/harness/browser';
import { repoRoot } from '../test/harness/paths';
import { onCleanup, stopAll, stopAllOnSignals } from '../test/harness/processes';
import { startSession } from '../test/harness/session';
import { Workbench } from '../test/e2e/workbench';
import { DEMO, DEMO_RESPONSES } from '../test/emulator/demoIds';

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

  // The Responses family: the tree folded to the new groups, then a response panel; dark, then light.
  try {
    await workbench.runCommand('View: Close All Editors');
    const threads = workbench.row('Threads');
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    await workbench.expand(workbench.row('Conversations'));
    await workbench.expand(workbench.row('Plan a weekend in Lisbon'));
    await workbench.expand(workbench.row('Day 1: Alfama'));
    await workbench.expand(workbench.row('Responses'));
    await workbench.expand(workbench.row(DEMO_RESPONSES.responses.pendingFunctionCall));
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row')].some((r) => /^get_weather.*awaiting output/.test(r.innerText.replace(/\s+/g, ' '))),
    );
    const clip = async () => {
      const box = await page.locator('.part.sidebar').boundingBox();
      return { x: 0, y: 0, width: Math.ceil((box?.x ?? 0) + (box?.width ?? 600)), height: 720 };
    };
    const openPanel = async () => {
      await workbench.runCommand('View: Close All Editors');
      await workbench.row('Here is the chart').click();
      await workbench.webview().locator('body').getByText(DEMO_RESPONSES.responses.everyKind.slice(0, 16)).first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(1000);
    };
    for (const theme of [{ label: 'Dark Modern', kind: 'dark' as const, suffix: '' }, { label: 'Light Modern', kind: 'light' as const, suffix: '-light' }]) {
      if (theme.kind === 'light') await workbench.setColorTheme(theme.label, theme.kind);
      await workbench.runCommand('View: Close All Editors');
      const tree = await workbench.screenshot(`responses-tree${theme.suffix}`, { clip: await clip() });
      console.log(`wrote ${path.relative(repoRoot, tree)}`);
      await openPanel();
      const panel = await workbench.screenshot(`response-panel${theme.suffix}`);
      console.log(`wrote ${path.relative(repoRoot, panel)}`);
    }
  } catch (err) {
    missing++;
    const toasts = await workbench.notifications();
    console.log(`skipped the Responses images: ${toasts.join(' | ') || (err as Error).message.split('\n')[0]}`);
  }
  return missing;
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

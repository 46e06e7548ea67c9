// Ids printed in the terminal are links the workbench detects and explains on hover.
// What following a link does is tested in the extension host (terminalLinks.test.ts):
// a Ctrl+click driven through Chromium reached the terminal with ctrlKey set but never
// made the link live here (no pointer cursor), so this test stops at the hover.
// Screenshot: 12-terminal-link.
import { DEMO } from '../emulator/demoIds';
import { ui } from './setup';

describe('Ids in the terminal', () => {
  it('shows a run id printed in the terminal as a link, saying on hover what it does', async () => {
    const { workbench } = ui();
    const page = workbench.page;
    await workbench.runCommand('Terminal: Create New Terminal');
    const terminal = page.locator('.part.panel .terminal-wrapper.active .xterm').first();
    await terminal.waitFor();
    await terminal.click();
    const line = `done: ${DEMO.runs.completed} (${DEMO.threads.mixed})`;
    await page.keyboard.type(`echo "${line}"`);
    await page.keyboard.press('Enter');
    // The printed line (not the command line that echoed it).
    const row = page.locator(rowsSelector).filter({ hasText: /^done: run_/ }).first();
    await row.waitFor();
    const box = (await page.evaluate(wordCentre(rowsSelector, 'done: run_', DEMO.runs.completed))) as { x: number; y: number };
    await page.mouse.move(box.x, box.y);
    await page.mouse.move(box.x + 2, box.y);
    // The link's hover names what it does.
    const hover = page.locator('.xterm-hover, .workbench-hover', { hasText: `Open ${DEMO.runs.completed}` }).first();
    await hover.waitFor({ timeout: 10_000 });
    await workbench.screenshot('12-terminal-link');
    // Leave no terminal behind for the other tests.
    await page.mouse.move(box.x, box.y + 18); // the prompt line below, which holds no id
    await hover.waitFor({ state: 'hidden' });
    await workbench.runCommand('Terminal: Kill the Active Terminal Instance');
    await page.locator('.part.panel .terminal-wrapper.active').waitFor({ state: 'detached' });
  });
});

const rowsSelector = '.part.panel .terminal-wrapper.active .xterm-rows > div';

// Where `word` is drawn in the first terminal row starting with `rowStart`: a DOM range
// over the row's text nodes. Page code as a string, so the test runner's helpers (tsx's
// __name) are not carried into the page.
const wordCentre = (selector: string, rowStart: string, word: string) => `(() => {
  const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((r) => r.textContent.startsWith(${JSON.stringify(rowStart)}));
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  const start = nodes.map((n) => n.data).join('').indexOf(${JSON.stringify(word)});
  const at = (offset) => {
    for (const n of nodes) {
      if (offset <= n.data.length) return [n, offset];
      offset -= n.data.length;
    }
    const last = nodes[nodes.length - 1];
    return [last, last.data.length];
  };
  const range = document.createRange();
  range.setStart(...at(start));
  range.setEnd(...at(start + ${JSON.stringify(word)}.length));
  const r = range.getBoundingClientRect();
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
})()`;

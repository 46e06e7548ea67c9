// What a user sees and does in the workbench, for the UI tests and the screenshots
// script: the activity bar, the Agent Runs tree, the command palette, the run panel.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly screenshotsDir: string,
  ) {}

  activityBarItem(label: string): Locator {
    return this.page.locator(`.activitybar .action-item [aria-label^="${label}"]`).first();
  }

  /** Clicks the Agent Runs icon and waits for its Runs view. */
  async openAgentRuns(): Promise<void> {
    if (!(await this.sideBarTitle().textContent())?.startsWith('Agent Runs')) {
      await this.activityBarItem('Agent Runs').click();
    }
    await this.page.locator('.part.sidebar .title-label', { hasText: 'Agent Runs' }).waitFor();
  }

  sideBarTitle(): Locator {
    return this.page.locator('.part.sidebar .composite.title .title-label').first();
  }

  treeRows(): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row');
  }

  /** The tree row whose visible text contains `text`. */
  row(text: string): Locator {
    return this.treeRows().filter({ hasText: text }).first();
  }

  /**
   * The row holding `text`, scrolled into the tree's viewport: the tree only puts the rows
   * it shows in the page, so a row below a long list is not there until scrolled to.
   */
  async revealRow(text: string, timeoutMs = 30_000): Promise<Locator> {
    const row = this.row(text);
    const deadline = Date.now() + timeoutMs;
    let delta = 240;
    let unmoved = 0;
    while (Date.now() < deadline) {
      if (await row.isVisible()) return row;
      const box = await this.page.locator('.part.sidebar .monaco-list').first().boundingBox();
      if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const first = await this.treeRows().first().innerText().catch(() => '');
      await this.page.mouse.wheel(0, delta);
      await this.page.waitForTimeout(150);
      // At the end of the list: turn round and look the other way.
      if ((await this.treeRows().first().innerText().catch(() => '')) === first && ++unmoved >= 2) {
        delta = -delta;
        unmoved = 0;
      }
    }
    await row.waitFor({ timeout: 1 });
    return row;
  }

  /** Scrolls the tree back to its first row (a row under the sticky headers cannot be clicked). */
  async scrollTreeToTop(): Promise<void> {
    const box = await this.page.locator('.part.sidebar .monaco-list').first().boundingBox();
    if (!box) return;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.wheel(0, -100_000);
    await this.page.waitForTimeout(200);
  }

  /** Visible text of every row (label and description), top to bottom. */
  async rowTexts(): Promise<string[]> {
    return this.treeRows().evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  }

  /**
   * Expands `row` and waits until it shows as expanded. The row is looked up afresh on
   * every check: a refresh repaints the list and its row elements are reused for other
   * items, so a handle taken once can point at a detached or different row (seen: a
   * Refresh right before expanding left the wait on a stale element until it timed out).
   */
  async expand(row: Locator, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let clickedAt = 0;
    for (;;) {
      await row.waitFor({ timeout: Math.max(1, deadline - Date.now()) });
      const expanded = await row.getAttribute('aria-expanded', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => null);
      if (expanded === 'true') return;
      if (Date.now() > deadline) {
        throw new Error(`the row "${(await row.innerText().catch(() => '?')).replace(/\s+/g, ' ')}" did not expand in ${timeoutMs} ms (aria-expanded=${expanded})`);
      }
      // A click takes a moment to show; click again only when the last one did not take.
      if (expanded === 'false' && Date.now() - clickedAt > 2_000) {
        await row.locator('.monaco-tl-twistie').click({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
        clickedAt = Date.now();
      }
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * The demo connection's Responses group in view, as the Responses suites need it: the
   * Threads group folded (the tree draws only what is on screen), Responses unfolded, the
   * tree refreshed.
   */
  async showResponses(): Promise<void> {
    await this.openAgentRuns();
    await this.expand(this.row('Emulator (demo)'));
    const threads = this.row('Threads');
    await threads.waitFor();
    if ((await threads.getAttribute('aria-expanded')) === 'true') await threads.locator('.monaco-tl-twistie').click();
    await this.expand(this.row('Responses'));
    await this.runCommand('Agent Runs: Refresh');
  }

  /**
   * Folds every row with the view's own Collapse All button, then opens the demo connection
   * and its Threads: the state the suites start from, reached without clicking rows that a
   * sticky group row or a left-over hover may cover.
   */
  async resetTree(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
    // The view is alone in its container: its actions are in the side bar's title.
    const title = this.page.locator('.part.sidebar .composite.title').first();
    await title.hover();
    await title.locator('.action-label[aria-label^="Collapse All"]').click({ timeout: 10_000 });
    await this.scrollTreeToTop();
    await this.expand(this.row('Emulator (demo)'));
    await this.expand(this.row('Threads'));
  }

  /** Undoes `showResponses` for the suites that follow: Responses folded, Threads unfolded. */
  async showThreadsAgain(): Promise<void> {
    await this.resetTree();
  }

  /** Makes the side bar `width` pixels wide by dragging its sash. */
  async setSideBarWidth(width: number): Promise<void> {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    const sash = await this.page.locator('.monaco-sash.primary-sidebar-sash').boundingBox();
    if (!sidebar || !sash) throw new Error('no side bar or side bar sash to drag');
    const y = sash.y + sash.height / 2;
    await this.page.mouse.move(sash.x + sash.width / 2, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sidebar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Texts of the notification toasts on screen (errors of commands show up here). */
  async notifications(): Promise<string[]> {
    return this.page
      .locator('.notifications-toasts .notification-list-item')
      .evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? (e as HTMLElement).innerText).trim()));
  }

  /**
   * Picks a colour theme by the label the theme picker shows ("Light Modern", "Dark
   * Modern", "Dark High Contrast"; settings use ids such as "Default Light Modern").
   * Writing settings.json from outside is not picked up by a running code-server.
   */
  async setColorTheme(label: string, kind: 'light' | 'dark' | 'hc'): Promise<void> {
    await this.closeQuickInput().catch(() => undefined);
    await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 10 } }).catch(() => undefined);
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+T');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(label);
    await this.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
    await this.waitForThemeKind(kind);
  }

  /** Waits until the workbench is drawn in a light, dark or high-contrast theme. */
  async waitForThemeKind(kind: 'light' | 'dark' | 'hc'): Promise<void> {
    const cls = { light: 'vs', dark: 'vs-dark', hc: 'hc-black' }[kind];
    await this.page.locator(`.monaco-workbench.${cls}`).waitFor();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette with `text` typed in it; returns the visible entries. */
  async searchCommands(text: string): Promise<string[]> {
    await this.openPalette();
    await this.quickInput().locator('input').fill(`>${text}`);
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    // The list is filtered for the typed text once every row shows where it matches it, or
    // sits under "similar commands" (offered when nothing matches). The rows listed for the
    // empty filter ("recently used", "other commands") have no highlights.
    await this.page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')];
      let section = '';
      return (
        shown.length > 0 &&
        shown.every((row) => {
          const separator = row.querySelector<HTMLElement>('.quick-input-list-separator');
          if (separator && separator.style.display !== 'none' && separator.textContent) section = separator.textContent.trim();
          return row.querySelector('.highlight') !== null || section === 'similar commands';
        })
      );
    });
    return rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').split(',')[0].trim()));
  }

  /**
   * Runs a command from the palette by its title (e.g. "Agent Runs: Refresh"). The row
   * whose title is exactly `title` is clicked: the palette may rank another command first
   * (typing "File: New Untitled Text File" put "File: Compare New Untitled Text Files" on top).
   */
  async runCommand(title: string): Promise<void> {
    await this.openPalette();
    await this.quickInput().locator('input').fill(`>${title}`);
    const exact = this.quickInput().locator(`.quick-input-list .monaco-list-row[aria-label="${title}"], .quick-input-list .monaco-list-row[aria-label^="${title},"]`).first();
    await exact.waitFor();
    await exact.click();
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) await this.page.keyboard.press('Escape');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  private async openPalette(): Promise<void> {
    await this.closeQuickInput().catch(() => undefined);
    await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 10 } }).catch(() => undefined);
    await this.page.keyboard.press('F1');
    await this.quickInput().locator('input').waitFor();
  }

  /** Opens the context menu of `row` and clicks `item`. */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const menuItem = this.page.locator('.context-view .monaco-menu .action-item', { hasText: item }).first();
    await menuItem.waitFor();
    // A click right after the menu opens is ignored by VS Code (a guard against the
    // opening click selecting an item): hover until the item is focused, then Enter.
    await menuItem.hover();
    await this.page.locator('.context-view .monaco-menu .action-item.focused', { hasText: item }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
  }

  /**
   * Runs a row's action until `opened` shows: first its inline button (shown on hover,
   * found by the start of its label), then its context menu item `item`, which sometimes
   * swallows the first click while it opens.
   */
  async rowAction(row: Locator, inline: string, item: string, opened: Locator): Promise<void> {
    for (let attempt = 0; attempt < 3 && !(await opened.isVisible()); attempt++) {
      if (attempt === 0) {
        await row.hover();
        await row.locator(`.action-label[aria-label^="${inline}"]`).click();
      } else {
        await this.contextMenu(row, item);
      }
      await opened.waitFor({ timeout: 5_000 }).catch(() => this.page.keyboard.press('Escape'));
    }
    await opened.waitFor({ timeout: 10_000 });
  }

  /** The content of the visible webview panel (the workbench nests it in two iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  }

  activeEditorTab(): Locator {
    return this.page.locator('.tabs-container .tab.active');
  }

  async screenshot(name: string, options: { clip?: { x: number; y: number; width: number; height: number } } = {}): Promise<string> {
    fs.mkdirSync(this.screenshotsDir, { recursive: true });
    // No hover tooltip over what is being shown.
    await this.page.mouse.move(this.page.viewportSize()!.width - 5, this.page.viewportSize()!.height / 2);
    const file = path.join(this.screenshotsDir, `${name}.png`);
    await this.page.screenshot({ path: file, ...options });
    return file;
  }
}

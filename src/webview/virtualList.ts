// A long list (a run's steps or messages, a response's items, a timeline's rows) whose
// cost follows what is on screen, not its length: only the rows near the viewport are in
// the page, spacers above and below stand for the others at their measured (or estimated)
// heights, and rows the page does not hold are asked of the extension as they come near
// (src/shared/lists.ts). The list keeps its semantics for screen readers (a list whose
// items say their place in the whole), moves between rows with the arrow keys, and can
// bring any row into view.
import type { ListInfo, ListName, WebviewMessage } from '../shared/protocol';
import { h } from './dom';

/**
 * Frames a reveal may take to place its row: each measures the rows drawn on the way, so the
 * estimate of where the row is gets better (rows far from their estimated height need several).
 */
const placeTries = 30;
/** Rows asked for in one request: the block a row belongs to. */
const blockRows = 50;
/** Rows a list keeps beyond what it shows before it forgets the farthest (asked again when needed). */
const keptRows = 600;
/** Pixels above and below the viewport that are rendered too (a list in a box of its own: less). */
const overscanPx = 400;
const boxOverscanPx = 120;
/** Most rows in the page at once, whatever the estimates say. */
const maxRenderedRows = 160;

/**
 * The rows of one list the page holds: the state's first rows, then windows asked of the
 * extension. A list without `info` came whole in the state (a page without an extension
 * behind it, as in the standalone tests); it never asks.
 */
export class ListData<T> {
  private rows = new Map<number, T>();
  /**
   * Rows of an older version, still shown until their new version arrives (a live run's
   * last step changes with every refresh: it must not blink to a placeholder each time).
   */
  private readonly stale = new Set<number>();
  private version = -1;
  private windowed = false;
  /** The blocks asked for and not yet answered. */
  private readonly pending = new Set<number>();
  total = 0;

  constructor(
    private readonly name: ListName,
    private readonly post: (message: WebviewMessage) => void,
    /** Called when rows arrived. */
    private readonly onRows: () => void,
  ) {}

  /** The rows of a new state. True when rows the page showed may have changed. */
  reset(first: readonly T[], info: ListInfo | undefined): boolean {
    if (!info) {
      const changed = this.windowed || this.total !== first.length || first.some((row, i) => this.rows.get(i) !== row);
      this.windowed = false;
      this.rows = new Map(first.map((row, i) => [i, row]));
      this.stale.clear();
      this.total = first.length;
      this.pending.clear();
      return changed;
    }
    const changed = !this.windowed || info.version !== this.version;
    if (changed) {
      for (const i of [...this.rows.keys()]) {
        if (i >= info.total) {
          this.rows.delete(i);
          this.stale.delete(i);
        } else if (i >= info.changedFrom) this.stale.add(i);
      }
      this.pending.clear();
    }
    this.windowed = true;
    this.version = info.version;
    this.total = info.total;
    first.forEach((row, i) => {
      this.rows.set(i, row);
      this.stale.delete(i);
    });
    return changed;
  }

  /** Row `index` as the page holds it (perhaps of an older version, asked for again). */
  get(index: number): T | undefined {
    return this.rows.get(index);
  }

  /** Whether the page holds row `index` as the extension now has it. */
  fresh(index: number): boolean {
    return this.rows.has(index) && !this.stale.has(index);
  }

  /**
   * Asks for the rows of [from, to) the page does not hold, a block at a time (blocks of
   * `blockRows`, from their first missing row), each block once until it is answered.
   */
  want(from: number, to: number): void {
    if (!this.windowed) return;
    to = Math.min(to, this.total);
    for (let block = Math.floor(Math.max(0, from) / blockRows); block * blockRows < to; block++) {
      if (this.pending.has(block)) continue;
      const end = Math.min(this.total, (block + 1) * blockRows);
      let first = block * blockRows;
      while (first < end && this.fresh(first)) first++;
      if (first >= end) continue;
      this.pending.add(block);
      this.post({ type: 'getRange', list: this.name, from: first, count: end - first });
    }
  }

  /** Rows the extension sent; those of an older version are dropped (the page asks again). */
  receive(version: number, from: number, rows: readonly T[]): void {
    if (!this.windowed || version !== this.version) return;
    rows.forEach((row, i) => {
      this.rows.set(from + i, row);
      this.stale.delete(from + i);
    });
    // A block answered in part (rows over the window's budget) is asked for again from where it stopped.
    this.pending.delete(Math.floor(from / blockRows));
    this.onRows();
  }

  /** Forgets the rows farthest from [from, to) once the page holds more than it needs. */
  trim(from: number, to: number): void {
    if (!this.windowed || this.rows.size <= keptRows) return;
    const keep = keptRows / 2;
    for (const i of [...this.rows.keys()]) {
      if (i >= from - keep && i < to + keep) continue;
      this.rows.delete(i);
      this.stale.delete(i);
    }
  }
}

/**
 * Which folds of a list are open: the user's choice for a row, else the list's last
 * Expand all / Collapse all, else the row's default. Kept in the page's saved state.
 */
export class FoldState {
  constructor(
    private readonly store: { isOpen(key: string, fallback: boolean): boolean; setOpen(key: string, open: boolean): void; forgetOpen(prefix: string): void },
    /** The prefix of the rows' keys (`step:`, `output:`). */
    private readonly prefix: string,
  ) {}

  isOpen(key: string, fallback: boolean): boolean {
    return this.store.isOpen(`${this.prefix}${key}`, this.store.isOpen(`all:${this.prefix}`, fallback));
  }

  setOpen(key: string, open: boolean): void {
    this.store.setOpen(`${this.prefix}${key}`, open);
  }

  /** Every row open (or closed), the rows' own choices forgotten. */
  setAll(open: boolean): void {
    this.store.forgetOpen(this.prefix);
    this.store.setOpen(`all:${this.prefix}`, open);
  }
}

/**
 * What the page scrolls into view (a focused summary, a found row) stops below its sticky
 * top (the header and the search bar), whose height changes with the panel's width.
 */
export function keepClearOfStickyTop(top: HTMLElement): void {
  new ResizeObserver(() => {
    document.documentElement.style.scrollPaddingTop = `${Math.ceil(top.getBoundingClientRect().height) + 4}px`;
  }).observe(top);
}

/** How a list draws its rows. */
export interface RowRenderer<T> {
  /** The row, built anew (a row is rebuilt only when `signature` changes). */
  render(row: T, index: number): HTMLElement;
  /** Stands for a row the page does not hold yet. */
  placeholder(index: number): HTMLElement;
  /** What, when it changes, makes the row be built again. */
  signature(row: T): string;
  /** Height of a row not yet measured, in pixels. */
  estimate: number;
}

/** The lists of the page, drawn together once a state is in place (`drawLists`). */
const lists = new Set<{ redrawIfShown(): void }>();

/** Draws every list of the page that is shown: called once the page has placed a new state's sections. */
export function drawLists(): void {
  for (const list of lists) list.redrawIfShown();
}

interface Rendered {
  item: HTMLElement;
  signature: string;
}

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly top = h('div', { class: 'vl-spacer' });
  private readonly bottom = h('div', { class: 'vl-spacer' });
  private readonly body = h('div', { class: 'vl-rows' });
  private heights: number[] = [];
  private measuredSum = 0;
  private measuredCount = 0;
  private offsets: number[] | undefined;
  private rendered = new Map<number, Rendered>();
  private first = 0;
  private last = 0;
  private frame: number | undefined;
  private readonly resize: ResizeObserver;
  private readonly scrollTarget: HTMLElement | Window;
  private readonly onRange: ((first: number, last: number) => void) | undefined;

  constructor(
    readonly data: ListData<T>,
    private readonly renderer: RowRenderer<T>,
    options: { label: string; class?: string; scroller?: HTMLElement; onRange?: (first: number, last: number) => void },
  ) {
    this.element = h('div', { class: `vlist ${options.class ?? ''}`, role: 'list', label: options.label }, this.top, this.body, this.bottom);
    this.scrollTarget = options.scroller ?? window;
    this.onRange = options.onRange;
    this.scrollTarget.addEventListener('scroll', () => this.schedule(), { passive: true });
    window.addEventListener('resize', () => this.schedule());
    this.resize = new ResizeObserver(() => this.measure());
    // Shown for the first time, or again (its section opened): the rows are drawn.
    new ResizeObserver(() => this.schedule()).observe(this.element);
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    lists.add(this);
  }

  /** The number of rows. */
  get total(): number {
    return this.data.total;
  }

  /** The state changed, or rows arrived: rows are drawn again where they changed. */
  update(): void {
    const waiting = this.waitingReveal;
    if (waiting && this.data.get(waiting.index) !== undefined) {
      this.waitingReveal = undefined;
      this.place(waiting.index, waiting.then, waiting.generation, placeTries);
      return;
    }
    // Its block came in part (heavy rows): the rest of it is asked for.
    if (waiting) this.data.want(waiting.index, waiting.index + 1);
    if (this.heights.length !== this.total) {
      for (let i = this.total; i < this.heights.length; i++) {
        if (this.heights[i] >= 0) {
          this.measuredSum -= this.heights[i];
          this.measuredCount--;
        }
      }
      const heights = this.heights.slice(0, this.total);
      while (heights.length < this.total) heights.push(-1);
      this.heights = heights;
      this.offsets = undefined;
    }
    this.render();
  }

  redrawIfShown(): void {
    if (this.element.isConnected) this.render();
  }

  /**
   * Every row drawn anew. With `heightsChanged` (every fold opened or closed), the heights
   * measured of rows not in the page no longer hold (a row measured folded is now open), so
   * they are estimated again.
   */
  redraw(heightsChanged = false): void {
    for (const r of this.rendered.values()) r.signature = '\u0000stale';
    if (heightsChanged) {
      this.heights = this.heights.map(() => -1);
      this.measuredSum = 0;
      this.measuredCount = 0;
      this.offsets = undefined;
    }
    this.render();
  }

  /** Bumped by every reveal: an older one still waiting for its row or a frame stops. */
  private revealing = 0;
  /** A reveal waiting for its row to arrive from the extension. */
  private waitingReveal: { index: number; then?: (row: HTMLElement) => void; generation: number } | undefined;

  /** Scrolls row `index` into view (asking for it if needed) and hands its element to `then`. */
  reveal(index: number, then?: (row: HTMLElement) => void): void {
    if (index < 0 || index >= this.total) return;
    this.place(index, then, ++this.revealing, placeTries);
  }

  private place(index: number, then: ((row: HTMLElement) => void) | undefined, generation: number, tries: number): void {
    if (generation !== this.revealing) return;
    this.waitingReveal = undefined;
    this.scrollBy(this.offsetOf(index) - this.viewport().viewTop - 8);
    this.render();
    if (this.data.get(index) === undefined) {
      // On its way from the extension: placed when it arrives (see `update`).
      this.data.want(index, index + 1);
      this.waitingReveal = { index, then, generation };
      return;
    }
    const settle = (left: number) => {
      if (generation !== this.revealing) return;
      this.render();
      const row = this.rendered.get(index);
      // Not drawn where its estimate put it: placed again, with the heights measured on the way.
      if (!row) return left > 0 ? this.place(index, then, generation, left - 1) : undefined;
      // Drawn: moved by what is left, measured on screen, until it stays (or the page ends).
      const off = row.item.getBoundingClientRect().top - this.viewport().viewTopPx - 8;
      if (Math.abs(off) > 2 && left > 0 && this.scrollBy(off)) return void requestAnimationFrame(() => settle(left - 1));
      then?.(row.item.firstElementChild as HTMLElement);
    };
    requestAnimationFrame(() => settle(tries));
  }

  /** Scrolls the list's scroller by `y`; false when it could not move. */
  private scrollBy(y: number): boolean {
    const scroller = this.scrollTarget;
    const at = () => (scroller instanceof HTMLElement ? scroller.scrollTop : window.scrollY);
    const before = at();
    if (scroller instanceof HTMLElement) scroller.scrollTop += y;
    else window.scrollBy(0, y);
    return at() !== before;
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  private heightOf(i: number): number {
    const m = this.heights[i];
    return m !== undefined && m >= 0 ? m : this.estimate;
  }

  /** A row not measured yet is as tall as the rows measured so far, on average (the renderer's guess before any). */
  private get estimate(): number {
    return this.measuredCount ? this.measuredSum / this.measuredCount : this.renderer.estimate;
  }

  private offsetOf(index: number): number {
    if (!this.offsets) {
      const offsets = new Array<number>(this.total + 1);
      offsets[0] = 0;
      for (let i = 0; i < this.total; i++) offsets[i + 1] = offsets[i] + this.heightOf(i);
      this.offsets = offsets;
    }
    return this.offsets[Math.min(index, this.total)];
  }

  /** The first row whose bottom is below `y` (list coordinates). */
  private indexAt(y: number): number {
    let lo = 0;
    let hi = this.total;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsetOf(mid + 1) <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The visible part of the list, in list coordinates. */
  private viewport(): { viewTop: number; viewBottom: number; viewTopPx: number; scroller: HTMLElement | Window } {
    const scroller = this.scrollTarget;
    const rect = this.element.getBoundingClientRect();
    // The page's sticky top (header, search bar) covers the top of the window.
    const viewTopPx = scroller instanceof HTMLElement ? scroller.getBoundingClientRect().top : Math.max(0, document.querySelector('.sticky-top')?.getBoundingClientRect().bottom ?? 0);
    const height = scroller instanceof HTMLElement ? scroller.clientHeight : window.innerHeight - viewTopPx;
    const viewTop = viewTopPx - rect.top;
    return { viewTop, viewBottom: viewTop + height, viewTopPx, scroller };
  }

  private render(): void {
    const total = this.total;
    if (this.heights.length !== total) return this.update();
    // A folded section has no layout: nothing is drawn until it opens.
    const visible = this.element.isConnected && this.element.getClientRects().length > 0;
    let first = 0;
    let last = 0;
    if (visible && total) {
      const { viewTop, viewBottom } = this.viewport();
      const overscan = this.scrollTarget === window ? overscanPx : boxOverscanPx;
      first = this.indexAt(Math.max(0, viewTop - overscan));
      last = Math.min(total, this.indexAt(Math.max(0, viewBottom + overscan)) + 1, first + maxRenderedRows);
      if (first >= total) first = Math.max(0, total - 1);
    }
    const anchor = visible ? this.anchor() : undefined;
    this.data.want(first, last);
    this.data.trim(first, last);
    for (const [i, r] of this.rendered) {
      if (i >= first && i < last) continue;
      this.resize.unobserve(r.item);
      r.item.remove();
      this.rendered.delete(i);
    }
    let previous: Element | null = null;
    for (let i = first; i < last; i++) {
      const row = this.data.get(i);
      const signature = row === undefined ? '' : this.renderer.signature(row);
      let r = this.rendered.get(i);
      if (!r || r.signature !== signature) {
        const item = h('div', { class: 'vl-item', role: 'listitem' }, row === undefined ? this.renderer.placeholder(i) : this.renderer.render(row, i));
        item.setAttribute('aria-posinset', String(i + 1));
        item.setAttribute('aria-setsize', String(total));
        if (r) {
          this.resize.unobserve(r.item);
          // A row redrawn under the keyboard focus (its new version arrived) keeps it.
          const active = document.activeElement;
          const key = active && r.item.contains(active) ? active.closest<HTMLElement>('[data-focus]')?.dataset.focus : undefined;
          r.item.replaceWith(item);
          if (key !== undefined) [...item.querySelectorAll<HTMLElement>('[data-focus]')].find((el) => el.dataset.focus === key)?.focus({ preventScroll: true });
        }
        r = { item, signature };
        this.rendered.set(i, r);
        this.resize.observe(item);
      } else if (r.item.getAttribute('aria-setsize') !== String(total)) {
        r.item.setAttribute('aria-setsize', String(total));
      }
      const expected: Element | null = previous ? previous.nextElementSibling : this.body.firstElementChild;
      if (expected !== r.item) {
        if (previous) previous.after(r.item);
        else this.body.prepend(r.item);
      }
      previous = r.item;
    }
    this.first = first;
    this.last = last;
    this.placeSpacers();
    if (visible) this.keepAnchor(anchor);
    this.onRange?.(first, last);
  }

  private placeSpacers(): void {
    this.top.style.height = `${this.offsetOf(this.first)}px`;
    this.bottom.style.height = `${Math.max(0, this.offsetOf(this.total) - this.offsetOf(this.last))}px`;
  }

  /** Rows' heights as laid out: the spacers follow, and rows that now fit are drawn. */
  private measure(): void {
    let changed = false;
    for (const [i, r] of this.rendered) {
      const height = r.item.offsetHeight;
      const before = this.heights[i];
      if (height > 0 && before !== height) {
        if (before !== undefined && before >= 0) this.measuredSum -= before;
        else this.measuredCount++;
        this.measuredSum += height;
        this.heights[i] = height;
        changed = true;
      }
    }
    if (!changed) return;
    this.offsets = undefined;
    this.placeSpacers();
    this.keepAnchor(this.lastAnchor);
    this.schedule();
  }

  /** Where the first row in view was at the end of the last draw or measure. */
  private lastAnchor: { index: number; top: number } | undefined;

  /**
   * The first drawn row at the top of the view, and where it is on screen; none while the
   * list starts below the top of the view (what changes in it moves nothing in view).
   */
  private anchor(): { index: number; top: number } | undefined {
    if (!this.rendered.size) return undefined;
    const { viewTopPx } = this.viewport();
    if (this.element.getBoundingClientRect().top >= viewTopPx) return undefined;
    for (const index of [...this.rendered.keys()].sort((a, b) => a - b)) {
      const rect = this.rendered.get(index)!.item.getBoundingClientRect();
      if (rect.bottom > viewTopPx) return { index, top: rect.top };
    }
    return undefined;
  }

  /**
   * Rows above the view that were measured (or drawn) taller or shorter than their estimate
   * move what is in view: scrolled back by as much, so the row the user reads stays put.
   * (The browser's own scroll anchoring is off in the list: its rows come and go.)
   */
  private keepAnchor(anchor: { index: number; top: number } | undefined): void {
    const row = anchor && this.rendered.get(anchor.index);
    if (anchor && row) {
      const moved = row.item.getBoundingClientRect().top - anchor.top;
      if (Math.abs(moved) >= 1) {
        if (this.scrollTarget instanceof HTMLElement) this.scrollTarget.scrollTop += moved;
        else window.scrollBy(0, moved);
      }
    }
    this.lastAnchor = this.anchor();
  }

  /** Up and Down move between rows' summaries (or rows), Home and End to the first and last. */
  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('textarea, input, pre')) return;
    const item = target.closest<HTMLElement>('.vl-item');
    const row = item?.firstElementChild;
    // The row itself or its own summary (not a fold inside its body).
    if (!item || !row || (target !== row && target.parentElement !== row)) return;
    if (target !== row && target.tagName !== 'SUMMARY') return;
    const index = Number(item.getAttribute('aria-posinset')) - 1;
    const to = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? this.total - 1 : -1;
    if (to < 0 || to >= this.total || to === index) return;
    event.preventDefault();
    this.focusRow(to);
  }

  /** Moves the focus to a row (its summary, else the row), scrolling it into view. */
  focusRow(index: number): void {
    const focus = (row: HTMLElement) => {
      const target = row.querySelector<HTMLElement>('summary') ?? row;
      if (target === row && row.tabIndex < 0) row.tabIndex = -1;
      target.focus({ preventScroll: true });
    };
    const r = this.rendered.get(index);
    if (r && this.data.get(index) !== undefined) {
      const rect = r.item.getBoundingClientRect();
      const { viewTopPx, viewTop, viewBottom } = this.viewport();
      const bottom = viewTopPx + (viewBottom - viewTop);
      if (rect.top < viewTopPx || rect.bottom > bottom) return this.reveal(index, focus);
      focus(r.item.firstElementChild as HTMLElement);
      return;
    }
    this.reveal(index, focus);
  }
}

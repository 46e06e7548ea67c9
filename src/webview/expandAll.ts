// "Expand all" / "Collapse all" over a long list of folds (a run's steps, a response's
// items). Expanding opens the folds a slice at a time, then shows the full text of every
// value folded inside them ("Show all"), a frame between slices, so no task blocks the
// page however long the list, and the page's Find reaches all of the text afterwards.
import { button, h, openFold } from './dom';

/** What a slice may cost, its layout included, before the page gets a frame. */
const sliceMs = 40;

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export class ExpandAllBar {
  readonly element: HTMLElement;
  private readonly expandButton: HTMLButtonElement;
  private readonly status = h('span', { class: 'muted expand-status', role: 'status' });
  /** Bumped by every Expand and Collapse: a slice of an older one stops there. */
  private generation = 0;

  constructor(
    /** The folds, in order, at the moment the user presses a button. */
    private readonly folds: () => HTMLDetailsElement[],
    /** `steps`, `items`: what the status line counts. */
    private readonly noun: string,
    focusKey: string,
  ) {
    this.expandButton = button('Expand all', () => void this.expandAll(), { icon: 'expand-all', kind: 'link', focus: `${focusKey}:expand`, title: 'Open every one with its full text, so Find searches all of it' });
    const collapse = button('Collapse all', () => this.collapseAll(), { icon: 'collapse-all', kind: 'link', focus: `${focusKey}:collapse` });
    this.element = h('div', { class: 'expand-bar' }, this.expandButton, collapse, this.status);
  }

  /** Resolves when everything is open and shown in full, or when another press took over. */
  async expandAll(): Promise<void> {
    const generation = ++this.generation;
    const folds = this.folds();
    this.element.setAttribute('aria-busy', 'true');
    this.expandButton.disabled = true;
    const count = (n: number) => n.toLocaleString('en-US');
    const opening = await this.inSlices(generation, folds.length, (i) => openFold(folds[i]), (done) => `Opening ${count(done)} of ${count(folds.length)} ${this.noun}…`);
    if (!opening) return;
    const more = folds.flatMap((fold) => [...fold.querySelectorAll<HTMLButtonElement>('.fold-more [aria-expanded="false"]')]);
    const showing = await this.inSlices(generation, more.length, (i) => more[i].click(), (done) => `Showing ${count(done)} of ${count(more.length)} folded values in full…`);
    if (!showing) return;
    this.finish(`${count(folds.length)} ${this.noun} open${more.length ? `, ${count(more.length)} values in full` : ''}.`);
  }

  collapseAll(): void {
    this.generation++;
    for (const fold of this.folds()) fold.open = false;
    this.finish('');
  }

  /**
   * Does `act(0…total-1)` in slices whose size follows what the last one cost (its layout
   * forced at its end, so it is counted), a frame between slices. False when another
   * press took over.
   */
  private async inSlices(generation: number, total: number, act: (index: number) => void, progress: (done: number) => string): Promise<boolean> {
    let size = 8;
    let done = 0;
    while (done < total) {
      const start = performance.now();
      const end = Math.min(total, done + size);
      while (done < end) act(done++);
      void this.element.parentElement?.offsetHeight;
      const took = performance.now() - start;
      size = Math.max(1, Math.round(size * Math.min(2, sliceMs / Math.max(1, took))));
      this.status.textContent = progress(done);
      await nextFrame();
      if (generation !== this.generation) return false;
    }
    return true;
  }

  private finish(text: string): void {
    this.status.textContent = text;
    this.element.removeAttribute('aria-busy');
    this.expandButton.disabled = false;
  }
}

// "Expand all" / "Collapse all" over a long list of folds (a run's steps, a response's
// items). The list draws only the rows near the viewport (virtualList.ts), so opening every
// fold costs what is on screen: the rows met while scrolling are drawn open. The page's
// search (search.ts) finds text in every row, drawn or not.
import { button, h } from './dom';

/** What the bar acts on. */
export interface FoldedRows {
  /** How many rows the list has. */
  readonly total: number;
  setAllOpen(open: boolean): void;
}

export class ExpandAllBar {
  readonly element: HTMLElement;
  private readonly status = h('span', { class: 'muted expand-status', role: 'status' });

  constructor(
    private readonly rows: FoldedRows,
    /** `steps`, `items`: what the status line counts. */
    private readonly noun: string,
    focusKey: string,
  ) {
    const expand = button('Expand all', () => this.expandAll(), { icon: 'expand-all', kind: 'link', focus: `${focusKey}:expand`, title: `Open every one of the ${noun}` });
    const collapse = button('Collapse all', () => this.collapseAll(), { icon: 'collapse-all', kind: 'link', focus: `${focusKey}:collapse` });
    this.element = h('div', { class: 'expand-bar' }, expand, collapse, this.status);
  }

  expandAll(): void {
    this.rows.setAllOpen(true);
    this.status.textContent = `${this.rows.total.toLocaleString('en-US')} ${this.noun} open.`;
  }

  collapseAll(): void {
    this.rows.setAllOpen(false);
    this.status.textContent = '';
  }
}

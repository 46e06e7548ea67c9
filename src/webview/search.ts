// Search within the panel's run or response: tool names, arguments, outputs, message text,
// ids, in every row whether the page holds it or not (the extension searches, the page
// shows). Enter goes to the next match, Shift+Enter to the previous; the row is brought
// into view, opened and marked. The bar stays at the top of the page while it scrolls.
// VS Code's find widget (Ctrl+F) still finds text on the page: the header, the
// configuration and the rows drawn near the viewport.
import type { SearchMatch, WebviewMessage } from '../shared/protocol';
import { button, h, icon } from './dom';
import { revealInvisible } from './format';

/** Waits this long after the last key before searching. */
const typingMs = 200;

export class SearchBar {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly status = h('span', { class: 'search-status muted', role: 'status' });
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private seq = 0;
  private matches: SearchMatch[] = [];
  private total = 0;
  private at = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    /** Brings a match into view (and focuses it when the user asked to go to it). */
    private readonly goTo: (match: SearchMatch, focus: boolean) => void,
    what: string,
  ) {
    this.input = h('input', { class: 'search-input', label: `Search ${what} by tool name, text or id`, title: `Search ${what} by tool name, arguments, output, text or id`, focus: 'search:input' });
    this.input.type = 'search';
    this.input.placeholder = `Search ${what}`;
    this.input.spellcheck = false;
    // What the extension accepts (a longer query would be dropped, and never answered).
    this.input.maxLength = 500;
    this.input.addEventListener('input', () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.send(), typingMs);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        if (this.timer) {
          clearTimeout(this.timer);
          this.send();
        } else this.step(event.shiftKey ? -1 : 1, false);
      } else if (event.key === 'Escape' && this.input.value) {
        event.preventDefault();
        this.input.value = '';
        this.send();
      }
    });
    this.prev = button('Previous match', () => this.step(-1, true), { icon: 'arrow-up', kind: 'icon', focus: 'search:prev', title: 'Previous match (Shift+Enter)' });
    this.next = button('Next match', () => this.step(1, true), { icon: 'arrow-down', kind: 'icon', focus: 'search:next', title: 'Next match (Enter)' });
    this.element = h('div', { class: 'search-bar', role: 'search' }, icon('search'), this.input, this.status, this.prev, this.next);
    this.show();
  }

  private send(): void {
    this.timer = undefined;
    const query = this.input.value;
    this.seq++;
    this.matches = [];
    this.total = 0;
    this.at = -1;
    if (!query.trim()) return this.show();
    this.status.textContent = 'Searching…';
    this.post({ type: 'search', seq: this.seq, query });
  }

  /** The extension's answer; an answer to an older query is dropped. */
  receive(seq: number, matches: SearchMatch[], total: number): void {
    if (seq !== this.seq) return;
    this.matches = matches;
    this.total = total;
    this.at = matches.length ? 0 : -1;
    this.show();
    if (this.at >= 0) this.goTo(matches[0], false);
  }

  private step(by: number, focus: boolean): void {
    if (!this.matches.length) return;
    this.at = (this.at + by + this.matches.length) % this.matches.length;
    this.show();
    this.goTo(this.matches[this.at], focus);
  }

  private show(): void {
    const n = (x: number) => x.toLocaleString('en-US');
    const none = !this.matches.length;
    this.prev.disabled = none;
    this.next.disabled = none;
    if (!this.input.value.trim()) this.status.textContent = '';
    else if (none) this.status.textContent = 'No match';
    else {
      const capped = this.total > this.matches.length ? ` (the first ${n(this.matches.length)} can be visited)` : '';
      this.status.textContent = `${n(this.at + 1)} of ${n(this.total)}${capped} · ${revealInvisible(this.matches[this.at].label)}`;
    }
  }
}

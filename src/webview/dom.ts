// The only way the panel makes DOM: elements by tag name from code, text as text nodes,
// and a fixed list of attributes whose names are code. Service strings never reach
// innerHTML, never name an element or attribute, and never become a URL or a style.
import { clippedValue } from '../shared/lists';

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  title?: string;
  role?: string;
  tabIndex?: number;
  label?: string;
  hidden?: boolean;
  /** A stable key used to restore focus after a re-render. */
  focus?: string;
  dir?: 'auto' | 'ltr';
  /** A table header cell's scope. */
  scope?: 'col' | 'row';
  onClick?: (event: MouseEvent) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.title !== undefined) el.title = props.title;
  if (props.role) el.setAttribute('role', props.role);
  if (props.tabIndex !== undefined) el.tabIndex = props.tabIndex;
  if (props.label !== undefined) el.setAttribute('aria-label', props.label);
  if (props.hidden) el.hidden = true;
  if (props.focus !== undefined) el.dataset.focus = props.focus;
  if (props.dir) el.dir = props.dir;
  if (props.scope) el.setAttribute('scope', props.scope);
  if (props.onClick) el.addEventListener('click', props.onClick as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(shown(String(child))) : child);
  }
}

/** A value cut for the page (src/shared/lists.ts) read as what it holds and how long it is; any other text as it is. */
function shown(text: string): string {
  const cut = text.endsWith('\u0000') ? clippedValue(text) : undefined;
  if (!cut) return text;
  return cut.length > cut.head.length ? `${cut.head}… (${cut.length.toLocaleString('en-US')} characters in all; Open as JSON shows them)` : cut.head;
}

/** A codicon; `name` is always a literal from this code. */
export function icon(name: string, extra = ''): HTMLSpanElement {
  const el = h('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}` });
  el.setAttribute('aria-hidden', 'true');
  return el;
}

export function button(
  label: string,
  onClick: (event: MouseEvent) => void,
  options: { icon?: string; title?: string; kind?: 'primary' | 'secondary' | 'icon' | 'link'; focus?: string; disabled?: boolean } = {},
): HTMLButtonElement {
  const kind = options.kind ?? 'secondary';
  const el = h(
    'button',
    { class: `btn btn-${kind}`, title: options.title ?? (kind === 'icon' ? label : undefined), focus: options.focus, label: kind === 'icon' ? label : undefined },
    options.icon ? icon(options.icon) : null,
    kind === 'icon' ? null : h('span', {}, label),
  );
  el.type = 'button';
  el.disabled = options.disabled ?? false;
  el.addEventListener('click', (event) => {
    // Buttons inside <summary> must not fold the section.
    event.preventDefault();
    event.stopPropagation();
    onClick(event);
  });
  return el;
}

/** Builds the body of a lazy fold now (see `openFold`). */
const builders = new WeakMap<HTMLDetailsElement, () => void>();

/** Opens a fold and builds its body now, not in the `toggle` event that follows. */
export function openFold(details: HTMLDetailsElement): void {
  details.open = true;
  builders.get(details)?.();
}

/** `<details>` with a lazily built body: `build` runs the first time it opens. */
export function lazyDetails(
  summary: Child[],
  build: () => Child[],
  options: { open: boolean; class?: string; onToggle?: (open: boolean) => void; focus?: string },
): HTMLDetailsElement {
  const body = h('div', { class: 'details-body' });
  const details = h('details', { class: options.class }, h('summary', { focus: options.focus }, ...summary), body);
  let built = false;
  const ensure = () => {
    if (built || !details.open) return;
    built = true;
    append(body, ...build());
  };
  details.open = options.open;
  builders.set(details, ensure);
  details.addEventListener('toggle', () => {
    ensure();
    options.onToggle?.(details.open);
  });
  ensure();
  return details;
}

/** Focus survives a re-render when the new element has the same `data-focus` key. */
export function withFocusKept(root: HTMLElement, rerender: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && root.contains(active) ? active.closest<HTMLElement>('[data-focus]')?.dataset.focus : undefined;
  rerender();
  if (key === undefined) return;
  for (const el of root.querySelectorAll<HTMLElement>('[data-focus]')) {
    if (el.dataset.focus === key) {
      el.focus({ preventScroll: true });
      break;
    }
  }
}

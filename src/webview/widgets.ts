// Small building blocks of the panel: ids with copy buttons, folded long values,
// "Open as JSON" buttons and links that only the extension may open.
import { clippedValue } from '../shared/lists';
import type { JsonTarget, StatusKind, WebviewMessage } from '../shared/protocol';
import { button, h, icon, type Child } from './dom';
import { countLines, headOf, revealInvisible, sizeText } from './format';

export interface Ctx {
  post(message: WebviewMessage): void;
  /** Whether a foldable part is open (the user's choice, else `fallback`). */
  isOpen(key: string, fallback: boolean): boolean;
  setOpen(key: string, open: boolean): void;
  /** Forgets the open states whose keys start with `prefix` (Expand all, Collapse all). */
  forgetOpen(prefix: string): void;
  /** Fills `slot` with a file's image once the extension has fetched it (or says why not); with `containerId`, a container's file. */
  loadImage(fileId: string, slot: HTMLElement, containerId?: string): void;
}

export function copyButton(ctx: Ctx, text: string, what: string, focus?: string): HTMLButtonElement {
  return button(`Copy ${what}`, () => ctx.post({ type: 'copy', text }), { icon: 'copy', kind: 'icon', focus });
}

/** An id in monospace with a copy button. */
export function idChip(ctx: Ctx, id: string, what = 'id', focus?: string): HTMLSpanElement {
  return h('span', { class: 'id-chip' }, h('code', { class: 'id' }, revealInvisible(id)), copyButton(ctx, id, what, focus));
}

export function jsonButton(ctx: Ctx, target: JsonTarget, focus?: string): HTMLButtonElement {
  return button('Open as JSON', () => ctx.post({ type: 'openJson', target }), { icon: 'json', kind: 'icon', title: 'Open as JSON in an editor tab', focus });
}

/** Fork from Here… after a step or item (`at`), or from the start of the run or response. */
export function forkButton(ctx: Ctx, at: string | undefined, what: string, focus?: string): HTMLButtonElement {
  return button('Fork from here…', () => ctx.post({ type: 'forkFromHere', ...(at ? { at } : {}) }), { icon: 'repo-forked', kind: 'icon', title: `Fork ${what}: a new one with everything up to here, to change and run again`, focus });
}

/** Says that an output was the original's, sent by a fork's replay. */
export function replayedNote(): HTMLElement {
  return h('p', { class: 'replayed muted' }, icon('history'), h('span', {}, 'Replayed: the original\'s output, sent by the fork\'s replay.'));
}

/** Go to Handler: the extension looks for where the workspace implements the tool `name`. */
export function handlerButton(ctx: Ctx, name: string, focus?: string): HTMLButtonElement {
  return button('Go to handler', () => ctx.post({ type: 'goToHandler', name }), {
    icon: 'go-to-file',
    kind: 'icon',
    title: 'Go to handler: find where this tool is implemented in the workspace',
    focus,
  });
}

/** A URL from the data, shown as text; only the extension opens it, after checking and asking. */
export function linkButton(ctx: Ctx, url: string, label?: string): HTMLButtonElement {
  const el = button(label ?? url, () => ctx.post({ type: 'openLink', url }), { kind: 'link', icon: 'link-external', title: url });
  el.dir = 'auto';
  return el;
}

/** A file's image (fetched by the extension) with its id; `detail` as the service gave it; with `containerId`, a container's file. */
export function imageFile(ctx: Ctx, fileId: string, label: string, detail?: string | null, containerId?: string): HTMLElement {
  const slot = h('div', { class: 'image-slot' }, muted('Loading the image…'));
  ctx.loadImage(fileId, slot, containerId);
  return h(
    'figure',
    { class: 'image-file' },
    slot,
    h('figcaption', { class: 'file' }, icon('file-media'), h('span', {}, label), idChip(ctx, fileId, 'file id'), detail ? muted(`detail: ${detail}`) : null),
  );
}

export function statusIcon(kind: StatusKind): string {
  switch (kind) {
    case 'ok':
      return 'pass';
    case 'error':
      return 'error';
    case 'warn':
      return 'warning';
    case 'active':
      return 'loading';
    case 'action':
      return 'bell-dot';
    default:
      return 'circle-outline';
  }
}

export function badge(status: string, kind: StatusKind, extra = ''): HTMLSpanElement {
  return h('span', { class: `badge kind-${kind}${extra ? ` ${extra}` : ''}` }, icon(statusIcon(kind), kind === 'active' ? 'codicon-modifier-spin' : ''), status.replace(/_/g, ' '));
}

export interface FoldOptions {
  maxLines?: number;
  maxChars?: number;
  /** Shown above the value. */
  label?: string;
  /** Extra class of the <pre> (e.g. "prose" wraps text as paragraphs). */
  kind?: 'code' | 'prose';
  copy?: Ctx;
}

/** A long value shows its head and a "Show all" button; the rest is built only on demand. */
export function folded(value: string, options: FoldOptions = {}): HTMLElement {
  const maxLines = options.maxLines ?? 24;
  const maxChars = options.maxChars ?? 3000;
  // A value too long for one message to the page arrives cut (src/shared/lists.ts): the page
  // shows what it holds and says so; the object's JSON has all of it.
  const clipped = clippedValue(value);
  const cut = clipped && clipped.length > clipped.head.length ? clipped : undefined;
  const text = clipped ? clipped.head : value;
  const pre = h('pre', { class: `value ${options.kind ?? 'code'}`, dir: 'auto' });
  const head = headOf(text, maxLines, maxChars);
  const wrap = h('div', { class: 'folded' });
  const bar: Child[] = [];
  if (options.label) bar.push(h('span', { class: 'value-label' }, options.label));
  // Copy gives the whole value or nothing: a cut value is copied from its JSON.
  if (options.copy && text && !cut) bar.push(copyButton(options.copy, text, options.label ? options.label.toLowerCase() : 'value'));
  if (bar.length) wrap.append(h('div', { class: 'value-bar' }, ...bar));
  wrap.append(pre);
  if (cut) wrap.append(notice('info', `The panel holds the first ${cut.head.length.toLocaleString('en-US')} of its ${cut.length.toLocaleString('en-US')} characters; Open as JSON shows and copies all of it.`));
  if (head === undefined) {
    pre.textContent = text === '' ? '(empty)' : text;
    if (text === '') pre.classList.add('empty');
    return wrap;
  }
  pre.textContent = head;
  const lines = countLines(text);
  const more = `Show all (${sizeText(text.length)}${lines > 1 ? `, ${lines.toLocaleString('en-US')} lines` : ''})`;
  let expanded = false;
  const toggle = button(more, () => {
    expanded = !expanded;
    pre.textContent = expanded ? text : head;
    toggle.querySelector('span:last-child')!.textContent = expanded ? 'Show less' : more;
    toggle.setAttribute('aria-expanded', String(expanded));
  }, { kind: 'link', icon: 'unfold' });
  toggle.setAttribute('aria-expanded', 'false');
  pre.after(h('div', { class: 'fold-more' }, h('span', { class: 'muted' }, '… '), toggle));
  return wrap;
}

export function notice(kind: 'error' | 'warn' | 'info', text: string, extra?: Child): HTMLElement {
  const name = kind === 'error' ? 'error' : kind === 'warn' ? 'warning' : 'info';
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : undefined, dir: 'auto' }, icon(name), h('span', {}, revealInvisible(text)), extra);
}

export function muted(text: string): HTMLElement {
  return h('span', { class: 'muted' }, text);
}

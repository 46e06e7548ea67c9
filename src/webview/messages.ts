// The run's messages: role, text with its citations marked, images by file id.
import type { AnnotationView, ContentView, ListInfo, MessageView } from '../shared/protocol';
import { placeholderRow, signatureOf } from './steps';
import { ListData, VirtualList } from './virtualList';
import { h, icon, type Child } from './dom';
import { localTime, revealInvisible } from './format';
import { folded, idChip, imageFile, jsonButton, linkButton, muted, type Ctx } from './widgets';

const longText = 6000;

/** Text with each annotation's span marked and numbered (when the indices fit the text). */
export function annotatedText(text: string, annotations: readonly AnnotationView[]): HTMLElement {
  const spans = annotations
    .map((a, i) => ({ a, n: i + 1 }))
    .filter(({ a }) => a.start != null && a.end != null && a.start >= 0 && a.end > a.start && a.end <= text.length)
    .sort((x, y) => x.a.start! - y.a.start!);
  const p = h('div', { class: 'message-text', dir: 'auto' });
  let at = 0;
  for (const { a, n } of spans) {
    if (a.start! < at) continue; // overlapping: keep the first
    p.append(text.slice(at, a.start!));
    p.append(h('mark', { class: 'cite', title: a.type }, text.slice(a.start!, a.end!)), h('sup', { class: 'cite-n' }, `[${n}]`));
    at = a.end!;
  }
  p.append(text.slice(at));
  return p;
}

/** File names of the images a page shows (the extension checks the bytes themselves). */
const imageName = /\.(png|jpe?g|gif|webp)$/i;

export function citationList(ctx: Ctx, annotations: readonly AnnotationView[]): HTMLElement | null {
  if (!annotations.length) return null;
  return h(
    'ol',
    { class: 'citations' },
    ...annotations.map((a) =>
      h(
        'li',
        {},
        h('span', { class: 'muted' }, a.type.replace(/_/g, ' ')),
        a.text ? h('code', { dir: 'auto' }, revealInvisible(a.text)) : null,
        a.filename ? h('span', { dir: 'auto' }, revealInvisible(a.filename)) : null,
        a.fileId ? idChip(ctx, a.fileId, 'file id') : null,
        a.containerId ? muted(`in ${a.containerId}`) : null,
        a.url ? linkButton(ctx, a.url, a.title ? revealInvisible(a.title) : undefined) : null,
        a.quote ? h('q', { dir: 'auto' }, a.quote) : null,
        // A chart code interpreter wrote: shown, read from its container by the extension.
        a.type === 'container_file_citation' && a.fileId && a.containerId && a.filename && imageName.test(a.filename)
          ? imageFile(ctx, a.fileId, revealInvisible(a.filename), null, a.containerId)
          : null,
      ),
    ),
  );
}

function content(ctx: Ctx, c: ContentView): Child[] {
  switch (c.kind) {
    case 'text':
      if (c.text.length > longText) return [folded(c.text, { kind: 'prose', maxChars: longText, maxLines: 80, copy: ctx }), citationList(ctx, c.annotations)];
      return [annotatedText(c.text, c.annotations), citationList(ctx, c.annotations)];
    case 'image_file':
      return [imageFile(ctx, c.fileId, 'Image file', c.detail)];
    case 'image_url':
      return [h('div', { class: 'file' }, icon('file-media'), h('span', {}, 'Image URL'), linkButton(ctx, c.url), c.detail ? muted(`detail: ${c.detail}`) : null)];
    case 'other':
      return [muted(`Content of type "${c.type}":`), folded(c.json)];
  }
}

/** The run's messages, virtualized: only those near the viewport are in the page. */
export class MessageList {
  readonly data: ListData<MessageView>;
  readonly list: VirtualList<MessageView>;

  constructor(ctx: Ctx) {
    this.data = new ListData<MessageView>('messages', (m) => ctx.post(m), () => this.list.update());
    this.list = new VirtualList(
      this.data,
      { estimate: 90, signature: (m) => signatureOf(m), placeholder: (index) => placeholderRow(index, 'Message'), render: (m, i) => messageRow(ctx, m, i) },
      { label: 'Messages', class: 'messages' },
    );
  }

  update(messages: readonly MessageView[], info: ListInfo | undefined): void {
    this.data.reset(messages, info);
    this.list.update();
  }

  /** Scrolls to the message at `index` and marks it for a moment. */
  reveal(index: number, focus = true): void {
    this.list.reveal(index, (row) => {
      if (focus) {
        row.tabIndex = -1;
        row.focus({ preventScroll: true });
      }
      row.classList.add('flash');
      setTimeout(() => row.classList.remove('flash'), 1200);
    });
  }
}

export function messageRow(ctx: Ctx, m: MessageView, i: number): HTMLElement {
  return (
    h(
      'article',
      { class: `message role-${m.role === 'user' || m.role === 'assistant' ? m.role : 'other'}` },
      h(
        'div',
        { class: 'message-head' },
        icon(m.role === 'user' ? 'account' : m.role === 'assistant' ? 'hubot' : 'comment'),
        h('strong', { class: 'role' }, revealInvisible(m.role)),
        h('span', { class: 'muted' }, localTime(m.createdAt)),
        m.status && m.status !== 'completed' ? h('span', { class: 'muted' }, m.status.replace(/_/g, ' ')) : null,
        h('span', { class: 'spacer' }),
        idChip(ctx, m.id, 'message id', `msg:${i}:copy`),
        jsonButton(ctx, { kind: 'message', id: m.id }, `msg:${i}:json`),
      ),
      ...(m.content.length ? m.content.flatMap((c) => content(ctx, c)) : [muted(m.status === 'in_progress' ? 'The message is being written.' : 'This message has no content.')]),
      m.attachments.length
        ? h(
            'div',
            { class: 'files' },
            h('span', { class: 'value-label' }, 'Attachments'),
            ...m.attachments.map((a) => h('div', { class: 'file' }, icon('file'), idChip(ctx, a.fileId, 'file id'), a.tools.length ? muted(a.tools.join(', ')) : null)),
          )
        : null,
    )
  );
}

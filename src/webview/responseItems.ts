// A response's items (output or input), in order and collapsible; only those near the
// viewport are in the page, and an item's body is built when it is first drawn open, so a
// response or conversation with thousands of items and megabytes of content paints at once. Every kind has a readable body; unknown kinds show their JSON.
import type { AnswerView, ImageSource, ItemBodyView, ItemView, JsonTarget, ResponseContentView } from '../shared/protocol';
import { FoldedList } from './steps';
import { h, icon, lazyDetails, type Child } from './dom';
import { revealInvisible } from './format';
import { annotatedText, citationList } from './messages';
import { badge, folded, forkButton, handlerButton, idChip, imageFile, jsonButton, linkButton, muted, notice, replayedNote, type Ctx } from './widgets';

const longText = 6000;

/** An image from the response: validated base64 (checked again by the protocol), a file the extension fetches, or a link. */
export function imageView(ctx: Ctx, image: ImageSource, label: string): HTMLElement {
  switch (image.kind) {
    case 'data': {
      const img = h('img', { class: 'file-image' });
      img.alt = label;
      img.src = `data:${image.mime};base64,${image.base64}`;
      return h('figure', { class: 'image-file' }, h('div', { class: 'image-slot' }, img), h('figcaption', { class: 'file' }, icon('file-media'), h('span', {}, label)));
    }
    case 'file':
      return imageFile(ctx, image.fileId, label);
    case 'link':
      return h('div', { class: 'file' }, icon('file-media'), h('span', {}, `${label}:`), linkButton(ctx, image.url));
    case 'invalid':
      return notice('warn', image.reason);
  }
}

function content(ctx: Ctx, c: ResponseContentView): Child[] {
  switch (c.kind) {
    case 'text':
      if (c.text.length > longText) return [folded(c.text, { kind: 'prose', maxChars: longText, maxLines: 80, copy: ctx }), citationList(ctx, c.annotations)];
      return [annotatedText(c.text, c.annotations), citationList(ctx, c.annotations)];
    case 'refusal':
      return [notice('warn', `Refused: ${c.text}`)];
    case 'image':
      return [c.image ? imageView(ctx, c.image, 'Input image') : muted('An image without a file or URL.')];
    case 'file':
      return [
        h(
          'div',
          { class: 'file' },
          icon('file'),
          h('span', { dir: 'auto' }, revealInvisible(c.filename ?? 'File')),
          c.fileId ? idChip(ctx, c.fileId, 'file id') : null,
          c.url ? linkButton(ctx, c.url) : null,
        ),
      ];
    case 'other':
      return [muted(`Content of type "${c.type}":`), folded(c.json)];
  }
}

function answerBlock(ctx: Ctx, answer: AnswerView, label = 'Output'): Child[] {
  if (answer.state === 'answered') {
    return [
      answer.image ? imageView(ctx, answer.image, 'Screenshot') : null,
      folded(answer.output || '(empty)', { label, copy: ctx }),
      muted(answer.note),
      answer.replayed ? replayedNote() : null,
    ];
  }
  const cls = answer.state === 'awaiting' ? 'awaiting' : 'awaiting muted';
  return [h('p', { class: cls }, icon(answer.state === 'awaiting' ? 'bell-dot' : 'clock'), h('span', {}, answer.note))];
}

function title(...what: Child[]): HTMLElement {
  return h('div', { class: 'call-title' }, ...what);
}

/** Go to handler, for calls that carry a tool name. */
const handler = (ctx: Ctx, text: string) => (text ? handlerButton(ctx, text) : null);
const name = (text: string, fallback: string) => h('strong', { class: 'fn-name', dir: 'auto' }, revealInvisible(text || fallback));

function body(ctx: Ctx, b: ItemBodyView): Child[] {
  switch (b.kind) {
    case 'message':
      if (b.content === null) return [muted('The message content is not loaded.')];
      return b.content.length ? b.content.flatMap((c) => content(ctx, c)) : [muted('This message has no content.')];
    case 'function':
      return [title(icon('symbol-method'), name(b.name, 'function'), handler(ctx, b.name), idChip(ctx, b.callId, 'call id')), folded(b.arguments || '(no arguments)', { label: 'Arguments', copy: ctx }), ...answerBlock(ctx, b.answer)];
    case 'custom':
      return [title(icon('symbol-method'), name(b.name, 'custom tool'), handler(ctx, b.name), idChip(ctx, b.callId, 'call id')), folded(b.input || '(no input)', { label: 'Input', copy: ctx }), ...answerBlock(ctx, b.answer)];
    case 'code':
      return [
        title(icon('terminal'), h('strong', {}, 'Code interpreter'), b.containerId ? muted(`container ${b.containerId}`) : null),
        folded(b.code || '(no code)', { label: 'Code', copy: ctx }),
        ...(b.outputs === null
          ? [muted('The service sent no outputs (they come only when asked for with include[]).')]
          : b.outputs.length
            ? b.outputs.map((o) => (o.kind === 'logs' ? folded(o.text, { label: 'Logs', copy: ctx }) : o.kind === 'image' ? imageView(ctx, o.image, 'Image output') : folded(o.json, { label: `Output "${o.type}"` })))
            : [muted('No output.')]),
      ];
    case 'fileSearch':
      return [
        title(icon('search'), h('strong', {}, 'File search')),
        b.queries.length ? h('ul', { class: 'queries' }, ...b.queries.map((q) => h('li', { dir: 'auto' }, revealInvisible(q)))) : null,
        b.contentMissing ? notice('info', 'The service returned these results without their text.') : null,
        b.results === null
          ? muted('The service sent no results (they come only when asked for with include[]).')
          : b.results.length
            ? h(
                'ol',
                { class: 'results' },
                ...b.results.map((r) =>
                  h(
                    'li',
                    { class: 'result' },
                    h(
                      'div',
                      { class: 'result-title' },
                      icon('file'),
                      h('strong', { dir: 'auto' }, revealInvisible(r.filename || '(unnamed file)')),
                      r.fileId ? idChip(ctx, r.fileId, 'file id') : null,
                      r.score != null ? h('span', { class: 'score', title: 'Relevance score' }, `score ${r.score.toFixed(3)}`) : null,
                    ),
                    ...r.chunks.map((chunk) => folded(chunk, { kind: 'prose', maxLines: 8, maxChars: 1200 })),
                    r.attributes ? folded(r.attributes, { label: 'Attributes', maxLines: 8 }) : null,
                  ),
                ),
              )
            : muted('No results.'),
      ];
    case 'webSearch':
      return [
        title(icon('globe'), h('strong', {}, 'Web search'), b.action ? muted(b.action.type.replace(/_/g, ' ')) : null),
        b.action?.queries.length ? h('ul', { class: 'queries' }, ...b.action.queries.map((q) => h('li', { dir: 'auto' }, revealInvisible(q)))) : null,
        b.action?.url ? h('div', { class: 'file' }, h('span', { class: 'value-label' }, 'Page'), linkButton(ctx, b.action.url)) : null,
        b.action?.pattern ? h('div', { class: 'file' }, h('span', { class: 'value-label' }, 'Find'), h('code', { dir: 'auto' }, revealInvisible(b.action.pattern))) : null,
        b.sources.length
          ? h(
              'div',
              { class: 'files' },
              h('span', { class: 'value-label' }, 'Sources'),
              ...b.sources.map((src) => h('div', { class: 'file' }, icon('link'), src.url ? linkButton(ctx, src.url, src.title ? revealInvisible(src.title) : undefined) : h('span', { dir: 'auto' }, revealInvisible(src.name ?? src.title ?? src.type ?? 'source')))),
            )
          : b.action
            ? muted('No sources returned.')
            : muted('No action reported.'),
      ];
    case 'imageGeneration':
      return [
        title(icon('file-media'), h('strong', {}, 'Image generation'), b.format ? muted(b.format) : null),
        b.image ? imageView(ctx, b.image, 'Generated image') : muted('No image (yet).'),
        b.revisedPrompt ? folded(b.revisedPrompt, { label: 'Revised prompt', kind: 'prose' }) : null,
      ];
    case 'computer':
      return [
        title(icon('vm'), h('strong', {}, 'Computer'), idChip(ctx, b.callId, 'call id')),
        folded(b.actions || '(no action)', { label: 'Actions' }),
        ...b.safetyChecks.map((c) => notice('warn', `Safety check${c.code ? ` ${c.code}` : ''}: ${c.message ?? ''}`)),
        ...answerBlock(ctx, b.answer, 'Screenshot output'),
      ];
    case 'mcpCall':
      return [
        title(icon('plug'), h('strong', {}, b.serverLabel ? `${revealInvisible(b.serverLabel)} · ` : ''), name(b.name, 'tool'), handler(ctx, b.name)),
        folded(b.arguments || '(no arguments)', { label: 'Arguments', copy: ctx }),
        b.error ? h('div', {}, notice('error', 'The MCP tool failed.'), folded(b.error, { label: 'Error' })) : null,
        b.output !== null && b.output !== undefined ? folded(b.output, { label: 'Output', copy: ctx }) : !b.error ? muted('No output.') : null,
        b.approvalRequestId ? h('p', { class: 'muted' }, `Ran after approval request ${b.approvalRequestId}.`) : null,
      ];
    case 'shell':
      return [
        title(icon('terminal'), h('strong', {}, 'Shell'), idChip(ctx, b.callId, 'call id'), b.workingDirectory ? muted(`in ${b.workingDirectory}`) : null),
        folded(b.commands.join('\n') || '(no command)', { label: 'Commands', copy: ctx }),
        ...answerBlock(ctx, b.answer),
      ];
    case 'applyPatch':
      return [
        title(icon('diff'), h('strong', {}, 'Apply patch'), idChip(ctx, b.callId, 'call id')),
        b.operation
          ? h('div', {}, h('p', { dir: 'auto' }, `${b.operation.type.replace(/_/g, ' ')}${b.operation.path ? ` ${revealInvisible(b.operation.path)}` : ''}`), b.operation.diff ? folded(b.operation.diff, { label: 'Diff', copy: ctx }) : null)
          : muted('No operation.'),
        ...answerBlock(ctx, b.answer, 'Result'),
      ];
    case 'otherCall':
      return [notice('info', `Call kind "${b.type}" is shown as the service sent it.`), folded(b.json)];
    case 'callOutput':
      return [
        title(icon('reply'), h('strong', {}, `Output of ${b.of} call`), idChip(ctx, b.callId, 'call id')),
        b.image ? imageView(ctx, b.image, 'Screenshot') : null,
        folded(b.output || '(empty)', { label: 'Output', copy: ctx }),
        b.replayed ? replayedNote() : null,
      ];
    case 'reasoning':
      return [
        ...(b.summary.length ? b.summary.map((s) => folded(s, { kind: 'prose', label: 'Summary', maxLines: 30 })) : [muted(b.encrypted ? 'The reasoning is encrypted; no summary was returned.' : 'No summary was returned.')]),
        ...b.text.map((t) => folded(t, { kind: 'prose', label: 'Reasoning', maxLines: 30 })),
      ];
    case 'mcpListTools':
      return [
        title(icon('plug'), h('strong', {}, `Tools of ${b.serverLabel ? revealInvisible(b.serverLabel) : 'the MCP server'}`)),
        b.error ? folded(b.error, { label: 'Error' }) : null,
        b.tools.length ? h('ul', { class: 'tools' }, ...b.tools.map((t) => h('li', {}, h('code', { dir: 'auto' }, revealInvisible(t.name)), t.description ? h('span', { class: 'muted', dir: 'auto' }, ` — ${t.description}`) : null))) : muted('No tools listed.'),
      ];
    case 'approvalRequest':
      return [
        title(icon('shield'), h('strong', {}, b.serverLabel ? `${revealInvisible(b.serverLabel)} · ` : ''), name(b.name, 'tool'), handler(ctx, b.name), idChip(ctx, b.approvalRequestId, 'approval request id')),
        folded(b.arguments || '(no arguments)', { label: 'Arguments', copy: ctx }),
        h('p', { class: b.answer.state === 'awaiting' ? 'awaiting' : 'muted' }, icon(b.answer.state === 'answered' ? (b.answer.approve ? 'check' : 'close') : 'bell-dot'), h('span', { dir: 'auto' }, revealInvisible(b.answer.note))),
      ];
    case 'approvalResponse':
      return [h('p', { dir: 'auto' }, icon(b.approve ? 'check' : 'close'), `${b.approve ? 'Approves' : 'Denies'} ${b.approvalRequestId}`, b.reason ? `: ${revealInvisible(b.reason)}` : '')];
    case 'compaction':
      return [muted(b.encrypted ? 'Earlier context compacted by the service (encrypted; not readable here).' : 'Earlier context compacted by the service.')];
    case 'reference':
      return [h('p', {}, 'Refers to item ', idChip(ctx, b.itemId, 'item id'))];
    case 'fields':
      return [
        b.fields.length ? h('dl', { class: 'config' }, ...b.fields.flatMap((f) => [h('dt', {}, f.key), h('dd', {}, h('code', { dir: 'auto' }, revealInvisible(f.value)))])) : null,
        b.json ? folded(b.json) : null,
        !b.fields.length && !b.json ? muted('Nothing to show.') : null,
      ];
    case 'unknown':
      return [notice('info', b.problem ? `Item kind "${b.type}" could not be read (${b.problem}); shown as the service sent it.` : `Item kind "${b.type}" is shown as the service sent it.`), folded(b.json)];
  }
}

const kindIcons: Partial<Record<ItemBodyView['kind'], string>> = {
  message: 'comment',
  function: 'symbol-method',
  custom: 'symbol-method',
  code: 'terminal',
  fileSearch: 'search',
  webSearch: 'globe',
  imageGeneration: 'file-media',
  computer: 'vm',
  mcpCall: 'plug',
  mcpListTools: 'plug',
  approvalRequest: 'shield',
  approvalResponse: 'shield',
  shell: 'terminal',
  applyPatch: 'diff',
  callOutput: 'reply',
  reasoning: 'lightbulb',
  compaction: 'fold',
  reference: 'references',
};

function summary(item: ItemView): Child[] {
  return [
    h('span', { class: 'step-index' }, `#${item.index}`),
    icon(kindIcons[item.body.kind] ?? 'question'),
    h('span', { class: 'step-type' }, revealInvisible(item.type.replace(/_/g, ' '))),
    h('span', { class: 'step-summary', dir: 'auto' }, revealInvisible(item.summary)),
    h('span', { class: 'spacer' }),
    item.createdBy ? h('span', { class: 'muted' }, revealInvisible(item.createdBy)) : null,
    item.status ? badge(item.status, item.statusKind) : null,
  ];
}

/** A response's output or input items, virtualized: only those near the viewport are in the page. */
export class ItemList extends FoldedList<ItemView> {
  constructor(
    ctx: Ctx,
    /** `output` or `input`: the key of open states and of JSON targets. */
    kind: 'output' | 'input',
  ) {
    super(ctx, {
      name: kind === 'output' ? 'output' : 'inputs',
      foldPrefix: `${kind}:`,
      label: kind === 'output' ? 'Output items' : 'Input items',
      class: 'steps items',
      noun: kind === 'output' ? 'Output item' : 'Input item',
      render: (item, fold) => {
        const target: JsonTarget = { kind: kind === 'output' ? 'outputItem' : 'inputItem', id: item.id };
        const focus = `${kind}:${item.index}`;
        const el = lazyDetails(
          summary(item),
          () => [
            h(
              'div',
              { class: 'step-meta' },
              idChip(ctx, item.id, 'item id', `${focus}:copy`),
              jsonButton(ctx, target, `${focus}:json`),
              forkButton(ctx, item.id, 'the response after this item', `${focus}:fork`),
            ),
            ...body(ctx, item.body),
          ],
          { ...fold, class: `step item kind-${item.statusKind}`, focus },
        );
        el.dataset.itemIndex = String(item.index);
        return el;
      },
    });
  }
}

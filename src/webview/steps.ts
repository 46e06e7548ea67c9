// The steps, in order and collapsible; only those near the viewport are in the page, and a
// step's body is built when it is first drawn open, so a run of thousands of steps with
// megabytes of output paints at once.
import type { CallView, ListInfo, ListName, StatusKind, StepView } from '../shared/protocol';
import type { FoldedRows } from './expandAll';
import { FoldState, ListData, VirtualList } from './virtualList';
import { h, icon, lazyDetails, type Child } from './dom';
import { durationText, localTime, revealInvisible, usageText } from './format';
import { badge, folded, forkButton, handlerButton, idChip, imageFile, jsonButton, muted, notice, replayedNote, type Ctx } from './widgets';

function stepIcon(step: StepView): string {
  if (step.type === 'message_creation') return 'comment';
  if (step.type !== 'tool_calls') return 'question';
  const types = new Set(step.calls.map((c) => c.type));
  if (types.size === 1 && types.has('code_interpreter')) return 'terminal';
  if (types.size === 1 && types.has('file_search')) return 'search';
  return 'symbol-method';
}

function callBlock(ctx: Ctx, step: StepView, call: CallView, n: number): HTMLElement {
  const focus = `call:${step.index}:${n}`;
  const title = (...what: Child[]) =>
    h('div', { class: 'call-title' }, ...what, idChip(ctx, call.id, 'tool call id', `${focus}:copy`), jsonButton(ctx, { kind: 'toolCall', id: call.id, stepId: step.id }, `${focus}:json`));
  if (call.function) {
    const f = call.function;
    return h(
      'div',
      { class: 'call call-function' },
      title(icon('symbol-method'), h('strong', { class: 'fn-name', dir: 'auto' }, revealInvisible(f.name || 'function')), f.name ? handlerButton(ctx, f.name, `${focus}:handler`) : null),
      folded(f.arguments || '(no arguments)', { label: 'Arguments', copy: ctx }),
      f.output === null ? h('p', { class: 'awaiting' }, icon('clock'), step.status === 'in_progress' ? 'Awaiting output' : 'No output') : folded(f.output, { label: 'Output', copy: ctx }),
      f.replayed ? replayedNote() : null,
    );
  }
  if (call.code) {
    const c = call.code;
    return h(
      'div',
      { class: 'call call-code' },
      title(icon('terminal'), h('strong', {}, 'Code interpreter')),
      folded(c.input || '(no input)', { label: 'Input', copy: ctx }),
      ...c.logs.map((log) => folded(log, { label: 'Logs', copy: ctx })),
      c.images.length
        ? h('div', { class: 'files' }, h('span', { class: 'value-label' }, 'Images'), ...c.images.map((id) => imageFile(ctx, id, 'Image')))
        : null,
      ...c.other.map((json) => folded(json, { label: 'Other output' })),
      !c.logs.length && !c.images.length && !c.other.length ? muted(step.status === 'in_progress' ? 'No output yet.' : 'No output.') : null,
    );
  }
  if (call.fileSearch) {
    const fs = call.fileSearch;
    return h(
      'div',
      { class: 'call call-file-search' },
      title(icon('search'), h('strong', {}, 'File search')),
      fs.ranking ? folded(fs.ranking, { label: 'Ranking options', maxLines: 10 }) : null,
      fs.contentMissing ? notice('info', 'The service returned these results without their chunk text.') : null,
      fs.results.length
        ? h(
            'ol',
            { class: 'results' },
            ...fs.results.map((r) =>
              h(
                'li',
                { class: 'result' },
                h(
                  'div',
                  { class: 'result-title' },
                  icon('file'),
                  h('strong', { dir: 'auto' }, revealInvisible(r.fileName || '(unnamed file)')),
                  r.fileId ? idChip(ctx, r.fileId, 'file id') : null,
                  r.score != null ? h('span', { class: 'score', title: 'Relevance score' }, `score ${r.score.toFixed(3)}`) : null,
                ),
                ...r.chunks.map((chunk) => folded(chunk, { kind: 'prose', maxLines: 8, maxChars: 1200 })),
              ),
            ),
          )
        : muted('No results.'),
    );
  }
  return h('div', { class: 'call call-other' }, title(icon('question'), h('strong', {}, revealInvisible(call.type))), folded(call.other ?? '', { label: 'Details' }));
}

function stepBody(ctx: Ctx, step: StepView): Child[] {
  const meta = h(
    'div',
    { class: 'step-meta' },
    h('span', {}, `Created ${localTime(step.createdAt)}`),
    step.endedAt ? h('span', {}, `ended ${localTime(step.endedAt)}`) : null,
    step.usage ? h('span', {}, usageText(step.usage)) : null,
    idChip(ctx, step.id, 'step id', `step:${step.index}:copy`),
    jsonButton(ctx, { kind: 'step', id: step.id }, `step:${step.index}:json`),
    forkButton(ctx, step.id, 'the run after this step', `step:${step.index}:fork`),
  );
  const parts: Child[] = [meta];
  if (step.error) parts.push(notice('error', step.error));
  if (step.message) {
    parts.push(
      h('div', { class: 'call-title' }, icon('comment'), h('strong', {}, 'Message'), idChip(ctx, step.message.id, 'message id')),
      step.message.text !== null && step.message.text !== undefined ? folded(step.message.text, { kind: 'prose', copy: ctx }) : muted('The message text is not loaded (see Messages).'),
    );
  }
  step.calls.forEach((call, n) => parts.push(callBlock(ctx, step, call, n)));
  if (step.type === 'tool_calls' && !step.calls.length) parts.push(muted('No tool calls yet.'));
  if (step.other) parts.push(notice('info', `Step kind "${step.type}" is shown as the service sent it.`), folded(step.other));
  return parts;
}

export function stepSummary(step: StepView): Child[] {
  return [
    h('span', { class: 'step-index' }, `#${step.index}`),
    icon(stepIcon(step)),
    h('span', { class: 'step-type' }, step.type.replace(/_/g, ' ')),
    h('span', { class: 'step-summary', dir: 'auto' }, revealInvisible(step.summary)),
    h('span', { class: 'spacer' }),
    step.usage?.total != null ? h('span', { class: 'muted step-tokens' }, `${step.usage.total.toLocaleString('en-US')} tok`) : null,
    step.durationSeconds != null ? h('span', { class: 'muted step-duration' }, durationText(step.durationSeconds)) : null,
    badge(step.status, step.statusKind),
  ];
}

/** A row's signature, once per row object (rows are replaced, never changed in place). */
const signatures = new WeakMap<object, string>();
export function signatureOf(row: object): string {
  let signature = signatures.get(row);
  if (signature === undefined) signatures.set(row, (signature = JSON.stringify(row)));
  return signature;
}

/** The row of an item not yet in the page: its place, the height of a folded row. */
export function placeholderRow(index: number, what: string): HTMLElement {
  return h('div', { class: 'step placeholder' }, h('span', { class: 'muted' }, `${what} ${(index + 1).toLocaleString('en-US')}, loading…`));
}

/** How a row of a folded list is drawn: its fold open or not, and what a toggle saves. */
export interface FoldOf {
  open: boolean;
  onToggle(open: boolean): void;
}

/**
 * A list of folds (a run's steps, a response's items), virtualized: only those near the
 * viewport are in the page. Open by default when the list is short, or the row failed;
 * the user's choices and Expand all / Collapse all are kept per list.
 */
export class FoldedList<T extends { id: string; statusKind: StatusKind }> implements FoldedRows {
  readonly data: ListData<T>;
  readonly list: VirtualList<T>;
  private readonly folds: FoldState;
  private openByDefault = false;

  constructor(
    ctx: Ctx,
    options: { name: ListName; foldPrefix: string; label: string; class: string; noun: string; render(row: T, fold: FoldOf): HTMLElement },
  ) {
    this.folds = new FoldState(ctx, options.foldPrefix);
    this.data = new ListData<T>(options.name, (m) => ctx.post(m), () => this.list.update());
    this.list = new VirtualList(
      this.data,
      {
        estimate: 30,
        signature: (row) => signatureOf(row),
        placeholder: (index) => placeholderRow(index, options.noun),
        render: (row) =>
          options.render(row, {
            open: this.folds.isOpen(row.id, this.openByDefault || row.statusKind === 'error'),
            onToggle: (open) => this.folds.setOpen(row.id, open),
          }),
      },
      { label: options.label, class: options.class },
    );
  }

  get element(): HTMLElement {
    return this.list.element;
  }

  get total(): number {
    return this.data.total;
  }

  update(rows: readonly T[], info: ListInfo | undefined): void {
    this.openByDefault = (info?.total ?? rows.length) <= 12;
    this.data.reset(rows, info);
    this.list.update();
  }

  setAllOpen(open: boolean): void {
    this.folds.setAll(open);
    this.list.redraw(true);
  }

  /** Opens the row at `index`, scrolls to it and (when asked) focuses its summary. */
  reveal(index: number, focus = true): void {
    this.list.reveal(index, (row) => revealFold(row, focus));
  }
}

/** The steps of a run. */
export class StepList extends FoldedList<StepView> {
  constructor(ctx: Ctx) {
    super(ctx, {
      name: 'steps',
      foldPrefix: 'step:',
      label: 'Steps',
      class: 'steps',
      noun: 'Step',
      render: (step, fold) => {
        const el = lazyDetails(stepSummary(step), () => stepBody(ctx, step), { ...fold, class: `step kind-${step.statusKind}`, focus: `step:${step.index}` });
        el.dataset.stepIndex = String(step.index);
        return el;
      },
    });
  }
}

/** A row brought into view by a jump or a search: opened, marked for a moment, focused. */
export function revealFold(row: HTMLElement, focus: boolean): void {
  if (row instanceof HTMLDetailsElement) row.open = true;
  if (focus) row.querySelector('summary')?.focus({ preventScroll: true });
  row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 1200);
}

// The steps, in order and collapsible; a step's body is built when it is first opened,
// so a run with hundreds of steps and megabytes of output paints at once.
import type { CallView, StepView } from '../shared/protocol';
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

/** Steps rendered once per content; re-renders reuse unchanged steps (and their open state). */
export class StepList {
  readonly element = h('div', { class: 'steps' });
  private readonly rendered = new Map<string, { signature: string; el: HTMLDetailsElement }>();

  constructor(private readonly ctx: Ctx) {}

  /** The folds of the list, in order. */
  folds(): HTMLDetailsElement[] {
    return [...this.element.children].filter((el): el is HTMLDetailsElement => el instanceof HTMLDetailsElement);
  }

  update(steps: readonly StepView[]): void {
    const openByDefault = steps.length <= 12;
    const seen = new Set<string>();
    let previous: Element | null = null;
    for (const step of steps) {
      seen.add(step.id);
      const signature = JSON.stringify(step);
      let entry = this.rendered.get(step.id);
      if (!entry || entry.signature !== signature) {
        const key = `step:${step.id}`;
        const el = lazyDetails(stepSummary(step), () => stepBody(this.ctx, step), {
          open: this.ctx.isOpen(key, openByDefault || step.statusKind === 'error'),
          class: `step kind-${step.statusKind}`,
          onToggle: (open) => this.ctx.setOpen(key, open),
          focus: `step:${step.index}`,
        });
        el.dataset.stepIndex = String(step.index);
        if (entry) entry.el.replaceWith(el);
        entry = { signature, el };
        this.rendered.set(step.id, entry);
      }
      const expected: Element | null = previous ? previous.nextElementSibling : this.element.firstElementChild;
      if (expected !== entry.el) {
        if (previous) previous.after(entry.el);
        else this.element.prepend(entry.el);
      }
      previous = entry.el;
    }
    for (const [id, entry] of this.rendered) {
      if (!seen.has(id)) {
        entry.el.remove();
        this.rendered.delete(id);
      }
    }
  }

  /** Opens a step, scrolls to it and focuses its summary. */
  reveal(stepId: string): void {
    const entry = this.rendered.get(stepId);
    if (!entry) return;
    entry.el.open = true;
    entry.el.scrollIntoView({ block: 'start' });
    entry.el.querySelector('summary')?.focus({ preventScroll: true });
    entry.el.classList.add('flash');
    setTimeout(() => entry.el.classList.remove('flash'), 1200);
  }
}

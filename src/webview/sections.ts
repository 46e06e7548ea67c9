// Configuration, required action and timeline.
import type { ComparisonView, ListInfo, PanelState, RunView, Submission, TimelineItemView, TimelineView } from '../shared/protocol';
import { signatureOf } from './steps';
import { ListData, VirtualList } from './virtualList';
import { button, h, icon } from './dom';
import { durationText, localTime, revealInvisible, timelineDuration } from './format';
import { folded, handlerButton, idChip, muted, notice, type Ctx } from './widgets';

// ── comparison ───────────────────────────────────────────────────────────────

/**
 * The summary of the comparison the panel was opened from: this run or response and the
 * other, side by side; the rows that differ are marked (not by colour alone).
 */
export function renderComparison(ctx: Ctx, comparison: ComparisonView): HTMLElement[] {
  const differs = (r: ComparisonView['rows'][number]) => r.here !== r.other;
  const cell = (text: string, tag: 'td' | 'th' = 'td') => h(tag, { dir: 'auto' }, revealInvisible(text));
  const table = h(
    'table',
    { class: 'comparison' },
    h('caption', { class: 'muted' }, `${comparison.rows.filter(differs).length} of ${comparison.rows.length} differ`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'This one ', idChip(ctx, comparison.here, 'id')), h('th', { scope: 'col' }, 'Compared with ', idChip(ctx, comparison.other, 'id')))),
    h(
      'tbody',
      {},
      ...comparison.rows.map((r) =>
        h('tr', { class: differs(r) ? 'differs' : '' }, h('th', { scope: 'row' }, differs(r) ? icon('diff-modified') : null, ` ${r.label}`, differs(r) ? h('span', { class: 'sr-only' }, ' (differs)') : null), cell(r.here), cell(r.other)),
      ),
    ),
  );
  return [table, button('Close comparison', () => ctx.post({ type: 'closeComparison' }), { icon: 'close', kind: 'secondary', focus: 'comparison:close' })];
}

// ── configuration ────────────────────────────────────────────────────────────

export function renderConfig(ctx: Ctx, run: Pick<RunView, 'instructions' | 'config'>): HTMLElement[] {
  const out: HTMLElement[] = [];
  const rows = h('dl', { class: 'config' });
  const instructions = run.instructions ?? '';
  rows.append(
    h('dt', {}, 'instructions'),
    h('dd', {}, instructions ? folded(instructions, { maxLines: 8, maxChars: 800, kind: 'prose', copy: ctx }) : muted('none')),
  );
  for (const entry of run.config) {
    const multiline = entry.value.includes('\n') || entry.value.length > 80;
    rows.append(
      h('dt', {}, entry.key),
      h(
        'dd',
        { class: entry.note ? 'has-note' : undefined },
        entry.unset ? muted('not set') : multiline ? folded(entry.value, { maxLines: 16 }) : h('code', { class: 'inline-value', dir: 'auto' }, entry.value),
        entry.note ? notice('info', entry.note) : null,
      ),
    );
  }
  out.push(rows);
  return out;
}

// ── required action ──────────────────────────────────────────────────────────

export interface RequiredActionView {
  element: HTMLElement;
  /** Updates disabled state, errors and "done" without touching what was typed. */
  setSubmission(submission: Submission): void;
  /** Shows the draft as stored (e.g. typed in the editor), except in the box being typed in. */
  setDrafts(state: PanelState, drafts: DraftAccess): void;
}

export interface DraftAccess {
  /** Text typed in a box and not yet stored by the extension. */
  unsent(id: string): string | undefined;
  set(id: string, text: string): void;
}

export function renderRequiredAction(
  ctx: Ctx,
  state: PanelState,
  run: RunView,
  drafts: DraftAccess,
): RequiredActionView {
  const calls = run.pendingCalls;
  const areas: HTMLTextAreaElement[] = [];
  const problems = new Map<string, HTMLElement>();
  const callBlocks = calls.map((call, i) => {
    const area = h('textarea', { id: `output-${i}`, class: 'output', focus: `ra:out:${i}` });
    area.rows = 4;
    area.spellcheck = false;
    area.placeholder = 'The output your tool would return (any text; JSON is common)';
    area.value = drafts.unsent(call.id) ?? state.drafts[call.id] ?? '';
    area.addEventListener('input', () => drafts.set(call.id, area.value));
    areas.push(area);
    const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
    problems.set(call.id, problem);
    return h(
      'div',
      { class: 'pending-call' },
      h('div', { class: 'call-title' }, icon('symbol-method'), h('strong', { class: 'fn-name', dir: 'auto' }, call.name), call.name ? handlerButton(ctx, call.name, `ra:handler:${i}`) : null, idChip(ctx, call.id, 'tool call id', `ra:copy:${i}`)),
      folded(call.arguments || '(no arguments)', { label: 'Arguments', maxLines: 20 }),
      h('label', { class: 'value-label', title: `Output for ${call.id}` }, `Output for ${call.name}`),
      area,
      problem,
    );
  });
  // The label points at its box by index (ids of service data never become attributes).
  callBlocks.forEach((block, i) => block.querySelector('label')?.setAttribute('for', `output-${i}`));

  const message = h('p', { class: 'submit-message', role: 'alert', hidden: true });
  const draftProblem = h('div', { class: 'draft-problem' });
  const status = h('span', { class: 'submit-status muted' });
  const submit = button(
    calls.length === 1 ? 'Submit' : 'Submit all',
    () => ctx.post({ type: 'submitToolOutputs', outputs: calls.map((call, i) => ({ tool_call_id: call.id, output: areas[i]!.value })) }),
    { kind: 'primary', icon: 'send', focus: 'ra:submit' },
  );
  const editor = button('Open in editor', () => ctx.post({ type: 'answerInEditor' }), { icon: 'go-to-file', focus: 'ra:editor' });
  const element = h(
    'section',
    { class: 'required-action', id: 'required-action', label: 'Required action' },
    h('h2', {}, icon('bell-dot'), 'Required action'),
    h('p', { class: 'muted' }, `The run waits for ${calls.length === 1 ? 'the output of this tool call' : `the outputs of these ${calls.length} tool calls`}. Type each output and submit them together; "Open in editor" shows the same draft as JSON.`),
    draftProblem,
    ...callBlocks,
    message,
    h('div', { class: 'button-row' }, submit, editor, status),
  );

  let submitted = false;
  const setSubmission = (submission: Submission) => {
    const inflight = submission.state === 'inflight';
    submitted = submission.state === 'done';
    submit.disabled = inflight || submitted || invalidDraft;
    editor.disabled = inflight;
    for (const area of areas) area.readOnly = inflight || invalidDraft;
    element.setAttribute('aria-busy', String(inflight));
    status.textContent = inflight ? 'Submitting…' : submission.state === 'done' ? 'Submitted — the run continues.' : '';
    for (const p of problems.values()) p.hidden = true;
    message.hidden = true;
    if (submission.state === 'error') {
      message.hidden = false;
      message.textContent = submission.message;
      for (const problem of submission.problems) {
        const p = problem.toolCallId ? problems.get(problem.toolCallId) : undefined;
        if (!p) continue;
        p.hidden = false;
        p.textContent = problem.message;
      }
    }
  };
  let invalidDraft = false;
  const setDrafts = (next: PanelState, access: DraftAccess) => {
    invalidDraft = !!next.draftProblem;
    draftProblem.replaceChildren(...(next.draftProblem ? [notice('warn', next.draftProblem)] : []));
    calls.forEach((call, i) => {
      const area = areas[i]!;
      area.readOnly = invalidDraft || element.getAttribute('aria-busy') === 'true';
      submit.disabled = invalidDraft || submitted || element.getAttribute('aria-busy') === 'true';
      if (area.ownerDocument.activeElement === area || access.unsent(call.id) !== undefined) return;
      const stored = next.drafts[call.id] ?? '';
      if (area.value !== stored) area.value = stored;
    });
  };
  setSubmission(state.submission);
  setDrafts(state, drafts);
  return { element, setSubmission, setDrafts };
}

// ── timeline ─────────────────────────────────────────────────────────────────

/** What a timeline lists: its first column's heading and the list's accessible name. */
export interface TimelineLabels {
  column: string;
  group: string;
}

/**
 * A waterfall (a run's steps, a chain's responses): a bar from start to end, a mark at the
 * start where the end was not reported, nothing where the start was not. Rows open what
 * they show; the panel's own object is marked instead. The rows scroll in a box of their
 * own and only those in view are in the page, so thousands stay cheap; the axis spans the
 * whole run, or (Zoom to rows in view) the rows in view, so short steps of a long run can
 * be told apart.
 */
/** Rows from which the timeline scrolls in its box (320 px) and offers to zoom. */
const zoomFrom = 13;

export class TimelineList {
  readonly element: HTMLElement;
  readonly data: ListData<TimelineItemView>;
  private readonly list: VirtualList<TimelineItemView>;
  private readonly scroller = h('div', { class: 'tl-scroll' });
  private readonly axisFrom = h('span', {});
  private readonly axisTo = h('span', {});
  private readonly note = h('div', {});
  private readonly zoomButton: HTMLButtonElement;
  private timeline: TimelineView | undefined;
  private zoomed = false;
  /** The axis the rows are drawn on (the whole run, or the rows in view). */
  private scale = { start: 0, end: 1 };

  constructor(
    ctx: Ctx,
    private readonly open: (id: string, index: number) => void,
    labels: TimelineLabels = { column: 'Step', group: 'Steps over time' },
  ) {
    this.data = new ListData<TimelineItemView>('timeline', (m) => ctx.post(m), () => this.list.update());
    this.list = new VirtualList(
      this.data,
      {
        estimate: 24,
        signature: (item) => `${signatureOf(item)}${this.scale.start}:${this.scale.end}`,
        placeholder: (index) => h('div', { class: 'tl-row placeholder' }, h('span', { class: 'tl-label muted' }, `#${index + 1} …`)),
        render: (item, index) => this.row(item, index),
      },
      { label: labels.group, class: 'timeline', scroller: this.scroller, onRange: (first, last) => this.onRange(first, last) },
    );
    this.scroller.append(this.list.element);
    this.zoomButton = button('Zoom to rows in view', () => this.setZoom(!this.zoomed), { icon: 'zoom-in', kind: 'link', focus: 'tl:zoom', title: 'Let the axis span only the rows in view, so their bars can be told apart' });
    this.zoomButton.setAttribute('aria-pressed', 'false');
    const axis = h('div', { class: 'tl-axis', label: 'Time axis' }, this.axisFrom, this.axisTo);
    this.element = h(
      'div',
      { class: 'tl-box' },
      h('div', { class: 'tl-tools' }, this.zoomButton),
      h('div', { class: 'tl-head' }, h('span', { class: 'tl-label muted' }, labels.column), axis, h('span', { class: 'tl-duration muted' }, 'Duration')),
      this.scroller,
      this.note,
    );
  }

  update(timeline: TimelineView, info: ListInfo | undefined): void {
    this.timeline = timeline;
    this.data.reset(timeline.items, info);
    // Only where the rows scroll: a timeline that fits its box is already all in view.
    this.zoomButton.hidden = this.data.total <= zoomFrom;
    this.note.replaceChildren(...(timeline.resolutionNote ? [notice('info', timeline.resolutionNote)] : []));
    if (!this.zoomed) this.setScale(timeline.start, timeline.end);
    this.list.update();
  }

  private setZoom(zoomed: boolean): void {
    this.zoomed = zoomed;
    this.zoomButton.setAttribute('aria-pressed', String(zoomed));
    this.zoomButton.querySelector('span:last-child')!.textContent = zoomed ? 'Show the whole run' : 'Zoom to rows in view';
    if (!zoomed && this.timeline) this.setScale(this.timeline.start, this.timeline.end);
    this.list.redraw();
  }

  private onRange(first: number, last: number): void {
    if (!this.zoomed || !this.timeline) return;
    let start = Infinity;
    let end = -Infinity;
    for (let i = first; i < last; i++) {
      const item = this.data.get(i);
      if (!item || item.start === null) continue;
      start = Math.min(start, item.start);
      end = Math.max(end, item.end ?? item.start);
    }
    if (start === Infinity) return;
    if (this.setScale(start, Math.max(end, start + 1))) requestAnimationFrame(() => this.list.redraw());
  }

  /** True when the axis changed. */
  private setScale(start: number, end: number): boolean {
    if (this.scale.start === start && this.scale.end === end) return false;
    this.scale = { start, end };
    const origin = this.timeline?.start ?? start;
    this.axisFrom.textContent = start === origin ? '0 s' : `+${durationText(start - origin)}`;
    this.axisTo.textContent = start === origin ? durationText(end - origin) : `+${durationText(end - origin)}`;
    return true;
  }

  private row(item: TimelineItemView, index: number): HTMLElement {
    const { start, end } = this.scale;
    const span = Math.max(1, end - start);
    const percent = (seconds: number) => `${Math.min(100, Math.max(0, (seconds / span) * 100)).toFixed(3)}%`;
    const track = h('span', { class: 'tl-track' });
    if (item.start !== null && item.end !== null) {
      const bar = h('span', { class: `tl-bar kind-${item.statusKind}${item.running ? ' running' : ''}` });
      const left = Math.max(item.start, start);
      bar.style.left = percent(left - start);
      bar.style.width = percent(Math.max(0, Math.min(item.end, end) - left));
      track.append(bar);
    } else if (item.start !== null) {
      // The end was not reported: where it started, and no made-up end.
      const mark = h('span', { class: `tl-mark kind-${item.statusKind}` });
      mark.style.left = percent(item.start - start);
      track.append(mark);
    }
    const duration = timelineDuration(item);
    const label = revealInvisible(item.label);
    const when = item.start === null ? 'start not reported' : `${localTime(item.start)} → ${item.running ? 'now' : item.end === null ? 'end not reported' : localTime(item.end)}`;
    const detail = `${item.tag} · ${label} · ${item.status.replace(/_/g, ' ')} · ${duration}\n${when}${item.id === item.label ? '' : `\n${revealInvisible(item.id)}`}`;
    const content = [h('span', { class: 'tl-label', dir: 'auto' }, h('span', { class: 'tl-index' }, item.tag), ` ${label}`), track, h('span', { class: 'tl-duration' }, duration)];
    if (item.current) return h('div', { class: 'tl-row current', title: detail }, ...content);
    return h('button', { class: 'tl-row', title: detail, focus: `tl:${index + 1}`, onClick: () => this.open(item.id, index) }, ...content);
  }
}

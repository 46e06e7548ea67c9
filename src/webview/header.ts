// The header: status, ids, model, times, duration, tokens, and what went wrong in words.
import type { PanelState, RunView } from '../shared/protocol';
import { button, h, type Child } from './dom';
import { clockTime, durationText, expiryText, localTime, usageText } from './format';
import { badge, forkButton, idChip, jsonButton, muted, notice, type Ctx } from './widgets';

const cancellable = new Set(['queued', 'in_progress', 'requires_action']);

function fact(label: string, ...value: Child[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

function liveIndicator(state: PanelState): HTMLElement {
  const updated = state.updatedAt ? `updated ${clockTime(state.updatedAt)}` : '';
  if (state.live) {
    return h(
      'span',
      { class: 'live on', title: 'The panel refreshes this run while it is active (less often while the panel is hidden).' },
      h('span', { class: 'pulse' }),
      'Live',
      updated ? muted(` · ${updated}`) : null,
    );
  }
  return h('span', { class: 'live' }, state.loading ? 'Loading…' : updated ? muted(updated.replace(/^u/, 'U')) : null);
}

/** The whole life (created → finished), and the last segment when the run was started again. */
function durationFact(run: RunView): Child[] {
  if (run.durationSeconds == null) return [muted('—')];
  const life = `${durationText(run.durationSeconds)}${run.active ? ' so far' : ''}`;
  if (run.lastSegmentSeconds == null) return [life];
  return [
    h('span', { title: 'From created to finished' }, life),
    muted(` · last segment ${durationText(run.lastSegmentSeconds)}${run.active ? ' so far' : ''} (from Started)`),
  ];
}

export function renderHeader(ctx: Ctx, state: PanelState, run: RunView): HTMLElement {
  const actions = h(
    'div',
    { class: 'actions' },
    button('Refresh', () => ctx.post({ type: 'refresh' }), { icon: 'refresh', kind: 'icon', focus: 'hdr:refresh', disabled: state.loading }),
    button('Compare with…', () => ctx.post({ type: 'compareWith' }), { icon: 'diff', kind: 'icon', title: 'Compare this run with another run or response', focus: 'hdr:compare' }),
    forkButton(ctx, undefined, 'this run from its start', 'hdr:fork'),
    run.status === 'requires_action' ? button('Answer in editor', () => ctx.post({ type: 'answerInEditor' }), { icon: 'go-to-file', kind: 'icon', title: 'Answer the tool calls in an editor', focus: 'hdr:answer' }) : null,
    cancellable.has(run.status) ? button('Cancel run', () => ctx.post({ type: 'cancelRun' }), { icon: 'debug-stop', kind: 'icon', focus: 'hdr:cancel' }) : null,
    jsonButton(ctx, { kind: 'run', id: run.id }, 'hdr:json'),
  );
  const title = h('div', { class: 'title-row' }, badge(run.status, run.statusKind, 'badge-large'), h('h1', {}, 'Run'), liveIndicator(state), h('span', { class: 'spacer' }), actions);

  const facts = h('dl', { class: 'facts' });
  facts.append(
    ...fact('Run', idChip(ctx, run.id, 'run id', 'hdr:copy-run')),
    ...fact('Thread', idChip(ctx, run.threadId, 'thread id', 'hdr:copy-thread')),
    ...fact('Assistant', run.assistantId ? idChip(ctx, run.assistantId, 'assistant id', 'hdr:copy-asst') : muted('—')),
    ...fact('Model', run.model ? h('code', {}, run.model) : muted('—')),
    ...fact('Connection', state.connectionName),
    ...fact('Created', localTime(run.createdAt)),
    ...fact('Started', run.startedAt ? localTime(run.startedAt) : muted(run.active ? 'not yet' : '—')),
    ...fact(run.finishedLabel, run.finishedAt ? localTime(run.finishedAt) : muted(run.active ? 'not yet' : '—')),
    ...fact('Duration', ...durationFact(run)),
    ...fact('Tokens', run.usage ? usageText(run.usage) : muted(run.active ? 'reported when the run ends' : 'not reported')),
  );

  const notices = h('div', { class: 'notices' }, ...run.notices.map((n) => notice(n.kind, n.text)));
  if (run.expiresAt) {
    const countdown = notice('warn', expiryText(run.expiresAt, Date.now()));
    countdown.classList.add('countdown');
    countdown.dataset.expiresAt = String(run.expiresAt);
    notices.append(countdown);
  }
  return h('header', { class: 'run-header' }, title, facts, notices);
}

/** Updates the "Expires in…" sentence; says whether a countdown is shown. */
export function tickCountdown(root: HTMLElement, nowMs = Date.now()): boolean {
  const el = root.querySelector<HTMLElement>('.countdown');
  if (!el?.dataset.expiresAt) return false;
  const span = el.querySelector('span:last-child');
  if (span) span.textContent = expiryText(Number(el.dataset.expiresAt), nowMs);
  return true;
}

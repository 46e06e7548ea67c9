// The response panel's Required action box: an output box per pending function or custom
// tool call, Approve / Deny with an optional reason per MCP approval request, and
// "Continue…". What is typed goes to the response's one draft (the continue document the
// editor shows), a little after typing pauses. Service strings only ever become text.
import type { AnswerDraftView, RequiredActionView, WebviewMessage } from '../shared/protocol';
import { button, h, icon } from './dom';
import { folded, handlerButton, idChip, muted, notice, type Ctx } from './widgets';

export interface ResponseActionBox {
  element: HTMLElement;
  /** The items it was built for: a different set builds a new box. */
  signature: string;
  /** Shows the draft as stored and the Continue state, except in the field being typed in. */
  update(action: RequiredActionView): void;
  /** Sends at once what is waiting for its pause (before Continue or "Edit in editor"). */
  flush(): void;
  /** Whether an answer to `id` waits for the typing pause before it is sent. */
  typing(id: string): boolean;
}

/**
 * What was typed in the box and not yet stored by the extension: kept by the page (its
 * state survives a reload), so a reload within the save pause loses nothing.
 */
export interface UnsentAnswers {
  get(id: string): { output?: string; reason?: string } | undefined;
  set(id: string, patch: { output?: string; reason?: string }): void;
}

export const actionSignature = (action: RequiredActionView) => action.items.map((i) => `${i.kind}\u0000${i.id}\u0000${i.name}\u0000${i.arguments}`).join('\u0001');

/** How long typing pauses before the answer is saved to the draft. */
const saveDelayMs = 400;

export function renderResponseAction(ctx: Ctx, action: RequiredActionView, post: (message: WebviewMessage) => void, unsent: UnsentAnswers): ResponseActionBox {
  const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; send: () => void }>();
  const later = (key: string, send: () => void) => {
    const existing = timers.get(key);
    if (existing) clearTimeout(existing.timer);
    timers.set(key, {
      send,
      timer: setTimeout(() => {
        timers.delete(key);
        send();
      }, saveDelayMs),
    });
  };
  const flush = () => {
    for (const [key, { timer, send }] of [...timers]) {
      clearTimeout(timer);
      timers.delete(key);
      send();
    }
  };
  const save = (id: string, patch: AnswerDraftView) => post({ type: 'saveAnswer', id, ...patch });

  const problems = new Map<string, HTMLElement>();
  const updaters: ((action: RequiredActionView, readOnly: boolean) => void)[] = [];
  const blocks = action.items.map((item, i) => {
    const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
    problems.set(item.id, problem);
    const title = h(
      'div',
      { class: 'call-title' },
      icon(item.kind === 'approval' ? 'shield' : 'symbol-method'),
      h('strong', { class: 'fn-name', dir: 'auto' }, item.name),
      item.kind !== 'unsupported' && item.name ? handlerButton(ctx, item.name, `rra:handler:${i}`) : null,
      item.serverLabel ? muted(`on ${item.serverLabel}`) : null,
      idChip(ctx, item.id, item.kind === 'approval' ? 'approval request id' : 'call id', `rra:copy:${i}`),
      muted(item.what),
    );
    const args = folded(item.arguments || '(no arguments)', { label: 'Arguments', maxLines: 20 });
    if (item.kind === 'unsupported') {
      return h('div', { class: 'pending-call' }, title, args, notice('info', `The panel answers function calls, custom tool calls and MCP approval requests only: answer this ${item.what} from your app.`));
    }
    if (item.kind === 'output') {
      const area = h('textarea', { id: `answer-${i}`, class: 'output', focus: `rra:out:${i}` });
      area.rows = 4;
      area.spellcheck = false;
      area.placeholder = 'The output your tool would return (any text; JSON is common)';
      area.addEventListener('input', () => {
        const output = area.value;
        unsent.set(item.id, { output });
        later(`out:${item.id}`, () => save(item.id, { output }));
      });
      updaters.push((next, readOnly) => {
        area.readOnly = readOnly;
        if (area.ownerDocument.activeElement === area || timers.has(`out:${item.id}`)) return;
        const shown = unsent.get(item.id)?.output ?? next.answers[item.id]?.output ?? '';
        if (area.value !== shown) area.value = shown;
      });
      // The label points at its box by index (ids of service data never become attributes).
      const label = h('label', { class: 'value-label', title: `Output for ${item.id}` }, `Output for ${item.name}`);
      label.htmlFor = `answer-${i}`;
      return h('div', { class: 'pending-call' }, title, args, label, area, problem);
    }
    // An MCP approval request: a radio group (arrow keys move between the two), and a reason.
    // The choice clicked here, until the draft holds it (a state in between must not undo
    // it) or the draft changes otherwise (the editor's newer choice wins).
    let chosen: { value: boolean; over: boolean | null | undefined } | undefined;
    let held: boolean | null | undefined;
    const choice = (value: boolean) => {
      const input = h('input', { focus: `rra:${value ? 'approve' : 'deny'}:${i}` });
      input.type = 'radio';
      input.name = `approve-${i}`;
      input.id = `approve-${i}-${value ? 'yes' : 'no'}`;
      input.addEventListener('change', () => {
        if (!input.checked) return;
        chosen = { value, over: held };
        save(item.id, { approve: value });
      });
      const label = h('label', { class: `choice choice-${value ? 'approve' : 'deny'}` }, input, icon(value ? 'check' : 'circle-slash'), value ? 'Approve' : 'Deny');
      return { input, label };
    };
    const yes = choice(true);
    const no = choice(false);
    const group = h('div', { class: 'approval-choice', role: 'radiogroup', label: `Approve or deny ${item.name}` }, yes.label, no.label);
    const reason = h('input', { class: 'reason', id: `reason-${i}`, focus: `rra:reason:${i}` });
    reason.type = 'text';
    reason.placeholder = 'Why (optional; the model sees it)';
    reason.addEventListener('input', () => {
      const text = reason.value;
      unsent.set(item.id, { reason: text });
      later(`reason:${item.id}`, () => save(item.id, { reason: text }));
    });
    const reasonLabel = h('label', { class: 'value-label' }, 'Reason');
    reasonLabel.htmlFor = `reason-${i}`;
    updaters.push((next, readOnly) => {
      const answer = next.answers[item.id];
      for (const input of [yes.input, no.input]) input.disabled = readOnly;
      reason.readOnly = readOnly;
      held = answer?.approve;
      if (chosen && (held === chosen.value || held !== chosen.over)) chosen = undefined;
      const approve = chosen ? chosen.value : held;
      yes.input.checked = approve === true;
      no.input.checked = approve === false;
      if (reason.ownerDocument.activeElement === reason || timers.has(`reason:${item.id}`)) return;
      const shown = unsent.get(item.id)?.reason ?? answer?.reason ?? '';
      if (reason.value !== shown) reason.value = shown;
    });
    return h('div', { class: 'pending-call' }, title, args, group, reasonLabel, reason, problem);
  });

  const heading = h('span', { class: 'action-state' });
  const note = h('p', { class: 'muted action-note' });
  const draftProblem = h('div', { class: 'draft-problem' });
  const result = h('div', { class: 'continue-result' });
  const status = h('span', { class: 'submit-status muted' });
  const answerable = action.items.some((i) => i.kind !== 'unsupported');
  const send = button(
    'Continue…',
    () => {
      flush();
      post({ type: 'continueResponse' });
    },
    { kind: 'primary', icon: 'send', focus: 'rra:continue', title: 'Send the answers as a new response that continues this one (asks first: it costs tokens)' },
  );
  const editor = button(
    'Edit in editor',
    () => {
      flush();
      post({ type: 'continueInEditor' });
    },
    { icon: 'go-to-file', focus: 'rra:editor', title: 'Open the same draft as the complete request Continue sends' },
  );
  const intro = h(
    'p',
    { class: 'muted' },
    'Type the answers and continue: a new response is created with them as its input. "Edit in editor" shows the same draft as the complete request that is sent.',
  );
  const element = h(
    'section',
    { class: 'required-action response-action', id: 'required-action', label: 'Required action' },
    h('h2', {}, icon('bell-dot'), 'Required action', heading),
    note,
    action.items.length ? intro : null,
    draftProblem,
    ...blocks,
    result,
    action.items.length ? h('div', { class: 'button-row' }, send, editor, status) : null,
  );

  const update = (next: RequiredActionView) => {
    const waiting = next.items.length > 0;
    heading.textContent = waiting ? (next.state === 'awaiting' ? ' · Awaiting' : ' · No answer seen') : ' · Continued';
    note.textContent = waiting ? next.note : '';
    note.hidden = !waiting;
    const readOnly = next.continuing || !!next.draftProblem;
    draftProblem.replaceChildren(...(next.draftProblem ? [notice('warn', next.draftProblem)] : []));
    for (const u of updaters) u(next, readOnly);
    send.disabled = next.continuing || !!next.draftProblem || !answerable;
    editor.disabled = next.continuing;
    element.setAttribute('aria-busy', String(next.continuing));
    status.replaceChildren(...(next.continuing ? [icon('loading', 'codicon-modifier-spin'), ' Continuing…'] : []));
    for (const p of problems.values()) p.hidden = true;
    const r = next.result;
    const unplaced: string[] = [];
    if (r?.kind === 'invalid') {
      for (const p of r.problems) {
        const slot = p.id ? problems.get(p.id) : undefined;
        if (!slot) {
          unplaced.push(p.id ? `${p.id}: ${p.message}` : p.message);
          continue;
        }
        slot.textContent = slot.hidden ? p.message : `${slot.textContent}\n${p.message}`;
        slot.hidden = false;
      }
    }
    if (!r) {
      result.replaceChildren();
    } else if (r.kind === 'created' && r.responseId) {
      const id = r.responseId;
      result.replaceChildren(
        h(
          'p',
          { class: 'continue-created', role: 'status' },
          icon('pass'),
          ` ${r.message} `,
          button(id, () => post({ type: 'openResponse', responseId: id }), { kind: 'link', icon: 'link', title: `Open ${id}`, focus: 'rra:created' }),
        ),
      );
    } else {
      const list = unplaced.length ? h('ul', { class: 'continue-problems' }, ...unplaced.map((text) => h('li', {}, text))) : null;
      result.replaceChildren(h('div', { class: `submit-message result-${r.kind}`, role: 'alert' }, r.message, list));
    }
  };
  update(action);
  return { element, signature: actionSignature(action), update, flush, typing: (id) => timers.has(`out:${id}`) || timers.has(`reason:${id}`) };
}

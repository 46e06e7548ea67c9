// The panel's page: receives validated state from the extension and renders it,
// keeping what the user did (open sections, typed outputs, focus, scroll) across
// refreshes and reloads.
import {
  acceptMessage,
  parseHostMessage,
  parsePersistedState,
  type JsonTarget,
  type PanelState,
  type PersistedState,
  type RunView,
  type Submission,
  type WebviewMessage,
} from '../shared/protocol';
import { append, button, h, withFocusKept } from './dom';
import { ExpandAllBar } from './expandAll';
import { drawLists, keepClearOfStickyTop } from './virtualList';
import { ImageRequests } from './imageRequests';
import { durationText } from './format';
import { renderHeader, tickCountdown } from './header';
import { MessageList } from './messages';
import { SearchBar } from './search';
import { renderComparison, renderConfig, renderRequiredAction, TimelineList, type RequiredActionView } from './sections';
import { StepList } from './steps';
import { folded, muted, notice, type Ctx } from './widgets';


/** An empty list in words: "yet" only while more can come. */
function emptyListText(run: RunView, list: 'steps' | 'messages'): string {
  const what = list === 'steps' ? 'steps' : 'messages';
  if (run.status === 'cancelling') return `No ${what}: the run is being cancelled.`;
  if (run.active) return `No ${what} yet.`;
  return list === 'steps' ? 'This run has no steps.' : 'This run created no messages.';
}

/** What the page needs of `acquireVsCodeApi()` (a fake in standalone tests). */
export interface HostApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface Section {
  details: HTMLDetailsElement;
  count: HTMLElement;
  body: HTMLElement;
  signature: string;
}

const jsonKey = (t: JsonTarget) => `${t.kind}:${t.stepId ?? ''}:${t.id}`;

export class App {
  private state: PanelState | undefined;
  private persisted: PersistedState | undefined;
  private readonly ctx: Ctx;
  private required: { signature: string; view: RequiredActionView } | undefined;
  private readonly sections = new Map<string, Section>();
  private readonly steps: StepList;
  private readonly stepsBar: ExpandAllBar;
  private readonly messages: MessageList;
  private readonly timeline: TimelineList;
  private readonly search: SearchBar;
  private readonly jsonWaiting = new Map<string, { body: HTMLElement; details: HTMLDetailsElement; target: JsonTarget }>();
  private readonly draftTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private countdown: ReturnType<typeof setTimeout> | undefined;
  /** Images by file id: asked once per page, shown wherever the file appears. */
  private readonly images: ImageRequests;
  private scrollRestored = false;
  private unsentResent = false;
  private lastAnnounced = '';
  private readonly announcer = h('div', { class: 'sr-only', role: 'status' });
  private readonly content = h('div', { class: 'content' });
  private readonly top = h('div', { class: 'sticky-top' });

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    const restored = parsePersistedState(host.getState());
    this.persisted = restored.ok ? restored.value : undefined;
    this.images = new ImageRequests((message) => this.post(message));
    this.ctx = {
      post: (message) => this.post(message),
      isOpen: (key, fallback) => this.persisted?.open?.[key] ?? fallback,
      setOpen: (key, open) => {
        if (!this.persisted) return;
        this.persisted.open = { ...this.persisted.open, [key]: open };
        this.save();
      },
      forgetOpen: (prefix) => {
        if (!this.persisted?.open) return;
        this.persisted.open = Object.fromEntries(Object.entries(this.persisted.open).filter(([key]) => !key.startsWith(prefix)));
        this.save();
      },
      loadImage: (fileId, slot, containerId) => this.images.load(fileId, slot, containerId),
    };
    this.steps = new StepList(this.ctx);
    this.stepsBar = new ExpandAllBar(this.steps, 'steps', 'steps');
    this.messages = new MessageList(this.ctx);
    this.timeline = new TimelineList(this.ctx, (_id, index) => this.jumpToStep(index));
    this.search = new SearchBar((m) => this.post(m), (match, focus) => this.goToMatch(match.list, match.index, focus), 'steps and messages');
  }

  start(): void {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    keepClearOfStickyTop(this.top);
    let scrollTimer: ReturnType<typeof setTimeout> | undefined;
    window.addEventListener('scroll', () => {
      if (scrollTimer || !this.scrollRestored) return;
      scrollTimer = setTimeout(() => {
        scrollTimer = undefined;
        if (this.persisted) {
          this.persisted.scrollY = Math.round(window.scrollY);
          this.save();
        }
      }, 250);
    });
    this.post({ type: 'ready' });
  }

  private post(message: WebviewMessage): void {
    // What was typed a moment ago goes first: the editor and the submission see it.
    if (message.type === 'answerInEditor' || message.type === 'submitToolOutputs') this.flushDrafts();
    this.host.postMessage(message);
  }

  private flushDrafts(): void {
    for (const id of [...this.draftTimers.keys()]) {
      clearTimeout(this.draftTimers.get(id));
      this.draftTimers.delete(id);
      const text = this.persisted?.drafts?.[id];
      if (text !== undefined) this.host.postMessage({ type: 'saveDraft', toolCallId: id, text });
    }
  }

  private save(): void {
    if (this.persisted) this.host.setState(this.persisted);
  }

  receive(data: unknown): void {
    const message = acceptMessage(parseHostMessage, data, (line) => console.warn(`[agent-runs] ${line}`), 'extension');
    if (!message) return;
    switch (message.type) {
      case 'state':
        this.render(message.state);
        return;
      case 'submission':
        this.onSubmission(message.submission);
        return;
      case 'image':
        this.images.receive(message.image);
        return;
      case 'drafts':
        if (this.state) this.state = { ...this.state, drafts: message.drafts, draftProblem: message.draftProblem ?? null };
        this.acknowledge(message.drafts);
        if (this.state) this.required?.view.setDrafts(this.state, this.drafts());
        return;
      case 'json': {
        const waiting = this.jsonWaiting.get(jsonKey(message.target));
        if (!waiting) return;
        waiting.body.replaceChildren(message.text !== null ? folded(message.text, { maxLines: 60, maxChars: 20_000, copy: this.ctx }) : notice('error', message.error ?? 'The JSON could not be read.'));
        return;
      }
      case 'range':
        if (message.list === 'steps') this.steps.data.receive(message.version, message.from, message.items);
        else if (message.list === 'messages') this.messages.data.receive(message.version, message.from, message.items);
        else if (message.list === 'timeline') this.timeline.data.receive(message.version, message.from, message.items);
        return;
      case 'searchResult':
        this.search.receive(message.seq, message.matches, message.total);
        return;
      case 'responseState':
      case 'requiredAction':
        // The response page's messages.
        return;
    }
  }

  private onSubmission(submission: Submission): void {
    if (!this.state) return;
    this.state = { ...this.state, submission };
    if (submission.state === 'done' && this.persisted) {
      this.persisted.drafts = {};
      this.save();
      for (const timer of this.draftTimers.values()) clearTimeout(timer);
      this.draftTimers.clear();
    }
    this.required?.view.setSubmission(submission);
  }

  private render(state: PanelState): void {
    const same = this.persisted && JSON.stringify(this.persisted.ref) === JSON.stringify(state.ref);
    if (!same) this.persisted = { ref: state.ref, open: {}, drafts: {} };
    this.acknowledge(state.drafts);
    this.save();
    this.state = state;
    this.root.setAttribute('aria-busy', String(state.loading));
    withFocusKept(this.root, () => {
      if (!state.run) this.renderEmpty(state);
      else this.renderRun(state, state.run);
    });
    this.announce(state);
    this.scheduleCountdown();
    if (!this.scrollRestored && state.run) {
      this.scrollRestored = true;
      const y = this.persisted?.scrollY;
      if (y) requestAnimationFrame(() => window.scrollTo(0, y));
    }
  }

  private announce(state: PanelState): void {
    const text = state.run ? `Run ${state.run.status.replace(/_/g, ' ')}` : state.error ? 'The run could not be loaded' : '';
    if (text && text !== this.lastAnnounced) {
      this.lastAnnounced = text;
      this.announcer.textContent = text;
    }
  }

  private renderEmpty(state: PanelState): void {
    this.required = undefined;
    this.sections.clear();
    const body = state.error
      ? h(
          'div',
          { class: 'empty-state' },
          notice('error', state.error),
          h('p', { class: 'muted' }, `Run ${state.ref.runId} on ${state.ref.threadId} (${state.connectionName}).`),
          button('Retry', () => this.post({ type: 'refresh' }), { icon: 'refresh', kind: 'primary', focus: 'retry' }),
        )
      : h('div', { class: 'empty-state' }, h('p', { class: 'placeholder' }, h('span', { class: 'codicon codicon-loading codicon-modifier-spin' }), ` Loading ${state.ref.runId}…`));
    this.root.replaceChildren(body, this.announcer);
  }

  private section(key: string, title: string, openByDefault: boolean): Section {
    let section = this.sections.get(key);
    if (section) return section;
    const count = h('span', { class: 'count muted' });
    const body = h('div', { class: 'section-body' });
    const details = h('details', { class: `section section-${key}`, id: `section-${key}` }, h('summary', { focus: `section:${key}` }, h('h2', {}, title), count), body);
    details.open = this.ctx.isOpen(`section:${key}`, openByDefault);
    details.addEventListener('toggle', () => this.ctx.setOpen(`section:${key}`, details.open));
    section = { details, count, body, signature: '' };
    this.sections.set(key, section);
    return section;
  }

  private fill(section: Section, signature: string, build: () => (Node | string | null)[]): void {
    if (section.signature === signature) return;
    section.signature = signature;
    section.body.replaceChildren();
    append(section.body, ...build());
  }

  private renderRun(state: PanelState, run: RunView): void {
    if (!this.root.contains(this.content)) this.root.replaceChildren(this.content, this.announcer);
    const header = renderHeader(this.ctx, state, run);
    // The header and the search bar stay at the top while the page scrolls; the bar is made
    // once, so what is typed in it (and its focus) survives every refresh.
    if (!this.top.contains(this.search.element)) this.top.append(this.search.element);
    const old = this.top.querySelector(':scope > header');
    if (old) old.replaceWith(header);
    else this.top.prepend(header);
    const order: HTMLElement[] = [this.top];

    // Required action: rebuilt only when the set of pending calls changes, so typing survives.
    if (run.pendingCalls.length) {
      const signature = run.pendingCalls.map((c) => `${c.id}\u0000${c.name}\u0000${c.arguments}`).join('\u0001');
      if (this.required?.signature !== signature) {
        this.required = { signature, view: renderRequiredAction(this.ctx, state, run, this.drafts()) };
      } else {
        this.required.view.setSubmission(state.submission);
        this.required.view.setDrafts(state, this.drafts());
      }
      order.push(this.required.view.element);
    } else {
      this.required = undefined;
    }

    const comparison = this.section('comparison', 'Comparison', true);
    if (state.comparison) {
      const c = state.comparison;
      this.fill(comparison, JSON.stringify(c), () => renderComparison(this.ctx, c));
      comparison.count.textContent = `with ${c.other}`;
      order.push(comparison.details);
    }

    const timeline = this.section('timeline', 'Timeline', true);
    if (run.timeline) {
      const t = run.timeline;
      if (!timeline.body.contains(this.timeline.element)) timeline.body.replaceChildren(this.timeline.element);
      this.timeline.update(t, state.lists?.timeline);
      const n = this.timeline.data.total;
      timeline.count.textContent = `${n.toLocaleString('en-US')} step${n === 1 ? '' : 's'} over ${durationText(Math.max(0, t.end - t.start))}`;
      order.push(timeline.details);
    }

    // Folded unless a value explains the outcome (e.g. a low max_completion_tokens).
    const notes = run.config.filter((c) => c.note && c.key !== 'tools' && c.key !== 'parallel_tool_calls').length;
    const config = this.section('config', 'Configuration', notes > 0);
    this.fill(config, JSON.stringify([run.instructions, run.config]), () => renderConfig(this.ctx, run));
    const noted = run.config.filter((c) => c.note).length;
    config.count.textContent = noted ? `${noted} note${noted === 1 ? '' : 's'}` : '';
    order.push(config.details);

    const steps = this.section('steps', 'Steps', true);
    if (!steps.body.contains(this.steps.element)) steps.body.replaceChildren(this.stepsBar.element, this.steps.element);
    this.steps.update(run.steps, state.lists?.steps);
    const stepCount = this.steps.total;
    this.stepsBar.element.hidden = stepCount < 2;
    const stepsError = run.stepsError ? notice('error', run.stepsError) : null;
    steps.body.querySelector(':scope > .notice')?.remove();
    if (stepsError) steps.body.prepend(stepsError);
    if (!stepCount && !stepsError) {
      steps.body.querySelector(':scope > .muted')?.remove();
      steps.body.prepend(muted(state.loading ? 'Loading the steps…' : emptyListText(run, 'steps')));
    } else {
      steps.body.querySelector(':scope > .muted')?.remove();
    }
    steps.count.textContent = stepCount.toLocaleString('en-US');
    order.push(steps.details);

    const messages = this.section('messages', 'Messages', true);
    this.messages.update(run.messages, state.lists?.messages);
    const messageCount = this.messages.data.total;
    this.fill(messages, JSON.stringify([run.messagesError, state.loading, messageCount > 0]), () => [
      run.messagesError ? notice('error', run.messagesError) : null,
      messageCount ? this.messages.list.element : muted(state.loading ? 'Loading the messages…' : emptyListText(run, 'messages')),
    ]);
    messages.count.textContent = messageCount.toLocaleString('en-US');
    order.push(messages.details);

    const json = this.section('json', 'Raw JSON', false);
    const targets: { target: JsonTarget; label: string }[] = [{ target: { kind: 'run', id: run.id }, label: `Run ${run.id}` }];
    this.fill(json, targets.map((t) => jsonKey(t.target)).join(','), () => {
      this.jsonWaiting.clear();
      return [
        h('p', { class: 'muted' }, 'The run as the service returned it; each step and message has its own JSON button. "Open as JSON" shows it in an editor tab, with folding and search.'),
        ...targets.map((t) => this.jsonItem(t.target, t.label)),
      ];
    });
    // Open JSON items follow live changes.
    if (state.run?.active) for (const w of this.jsonWaiting.values()) if (w.details.open) this.post({ type: 'getJson', target: w.target });
    json.count.textContent = String(targets.length);
    order.push(json.details);

    // Put the sections in order, moving only what is out of place.
    let previous: Element | null = null;
    for (const el of order) {
      const expected: Element | null = previous ? previous.nextElementSibling : this.content.firstElementChild;
      if (expected !== el) {
        if (previous) previous.after(el);
        else this.content.prepend(el);
      }
      previous = el;
    }
    while (previous?.nextElementSibling) previous.nextElementSibling.remove();
    drawLists();
  }

  private jsonItem(target: JsonTarget, label: string): HTMLElement {
    const body = h('div', { class: 'json-body' });
    const key = `json:${jsonKey(target)}`;
    const details = h(
      'details',
      { class: 'json-item' },
      h('summary', { focus: key }, h('code', { dir: 'auto' }, label), button('Open as JSON', () => this.post({ type: 'openJson', target }), { icon: 'json', kind: 'icon', title: 'Open as JSON in an editor tab', focus: `${key}:open` })),
      body,
    );
    this.jsonWaiting.set(jsonKey(target), { body, details, target });
    const load = () => {
      if (!details.open) return;
      if (!body.firstChild) body.append(muted('Loading…'));
      this.post({ type: 'getJson', target });
    };
    details.open = this.ctx.isOpen(key, false);
    details.addEventListener('toggle', () => {
      this.ctx.setOpen(key, details.open);
      load();
    });
    load();
    return details;
  }

  /**
   * The page keeps what was typed but not yet stored by the extension (a reload within
   * the save delay must not lose it); once the draft store holds the same text, the
   * store is the one copy.
   */
  private acknowledge(stored: Record<string, string>): void {
    const unsent = this.persisted?.drafts;
    if (!unsent) return;
    let changed = false;
    const first = !this.unsentResent;
    this.unsentResent = true;
    for (const [id, text] of Object.entries(unsent)) {
      if (this.draftTimers.has(id)) continue;
      if ((stored[id] ?? '') === text) {
        delete unsent[id];
        changed = true;
      } else if (first) {
        // Typed just before a reload and never stored: store it now.
        this.post({ type: 'saveDraft', toolCallId: id, text });
      }
    }
    if (changed) this.save();
  }



  private drafts() {
    return {
      /** What was typed here and not yet stored. */
      unsent: (id: string) => this.persisted?.drafts?.[id],
      set: (id: string, text: string) => {
        if (!this.persisted) return;
        this.persisted.drafts = { ...this.persisted.drafts, [id]: text };
        this.save();
        const timer = this.draftTimers.get(id);
        if (timer) clearTimeout(timer);
        this.draftTimers.set(
          id,
          setTimeout(() => {
            this.draftTimers.delete(id);
            this.post({ type: 'saveDraft', toolCallId: id, text });
          }, 400),
        );
      },
    };
  }

  private jumpToStep(index: number, focus = true): void {
    const steps = this.sections.get('steps');
    if (steps && !steps.details.open) steps.details.open = true;
    this.steps.reveal(index, focus);
  }

  /** A search's match: its row brought into view (its section opened), opened and marked. */
  private goToMatch(list: string, index: number, focus: boolean): void {
    if (list === 'steps') return this.jumpToStep(index, focus);
    const messages = this.sections.get('messages');
    if (list !== 'messages' || !messages) return;
    if (!messages.details.open) messages.details.open = true;
    this.messages.reveal(index, focus);
  }

  private scheduleCountdown(): void {
    if (this.countdown) return;
    const tick = () => {
      this.countdown = undefined;
      if (tickCountdown(this.root)) this.countdown = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    if (this.root.querySelector('.countdown')) this.countdown = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  }
}

// The response panel's page: receives validated state from the extension and renders it
// (header, timeline, configuration, output items, input items, the chain, raw JSON), keeping what
// the user did (open sections, focus, scroll) across refreshes and reloads.
import {
  acceptMessage,
  parseHostMessage,
  parseResponsePersistedState,
  type JsonTarget,
  type MomentView,
  type ResponsePanelState,
  type ResponsePersistedState,
  type ResponseUsageView,
  type ResponseView,
  type WebviewMessage,
} from '../shared/protocol';
import type { HostApi } from './app';
import { append, button, h, withFocusKept, type Child } from './dom';
import { clockTime, durationText, localTime, revealInvisible } from './format';
import { ExpandAllBar } from './expandAll';
import { drawLists, keepClearOfStickyTop } from './virtualList';
import { ImageRequests } from './imageRequests';
import { ItemList } from './responseItems';
import { actionSignature, renderResponseAction, type ResponseActionBox, type UnsentAnswers } from './responseAction';
import { SearchBar } from './search';
import { renderComparison, renderConfig, TimelineList } from './sections';
import { badge, folded, forkButton, idChip, jsonButton, muted, notice, type Ctx } from './widgets';

interface Section {
  details: HTMLDetailsElement;
  count: HTMLElement;
  body: HTMLElement;
  signature: string;
}

const jsonKey = (t: JsonTarget) => `${t.kind}:${t.id}`;
const group = (n: number) => n.toLocaleString('en-US');


export function momentText(moment: MomentView, active: boolean): Child {
  switch (moment.kind) {
    case 'at':
      return localTime(moment.seconds);
    case 'notYet':
      return muted(active ? 'not yet' : '—');
    case 'notReported':
      return muted('not reported');
  }
}

export function usageLine(usage: ResponseUsageView): string {
  const parts: string[] = [];
  if (usage.input != null) parts.push(`input ${group(usage.input)}${usage.cachedInput ? ` (${group(usage.cachedInput)} cached)` : ''}`);
  if (usage.output != null) parts.push(`output ${group(usage.output)}${usage.reasoning ? ` (${group(usage.reasoning)} reasoning)` : ''}`);
  if (usage.total != null) parts.push(`total ${group(usage.total)}`);
  return parts.join(' · ') || 'not reported';
}

function durationFact(view: ResponseView): Child {
  switch (view.duration.kind) {
    case 'seconds':
      return durationText(view.duration.seconds);
    case 'running':
      return `${durationText(Math.max(0, Date.now() / 1000 - view.duration.since))} so far`;
    case 'notReported':
      return muted(view.active ? 'not yet' : 'not reported');
  }
}

function fact(label: string, ...value: Child[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

export class ResponseApp {
  private persisted: ResponsePersistedState | undefined;
  private state: ResponsePanelState | undefined;
  private action: ResponseActionBox | undefined;
  /** Whether answers kept across a reload were offered to the draft again. */
  private unsentResent = false;
  private readonly ctx: Ctx;
  private readonly sections = new Map<string, Section>();
  private readonly output: ItemList;
  private readonly outputBar: ExpandAllBar;
  private readonly inputs: ItemList;
  private readonly inputsBar: ExpandAllBar;
  private readonly timeline: TimelineList;
  private readonly search: SearchBar;
  private readonly moreInputs: IntersectionObserver;
  /** How many input items there were when the next page was last asked for by scrolling. */
  private autoLoadedAt = -1;
  private readonly jsonWaiting = new Map<string, { body: HTMLElement; details: HTMLDetailsElement; target: JsonTarget }>();
  private readonly images: ImageRequests;
  private scrollRestored = false;
  private lastAnnounced = '';
  private readonly announcer = h('div', { class: 'sr-only', role: 'status' });
  private readonly content = h('div', { class: 'content' });
  private readonly top = h('div', { class: 'sticky-top' });

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    const restored = parseResponsePersistedState(host.getState());
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
    this.output = new ItemList(this.ctx, 'output');
    this.outputBar = new ExpandAllBar(this.output, 'items', 'output');
    this.inputs = new ItemList(this.ctx, 'input');
    this.inputsBar = new ExpandAllBar(this.inputs, 'items', 'inputs');
    this.timeline = new TimelineList(this.ctx, (id) => this.post({ type: 'openResponse', responseId: id }), { column: 'Response', group: 'Responses over time' });
    this.search = new SearchBar((m) => this.post(m), (match, focus) => this.goToMatch(match.list, match.index, focus), 'output and input items');
    // The next page of input items is read when the end of those read comes into view.
    // Once per page read: a page that brought nothing new is not asked for again by itself.
    this.moreInputs = new IntersectionObserver((entries) => {
      const inputs = this.state?.response?.inputs;
      if (!entries.some((e) => e.isIntersecting) || !inputs?.hasMore || inputs.loading || this.inputs.total === this.autoLoadedAt) return;
      this.autoLoadedAt = this.inputs.total;
      this.post({ type: 'loadMoreInputs' });
    });
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
    this.host.postMessage(message);
  }

  private save(): void {
    if (this.persisted) this.host.setState(this.persisted);
  }

  /** The page's copy of answers typed but not yet stored (see UnsentAnswers). */
  private unsent(): UnsentAnswers {
    return {
      get: (id) => this.persisted?.answers?.[id],
      set: (id, patch) => {
        if (!this.persisted) return;
        this.persisted.answers = { ...this.persisted.answers, [id]: { ...this.persisted.answers?.[id], ...patch } };
        this.save();
      },
    };
  }

  /**
   * Once the draft holds what was typed, the draft is the one copy; what it does not hold
   * after a reload (typed within the save pause) is stored now, once.
   */
  private acknowledge(stored: Record<string, { output?: string; reason?: string }>): void {
    const first = !this.unsentResent;
    this.unsentResent = true;
    const unsent = this.persisted?.answers;
    if (!unsent) return;
    let changed = false;
    for (const [id, patch] of Object.entries(unsent)) {
      const held = stored[id];
      const keys = Object.keys(patch) as ('output' | 'reason')[];
      if (keys.every((k) => (held?.[k] ?? '') === patch[k])) {
        delete unsent[id];
        changed = true;
      } else if (first) {
        // Typed just before a reload and never stored: store it now.
        this.post({ type: 'saveAnswer', id, ...patch });
      } else if (!this.action?.typing(id)) {
        // Stored since, and changed elsewhere (the editor): the draft wins.
        delete unsent[id];
        changed = true;
      }
    }
    if (changed) this.save();
  }

  receive(data: unknown): void {
    const message = acceptMessage(parseHostMessage, data, (line) => console.warn(`[agent-runs] ${line}`), 'extension');
    if (!message) return;
    switch (message.type) {
      case 'responseState':
        this.render(message.state);
        return;
      case 'image':
        this.images.receive(message.image);
        return;
      case 'json': {
        const waiting = this.jsonWaiting.get(jsonKey(message.target));
        if (!waiting) return;
        waiting.body.replaceChildren(message.text !== null ? folded(message.text, { maxLines: 60, maxChars: 20_000, copy: this.ctx }) : notice('error', message.error ?? 'The JSON could not be read.'));
        return;
      }
      case 'requiredAction':
        if (this.state) this.render({ ...this.state, action: message.action });
        return;
      case 'range':
        if (message.list === 'output') this.output.data.receive(message.version, message.from, message.items);
        else if (message.list === 'inputs') this.inputs.data.receive(message.version, message.from, message.items);
        else if (message.list === 'timeline') this.timeline.data.receive(message.version, message.from, message.items);
        return;
      case 'searchResult':
        this.search.receive(message.seq, message.matches, message.total);
        return;
      case 'state':
      case 'submission':
      case 'drafts':
        // A run page's messages.
        return;
    }
  }

  private render(state: ResponsePanelState): void {
    const same = this.persisted && JSON.stringify(this.persisted.ref) === JSON.stringify(state.ref);
    if (!same) this.persisted = { ref: state.ref, open: {} };
    this.save();
    this.state = state;
    this.root.setAttribute('aria-busy', String(state.loading));
    withFocusKept(this.root, () => {
      if (!state.response) this.renderEmpty(state);
      else this.renderResponse(state, state.response);
    });
    const text = state.response ? `Response ${state.response.status.replace(/_/g, ' ')}` : state.error ? 'The response could not be loaded' : '';
    if (text && text !== this.lastAnnounced) {
      this.lastAnnounced = text;
      this.announcer.textContent = text;
    }
    if (!this.scrollRestored && state.response) {
      this.scrollRestored = true;
      const y = this.persisted?.scrollY;
      if (y) requestAnimationFrame(() => window.scrollTo(0, y));
    }
  }

  private renderEmpty(state: ResponsePanelState): void {
    this.action = undefined;
    this.sections.clear();
    const body = state.error
      ? h(
          'div',
          { class: 'empty-state' },
          notice('error', state.error),
          h('p', { class: 'muted' }, `Response ${state.ref.responseId} (${state.connectionName}).`),
          button('Retry', () => this.post({ type: 'refresh' }), { icon: 'refresh', kind: 'primary', focus: 'retry' }),
        )
      : h('div', { class: 'empty-state' }, h('p', { class: 'placeholder' }, h('span', { class: 'codicon codicon-loading codicon-modifier-spin' }), ` Loading ${state.ref.responseId}…`));
    this.root.replaceChildren(body, this.announcer);
  }

  /** A search's match: its row brought into view (its section opened), opened and marked. */
  private goToMatch(list: string, index: number, focus: boolean): void {
    const key = list === 'output' ? 'output' : list === 'inputs' ? 'inputs' : undefined;
    const section = key && this.sections.get(key);
    if (!section) return;
    if (!section.details.open) section.details.open = true;
    (list === 'output' ? this.output : this.inputs).reveal(index, focus);
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

  private fill(section: Section, signature: string, build: () => Child[]): void {
    if (section.signature === signature) return;
    section.signature = signature;
    section.body.replaceChildren();
    append(section.body, ...build());
  }

  private renderHeader(state: ResponsePanelState, view: ResponseView): HTMLElement {
    const actions = h(
      'div',
      { class: 'actions' },
      button('Refresh', () => this.post({ type: 'refresh' }), { icon: 'refresh', kind: 'icon', focus: 'hdr:refresh', disabled: state.loading }),
      button('Compare with…', () => this.post({ type: 'compareWith' }), { icon: 'diff', kind: 'icon', title: 'Compare this response with another response or run', focus: 'hdr:compare' }),
      forkButton(this.ctx, undefined, 'this response from its start', 'hdr:fork'),
      view.cancellable ? button('Cancel response', () => this.post({ type: 'cancelResponse' }), { icon: 'debug-stop', kind: 'icon', focus: 'hdr:cancel' }) : null,
      jsonButton(this.ctx, { kind: 'response', id: view.id }, 'hdr:json'),
    );
    const updated = state.updatedAt ? `updated ${clockTime(state.updatedAt)}` : '';
    const live = state.live
      ? h('span', { class: 'live on', title: 'The panel refreshes this response while it is active (less often while the panel is hidden).' }, h('span', { class: 'pulse' }), 'Live', updated ? muted(` · ${updated}`) : null)
      : h('span', { class: 'live' }, state.loading ? 'Loading…' : updated ? muted(updated.replace(/^u/, 'U')) : null);
    const titleRow = h('div', { class: 'title-row' }, badge(view.status, view.statusKind, 'badge-large'), h('h1', {}, 'Response'), live, h('span', { class: 'spacer' }), actions);
    const chainLink = (id: string, focus: string) => button(id, () => this.post({ type: 'openResponse', responseId: id }), { kind: 'link', icon: 'link', title: `Open ${id}`, focus });
    const facts = h('dl', { class: 'facts' });
    facts.append(
      ...fact('Response', idChip(this.ctx, view.id, 'response id', 'hdr:copy-resp')),
      ...(view.agent ? fact('Agent', h('code', { dir: 'auto' }, view.agent.name), view.agent.version ? muted(` version ${view.agent.version}`) : null) : []),
      ...fact('Model', view.model ? h('code', { dir: 'auto' }, view.model) : muted('—')),
      ...fact('Conversation', view.conversationId ? idChip(this.ctx, view.conversationId, 'conversation id', 'hdr:copy-conv') : muted('none')),
      ...fact('Previous', view.previousId ? chainLink(view.previousId, 'hdr:prev') : muted('none')),
      ...fact('Connection', state.connectionName),
      ...fact('Created', momentText(view.created, view.active)),
      ...fact(view.completedLabel, momentText(view.completed, view.active)),
      ...fact('Duration', durationFact(view)),
      ...fact('Tokens', view.usage ? usageLine(view.usage) : muted(view.active ? 'reported when the response ends' : 'not reported')),
    );
    const notices = h('div', { class: 'notices' }, ...view.notices.map((n) => notice(n.kind, n.text)), state.cancelMessage ? notice('info', state.cancelMessage) : null);
    return h('header', { class: 'run-header response-header' }, titleRow, facts, notices);
  }

  private renderResponse(state: ResponsePanelState, view: ResponseView): void {
    if (!this.root.contains(this.content)) this.root.replaceChildren(this.content, this.announcer);
    const header = this.renderHeader(state, view);
    // The header and the search bar stay at the top while the page scrolls; the bar is made
    // once, so what is typed in it (and its focus) survives every refresh.
    if (!this.top.contains(this.search.element)) this.top.append(this.search.element);
    const old = this.top.querySelector(':scope > header');
    if (old) old.replaceWith(header);
    else this.top.prepend(header);
    const order: HTMLElement[] = [this.top];

    // Required action: rebuilt only when what the response waits for changes, so typing survives.
    if (state.action) {
      this.acknowledge(state.action.answers);
      if (this.action?.signature !== actionSignature(state.action)) {
        this.action?.flush();
        this.action = renderResponseAction(this.ctx, state.action, (message) => this.post(message), this.unsent());
      } else {
        this.action.update(state.action);
      }
      order.push(this.action.element);
    } else {
      this.action?.flush();
      this.action = undefined;
    }

    const comparison = this.section('comparison', 'Comparison', true);
    if (state.comparison) {
      const c = state.comparison;
      this.fill(comparison, JSON.stringify(c), () => renderComparison(this.ctx, c));
      comparison.count.textContent = `with ${c.other}`;
      order.push(comparison.details);
    }

    // The chain on the clock; hidden, like the run's, when there is nothing to place on it.
    const t = view.timeline;
    if (t) {
      const timeline = this.section('timeline', 'Timeline', true);
      const info = state.lists?.timeline;
      // Known only when the state holds the whole chain (it almost always does: a chain of more than 40 is rare).
      const whole = !info || info.total === t.items.length;
      const previousMissing = whole && view.previousId && !t.items.some((i) => i.id === view.previousId) ? view.previousId : null;
      this.timeline.update(t, info);
      this.fill(timeline, JSON.stringify(previousMissing), () => [
        this.timeline.element,
        previousMissing ? h('p', { class: 'muted' }, `The previous response (${revealInvisible(previousMissing)}) is not loaded here; open it to place it on the timeline.`) : null,
        h('p', { class: 'muted' }, 'Items carry no times in the Responses API, so the output is shown in order, not on the clock.'),
      ]);
      const n = this.timeline.data.total;
      timeline.count.textContent = `${n.toLocaleString('en-US')} response${n === 1 ? '' : 's'}`;
      order.push(timeline.details);
    }

    const notes = view.config.filter((c) => c.note && c.key !== 'tools' && c.key !== 'parallel_tool_calls').length;
    const config = this.section('config', 'Configuration', notes > 0);
    this.fill(config, JSON.stringify([view.instructions, view.config]), () => renderConfig(this.ctx, view));
    const noted = view.config.filter((c) => c.note).length;
    config.count.textContent = noted ? `${noted} note${noted === 1 ? '' : 's'}` : '';
    order.push(config.details);

    const output = this.section('output', 'Output', true);
    if (!output.body.contains(this.output.element)) output.body.replaceChildren(this.outputBar.element, this.output.element);
    this.output.update(view.output, state.lists?.output);
    const outputCount = this.output.total;
    this.outputBar.element.hidden = outputCount < 2;
    output.body.querySelector(':scope > .muted')?.remove();
    if (!outputCount) output.body.prepend(muted(view.active ? 'No output yet.' : 'This response has no output items.'));
    output.count.textContent = outputCount.toLocaleString('en-US');
    order.push(output.details);

    const inputs = this.section('inputs', 'Input items', false);
    if (!inputs.body.contains(this.inputs.element)) inputs.body.replaceChildren(this.inputsBar.element, this.inputs.element);
    this.inputs.update(view.inputs.items, state.lists?.inputs);
    const inputCount = this.inputs.total;
    this.inputsBar.element.hidden = inputCount < 2;
    for (const el of inputs.body.querySelectorAll(':scope > .list-note')) el.remove();
    const note = (child: HTMLElement) => {
      child.classList.add('list-note');
      return child;
    };
    if (view.inputs.error) inputs.body.prepend(note(notice('error', view.inputs.error)));
    else if (!inputCount) inputs.body.prepend(note(muted(view.inputs.loading || !view.inputs.loaded ? 'Loading the input items…' : 'No input items.')));
    this.moreInputs.disconnect();
    if (view.inputs.hasMore) {
      const more = button(view.inputs.loading ? 'Loading…' : 'Load more', () => this.post({ type: 'loadMoreInputs' }), { icon: 'ellipsis', focus: 'inputs:more', disabled: view.inputs.loading });
      inputs.body.append(note(h('div', { class: 'button-row' }, more)));
      if (!view.inputs.loading && !view.inputs.error) this.moreInputs.observe(more);
    }
    inputs.count.textContent = `${inputCount.toLocaleString('en-US')}${view.inputs.hasMore ? '+' : ''}`;
    order.push(inputs.details);

    if (view.previousId || view.nextIds.length) {
      const chain = this.section('chain', 'Chain', true);
      this.fill(chain, JSON.stringify([view.previousId, view.nextIds]), () => [
        h(
          'ol',
          { class: 'chain' },
          view.previousId ? h('li', {}, muted('previous '), button(view.previousId, () => this.post({ type: 'openResponse', responseId: view.previousId! }), { kind: 'link', icon: 'arrow-up', focus: 'chain:prev' })) : null,
          h('li', { class: 'chain-self' }, muted('this '), h('code', {}, view.id)),
          ...view.nextIds.map((id, i) => h('li', {}, muted('next '), button(id, () => this.post({ type: 'openResponse', responseId: id }), { kind: 'link', icon: 'arrow-down', focus: `chain:next:${i}` }))),
        ),
        view.nextIds.length ? null : muted('No response that continues this one is known here.'),
      ]);
      chain.count.textContent = String((view.previousId ? 1 : 0) + 1 + view.nextIds.length);
      order.push(chain.details);
    }

    const json = this.section('json', 'Raw JSON', false);
    const targets: { target: JsonTarget; label: string }[] = [{ target: { kind: 'response', id: view.id }, label: `Response ${view.id}` }];
    this.fill(json, targets.map((t) => jsonKey(t.target)).join(','), () => {
      this.jsonWaiting.clear();
      return [
        h('p', { class: 'muted' }, 'The response as the service returned it; each item has its own JSON button. "Open as JSON" shows it in an editor tab, with folding and search.'),
        ...targets.map((t) => this.jsonItem(t.target, t.label)),
      ];
    });
    if (view.active) for (const w of this.jsonWaiting.values()) if (w.details.open) this.post({ type: 'getJson', target: w.target });
    json.count.textContent = String(targets.length);
    order.push(json.details);

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


}

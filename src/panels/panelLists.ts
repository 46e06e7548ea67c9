// The host's side of the panels' long lists (src/shared/lists.ts): a state carries the
// first rows of each list and how many there are; the page asks for the rest as it
// scrolls, and searches through the extension. So no message to a page is larger than
// `maxMessageBytes`, and what the page holds follows what it shows, not the run's size.
import { clipStrings, firstWindowChars, firstWindowRows, maxValueChars, windowBudgetChars } from '../shared/lists';
import type { HostMessage, ItemView, ListInfos, ListName, MessageView, PanelState, ResponsePanelState, SearchMatch, StepView, TimelineItemView, WebviewMessage } from '../shared/protocol';

/** How a list's rows are searched and named in the results. */
export interface ListSearch {
  /** A short name of a row for the result line ("#12 function call lookup_order"). */
  label(item: unknown, index: number): string;
}

interface Held {
  /** The rows as built (whole), for search. */
  items: readonly unknown[];
  /** The rows as sent (long strings cut), and their JSON. */
  sent: unknown[];
  json: string[];
  /** Lower-cased text of each row, built on the first search. */
  haystacks: (string | undefined)[];
  version: number;
  changedFrom: number;
}

/** Most matches a search result carries (`total` counts all). */
export const maxMatches = 1000;

/** Cuts for a row whose JSON is still over the window's budget after the usual cut. */
const tighterCuts = [8 * 1024, 1024, 128];

function sendable(item: unknown): { sent: unknown; json: string } {
  let sent = clipStrings(item, maxValueChars);
  let json = JSON.stringify(sent);
  for (const max of tighterCuts) {
    if (json.length <= windowBudgetChars) break;
    sent = clipStrings(item, max);
    json = JSON.stringify(sent);
  }
  return { sent, json };
}

/** Every string of a row, lower-cased, one per line (keys left out: "status" must not match every row). */
function haystackOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value.toLowerCase());
  else if (Array.isArray(value)) for (const v of value) haystackOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) haystackOf(v, out);
  return out;
}

export class PanelLists {
  private readonly held = new Map<ListName, Held>();
  private versions = 0;

  constructor(private readonly searches: Partial<Record<ListName, ListSearch>>) {}

  /**
   * Takes the whole lists of a new state. Returns the first rows of each, for the state,
   * and what the page needs to know of each (its length and version).
   */
  take(lists: Partial<Record<ListName, readonly unknown[]>>): { first: Partial<Record<ListName, unknown[]>>; infos: ListInfos } {
    const first: Partial<Record<ListName, unknown[]>> = {};
    const infos: ListInfos = {};
    for (const [name, items] of Object.entries(lists) as [ListName, readonly unknown[]][]) {
      const before = this.held.get(name);
      const sent: unknown[] = [];
      const json: string[] = [];
      let changedFrom = -1;
      items.forEach((item, i) => {
        const row = sendable(item);
        sent.push(row.sent);
        json.push(row.json);
        if (changedFrom < 0 && (!before || before.json[i] !== row.json)) changedFrom = i;
      });
      if (changedFrom < 0 && before && before.items.length !== items.length) changedFrom = items.length;
      const unchanged = before !== undefined && changedFrom < 0;
      const held: Held = {
        items,
        sent,
        json,
        haystacks: unchanged ? before.haystacks : [],
        version: unchanged ? before.version : ++this.versions,
        changedFrom: unchanged ? before.changedFrom : Math.max(0, changedFrom),
      };
      this.held.set(name, held);
      first[name] = this.window(held, 0, firstWindowRows, firstWindowChars);
      infos[name] = { total: items.length, version: held.version, changedFrom: held.changedFrom };
    }
    return { first, infos };
  }

  /** Rows of a list from `from`: at most `count`, within the window's budget (at least one). */
  range(name: ListName, from: number, count: number): { version: number; from: number; items: unknown[] } | undefined {
    const held = this.held.get(name);
    if (!held) return undefined;
    return { version: held.version, from, items: this.window(held, from, count, windowBudgetChars) };
  }

  /**
   * Rows whose text (names, arguments, outputs, messages, ids) holds `query`, any case, in
   * the order of the lists given, then of their rows.
   */
  search(query: string, order: readonly ListName[]): { matches: SearchMatch[]; total: number } {
    const needle = query.trim().toLowerCase();
    const matches: SearchMatch[] = [];
    let total = 0;
    if (!needle) return { matches, total };
    for (const name of order) {
      const held = this.held.get(name);
      const search = this.searches[name];
      if (!held || !search) continue;
      held.items.forEach((item, index) => {
        const haystack = (held.haystacks[index] ??= haystackOf(item).join('\n'));
        if (!haystack.includes(needle)) return;
        total++;
        if (matches.length < maxMatches) matches.push({ list: name, index, label: search.label(item, index) });
      });
    }
    return { matches, total };
  }

  private window(held: Held, from: number, count: number, budget: number): unknown[] {
    const out: unknown[] = [];
    let chars = 0;
    for (let i = from; i < held.sent.length && out.length < count; i++) {
      chars += held.json[i].length + 1;
      if (out.length && chars > budget) break;
      out.push(held.sent[i]);
    }
    return out;
  }
}

// ── the two panels' states, windowed ────────────────────────────────────────

/** The run panel's lists, searched in this order. */
export const runLists = (): PanelLists =>
  new PanelLists({
    steps: { label: (step) => { const s = step as StepView; return `#${s.index} ${s.type.replace(/_/g, ' ')} · ${s.summary}`; } },
    messages: { label: (message, i) => `message ${i + 1} (${(message as MessageView).role})` },
  });

/** The response panel's lists. */
export const responseLists = (): PanelLists =>
  new PanelLists({
    output: { label: (item) => { const it = item as ItemView; return `output #${it.index} ${it.type.replace(/_/g, ' ')} · ${it.summary}`; } },
    inputs: { label: (item) => { const it = item as ItemView; return `input #${it.index} ${it.type.replace(/_/g, ' ')} · ${it.summary}`; } },
  });

/** What a state sends: the lists' first rows, every other long string cut, except what the user typed. */
export function windowRunState(lists: PanelLists, state: PanelState): PanelState {
  const run = state.run;
  if (!run) return { ...clipStrings({ ...state, drafts: {} }), drafts: state.drafts };
  const { first, infos } = lists.take({ steps: run.steps, messages: run.messages, ...(run.timeline ? { timeline: run.timeline.items } : {}) });
  const rest = clipStrings({ ...run, steps: [], messages: [], timeline: run.timeline && { ...run.timeline, items: [] } });
  return {
    ...clipStrings({ ...state, drafts: {} }),
    drafts: state.drafts,
    run: { ...rest, steps: first.steps as StepView[], messages: first.messages as MessageView[], timeline: rest.timeline && { ...rest.timeline, items: first.timeline as TimelineItemView[] } },
    lists: infos,
  };
}

export function windowResponseState(lists: PanelLists, state: ResponsePanelState): ResponsePanelState {
  const response = state.response;
  const { action, ...others } = state;
  if (!response) return { ...clipStrings(others), action };
  const { first, infos } = lists.take({ output: response.output, inputs: response.inputs.items, ...(response.timeline ? { timeline: response.timeline.items } : {}) });
  const rest = clipStrings({ ...response, output: [], inputs: { ...response.inputs, items: [] }, timeline: response.timeline && { ...response.timeline, items: [] } });
  return {
    ...clipStrings({ ...others, response: null }),
    action,
    response: {
      ...rest,
      output: first.output as ItemView[],
      inputs: { ...rest.inputs, items: first.inputs as ItemView[] },
      timeline: rest.timeline && { ...rest.timeline, items: first.timeline as TimelineItemView[] },
    },
    lists: infos,
  };
}

/** The answer to a page's `getRange` or `search`; undefined for a list the panel does not hold. */
export function answerListRequest(lists: PanelLists, message: Extract<WebviewMessage, { type: 'getRange' | 'search' }>, order: readonly ListName[]): HostMessage | undefined {
  if (message.type === 'search') {
    const { matches, total } = lists.search(message.query, order);
    return { type: 'searchResult', seq: message.seq, query: message.query, matches, total };
  }
  const range = lists.range(message.list, message.from, message.count);
  return range ? ({ type: 'range', list: message.list, ...range } as HostMessage) : undefined;
}

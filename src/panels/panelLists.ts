// The host's side of the panels' long lists (src/shared/lists.ts): a state carries the
// first rows of each list and how many there are; the page asks for the rest as it
// scrolls, and searches through the extension. So no message to a page is larger than
// `maxMessageBytes`, and what the page holds follows what it shows, not the run's size.
import { clipStrings, firstWindowBytes, firstWindowRows, maxValueChars, windowBudgetBytes } from '../shared/lists';
import type { HostMessage, ItemView, ListInfos, ListName, MessageView, PanelState, ResponsePanelState, ResponseView, RunView, SearchMatch, StepView, TimelineItemView, WebviewMessage } from '../shared/protocol';

/** How a list's rows are searched and named in the results. */
export interface ListSearch {
  /** A short name of a row for the result line ("#12 function call lookup_order"). */
  label(item: unknown, index: number): string;
}

interface Held {
  /** The rows as built (whole), for search. */
  items: readonly unknown[];
  /** The rows as sent (long strings cut), their JSON, and its length in bytes. */
  sent: unknown[];
  json: string[];
  bytes: number[];
  /** Lower-cased text of each row, built on the first search. */
  haystacks: (string | undefined)[];
  version: number;
  changedFrom: number;
}

/** Most matches a search result carries (`total` counts all). */
export const maxMatches = 1000;

/** Cuts for a row whose JSON is still over the window's budget after the usual cut. */
const tighterCuts = [8 * 1024, 1024, 128];

function sendable(item: unknown): { sent: unknown; json: string; bytes: number } {
  let sent = clipStrings(item, maxValueChars);
  let json = JSON.stringify(sent);
  let bytes = Buffer.byteLength(json);
  for (const max of tighterCuts) {
    if (bytes <= windowBudgetBytes) break;
    sent = clipStrings(item, max);
    json = JSON.stringify(sent);
    bytes = Buffer.byteLength(json);
  }
  return { sent, json, bytes };
}

/** What one slice of the host's work may cost before the event loop gets a turn. */
const sliceMs = 25;

/**
 * Calls `work(from, to)` over [0, total) a slice at a time (its size following what the last
 * one cost, about `sliceMs`), yielding to the event loop between slices, so no task of the
 * extension host grows with a run's length. False when `stale()` turned true (a newer state
 * is on its way).
 */
export async function inSlices(total: number, work: (from: number, to: number) => void, stale: () => boolean): Promise<boolean> {
  let size = 50;
  for (let from = 0; from < total; ) {
    const to = Math.min(total, from + size);
    const t0 = performance.now();
    work(from, to);
    const took = performance.now() - t0;
    size = Math.max(1, Math.round(size * Math.min(2, sliceMs / Math.max(0.5, took))));
    from = to;
    if (from < total) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stale()) return false;
    }
  }
  return !stale();
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
    const rows = new Map<ListName, ReturnType<typeof sendable>[]>();
    for (const [name, items] of Object.entries(lists) as [ListName, readonly unknown[]][]) rows.set(name, items.map(sendable));
    return this.settle(lists, rows);
  }

  /** `take`, its rows cut and stringified a slice at a time between turns of the event loop; undefined when `stale()` turned true. */
  async takeInSlices(lists: Partial<Record<ListName, readonly unknown[]>>, stale: () => boolean): Promise<{ first: Partial<Record<ListName, unknown[]>>; infos: ListInfos } | undefined> {
    const rows = new Map<ListName, ReturnType<typeof sendable>[]>();
    for (const [name, items] of Object.entries(lists) as [ListName, readonly unknown[]][]) {
      const out: ReturnType<typeof sendable>[] = [];
      if (!(await inSlices(items.length, (from, to) => { for (let i = from; i < to; i++) out.push(sendable(items[i])); }, stale))) return undefined;
      rows.set(name, out);
    }
    return this.settle(lists, rows);
  }

  private settle(lists: Partial<Record<ListName, readonly unknown[]>>, rows: Map<ListName, ReturnType<typeof sendable>[]>): { first: Partial<Record<ListName, unknown[]>>; infos: ListInfos } {
    const first: Partial<Record<ListName, unknown[]>> = {};
    const infos: ListInfos = {};
    for (const [name, items] of Object.entries(lists) as [ListName, readonly unknown[]][]) {
      const before = this.held.get(name);
      const cut = rows.get(name)!;
      const json = cut.map((r) => r.json);
      let changedFrom = before ? json.findIndex((j, i) => before.json[i] !== j) : 0;
      if (changedFrom < 0 && before && before.items.length !== items.length) changedFrom = Math.min(before.items.length, items.length);
      const unchanged = before !== undefined && changedFrom < 0;
      const held: Held = {
        items,
        sent: cut.map((r) => r.sent),
        json,
        bytes: cut.map((r) => r.bytes),
        haystacks: unchanged ? before.haystacks : [],
        version: unchanged ? before.version : ++this.versions,
        changedFrom: unchanged ? before.changedFrom : Math.max(0, changedFrom),
      };
      this.held.set(name, held);
      first[name] = this.window(held, 0, firstWindowRows, firstWindowBytes);
      infos[name] = { total: items.length, version: held.version, changedFrom: held.changedFrom };
    }
    return { first, infos };
  }

  /** Rows of a list from `from`: at most `count`, within the window's budget (at least one). */
  range(name: ListName, from: number, count: number): { version: number; from: number; items: unknown[] } | undefined {
    const held = this.held.get(name);
    if (!held) return undefined;
    return { version: held.version, from, items: this.window(held, from, count, windowBudgetBytes) };
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
    let bytes = 0;
    for (let i = from; i < held.sent.length && out.length < count; i++) {
      bytes += held.bytes[i] + 1;
      if (out.length && bytes > budget) break;
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

type Taken = { first: Partial<Record<ListName, unknown[]>>; infos: ListInfos };

const runListsOf = (run: RunView) => ({ steps: run.steps, messages: run.messages, ...(run.timeline ? { timeline: run.timeline.items } : {}) });
const responseListsOf = (response: ResponseView) => ({ output: response.output, inputs: response.inputs.items, ...(response.timeline ? { timeline: response.timeline.items } : {}) });

/** What a state sends: the lists' first rows, every other long string cut, except what the user typed. */
export function windowRunState(lists: PanelLists, state: PanelState): PanelState {
  return assembleRunState(state, state.run ? lists.take(runListsOf(state.run)) : undefined);
}

/** `windowRunState` a slice at a time; undefined when `stale()` turned true. */
export async function windowRunStateInSlices(lists: PanelLists, state: PanelState, stale: () => boolean): Promise<PanelState | undefined> {
  if (!state.run) return assembleRunState(state, undefined);
  const taken = await lists.takeInSlices(runListsOf(state.run), stale);
  return taken && assembleRunState(state, taken);
}

function assembleRunState(state: PanelState, taken: Taken | undefined): PanelState {
  const run = state.run;
  if (!run || !taken) return { ...clipStrings({ ...state, drafts: {} }), drafts: state.drafts };
  const { first, infos } = taken;
  const rest = clipStrings({ ...run, steps: [], messages: [], timeline: run.timeline && { ...run.timeline, items: [] } });
  return {
    ...clipStrings({ ...state, drafts: {}, run: null }),
    drafts: state.drafts,
    run: { ...rest, steps: first.steps as StepView[], messages: first.messages as MessageView[], timeline: rest.timeline && { ...rest.timeline, items: first.timeline as TimelineItemView[] } },
    lists: infos,
  };
}

export function windowResponseState(lists: PanelLists, state: ResponsePanelState): ResponsePanelState {
  return assembleResponseState(state, state.response ? lists.take(responseListsOf(state.response)) : undefined);
}

/** `windowResponseState` a slice at a time; undefined when `stale()` turned true. */
export async function windowResponseStateInSlices(lists: PanelLists, state: ResponsePanelState, stale: () => boolean): Promise<ResponsePanelState | undefined> {
  if (!state.response) return assembleResponseState(state, undefined);
  const taken = await lists.takeInSlices(responseListsOf(state.response), stale);
  return taken && assembleResponseState(state, taken);
}

function assembleResponseState(state: ResponsePanelState, taken: Taken | undefined): ResponsePanelState {
  const response = state.response;
  const { action, ...others } = state;
  if (!response || !taken) return { ...clipStrings(others), action };
  const { first, infos } = taken;
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

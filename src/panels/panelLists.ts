// The host's side of the panels' long lists (src/shared/lists.ts): a state carries the
// first rows of each list and how many there are; the page asks for the rest as it
// scrolls, and searches through the extension. So no message to a page is larger than
// `maxMessageBytes` (except one carrying back text the user typed, sent whole), and what
// the page holds follows what it shows, not the run's size.
import { clipStrings, clipValue, firstWindowBytes, firstWindowRows, maxMessageBytes, maxValueChars, windowBudgetBytes } from '../shared/lists';
import type { HostMessage, ItemView, ListInfos, ListName, MessageView, PanelState, ResponsePanelState, ResponseView, RunView, SearchMatch, StepView, TimelineItemView, WebviewMessage } from '../shared/protocol';

/** How a list's rows are searched and named in the results. */
export interface ListSearch {
  /** A short name of a row for the result line ("#12 function call lookup_order"). */
  label(item: unknown, index: number): string;
}

/** Rows cut for the page, not yet the ones the page is answered from (`settleCut`). */
export interface Cut {
  lists: Partial<Record<ListName, readonly unknown[]>>;
  rows: Map<ListName, { sent: unknown; json: string; bytes: number }[]>;
}

type Taken = { first: Partial<Record<ListName, unknown[]>>; infos: ListInfos };

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

/** Most matches a search result carries (`total` counts all), and the bytes their list may take. */
export const maxMatches = 1000;
const searchBudgetBytes = 160 * 1024;
/** A match's label is a line: longer ones are cut. */
const clipLabel = (label: string) => (label.length > 120 ? `${label.slice(0, 119)}…` : label);

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

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * `text` cut (with the marker) so that it takes at most `budget` bytes as JSON: a value of
 * control characters takes 6 bytes each, one of CJK text 3.
 */
export function clipToBytes(text: string, budget: number): string {
  if (jsonBytes(text) <= budget) return text;
  let lo = 0;
  let hi = Math.min(text.length, budget);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (jsonBytes(clipValue(text, mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return clipValue(text, lo);
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

  /**
   * The rows of `lists` cut and stringified a slice at a time between turns of the event
   * loop (undefined when `stale()` turned true); `settle` them in the task that posts the state.
   */
  async cutInSlices(lists: Partial<Record<ListName, readonly unknown[]>>, stale: () => boolean): Promise<Cut | undefined> {
    const rows = new Map<ListName, ReturnType<typeof sendable>[]>();
    for (const [name, items] of Object.entries(lists) as [ListName, readonly unknown[]][]) {
      const out: ReturnType<typeof sendable>[] = [];
      if (!(await inSlices(items.length, (from, to) => { for (let i = from; i < to; i++) out.push(sendable(items[i])); }, stale))) return undefined;
      rows.set(name, out);
    }
    return { lists, rows };
  }

  /**
   * Makes the cut rows the ones the page is answered from, and returns what the state
   * carries of them. Call it in the task that posts that state: the versions the page
   * learns are those its requests are then answered with.
   */
  settleCut(cut: Cut): Taken {
    return this.settle(cut.lists, cut.rows);
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
        // A row that did not change keeps the text its last search read.
        haystacks: before ? json.map((j, i) => (before.json[i] === j ? before.haystacks[i] : undefined)) : [],
        version: unchanged ? before.version : ++this.versions,
        changedFrom: unchanged ? before.changedFrom : Math.max(0, changedFrom),
      };
      this.held.set(name, held);
      // Only rows that fit: a row heavier than the first window's budget is asked for.
      first[name] = this.window(held, 0, firstWindowRows, firstWindowBytes, false);
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
   * the order of the lists given, then of their rows; a slice at a time (undefined when
   * `stale()` turned true). The result stays within the message budget: labels are cut,
   * and at most `maxMatches` matches are listed (all are counted).
   */
  async search(query: string, order: readonly ListName[], stale: () => boolean = () => false): Promise<{ matches: SearchMatch[]; total: number } | undefined> {
    const needle = query.trim().toLowerCase();
    const matches: SearchMatch[] = [];
    let total = 0;
    let bytes = 0;
    if (!needle) return { matches, total };
    for (const name of order) {
      const held = this.held.get(name);
      const search = this.searches[name];
      if (!held || !search) continue;
      const done = await inSlices(
        held.items.length,
        (from, to) => {
          for (let index = from; index < to; index++) {
            const item = held.items[index];
            const haystack = (held.haystacks[index] ??= haystackOf(item).join('\n'));
            if (!haystack.includes(needle)) continue;
            total++;
            if (matches.length >= maxMatches || bytes > searchBudgetBytes) continue;
            const match = { list: name, index, label: clipLabel(search.label(item, index)) };
            bytes += jsonBytes(match) + 1;
            matches.push(match);
          }
        },
        stale,
      );
      if (!done) return undefined;
    }
    return { matches, total };
  }

  /** Rows from `from` within `budget` bytes; with `atLeastOne`, the first row even when heavier (a window must move on). */
  private window(held: Held, from: number, count: number, budget: number, atLeastOne = true): unknown[] {
    const out: unknown[] = [];
    let bytes = 0;
    for (let i = from; i < held.sent.length && out.length < count; i++) {
      bytes += held.bytes[i] + 1;
      if ((out.length || !atLeastOne) && bytes > budget) break;
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

const runListsOf = (run: RunView) => ({ steps: run.steps, messages: run.messages, ...(run.timeline ? { timeline: run.timeline.items } : {}) });
const responseListsOf = (response: ResponseView) => ({ output: response.output, inputs: response.inputs.items, ...(response.timeline ? { timeline: response.timeline.items } : {}) });

/**
 * The cuts a state tries, lightest first, until it fits `maxMessageBytes`: its lists' first
 * rows and 64 K characters a value; then no first rows (the page asks for them); then values
 * cut shorter. Only what the user typed (a run's drafts, a response's answers) is never cut:
 * it is sent whole, and not counted.
 */
const stateCuts: { first: boolean; max: number }[] = [
  { first: true, max: maxValueChars },
  { first: false, max: maxValueChars },
  { first: false, max: 8 * 1024 },
  { first: false, max: 1024 },
  { first: false, max: 128 },
];
/** Room left in a message for its envelope (`{"type":"state","state":…}`). */
const envelopeBytes = 1024;

function fitted<T>(build: (cut: { first: boolean; max: number }) => T, measured: (state: T) => unknown): T {
  let state = build(stateCuts[0]);
  for (const cut of stateCuts.slice(1)) {
    if (jsonBytes(measured(state)) + envelopeBytes <= maxMessageBytes) break;
    state = build(cut);
  }
  return state;
}

/** What a state sends: the lists' first rows, every other long string cut, except what the user typed. */
export function windowRunState(lists: PanelLists, state: PanelState): PanelState {
  return assembleRunState(state, state.run ? lists.take(runListsOf(state.run)) : undefined);
}

/** The rows of a run state's lists cut for the page a slice at a time (null: no lists; undefined: `stale()` turned true). */
export async function cutRunState(lists: PanelLists, state: PanelState, stale: () => boolean): Promise<Cut | null | undefined> {
  return state.run ? lists.cutInSlices(runListsOf(state.run), stale) : null;
}

/** The state to post, from rows cut beforehand: call it in the task that posts it. */
export function settleRunState(lists: PanelLists, state: PanelState, cut: Cut | null): PanelState {
  return assembleRunState(state, cut ? lists.settleCut(cut) : undefined);
}

function assembleRunState(state: PanelState, taken: Taken | undefined): PanelState {
  const run = state.run;
  return fitted(
    ({ first, max }) => {
      const others = clipStrings({ ...state, drafts: {}, run: null }, max);
      if (!run || !taken) return { ...others, drafts: state.drafts, run: run && clipStrings(run, max) };
      const rows = (name: ListName) => (first ? (taken.first[name] ?? []) : []);
      const rest = clipStrings({ ...run, steps: [], messages: [], timeline: run.timeline && { ...run.timeline, items: [] } }, max);
      return {
        ...others,
        drafts: state.drafts,
        run: { ...rest, steps: rows('steps') as StepView[], messages: rows('messages') as MessageView[], timeline: rest.timeline && { ...rest.timeline, items: rows('timeline') as TimelineItemView[] } },
        lists: taken.infos,
      };
    },
    (built) => ({ ...built, drafts: {} }),
  );
}

export function windowResponseState(lists: PanelLists, state: ResponsePanelState): ResponsePanelState {
  return assembleResponseState(state, state.response ? lists.take(responseListsOf(state.response)) : undefined);
}

/** The rows of a response state's lists cut for the page a slice at a time (null: no lists; undefined: `stale()` turned true). */
export async function cutResponseState(lists: PanelLists, state: ResponsePanelState, stale: () => boolean): Promise<Cut | null | undefined> {
  return state.response ? lists.cutInSlices(responseListsOf(state.response), stale) : null;
}

/** The state to post, from rows cut beforehand: call it in the task that posts it. */
export function settleResponseState(lists: PanelLists, state: ResponsePanelState, cut: Cut | null): ResponsePanelState {
  return assembleResponseState(state, cut ? lists.settleCut(cut) : undefined);
}

function assembleResponseState(state: ResponsePanelState, taken: Taken | undefined): ResponsePanelState {
  const response = state.response;
  const { action, ...others } = state;
  // The Required action box: the calls it shows are cut like the rest; the answers typed in it are not.
  const actionCut = (max: number) => action && { ...clipStrings({ ...action, answers: {} }, max), answers: action.answers };
  return fitted(
    ({ first, max }) => {
      const head = clipStrings({ ...others, response: null }, max);
      if (!response || !taken) return { ...head, response: response && clipStrings(response, max), action: actionCut(max) };
      const rows = (name: ListName) => (first ? (taken.first[name] ?? []) : []);
      const rest = clipStrings({ ...response, output: [], inputs: { ...response.inputs, items: [] }, timeline: response.timeline && { ...response.timeline, items: [] } }, max);
      return {
        ...head,
        action: actionCut(max),
        response: {
          ...rest,
          output: rows('output') as ItemView[],
          inputs: { ...rest.inputs, items: rows('inputs') as ItemView[] },
          timeline: rest.timeline && { ...rest.timeline, items: rows('timeline') as TimelineItemView[] },
        },
        lists: taken.infos,
      };
    },
    (built) => ({ ...built, action: built.action && { ...built.action, answers: {} } }),
  );
}

/** The answer to a page's `getRange` or `search`; undefined for a list the panel does not hold, or a search a newer one overtook. */
export async function answerListRequest(lists: PanelLists, message: Extract<WebviewMessage, { type: 'getRange' | 'search' }>, order: readonly ListName[], stale?: () => boolean): Promise<HostMessage | undefined> {
  if (message.type === 'search') {
    const found = await lists.search(message.query, order, stale);
    return found && { type: 'searchResult', seq: message.seq, query: message.query, matches: found.matches, total: found.total };
  }
  const range = lists.range(message.list, message.from, message.count);
  return range ? ({ type: 'range', list: message.list, ...range } as HostMessage) : undefined;
}

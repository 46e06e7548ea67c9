// What both stores (threads and runs; conversations and responses) keep of a paged list,
// how they read one page into it, and how a load runs once per key at a time.
import { toSentence } from '../api/errors';
import type { Page } from '../api/schemas';

export interface ListState<T> {
  items: T[];
  hasMore: boolean;
  nextAfter: string | undefined;
  loaded: boolean;
  loading: boolean;
  /** A sentence saying why the last load failed. */
  error: string | undefined;
}

/** Every item of a paged list, page after page. */
export async function readAll<T>(fetchPage: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await fetchPage(after);
    items.push(...page.items);
    after = page.hasMore ? page.nextAfter : undefined;
  } while (after);
  return items;
}

/**
 * Loads a store's list to its end (the first page, then "more" while there is more and
 * nothing failed), as pressing "Load more" until it goes would; returns the list as it
 * ends. `beforeMore` runs before each further page (and may throw to stop).
 */
export async function loadEveryPage<T>(state: () => ListState<T>, load: (more: boolean) => Promise<void>, beforeMore?: () => void): Promise<ListState<T>> {
  await load(false);
  while (state().hasMore && !state().error) {
    beforeMore?.();
    await load(true);
  }
  return state();
}

export function emptyList<T>(): ListState<T> {
  return { items: [], hasMore: false, nextAfter: undefined, loaded: false, loading: false, error: undefined };
}

/** Reads a page into `state` (appended when `more`); returns the error when it failed (its sentence is in `state.error`). */
export async function loadPage<T>(state: ListState<T>, more: boolean, fetchPage: (after: string | undefined) => Promise<Page<T>>, action: string): Promise<unknown> {
  state.loading = true;
  try {
    const page = await fetchPage(more ? state.nextAfter : undefined);
    state.items = more ? [...state.items, ...page.items] : page.items;
    state.hasMore = page.hasMore;
    state.nextAfter = page.nextAfter;
    state.loaded = true;
    state.error = undefined;
    return undefined;
  } catch (error) {
    state.error = toSentence(error, action);
    if (!more) state.loaded = false;
    return error;
  } finally {
    state.loading = false;
  }
}

/** Runs `load` once per key at a time; concurrent callers share the promise. */
export class OncePerKey {
  private readonly inflight = new Map<string, Promise<unknown>>();

  run<T>(k: string, load: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(k) as Promise<T> | undefined;
    if (running) return running;
    const promise = load().finally(() => this.inflight.delete(k));
    this.inflight.set(k, promise);
    return promise;
  }
}

// Cursor pagination exactly as the Assistants API does it: limit 1-100 (default 20),
// order asc|desc (default desc), after/before cursors (also together), exact has_more,
// first_id/last_id null on an empty page.
import { errors } from './errors';

export interface PageParams {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
  before?: string;
}

export interface Page<T> {
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Parses and validates list query parameters; throws the real 400s. */
export function parsePageParams(query: URLSearchParams): PageParams {
  let limit = 20;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim())) throw errors.notAnInteger('limit', rawLimit);
    limit = Number(rawLimit);
    if (limit < 1) throw errors.belowMin('limit', 1, limit);
    if (limit > 100) throw errors.aboveMax('limit', 100, limit);
  }
  const rawOrder = query.get('order') ?? 'desc';
  if (rawOrder !== 'asc' && rawOrder !== 'desc') throw errors.invalidValue('order', rawOrder, ['asc', 'desc']);
  const after = query.get('after') || undefined;
  const before = query.get('before') || undefined;
  return { limit, order: rawOrder, after, before };
}

/**
 * `items` must be in creation order (oldest first). The page is taken from the
 * window strictly between `after` and `before` in the requested order: with `after`
 * (alone or with `before`) the first `limit` items of the window, with `before` alone
 * the `limit` items closest to the cursor. `has_more` says whether the window holds
 * more items beyond the page in the direction of travel.
 */
export function paginate<T extends { id: string }>(itemsOldestFirst: readonly T[], params: PageParams): Page<T> {
  const ordered = params.order === 'asc' ? [...itemsOldestFirst] : [...itemsOldestFirst].reverse();
  let start = 0;
  let end = ordered.length;
  if (params.after !== undefined) {
    const i = ordered.findIndex((item) => item.id === params.after);
    if (i < 0) throw errors.unknownCursor('after', params.after);
    start = i + 1;
  }
  if (params.before !== undefined) {
    const i = ordered.findIndex((item) => item.id === params.before);
    if (i < 0) throw errors.unknownCursor('before', params.before);
    end = Math.max(start, i);
  }
  const window = ordered.slice(start, end);
  let data: T[];
  let hasMore: boolean;
  if (params.before !== undefined && params.after === undefined) {
    data = window.slice(Math.max(0, window.length - params.limit));
    hasMore = window.length > params.limit;
  } else {
    data = window.slice(0, params.limit);
    hasMore = window.length > params.limit;
  }
  return {
    data,
    first_id: data.length ? data[0].id : null,
    last_id: data.length ? data[data.length - 1].id : null,
    has_more: hasMore,
  };
}

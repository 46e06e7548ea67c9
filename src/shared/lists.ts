// The panels' long lists (a run's steps and messages, a response's output and input items,
// a timeline's rows) travel a window at a time: the state carries the first rows and how
// many there are; the page asks for the rows it is about to show. Shared by both sides:
// no `vscode` and no DOM here.

/** Longest message the extension posts to a page, in bytes of JSON. */
export const maxMessageBytes = 256 * 1024;

/** What the rows of a window may weigh, in bytes of JSON (room left for the envelope). */
export const windowBudgetBytes = 200 * 1024;

/** Rows the state carries of each list: enough for the first screen. */
export const firstWindowRows = 40;
/** What the state's rows of one list may weigh, in bytes of JSON. */
export const firstWindowBytes = 48 * 1024;

/** Most rows one request may ask for. */
export const maxRangeRows = 200;

/**
 * A string longer than this is cut for the page; the whole value is in its JSON (Open as
 * JSON). At most 3 bytes of JSON a character (4 for a pair), so a cut value fits a window.
 */
export const maxValueChars = 64 * 1024;

/**
 * Ends a cut value: the page shows what it holds and says how long the whole value is. A
 * value from the service that itself ends with NUL is sent with the marker too (naming its
 * own length), so service text can never pass for a cut value.
 */
const clipPrefix = '\u0000agent-runs:clipped:';

/** `text` cut to `max` characters, ending with the marker that names its whole length. */
export function clipValue(text: string, max = maxValueChars): string {
  if (text.length <= max && !text.endsWith('\u0000')) return text;
  return `${text.slice(0, max)}${clipPrefix}${text.length}\u0000`;
}

/** The part of a value the page holds, and how long the whole value is; undefined when it was sent whole. */
export function clippedValue(text: string): { head: string; length: number } | undefined {
  if (!text.endsWith('\u0000')) return undefined;
  const at = text.lastIndexOf(clipPrefix);
  if (at < 0) return undefined;
  const length = Number(text.slice(at + clipPrefix.length, -1));
  if (!Number.isSafeInteger(length)) return undefined;
  return { head: text.slice(0, at), length };
}

/** Every string of `value` longer than `max` cut (a copy where anything was cut). */
export function clipStrings<T>(value: T, max = maxValueChars): T {
  if (typeof value === 'string') return clipValue(value, max) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const c = clipStrings(v, max);
      if (c !== v) (out ??= [...value])[i] = c;
    });
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const c = clipStrings(v, max);
      if (c !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = c;
    }
    return (out ?? value) as T;
  }
  return value;
}

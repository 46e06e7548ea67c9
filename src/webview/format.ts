// Formatting for the panel (pure; also unit-tested in Node).
import type { TimelineItemView, UsageView } from '../shared/protocol';
import { formatDuration } from '../util/format';

export { formatDuration, shortId } from '../util/format';

// One formatter each, made once: what `toLocaleString()` and `toLocaleTimeString()` print,
// without a formatter made per call (a long timeline formats thousands of times).
let dateTime: Intl.DateTimeFormat | undefined;
let timeOnly: Intl.DateTimeFormat | undefined;

/**
 * Loads the locale's date formats now: the first formatting of a page costs tens of
 * milliseconds, paid while the page waits for its first state rather than in its first render.
 */
export function prepareFormats(): { dateTime: Intl.DateTimeFormat; timeOnly: Intl.DateTimeFormat } {
  if (!dateTime || !timeOnly) {
    dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });
    dateTime.format(0);
    timeOnly.format(0);
  }
  return { dateTime, timeOnly };
}

export function localTime(unixSeconds: number | null | undefined): string {
  if (!unixSeconds) return '—';
  return prepareFormats().dateTime.format(unixSeconds * 1000);
}

export function clockTime(ms: number): string {
  return prepareFormats().timeOnly.format(ms);
}

/** "Expires in 7 min 12 s", or that the time has passed. */
export function expiryText(expiresAt: number, nowMs: number): string {
  const left = Math.round(expiresAt - nowMs / 1000);
  const at = new Date(expiresAt * 1000);
  // Azure runs wait hours: past midnight the time alone would name the wrong day.
  const when = at.toDateString() === new Date(nowMs).toDateString() ? at.toLocaleTimeString() : at.toLocaleString();
  if (left > 0) return `Expires in ${formatDuration(left)} (at ${when}) unless the tool outputs are submitted.`;
  return `The expiry time (${when}) has passed; the service will mark the run expired.`;
}

export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  return seconds < 1 ? '< 1 s' : formatDuration(seconds);
}

/** A timeline row's length in words: a duration only from two reported times, "so far" while it runs. */
export function timelineDuration(item: Pick<TimelineItemView, 'start' | 'end' | 'running'>): string {
  if (item.start === null || item.end === null) return 'not reported';
  const duration = durationText(item.end - item.start);
  return item.running ? `${duration} so far` : duration;
}

const groups = new Intl.NumberFormat('en-US');
const group = (n: number) => groups.format(n);

export function usageText(usage: UsageView | null | undefined): string {
  if (!usage) return '';
  const parts: string[] = [];
  if (usage.prompt != null) parts.push(`prompt ${group(usage.prompt)}`);
  if (usage.completion != null) parts.push(`completion ${group(usage.completion)}`);
  if (usage.total != null) parts.push(`total ${group(usage.total)}`);
  return parts.join(' · ');
}

export function sizeText(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(chars < 10 * 1024 ? 1 : 0)} KB`;
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}

export function countLines(text: string, stopAt = Infinity): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines < stopAt; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The head of a long text: at most `maxLines` lines and `maxChars` characters. */
export function headOf(text: string, maxLines: number, maxChars: number): string | undefined {
  let end = Math.min(text.length, maxChars);
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    if (++lines >= maxLines) {
      end = i;
      break;
    }
  }
  return end < text.length ? text.slice(0, end) : undefined;
}

// Bidirectional overrides and invisible characters can make an id or a name read as
// something else; in short fields they are shown as visible code points.
// eslint-disable-next-line no-misleading-character-class
const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function revealInvisible(text: string): string {
  return text.replace(invisible, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

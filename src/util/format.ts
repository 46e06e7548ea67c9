// Small formatting helpers shared by the tree and the panel (no vscode import).

export function shortId(id: string, keep = 10): string {
  const underscore = id.indexOf('_');
  const prefix = underscore >= 0 ? id.slice(0, underscore + 1) : '';
  const rest = id.slice(prefix.length);
  return rest.length > keep ? `${prefix}${rest.slice(0, keep)}…` : id;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const tenths = Math.round(seconds * 10) / 10;
  if (tenths < 60) return `${tenths} s`.replace('.0 s', ' s');
  // Round once, then split: rounding the remainder alone gives "16 min 60 s".
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const totalMinutes = Math.round(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  return totalMinutes % 60 ? `${hours} h ${totalMinutes % 60} min` : `${hours} h`;
}

/** The fields of a run that say when it ran (a structural type: no schema import). */
export interface RunTimes {
  status: string;
  created_at?: number | null;
  started_at?: number | null;
  completed_at?: number | null;
  failed_at?: number | null;
  cancelled_at?: number | null;
  expires_at?: number | null;
}

/** The statuses after which a run changes no more. */
const finalStatuses = new Set(['completed', 'failed', 'cancelled', 'expired', 'incomplete']);

/**
 * When a run ended and what that moment was, by its status: the service may set
 * `completed_at` on an expired, failed or incomplete run too, so the field alone does
 * not say what happened. `status` is the label key ("completed", "expired", …).
 */
export function runFinish(run: RunTimes): { at: number | null; status: string | null } {
  switch (run.status) {
    case 'completed':
      return { at: run.completed_at ?? null, status: 'completed' };
    case 'failed':
      return { at: run.failed_at ?? run.completed_at ?? null, status: 'failed' };
    case 'cancelled':
      return { at: run.cancelled_at ?? run.completed_at ?? null, status: 'cancelled' };
    case 'expired':
      return { at: run.completed_at ?? run.expires_at ?? null, status: 'expired' };
    case 'incomplete':
      return { at: run.completed_at ?? run.failed_at ?? null, status: 'incomplete' };
    default: {
      if (finalStatuses.has(run.status)) return { at: null, status: run.status };
      // An unknown status with an end time: the end is known, what it was is not.
      const at = run.completed_at ?? run.failed_at ?? run.cancelled_at ?? null;
      return { at, status: null };
    }
  }
}

/**
 * How long a run lived (created → finished, or → now while it is active) and, when it
 * was started again after waiting for tool outputs (`started_at` moves to the resume),
 * how long its last segment took (started → finished). Seconds; undefined when unknown.
 */
export function runDurations(run: RunTimes, active: boolean, nowMs = Date.now()): { life: number | undefined; lastSegment: number | undefined } {
  const end = runFinish(run).at ?? (active ? nowMs / 1000 : null);
  const start = run.created_at ?? run.started_at ?? null;
  if (!start || !end) return { life: undefined, lastSegment: undefined };
  const life = Math.max(0, end - start);
  const started = run.started_at ?? null;
  // Queueing takes a moment; a gap of a few seconds is not a second segment.
  const resumed = started !== null && started - start >= 2 && started <= end;
  return { life, lastSegment: resumed ? Math.max(0, end - started) : undefined };
}

export function formatTokens(count: number | null | undefined): string {
  if (count === null || count === undefined) return '';
  if (count < 1000) return `${count} tok`;
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0).replace(/\.0$/, '')}k tok`;
  return `${(count / 1_000_000).toFixed(1).replace(/\.0$/, '')}M tok`;
}

/** "3 min ago", "2 d ago" — for row descriptions. */
export function formatAge(unixSeconds: number | null | undefined, nowMs = Date.now()): string {
  if (!unixSeconds) return '';
  const seconds = Math.max(0, Math.round(nowMs / 1000 - unixSeconds));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 86_400 * 60) return `${Math.floor(seconds / 86_400)} d ago`;
  return new Date(unixSeconds * 1000).toLocaleDateString();
}

export function formatLocalTime(unixSeconds: number | null | undefined): string {
  if (!unixSeconds) return '—';
  return new Date(unixSeconds * 1000).toLocaleString();
}

/** One line, at most `max` characters, control characters and newlines folded. */
export function oneLine(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Seconds between two timestamps, or from `start` to now for a running object. */
export function elapsed(start: number | null | undefined, end: number | null | undefined, nowMs = Date.now()): number | undefined {
  if (!start) return undefined;
  const stop = end ?? nowMs / 1000;
  return Math.max(0, stop - start);
}

/** Pretty JSON when `text` is JSON, otherwise the text itself. */
export function prettyJsonText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  const trimmed = text.trim();
  if (!trimmed || !'{["'.includes(trimmed[0]!)) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

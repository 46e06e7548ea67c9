// Small formatting helpers shared by the tree and the panel (no vscode import).

export function shortId(id: string, keep = 10): string {
  const underscore = id.indexOf('_');
  const prefix = underscore >= 0 ? id.slice(0, underscore + 1) : '';
  const rest = id.slice(prefix.length);
  return rest.length > keep ? `${prefix}${rest.slice(0, keep)}…` : id;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`.replace('.0 s', ' s');
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
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

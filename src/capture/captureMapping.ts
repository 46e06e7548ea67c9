// What one captured request means for the extension, as plain data (no vscode import):
// which ids join the tree, the log line, and the debug environment a launch gets.
import type { CaptureEvent, CapturedSummary } from './idScanner';
import type { CaptureVariable } from './captureEnvironment';

/** The ids of one captured request that join a connection's tree. */
export interface CaptureRegistrations {
  threads: string[];
  /** Runs with the thread they belong to (a run id alone cannot be read). */
  runs: { threadId: string; runId: string; summary?: CapturedSummary }[];
  conversations: string[];
  responses: { responseId: string; summary?: CapturedSummary }[];
}

const THREAD_RUN_PATH = /\/threads\/(thread_[A-Za-z0-9]+)\/runs\/(run_[A-Za-z0-9]+)/;
const THREAD_PATH = /\/threads\/(thread_[A-Za-z0-9]+)(?:\/|$)/;

/**
 * The ids a request adds to the tree. A failed request adds none (its ids may not exist;
 * it shows as an error row instead). A run needs its thread: the path names it
 * (`/threads/{thread}/runs/{run}`), or the exchange names exactly one thread
 * (`POST /threads/runs` answers with both); otherwise the run is left out.
 */
export function registrationsOf(event: CaptureEvent): CaptureRegistrations {
  const none: CaptureRegistrations = { threads: [], runs: [], conversations: [], responses: [] };
  if (event.status === undefined || event.status >= 400) return none;
  const threads = event.ids.filter((i) => i.kind === 'thread').map((i) => i.id);
  const pathThread = event.path.match(THREAD_RUN_PATH)?.[1] ?? event.path.match(THREAD_PATH)?.[1];
  const threadOfRuns = pathThread ?? (threads.length === 1 ? threads[0] : undefined);
  const summaryOf = (id: string) => (event.summary?.id === id ? { summary: event.summary } : {});
  return {
    threads,
    runs: threadOfRuns
      ? event.ids.filter((i) => i.kind === 'run').map((i) => ({ threadId: threadOfRuns, runId: i.id, ...summaryOf(i.id) }))
      : [],
    conversations: event.ids.filter((i) => i.kind === 'conv').map((i) => i.id),
    responses: event.ids.filter((i) => i.kind === 'resp').map((i) => ({ responseId: i.id, ...summaryOf(i.id) })),
  };
}

/** Whether a request failed: an answer of 400 or more, no answer, or an answer cut short (not the app's own abort). */
export function isCapturedFailure(event: CaptureEvent): boolean {
  return (event.status !== undefined && event.status >= 400) || event.outcome === 'dropped' || event.outcome === 'unreachable';
}

/**
 * The Agent Runs log's line for a captured request: method, path, status, duration and
 * ids. Never a header or a body: the event carries none but the request id and the
 * service's error message, and the message stays out (it may quote what was sent).
 */
export function captureLogLine(connectionName: string, event: CaptureEvent): string {
  const status = event.status ?? event.outcome;
  const ids = event.ids.filter((i) => i.kind !== 'msg' && i.kind !== 'step' && i.kind !== 'call').map((i) => (i.created ? `${i.id} (new)` : i.id));
  return `capture [${connectionName}] ${event.method} ${event.path} → ${status} in ${Math.round(event.durationMs)} ms${ids.length ? `; ${ids.join(', ')}` : ''}${event.requestId ? ` (request ${event.requestId})` : ''}`;
}

export type DebugEnvResult =
  | { kind: 'added'; env: Record<string, string | null | undefined> }
  /** The launch configuration sets the variable itself: its value is kept. */
  | { kind: 'kept'; name: string }
  | { kind: 'none' };

/**
 * The `env` of a launch configuration started while capture records: the capture variable
 * added, unless the configuration names that variable itself (it may point elsewhere on
 * purpose, and the proxy forwards only to the captured connection).
 */
export function debugEnvWith(env: unknown, variable: CaptureVariable | undefined): DebugEnvResult {
  if (!variable || variable.kind !== 'variable') return { kind: 'none' };
  const current = env && typeof env === 'object' && !Array.isArray(env) ? (env as Record<string, string | null | undefined>) : {};
  if (typeof current[variable.name] === 'string') return { kind: 'kept', name: variable.name };
  return { kind: 'added', env: { ...current, [variable.name]: variable.value } };
}

// What capture saw, per connection, for this window: when each id was last captured (the
// tree's *Captured* marker), the requests that failed (error rows), and what the app was
// answered about each run and response (shown where the connection cannot read it).
// Kept in memory only: a captured marker means "seen since this window opened".
import * as vscode from 'vscode';
import type { CaptureEvent, CapturedSummary } from '../capture/idScanner';
import { isCapturedFailure, registrationsOf, type CaptureRegistrations } from '../capture/captureMapping';
import { Disposable } from '../util/disposable';

export interface CapturedFailure {
  /** Unique in this window (the error row's id). */
  seq: number;
  at: number;
  method: string;
  path: string;
  status?: number;
  outcome: CaptureEvent['outcome'];
  errorMessage?: string;
  requestId?: string;
}

export interface CapturedChange {
  connectionId: string;
  /** Ids whose marker changed. */
  ids: string[];
  /** The list of failures changed. */
  failures: boolean;
}

interface PerConnection {
  seen: Map<string, number>;
  summaries: Map<string, { summary: CapturedSummary; at: number }>;
  failures: CapturedFailure[];
}

/** Failed requests kept per connection (the newest). */
export const maxCapturedFailures = 50;

export class CapturedObjects extends Disposable {
  private readonly byConnection = new Map<string, PerConnection>();
  private readonly changed = this._register(new vscode.EventEmitter<CapturedChange>());
  readonly onDidChange = this.changed.event;
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** Records one captured request; returns the ids it adds to the tree. */
  record(connectionId: string, event: CaptureEvent): CaptureRegistrations {
    const mine = this.of(connectionId);
    const at = this.now();
    const registrations = registrationsOf(event);
    const ids = [
      ...registrations.threads,
      ...registrations.runs.map((r) => r.runId),
      ...registrations.conversations,
      ...registrations.responses.map((r) => r.responseId),
    ];
    for (const id of ids) mine.seen.set(id, at);
    if (event.summary && ids.includes(event.summary.id)) mine.summaries.set(event.summary.id, { summary: event.summary, at });
    const failed = isCapturedFailure(event);
    if (failed) {
      mine.failures.unshift({
        seq: ++this.seq,
        at,
        method: event.method,
        path: event.path,
        ...(event.status === undefined ? {} : { status: event.status }),
        outcome: event.outcome,
        ...(event.errorMessage ? { errorMessage: event.errorMessage } : {}),
        ...(event.requestId ? { requestId: event.requestId } : {}),
      });
      mine.failures.length = Math.min(mine.failures.length, maxCapturedFailures);
    }
    if (ids.length || failed) this.changed.fire({ connectionId, ids, failures: failed });
    return registrations;
  }

  /** When the id was last captured (ms), if it was. */
  capturedAt(connectionId: string, id: string): number | undefined {
    return this.byConnection.get(connectionId)?.seen.get(id);
  }

  /** What the app was last answered about a run or response. */
  summary(connectionId: string, id: string): { summary: CapturedSummary; at: number } | undefined {
    return this.byConnection.get(connectionId)?.summaries.get(id);
  }

  /** Failed captured requests, newest first. */
  failures(connectionId: string): readonly CapturedFailure[] {
    return this.byConnection.get(connectionId)?.failures ?? [];
  }

  private of(connectionId: string): PerConnection {
    let mine = this.byConnection.get(connectionId);
    if (!mine) {
      mine = { seen: new Map(), summaries: new Map(), failures: [] };
      this.byConnection.set(connectionId, mine);
    }
    return mine;
  }
}

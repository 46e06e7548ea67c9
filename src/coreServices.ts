// The state and services the tree, the panels and the editors are built on. Apart from
// `services.ts` (which adds those parts, for commands) so that what imports this file
// never imports the tree or the panels back: no import cycle through a type hub.
import type * as vscode from 'vscode';
import type { CapturedObjects } from './store/capturedObjects';
import type { ConnectionStore } from './store/connectionStore';
import type { ForkRunner } from './store/forkRunner';
import type { LiveScheduler } from './store/liveScheduler';
import type { RunCanceller } from './store/runCanceller';
import type { ResponseContinuer } from './store/responseContinuer';
import type { ResponseStore } from './store/responseStore';
import type { RunStore } from './store/runStore';
import type { ThreadRegistry } from './store/threadRegistry';
import type { ToolOutputSubmitter } from './store/toolOutputSubmitter';
import type { WaitingRuns } from './store/waitingRuns';
import type { Log } from './util/log';

/** The state and services every part is built on; created first in `activate`. */
export interface CoreServices {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly connections: ConnectionStore;
  readonly registry: ThreadRegistry;
  readonly store: RunStore;
  /** Conversations, their items and responses, responses and their input items. */
  readonly responses: ResponseStore;
  readonly scheduler: LiveScheduler;
  /** The one path that submits tool outputs (editor and panel alike). */
  readonly submitter: ToolOutputSubmitter;
  /** The one path that continues a response with answers (editor and panel alike). */
  readonly continuer: ResponseContinuer;
  /** Cancels runs (one request per run at a time) and follows them to `cancelled`. */
  readonly canceller: RunCanceller;
  /** Runs forks (Fork from Here…), replays the original's tool results, knows which outputs were replayed. */
  readonly forks: ForkRunner;
  /** The runs waiting for tool outputs on every known thread, kept current. */
  readonly waitingRuns: WaitingRuns;
  /** What capture saw in this window: when each id was captured, failed requests, what the app was answered. */
  readonly captured: CapturedObjects;
}

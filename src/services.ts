import type * as vscode from 'vscode';
import type { ResponsePanels } from './panels/responsePanels';
import type { RunPanels } from './panels/runPanels';
import type { ConnectionStore } from './store/connectionStore';
import type { ToolOutputDrafts } from './editors/toolOutputDrafts';
import type { LiveScheduler } from './store/liveScheduler';
import type { RunCanceller } from './store/runCanceller';
import type { ResponseStore } from './store/responseStore';
import type { RunStore } from './store/runStore';
import type { ThreadRegistry } from './store/threadRegistry';
import type { ToolOutputSubmitter } from './store/toolOutputSubmitter';
import type { WaitingRuns } from './store/waitingRuns';
import type { Log } from './util/log';
import type { AgentRunsTree } from './views/agentRunsTree';
import type { IdTerminalLinks } from './views/idTerminalLinks';

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
  /** Cancels runs (one request per run at a time) and follows them to `cancelled`. */
  readonly canceller: RunCanceller;
  /** The runs waiting for tool outputs on every known thread, kept current. */
  readonly waitingRuns: WaitingRuns;
}

/** Everything `activate` builds, handed to commands. */
export interface Services extends CoreServices {
  readonly tree: AgentRunsTree;
  /** Tool-output drafts: the `agent-runs-draft` documents and their editor features. */
  readonly drafts: ToolOutputDrafts;
  /** Open run panels, one per run. */
  readonly panels: RunPanels;
  /** Open response panels, one per response. */
  readonly responsePanels: ResponsePanels;
  /** thread_… / run_… ids in terminals as links. */
  readonly terminalLinks: IdTerminalLinks;
}

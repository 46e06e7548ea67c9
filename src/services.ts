// Everything `activate` builds, for commands (and only for them: the parts built on the
// core import `coreServices.ts`, so this file closes no import cycle).
import type { CoreServices } from './coreServices';
import type { ResponsePanels } from './panels/responsePanels';
import type { ContinueDrafts } from './editors/continueDrafts';
import type { ForkDrafts } from './editors/forkDrafts';
import type { MigrationPreviews } from './editors/migrationPreviews';
import type { CaptureController } from './store/captureController';
import type { CaptureStatusBar } from './views/captureStatusBar';
import type { ToolOutputDrafts } from './editors/toolOutputDrafts';
import type { RunPanels } from './panels/runPanels';
import type { AgentRunsTree } from './views/agentRunsTree';
import type { IdTerminalLinks } from './views/idTerminalLinks';

/** Everything `activate` builds, handed to commands. */
export interface Services extends CoreServices {
  readonly tree: AgentRunsTree;
  /** Tool-output drafts: the `agent-runs-draft` documents and their editor features. */
  readonly drafts: ToolOutputDrafts;
  /** Continue documents of responses: the answers and the request Continue sends. */
  readonly continueDrafts: ContinueDrafts;
  /** Fork documents (Fork from Here…) and the forks they started. */
  readonly forkDrafts: ForkDrafts;
  /** The read-only previews of Copy Thread to Conversation… */
  readonly migrationPreviews: MigrationPreviews;
  /** Open run panels, one per run. */
  readonly panels: RunPanels;
  /** Open response panels, one per response. */
  readonly responsePanels: ResponsePanels;
  /** thread_… / run_… ids in terminals as links. */
  readonly terminalLinks: IdTerminalLinks;
  /** The one capture of the window (Start / Stop Capture). */
  readonly capture: CaptureController;
  readonly captureStatusBar: CaptureStatusBar;
}

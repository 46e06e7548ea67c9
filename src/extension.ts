import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import type { CoreServices } from './coreServices';
import { ToolOutputDrafts } from './editors/toolOutputDrafts';
import type { Services } from './services';
import { ArchiveStore } from './archive/archiveStore';
import { MigrationPreviews, migrationScheme } from './editors/migrationPreviews';
import { ConnectionStore } from './store/connectionStore';
import { LiveScheduler } from './store/liveScheduler';
import { RunCanceller } from './store/runCanceller';
import { ResponseStore } from './store/responseStore';
import { RunStore } from './store/runStore';
import { ThreadRegistry } from './store/threadRegistry';
import { ToolOutputSubmitter } from './store/toolOutputSubmitter';
import { WaitingRuns } from './store/waitingRuns';
import { JsonDocuments } from './panels/jsonDocuments';
import { CompareDocuments, compareScheme } from './editors/compareDocuments';
import { jsonScheme } from './panels/jsonPaths';
import { runPanelViewType } from './panels/runPanel';
import { responsePanelViewType } from './panels/responsePanel';
import { ResponsePanels } from './panels/responsePanels';
import { RunPanels } from './panels/runPanels';
import { Log } from './util/log';
import { AgentRunsTree } from './views/agentRunsTree';
import { IdTerminalLinks } from './views/idTerminalLinks';
import { WaitingRunsStatusBar } from './views/waitingRunsStatusBar';
import { buildAll } from './util/lazy';
import { ContinueDrafts, runsInBackground } from './editors/continueDrafts';
import { ForkDrafts } from './editors/forkDrafts';
import { ForkRunner } from './store/forkRunner';
import { ResponseContinuer } from './store/responseContinuer';
import { followResponse } from './store/followRun';
import { CapturedObjects } from './store/capturedObjects';
import { CaptureController } from './store/captureController';
import { CaptureStatusBar } from './views/captureStatusBar';

/** What tests reach through `extension.exports`. */
export interface ExtensionApi {
  readonly services: Services;
  /** The Runs tree's data provider (`getChildren`, `getTreeItem`). */
  readonly tree: AgentRunsTree;
  /** Milliseconds spent in activate(). */
  readonly activationMs: number;
}

/** Work that must finish before the extension host goes away (awaited by deactivate). */
let beforeExit: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = new Log();
  const archives = new ArchiveStore(context.globalState, log);
  const connections = new ConnectionStore(context.secrets, log, archives);
  const registry = new ThreadRegistry(context.globalState);
  const store = new RunStore(connections, registry);
  const responses = new ResponseStore(
    connections,
    new ThreadRegistry(context.globalState, 'conversations'),
    new ThreadRegistry(context.globalState, 'responses'),
    new ThreadRegistry(context.globalState, 'createdResponses'),
  );
  const scheduler = new LiveScheduler(store, responses, log, () => {
    const config = vscode.workspace.getConfiguration('agentRuns.refresh');
    const hiddenMs = config.get<number>('hiddenIntervalSeconds', 15) * 1000;
    return {
      visibleMs: config.get<number>('activeIntervalSeconds', 3) * 1000,
      hiddenMs,
      // Runs only the waiting-runs count follows: four times slower than a hidden panel.
      backgroundMs: hiddenMs * 4,
      maxBackoffMs: 60_000,
    };
  }, (id) => connections.isArchive(id));
  const submitter = new ToolOutputSubmitter({
    store,
    scheduler,
    log,
    maxOutputBytes: () => vscode.workspace.getConfiguration('agentRuns.toolOutputs').get<number>('maxOutputBytes', 524_288),
  });
  const continuer = new ResponseContinuer({ store: responses, log, follow: (ref) => followResponse(scheduler, ref) });
  const canceller = new RunCanceller({ store, scheduler, log });
  const waitingRuns = new WaitingRuns({ store, scheduler, connections, registry, log });
  const captured = new CapturedObjects();
  const forks = new ForkRunner({
    store,
    responses,
    scheduler,
    replayedRegistry: new ThreadRegistry(context.globalState, 'replayedCalls'),
    log,
    background: (id) => runsInBackground(connections.get(id)?.kind),
    agentReference: (id) => connections.get(id)?.kind === 'azure-agents',
  });
  const core: CoreServices = { context, log, connections, registry, store, responses, scheduler, submitter, continuer, canceller, forks, waitingRuns, captured };
  context.subscriptions.push(log, archives, connections, store, responses, scheduler, forks, waitingRuns, captured);

  const tree = new AgentRunsTree(core);
  context.subscriptions.push(tree, new WaitingRunsStatusBar(core));

  const drafts = new ToolOutputDrafts(core);
  context.subscriptions.push(drafts);
  const continueDrafts = new ContinueDrafts(core, continuer);
  context.subscriptions.push(continueDrafts);
  const forkDrafts = new ForkDrafts(core, forks);
  context.subscriptions.push(forkDrafts);

  const panels = new RunPanels(core, drafts);
  const responsePanels = new ResponsePanels(core, continueDrafts);
  const jsonDocuments = new JsonDocuments({ store, responses });
  context.subscriptions.push(
    panels,
    jsonDocuments,
    vscode.window.registerWebviewPanelSerializer(runPanelViewType, panels),
    responsePanels,
    vscode.window.registerWebviewPanelSerializer(responsePanelViewType, responsePanels),
    vscode.workspace.registerTextDocumentContentProvider(jsonScheme, jsonDocuments),
    vscode.workspace.registerTextDocumentContentProvider(compareScheme, new CompareDocuments({ connections, store, responses })),
  );

  const terminalLinks = new IdTerminalLinks();
  context.subscriptions.push(vscode.window.registerTerminalLinkProvider(terminalLinks));

  const capture = new CaptureController({ connections, store, responses, scheduler, captured, log, environment: context.environmentVariableCollection });
  const captureStatusBar = new CaptureStatusBar(capture);
  context.subscriptions.push(capture, captureStatusBar, vscode.debug.registerDebugConfigurationProvider('*', capture));
  beforeExit = async () => {
    await drafts.flush();
    await continueDrafts.flush();
    await forkDrafts.flush();
    // Nothing of capture stays behind: its ports close with the window.
    await capture.close();
  };

  const migrationPreviews = new MigrationPreviews();
  context.subscriptions.push(migrationPreviews, vscode.workspace.registerTextDocumentContentProvider(migrationScheme, migrationPreviews));

  const services: Services = { ...core, tree, panels, responsePanels, drafts, continueDrafts, forkDrafts, migrationPreviews, terminalLinks, capture, captureStatusBar };
  context.subscriptions.push(...registerCommands(services));
  // The waiting-runs count is read once the Runs view shows (activation itself sends nothing).
  if (tree.view.visible) void waitingRuns.ensureScanned();
  context.subscriptions.push(tree.view.onDidChangeVisibility((e) => e.visible && void waitingRuns.ensureScanned()));
  // The schemas are built on first use (activation does not pay for them); the rest once the window is idle.
  const warm = setTimeout(buildAll, 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(warm) });
  return { services, tree, activationMs: performance.now() - started };
}

/** A reload or close: keep the drafts typed in the last moments (VS Code waits for this). */
export async function deactivate(): Promise<void> {
  await beforeExit?.();
  beforeExit = undefined;
}

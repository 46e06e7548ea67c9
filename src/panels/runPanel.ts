// One run's webview panel: loads the run, its steps and messages through the store,
// follows store changes, keeps the run live through the shared scheduler while it is
// active (slower while hidden), and answers the webview's validated messages.
import * as vscode from 'vscode';
import { UserFacingError, toSentence } from '../api/errors';
import { isActiveRun, type Run } from '../api/schemas';
import type { CoreServices } from '../coreServices';
import { fromAssistantsRun } from '../model/assistants';
import { toolNamesOf } from '../model/run';
import type { LiveWatch, Visibility } from '../store/liveScheduler';
import type { StoreChange } from '../store/runStore';
import { Disposable } from '../util/disposable';
import { runRefKey, type RunRef } from '../util/refs';
import {
  acceptMessage,
  parseWebviewMessage,
  type HostMessage,
  type JsonTarget,
  type PanelState,
  type ComparisonView,
  type RunView,
  type Submission,
  type WebviewMessage,
  type StepView,
} from '../shared/protocol';
import { confirmEmptyOutputs } from '../editors/confirmEmptyOutputs';
import type { PendingCall } from '../model/toolOutputs';
import { pendingCallsOf } from '../store/toolOutputSubmitter';
import { newNonce, renderPanelHtml } from './html';
import { openJsonDocument, resolveJsonObject, toJsonText } from './jsonDocuments';
import type { JsonObjectRef } from './jsonPaths';
import { PanelImages, openCheckedLink } from './panelActions';
import { buildRunView, stepViews } from './viewModel';
import { answerListRequest, clipToBytes, cutRunState, inSlices, runLists, settleRunState } from './panelLists';
import { windowBudgetBytes } from '../shared/lists';
import type { CompareRef } from '../editors/compareDocuments';
import { comparisonView } from './comparison';
import { archiveSnapshot } from './archiveSnapshot';
import { markReplayedSteps } from './replayMarks';

export const runPanelViewType = 'agentRuns.runPanel';

/** The run's one tool-output draft, shared with the editor (ToolOutputDrafts). */
export interface PanelDrafts {
  outputsOf(ref: RunRef): Promise<{ outputs: Record<string, string>; problem?: string }>;
  setOutput(ref: RunRef, calls: readonly PendingCall[], toolCallId: string, output: string): Promise<void>;
  discard(ref: RunRef): Promise<void>;
  readonly onDidChangeDraft: vscode.Event<RunRef>;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Fingerprint of what decides whether the run's lists may have changed. */
const listTrigger = (run: Run | undefined) => (run ? JSON.stringify([run.status, run.usage, run.required_action, run.completed_at, run.failed_at]) : '');

export class RunPanel extends Disposable {
  private ready = false;
  private loading = false;
  private loadError: string | undefined;
  private updatedAt: number | undefined;
  private watch: LiveWatch | undefined;
  private submission: Submission = { state: 'idle' };
  private postTimer: ReturnType<typeof setTimeout> | undefined;
  private messageSteps = '';
  private draftOutputs: { outputs: Record<string, string>; problem?: string } = { outputs: {} };
  /** Draft edits, "Open in editor" and submissions run in the order the page sent them. */
  private draftQueue: Promise<void> = Promise.resolve();
  private readonly images: PanelImages;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  /** Fires once when the panel is closed or disposed. */
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly services: CoreServices,
    private readonly drafts: PanelDrafts,
    readonly panel: vscode.WebviewPanel,
    readonly ref: RunRef,
  ) {
    super();
    this.images = new PanelImages((fileId, containerId, maxBytes) =>
      // Containers belong to the Responses family; a run's page never cites one.
      containerId ? Promise.reject(new UserFacingError(vscode.l10n.t('A run has no container files.'))) : services.store.fileContent(ref.connectionId, fileId, maxBytes),
    );
    this._register({ dispose: () => panel.dispose() });
    this._register({ dispose: () => this.closed.fire() });
    this._register({
      dispose: () => {
        if (this.postTimer) clearTimeout(this.postTimer);
        this.postTimer = undefined;
        this.watch?.dispose();
        this.watch = undefined;
      },
    });
    const extensionUri = services.context.extensionUri;
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'agent-runs.svg');
    const asUri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    panel.webview.html = renderPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: newNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      codiconsUri: asUri('media', 'codicons', 'codicon.css'),
    });
    this.updateTitle();
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Hidden webviews are torn down (no retainContextWhenHidden); they say `ready` again when shown.
        if (!panel.visible) this.ready = false;
        this.watch?.setVisibility(this.visibility());
      }),
    );
    this._register(services.store.onDidChange((change) => this.onStoreChange(change)));
    // A fork's replay marks outputs of this panel's run as the original's.
    this._register(services.forks.onDidChangeReplayed((connectionId) => connectionId === this.ref.connectionId && this.postState()));
    this._register(
      services.submitter.onDidChangeSubmitting((changed) => {
        if (runRefKey(changed) === runRefKey(ref)) this.postSubmission();
      }),
    );
    this._register(
      drafts.onDidChangeDraft((changed) => {
        if (runRefKey(changed) === runRefKey(ref)) void this.readDrafts(true);
      }),
    );
    void this.readDrafts(false);
    void this.load();
  }

  /** Reads what the run's draft holds per call; tells the page when asked to. */
  private async readDrafts(post: boolean): Promise<void> {
    const next = await this.drafts.outputsOf(this.ref);
    if (this.isDisposed) return;
    this.draftOutputs = next;
    if (post) this.post({ type: 'drafts', drafts: next.outputs, draftProblem: next.problem ?? null });
  }

  get key(): string {
    return runRefKey(this.ref);
  }

  /** Whether the scheduler refreshes this panel's run. */
  get isLive(): boolean {
    return this.watch !== undefined && this.services.scheduler.isLive(this.ref);
  }

  reveal(): void {
    this.panel.reveal();
  }

  private visibility(): Visibility {
    return this.panel.visible ? 'visible' : 'hidden';
  }

  private currentRun(): Run | undefined {
    const { connectionId, threadId, runId } = this.ref;
    return this.services.store.run(connectionId, threadId, runId);
  }

  /** Reads the run, every step and every message (in parallel, through the store). */
  async load(): Promise<void> {
    if (this.isDisposed) return;
    const { connectionId, threadId, runId } = this.ref;
    this.loading = true;
    this.schedulePost();
    try {
      const details = await this.services.store.loadRunDetails(connectionId, threadId, runId);
      this.messageSteps = messageStepsOf(details.steps);
      this.loadError = undefined;
      this.updatedAt = Date.now();
    } catch (error) {
      this.loadError = toSentence(error, vscode.l10n.t("Couldn't load run {0}", runId));
      this.services.log.warn(this.loadError);
    } finally {
      this.loading = false;
      this.updateWatch();
      this.updateTitle();
      this.schedulePost();
    }
  }

  /** Steps (and messages when a message step changed, or `withMessages`) again. */
  private async reloadLists(withMessages: boolean): Promise<void> {
    if (this.isDisposed || this.loading) return;
    const { store } = this.services;
    const { connectionId, threadId, runId } = this.ref;
    await store.loadSteps(connectionId, threadId, runId, 'all');
    const messageSteps = messageStepsOf(store.stepList(connectionId, threadId, runId).items);
    if (withMessages || messageSteps !== this.messageSteps) {
      this.messageSteps = messageSteps;
      await store.loadMessages(connectionId, threadId, runId, 'all');
    }
    this.updatedAt = Date.now();
    this.schedulePost();
  }

  private updateWatch(): void {
    const run = this.currentRun();
    const shouldWatch = !this.isDisposed && run !== undefined && isActiveRun(run);
    if (shouldWatch && (!this.watch || !this.services.scheduler.isLive(this.ref))) {
      this.watch?.dispose();
      this.watch = this.services.scheduler.watch(this.ref, {
        visibility: this.visibility(),
        onPoll: (polled) => this.onPoll(polled),
      });
    } else if (!shouldWatch && this.watch) {
      this.watch.dispose();
      this.watch = undefined;
    }
  }

  /** While in progress, steps appear without the run object changing: list them each poll. */
  private async onPoll(run: Run): Promise<void> {
    if (run.status === 'in_progress') await this.reloadLists(false);
    else this.updatedAt = Date.now();
    this.schedulePost();
  }

  private onStoreChange(change: StoreChange): void {
    const { connectionId, threadId, runId } = this.ref;
    if (change.kind === 'threads' || change.connectionId !== connectionId || change.threadId !== threadId) return;
    if (change.kind === 'run' && change.runId === runId) {
      // A new status or usage (from a poll, a submission, a cancel): steps and messages may have changed.
      if (change.previous && listTrigger(change.previous) !== listTrigger(change.run)) void this.reloadLists(true);
      this.updateWatch();
      this.updateTitle();
      this.schedulePost();
    } else if ((change.kind === 'steps' || change.kind === 'messages') && change.runId === runId) {
      this.schedulePost();
    }
  }

  private updateTitle(): void {
    if (this.isDisposed) return;
    const run = this.currentRun();
    this.panel.title = `${this.ref.runId}${run ? ` · ${run.status.replace(/_/g, ' ')}` : ''}`;
  }

  private schedulePost(): void {
    if (this.postTimer || this.isDisposed) return;
    // Coalesces the run, steps and messages events of one refresh into one message.
    this.postTimer = setTimeout(() => {
      this.postTimer = undefined;
      this.postState();
    }, 0);
  }


  /** The view model the webview renders (`stepRows`: the steps' views, built beforehand a slice at a time). */
  buildState(stepRows?: StepView[], nowMs?: number): PanelState {
    const { store, connections } = this.services;
    const { connectionId, threadId, runId } = this.ref;
    const run = this.currentRun();
    const steps = store.stepList(connectionId, threadId, runId);
    const messages = store.messageList(connectionId, threadId, runId);
    const snapshot = archiveSnapshot(this.services, connectionId, threadId);
    let view = run ? this.marked(buildRunView({ run, steps: steps.items, messages: messages.items, stepsError: steps.error, messagesError: messages.error, nowMs: snapshot?.nowMs ?? nowMs, stepRows })) : null;
    // From an archive: the run as it was exported; nothing to answer, no countdown.
    if (view && snapshot) view = { ...view, expiresAt: null, pendingCalls: [], notices: [snapshot.notice, ...view.notices] };
    return {
      ref: { ...this.ref },
      connectionName: connections.get(connectionId)?.name ?? connectionId,
      loading: this.loading,
      error: run ? null : (this.loadError ?? null),
      live: this.isLive,
      updatedAt: this.updatedAt ?? null,
      run: view,
      comparison: this.comparison,
      drafts: this.draftOutputs.outputs,
      draftProblem: this.draftOutputs.problem ?? null,
      submission: this.currentSubmission(),
    };
  }

  private currentSubmission(): Submission {
    if (this.submission.state === 'idle' && this.services.submitter.isSubmitting(this.ref)) return { state: 'inflight' };
    return this.submission;
  }

  private post(message: HostMessage): void {
    if (!this.ready || this.isDisposed) return;
    void this.panel.webview.postMessage(message);
  }

  /** The comparison this panel was opened from (the diff editor's "Open Comparison in Panel"). */
  private comparison: ComparisonView | null = null;

  /** Shows the summary of this run against `other`, side by side, above the rest. */
  async showComparison(other: CompareRef): Promise<void> {
    const { connections, store, responses } = this.services;
    this.comparison = await comparisonView({ connections, store, responses }, { family: 'assistants', ...this.ref }, other);
    this.postState();
  }

  /** The view with the outputs a fork's replay sent marked. */
  private marked(view: RunView): RunView {
    markReplayedSteps(view.steps, (callId) => this.services.forks.isReplayed(this.ref.connectionId, callId));
    return view;
  }

  /** The rows of the run's long lists the page was last sent (it asks for the others). */
  private readonly lists = runLists();

  /** Bumped by every post: a post still building when a newer one starts stops there. */
  private posting = 0;
  /** Bumped by every search the page asks for. */
  private searching = 0;

  /**
   * Posts the state. A long run's steps are built and cut for the page a slice at a time, so
   * no task of the extension host grows with the run (the first screen needs only the first rows).
   */
  private postState(): void {
    void this.postStateInSlices().catch((e) => this.services.log.error(`Run panel ${this.ref.runId}: ${toSentence(e)}`));
  }

  private async postStateInSlices(): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    const generation = ++this.posting;
    const stale = () => generation !== this.posting || this.isDisposed;
    const { connectionId, threadId, runId } = this.ref;
    const steps = this.services.store.stepList(connectionId, threadId, runId).items;
    const messages = this.services.store.messageList(connectionId, threadId, runId).items;
    const nowMs = archiveSnapshot(this.services, connectionId, threadId)?.nowMs ?? Date.now();
    const rows: StepView[] = [];
    if (!(await inSlices(steps.length, (from, to) => rows.push(...stepViews(steps.slice(from, to), messages, nowMs, from)), stale))) return;
    const state = this.buildState(rows, nowMs);
    const cut = await cutRunState(this.lists, state, stale);
    // Settled in the task that posts it: the page's requests are answered from these rows.
    if (cut === undefined || stale()) return;
    this.post({ type: 'state', state: settleRunState(this.lists, state, cut) });
  }

  private postSubmission(): void {
    this.post({ type: 'submission', submission: this.currentSubmission() });
  }

  /** Handles one message from the webview, as it arrives: unchecked, so validated here first. */
  async receive(raw: unknown): Promise<void> {
    const message = acceptMessage(parseWebviewMessage, raw, (line) => this.services.log.warn(`Run panel ${this.ref.runId}: ${line}`), 'webview');
    if (!message) return;
    if (message.type === 'saveDraft' || message.type === 'answerInEditor' || message.type === 'submitToolOutputs') {
      const run = this.draftQueue.then(() => this.handleReporting(message));
      this.draftQueue = run;
      return run;
    }
    return this.handleReporting(message);
  }

  private async handleReporting(message: WebviewMessage): Promise<void> {
    try {
      await this.handle(message);
    } catch (error) {
      const sentence = toSentence(error);
      this.services.log.error(`Run panel ${this.ref.runId}: ${sentence}`);
      void vscode.window.showErrorMessage(sentence);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.readDrafts(false);
        this.ready = true;
        this.postState();
        return;
      case 'refresh':
        await this.load();
        return;
      case 'compareWith':
        await vscode.commands.executeCommand('agentRuns.compareWith', { ref: this.ref });
        return;
      case 'closeComparison':
        this.comparison = null;
        this.postState();
        return;
      case 'forkFromHere':
        await vscode.commands.executeCommand('agentRuns.forkFromHere', { ref: { ...this.ref, ...(message.at ? { stepId: message.at } : {}) } });
        return;
      case 'goToHandler':
        await this.goToHandler(message.name);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard'), 2000);
        return;
      case 'openJson':
        await openJsonDocument(this.jsonRef(message.target), vscode.ViewColumn.Beside);
        return;
      case 'getJson': {
        let text: string | null = null;
        let error: string | null = null;
        try {
          text = toJsonText(await resolveJsonObject(this.services, this.jsonRef(message.target)));
        } catch (e) {
          error = toSentence(e);
        }
        this.post({ type: 'json', target: message.target, text: text === null ? null : clipToBytes(text, windowBudgetBytes), error });
        return;
      }
      case 'getRange':
      case 'search': {
        // A newer search overtakes one still reading the rows.
        const seq = message.type === 'search' ? ++this.searching : this.searching;
        const answer = await answerListRequest(this.lists, message, ['steps', 'messages'], () => seq !== this.searching || this.isDisposed);
        if (answer) this.post(answer);
        return;
      }
      case 'openLink':
        await openCheckedLink(this.services.log, message.url, `Run panel ${this.ref.runId}`, 'run');
        return;
      case 'cancelRun':
        await vscode.commands.executeCommand('agentRuns.cancelRun', { ...this.ref });
        return;
      case 'answerInEditor':
        await vscode.commands.executeCommand('agentRuns.answerToolCalls', { ...this.ref });
        return;
      case 'saveDraft': {
        const run = this.currentRun();
        if (run) await this.drafts.setOutput(this.ref, pendingCallsOf(run), message.toolCallId, message.text);
        return;
      }
      case 'getImage':
        this.post({ type: 'image', image: await this.images.get(message.fileId, message.containerId) });
        return;
      case 'submitToolOutputs':
        await this.submit(message.outputs);
        return;
      case 'cancelResponse':
      case 'loadMoreInputs':
      case 'openResponse':
      case 'saveAnswer':
      case 'continueResponse':
      case 'continueInEditor':
        // The response panel's messages: a run page never sends them.
        this.services.log.warn(`Run panel ${this.ref.runId}: ignored a "${message.type}" message.`);
        return;
    }
  }

  /** Only a name a call of this run carries: the page cannot make the extension look for anything else. */
  private async goToHandler(name: string): Promise<void> {
    const run = this.currentRun();
    const { connectionId, threadId, runId } = this.ref;
    const names = run ? toolNamesOf(fromAssistantsRun({ run, steps: this.services.store.stepList(connectionId, threadId, runId).items })) : new Set<string>();
    if (!names.has(name)) {
      this.services.log.warn(`Run panel ${runId}: ignored Go to Handler for a name none of its calls carries.`);
      return;
    }
    await vscode.commands.executeCommand('agentRuns.goToHandler', { toolName: name, beside: true });
  }

  private jsonRef(target: JsonTarget): JsonObjectRef {
    const base = { connectionId: this.ref.connectionId, threadId: this.ref.threadId, runId: this.ref.runId };
    switch (target.kind) {
      case 'run':
        return { kind: 'run', ...base };
      case 'step':
        return { kind: 'step', ...base, stepId: target.id };
      case 'toolCall':
        return { kind: 'toolCall', ...base, stepId: target.stepId, toolCallId: target.id };
      case 'message':
        return { kind: 'message', ...base, messageId: target.id };
      case 'response':
      case 'outputItem':
      case 'inputItem':
        throw new Error(`A run panel has no ${target.kind} objects.`);
    }
  }

  private async submit(outputs: { tool_call_id: string; output: string }[]): Promise<void> {
    if (this.currentSubmission().state === 'inflight') return;
    this.submission = { state: 'inflight' };
    this.postSubmission();
    const result = await this.services.submitter.submit(this.ref, { tool_outputs: outputs }, { source: 'panel', confirmEmpty: confirmEmptyOutputs });
    if (this.isDisposed) return;
    if (result.ok) {
      this.submission = { state: 'done' };
      await this.drafts.discard(this.ref);
      this.updateWatch();
    } else if (result.declined) {
      this.submission = { state: 'idle' };
    } else {
      this.submission = { state: 'error', message: result.message, problems: result.problems ?? [] };
    }
    this.postSubmission();
    this.schedulePost();
  }
}

/** Ids and statuses of message-creation steps: when they change, messages changed. */
function messageStepsOf(steps: readonly { id: string; type: string; status: string }[]): string {
  return steps
    .filter((s) => s.type === 'message_creation')
    .map((s) => `${s.id}:${s.status}`)
    .join(',');
}

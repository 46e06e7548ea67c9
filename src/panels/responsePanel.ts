// One response's webview panel: reads the response (with include[]) and its input items
// through the ResponseStore, renders the family-neutral model (AgentRun) built from
// them, keeps a background response live through the shared scheduler while it is
// active (slower while hidden), and answers the page's validated messages.
import * as vscode from 'vscode';
import { CancelledByUser, toSentence } from '../api/errors';
import type { ConfirmOptions } from '../commands/confirmOptions';
import { cancelResponse, type ResponseCancelOutcome } from '../commands/cancelResponse';
import type { CoreServices } from '../coreServices';
import { toolNamesOf } from '../model/run';
import {
  acceptMessage,
  parseWebviewMessage,
  type AnswerDraftView,
  type HostMessage,
  type JsonTarget,
  type RequiredActionView,
  type ResponsePanelState,
  type ComparisonView,
  type ItemView,
  type ResponseView,
  type WebviewMessage,
} from '../shared/protocol';
import type { Step } from '../model/run';
import type { ContinueResult } from '../store/responseContinuer';
import type { LiveWatch, Visibility } from '../store/liveScheduler';
import { conversationIdOf, type ResponseStoreChange } from '../store/responseStore';
import { Disposable } from '../util/disposable';
import { responseRefKey, type ResponseRef } from '../util/refs';
import { newNonce, renderPanelHtml } from './html';
import { openJsonDocument, resolveJsonObject, toJsonText } from './jsonDocuments';
import type { JsonObjectRef } from './jsonPaths';
import { PanelImages, openCheckedLink } from './panelActions';
import { buildResponseView, itemViews } from './responseViewModel';
import { answerListRequest, clipToBytes, cutResponseState, inSlices, responseLists, settleResponseState } from './panelLists';
import { windowBudgetBytes } from '../shared/lists';
import type { CompareRef } from '../editors/compareDocuments';
import { comparisonView } from './comparison';
import { archiveSnapshot } from './archiveSnapshot';
import { markReplayedItems } from './replayMarks';
import { panelOptions } from './runPanel';

export const responsePanelViewType = 'agentRuns.responsePanel';

/** The response's one continue draft, shared with the editor document (ContinueDrafts). */
export interface ResponsePanelDrafts {
  answersOf(ref: ResponseRef): Promise<{ answers: Record<string, AnswerDraftView>; problem?: string }>;
  setAnswer(ref: ResponseRef, id: string, patch: AnswerDraftView): Promise<void>;
  continueFromPanel(ref: ResponseRef, options?: { confirm?: false }): Promise<ContinueResult>;
  open(ref: ResponseRef): Promise<unknown>;
  readonly onDidChangeDraft: vscode.Event<ResponseRef>;
}

const callWords: Record<string, string> = {
  function: 'function call',
  custom: 'custom tool call',
  computer: 'computer call',
  shell: 'shell call',
  localShell: 'local shell call',
  applyPatch: 'apply_patch call',
};

export class ResponsePanel extends Disposable {
  private ready = false;
  private loading = false;
  private loadError: string | undefined;
  private updatedAt: number | undefined;
  private cancelMessage: string | undefined;
  private watch: LiveWatch | undefined;
  private postTimer: ReturnType<typeof setTimeout> | undefined;
  /** Conversations whose items were read to see what answers this response's calls. */
  private readonly conversationsRead = new Set<string>();
  /** The rows of the response's long lists the page was last sent (it asks for the others). */
  private readonly lists = responseLists();
  private answers: { answers: Record<string, AnswerDraftView>; problem?: string } = { answers: {} };
  private continued: RequiredActionView['result'] = null;
  /** Answers, "Edit in editor" and Continue run in the order the page sent them. */
  private draftQueue: Promise<void> = Promise.resolve();
  private readonly images: PanelImages;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  /** Fires once when the panel is closed or disposed. */
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly services: CoreServices,
    private readonly drafts: ResponsePanelDrafts,
    readonly panel: vscode.WebviewPanel,
    readonly ref: ResponseRef,
  ) {
    super();
    this.images = new PanelImages((fileId, containerId, maxBytes) =>
      containerId ? services.responses.containerFile(ref.connectionId, containerId, fileId, maxBytes) : services.store.fileContent(ref.connectionId, fileId, maxBytes),
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
      page: 'response',
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
    this._register(services.responses.onDidChange((change) => this.onStoreChange(change)));
    // A fork's replay marks outputs of this panel's response as the original's.
    this._register(services.forks.onDidChangeReplayed((connectionId) => connectionId === this.ref.connectionId && this.schedulePost()));
    this._register(
      drafts.onDidChangeDraft((changed) => {
        if (responseRefKey(changed) === responseRefKey(ref)) void this.readAnswers(true);
      }),
    );
    this._register(
      services.continuer.onDidChangeSubmitting((changed) => {
        if (responseRefKey(changed) === responseRefKey(ref)) this.postAction();
      }),
    );
    void this.readAnswers(false);
    void this.load();
  }

  get key(): string {
    return responseRefKey(this.ref);
  }

  /** Whether the scheduler refreshes this panel's response. */
  get isLive(): boolean {
    return this.watch !== undefined && this.services.scheduler.isLive(this.ref);
  }

  reveal(): void {
    this.panel.reveal();
  }

  private visibility(): Visibility {
    return this.panel.visible ? 'visible' : 'hidden';
  }

  private model() {
    return this.services.responses.run(this.ref.connectionId, this.ref.responseId);
  }

  /** Reads the response and the first page of its input items (again, on Refresh). */
  async load(): Promise<void> {
    if (this.isDisposed) return;
    const { connectionId, responseId } = this.ref;
    const { responses } = this.services;
    this.loading = true;
    this.schedulePost();
    try {
      await Promise.all([
        responses.fetchResponse(connectionId, responseId),
        // Its own failure is shown in the Input items section.
        responses.loadInputItems(connectionId, responseId, 'first'),
      ]);
      this.loadError = undefined;
      this.updatedAt = Date.now();
      await this.readLaterItems();
    } catch (error) {
      this.loadError = responses.responseError(connectionId, responseId) ?? toSentence(error, vscode.l10n.t("Couldn't load response {0}", responseId));
      this.services.log.warn(this.loadError);
    } finally {
      this.loading = false;
      this.updateWatch();
      this.updateTitle();
      this.schedulePost();
    }
  }

  /**
   * A call is "awaiting" only when everything after it can be seen: for a response in a
   * conversation, that is the conversation's items, read once when a call's answer is not seen.
   */
  private async readLaterItems(): Promise<void> {
    const { connectionId, responseId } = this.ref;
    const response = this.services.responses.response(connectionId, responseId);
    const run = this.model();
    const conversationId = response ? conversationIdOf(response) : null;
    if (!conversationId || !run || this.conversationsRead.has(conversationId)) return;
    if (!run.pending.some((p) => p.state === 'noAnswerSeen')) return;
    this.conversationsRead.add(conversationId);
    await this.services.responses.loadItems(connectionId, conversationId, 'all');
  }

  /** Reads what the response's draft holds per pending id; tells the page when asked to. */
  private async readAnswers(post: boolean): Promise<void> {
    const next = await this.drafts.answersOf(this.ref);
    if (this.isDisposed) return;
    this.answers = next;
    if (post) this.postAction();
  }

  /** The Required action box: while the response waits for answers, and after a Continue. */
  private actionView(): RequiredActionView | null {
    // An archive's response is answered on the live service, not here.
    if (this.services.connections.isArchive(this.ref.connectionId)) return null;
    const pending = this.model()?.pending ?? [];
    if (!pending.length && !this.continued) return null;
    const awaiting = pending.length > 0 && pending.every((p) => p.state === 'awaiting');
    return {
      state: awaiting ? 'awaiting' : 'noAnswerSeen',
      note: awaiting
        ? vscode.l10n.t('Everything after this response is visible, and nothing answers these.')
        : vscode.l10n.t('Nothing seen answers these, but an answer may exist where the extension cannot see it (a later response chained to this one).'),
      items: pending.map((p) =>
        p.kind === 'approval'
          ? { kind: 'approval' as const, id: p.approvalRequestId, name: p.name, what: 'MCP approval request', serverLabel: p.serverLabel, arguments: p.arguments }
          : { kind: p.call === 'function' || p.call === 'custom' ? ('output' as const) : ('unsupported' as const), id: p.callId, name: p.name, what: callWords[p.call] ?? 'call', serverLabel: null, arguments: p.arguments },
      ),
      answers: this.answers.answers,
      draftProblem: this.answers.problem ?? null,
      continuing: this.services.continuer.isSubmitting(this.ref),
      result: this.continued,
    };
  }

  private postAction(): void {
    this.post({ type: 'requiredAction', action: this.actionView() });
  }

  /**
   * Continue from the panel: the shared draft, sent through the one continuer (which asks
   * first, unless `confirm: false`); the result is shown in the box.
   */
  async continue(options?: ConfirmOptions): Promise<ContinueResult | undefined> {
    if (this.services.continuer.isSubmitting(this.ref)) return undefined;
    this.continued = null;
    this.postAction();
    const result = await this.drafts.continueFromPanel(this.ref, options?.confirm === false ? { confirm: false } : {});
    if (this.isDisposed) return result;
    this.continued =
      result.kind === 'declined'
        ? null
        : {
            kind: result.kind,
            message: result.kind === 'created' ? vscode.l10n.t('Created response {0}, continuing this one.', result.response.id) : result.message,
            problems: result.kind === 'invalid' ? result.problems.filter((p) => p.severity === 'error').map((p) => ({ id: p.id ?? null, message: p.message })) : [],
            responseId: result.kind === 'created' ? result.response.id : null,
          };
    await this.readAnswers(false);
    this.postAction();
    this.schedulePost();
    return result;
  }

  private updateWatch(): void {
    const run = this.model();
    const shouldWatch = !this.isDisposed && run !== undefined && run.active;
    if (shouldWatch && (!this.watch || !this.services.scheduler.isLive(this.ref))) {
      this.watch?.dispose();
      this.watch = this.services.scheduler.watch(this.ref, {
        visibility: this.visibility(),
        onPoll: () => {
          this.updatedAt = Date.now();
          this.schedulePost();
        },
      });
    } else if (!shouldWatch && this.watch) {
      this.watch.dispose();
      this.watch = undefined;
    }
  }

  private onStoreChange(change: ResponseStoreChange): void {
    const { connectionId, responseId } = this.ref;
    if (change.kind === 'conversations' || change.kind === 'responses' || change.connectionId !== connectionId) return;
    switch (change.kind) {
      case 'response':
        if (change.responseId === responseId) {
          this.updateWatch();
          this.updateTitle();
          this.schedulePost();
          // A response that just ended may have calls to look for answers to.
          if (change.previous && change.previous.status !== change.response.status) void this.readLaterItems().then(() => this.schedulePost());
        } else if (
          change.response.previous_response_id === responseId ||
          change.previous?.previous_response_id === responseId ||
          change.responseId === this.services.responses.response(connectionId, responseId)?.previous_response_id
        ) {
          // A response that continues this one, or the one it continues: the chain and its timeline changed.
          this.schedulePost();
        }
        return;
      case 'inputItems':
        if (change.responseId === responseId) this.schedulePost();
        return;
      case 'conversation': {
        const response = this.services.responses.response(connectionId, responseId);
        if (response && conversationIdOf(response) === change.conversationId) this.schedulePost();
        return;
      }
    }
  }

  private updateTitle(): void {
    if (this.isDisposed) return;
    const run = this.model();
    this.panel.title = `${this.ref.responseId}${run ? ` · ${run.status.wire.replace(/_/g, ' ')}` : ''}`;
  }

  private schedulePost(): void {
    if (this.postTimer || this.isDisposed) return;
    // Coalesces the events of one refresh into one message.
    this.postTimer = setTimeout(() => {
      this.postTimer = undefined;
      this.postState();
    }, 0);
  }

  /** Bumped by every post: a post still building when a newer one starts stops there. */
  private posting = 0;
  /** Bumped by every search the page asks for. */
  private searching = 0;

  /**
   * Posts the state. A long response's items (or a long conversation's) are built and cut for
   * the page a slice at a time, so no task of the extension host grows with their number.
   */
  private postState(): void {
    void this.postStateInSlices().catch((e) => this.services.log.error(`Response panel ${this.ref.responseId}: ${toSentence(e)}`));
  }

  private async postStateInSlices(): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    const generation = ++this.posting;
    const stale = () => generation !== this.posting || this.isDisposed;
    const run = this.model();
    const views = (steps: readonly Step[]) => async (): Promise<ItemView[] | undefined> => {
      const out: ItemView[] = [];
      return (await inSlices(steps.length, (from, to) => out.push(...itemViews(steps.slice(from, to))), stale)) ? out : undefined;
    };
    const output = run && (await views(run.steps)());
    const inputs = run && output && (await views(run.inputs ?? [])());
    if (run && (!output || !inputs)) return;
    const state = this.buildState(output && inputs ? { output, inputs } : undefined);
    const cut = await cutResponseState(this.lists, state, stale);
    // Settled in the task that posts it: the page's requests are answered from these rows.
    if (cut === undefined || stale()) return;
    this.post({ type: 'responseState', state: settleResponseState(this.lists, state, cut) });
  }

  /** The comparison this panel was opened from (the diff editor's "Open Comparison in Panel"). */
  private comparison: ComparisonView | null = null;

  /** Shows the summary of this response against `other`, side by side, above the rest. */
  async showComparison(other: CompareRef): Promise<void> {
    const { connections, store, responses } = this.services;
    this.comparison = await comparisonView({ connections, store, responses }, { family: 'responses', ...this.ref }, other);
    this.schedulePost();
  }

  /** The view with the outputs a fork's replay sent marked. */
  private marked(view: ResponseView): ResponseView {
    const isReplayed = (callId: string) => this.services.forks.isReplayed(this.ref.connectionId, callId);
    markReplayedItems(view.output, isReplayed);
    markReplayedItems(view.inputs.items, isReplayed);
    return view;
  }

  /** The view model the page renders (`rows`: the items' views, built beforehand a slice at a time). */
  buildState(rows?: { output: ItemView[]; inputs: ItemView[] }): ResponsePanelState {
    const { responses } = this.services;
    const { connectionId, responseId } = this.ref;
    const run = this.model();
    const inputs = responses.inputItemList(connectionId, responseId);
    const nextIds = responses.nextResponses(connectionId, responseId);
    // Only what the store already holds: the timeline never reads a response of its own.
    const previous = run?.previousId ? responses.run(connectionId, run.previousId) : undefined;
    const next = nextIds.flatMap((id) => responses.run(connectionId, id) ?? []);
    const snapshot = archiveSnapshot(this.services, connectionId, responseId);
    let view = run
      ? this.marked(
          buildResponseView({
            run,
            inputs: { loaded: inputs.loaded, loading: inputs.loading, hasMore: inputs.hasMore, error: inputs.error },
            nextIds,
            chain: { previous, next },
            rows,
          }),
        )
      : null;
    // From an archive: the response as it was exported; nothing to cancel or answer.
    if (view && snapshot) view = { ...view, ...(view.cancellable ? { cancellable: false, cancelNote: null } : {}), notices: [snapshot.notice, ...view.notices] };
    return {
      ref: { ...this.ref },
      connectionName: responses.connectionName(connectionId),
      loading: this.loading,
      error: run ? null : (this.loadError ?? null),
      live: this.isLive,
      updatedAt: this.updatedAt ?? null,
      cancelMessage: this.cancelMessage ?? null,
      response: view,
      comparison: this.comparison,
      action: this.actionView(),
    };
  }

  private post(message: HostMessage): void {
    if (!this.ready || this.isDisposed) return;
    void this.panel.webview.postMessage(message);
  }

  /** Handles one message from the page, as it arrives: unchecked, so validated here first. */
  async receive(raw: unknown): Promise<void> {
    const where = `Response panel ${this.ref.responseId}`;
    const message = acceptMessage(parseWebviewMessage, raw, (line) => this.services.log.warn(`${where}: ${line}`), 'webview');
    if (!message) return;
    if (message.type === 'saveAnswer' || message.type === 'continueInEditor' || message.type === 'continueResponse') {
      const run = this.draftQueue.then(() => this.handleReporting(message, where));
      this.draftQueue = run;
      return run;
    }
    return this.handleReporting(message, where);
  }

  private async handleReporting(message: WebviewMessage, where: string): Promise<void> {
    try {
      await this.handle(message);
    } catch (error) {
      if (error instanceof CancelledByUser) return;
      const sentence = toSentence(error);
      this.services.log.error(`${where}: ${sentence}`);
      void vscode.window.showErrorMessage(sentence);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const { connectionId, responseId } = this.ref;
    switch (message.type) {
      case 'ready':
        await this.readAnswers(false);
        this.ready = true;
        this.postState();
        return;
      case 'saveAnswer': {
        const { type: _, id, ...patch } = message;
        await this.drafts.setAnswer(this.ref, id, patch);
        return;
      }
      case 'continueResponse':
        await this.continue();
        return;
      case 'continueInEditor':
        await this.drafts.open(this.ref);
        return;
      case 'refresh':
        await this.load();
        return;
      case 'compareWith':
        await vscode.commands.executeCommand('agentRuns.compareWith', { ref: this.ref });
        return;
      case 'closeComparison':
        this.comparison = null;
        this.schedulePost();
        return;
      case 'forkFromHere':
        await vscode.commands.executeCommand('agentRuns.forkFromHere', { ref: { ...this.ref, ...(message.at ? { itemId: message.at } : {}) } });
        return;
      case 'goToHandler': {
        // Only a name a call of this response carries: the page cannot make the extension look for anything else.
        const run = this.model();
        if (!run || !toolNamesOf(run).has(message.name)) {
          this.services.log.warn(`Response panel ${responseId}: ignored Go to Handler for a name none of its calls carries.`);
          return;
        }
        await vscode.commands.executeCommand('agentRuns.goToHandler', { toolName: message.name, beside: true });
        return;
      }
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
        const answer = await answerListRequest(this.lists, message, ['output', 'inputs'], () => seq !== this.searching || this.isDisposed);
        if (answer) this.post(answer);
        return;
      }
      case 'openLink':
        await openCheckedLink(this.services.log, message.url, `Response panel ${responseId}`, 'response');
        return;
      case 'getImage':
        this.post({ type: 'image', image: await this.images.get(message.fileId, message.containerId) });
        return;
      case 'loadMoreInputs':
        await this.services.responses.loadInputItems(connectionId, responseId, 'more');
        return;
      case 'openResponse':
        await vscode.commands.executeCommand('agentRuns.openResponse', { connectionId, responseId: message.responseId });
        return;
      case 'cancelResponse':
        await this.cancel();
        return;
      case 'cancelRun':
      case 'answerInEditor':
      case 'submitToolOutputs':
      case 'saveDraft':
        // A run page's messages: a response page never sends them.
        this.services.log.warn(`Response panel ${responseId}: ignored a "${message.type}" message.`);
        return;
    }
  }

  /** Cancel from the panel: the same confirmation as runs; then the panel follows the response until it ends. */
  async cancel(options?: ConfirmOptions): Promise<ResponseCancelOutcome> {
    const outcome = await cancelResponse(this.services, { ...this.ref }, options);
    this.cancelMessage = outcome.kind === 'notCancellable' ? outcome.message : undefined;
    this.updateWatch();
    this.schedulePost();
    return outcome;
  }

  private jsonRef(target: JsonTarget): JsonObjectRef {
    const base = { connectionId: this.ref.connectionId, responseId: this.ref.responseId };
    switch (target.kind) {
      case 'response':
        return { kind: 'response', ...base };
      case 'outputItem':
      case 'inputItem':
        return { kind: target.kind, ...base, itemId: target.id };
      case 'run':
      case 'step':
      case 'toolCall':
      case 'message':
        throw new Error(`A response panel has no ${target.kind} objects.`);
    }
  }
}

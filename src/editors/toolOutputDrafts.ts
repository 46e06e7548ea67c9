// Tool-output drafts: "Answer tool calls" opens a run's draft, the draft is validated as
// the user types (Problems panel), kept in extension storage until a submission
// succeeds, and submitted through the one ToolOutputSubmitter.
import * as vscode from 'vscode';
import { applyEdits } from 'jsonc-parser';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { Run } from '../api/schemas';
import type { CoreServices } from '../coreServices';
import { pendingCallsOf, whyNotAccepting } from '../store/toolOutputSubmitter';
import { Disposable } from '../util/disposable';
import { runRefKey, type RunRef } from '../util/refs';
import { draftScheme, outputsPath, parseDraftPath } from './draftPaths';
import { closeTabs, hasTab, PersistQueue } from './draftDocuments';
import { DraftStorage } from './draftStorage';
import {
  argumentsUri,
  DraftCodeActionProvider,
  DraftCodeLensProvider,
  DraftCompletionProvider,
  DraftHoverProvider,
  diagnosticsOf,
  draftSelector,
  openArgumentsCommand,
  type DraftAnalysis,
  type DraftAnalyzer,
} from './toolOutputsLanguage';
import { ToolOutputsFileSystem } from './toolOutputsFileSystem';
import { confirmEmptyOutputs } from './confirmEmptyOutputs';
import { draftOutputEdits, draftText, outputsOfDraft, validateToolOutputsText, type PendingCall } from '../model/toolOutputs';

export function draftUri(ref: RunRef): vscode.Uri {
  return vscode.Uri.from({ scheme: draftScheme, path: outputsPath(ref) });
}

function sameIds(a: readonly PendingCall[], b: readonly PendingCall[]): boolean {
  return a.length === b.length && a.every((c, i) => c.id === b[i]?.id);
}

/** Why a run has no calls to answer (for "Answer tool calls"). */
function noCallsSentence(run: Run): string {
  return (whyNotAccepting(run) ?? vscode.l10n.t('Run {0} waits for no tool outputs.', run.id)).replace(/ Nothing was sent\.$/, '').replace(/; nothing was sent\.$/, '.');
}

export class ToolOutputDrafts extends Disposable implements DraftAnalyzer {
  readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('agentRuns.toolOutputs'));
  private readonly storage: DraftStorage;
  private readonly fs: ToolOutputsFileSystem;
  private readonly analysisChanged = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeAnalysis = this.analysisChanged.event;
  private readonly analyses = new Map<string, { version: number; analysis: DraftAnalysis }>();
  /**
   * Drafts typed in the last moments, written after a short pause (or at once by flush()).
   * Once typing pauses, the CodeLens is asked for again: the workbench may have read it
   * while a burst of edits was still arriving and kept that one (seen after a one-line paste).
   */
  private readonly persist = this._register(new PersistQueue((document) => this.persistNow(document), () => this.analysisChanged.fire()));
  /** Drafts whose submission succeeded: late writes must not bring them back. */
  private readonly submitted = new Set<string>();
  private readonly draftChanged = this._register(new vscode.EventEmitter<RunRef>());
  /** A run's draft changed (typed in the editor or a panel, replaced, or sent). */
  readonly onDidChangeDraft = this.draftChanged.event;

  constructor(private readonly services: CoreServices) {
    super();
    this.storage = new DraftStorage(vscode.Uri.joinPath(services.context.globalStorageUri, 'toolOutputDrafts'));
    this.fs = new ToolOutputsFileSystem(this.storage, { pendingCalls: (ref) => this.pendingCalls(ref) });
    this._register(this.fs);
    this._register(vscode.workspace.registerFileSystemProvider(draftScheme, this.fs, { isCaseSensitive: true }));
    this._register(vscode.languages.registerCodeLensProvider(draftSelector, new DraftCodeLensProvider(this)));
    this._register(vscode.languages.registerHoverProvider(draftSelector, new DraftHoverProvider(this)));
    this._register(vscode.languages.registerCodeActionsProvider(draftSelector, new DraftCodeActionProvider(this), DraftCodeActionProvider.metadata));
    this._register(vscode.languages.registerCompletionItemProvider(draftSelector, new DraftCompletionProvider(this), '"', ':'));
    this._register(vscode.commands.registerCommand(openArgumentsCommand, (ref: RunRef, callId: string) => this.openArguments(ref, callId)));

    this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.refresh(doc)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.isDraft(e.document) || !e.contentChanges.length) return;
        this.refresh(e.document);
        this.persist.soon(e.document);
        const path = parseDraftPath(e.document.uri.path);
        if (path) this.draftChanged.fire(path.ref);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (!this.isDraft(doc)) return;
        this.analyses.delete(doc.uri.toString());
        this.diagnostics.delete(doc.uri);
      }),
    );
    // A closed tab's document may stay open for minutes; its problems go with the tab.
    this._register(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        this.diagnostics.forEach((uri) => {
          if (!hasTab(uri)) this.diagnostics.delete(uri);
        });
        // A draft shown again in a tab (its document was still loaded): its problems come back.
        for (const tab of e.opened) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : undefined;
          const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : undefined;
          if (doc) this.refresh(doc, true);
        }
      }),
    );
    // A run that changes (expires, is answered elsewhere) changes what its draft may send.
    this._register(
      services.store.onDidChange((change) => {
        if (change.kind !== 'run') return;
        for (const doc of vscode.workspace.textDocuments) {
          const path = this.isDraft(doc) ? parseDraftPath(doc.uri.path) : undefined;
          if (path && path.ref.runId === change.runId && path.ref.connectionId === change.connectionId) this.refresh(doc, true);
        }
      }),
    );
    this._register(services.submitter.onDidChangeSubmitting(() => this.analysisChanged.fire()));
    for (const doc of vscode.workspace.textDocuments) this.refresh(doc);
  }

  isSubmitting(ref: RunRef): boolean {
    return this.services.submitter.isSubmitting(ref);
  }

  private isDraft(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === draftScheme && parseDraftPath(doc.uri.path)?.kind === 'outputs';
  }

  private maxOutputBytes(): number {
    return vscode.workspace.getConfiguration('agentRuns.toolOutputs').get<number>('maxOutputBytes', 524_288);
  }

  /** The calls a run waits for now: from the cache when it is fresh enough, else from the service. */
  private async pendingCalls(ref: RunRef): Promise<PendingCall[]> {
    const cached = this.services.store.run(ref.connectionId, ref.threadId, ref.runId);
    const run = cached?.status === 'requires_action' ? cached : (await this.services.store.fetchRun(ref.connectionId, ref.threadId, ref.runId)).run;
    const calls = pendingCallsOf(run);
    if (!calls.length) throw new UserFacingError(noCallsSentence(run));
    return calls;
  }

  /** The calls the draft answers: the run's current ones if known, else those it was made for. */
  private callsFor(ref: RunRef): { calls: PendingCall[]; refusal: string | undefined; known: boolean } {
    const run = this.services.store.run(ref.connectionId, ref.threadId, ref.runId);
    const stored = this.storedCalls.get(runRefKey(ref));
    if (run) {
      const refusal = whyNotAccepting(run)?.replace(/ Nothing was sent\.$/, '').replace(/; nothing was sent\.$/, '.');
      if (!refusal) return { calls: pendingCallsOf(run), refusal: undefined, known: true };
      return { calls: stored ?? [], refusal, known: false };
    }
    return { calls: stored ?? [], refusal: undefined, known: stored !== undefined };
  }

  /** Calls each stored draft was made for (filled as drafts are read). */
  private readonly storedCalls = new Map<string, PendingCall[]>();
  /** Runs read once for their restored drafts. */
  private readonly fetching = new Set<string>();

  analyze(document: vscode.TextDocument): DraftAnalysis | undefined {
    if (!this.isDraft(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.analyses.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    return this.compute(document);
  }

  private compute(document: vscode.TextDocument): DraftAnalysis | undefined {
    const path = parseDraftPath(document.uri.path);
    if (path?.kind !== 'outputs') return undefined;
    const { calls, refusal, known } = this.callsFor(path.ref);
    const result = validateToolOutputsText(document.getText(), known ? calls : undefined, { maxOutputBytes: this.maxOutputBytes() });
    const analysis: DraftAnalysis = { ref: path.ref, calls, result, refusal };
    this.analyses.set(document.uri.toString(), { version: document.version, analysis });
    return analysis;
  }

  /** Re-validates a draft and publishes its diagnostics. */
  private refresh(document: vscode.TextDocument, force = false): void {
    if (!this.isDraft(document)) return;
    const path = parseDraftPath(document.uri.path);
    if (path && this.submitted.has(runRefKey(path.ref))) {
      // Sent and closed; the document may linger in memory, its problems must not.
      this.diagnostics.delete(document.uri);
      return;
    }
    if (path && !this.storedCalls.has(runRefKey(path.ref))) {
      void this.storage.read(path.ref).then((draft) => {
        if (draft && !this.storedCalls.has(runRefKey(path.ref))) {
          this.storedCalls.set(runRefKey(path.ref), draft.calls);
          this.refresh(document, true);
        }
      });
    }
    if (path && !this.services.store.run(path.ref.connectionId, path.ref.threadId, path.ref.runId) && !this.fetching.has(runRefKey(path.ref))) {
      // A draft restored after a reload: learn whether its run still waits (the store's
      // change event re-validates it).
      const key = runRefKey(path.ref);
      this.fetching.add(key);
      void this.services.store
        .fetchRun(path.ref.connectionId, path.ref.threadId, path.ref.runId)
        .catch((error: unknown) => this.services.log.warn(`Couldn't read ${path.ref.runId} for its draft: ${(error as Error).message}`));
    }
    if (force) this.analyses.delete(document.uri.toString());
    const analysis = this.analyze(document);
    if (!analysis) return;
    if (hasTab(document.uri)) this.diagnostics.set(document.uri, diagnosticsOf(document, analysis, 0, { syntax: document.languageId !== 'json' }));
    else this.diagnostics.delete(document.uri);
    this.analysisChanged.fire();
  }

  /**
   * Writes at once what is still waiting for its pause: called when the extension host
   * shuts down (window reload or close), so text typed just before is not lost.
   */
  flush(): Promise<void> {
    return this.persist.flush();
  }

  private async persistNow(document: vscode.TextDocument): Promise<void> {
    const path = parseDraftPath(document.uri.path);
    if (path?.kind !== 'outputs' || this.submitted.has(runRefKey(path.ref))) return;
    try {
      await this.fs.save(path.ref, document.getText());
    } catch (error) {
      this.services.log.warn(`Couldn't keep the draft of ${path.ref.runId}: ${(error as Error).message}`);
    }
  }

  /** Opens (or creates) the draft answering `ref`'s pending calls. */
  async open(ref: RunRef): Promise<vscode.TextEditor> {
    const { run } = await this.services.store.fetchRun(ref.connectionId, ref.threadId, ref.runId);
    const calls = pendingCallsOf(run);
    if (!calls.length) throw new UserFacingError(vscode.l10n.t('{0} There are no tool calls to answer.', noCallsSentence(run)));
    const uri = draftUri(ref);
    const key = runRefKey(ref);
    this.submitted.delete(key);
    const stored = await this.storage.read(ref);
    if (!stored || !sameIds(stored.calls, calls)) {
      // First answer, or the run asks again with new calls: a fresh draft for these calls.
      if (stored) this.services.log.info(`The draft of ${ref.runId} answered other calls; starting a new one.`);
      await this.fs.replace(uri, ref, calls, draftText(calls));
    }
    this.storedCalls.set(key, calls);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    this.refresh(editor.document, true);
    this.draftChanged.fire(ref);
    return editor;
  }

  private async openArguments(ref: RunRef, callId: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(argumentsUri(ref, callId));
    if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  /**
   * Submits a draft document. Returns the result sentence on success; throws a
   * UserFacingError (draft kept) on any failure.
   */
  async submitDocument(document: vscode.TextDocument): Promise<string> {
    const path = parseDraftPath(document.uri.path);
    if (path?.kind !== 'outputs') throw new UserFacingError(vscode.l10n.t('This editor is not a tool-output draft; use "Submit Tool Outputs from Editor…" instead.'));
    const { ref } = path;
    // Keep exactly what is being sent, whatever happens next.
    await this.persistNow(document);
    if (document.isDirty) await document.save();
    this.refresh(document, true);
    const analysis = this.analyze(document);
    const errors = analysis?.result.problems.filter((p) => p.severity === 'error') ?? [];
    if (errors.length) {
      void vscode.commands.executeCommand('workbench.actions.view.problems');
      throw new UserFacingError(
        errors.length === 1
          ? vscode.l10n.t('The draft for {0} has {1} problem (see Problems): {2} Nothing was sent.', ref.runId, errors.length, errors[0]!.message)
          : vscode.l10n.t('The draft for {0} has {1} problems (see Problems): {2} Nothing was sent.', ref.runId, errors.length, errors[0]!.message),
      );
    }
    const input: unknown = JSON.parse(document.getText());
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting tool outputs for {0}…', ref.runId) },
      () => this.services.submitter.submit(ref, input, { source: 'editor', confirmEmpty: confirmEmptyOutputs }),
    );
    if (!result.ok) {
      this.refresh(document, true);
      if (result.declined) throw new CancelledByUser();
      throw new UserFacingError(result.message);
    }
    await this.discard(ref);
    const count = analysis?.result.outputs?.length ?? 0;
    return count === 1
      ? vscode.l10n.t('Submitted {0} tool output for {1}; the run is {2}.', count, ref.runId, result.run.status)
      : vscode.l10n.t('Submitted {0} tool outputs for {1}; the run is {2}.', count, ref.runId, result.run.status);
  }

  /** A submission succeeded (from the editor or a panel): the draft has done its job. */
  async discard(ref: RunRef): Promise<void> {
    const key = runRefKey(ref);
    const uri = draftUri(ref);
    this.submitted.add(key);
    this.storedCalls.delete(key);
    this.persist.cancel(uri);
    await closeTabs(uri);
    this.diagnostics.delete(uri);
    await this.fs.remove(uri, ref);
    this.draftChanged.fire(ref);
  }

  private openDocument(ref: RunRef): vscode.TextDocument | undefined {
    const uri = draftUri(ref).toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri && !d.isClosed);
  }

  /**
   * What the run's one draft holds for each call — from the open editor when there is one
   * (it may hold text not yet stored), else from storage — for the run panel's boxes.
   */
  async outputsOf(ref: RunRef): Promise<{ outputs: Record<string, string>; problem?: string }> {
    if (this.submitted.has(runRefKey(ref))) return { outputs: {} };
    const text = this.openDocument(ref)?.getText() ?? (await this.storage.read(ref))?.text;
    return text === undefined ? { outputs: {} } : outputsOfDraft(text);
  }

  /**
   * Sets one call's output in the run's draft (typed in the run panel): in the open
   * editor if there is one, so both show the same text, else in storage. `calls` are
   * the calls the run waits for; a draft for other calls is started afresh.
   */
  async setOutput(ref: RunRef, calls: readonly PendingCall[], toolCallId: string, output: string): Promise<void> {
    if (!calls.some((c) => c.id === toolCallId)) return;
    const key = runRefKey(ref);
    const document = this.openDocument(ref);
    if (document) {
      const edits = draftOutputEdits(document.getText(), toolCallId, output);
      if (!edits) return; // The editor holds text that is not a draft; the panel's boxes are read-only then.
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
      await vscode.workspace.applyEdit(edit);
      return;
    }
    this.submitted.delete(key);
    const stored = await this.storage.read(ref);
    const base = stored && sameIds(stored.calls, calls) ? stored.text : draftText(calls);
    const edits = draftOutputEdits(base, toolCallId, output);
    if (!edits) return;
    await this.fs.replace(draftUri(ref), ref, stored && sameIds(stored.calls, calls) ? stored.calls : calls, applyEdits(base, edits));
    this.storedCalls.set(key, [...calls]);
    this.draftChanged.fire(ref);
  }

  /** The draft of a run, if one is kept (for tests and the panel's "Open in editor"). */
  async storedDraft(ref: RunRef): Promise<string | undefined> {
    return (await this.storage.read(ref))?.text;
  }
}

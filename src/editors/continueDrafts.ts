// Continue a response from an editor: "Answer and Continue…" opens the complete request
// that Continue will send — the answers (outputs and approval responses) first, then
// everything copied from the response — as a JSON document validated as the user types.
// It is kept in extension storage until a continuation succeeds (closing the tab or
// reloading the window loses nothing), and sent through the one ResponseContinuer.
import * as vscode from 'vscode';
import { applyEdits, modify, parseTree, type EditResult, type Node, type ParseError } from 'jsonc-parser';
import type { CoreServices } from '../coreServices';
import { UserFacingError } from '../api/errors';
import type { Response } from '../api/responses/schemas';
import { continuationRequest, continueDocumentText, prefilledAnswers, validateContinueText, type ContinueValidation } from '../model/continuation';
import type { PendingAction } from '../model/run';
import { conversationIdOf } from '../store/responseStore';
import type { ContinuePlan, ContinueResult, ResponseContinuer, ResponseRef } from '../store/responseContinuer';
import { Disposable } from '../util/disposable';
import { oneLine } from '../util/format';
import { closeTabs, PersistQueue, problemDiagnostics, StoredDraftFileSystem } from './draftDocuments';
import { DraftStorage } from './draftStorage';
import { diagnosticSource, goToHandlerLens } from './toolOutputsLanguage';

export const continueScheme = 'agent-runs-continue';
const suffix = '.continue.json';
export const continueFromEditorCommand = 'agentRuns.continueFromEditor';

const enc = encodeURIComponent;

export function continueUri(ref: ResponseRef): vscode.Uri {
  return vscode.Uri.from({ scheme: continueScheme, path: `/${enc(ref.connectionId)}/${enc(ref.responseId)}${suffix}` });
}

/** The response a continue document is about; undefined for anything else (e.g. folders). */
export function parseContinuePath(path: string): ResponseRef | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== 2 || !parts[1]!.endsWith(suffix)) return undefined;
  try {
    const connectionId = decodeURIComponent(parts[0]!);
    const responseId = decodeURIComponent(parts[1]!.slice(0, -suffix.length));
    return connectionId && responseId && !responseId.includes('/') ? { connectionId, responseId } : undefined;
  } catch {
    return undefined;
  }
}

/** The storage keeps drafts by run reference; a response's draft is stored under this one. */
const storageRef = (ref: ResponseRef) => ({ connectionId: ref.connectionId, threadId: 'response', runId: ref.responseId });
const pendingId = (p: PendingAction) => (p.kind === 'approval' ? p.approvalRequestId : p.callId);

function signature(p: PendingAction): string {
  return p.kind === 'approval' ? oneLine(`${p.serverLabel ?? 'MCP'} · ${p.name}(${p.arguments})`, 80) : oneLine(`${p.name}(${p.arguments})`, 80);
}

/** What the draft holds for one pending call or approval request (what the panel's boxes show). */
export interface AnswerDraft {
  /** A function or custom tool call's output. */
  output?: string;
  /** An approval request's answer; null until the user chooses. */
  approve?: boolean | null;
  reason?: string;
}

const propertyNode = (object: Node, name: string): Node | undefined =>
  object.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === name)?.children?.[1];

/** The request's `input` array in a continue document, or why the text can't be read that way. */
function inputArray(text: string): { root: Node; input: Node | undefined } | { problem: string } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !root) return { problem: 'The request in the editor is not valid JSON; the boxes show it again once it is fixed there.' };
  if (root.type !== 'object') return { problem: 'The request in the editor is not a JSON object; fix it there.' };
  const input = propertyNode(root, 'input');
  if (input && input.type !== 'array') return { problem: 'The request in the editor has an "input" that is not an array; fix it there.' };
  return { root, input };
}

/** The id an input item answers, and how: an output (`call_id`) or an approval (`approval_request_id`). */
function answerOf(item: Node): { id: string; kind: 'output' | 'approval' } | undefined {
  if (item.type !== 'object') return undefined;
  const type = propertyNode(item, 'type')?.value;
  if (type === 'mcp_approval_response') {
    const id = propertyNode(item, 'approval_request_id')?.value;
    return typeof id === 'string' ? { id, kind: 'approval' } : undefined;
  }
  if (type === 'function_call_output' || type === 'custom_tool_call_output') {
    const id = propertyNode(item, 'call_id')?.value;
    return typeof id === 'string' ? { id, kind: 'output' } : undefined;
  }
  return undefined;
}

/**
 * What a continue document answers per id (the first answer of each), or why the panel
 * can't show it: the boxes then stay read-only until the editor's text is fixed.
 */
export function answersOfText(text: string): { answers: Record<string, AnswerDraft>; problem?: string } {
  const parsed = inputArray(text);
  if ('problem' in parsed) return { answers: {}, problem: parsed.problem };
  const answers: Record<string, AnswerDraft> = {};
  for (const item of parsed.input?.children ?? []) {
    const answer = answerOf(item);
    if (!answer || answer.id in answers) continue;
    if (answer.kind === 'output') {
      const output = propertyNode(item, 'output');
      if (output && output.type !== 'string') return { answers: {}, problem: `The request in the editor has an output for ${answer.id} that is not a string; edit it there.` };
      answers[answer.id] = { output: typeof output?.value === 'string' ? output.value : '' };
    } else {
      const approve = propertyNode(item, 'approve')?.value;
      const reason = propertyNode(item, 'reason')?.value;
      answers[answer.id] = { approve: typeof approve === 'boolean' ? approve : null, ...(typeof reason === 'string' ? { reason } : {}) };
    }
  }
  return { answers };
}

/** One edit turning `from` into `to` that spares their common start and end (the editor keeps its cursor). */
function smallestEdit(from: string, to: string): EditResult[number] {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (end < from.length - start && end < to.length - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { offset: start, length: from.length - start - end, content: to.slice(start, to.length - end) };
}

/**
 * The edits that set one answer in a continue document's text, keeping everything else as
 * typed (an item is added when the id has none). Undefined when the text can't be edited so.
 */
export function answerEdits(text: string, action: PendingAction, patch: AnswerDraft): EditResult | undefined {
  const parsed = inputArray(text);
  if ('problem' in parsed) return undefined;
  const id = pendingId(action);
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  const entries = parsed.input?.children ?? [];
  const index = entries.findIndex((item) => answerOf(item)?.id === id);
  if (index >= 0) {
    const edits: EditResult = [];
    let current = text;
    const set = (key: string, value: unknown) => {
      const e = modify(current, ['input', index, key], value, { formattingOptions });
      current = applyEdits(current, e);
      edits.push(...e);
    };
    // One edit at a time against the text so far: the result is applied as one replacement below.
    if (action.kind === 'approval') {
      if (patch.approve !== undefined) set('approve', patch.approve);
      if (patch.reason !== undefined) set('reason', patch.reason === '' ? undefined : patch.reason);
    } else if (patch.output !== undefined) {
      set('output', patch.output);
    }
    return current === text ? [] : [smallestEdit(text, current)];
  }
  const item =
    action.kind === 'approval'
      ? { type: 'mcp_approval_response', approval_request_id: id, approve: patch.approve ?? null, ...(patch.reason ? { reason: patch.reason } : {}) }
      : { type: action.call === 'custom' ? 'custom_tool_call_output' : 'function_call_output', call_id: id, output: patch.output ?? '' };
  if (!parsed.input) return modify(text, ['input'], [item], { formattingOptions });
  return modify(text, ['input', entries.length], item, { formattingOptions, isArrayInsertion: true });
}

/** Whether the connection's service runs a continuation in the background (so it can be followed and cancelled). */
export function runsInBackground(kind: string | undefined): boolean {
  // OpenAI, Azure OpenAI and Foundry take `background: true`; compatible servers vary.
  return kind === 'openai' || kind === 'azure-openai' || kind === 'azure-agents';
}

/** The modal question before a continuation is sent; true to send. */
export async function confirmContinue(plan: ContinuePlan): Promise<boolean> {
  const lines = [
    vscode.l10n.t('This creates a new response on "{0}" with {1}, following {2} {3}. It costs tokens.', plan.connectionName, plan.runsWith, plan.chain.kind, plan.chain.id),
    plan.answers === 1 ? vscode.l10n.t('It sends 1 answer.') : vscode.l10n.t('It sends {0} answers.', plan.answers),
  ];
  if (plan.unanswered.length) {
    lines.push(vscode.l10n.t('Left unanswered: {0}. The service may refuse a response that leaves calls without outputs.', plan.unanswered.map((p) => `${pendingId(p)} (${p.name})`).join(', ')));
  }
  if (plan.mcpWithoutHeaders.length) {
    lines.push(vscode.l10n.t('No headers for MCP server {0}: the service does not return them. Add them to the request if the server needs any.', plan.mcpWithoutHeaders.join(', ')));
  }
  if (!plan.background) lines.push(vscode.l10n.t('This server does not run it in the background: the extension waits for it to finish.'));
  const send = plan.unanswered.length ? vscode.l10n.t('Continue Without {0} Answer(s)', plan.unanswered.length) : vscode.l10n.t('Continue');
  const picked = await vscode.window.showWarningMessage(vscode.l10n.t('Continue response {0}?', plan.responseId), { modal: true, detail: lines.join('\n\n') }, send);
  return picked === send;
}

interface ContinueAnalysis {
  ref: ResponseRef;
  result: ContinueValidation;
  pending: readonly PendingAction[] | undefined;
}

export class ContinueDrafts extends Disposable implements vscode.CodeLensProvider {
  readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('agentRuns.continue'));
  private readonly storage: DraftStorage;
  private readonly fs: StoredDraftFileSystem<ResponseRef>;
  private readonly lensesChanged = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly persist = this._register(new PersistQueue((document) => this.persistNow(document), () => this.lensesChanged.fire()));
  /** The last validation of each open document. */
  private readonly analyses = new Map<string, { version: number; analysis: ContinueAnalysis }>();
  /** Drafts whose continuation was created: late writes must not bring them back. */
  private readonly sent = new Set<string>();
  private readonly draftChanged = this._register(new vscode.EventEmitter<ResponseRef>());
  /** A response's draft changed (typed in the editor or the panel, or sent). */
  readonly onDidChangeDraft = this.draftChanged.event;

  constructor(
    private readonly services: CoreServices,
    private readonly continuer: ResponseContinuer,
  ) {
    super();
    this.storage = new DraftStorage(vscode.Uri.joinPath(services.context.globalStorageUri, 'continueDrafts'));
    this.fs = this._register(new StoredDraftFileSystem(this.storage, parseContinuePath, storageRef, () => 2, (uri) => this.sent.has(uri.toString())));
    this._register(vscode.workspace.registerFileSystemProvider(continueScheme, this.fs, { isCaseSensitive: true }));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: continueScheme }, this));
    this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.refresh(doc)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== continueScheme || !e.contentChanges.length) return;
        this.refresh(e.document);
        this.persist.soon(e.document);
        const ref = parseContinuePath(e.document.uri.path);
        if (ref) this.draftChanged.fire(ref);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== continueScheme) return;
        this.diagnostics.delete(doc.uri);
        this.analyses.delete(doc.uri.toString());
      }),
    );
    // The response's state decides what the document may send (answered elsewhere, new calls).
    this._register(
      services.responses.onDidChange((change) => {
        if (change.kind !== 'response') return;
        for (const doc of vscode.workspace.textDocuments) {
          const ref = doc.uri.scheme === continueScheme ? parseContinuePath(doc.uri.path) : undefined;
          if (ref && ref.connectionId === change.connectionId && ref.responseId === change.responseId) this.refresh(doc);
        }
      }),
    );
    this._register(continuer.onDidChangeSubmitting(() => this.lensesChanged.fire()));
    for (const doc of vscode.workspace.textDocuments) this.refresh(doc);
  }

  private pendingOf(ref: ResponseRef): readonly PendingAction[] | undefined {
    return this.services.responses.run(ref.connectionId, ref.responseId)?.pending;
  }

  /** Validates a document against what its response waits for now. */
  analyze(document: vscode.TextDocument): ContinueAnalysis | undefined {
    const ref = document.uri.scheme === continueScheme ? parseContinuePath(document.uri.path) : undefined;
    if (!ref) return undefined;
    const pending = this.pendingOf(ref);
    // The diagnostics and the CodeLens read it for every keystroke: validated once per
    // version of the text and of what the response waits for (the store keeps one model
    // per response state, so a new state is a new array).
    const key = document.uri.toString();
    const cached = this.analyses.get(key);
    if (cached && cached.version === document.version && cached.analysis.pending === pending) return cached.analysis;
    const analysis = { ref, pending, result: validateContinueText(document.getText(), pending) };
    this.analyses.set(key, { version: document.version, analysis });
    return analysis;
  }

  private refresh(document: vscode.TextDocument): void {
    const analysis = this.analyze(document);
    if (!analysis) return;
    if (this.sent.has(continueUri(analysis.ref).toString())) {
      this.diagnostics.delete(document.uri);
      return;
    }
    // JSON syntax errors are reported by the JSON language support already.
    this.diagnostics.set(document.uri, problemDiagnostics(document, analysis.result.problems.filter((p) => !p.syntax), diagnosticSource));
    this.lensesChanged.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const analysis = this.analyze(document);
    if (!analysis) return [];
    const { ref, result, pending } = analysis;
    const top = new vscode.Range(0, 0, 0, 0);
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    const busy = this.continuer.isSubmitting(ref);
    const lenses = [
      new vscode.CodeLens(top, {
        title: busy
          ? vscode.l10n.t('$(sync~spin) Continuing…')
          : errors === 1
            ? vscode.l10n.t('$(error) Continue response ({0} problem)', errors)
            : errors
              ? vscode.l10n.t('$(error) Continue response ({0} problems)', errors)
              : vscode.l10n.t('$(send) Continue response'),
        tooltip: vscode.l10n.t('Send this request: a new response that continues {0}', ref.responseId),
        command: busy ? '' : continueFromEditorCommand,
        arguments: [document.uri],
      }),
    ];
    if (pending) {
      const awaiting = pending.filter((p) => p.state === 'awaiting').length;
      lenses.push(
        new vscode.CodeLens(top, {
          title:
            awaiting === pending.length
              ? vscode.l10n.t('{0} · {1} awaiting', ref.responseId, pending.length)
              : vscode.l10n.t('{0} · {1} with no answer seen', ref.responseId, pending.length),
          tooltip:
            awaiting === pending.length
              ? vscode.l10n.t('Everything after this response is visible, and nothing answers these.')
              : vscode.l10n.t('Nothing seen answers these, but an answer may exist where the extension cannot see it (a later response chained to this one).'),
          command: 'agentRuns.openResponse',
          arguments: [{ ref }],
        }),
      );
    }
    const byId = new Map((pending ?? []).map((p) => [pendingId(p), p]));
    for (const answer of result.answers) {
      const p = answer.id ? byId.get(answer.id) : undefined;
      if (!p) continue;
      const range = new vscode.Range(document.positionAt(answer.offset), document.positionAt(answer.offset));
      lenses.push(new vscode.CodeLens(range, { title: `${p.kind === 'approval' ? '$(shield)' : 'ƒ'} ${signature(p)}`, tooltip: p.arguments, command: '' }));
      // Calls of the app's own tools (function, custom) and MCP tools have a handler somewhere.
      if (p.name && (p.kind === 'approval' || p.call === 'function' || p.call === 'custom')) lenses.push(goToHandlerLens(range, p.name));
    }
    return lenses;
  }

  // ── opening ──────────────────────────────────────────────────────────────

  /** Opens the response's continue document, made from what it waits for the first time. */
  async open(ref: ResponseRef): Promise<vscode.TextEditor> {
    const { responses } = this.services;
    await responses.fetchResponse(ref.connectionId, ref.responseId);
    await responses.loadLater(ref.connectionId, ref.responseId);
    await this.ensureDraft(ref);
    this.sent.delete(continueUri(ref).toString());
    const document = await vscode.workspace.openTextDocument(continueUri(ref));
    if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** The stored draft's text; made from what the response waits for (answers empty) when there is none. */
  private async ensureDraft(ref: ResponseRef): Promise<string> {
    const { responses } = this.services;
    const stored = await this.storage.read(storageRef(ref));
    const run = responses.run(ref.connectionId, ref.responseId);
    const response = responses.response(ref.connectionId, ref.responseId);
    // A draft kept for the calls the response waits for now is the user's; one made for
    // other calls (the ids changed, or they were answered elsewhere) is made again.
    const sameCalls = (ids: readonly string[]) => ids.length === run?.pending.length && run.pending.every((p, i) => pendingId(p) === ids[i]);
    if (stored && (!run || !run.pending.length || sameCalls(stored.calls.map((c) => c.id)))) return stored.text;
    if (!run || !response) throw new UserFacingError(vscode.l10n.t("Couldn't read response {0}.", ref.responseId));
    if (!run.pending.length) throw new UserFacingError(vscode.l10n.t('Response {0} waits for nothing: every call and approval request it ended with has an answer, or it ended with none.', ref.responseId));
    const { input, unsupported } = prefilledAnswers(run.pending);
    if (!input.length) {
      throw new UserFacingError(
        vscode.l10n.t('Response {0} waits for {1}: the extension answers function calls, custom tool calls and MCP approval requests only.', ref.responseId, unsupported.map((p) => `${pendingId(p)} (${p.name})`).join(', ')),
      );
    }
    const text = this.documentText(ref.connectionId, response, input);
    await this.storage.write(storageRef(ref), run.pending.map((p) => ({ id: pendingId(p), name: p.name, arguments: p.arguments })), text);
    return text;
  }

  private openDocument(ref: ResponseRef): vscode.TextDocument | undefined {
    const uri = continueUri(ref).toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri && !d.isClosed);
  }

  // ── the panel's Required action box ──────────────────────────────────────

  /**
   * What the response's one draft holds per pending id — from the open editor when there is
   * one (it may hold text not yet stored), else from storage — for the panel's boxes.
   */
  async answersOf(ref: ResponseRef): Promise<{ answers: Record<string, AnswerDraft>; problem?: string }> {
    if (this.sent.has(continueUri(ref).toString())) return { answers: {} };
    const text = this.openDocument(ref)?.getText() ?? (await this.storage.read(storageRef(ref)))?.text;
    return text === undefined ? { answers: {} } : answersOfText(text);
  }

  /**
   * Sets one answer in the response's draft (typed in the panel): in the open editor if
   * there is one, so both show the same text, else in storage (the draft is made from
   * what the response waits for first). Ids the response does not wait for are ignored.
   */
  async setAnswer(ref: ResponseRef, id: string, patch: AnswerDraft): Promise<void> {
    const action = this.pendingOf(ref)?.find((p) => pendingId(p) === id);
    if (!action || (action.kind === 'toolOutput' && action.call !== 'function' && action.call !== 'custom')) return;
    const document = this.openDocument(ref);
    if (document) {
      const edits = answerEdits(document.getText(), action, patch);
      if (!edits?.length) return; // The editor holds text that is not a request; the boxes are read-only then.
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
      await vscode.workspace.applyEdit(edit);
      return;
    }
    this.sent.delete(continueUri(ref).toString());
    const base = await this.ensureDraft(ref);
    const edits = answerEdits(base, action, patch);
    if (!edits?.length) return;
    const current = await this.storage.read(storageRef(ref));
    await this.storage.write(storageRef(ref), current?.calls ?? [], applyEdits(base, edits));
    this.fs.replaced(continueUri(ref));
    this.draftChanged.fire(ref);
  }

  /**
   * Sends the draft from the panel ("Continue…"): the same request the editor shows, through
   * the one continuer. Never throws for what the service or the document says: the result
   * is for the panel to show; a created response is handled as from the editor.
   */
  async continueFromPanel(ref: ResponseRef, options: { confirm?: false } = {}): Promise<ContinueResult> {
    const document = this.openDocument(ref);
    if (document) await this.keepAsSent(document);
    const text = document?.getText() ?? (await this.ensureDraft(ref));
    const result = await this.continuer.submit(ref, text, { source: 'panel', confirm: options.confirm === false ? async () => true : confirmContinue });
    if (result.kind === 'created') await this.afterContinue(ref, result);
    return result;
  }

  private documentText(connectionId: string, response: Response, input: unknown[]): string {
    const kind = this.services.connections.get(connectionId)?.kind;
    return continueDocumentText(
      continuationRequest({ response, conversationId: conversationIdOf(response), agentReference: kind === 'azure-agents', background: runsInBackground(kind) }, input),
    );
  }

  // ── sending ──────────────────────────────────────────────────────────────

  /** Sends the continue document in the editor (CodeLens, title bar, palette). */
  async continueFromEditor(uri?: vscode.Uri, options: { confirm?: false } = {}): Promise<ContinueResult | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const ref = target?.scheme === continueScheme ? parseContinuePath(target.path) : undefined;
    if (!target || !ref) throw new UserFacingError(vscode.l10n.t('Open a response\'s continue document first ("Answer and Continue…" on a response).'));
    const document = await vscode.workspace.openTextDocument(target);
    await this.keepAsSent(document);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Continuing {0}…', ref.responseId) },
      () => this.continuer.submit(ref, document.getText(), { source: 'editor', confirm: options.confirm === false ? async () => true : confirmContinue }),
    );
    await this.afterContinue(ref, result);
    return result;
  }

  /** What the user sees after a continuation, from either surface; the draft goes once it succeeded. */
  async afterContinue(ref: ResponseRef, result: ContinueResult): Promise<void> {
    switch (result.kind) {
      case 'created': {
        const uri = continueUri(ref);
        this.sent.add(uri.toString());
        this.persist.cancel(uri);
        // Typed after it was sent: saving it now stores nothing (writeFile drops a sent
        // draft), and the tab then closes without asking to save a draft that is gone.
        const document = this.openDocument(ref);
        if (document?.isDirty) await document.save();
        await closeTabs(uri);
        this.diagnostics.delete(uri);
        await this.fs.delete(uri);
        this.draftChanged.fire(ref);
        await vscode.commands.executeCommand('agentRuns.openResponse', { ref: { connectionId: ref.connectionId, responseId: result.response.id } });
        void vscode.window.showInformationMessage(vscode.l10n.t('Created response {0}, continuing {1}.', result.response.id, ref.responseId));
        return;
      }
      case 'declined':
        return;
      case 'received':
      case 'uncertain':
        void vscode.window.showWarningMessage(result.message);
        return;
      default:
        // Invalid, refused or failed: nothing was created; the draft stays as it is.
        void vscode.window.showErrorMessage(result.message);
    }
  }

  // ── drafts kept ──────────────────────────────────────────────────────────

  /** Before sending: the document's text stored as it is, and the document saved (so closing it asks nothing). */
  private async keepAsSent(document: vscode.TextDocument): Promise<void> {
    this.persist.cancel(document.uri);
    if (document.isDirty) await document.save();
    else await this.persistNow(document);
  }

  private async persistNow(document: vscode.TextDocument): Promise<void> {
    const ref = parseContinuePath(document.uri.path);
    if (!ref || this.sent.has(document.uri.toString())) return;
    const current = await this.storage.read(storageRef(ref));
    await this.storage.write(storageRef(ref), current?.calls ?? [], document.getText());
  }

  /** Writes what is still waiting for its pause (the host is shutting down). */
  flush(): Promise<void> {
    return this.persist.flush();
  }
}

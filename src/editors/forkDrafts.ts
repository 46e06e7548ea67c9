// Fork from Here: the fork document — the complete request a fork sends, pre-filled with
// the original's settings and everything up to the fork point, with a toggle for replaying
// the original's tool results — validated as the user types against its JSON Schema, kept
// in extension storage until the fork is created, and sent (after a confirmation that
// names the connection, the model or agent and the number of items) through the one
// ForkRunner, which follows the fork and replays what matches.
/// <reference path="../types/schemaValidators.d.ts" />
import * as vscode from 'vscode';
import type { ValidateFunction } from 'ajv';
import { UserFacingError } from '../api/errors';
import type { Message } from '../api/schemas';
import type { Response } from '../api/responses/schemas';
import type { CoreServices } from '../coreServices';
import { cutProblem, cutProblemWords, defaultReplayLimit, responseForkRequest, runForkRequest, type RecordedAnswer, type WireItem } from '../model/fork';
import { validateForkText, type ForkFamily, type ForkValidation } from '../model/forkValidation';
import { callsOf } from '../model/run';
import { conversationIdOf } from '../store/responseStore';
import type { Fork, ForkReport, ForkRunner } from '../store/forkRunner';
import { Disposable } from '../util/disposable';
import type { ResponseRef, RunRef } from '../util/refs';
import { runsInBackground } from './continueDrafts';
import { closeTabs, PersistQueue, problemDiagnostics, StoredDraftFileSystem } from './draftDocuments';
import { DraftStorage } from './draftStorage';
import { diagnosticSource } from './toolOutputsLanguage';

export const forkScheme = 'agent-runs-fork';
export const forkFromEditorCommand = 'agentRuns.forkFromEditor';
const responseSuffix = '.response-fork.json';
const runSuffix = '.run-fork.json';

/** What a fork document forks: a response from an item (or its start), or a run after a message (or its start). */
export type ForkTarget = ({ family: 'responses' } & ResponseRef & { point: string }) | ({ family: 'assistants' } & RunRef & { point: string });

const enc = encodeURIComponent;

export function forkUri(target: ForkTarget): vscode.Uri {
  const path =
    target.family === 'responses'
      ? `/${enc(target.connectionId)}/responses/${enc(target.responseId)}/${enc(target.point)}${responseSuffix}`
      : `/${enc(target.connectionId)}/threads/${enc(target.threadId)}/${enc(target.runId)}/${enc(target.point)}${runSuffix}`;
  return vscode.Uri.from({ scheme: forkScheme, path });
}

export function parseForkPath(path: string): ForkTarget | undefined {
  try {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length === 4 && parts[1] === 'responses' && parts[3]!.endsWith(responseSuffix)) {
      return { family: 'responses', connectionId: parts[0]!, responseId: parts[2]!, point: parts[3]!.slice(0, -responseSuffix.length) };
    }
    if (parts.length === 5 && parts[1] === 'threads' && parts[4]!.endsWith(runSuffix)) {
      return { family: 'assistants', connectionId: parts[0]!, threadId: parts[2]!, runId: parts[3]!, point: parts[4]!.slice(0, -runSuffix.length) };
    }
  } catch {
    // a malformed escape: not a fork document
  }
  return undefined;
}

/** The storage keeps drafts by run reference; a fork's draft is stored under this one. */
const storageRef = (t: ForkTarget) => ({
  connectionId: t.connectionId,
  threadId: t.family === 'responses' ? 'fork-response' : `fork-${t.threadId}`,
  runId: `${t.family === 'responses' ? t.responseId : t.runId}@${t.point}`,
});

const originId = (t: ForkTarget) => (t.family === 'responses' ? t.responseId : t.runId);

/** Everything a fork of the original needs, read from the service. */
interface PreparedFork {
  target: ForkTarget;
  request: Record<string, unknown>;
  /** The original's answered calls, in the order it answered them. */
  answers: RecordedAnswer[];
  /** Said above the document (where an Assistants fork really starts, what was left out). */
  note: string | undefined;
}

/** The answered function and custom tool calls among the items (a call and its output both present). */
function answersInItems(items: readonly WireItem[]): (RecordedAnswer & { id: string })[] {
  const outputs = new Map<string, unknown>();
  for (const item of items) if ((item.type === 'function_call_output' || item.type === 'custom_tool_call_output') && typeof item.call_id === 'string') outputs.set(item.call_id, item.output);
  return items.flatMap((item) => {
    if ((item.type !== 'function_call' && item.type !== 'custom_tool_call') || typeof item.call_id !== 'string' || !outputs.has(item.call_id)) return [];
    const args = item.type === 'function_call' ? item.arguments : item.input;
    return [{ id: item.call_id, name: String(item.name), arguments: typeof args === 'string' ? args : '', output: outputs.get(item.call_id) }];
  });
}

export class ForkDrafts extends Disposable implements vscode.CodeLensProvider {
  readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('agentRuns.fork'));
  private readonly storage: DraftStorage;
  private readonly fs: StoredDraftFileSystem<ForkTarget>;
  private readonly lensesChanged = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly persist = this._register(new PersistQueue((document) => this.persistNow(document), () => this.lensesChanged.fire()));
  private readonly analyses = new Map<string, { version: number; result: ForkValidation }>();
  private readonly notes = new Map<string, string>();
  private readonly sending = new Set<string>();
  private readonly sent = new Set<string>();
  private validators: Promise<Record<ForkFamily, ValidateFunction>> | undefined;
  private loadedValidators: Record<ForkFamily, ValidateFunction> | undefined;

  constructor(
    private readonly services: CoreServices,
    readonly runner: ForkRunner,
  ) {
    super();
    this.storage = new DraftStorage(vscode.Uri.joinPath(services.context.globalStorageUri, 'forkDrafts'));
    this.fs = this._register(new StoredDraftFileSystem(this.storage, parseForkPath, storageRef, (uri) => (uri.path.includes('/threads/') ? 5 : 4), (uri) => this.sent.has(uri.toString())));
    this._register(vscode.workspace.registerFileSystemProvider(forkScheme, this.fs, { isCaseSensitive: true }));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: forkScheme }, this));
    this._register(vscode.workspace.onDidOpenTextDocument((doc) => void this.refresh(doc)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== forkScheme || !e.contentChanges.length) return;
        void this.refresh(e.document);
        this.persist.soon(e.document);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== forkScheme) return;
        this.diagnostics.delete(doc.uri);
        this.analyses.delete(doc.uri.toString());
      }),
    );
    this._register(runner.onDidReport((report) => void this.report(report)));
    for (const doc of vscode.workspace.textDocuments) void this.refresh(doc);
  }

  // ── validation ───────────────────────────────────────────────────────────

  /** The two schemas' validators (compiled at build time from media/*-fork.schema.json), loaded when the first fork document is seen. */
  private loadValidators(): Promise<Record<ForkFamily, ValidateFunction>> {
    this.validators ??= import('agent-runs:fork-validators').then((compiled) => {
      this.loadedValidators = { responses: compiled.responses, assistants: compiled.assistants };
      return this.loadedValidators;
    });
    return this.validators;
  }

  /** Validates the document as it stands (undefined until the schemas are loaded, or for another document). */
  analyze(document: vscode.TextDocument): ForkValidation | undefined {
    const target = document.uri.scheme === forkScheme ? parseForkPath(document.uri.path) : undefined;
    if (!target || !this.loadedValidators) return undefined;
    const key = document.uri.toString();
    const cached = this.analyses.get(key);
    if (cached && cached.version === document.version) return cached.result;
    const result = validateForkText(document.getText(), target.family, this.loadedValidators[target.family]);
    this.analyses.set(key, { version: document.version, result });
    return result;
  }

  private async refresh(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme !== forkScheme) return;
    await this.loadValidators();
    const result = this.analyze(document);
    if (!result || this.sent.has(document.uri.toString())) return;
    // JSON syntax errors are reported by the JSON language support already.
    this.diagnostics.set(document.uri, problemDiagnostics(document, result.problems.filter((p) => p.code !== 'invalid-json'), diagnosticSource));
    this.lensesChanged.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const target = parseForkPath(document.uri.path);
    const result = this.analyze(document);
    if (!target || !result) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    const busy = this.sending.has(document.uri.toString());
    const lenses = [
      new vscode.CodeLens(top, {
        title: busy
          ? vscode.l10n.t('$(sync~spin) Forking…')
          : errors === 1
            ? vscode.l10n.t('$(error) Fork ({0} problem)', errors)
            : errors
              ? vscode.l10n.t('$(error) Fork ({0} problems)', errors)
              : vscode.l10n.t('$(repo-forked) Fork'),
        tooltip: vscode.l10n.t('Send this request: a new {0} forked from {1}', target.family === 'responses' ? vscode.l10n.t('response') : vscode.l10n.t('thread and run'), originId(target)),
        command: busy ? '' : forkFromEditorCommand,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: target.point === 'start' ? vscode.l10n.t('from the start of {0}', originId(target)) : vscode.l10n.t('{0} · {1}', originId(target), target.point),
        tooltip: vscode.l10n.t('Open the original'),
        command: target.family === 'responses' ? 'agentRuns.openResponse' : 'agentRuns.openRun',
        arguments: [target.family === 'responses' ? { ref: { connectionId: target.connectionId, responseId: target.responseId } } : { connectionId: target.connectionId, threadId: target.threadId, runId: target.runId }],
      }),
    ];
    const note = this.notes.get(document.uri.toString());
    if (note) lenses.push(new vscode.CodeLens(top, { title: `$(info) ${note}`, tooltip: note, command: '' }));
    return lenses;
  }

  // ── opening ──────────────────────────────────────────────────────────────

  /** Opens the fork document of a target, made from the original the first time. */
  async open(target: ForkTarget): Promise<vscode.TextEditor> {
    const uri = forkUri(target);
    const stored = await this.storage.read(storageRef(target));
    // A draft kept from before is the user's: it opens as it was left.
    if (!stored) {
      const prepared = await this.prepare(target);
      if (prepared.note) this.notes.set(uri.toString(), prepared.note);
      await this.storage.write(storageRef(target), [], `${JSON.stringify({ replay_tool_results: true, request: prepared.request }, null, 2)}\n`);
      // A document VS Code still holds from an earlier fork of the same point reads it again.
      this.fs.replaced(uri);
    }
    this.sent.delete(uri.toString());
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
    await this.refresh(document);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** The request pre-filled from the original, and the original's answers for replay. */
  async prepare(target: ForkTarget): Promise<PreparedFork> {
    return target.family === 'responses' ? this.prepareResponse(target) : this.prepareRun(target);
  }

  /** The items a response saw and made, in order: the conversation's earlier items, its input items, its output. */
  async responseItems(ref: ResponseRef): Promise<{ response: Response; items: WireItem[]; context: number; inputs: number; note: string | undefined }> {
    const { responses } = this.services;
    await responses.fetchResponse(ref.connectionId, ref.responseId);
    await responses.loadInputItems(ref.connectionId, ref.responseId, 'all');
    const response = responses.response(ref.connectionId, ref.responseId);
    const inputList = responses.inputItemList(ref.connectionId, ref.responseId);
    if (!response || inputList.error) throw new UserFacingError(inputList.error ?? vscode.l10n.t("Couldn't read response {0}.", ref.responseId));
    const inputs = inputList.items as WireItem[];
    let context: WireItem[] = [];
    let note: string | undefined;
    const conversationId = conversationIdOf(response);
    if (conversationId) {
      // A fork is never added to the conversation: what came before in it is copied instead.
      await responses.loadItems(ref.connectionId, conversationId, 'all');
      const all = responses.itemList(ref.connectionId, conversationId).items as WireItem[];
      const first = inputs[0]?.id;
      const at = first === undefined ? -1 : all.findIndex((i) => i.id === first);
      if (at >= 0) context = all.slice(0, at);
      else if (all.length) note = vscode.l10n.t("The items of conversation {0} before this response could not be told apart from its own: the fork starts with the response's input only.", conversationId);
    }
    return { response, items: [...context, ...inputs, ...(response.output as WireItem[])], context: context.length, inputs: inputs.length, note };
  }

  private async prepareResponse(target: Extract<ForkTarget, { family: 'responses' }>): Promise<PreparedFork> {
    const { responses, connections } = this.services;
    const { response, items, context, inputs, note } = await this.responseItems(target);
    const count = target.point === 'start' ? context + inputs : items.findIndex((i) => i.id === target.point) + 1;
    if (count <= 0) throw new UserFacingError(vscode.l10n.t('Item {0} is not among the items of response {1}.', target.point, target.responseId));
    const problem = cutProblem(items, count);
    if (problem) throw new UserFacingError(vscode.l10n.t("Response {0} can't be forked after {1}: {2}.", target.responseId, target.point, cutProblemWords(problem)));
    const kind = connections.get(target.connectionId)?.kind;
    const request = responseForkRequest({ response, items, count, agentReference: kind === 'azure-agents', background: runsInBackground(kind) });

    // The original's answers: in its items, then those of its calls (in what continued it), and so on along the chain.
    // Read again: what continued the original may have come after the tree last looked.
    await responses.reloadLater(target.connectionId, target.responseId).catch(() => undefined);
    const answers = new Map<string, RecordedAnswer>();
    for (const a of answersInItems(items)) answers.set(a.id, a);
    const seen = new Set<string>();
    let frontier = [target.responseId];
    for (let depth = 0; frontier.length && depth < 50; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        if (seen.has(id)) continue;
        seen.add(id);
        const run = responses.run(target.connectionId, id);
        for (const step of run?.steps ?? []) {
          for (const call of callsOf(step)) {
            if ((call.kind === 'function' || call.kind === 'custom') && call.answer.state === 'answered' && !answers.has(call.id)) {
              answers.set(call.id, { name: call.name, arguments: call.kind === 'function' ? call.arguments : call.input, output: call.answer.output });
            }
          }
        }
        for (const later of responses.continuations(target.connectionId, id)) {
          await responses.reloadLater(target.connectionId, later).catch(() => undefined);
          next.push(later);
        }
      }
      frontier = next;
    }
    return { target, request, answers: [...answers.values()], note };
  }

  private async prepareRun(target: Extract<ForkTarget, { family: 'assistants' }>): Promise<PreparedFork> {
    const { store } = this.services;
    const details = await store.loadRunDetails(target.connectionId, target.threadId, target.runId);
    await store.loadMessages(target.connectionId, target.threadId, undefined, 'all');
    const threadMessages = store.messageList(target.connectionId, target.threadId).items;
    const run = details.run;
    // Before the run: the messages not made by it, created no later than it.
    const before = threadMessages.filter((m) => m.run_id !== run.id && (m.created_at ?? 0) <= (run.created_at ?? 0));
    const made = new Map(threadMessages.filter((m) => m.run_id === run.id).map((m) => [m.id, m]));
    const kept: Message[] = [...before];
    let note: string | undefined;
    if (target.point !== 'start') {
      const at = details.steps.findIndex((s) => s.id === target.point);
      if (at < 0) throw new UserFacingError(vscode.l10n.t('Step {0} is not among the steps of run {1}.', target.point, target.runId));
      for (const step of details.steps.slice(0, at + 1)) {
        const id = (step.step_details as { message_creation?: { message_id?: string } }).message_creation?.message_id;
        const message = id ? made.get(id) : undefined;
        if (message) kept.push(message);
      }
      if (details.steps[at]!.type !== 'message_creation') {
        const last = kept[kept.length - 1];
        note = last
          ? vscode.l10n.t('Threads hold messages, not tool steps: this fork starts after message {0}, the last message before step {1}.', last.id, target.point)
          : vscode.l10n.t('Threads hold messages, not tool steps: this fork starts with no message, as none came before step {0}.', target.point);
      }
    }
    const at = kept.length ? `after ${kept[kept.length - 1]!.id}` : 'start';
    const request = runForkRequest({ run, messages: kept, at });
    const answers = details.steps.flatMap((step) =>
      ((step.step_details as { tool_calls?: unknown[] }).tool_calls ?? []).flatMap((c) => {
        const call = c as { type?: string; function?: { name?: string; arguments?: string; output?: string | null } };
        return call.type === 'function' && call.function?.output !== null && call.function?.output !== undefined
          ? [{ name: call.function.name ?? '', arguments: call.function.arguments ?? '', output: call.function.output }]
          : [];
      }),
    );
    return { target, request, answers, note };
  }

  // ── sending ──────────────────────────────────────────────────────────────

  /** Sends the fork document in the editor (CodeLens, title bar, palette). */
  async forkFromEditor(uri?: vscode.Uri, options: { confirm?: false } = {}): Promise<Fork | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const fork = target?.scheme === forkScheme ? parseForkPath(target.path) : undefined;
    if (!target || !fork) throw new UserFacingError(vscode.l10n.t('Open a fork document first ("Fork from Here…" on a run, step, response or item).'));
    const key = target.toString();
    if (this.sending.has(key)) throw new UserFacingError(vscode.l10n.t('This fork is being sent already.'));
    const document = await vscode.workspace.openTextDocument(target);
    await this.loadValidators();
    const result = this.analyze(document)!;
    const errors = result.problems.filter((p) => p.severity === 'error');
    if (!result.document) {
      throw new UserFacingError(
        errors.length === 1 ? vscode.l10n.t('{0} Nothing was sent.', errors[0]!.message) : vscode.l10n.t('{0} (and {1} more problems). Nothing was sent.', errors[0]!.message, errors.length - 1),
      );
    }
    const { request, replay } = result.document;
    const limit = vscode.workspace.getConfiguration('agentRuns').get<number>('fork.replayLimit', defaultReplayLimit);
    if (options.confirm !== false && !(await this.confirm(fork, request, replay, limit))) return undefined;
    this.sending.add(key);
    this.lensesChanged.fire();
    try {
      await this.keep(document);
      // The original's answers are read again now: the document may have been opened in an earlier session.
      const prepared = replay ? await this.prepare(fork) : undefined;
      const answers = prepared?.answers ?? [];
      let made: Fork;
      if (fork.family === 'responses') {
        const response = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Forking {0}…', fork.responseId) }, () =>
          this.runner.startResponse(fork, request, { replay, limit, answers }),
        );
        made = { family: 'responses', connectionId: fork.connectionId, origin: fork, first: response.id, tip: response.id, replay, replayed: 0, limit };
        await vscode.commands.executeCommand('agentRuns.openResponse', { ref: { connectionId: fork.connectionId, responseId: response.id } });
      } else {
        const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Forking {0}…', fork.runId) }, () =>
          this.runner.startRun(fork, request, { replay, answers }),
        );
        made = { family: 'assistants', connectionId: fork.connectionId, origin: fork, threadId: run.thread_id, runId: run.id, replay, replayed: 0, limit: Infinity };
        await vscode.commands.executeCommand('agentRuns.openRun', { connectionId: fork.connectionId, threadId: run.thread_id, runId: run.id });
      }
      await this.forget(target);
      return made;
    } finally {
      this.sending.delete(key);
      this.lensesChanged.fire();
    }
  }

  private async confirm(target: ForkTarget, request: Record<string, unknown>, replay: boolean, limit: number): Promise<boolean> {
    const connection = this.services.connections.get(target.connectionId)?.name ?? target.connectionId;
    const agent = request.agent_reference as { name?: unknown } | undefined;
    const runsWith =
      typeof agent?.name === 'string'
        ? vscode.l10n.t('agent {0}', agent.name)
        : typeof request.model === 'string'
          ? vscode.l10n.t('model {0}', request.model)
          : typeof request.assistant_id === 'string'
            ? vscode.l10n.t("assistant {0} with its model", request.assistant_id)
            : '?';
    const lines =
      target.family === 'responses'
        ? [vscode.l10n.t('This creates a new response on "{0}" with {1}, starting with {2} item(s). It costs tokens.', connection, runsWith, (request.input as unknown[]).length)]
        : [
            vscode.l10n.t('This creates a new thread on "{0}" with {1} message(s), and a run of {2} on it. It costs tokens.', connection, ((request.thread as { messages: unknown[] }).messages ?? []).length, runsWith),
          ];
    lines.push(
      !replay
        ? vscode.l10n.t('Tool results are not replayed: the fork waits for you at its first tool call.')
        : target.family === 'responses'
          ? vscode.l10n.t("Matching tool calls are answered with the original's outputs; each answer is a new response, at most {0} (setting agentRuns.fork.replayLimit).", limit)
          : vscode.l10n.t("Matching tool calls are answered with the original's outputs."),
    );
    const mcp = (Array.isArray(request.tools) ? (request.tools as { type?: unknown; server_url?: unknown; headers?: unknown; server_label?: unknown }[]) : []).filter(
      (t) => t?.type === 'mcp' && typeof t.server_url === 'string' && !t.headers,
    );
    if (mcp.length) lines.push(vscode.l10n.t('No headers for MCP server {0}: the service does not return them. Add them to the request if the server needs any.', mcp.map((t) => String(t.server_label ?? t.server_url)).join(', ')));
    lines.push(vscode.l10n.t('Nothing is changed on the original.'));
    const send = vscode.l10n.t('Fork');
    const picked = await vscode.window.showWarningMessage(vscode.l10n.t('Fork {0}?', originId(target)), { modal: true, detail: lines.join('\n\n') }, send);
    return picked === send;
  }

  /** What the user is told as the fork goes on. */
  private async report(report: ForkReport): Promise<void> {
    const { fork } = report;
    const id = fork.family === 'responses' ? fork.tip : fork.runId;
    const compare = vscode.l10n.t('Compare with Original');
    const answer = vscode.l10n.t('Answer…');
    const compareArgs = () =>
      fork.family === 'responses'
        ? [undefined, [{ ref: fork.origin }, { ref: { connectionId: fork.connectionId, responseId: fork.first } }]]
        : [undefined, [{ ref: fork.origin }, { ref: { connectionId: fork.connectionId, threadId: fork.threadId, runId: fork.runId } }]];
    let picked: string | undefined;
    switch (report.kind) {
      case 'ended':
        picked = await vscode.window.showInformationMessage(vscode.l10n.t('Fork {0} of {1} ended: {2}.', id, originId({ ...fork.origin, family: fork.family, point: '' } as ForkTarget), report.status), compare);
        break;
      case 'waiting': {
        const calls = report.calls.join(', ');
        const why =
          report.reason === 'off'
            ? vscode.l10n.t('Fork {0} waits for {1} (replay is off).', id, calls)
            : report.reason === 'limit'
              ? vscode.l10n.t('Fork {0} waits for {1}: replay stopped after {2} replayed response(s) (setting agentRuns.fork.replayLimit).', id, calls, fork.replayed)
              : report.reason === 'notReplayable'
                ? vscode.l10n.t('Fork {0} waits for {1}, which replay does not answer.', id, calls)
                : vscode.l10n.t('Fork {0} waits for {1}: the original made no such call (same name and arguments).', id, calls);
        picked = await vscode.window.showInformationMessage(why, answer, compare);
        break;
      }
      case 'failed':
        picked = await vscode.window.showErrorMessage(vscode.l10n.t('Replaying on fork {0} failed: {1}', id, report.message), compare);
        break;
    }
    if (picked === compare) await vscode.commands.executeCommand('agentRuns.compareWith', ...compareArgs());
    if (picked === answer) {
      if (fork.family === 'responses') await vscode.commands.executeCommand('agentRuns.continueResponse', { ref: { connectionId: fork.connectionId, responseId: fork.tip } });
      else await vscode.commands.executeCommand('agentRuns.answerToolCalls', { connectionId: fork.connectionId, threadId: fork.threadId, runId: fork.runId });
    }
  }

  // ── drafts kept ──────────────────────────────────────────────────────────

  private async keep(document: vscode.TextDocument): Promise<void> {
    this.persist.cancel(document.uri);
    if (document.isDirty) await document.save();
    else await this.persistNow(document);
  }

  /** The fork was created: its document goes. */
  private async forget(uri: vscode.Uri): Promise<void> {
    this.sent.add(uri.toString());
    this.persist.cancel(uri);
    this.notes.delete(uri.toString());
    await closeTabs(uri);
    this.diagnostics.delete(uri);
    await this.fs.delete(uri);
  }

  private async persistNow(document: vscode.TextDocument): Promise<void> {
    const target = parseForkPath(document.uri.path);
    if (!target || this.sent.has(document.uri.toString())) return;
    await this.storage.write(storageRef(target), [], document.getText());
  }

  /** Writes what is still waiting for its pause (the host is shutting down). */
  flush(): Promise<void> {
    return this.persist.flush();
  }
}

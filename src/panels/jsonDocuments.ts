// Read-only JSON documents of service objects (scheme `agent-runs-json`): VS Code's own
// editor gives folding, search and bracket matching. Content comes from the store's
// cache, fetched through the store when missing, and open documents follow changes.
import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import type { ResponseStore, ResponseStoreChange } from '../store/responseStore';
import type { RunStore, StoreChange } from '../store/runStore';
import { Disposable } from '../util/disposable';
import { isResponseJsonRef, jsonPathOf, jsonScheme, parseJsonPath, type JsonObjectRef, type ResponseJsonRef } from './jsonPaths';

export function jsonUriOf(ref: JsonObjectRef): vscode.Uri {
  const path = jsonPathOf(ref);
  if (!path) throw new UserFacingError(vscode.l10n.t('There is no JSON document for this {0}: an id is missing.', ref.kind));
  return vscode.Uri.from({ scheme: jsonScheme, path });
}

/** The stores JSON documents read from: threads and runs, and the Responses family. */
export interface JsonSources {
  store: RunStore;
  responses: ResponseStore;
}

/** An item's id in the model: its own, or `#n` (1-based) when the service sent none. */
const itemIdAt = (item: { id?: string | null }, index: number) => item.id ?? `#${index + 1}`;

async function resolveResponseObject(responses: ResponseStore, ref: ResponseJsonRef): Promise<unknown> {
  const { connectionId: c, responseId: r } = ref;
  const response = responses.response(c, r) ?? (await responses.fetchResponse(c, r)).response;
  switch (ref.kind) {
    case 'response':
      return response;
    case 'outputItem': {
      const item = (response.output ?? []).find((it, i) => itemIdAt(it, i) === ref.itemId);
      if (!item) throw new UserFacingError(vscode.l10n.t('Item {0} is not an output item of response {1}.', String(ref.itemId), r));
      return item;
    }
    case 'inputItem': {
      const find = () => responses.inputItemList(c, r).items.find((it, i) => itemIdAt(it, i) === ref.itemId);
      let item = find();
      if (!item) {
        await responses.loadInputItems(c, r, 'all');
        item = find();
      }
      if (!item) throw new UserFacingError(responses.inputItemList(c, r).error ?? vscode.l10n.t('Item {0} is not an input item of response {1}.', String(ref.itemId), r));
      return item;
    }
  }
}

/** The object a reference names, from the cache or fetched through the store. */
export async function resolveJsonObject(sources: JsonSources, ref: JsonObjectRef): Promise<unknown> {
  if (isResponseJsonRef(ref)) return resolveResponseObject(sources.responses, ref);
  const { store } = sources;
  const { connectionId: c, threadId: t, runId: r } = ref;
  switch (ref.kind) {
    case 'thread': {
      if (!store.thread(c, t).thread) await store.loadThread(c, t);
      const info = store.thread(c, t);
      if (!info.thread) throw new UserFacingError(info.error ?? vscode.l10n.t('Thread {0} could not be read.', t));
      return info.thread;
    }
    case 'run':
      return store.run(c, t, r!) ?? (await store.fetchRun(c, t, r!)).run;
    case 'step':
    case 'toolCall': {
      const find = () => store.stepList(c, t, r!).items.find((s) => s.id === ref.stepId);
      let step = find();
      if (!step) {
        await store.loadSteps(c, t, r!, 'all');
        step = find();
      }
      if (!step) throw new UserFacingError(store.stepList(c, t, r!).error ?? vscode.l10n.t('Step {0} is not part of run {1}.', String(ref.stepId), String(r)));
      if (ref.kind === 'step') return step;
      const call = step.step_details.tool_calls?.find((tc) => tc.id === ref.toolCallId);
      if (!call) throw new UserFacingError(vscode.l10n.t('Tool call {0} is not part of step {1}.', String(ref.toolCallId), String(ref.stepId)));
      return call;
    }
    case 'message': {
      const find = () => store.messageList(c, t, r).items.find((m) => m.id === ref.messageId) ?? store.messageList(c, t).items.find((m) => m.id === ref.messageId);
      let message = find();
      if (!message) {
        await store.loadMessages(c, t, r, 'all');
        message = find();
      }
      if (!message) throw new UserFacingError(store.messageList(c, t, r).error ?? vscode.l10n.t('Message {0} is not part of {1}.', String(ref.messageId), r ?? t));
      return message;
    }
  }
}

export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export class JsonDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly sources: JsonSources) {
    super();
    this._register(sources.store.onDidChange((change) => this.onStoreChange(change)));
    this._register(sources.responses.onDidChange((change) => this.onResponseChange(change)));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseJsonPath(uri.path);
    if (!ref) throw new UserFacingError(vscode.l10n.t('{0} does not name a thread, run, step, tool call, message, response or item.', uri.path));
    return toJsonText(await resolveJsonObject(this.sources, ref));
  }

  /** A response's documents (and its items') follow it; input items do not change. */
  private onResponseChange(change: ResponseStoreChange): void {
    if (change.kind !== 'response') return;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== jsonScheme) continue;
      const ref = parseJsonPath(doc.uri.path);
      if (ref && isResponseJsonRef(ref) && ref.kind !== 'inputItem' && ref.connectionId === change.connectionId && ref.responseId === change.responseId) this.changed.fire(doc.uri);
    }
  }

  /** Open documents whose object may have changed are re-read (VS Code asks again). */
  private onStoreChange(change: StoreChange): void {
    if (change.kind !== 'run' && change.kind !== 'steps' && change.kind !== 'messages' && change.kind !== 'thread') return;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== jsonScheme) continue;
      const ref = parseJsonPath(doc.uri.path);
      if (!ref || isResponseJsonRef(ref) || ref.connectionId !== change.connectionId || ref.threadId !== change.threadId) continue;
      const affected =
        (change.kind === 'thread' && ref.kind === 'thread') ||
        (change.kind === 'run' && ref.kind === 'run' && ref.runId === change.runId) ||
        (change.kind === 'steps' && (ref.kind === 'step' || ref.kind === 'toolCall') && ref.runId === change.runId) ||
        (change.kind === 'messages' && ref.kind === 'message');
      if (affected) this.changed.fire(doc.uri);
    }
  }
}

/** Opens an object as a read-only JSON document. */
export async function openJsonDocument(ref: JsonObjectRef, viewColumn: vscode.ViewColumn = vscode.ViewColumn.Active): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(jsonUriOf(ref));
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  return vscode.window.showTextDocument(doc, { preview: true, viewColumn });
}

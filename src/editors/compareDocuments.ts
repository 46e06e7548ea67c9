// "Compare with…": two runs or responses side by side in VS Code's diff editor, each as a
// read-only document made for comparing (scheme `agent-runs-compare`, see
// model/compareText.ts). Content is read through the stores (a run with all its steps and
// messages; a response with all its input items) when the document opens.
import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import { isActiveRun } from '../api/schemas';
import { fromAssistantsRun } from '../model/assistants';
import { comparableText } from '../model/compareText';
import type { AgentRun } from '../model/run';
import type { ConnectionStore } from '../store/connectionStore';
import type { ResponseStore } from '../store/responseStore';
import type { RunStore } from '../store/runStore';
import type { ResponseRef, RunRef } from '../util/refs';

export const compareScheme = 'agent-runs-compare';

/** One side of a comparison: a run of a thread, or a response. */
export type CompareRef = ({ family: 'assistants' } & RunRef) | ({ family: 'responses' } & ResponseRef);

const enc = encodeURIComponent;

/** `left`/`right` keep the two sides apart when a run is compared with itself. */
export function compareUri(ref: CompareRef, side: 'left' | 'right'): vscode.Uri {
  const path =
    ref.family === 'assistants'
      ? `/${side}/${enc(ref.connectionId)}/threads/${enc(ref.threadId)}/${enc(ref.runId)}.md`
      : `/${side}/${enc(ref.connectionId)}/responses/${enc(ref.responseId)}.md`;
  return vscode.Uri.from({ scheme: compareScheme, path });
}

export function parseCompareUri(uri: vscode.Uri): CompareRef | undefined {
  const parts = uri.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'left' && parts[0] !== 'right') return undefined;
  if (parts.length === 5 && parts[2] === 'threads' && parts[4]!.endsWith('.md')) {
    return { family: 'assistants', connectionId: parts[1]!, threadId: parts[3]!, runId: parts[4]!.slice(0, -3) };
  }
  if (parts.length === 4 && parts[2] === 'responses' && parts[3]!.endsWith('.md')) {
    return { family: 'responses', connectionId: parts[1]!, responseId: parts[3]!.slice(0, -3) };
  }
  return undefined;
}

export interface CompareSources {
  connections: Pick<ConnectionStore, 'get'>;
  store: RunStore;
  responses: ResponseStore;
}

/** The run or response, with everything the document shows, read through the stores. */
export async function loadForCompare(sources: CompareSources, ref: CompareRef): Promise<AgentRun> {
  const whole = (list: { loaded: boolean; hasMore: boolean; error?: string | null }) => list.loaded && !list.hasMore && !list.error;
  if (ref.family === 'assistants') {
    const { store } = sources;
    // An ended run read whole already does not change: it is compared as read.
    const known = store.run(ref.connectionId, ref.threadId, ref.runId);
    const steps = store.stepList(ref.connectionId, ref.threadId, ref.runId);
    const messages = store.messageList(ref.connectionId, ref.threadId, ref.runId);
    if (known && !isActiveRun(known) && whole(steps) && whole(messages)) return fromAssistantsRun({ run: known, steps: steps.items, messages: messages.items });
    const details = await store.loadRunDetails(ref.connectionId, ref.threadId, ref.runId);
    return fromAssistantsRun({ run: details.run, steps: details.steps, messages: details.messages });
  }
  const { responses } = sources;
  const known = responses.run(ref.connectionId, ref.responseId);
  if (!known || known.active || !whole(responses.inputItemList(ref.connectionId, ref.responseId))) {
    await responses.fetchResponse(ref.connectionId, ref.responseId);
    await responses.loadInputItems(ref.connectionId, ref.responseId, 'all');
  }
  const run = responses.run(ref.connectionId, ref.responseId);
  if (!run) throw new UserFacingError(vscode.l10n.t("Couldn't read response {0}.", ref.responseId));
  return run;
}

export class CompareDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly sources: CompareSources) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseCompareUri(uri);
    if (!ref) throw new UserFacingError(vscode.l10n.t('Not a comparison document: {0}', uri.toString()));
    const run = await loadForCompare(this.sources, ref);
    return comparableText({ run, connectionName: this.sources.connections.get(ref.connectionId)?.name ?? ref.connectionId });
  }
}

const label = (ref: CompareRef) => (ref.family === 'assistants' ? ref.runId : ref.responseId);

/** Opens the diff editor on two runs or responses. */
export async function openComparison(left: CompareRef, right: CompareRef): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', compareUri(left, 'left'), compareUri(right, 'right'), vscode.l10n.t('{0} ↔ {1} (compare)', label(left), label(right)), { preview: false });
}

import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { compareScheme, openComparison, parseCompareUri, type CompareRef } from '../editors/compareDocuments';
import type { Services } from '../services';
import { responseRefOf, runRefOf } from '../util/refs';

/** A run or response named by a command argument (a tree node or a plain reference). */
function compareRefOf(arg: unknown): CompareRef | undefined {
  const run = runRefOf(arg);
  if (run) return { family: 'assistants', ...run };
  const response = responseRefOf(arg);
  return response ? { family: 'responses', ...response } : undefined;
}

const same = (a: CompareRef, b: CompareRef) =>
  a.connectionId === b.connectionId && (a.family === 'assistants' ? b.family === 'assistants' && a.runId === b.runId : b.family === 'responses' && a.responseId === b.responseId);

/** The runs and responses the extension has read, for the picker (any connection, either family). */
function knownItems(services: Services, except: CompareRef | undefined): (vscode.QuickPickItem & { ref: CompareRef })[] {
  const name = (id: string) => services.connections.get(id)?.name ?? id;
  const runs = services.store.knownRuns().map(({ connectionId, run }) => ({
    label: `$(debug-start) ${run.id}`,
    description: `${run.status} · ${run.model ?? ''} · ${name(connectionId)}`,
    ref: { family: 'assistants' as const, connectionId, threadId: run.thread_id, runId: run.id },
  }));
  const responses = services.responses.knownResponses().map(({ connectionId, response }) => ({
    label: `$(comment-discussion) ${response.id}`,
    description: `${response.status ?? ''} · ${response.model ?? ''} · ${name(connectionId)}`,
    ref: { family: 'responses' as const, connectionId, responseId: response.id },
  }));
  return [...runs, ...responses].filter((item) => !except || !same(item.ref, except));
}

async function pick(services: Services, except: CompareRef | undefined, placeHolder: string): Promise<CompareRef> {
  const items = knownItems(services, except);
  if (!items.length) throw new UserFacingError(vscode.l10n.t('No other run or response has been read yet: open one first (from the tree, or by id), then compare.'));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare with…'), placeHolder, matchOnDescription: true });
  if (!picked) throw new CancelledByUser();
  return picked.ref;
}

/**
 * Compare with… (a run or response row, two selected rows, or the palette): opens the
 * diff editor on the two, each as a document made for comparing.
 */
export async function compareWith(services: Services, arg?: unknown, selected?: unknown): Promise<void> {
  const chosen = (Array.isArray(selected) ? selected : []).map(compareRefOf).filter((r): r is CompareRef => !!r);
  if (chosen.length === 2) return openComparison(chosen[0]!, chosen[1]!);
  if (chosen.length > 2) throw new UserFacingError(vscode.l10n.t('Select two runs or responses to compare (there are {0}).', chosen.length));
  const first = compareRefOf(arg) ?? (await pick(services, undefined, vscode.l10n.t('Pick the first run or response')));
  const second = await pick(services, first, vscode.l10n.t('Compare {0} with…', first.family === 'assistants' ? first.runId : first.responseId));
  await openComparison(first, second);
}

/**
 * Open Comparison in Panel (the diff editor's title bar): the left side's panel, with the
 * summary of both side by side above the rest.
 */
export async function openComparisonInPanel(services: Services, uri?: unknown): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  const given = uri instanceof vscode.Uri ? uri.toString() : undefined;
  const isComparison = (input: unknown): input is vscode.TabInputTextDiff =>
    input instanceof vscode.TabInputTextDiff && input.original.scheme === compareScheme && input.modified.scheme === compareScheme;
  const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const diff = isComparison(active) && (!given || [active.original.toString(), active.modified.toString()].includes(given))
    ? active
    : tabs.map((t) => t.input).find((input): input is vscode.TabInputTextDiff => isComparison(input) && (!given || [input.original.toString(), input.modified.toString()].includes(given)));
  const here = diff && parseCompareUri(diff.original);
  const other = diff && parseCompareUri(diff.modified);
  if (!here || !other) throw new UserFacingError(vscode.l10n.t('Open a comparison first (Compare with… on a run or response).'));
  const panel = here.family === 'assistants' ? services.panels.open(here, vscode.ViewColumn.Beside) : services.responsePanels.open(here, vscode.ViewColumn.Beside);
  await panel.showComparison(other);
}

// The *Captured* marker of a row whose id capture saw: the time in its description and
// tooltip. One helper for threads, runs, conversations and responses alike.
import * as vscode from 'vscode';
import type { CoreServices } from '../coreServices';

/** Marks the row when capture saw `id` on the connection in this window. */
export function markCaptured(item: vscode.TreeItem, services: Pick<CoreServices, 'captured'>, connectionId: string, id: string): vscode.TreeItem {
  const at = services.captured.capturedAt(connectionId, id);
  if (at === undefined) return item;
  const time = new Date(at).toLocaleTimeString();
  const description = typeof item.description === 'string' && item.description ? item.description : undefined;
  // First: a long description is cut at the row's end, and this is what the user looks for.
  item.description = description ? vscode.l10n.t('captured {0} · {1}', time, description) : vscode.l10n.t('captured {0}', time);
  appendTooltipLine(item, vscode.l10n.t('Captured at {0}: your app used it through Agent Runs capture.', time));
  return item;
}

/** Adds a line of plain text to a row's tooltip (Markdown or text). */
export function appendTooltipLine(item: vscode.TreeItem, line: string): void {
  if (item.tooltip instanceof vscode.MarkdownString) {
    item.tooltip.appendMarkdown('  \n');
    item.tooltip.appendText(line);
  } else {
    item.tooltip = item.tooltip ? `${item.tooltip}\n${line}` : line;
  }
}

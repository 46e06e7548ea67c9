// The *forked from …* marker of a row whose object a fork made: read from the metadata the
// fork carries (so it shows on any machine that reads it), in the description and tooltip.
import * as vscode from 'vscode';
import { forkedAtKey, forkedFromKey } from '../model/fork';
import { appendTooltipLine } from './capturedMarker';

/** Marks the row when `metadata` names a fork's origin. Service strings: shown as text only. */
export function markForked(item: vscode.TreeItem, metadata: unknown): vscode.TreeItem {
  const m = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
  const from = m[forkedFromKey];
  if (typeof from !== 'string' || !from) return item;
  const at = typeof m[forkedAtKey] === 'string' ? (m[forkedAtKey] as string) : '';
  const description = typeof item.description === 'string' && item.description ? item.description : undefined;
  item.description = description ? vscode.l10n.t('{0} · forked from {1}', description, from) : vscode.l10n.t('forked from {0}', from);
  const line = at && at !== 'start' ? vscode.l10n.t('Forked from {0}, {1}.', from, at) : vscode.l10n.t('Forked from the start of {0}.', from);
  appendTooltipLine(item, line);
  return item;
}

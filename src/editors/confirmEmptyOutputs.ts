// The one question asked before empty tool outputs are sent (from the panel or a draft):
// an empty output is sometimes meant, so it is allowed, but only after a modal that
// names the calls.
import * as vscode from 'vscode';
import type { PendingCall } from '../model/toolOutputs';

export async function confirmEmptyOutputs(calls: readonly PendingCall[]): Promise<boolean> {
  const names = calls.map((c) => (c.name ? `${c.name} (${c.id})` : c.id)).join('\n');
  const send = calls.length === 1 ? vscode.l10n.t('Send Empty Output') : vscode.l10n.t('Send Empty Outputs');
  const choice = await vscode.window.showWarningMessage(
    calls.length === 1 ? vscode.l10n.t('Send an empty output for 1 tool call?') : vscode.l10n.t('Send empty outputs for {0} tool calls?', calls.length),
    { modal: true, detail: vscode.l10n.t('The run continues as if these calls returned nothing:\n{0}', names) },
    send,
  );
  return choice === send;
}

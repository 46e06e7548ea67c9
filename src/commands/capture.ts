// Start Capture, Stop Capture, Copy Capture URL and the status bar's pick of them.
// What they say goes here; what they do is the capture controller's.
import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import type { CaptureVariable } from '../capture/captureEnvironment';
import type { Services } from '../services';
import type { ActiveCapture } from '../store/captureController';
import { pickConnection } from './connectionWizard';

/** Why no variable hands the URL to an app, in the words the user reads. */
export function noVariableReason(variable: CaptureVariable): string | undefined {
  if (variable.kind === 'variable') return undefined;
  switch (variable.reason) {
    case 'entraNeedsHttps':
      return vscode.l10n.t('Azure SDKs refuse to send a Microsoft Entra token to the proxy\'s http:// URL, so no variable is set. The URL works only for a client that authenticates with a key.');
    case 'noEndpointVariable':
      return vscode.l10n.t('The Foundry Agents SDK reads no endpoint variable, so none is set. Give the URL to a client that authenticates with a key.');
  }
}

/** Starts recording a connection's requests (asks before switching from another one). */
export async function startCapture(services: Services, arg?: unknown): Promise<void> {
  const connection = await pickConnection(services, arg, vscode.l10n.t('Capture the requests of which connection?'), false);
  const current = services.capture.current;
  if (current?.connection.id === connection.id) {
    void announce(current, vscode.l10n.t('Capture is already recording {0}.', connection.name));
    return;
  }
  if (current) {
    const switchTo = vscode.l10n.t('Switch to {0}', connection.name);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Capture is recording {0}. Switch to {1}?', current.connection.name, connection.name),
      { modal: true, detail: vscode.l10n.t('{0} stops recording; apps already using its URL keep working through it, unrecorded.', current.connection.name) },
      switchTo,
    );
    if (answer !== switchTo) throw new CancelledByUser();
  }
  const active = await services.capture.start(connection);
  // Not awaited: the command ends when capture records, not when the notification closes.
  void announce(active);
}

async function announce(active: ActiveCapture, lead?: string): Promise<void> {
  const copy = vscode.l10n.t('Copy URL');
  const reason = noVariableReason(active.variable);
  const sentence = reason
    ? vscode.l10n.t('Capturing {0}. {1}', active.connection.name, reason)
    : vscode.l10n.t('Capturing {0}: new terminals and debug sessions get {1}; apps started elsewhere need the URL.', active.connection.name, active.variable.kind === 'variable' ? active.variable.name : '');
  const answer = await vscode.window.showInformationMessage(lead ? `${lead} ${sentence}` : sentence, reason ? vscode.l10n.t('Copy URL (key authentication only)') : copy);
  if (answer) await copyUrl(active);
}

async function copyUrl(active: ActiveCapture): Promise<void> {
  await vscode.env.clipboard.writeText(active.session.baseUrl);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the capture URL of {0}', active.connection.name), 3000);
}

/** Stops recording at once; the port keeps forwarding for the apps that use it. */
export function stopCapture(services: Services): void {
  const stopped = services.capture.stop();
  if (!stopped) throw new UserFacingError(vscode.l10n.t('Capture is not recording.'));
  void vscode.window.showInformationMessage(
    stopped.count === 1
      ? vscode.l10n.t('Capture of {0} stopped after 1 request. Apps already using its URL keep working through it, unrecorded, until they exit or the window reloads.', stopped.connection.name)
      : vscode.l10n.t('Capture of {0} stopped after {1} requests. Apps already using its URL keep working through it, unrecorded, until they exit or the window reloads.', stopped.connection.name, stopped.count),
  );
}

/** Copies the URL of the capture that records (for apps not started from VS Code). */
export async function copyCaptureUrl(services: Services): Promise<void> {
  const active = services.capture.current;
  if (!active) throw new UserFacingError(vscode.l10n.t('Capture is not recording: start it first.'));
  await copyUrl(active);
  const reason = noVariableReason(active.variable);
  if (reason) void vscode.window.showInformationMessage(reason);
}

/** The status bar item's pick: what can be done with capture now. */
export async function captureActions(services: Services): Promise<void> {
  type Item = vscode.QuickPickItem & { command: string };
  const active = services.capture.current;
  const items: Item[] = active
    ? [
        { label: vscode.l10n.t('$(debug-stop) Stop Capture'), description: active.connection.name, command: 'agentRuns.stopCapture' },
        { label: vscode.l10n.t('$(copy) Copy Capture URL'), description: active.session.baseUrl.replace(/\/[^/]+$/, '/…'), command: 'agentRuns.copyCaptureUrl' },
        { label: vscode.l10n.t('$(output) Show Log'), command: 'agentRuns.showLog' },
      ]
    : [
        { label: vscode.l10n.t('$(record) Start Capture…'), command: 'agentRuns.startCapture' },
        { label: vscode.l10n.t('$(output) Show Log'), command: 'agentRuns.showLog' },
      ];
  const picked = await vscode.window.showQuickPick(items, { title: active ? vscode.l10n.t('Capture is recording {0}', active.connection.name) : vscode.l10n.t('Capture is not recording') });
  if (!picked) throw new CancelledByUser();
  await vscode.commands.executeCommand(picked.command);
}

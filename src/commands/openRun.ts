import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { runRefOf } from '../util/refs';

/** Opens (or reveals) the panel of a run: from a tree node, a RunRef, or a command link. */
export function openRun(services: Services, arg?: unknown): void {
  const ref = runRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a run in the Agent Runs view, or use "Open Run by ID…".'));
  services.panels.open(ref);
}

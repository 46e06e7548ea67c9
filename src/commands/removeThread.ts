import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { threadRefOf } from '../util/refs';

export async function removeThread(services: Services, arg?: unknown): Promise<void> {
  const ref = threadRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a thread in the Agent Runs view to remove it from the list.'));
  await services.store.forgetThread(ref.connectionId, ref.threadId);
}

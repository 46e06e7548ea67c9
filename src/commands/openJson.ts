import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import { openJsonDocument } from '../panels/jsonDocuments';
import { jsonRefOf } from '../panels/jsonPaths';
import type { Services } from '../services';

/** Opens a thread, run, step, tool call or message as a read-only JSON document. */
export async function openJson(_services: Services, arg?: unknown): Promise<void> {
  const ref = jsonRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Pick a thread, run, step, tool call or message in the Agent Runs view to open it as JSON.'));
  await openJsonDocument(ref);
}

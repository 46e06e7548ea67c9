import * as vscode from 'vscode';
import { UserFacingError } from '../api/errors';
import type { Services } from '../services';
import { LoadMoreNode } from '../views/nodes/loadMoreNode';

/** Appends the next page of a list: the argument is its "Load more" row. */
export async function loadMore(_services: Services, node?: unknown): Promise<void> {
  if (!(node instanceof LoadMoreNode)) throw new UserFacingError(vscode.l10n.t('"Load more" works on a "Load more …" row of the Agent Runs view.'));
  await node.loadMore();
}

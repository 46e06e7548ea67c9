import type { Services } from '../services';
import type { TreeNode } from '../views/nodes/treeNode';

/** Refresh everything: mark cached pages stale (open panels keep what they show until the
 * new pages arrive), reload what is shown, and count the waiting runs again. */
export function refresh(services: Services): Promise<void> {
  // Archives read their files again: one may have changed on disk.
  for (const c of services.connections.list()) if (c.archive !== undefined) services.connections.archives.reread(c.id);
  services.store.markStale();
  services.responses.markStale();
  services.tree.repaint(undefined);
  return services.waitingRuns.scan();
}

/** Refresh one node: reload its first page (its row, and its children when shown). */
export async function refreshNode(services: Services, node?: TreeNode): Promise<void> {
  if (!node) return refresh(services);
  const { store } = services;
  // Retry rows ask their parent to reload.
  const target = node.kind === 'info' && node.parent ? node.parent : node;
  // Rows of the Responses family (and the groups) know how to read themselves again.
  const own = (target as { refresh?: () => Promise<void> }).refresh;
  if (own) return own.call(target);
  const ref = (target as { ref?: { connectionId: string; threadId?: string; runId?: string } }).ref;
  if (!ref) return services.tree.repaint(target);
  switch (target.kind) {
    case 'connection':
      services.connections.archives.reread(ref.connectionId);
      store.markStale(ref.connectionId);
      services.responses.markStale(ref.connectionId);
      await store.loadThreads(ref.connectionId);
      services.tree.repaint(target);
      break;
    case 'thread':
      await Promise.all([store.loadThread(ref.connectionId, ref.threadId!), store.loadRuns(ref.connectionId, ref.threadId!)]);
      break;
    case 'messages':
      await store.loadMessages(ref.connectionId, ref.threadId!, undefined);
      break;
    case 'run':
      await Promise.all([store.fetchRun(ref.connectionId, ref.threadId!, ref.runId!), store.loadSteps(ref.connectionId, ref.threadId!, ref.runId!)]);
      break;
    default:
      services.tree.repaint(target);
  }
}

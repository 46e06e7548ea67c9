import type { Services } from '../services';
import type { TreeNode } from '../views/nodes/treeNode';

/** Refresh everything: forget cached pages and reload what is shown. */
export function refresh(services: Services): void {
  services.store.markStale();
  services.tree.repaint(undefined);
}

/** Refresh one node: reload its first page (its row, and its children when shown). */
export async function refreshNode(services: Services, node?: TreeNode): Promise<void> {
  if (!node) return refresh(services);
  const { store } = services;
  // Retry rows ask their parent to reload.
  const target = node.kind === 'info' && node.parent ? node.parent : node;
  const ref = (target as { ref?: { connectionId: string; threadId?: string; runId?: string } }).ref;
  if (!ref) return services.tree.repaint(target);
  switch (target.kind) {
    case 'connection':
      store.markStale(ref.connectionId);
      await store.loadThreads(ref.connectionId);
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

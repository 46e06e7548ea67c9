import type { Services } from '../services';
import { LoadMoreNode } from '../views/nodes/loadMoreNode';

export async function loadMore(_services: Services, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) await node.loadMore();
}

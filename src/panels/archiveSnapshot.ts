// What a panel shows of a run or response read from an archive: the object as it was when
// it was exported (times measured against the export, not now), said in a notice, with
// nothing offered that needs the live service.
import * as vscode from 'vscode';
import type { Notice } from '../shared/protocol';
import type { CoreServices } from '../coreServices';

export interface ArchiveSnapshot {
  notice: Notice;
  /** The export's time (ms): "so far" and countdowns are measured against it. */
  nowMs: number | undefined;
}

/** The snapshot of `id` (a thread or response id) when `connectionId` is an archive; undefined when it is live. */
export function archiveSnapshot(services: Pick<CoreServices, 'connections'>, connectionId: string, id: string): ArchiveSnapshot | undefined {
  const connection = services.connections.get(connectionId);
  if (connection?.archive === undefined) return undefined;
  const exportedAt = services.connections.archives.loadedIndex(connectionId)?.exportedAtOf(id);
  const ms = exportedAt ? Date.parse(exportedAt) : NaN;
  const when = Number.isFinite(ms) ? new Date(ms).toLocaleString() : undefined;
  return {
    nowMs: Number.isFinite(ms) ? ms : undefined,
    notice: {
      kind: 'info',
      text: when
        ? vscode.l10n.t('From the archive "{0}", exported {1}: as it was then. Answering, cancelling and forking need the live service.', connection.name, when)
        : vscode.l10n.t('From the archive "{0}": as it was when exported. Answering, cancelling and forking need the live service.', connection.name),
    },
  };
}

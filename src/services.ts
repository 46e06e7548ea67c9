import type * as vscode from 'vscode';
import type { ConnectionStore } from './store/connectionStore';
import type { LiveScheduler } from './store/liveScheduler';
import type { RunStore } from './store/runStore';
import type { ThreadRegistry } from './store/threadRegistry';
import type { ToolOutputSubmitter } from './store/toolOutputSubmitter';
import type { Log } from './util/log';

/** What `activate` builds once and hands to commands, views and panels. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly connections: ConnectionStore;
  readonly registry: ThreadRegistry;
  readonly store: RunStore;
  readonly scheduler: LiveScheduler;
  /** The one path by which tool outputs are submitted (editor, palette, run panel). */
  readonly submitter: ToolOutputSubmitter;
}

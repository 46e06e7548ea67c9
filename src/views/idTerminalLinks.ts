// thread_… and run_… ids printed in a terminal (an agent's logs, a test run) become
// links: a thread id adds the thread to the Agent Runs view, a run id opens its panel
// (with the thread id on the same line, when there is exactly one).
import * as vscode from 'vscode';
import { findIds, idMatches } from '../store/threadRegistry';

export interface IdTerminalLink extends vscode.TerminalLink {
  readonly id: string;
  readonly kind: 'thread' | 'run';
  /** For a run: the one thread id on the same line. */
  readonly threadId?: string;
}

export class IdTerminalLinks implements vscode.TerminalLinkProvider<IdTerminalLink> {
  provideTerminalLinks(context: vscode.TerminalLinkContext): IdTerminalLink[] {
    const matches = idMatches(context.line);
    if (!matches.length) return [];
    const threads = findIds(context.line).threads;
    const threadId = threads.length === 1 ? threads[0] : undefined;
    return matches.map((m) => ({
      startIndex: m.index,
      length: m.id.length,
      id: m.id,
      kind: m.kind,
      threadId: m.kind === 'run' ? threadId : undefined,
      tooltip: m.kind === 'thread' ? vscode.l10n.t('Add {0} to the Agent Runs view', m.id) : vscode.l10n.t('Open {0} in a run panel', m.id),
    }));
  }

  async handleTerminalLink(link: IdTerminalLink): Promise<void> {
    if (link.kind === 'thread') await vscode.commands.executeCommand('agentRuns.addThread', undefined, link.id);
    else await vscode.commands.executeCommand('agentRuns.openRunById', { runId: link.id, threadId: link.threadId });
  }
}

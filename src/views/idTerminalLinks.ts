// thread_…, run_…, conv_… and resp_… ids printed in a terminal (an agent's logs, a test
// run) become links: a thread, conversation or response id adds it to the Agent Runs
// view, a run id opens its panel (with the thread id on the same line, when there is
// exactly one).
import * as vscode from 'vscode';
import { findIds, idMatches, type IdKind } from '../store/threadRegistry';

export interface IdTerminalLink extends vscode.TerminalLink {
  readonly id: string;
  readonly kind: IdKind;
  /** For a run: the one thread id on the same line. */
  readonly threadId?: string;
}

const tooltips: Record<IdKind, (id: string) => string> = {
  thread: (id) => vscode.l10n.t('Add {0} to the Agent Runs view', id),
  run: (id) => vscode.l10n.t('Open {0} in a run panel', id),
  conversation: (id) => vscode.l10n.t('Add {0} to the Agent Runs view', id),
  response: (id) => vscode.l10n.t('Add {0} to the Agent Runs view', id),
};

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
      tooltip: tooltips[m.kind](m.id),
    }));
  }

  async handleTerminalLink(link: IdTerminalLink): Promise<void> {
    switch (link.kind) {
      case 'thread':
        await vscode.commands.executeCommand('agentRuns.addThread', undefined, link.id);
        break;
      case 'run':
        await vscode.commands.executeCommand('agentRuns.openRunById', { runId: link.id, threadId: link.threadId });
        break;
      case 'conversation':
        await vscode.commands.executeCommand('agentRuns.addConversation', undefined, link.id);
        break;
      case 'response':
        await vscode.commands.executeCommand('agentRuns.addResponse', undefined, link.id);
        break;
    }
  }
}

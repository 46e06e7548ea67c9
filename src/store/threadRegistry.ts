// Thread ids remembered per connection (global state). OpenAI has no "list threads"
// endpoint, so the threads a user added, found or created are kept here; on services
// that list threads, removing one hides it.
import type * as vscode from 'vscode';

const rememberedKey = (connectionId: string) => `agentRuns.threads.${connectionId}`;
const hiddenKey = (connectionId: string) => `agentRuns.hiddenThreads.${connectionId}`;

export const threadIdPattern = /\bthread_[A-Za-z0-9]{4,64}\b/g;
export const runIdPattern = /\brun_[A-Za-z0-9]{4,64}\b/g;

/** All distinct thread_… and run_… ids in a text, in order of appearance. */
export function findIds(text: string): { threads: string[]; runs: string[] } {
  const unique = (matches: RegExpMatchArray | null) => [...new Set(matches ?? [])];
  return { threads: unique(text.match(threadIdPattern)), runs: unique(text.match(runIdPattern)) };
}

/** Every thread_… and run_… id in a text with its position, in order of appearance. */
export function idMatches(text: string): { id: string; kind: 'thread' | 'run'; index: number }[] {
  const found = [
    ...[...text.matchAll(threadIdPattern)].map((m) => ({ id: m[0], kind: 'thread' as const, index: m.index })),
    ...[...text.matchAll(runIdPattern)].map((m) => ({ id: m[0], kind: 'run' as const, index: m.index })),
  ];
  return found.sort((a, b) => a.index - b.index);
}

export class ThreadRegistry {
  constructor(private readonly state: vscode.Memento) {}

  remembered(connectionId: string): string[] {
    return this.state.get<string[]>(rememberedKey(connectionId), []);
  }

  /** Adds ids (newest first); returns the ones that were new. */
  async add(connectionId: string, ids: readonly string[]): Promise<string[]> {
    const current = this.remembered(connectionId);
    const fresh = ids.filter((id, i) => !current.includes(id) && ids.indexOf(id) === i);
    const hidden = this.hidden(connectionId).filter((id) => !ids.includes(id));
    await this.state.update(hiddenKey(connectionId), hidden);
    if (fresh.length) await this.state.update(rememberedKey(connectionId), [...fresh, ...current]);
    return fresh;
  }

  async remove(connectionId: string, id: string): Promise<void> {
    await this.state.update(
      rememberedKey(connectionId),
      this.remembered(connectionId).filter((t) => t !== id),
    );
    await this.state.update(hiddenKey(connectionId), [...new Set([...this.hidden(connectionId), id])]);
  }

  hidden(connectionId: string): string[] {
    return this.state.get<string[]>(hiddenKey(connectionId), []);
  }

  async forget(connectionId: string): Promise<void> {
    await this.state.update(rememberedKey(connectionId), undefined);
    await this.state.update(hiddenKey(connectionId), undefined);
  }
}

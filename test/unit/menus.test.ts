// The tree's context menus: which commands each kind of row offers, evaluated from the
// `when` clauses of package.json against the context values the tree sets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contextValues } from '../../src/views/contextValues';

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const items: MenuItem[] = manifest.contributes.menus['view/item/context'];

/** Evaluates the clauses our menus use: `view == x`, `viewItem == x`, `viewItem =~ /re/`, joined by &&. */
function matches(when: string, viewItem: string): boolean {
  return when.split('&&').every((raw) => {
    const clause = raw.trim();
    let m = /^view == (\S+)$/.exec(clause);
    if (m) return m[1] === 'agentRuns.explorer';
    m = /^viewItem == (\S+)$/.exec(clause);
    if (m) return m[1] === viewItem;
    m = /^viewItem =~ \/(.*)\/$/.exec(clause);
    if (m) return new RegExp(m[1]).test(viewItem);
    throw new Error(`a clause this test cannot read: ${clause}`);
  });
}

const offered = (viewItem: string) => [...new Set(items.filter((i) => matches(i.when, viewItem)).map((i) => i.command.replace('agentRuns.', '')))].sort();

describe('tree context menus', () => {
  it('offer on each kind of row exactly the commands that work there', () => {
    const expected: Record<string, string[]> = {
      [contextValues.messages]: ['refreshNode'],
      [contextValues.message]: ['copyId', 'openJson'],
      [contextValues.thread(false)]: ['cancelAllRunsOnThread', 'copyId', 'copyThreadToConversation', 'exportThread', 'exportThreadMarkdown', 'openJson', 'refreshNode', 'removeThread'],
      [contextValues.thread(true)]: ['copyId', 'refreshNode', 'removeThread'],
      [contextValues.run('requires_action')]: ['answerToolCalls', 'cancelRun', 'compareWith', 'copyId', 'forkFromHere', 'openJson', 'openRun', 'refreshNode'],
      [contextValues.run('in_progress')]: ['cancelRun', 'compareWith', 'copyId', 'forkFromHere', 'openJson', 'openRun', 'refreshNode'],
      [contextValues.run('cancelling')]: ['compareWith', 'copyId', 'forkFromHere', 'openJson', 'openRun', 'refreshNode'],
      [contextValues.run('completed')]: ['compareWith', 'copyId', 'forkFromHere', 'openJson', 'openRun', 'refreshNode'],
      [contextValues.conversation(false)]: ['copyId', 'exportConversation', 'exportConversationMarkdown', 'refreshNode', 'removeConversation'],
      [contextValues.conversation(true)]: ['copyId', 'refreshNode', 'removeConversation'],
      [contextValues.response('completed', false)]: ['compareWith', 'copyId', 'forkFromHere', 'openResponse', 'refreshNode', 'removeResponse'],
      [contextValues.response('gone', false)]: ['compareWith', 'copyId', 'refreshNode', 'removeResponse'],
      [contextValues.step('tool_calls', 'in_progress')]: ['copyId', 'forkFromHere', 'openJson'],
      [contextValues.item('function_call')]: ['copyId', 'forkFromHere', 'goToHandler'],
      [contextValues.toolCall('function')]: ['copyId', 'goToHandler', 'openJson'],
      [contextValues.toolCall('code_interpreter')]: ['copyId', 'openJson'],
      [contextValues.item('custom_tool_call')]: ['copyId', 'forkFromHere', 'goToHandler'],
      [contextValues.item('mcp_call')]: ['copyId', 'forkFromHere', 'goToHandler'],
      [contextValues.item('mcp_approval_request')]: ['copyId', 'forkFromHere', 'goToHandler'],
      [contextValues.item('function_call_output')]: ['copyId', 'forkFromHere'],
      [contextValues.item('message')]: ['copyId', 'forkFromHere'],
      [contextValues.connection('azure-agents', false, false)]: ['addThread', 'copyThreadsToConversations', 'editConnection', 'exportConnection', 'refreshNode', 'removeConnection', 'startCapture', 'testConnection'],
      [contextValues.connection('azure-agents', true, false)]: ['addThread', 'copyThreadsToConversations', 'editConnection', 'exportConnection', 'refreshNode', 'removeConnection', 'signIn', 'startCapture', 'testConnection'],
      [contextValues.connection('openai', false, true)]: ['addThread', 'copyThreadsToConversations', 'editConnection', 'exportConnection', 'refreshNode', 'removeConnection', 'showHiddenThreads', 'startCapture', 'testConnection'],
      [contextValues.connection('azure-agents', true, true)]: ['addThread', 'copyThreadsToConversations', 'editConnection', 'exportConnection', 'refreshNode', 'removeConnection', 'showHiddenThreads', 'signIn', 'startCapture', 'testConnection'],
      // Rows of an archive: nothing that needs the service (answer, cancel, continue, fork).
      [contextValues.run('requires_action', true)]: ['compareWith', 'copyId', 'openJson', 'openRun', 'refreshNode'],
      [contextValues.response('in_progress', true, true, true)]: ['compareWith', 'copyId', 'openResponse', 'refreshNode', 'removeResponse'],
      // An archive is read only: removed or refreshed, none of a connection's commands.
      [contextValues.archive]: ['copyThreadsToConversations', 'refreshNode', 'removeArchive'],
      [contextValues.loadMore]: [],
      [contextValues.info]: [],
      [contextValues.error]: [],
      [contextValues.captured]: [],
    };
    for (const [viewItem, commands] of Object.entries(expected)) assert.deepEqual(offered(viewItem), commands, viewItem);
  });

  it('anchor every pattern, so a value that merely starts like another matches nothing', () => {
    for (const item of items) {
      for (const value of ['messagesX', 'threads', 'runs', 'connections', 'stepX', 'toolCalls', 'info:x']) {
        assert.equal(matches(item.when, value), false, `${item.command} (${item.when}) matches "${value}"`);
      }
    }
    // Statuses are whole words: a status that only starts like "requires_action" gets no Answer.
    assert.ok(!offered('run:requires_action_later').includes('answerToolCalls'));
    assert.ok(!offered('run:queued_x').includes('cancelRun'));
  });
});

// thread_… and run_… ids printed in a terminal, as links, inside a real VS Code against
// the emulator: where the links are, a run link opening its panel without asking
// anything, and a thread link adding the thread to the connection.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IdTerminalLink } from '../../src/views/idTerminalLinks';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, emulatorOrigin, waitFor, type ActivatedApi } from './helpers';

type Link = IdTerminalLink;

const api = activatedApi;

function linksOf(a: ActivatedApi, line: string): Link[] {
  // The provider reads only the line; the terminal is not needed to find ids.
  return a.services.terminalLinks.provideTerminalLinks({ line, terminal: undefined as unknown as vscode.Terminal });
}

/** Fails instead of hanging when the handler waits for an input box or a pick. */
async function handleWithoutPrompt(a: ActivatedApi, link: Link): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'prompt'>((resolve) => (timer = setTimeout(() => resolve('prompt'), 10_000)));
  const outcome = await Promise.race([a.services.terminalLinks.handleTerminalLink(link).then(() => 'done' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'prompt') {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.fail(`following ${link.id} asked for input instead of acting`);
  }
}

describe('Ids in terminals', function () {
  this.timeout(30_000);

  it('makes every thread and run id of a terminal line a link, at its place', async () => {
    const a = await api();
    const line = `[agent] ${DEMO.runs.failed} on ${DEMO.threads.mixed}: rate_limit_exceeded`;
    const links = linksOf(a, line);
    assert.deepEqual(
      links.map((l) => [l.kind, line.slice(l.startIndex, l.startIndex + l.length)]),
      [
        ['run', DEMO.runs.failed],
        ['thread', DEMO.threads.mixed],
      ],
    );
    assert.equal(links[0]!.threadId, DEMO.threads.mixed, 'the run link does not carry the thread id of its line');
    assert.match(String(links[0]!.tooltip), /Open run_/);
    assert.match(String(links[1]!.tooltip), /Add thread_/);
    assert.deepEqual(linksOf(a, 'nothing to see here'), []);
  });

  it('a run link opens the run panel with the thread id from the same line, asking nothing', async () => {
    const a = await api();
    const [runLink] = linksOf(a, `done: ${DEMO.runs.completed} (${DEMO.threads.mixed})`);
    assert.ok(runLink);
    await handleWithoutPrompt(a, runLink);
    const ref = { connectionId: 'demo', threadId: DEMO.threads.mixed, runId: DEMO.runs.completed };
    const panel = await waitFor('the run panel', () => a.services.panels.get(ref));
    panel.panel.dispose();
  });

  describe('on a service without a list of threads', () => {
    const OA = 'oa-links';
    let saved: unknown[];

    before(async () => {
      const config = vscode.workspace.getConfiguration('agentRuns');
      saved = config.get<unknown[]>('connections') ?? [];
      // The only connection, so the link has no connection to ask for.
      await config.update('connections', [{ id: OA, name: 'OpenAI mode (links)', kind: 'openai-compatible', baseUrl: `${emulatorOrigin()}/v1`, auth: 'none' }], vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      await (await api()).services.registry.forget(OA);
      await vscode.workspace.getConfiguration('agentRuns').update('connections', saved, vscode.ConfigurationTarget.Global);
    });

    it('a thread link adds the thread to the connection', async () => {
      const a = await api();
      const threadLink = linksOf(a, `thread=${DEMO.threads.unicode}`).find((l) => l.kind === 'thread');
      assert.ok(threadLink);
      assert.ok(!a.services.registry.remembered(OA).includes(DEMO.threads.unicode));
      await handleWithoutPrompt(a, threadLink);
      assert.deepEqual(a.services.registry.remembered(OA), [DEMO.threads.unicode]);
    });
  });
});

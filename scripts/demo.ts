// `npm run demo`: the emulator with its demo seed, and a VS Code with the extension
// installed and a connection to the emulator configured. Prints the URL to open
// (code-server), or opens desktop VS Code with --extensionDevelopmentPath when a `code`
// command exists (`--web` forces code-server). Ctrl-C stops everything it started.
//   ARD_DEMO_PORT   port of code-server (default: a free one)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { baseSettings, createProfile } from '../test/harness/codeServer';
import { demoConnection, startEmulator } from '../test/harness/emulator';
import { freshDir, repoRoot } from '../test/harness/paths';
import { onCleanup, run, start, stopAll, stopAllOnSignals } from '../test/harness/processes';
import { startSession } from '../test/harness/session';
import { DEMO } from '../test/emulator/demoIds';

const { values: args } = parseArgs({ options: { web: { type: 'boolean' } } });

/** A file in the opened folder with the demo's ids, to try "Find Thread and Run IDs in Editor". */
const demoNotes = `# Agent Run Debugger demo

The emulator's demo data. Select an id and run "Agent Runs: Find Thread and Run IDs in Editor",
or "Agent Runs: Open Run by ID…".

- Waiting for tool outputs: ${DEMO.threads.mixed} / ${DEMO.runs.requiresAction}
- Failed run: ${DEMO.runs.failed}
- Hostile text (HTML and script tags shown as text): ${DEMO.threads.hostile}
- Non-Latin text: ${DEMO.threads.unicode}
- 250 runs on one thread: ${DEMO.threads.manyRuns}
- 150 steps, one 1 MB output: ${DEMO.threads.bigRun} / ${DEMO.runs.bigRun150Steps}
`;

function hasCode(): boolean {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

async function desktop(): Promise<void> {
  await run('npm', ['run', '--silent', 'build'], { cwd: repoRoot });
  const emulator = await startEmulator({ mode: 'azure', seed: 'demo' });
  onCleanup(() => emulator.close());
  const profile = createProfile(freshDir('demo-desktop'), {
    ...baseSettings('Default Dark Modern'),
    'agentRuns.connections': [demoConnection(emulator)],
  });
  fs.writeFileSync(path.join(profile.workspaceDir, 'demo-ids.md'), demoNotes);
  console.log(`Emulator (demo seed) listening on ${emulator.baseURL}`);
  console.log('Opening VS Code with the extension under development… (Ctrl-C stops the emulator)');
  const code = start('code', 'code', [
    '--wait',
    '--new-window',
    `--extensionDevelopmentPath=${repoRoot}`,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    profile.workspaceDir,
  ], { stdio: 'inherit' });
  await code.exited;
}

async function web(): Promise<void> {
  const port = process.env.ARD_DEMO_PORT ? Number(process.env.ARD_DEMO_PORT) : undefined;
  const session = await startSession({
    name: 'demo',
    port,
    workspaceFiles: { 'demo-ids.md': demoNotes },
    log: () => undefined,
  });
  console.log(`Emulator (demo seed) listening on ${session.emulator.baseURL}`);
  console.log(`VS Code (code-server) with the extension and the "Emulator (demo)" connection is ready.\n`);
  console.log(`Open ${session.codeServer.workbenchUrl}`);
  console.log('\nPress Ctrl-C to stop the emulator and code-server.');
  const exit = await session.codeServer.process.exited;
  // Ctrl-C stops code-server on purpose: that is the normal end, not an error.
  if (stopRequested) return;
  throw new Error(`code-server ended on its own (exit ${exit}); its log: ${session.codeServer.logFile}`);
}

let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    stopRequested = true;
    console.log('\nStopping the emulator and code-server…');
  });
}
process.once('exit', (code) => {
  if (stopRequested) console.log(code === 130 || code === 143 || code === 129 || code === 0 ? 'Stopped.' : `Stopped (exit ${code}).`);
});
stopAllOnSignals();
(args.web || !hasCode() ? web() : desktop())
  .then(() => stopAll())
  .catch(async (err: Error) => {
    if (stopRequested) return;
    console.error(`demo: ${err.message}`);
    await stopAll();
    process.exit(1);
  });

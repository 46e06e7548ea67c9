// Child processes the harness starts, each in its own process group so that stopping
// it also stops what it started (code-server forks its extension host). Everything
// still running is stopped when the harness exits, is interrupted (Ctrl-C) or killed.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';

export interface Started {
  readonly child: ChildProcess;
  readonly name: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

const running = new Set<Started>();
const cleanups = new Set<() => Promise<void> | void>();

export function start(name: string, command: string, args: string[], options: SpawnOptions & { logFile?: string } = {}): Started {
  const { logFile, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions, detached: true });
  if (logFile) {
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.on('error', () => resolve('spawn-error'));
  });
  const started: Started = {
    child,
    name,
    exited,
    async stop() {
      running.delete(started);
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      signalGroup(child, 'SIGKILL'); // leftovers of the group (the extension host)
    },
  };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Runs `fn` when the harness stops (normally or on a signal). */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.add(fn);
}

export async function stopAll(): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch {
      // best effort
    }
  }
  await Promise.all([...running].map((p) => p.stop()));
}

let handlersInstalled = false;
/** Stops everything on Ctrl-C / SIGTERM, then exits with 130 / 143. */
export function stopAllOnSignals(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      void stopAll().finally(() => process.exit(code));
    });
  }
  process.once('exit', () => {
    for (const p of running) signalGroup(p.child, 'SIGKILL');
  });
}

/** Runs a command to completion, inheriting stdio; rejects on a non-zero exit. */
export async function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('exit', resolve);
    child.on('error', reject);
  });
  if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` exited with ${code}`);
}

/** `fn` made safe to call more than once: later calls share the first call's promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}

// One VS Code session as tests and the demo need it: the emulator with its demo seed,
// a fresh code-server profile whose settings connect the extension to the emulator,
// the extension (and optionally more extensions) installed from VSIX files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureExtensionVsix } from './build';
import { baseSettings, createProfile, installExtensions, startCodeServer, type CodeServer, type Profile, type Theme } from './codeServer';
import { demoConnection, startEmulator, type Emulator, type EmulatorOptions } from './emulator';
import { freshDir } from './paths';
import { onCleanup, once } from './processes';

export interface SessionOptions {
  /** Folder name under .artifacts/ for this session's profile and logs. */
  name: string;
  theme?: Theme;
  emulator?: EmulatorOptions;
  /** VSIX files installed besides the extension's own. */
  extraVsix?: string[];
  /** Environment of code-server (its extension host inherits it). */
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Files to create in the opened workspace folder (relative path → content). */
  workspaceFiles?: Record<string, string>;
  port?: number;
  log?: (line: string) => void;
}

export interface Session {
  emulator: Emulator;
  profile: Profile;
  codeServer: CodeServer;
  stop(): Promise<void>;
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const log = options.log ?? ((line: string) => console.log(`[harness] ${line}`));
  const vsix = await ensureExtensionVsix();
  const emulator = await startEmulator(options.emulator);
  const closeEmulator = once(() => emulator.close());
  onCleanup(closeEmulator);
  log(`emulator on ${emulator.baseURL}`);

  const dir = freshDir(options.name);
  const profile = createProfile(dir, {
    ...baseSettings(options.theme),
    'agentRuns.connections': [demoConnection(emulator)],
    ...options.settings,
  });
  for (const [file, content] of Object.entries(options.workspaceFiles ?? {})) {
    fs.mkdirSync(path.dirname(path.join(profile.workspaceDir, file)), { recursive: true });
    fs.writeFileSync(path.join(profile.workspaceDir, file), content);
  }
  const t0 = Date.now();
  await installExtensions(profile, [vsix, ...(options.extraVsix ?? [])]);
  log(`installed ${1 + (options.extraVsix?.length ?? 0)} extension(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const codeServer = await startCodeServer(profile, {
    port: options.port,
    env: { ARD_EMULATOR_ORIGIN: emulator.origin, ...options.env },
  });
  onCleanup(() => codeServer.stop());
  log(`code-server on ${codeServer.origin} (profile ${path.relative(process.cwd(), dir) || dir})`);
  return {
    emulator,
    profile,
    codeServer,
    async stop() {
      await codeServer.stop();
      await closeEmulator();
    },
  };
}

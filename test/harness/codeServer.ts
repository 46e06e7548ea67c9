// A real VS Code for tests and the demo: code-server (cached by scripts/setup.sh) with
// its own user-data and extensions folders, settings written before it starts, and
// extensions installed from VSIX files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, waitForHttp } from './ports';
import { run, start, type Started } from './processes';
import { tools } from './paths';

export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  /** The folder the workbench opens. */
  workspaceDir: string;
  /** code-server's config file (kept here so ~/.config/code-server is not touched). */
  configFile: string;
}

export type Theme = 'Default Dark Modern' | 'Default Light Modern' | 'Default High Contrast';

/** Settings that keep the workbench quiet and predictable offline. */
export function baseSettings(theme: Theme = 'Default Dark Modern'): Record<string, unknown> {
  return {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.colorTheme': theme,
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    // Terminal text in the DOM (no WebGL canvas), so UI tests can find words in it.
    'terminal.integrated.gpuAcceleration': 'off',
  };
}

export function createProfile(dir: string, settings: Record<string, unknown>): Profile {
  const profile: Profile = {
    dir,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    workspaceDir: path.join(dir, 'workspace'),
    configFile: path.join(dir, 'code-server.yaml'),
  };
  for (const d of [profile.userDataDir, profile.extensionsDir, profile.workspaceDir]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(profile.configFile, 'auth: none\n');
  return profile;
}

function profileArgs(profile: Profile): string[] {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

export async function installExtensions(profile: Profile, vsixFiles: string[]): Promise<void> {
  const t = tools();
  const args = [t.codeServer, ...profileArgs(profile), '--force'];
  for (const file of vsixFiles) args.push('--install-extension', file);
  await run(t.node24, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface CodeServer {
  port: number;
  origin: string;
  /** The workbench URL with the profile's workspace folder open. */
  workbenchUrl: string;
  process: Started;
  logFile: string;
  stop(): Promise<void>;
}

export async function startCodeServer(profile: Profile, options: { env?: Record<string, string>; port?: number } = {}): Promise<CodeServer> {
  const t = tools();
  const port = options.port ?? (await freePort());
  const logFile = path.join(profile.dir, 'code-server.log');
  const proc = start('code-server', t.node24, [
    t.codeServer,
    ...profileArgs(profile),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    profile.workspaceDir,
  ], { env: { ...process.env, ...options.env }, logFile });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/healthz`, 60_000, () => proc.child.exitCode === null);
  } catch (err) {
    await proc.stop();
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    throw new Error(`code-server did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    port,
    origin,
    workbenchUrl: `${origin}/?folder=${encodeURIComponent(profile.workspaceDir)}`,
    process: proc,
    logFile,
    stop: () => proc.stop(),
  };
}

/** The extension host logs of this profile (one per window/reload). */
export function extensionHostLogs(profile: Profile): string[] {
  const logs = path.join(profile.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs
    .readdirSync(logs)
    .sort()
    .flatMap((stamp) => {
      const dir = path.join(logs, stamp);
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => d.startsWith('exthost')).map((d) => path.join(dir, d, 'remoteexthost.log')) : [];
    })
    .filter((f) => fs.existsSync(f));
}

// Offline, telemetry and marketplace lookups fail; those errors are expected noise.
const expectedNoise = /ENOTFOUND|EAI_AGAIN|getaddrinfo|marketplace|gallery|telemetry|events\.data\.microsoft/i;

/** Error lines of the extension host logs, without the expected offline noise. */
export function extensionHostErrors(profile: Profile): string[] {
  const lines: string[] = [];
  for (const file of extensionHostLogs(profile)) {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    text.forEach((line, i) => {
      if (!/\[error\]/.test(line)) return;
      const block = [line, ...text.slice(i + 1, i + 6).filter((l) => /^\s+at |^\s/.test(l))].join('\n');
      if (!expectedNoise.test(block)) lines.push(block);
    });
  }
  return lines;
}

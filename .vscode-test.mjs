// The integration suite (test/integration) with @vscode/test-cli, on machines that can
// download desktop VS Code: `npm run test:integration:electron`. On machines that
// cannot, `npm run test:integration` runs the same compiled suite in code-server.
// Before VS Code starts, this starts the emulator (demo seed, Azure AI Agents mode) and
// writes the demo connection into a fresh user-data folder's settings.
import { defineConfig } from '@vscode/test-cli';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(root, '.vscode-test', 'ard');
fs.rmSync(dataDir, { recursive: true, force: true });
const userDataDir = path.join(dataDir, 'user-data');
const workspaceDir = path.join(dataDir, 'workspace');
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.mkdirSync(workspaceDir, { recursive: true });

/** Starts the emulator CLI and resolves with the base URL from its first line. */
function startEmulator() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/cli.ts', '--port', '0', '--mode', 'azure', '--seed', 'demo'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Emulator listening on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code} before listening`)));
  });
}

const baseURL = await startEmulator();
const origin = new URL(baseURL).origin;
fs.writeFileSync(
  path.join(userDataDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': 'Default Dark Modern',
      'chat.disableAIFeatures': true,
      'agentRuns.connections': [
        { id: 'demo', name: 'Emulator (demo)', kind: 'azure-agents', baseUrl: baseURL, apiVersion: 'v1', auth: 'none' },
      ],
    },
    null,
    2,
  ),
);

// In name order, as the code-server runner loads them: activation.test.js must run
// before anything else activates the extension.
const testsDir = path.join(root, 'out', 'test', 'integration');
const files = fs.existsSync(testsDir)
  ? fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(testsDir, f))
  : [];

export default defineConfig({
  label: 'integration',
  files: files.length ? files : 'out/test/integration/*.test.js',
  extensionDevelopmentPath: root,
  workspaceFolder: workspaceDir,
  launchArgs: ['--user-data-dir', userDataDir, '--disable-extensions', '--disable-workspace-trust'],
  // The compiled tests run from out/: where test/fixtures is (test/fixtures/paths.ts).
  env: { ARD_EMULATOR_ORIGIN: origin, ARD_FIXTURES_DIR: path.join(root, 'test', 'fixtures') },
  mocha: { ui: 'bdd', timeout: 20_000, color: true },
});

// Where things are: the repository, the ignored artifacts folder, and the cached tools
// that scripts/setup.sh installed (Node 24, code-server, Chromium).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const artifactsDir = path.join(repoRoot, '.artifacts');
export const screenshotsDir = path.join(artifactsDir, 'screenshots');

export const EXTENSION_ID = 'agent-run-debugger.agent-run-debugger';
export const extensionVsix = path.join(repoRoot, 'dist', 'agent-run-debugger.vsix');

export interface Tools {
  /** Node 24 binary that code-server needs. */
  node24: string;
  /** code-server's CLI entry (run it with `node24`). */
  codeServer: string;
  codeServerVersion: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.ARD_CACHE_DIR || path.join(os.homedir(), '.cache', 'agent-run-debugger');
}

export function tools(): Tools {
  const file = path.join(cacheDir(), 'env.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`bash scripts/setup.sh\` first (it installs code-server, Node 24 and Chromium).`);
  }
  const t = JSON.parse(fs.readFileSync(file, 'utf8')) as Tools;
  for (const [name, p] of Object.entries({ node24: t.node24, codeServer: t.codeServer, chromium: t.chromium })) {
    if (!fs.existsSync(p)) throw new Error(`${name} (${p}) from ${file} is missing: run \`bash scripts/setup.sh\` again.`);
  }
  return t;
}

/** A fresh folder under .artifacts/<kind>/ (old runs of the same kind are removed). */
export function freshDir(kind: string): string {
  const dir = path.join(artifactsDir, kind);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

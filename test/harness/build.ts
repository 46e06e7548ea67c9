// Builds what the harness installs and runs: the extension's VSIX (npm run package),
// the test-runner extension's VSIX, and the compiled integration tests.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactsDir, extensionVsix, repoRoot } from './paths';
import { run } from './processes';

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function isFresh(output: string, inputs: string[]): boolean {
  return fs.existsSync(output) && fs.statSync(output).mtimeMs >= newestMtime(inputs);
}

const extensionInputs = ['src', 'media', 'l10n', 'package.json', 'package.nls.json', 'esbuild.mjs', 'scripts/extensionBundle.mjs', 'scripts/openaiUsedResourcesOnly.mjs', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'].map((p) => path.join(repoRoot, p));

/** dist/agent-run-debugger.vsix, rebuilt with `npm run package` when a source is newer. */
export async function ensureExtensionVsix(options: { force?: boolean } = {}): Promise<string> {
  if (options.force || !isFresh(extensionVsix, extensionInputs)) {
    console.log('[harness] npm run package');
    await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!fs.existsSync(extensionVsix)) throw new Error(`npm run package did not produce ${extensionVsix}`);
  return extensionVsix;
}

/** dist/webview.js (the run panel's script), rebuilt with `npm run build` (which also copies the codicons) when its sources are newer. */
export async function ensureWebviewBundle(): Promise<void> {
  const bundle = path.join(repoRoot, 'dist', 'webview.js');
  if (!isFresh(bundle, [path.join(repoRoot, 'src', 'webview'), path.join(repoRoot, 'src', 'shared')])) {
    await run('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

const runnerDir = path.join(repoRoot, 'test', 'runner');

/** .artifacts/build/ard-test-runner.vsix: the extension that runs the suite in the extension host. */
export async function ensureRunnerVsix(): Promise<string> {
  const out = path.join(artifactsDir, 'build', 'ard-test-runner.vsix');
  if (isFresh(out, [runnerDir])) return out;
  const stage = path.join(artifactsDir, 'build', 'runner');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(runnerDir, 'src', 'extension.ts')],
    outfile: path.join(stage, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(runnerDir, 'package.json'), path.join(stage, 'package.json'));
  fs.writeFileSync(path.join(stage, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(path.join(stage, 'README.md'), '# Agent Run Debugger test runner\n\nTest-only extension; see test/runner in the repository.\n');
  await run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], {
    cwd: stage,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

export const integrationOutDir = path.join(repoRoot, 'out', 'test', 'integration');

/** Integration test files under test/integration matching one of the folders given. */
export function integrationTestFiles(folders: string[]): string[] {
  const root = path.join(repoRoot, 'test', 'integration');
  return folders.flatMap((f) => {
    const dir = path.join(root, f);
    return fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((n) => n.endsWith('.test.ts')).sort().map((n) => path.join(dir, n))
      : [];
  });
}

/**
 * Compiles test files to out/test/integration/** (CommonJS, `vscode` external, one file
 * per test file with its helpers bundled in); the same output serves the code-server
 * runner and @vscode/test-cli (.vscode-test.mjs). Returns the compiled paths.
 */
export async function buildIntegrationTests(files: string[]): Promise<string[]> {
  // No stale output: @vscode/test-cli globs this folder.
  return compileHostTests(files, path.join(repoRoot, 'test', 'integration'), integrationOutDir);
}

/** Compiles test files that run inside the extension host (CommonJS, `vscode` and mocha external) into a clean `outDir`. */
export async function compileHostTests(files: string[], root: string, outDir: string): Promise<string[]> {
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files,
    outdir: outDir,
    outbase: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return files.map((f) => path.join(outDir, path.relative(root, f)).replace(/\.ts$/, '.js'));
}

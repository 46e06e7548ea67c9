// The activation floor: an extension that does nothing but load the `openai` client,
// the whole package bundled with the options of our production build (the floor of the
// bundle figure). Installed next to ours in the bench's extension host, it is activated
// through the same VS Code path, so the two calls are timed alike.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactsDir, repoRoot } from '../harness/paths';
import { run } from '../harness/processes';

/** Builds .artifacts/build/ard-openai-alone.vsix. */
export async function buildOpenaiAloneVsix(): Promise<string> {
  const stage = path.join(artifactsDir, 'build', 'openai-alone');
  const out = path.join(artifactsDir, 'build', 'ard-openai-alone.vsix');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  const file = pathToFileURL(path.join(repoRoot, 'scripts', 'extensionBundle.mjs')).href;
  const { extensionBundle } = (await import(file)) as { extensionBundle: esbuild.BuildOptions };
  await esbuild.build({
    ...extensionBundle,
    entryPoints: undefined,
    plugins: [],
    minify: true,
    absWorkingDir: repoRoot,
    logLevel: 'error',
    stdin: { contents: "const openai = require('openai');\nexports.activate = () => openai;", resolveDir: repoRoot, loader: 'js' },
    outfile: path.join(stage, 'extension.js'),
  });
  const manifest = {
    name: 'ard-openai-alone', // publisher.name is openaiAloneId in test/bench/host/kit.ts
    displayName: 'openai client alone (bench floor)',
    description: 'Bench-only extension: loads the openai package bundled alone when activated.',
    version: '0.0.1',
    publisher: 'agent-run-debugger',
    license: 'Apache-2.0',
    private: true,
    engines: { vscode: '^1.101.0' },
    activationEvents: [],
    main: './extension.js',
  };
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.copyFileSync(path.join(repoRoot, 'node_modules', 'openai', 'LICENSE'), path.join(stage, 'LICENSE'));
  fs.writeFileSync(path.join(stage, 'README.md'), '# openai client alone\n\nBench-only extension; see test/bench/openaiAlone.ts in the repository.\n');
  await run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

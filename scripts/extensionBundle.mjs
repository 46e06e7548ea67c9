// How the extension bundle is built, shared by esbuild.mjs (the build) and
// scripts/bench.ts (which measures exactly what ships).
import { schemaValidators } from './schemaValidators.mjs';
import { openaiUsedResourcesOnly } from './openaiUsedResourcesOnly.mjs';

/** @type {import('esbuild').BuildOptions} */
export const extensionBundle = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['vscode'],
  mainFields: ['module', 'main'],
  legalComments: 'none',
  plugins: [openaiUsedResourcesOnly, schemaValidators],
};

// Builds the two bundles: the extension (Node, CommonJS, `vscode` external) and the
// run panel's webview script (browser, IIFE). Type-checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { extensionBundle } from './scripts/extensionBundle.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the problem-matcher format VS Code's esbuild watchers understand. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    ...extensionBundle,
    outfile: 'dist/extension.js',
    metafile: true,
    plugins: [problemMatcher, ...extensionBundle.plugins],
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  }),
]);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

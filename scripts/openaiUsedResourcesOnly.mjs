import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// An esbuild plugin for the extension bundle.
//
// The `openai` client constructs every API family (chat, responses, audio, …) in its
// constructor, so a bundler cannot drop them; the extension only calls beta.threads,
// responses and conversations. This plugin replaces the other families' modules with
// empty classes of the same export names (the kept ones import nothing from them: core,
// internal, lib/AssistantStream, lib/ResponsesParser, lib/responses, shared and
// assistants only; internal/responses too). The integration suite exercises the bundled client.
const openaiResources = path.join(path.dirname(createRequire(import.meta.url).resolve('openai')), 'resources');
const keptResources = [
  /^index\.mjs$/,
  /^shared\.mjs$/,
  /^beta\/(beta|index|assistants)\.mjs$/,
  /^beta\/threads\//,
  // responses.retrieve / cancel / inputItems.list and conversations.retrieve / items.list.
  /^responses\/(responses|input-items)\.mjs$/,
  /^conversations\/(conversations|items)\.mjs$/,
];
export const openaiUsedResourcesOnly = {
  name: 'openai-used-resources-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(openaiResources) && !args.importer.startsWith(path.dirname(openaiResources))) return undefined;
      const file = path.resolve(args.resolveDir, args.path);
      const relative = path.relative(openaiResources, file).split(path.sep).join('/');
      if (relative.startsWith('..') || !relative.endsWith('.mjs')) return undefined;
      if (keptResources.some((kept) => kept.test(relative))) return undefined;
      return { path: file, namespace: 'openai-unused' };
    });
    build.onLoad({ filter: /.*/, namespace: 'openai-unused' }, async (args) => {
      // Same export names as the real module, each an inert class.
      const probe = await esbuild.build({ entryPoints: [args.path], bundle: true, format: 'esm', write: false, metafile: true, logLevel: 'silent', platform: 'node' });
      const names = Object.values(probe.metafile.outputs)[0].exports;
      const contents = names.map((name) => `export class ${name} { constructor(client) { this._client = client; } }`).join('\n');
      return { contents, loader: 'js' };
    });
  },
};


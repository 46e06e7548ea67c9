// The JSON Schemas in media/ compiled at build time into plain validation functions
// (ajv's standalone code), so the extension ships the checks and not ajv's compiler:
// - `import('agent-runs:fork-validators')` gives `{ responses, assistants }`, the fork
//   documents' schemas (media/*-fork.schema.json), every error reported;
// - `import('agent-runs:export-validators')` gives `{ exportFile }`, the export format
//   (media/export.schema.json), stopping at the first error (the path an archive names).
// Each is a function with `.errors` like a compiled ajv validator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (name) => JSON.parse(fs.readFileSync(path.join(root, 'media', name), 'utf8'));

/** Compiles schemas into one module that exports each under its name. */
function compiled(files, allErrors) {
  // Definitions used in several places become one function each, not a copy at every use.
  const ajv = new Ajv({ allErrors, strict: false, inlineRefs: false, code: { source: true } });
  const names = {};
  for (const [name, file] of Object.entries(files)) {
    const schema = read(file);
    ajv.addSchema(schema);
    names[name] = schema.$id;
  }
  return standaloneCode(ajv, names);
}

const modules = {
  'agent-runs:fork-validators': { files: { responses: 'response-fork.schema.json', assistants: 'run-fork.schema.json' }, allErrors: true },
  'agent-runs:export-validators': { files: { exportFile: 'export.schema.json' }, allErrors: false },
};

/** The same options the unit tests compile the schemas with. */
export function forkValidatorsSource() {
  const { files, allErrors } = modules['agent-runs:fork-validators'];
  return compiled(files, allErrors);
}

export function exportValidatorsSource() {
  const { files, allErrors } = modules['agent-runs:export-validators'];
  return compiled(files, allErrors);
}

/** @type {import('esbuild').Plugin} */
export const schemaValidators = {
  name: 'schema-validators',
  setup(build) {
    build.onResolve({ filter: /^agent-runs:(fork|export)-validators$/ }, (args) => ({ path: args.path, namespace: 'schema-validators' }));
    build.onLoad({ filter: /.*/, namespace: 'schema-validators' }, (args) => {
      const { files, allErrors } = modules[args.path];
      return {
        contents: compiled(files, allErrors),
        loader: 'js',
        // ajv's small runtime helpers (string length, deep equality) resolve from here.
        resolveDir: root,
        watchFiles: Object.values(files).map((f) => path.join(root, 'media', f)),
      };
    });
  },
};

// The fork documents' JSON Schemas (media/*-fork.schema.json) compiled at build time into
// plain validation functions (ajv's standalone code), so the extension ships the checks
// and not ajv's compiler: `import('agent-runs:fork-validators')` gives `{ responses,
// assistants }`, each a function with `.errors` like a compiled ajv validator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const moduleId = 'agent-runs:fork-validators';

/** The same options the unit tests compile the schemas with. */
export function forkValidatorsSource() {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
  const read = (name) => JSON.parse(fs.readFileSync(path.join(root, 'media', name), 'utf8'));
  const responses = read('response-fork.schema.json');
  const assistants = read('run-fork.schema.json');
  ajv.addSchema(responses).addSchema(assistants);
  // Export names to the schemas' $id.
  return standaloneCode(ajv, { responses: responses.$id, assistants: assistants.$id });
}

/** @type {import('esbuild').Plugin} */
export const forkValidators = {
  name: 'fork-validators',
  setup(build) {
    build.onResolve({ filter: /^agent-runs:fork-validators$/ }, () => ({ path: moduleId, namespace: 'fork-validators' }));
    build.onLoad({ filter: /.*/, namespace: 'fork-validators' }, () => ({
      contents: forkValidatorsSource(),
      loader: 'js',
      // ajv's small runtime helpers (string length, deep equality) resolve from here.
      resolveDir: root,
      watchFiles: ['response-fork.schema.json', 'run-fork.schema.json'].map((f) => path.join(root, 'media', f)),
    }));
  },
};

// The validators the bundle ships (ajv standalone code, compiled from media/*.schema.json
// at build time by scripts/schemaValidators.mjs), loaded for tests and figures exactly as
// the build makes them: written beside the repository's node_modules, where their
// requires of ajv's runtime helpers resolve.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

export async function shippedValidators<T>(which: 'fork' | 'export'): Promise<T> {
  const script = '../../scripts/schemaValidators.mjs';
  const module = (await import(script)) as Record<'forkValidatorsSource' | 'exportValidatorsSource', () => string>;
  const source = which === 'fork' ? module.forkValidatorsSource() : module.exportValidatorsSource();
  const dir = path.join(root, '.artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(fs.mkdtempSync(path.join(dir, `${which}-validators-`)), 'validators.cjs');
  fs.writeFileSync(file, source);
  return createRequire(__filename)(file) as T;
}

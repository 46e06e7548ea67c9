// Copies the codicon font and stylesheet from @vscode/codicons into media/codicons/, so
// the VSIX carries them (the panel never loads anything from node_modules at run time).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'node_modules', '@vscode', 'codicons', 'dist');
const to = path.join(root, 'media', 'codicons');
fs.mkdirSync(to, { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  const source = path.join(from, file);
  const target = path.join(to, file);
  if (!fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(source).mtimeMs) fs.copyFileSync(source, target);
}

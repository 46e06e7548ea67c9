// A fresh clone in any folder is the whole project: no test or script may read a file
// outside the repository (the shared specs and recordings are copied into test/fixtures/).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..');
const scanned = ['test', 'scripts', '.ci', 'package.json', 'esbuild.mjs'];
const skippedDirs = new Set(['node_modules', 'fixtures', '.artifacts', 'dist', 'out']);

function filesUnder(rel: string): string[] {
  const abs = path.join(repoRoot, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return skippedDirs.has(e.name) ? [] : filesUnder(path.join(rel, e.name));
    return /\.(ts|mts|mjs|js|cjs|sh|json)$|^run$/.test(e.name) ? [path.join(rel, e.name)] : [];
  });
}

/** Each place in `text` (a file at `rel`) that names a path outside the repository. */
export function outsidePaths(rel: string, text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  const depth = rel.split(/[\\/]/).length - 1; // folders between the repository root and the file
  lines.forEach((line, i) => {
    const at = `${rel}:${i + 1}`;
    if (/ARD_SHA[R]ED_DIR/.test(line)) found.push(`${at} reads the old shared-folder variable`);
    // Absolute paths into the workplace or a home folder (system tools such as /usr/bin/chromium are fine).
    for (const m of line.matchAll(/['"`](\/(?:work|home|root)\/[^'"`]*)/g)) found.push(`${at} names ${m[1]}`);
    // Relative paths that climb out of the repository into the shared folder beside it.
    if (/(?:^|['"`\s=(])(?:\.\.\/)+shared\b/.test(line)) found.push(`${at} names ../shared`);
    // path.join/resolve(__dirname, '..', …) with more '..' than the file is deep.
    for (const m of line.matchAll(/path\.(?:join|resolve)\(\s*(?:__dirname|import\.meta\.dirname)((?:\s*,\s*'\.\.')+)/g)) {
      const ups = (m[1].match(/'\.\.'/g) ?? []).length;
      if (ups > depth) found.push(`${at} climbs ${ups} folders from a file ${depth} deep`);
    }
  });
  return found;
}

describe('the repository is the whole project', () => {
  it('no test or script names a path outside the repository', () => {
    const files = scanned.flatMap(filesUnder).filter((f) => f !== path.join('test', 'unit', 'selfContained.test.ts'));
    assert.ok(files.length > 100, `scanned ${files.length} files`);
    const problems = files.flatMap((f) => outsidePaths(f, fs.readFileSync(path.join(repoRoot, f), 'utf8')));
    assert.deepEqual(problems, []);
  });

  it('the scanner finds each way a file could leave the repository', () => {
    // Samples are assembled from parts so that this file does not itself name them.
    const sh = ['sha', 'red'].join('');
    assert.equal(outsidePaths('test/unit/x.test.ts', `const d = '/work/${sh}/fixtures/recorded';`).length, 1);
    assert.equal(outsidePaths('test/unit/x.test.ts', `const d = process.env.ARD_${sh.toUpperCase()}_DIR ?? 'x';`).length, 1);
    assert.equal(outsidePaths('test/unit/x.test.ts', `path.resolve(__dirname, '..', '..', '..', '${sh}')`).length, 1);
    assert.equal(outsidePaths('scripts/x.sh', `cp ../${sh}/spec/a.json .`).length, 1);
    assert.equal(outsidePaths('test/unit/x.test.ts', "path.resolve(__dirname, '..', '..')").length, 0);
    assert.equal(outsidePaths('test/unit/x.test.ts', "const chromium = '/usr/bin/chromium';").length, 0);
  });

  it('every fixtures folder says where its files come from, and under which license', () => {
    for (const dir of ['recorded/openai-dotnet', 'recorded/ruby-openai', 'recorded-responses', 'spec']) {
      const source = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', dir, 'SOURCE.md'), 'utf8');
      assert.match(source, /[0-9a-f]{40}/, `${dir}/SOURCE.md names a commit`);
      assert.match(source, /\bMIT\b/, `${dir}/SOURCE.md names the license`);
    }
    assert.ok(fs.existsSync(path.join(repoRoot, 'test', 'fixtures', 'LICENSES.md')));
  });
});

// The shape of src/ as its imports draw it (`import type` included: a type-only import
// still ties two files together for a reader and for the next refactoring): no import
// cycle anywhere, and the store and the model depend on nothing the user interface is
// made of, so data flows one way (api → model → store → views, panels).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const repoRoot = path.resolve(__dirname, '..', '..');
const srcRoot = path.join(repoRoot, 'src');

/** The module specifiers a TypeScript file imports or re-exports, type-only ones included. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Every .ts file under `dir`, as paths relative to the repository (with `/`). */
function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return tsFilesUnder(abs);
    return e.name.endsWith('.ts') ? [path.relative(repoRoot, abs).split(path.sep).join('/')] : [];
  });
}

/** The file a relative specifier names (`./x` → `x.ts`, `x/index.ts`, `./x.js` → `x.ts`). */
function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => files.has(c));
}

export interface ImportGraph {
  /** file → the files of src/ it imports. */
  edges: Map<string, string[]>;
  /** Relative imports that name no file (the walk would be blind to them). */
  unresolved: string[];
}

export function srcImportGraph(): ImportGraph {
  const files = tsFilesUnder(srcRoot);
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets: string[] = [];
    for (const specifier of importsOf(fs.readFileSync(path.join(repoRoot, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue; // packages and `vscode`
      const target = resolveImport(file, specifier, known);
      if (target) targets.push(target);
      else unresolved.push(`${file} → ${specifier}`);
    }
    edges.set(file, [...new Set(targets)]);
  }
  return { edges, unresolved };
}

export interface Cycle {
  /** A shortest way round, from the group's first file back to it. */
  path: string[];
  /** Every file in the group: each one reaches each other one. */
  files: string[];
}

/** One cycle per strongly connected group of files (Tarjan), shortest way round shown. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): Cycle[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (edges.get(node) ?? []).includes(node)) groups.push(group);
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);

  return groups
    .map((group) => {
      const members = new Set(group);
      const start = [...group].sort()[0]!;
      // Breadth-first inside the group, from `start` back to it.
      const previous = new Map<string, string>();
      const queue = [start];
      while (queue.length) {
        const node = queue.shift()!;
        for (const next of edges.get(node) ?? []) {
          if (!members.has(next)) continue;
          if (next === start) {
            const way: string[] = [];
            for (let at = node; at !== start; at = previous.get(at)!) way.unshift(at);
            return { path: [start, ...way, start], files: [...group].sort() };
          }
          if (!previous.has(next)) {
            previous.set(next, node);
            queue.push(next);
          }
        }
      }
      throw new Error(`no way back to ${start} in its own group`);
    })
    .sort((a, b) => a.path[0]!.localeCompare(b.path[0]!));
}

/** The part of src/ a file belongs to: its folder, or its own name at the top (`services`). */
function partOf(file: string): string {
  const [, first, second] = file.split('/');
  return second === undefined ? first!.replace(/\.ts$/, '') : first!;
}

/**
 * What the store and the model must not import: the user interface (tree, panels,
 * commands, editors, the webview's code) and the files that assemble it.
 */
const belowTheInterface = ['store', 'model'];
const theInterface = ['views', 'panels', 'commands', 'editors', 'webview', 'extension', 'services', 'coreServices'];

export function layerViolations(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [file, targets] of edges) {
    if (!belowTheInterface.includes(partOf(file))) continue;
    for (const target of targets) if (theInterface.includes(partOf(target))) found.push(`${file} imports ${target}`);
  }
  return found.sort();
}

describe('the import graph of src/', () => {
  const graph = srcImportGraph();

  it('is read whole: every relative import names a file, and known edges are there', () => {
    assert.deepEqual(graph.unresolved, []);
    assert.ok(graph.edges.size > 80, `${graph.edges.size} files`);
    // A type-only import and a value import, as the walk must see them.
    assert.ok(graph.edges.get('src/coreServices.ts')?.includes('src/store/runStore.ts'), 'coreServices.ts → store/runStore.ts (import type)');
    assert.ok(graph.edges.get('src/store/runStore.ts')?.includes('src/api/errors.ts'), 'store/runStore.ts → api/errors.ts');
  });

  it('has no import cycle, type-only imports included', () => {
    const cycles = findCycles(graph.edges).map((c) => `${c.path.join(' → ')} (${c.files.length} files in the ring: ${c.files.join(', ')})`);
    assert.deepEqual(cycles, []);
  });

  it('the store and the model import nothing from views, panels, commands, editors, the webview or the services hubs', () => {
    assert.deepEqual(layerViolations(graph.edges), []);
  });
});

describe('the import graph checks themselves', () => {
  it('see type-only imports, re-exports and dynamic imports', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B } from '../b';",
      "export type { C } from './c';",
      "export * from './d';",
      "import * as vscode from 'vscode';",
      "const e = await import('./e');",
    ].join('\n');
    assert.deepEqual(importsOf(text).sort(), ['../b', './a', './c', './d', './e', 'vscode']);
  });

  it('find a cycle through any number of files, and a file that imports itself', () => {
    const edges = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['a']],
      ['f', ['f']],
    ]);
    assert.deepEqual(findCycles(edges), [
      { path: ['a', 'b', 'c', 'a'], files: ['a', 'b', 'c'] },
      { path: ['f', 'f'], files: ['f'] },
    ]);
    assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), []);
  });

  it('find an import of the interface from the store or the model, and allow the way down', () => {
    const edges = new Map<string, string[]>([
      ['src/store/x.ts', ['src/views/tree.ts', 'src/api/errors.ts', 'src/model/run.ts']],
      ['src/model/y.ts', ['src/services.ts', 'src/editors/e.ts']],
      ['src/views/tree.ts', ['src/store/x.ts']],
    ]);
    assert.deepEqual(layerViolations(edges), ['src/model/y.ts imports src/editors/e.ts', 'src/model/y.ts imports src/services.ts', 'src/store/x.ts imports src/views/tree.ts']);
  });
});

// Where a tool's handler lives in the user's code: the definitions of a function name (and
// its snake_case / camelCase / PascalCase forms) in TypeScript/JavaScript and Python, and
// the tool schemas that declare `"name": "<function>"`. Pure (no vscode): line matchers,
// the name's forms, and the search over a source of files the vscode part provides.
// Names come from the service and are untrusted: every pattern built from one escapes it.

export type HandlerLanguage = 'script' | 'python' | 'json';

/** What a hit is: the code that runs, or a declaration of the tool the model sees. */
export type HandlerKind = 'definition' | 'schema';

/** Longest name searched (OpenAI allows 64 characters; MCP servers may allow more). */
export const maxHandlerNameLength = 256;

const scriptExtensions = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];
const pythonExtensions = ['py', 'pyi'];
const jsonExtensions = ['json', 'jsonc'];

/** The glob of the files searched (every extension `languageOf` knows). */
export const handlerFileGlob = `**/*.{${[...scriptExtensions, ...pythonExtensions, ...jsonExtensions].join(',')}}`;

/** The language of a file by its name; undefined for files the search skips (minified bundles, other kinds). */
export function languageOf(path: string): HandlerLanguage | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/\.min\.[cm]?js$/.test(base)) return undefined;
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  if (scriptExtensions.includes(ext)) return 'script';
  if (pythonExtensions.includes(ext)) return 'python';
  if (jsonExtensions.includes(ext)) return 'json';
  return undefined;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The words of a name: `get_weather`, `getWeather`, `GetWeather`, `get-weather` → get, weather. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const capitalized = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/**
 * The identifiers code may define a tool's handler under: the name itself first, then its
 * snake_case, camelCase and PascalCase forms (each once; only those that are identifiers).
 */
export function nameForms(name: string): string[] {
  const words = wordsOf(name);
  const forms = [name];
  if (words.length) {
    forms.push(words.join('_'), words[0] + words.slice(1).map(capitalized).join(''), words.map(capitalized).join(''));
  }
  return [...new Set(forms)].filter((f) => identifier.test(f));
}

/** One place in a file. Lines and columns are 0-based; `column`/`length` cover the name. */
export interface LineHit {
  line: number;
  column: number;
  length: number;
  kind: HandlerKind;
  /** The form found (the name itself for a schema). */
  form: string;
  /** The form is the name as the model called it. */
  exact: boolean;
  /** The line's text. */
  text: string;
}

const modifiers = '(?:export|default|public|private|protected|static|async|override|readonly|abstract|declare|get|set)';

interface FormPatterns {
  form: string;
  exact: boolean;
  script: RegExp[];
  /** `name(` at the start of a line: a method when its parameters are followed by a body. */
  methodStart: RegExp;
  python: RegExp[];
}

function formPatterns(form: string, exact: boolean): FormPatterns {
  const f = escapeRegExp(form);
  const word = `(?<![\\w$])${f}(?![\\w$])`;
  const key = `(?:${word}|(?<q>["'])${f}\\k<q>)`;
  return {
    form,
    exact,
    script: [
      // function name(…), async function* name<T>(…), export default function name(…)
      new RegExp(`\\bfunction\\s*\\*?\\s*${word}\\s*[<(]`),
      // const name = (…) => …, = async …, = function …, = tool({…}) (a wrapper that makes one)
      new RegExp(`\\b(?:const|let|var)\\s+${word}\\s*(?::[^=]+)?=(?![=>])\\s*(?:async\\b|function\\b|\\(|[A-Za-z_$][\\w$]*\\s*=>|[A-Za-z_$][\\w$.]*\\s*(?:<[^>]*>)?\\()`),
      new RegExp(`\\bclass\\s+${word}`),
      // name: (…) => …, name = async (…) => …, 'name': function … (object literals, class fields)
      new RegExp(`(?<![\\w$.])${key}\\s*(?:[:]|=(?![=>]))\\s*(?:async\\b|function\\b|\\(.*=>|[A-Za-z_$][\\w$]*\\s*=>)`),
    ],
    methodStart: new RegExp(`^\\s*((?:${modifiers}\\s+)*)\\*?\\s*${key}\\s*(?:<[^>]*>)?\\s*\\(`),
    python: [
      new RegExp(`^\\s*(?:async\\s+)?def\\s+${word}\\s*[[(]`),
      new RegExp(`^\\s*class\\s+${word}\\s*[(:[]`),
      // get_weather = FunctionTool(…) or = lambda …, at module level.
      new RegExp(`^${word}\\s*(?::[^=]+)?=(?!=)\\s*(?:lambda\\b|[A-Za-z_][\\w.]*\\s*\\()`),
    ],
  };
}

function schemaPatterns(name: string): RegExp[] {
  const n = escapeRegExp(name);
  return [
    // "name": "x", name: 'x', name="x", 'name': "x", name_override="x"
    new RegExp(`(?<![\\w$])["']?(?:name|name_override)["']?\\s*(?::|=(?!=))\\s*(["'\`])${n}\\1`),
    // @tool("x"), @function_tool('x')
    new RegExp(`^\\s*@[A-Za-z_][\\w.]*\\(\\s*(["'])${n}\\1`),
    // server.tool("x", …), server.registerTool('x', …) (MCP servers)
    new RegExp(`\\.(?:tool|registerTool|addTool)\\(\\s*(["'\`])${n}\\1`),
  ];
}

/** The text after the `(` at `open` on line `index` up to its matching `)`, across at most 30 lines; undefined when unbalanced. */
function afterParameters(lines: readonly string[], index: number, open: number): string | undefined {
  let depth = 0;
  for (let i = index; i < lines.length && i < index + 30; i++) {
    const line = lines[i]!;
    for (let c = i === index ? open : 0; c < line.length; c++) {
      const ch = line[c];
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return line.slice(c + 1);
    }
  }
  return undefined;
}

const withoutComment = (text: string) => text.replace(/\s*\/\/.*$/, '').trimEnd();

/** Whether line `index` starts a method of `p.form`: modifiers, or parameters followed by a body. */
function isMethodStart(lines: readonly string[], index: number, p: FormPatterns): boolean {
  const line = lines[index]!;
  const m = p.methodStart.exec(line);
  if (!m) return false;
  const after = afterParameters(lines, index, m.index + m[0].length - 1);
  // `name(a) {` and `name(a): T {` are bodies; `name(a);`, `name(a).then(…)` are calls.
  if (after !== undefined && /^\s*(?::[^{;=]*)?\{/.test(withoutComment(after))) return true;
  return /\b(?:async|static|public|private|protected|override|get|set|abstract)\b/.test(m[1] ?? '') && after !== undefined && !/^\s*[.=]/.test(after);
}

/** Where the name sits in a line a pattern matched (the first whole-word occurrence). */
function nameColumn(text: string, name: string): number {
  const pattern = new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`);
  return Math.max(0, pattern.exec(text)?.index ?? text.indexOf(name));
}

/**
 * Every definition of `forms` and every schema declaring `name` in a file's text.
 * `forms` as `nameForms(name)` returns them (the name itself first when it is an identifier).
 */
export function scanText(text: string, language: HandlerLanguage, name: string, forms: readonly string[]): LineHit[] {
  // Most files name none of them: one substring test each instead of a pattern per line.
  if (!forms.some((f) => text.includes(f)) && !text.includes(name)) return [];
  const lines = text.split(/\r?\n/);
  const perForm = language === 'json' ? [] : forms.map((f) => formPatterns(f, f === name));
  const schemas = schemaPatterns(name);
  const hits: LineHit[] = [];
  lines.forEach((line, index) => {
    for (const p of perForm) {
      if (!line.includes(p.form)) continue;
      const found =
        language === 'python'
          ? p.python.some((r) => r.test(line))
          : p.script.some((r, i) => r.test(line) && !(i === 3 && isTypeMember(line))) || isMethodStart(lines, index, p);
      if (found) {
        hits.push({ line: index, column: nameColumn(line, p.form), length: p.form.length, kind: 'definition', form: p.form, exact: p.exact, text: line });
        return;
      }
    }
    if (line.includes(name) && schemas.some((r) => r.test(line))) {
      hits.push({ line: index, column: quotedColumn(line, name), length: name.length, kind: 'schema', form: name, exact: true, text: line });
    }
  });
  return hits;
}

/** Where `name` sits inside quotes in a line. */
function quotedColumn(text: string, name: string): number {
  for (const q of ['"', "'", '`']) {
    const at = text.indexOf(`${q}${name}${q}`);
    if (at >= 0) return at + 1;
  }
  return nameColumn(text, name);
}

/** `name: (a: A) => B;` in an interface or type: a signature, not code. */
function isTypeMember(line: string): boolean {
  return /^\s*[\w$'"]+\??\s*:/.test(line) && withoutComment(line).endsWith(';');
}

// ── the search ────────────────────────────────────────────────────────────────

export interface HandlerFile {
  /** The file's identity (a URI string). */
  id: string;
  /** Shown to the user: the path relative to its workspace folder. */
  path: string;
}

export interface HandlerHit extends LineHit {
  file: HandlerFile;
  /** Found by reading the file, or named by a workspace symbol provider. */
  source: 'scan' | 'symbols';
}

/** A definition a workspace symbol provider named. */
export interface SymbolHit {
  file: HandlerFile;
  name: string;
  /** The lines its declaration spans (0-based). */
  line: number;
  endLine: number;
}

export interface HandlerSource {
  /** The files to read; `truncated` when there were more than the search reads. */
  files(): Promise<{ files: HandlerFile[]; truncated: boolean }>;
  /** A file's text; undefined when it is too large, not text, or unreadable. */
  read(file: HandlerFile): Promise<string | undefined>;
  /** Definitions named by workspace symbol providers (none when none answers). */
  symbols(forms: readonly string[]): Promise<SymbolHit[]>;
  isCancelled(): boolean;
  /** Called as files are read. */
  progress?(read: number, total: number): void;
}

export interface HandlerSearch {
  name: string;
  forms: string[];
  hits: HandlerHit[];
  /** Files read. */
  searched: number;
  /** There were more files than the search reads. */
  truncated: boolean;
  cancelled: boolean;
}

/** Definitions before schemas; the name as called before its other forms; then by file and line. */
export function rankHits(hits: readonly HandlerHit[], forms: readonly string[]): HandlerHit[] {
  const formIndex = (h: HandlerHit) => {
    const i = forms.indexOf(h.form);
    return i < 0 ? forms.length : i;
  };
  return [...hits].sort(
    (a, b) =>
      Number(a.kind === 'schema') - Number(b.kind === 'schema') ||
      Number(!a.exact) - Number(!b.exact) ||
      formIndex(a) - formIndex(b) ||
      (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0) ||
      a.line - b.line,
  );
}

const readBatch = 16;

/** Reads the source's files for `name`, merges what symbol providers named, and ranks the hits. */
export async function findHandlers(name: string, source: HandlerSource): Promise<HandlerSearch> {
  const forms = nameForms(name);
  const symbolsAsked = source.symbols(forms).catch(() => [] as SymbolHit[]);
  const { files, truncated } = await source.files();
  const hits: HandlerHit[] = [];
  const texts = new Map<string, string>();
  let searched = 0;
  for (let i = 0; i < files.length && !source.isCancelled(); i += readBatch) {
    const batch = files.slice(i, i + readBatch);
    const read = await Promise.all(batch.map((f) => source.read(f).catch(() => undefined)));
    batch.forEach((file, j) => {
      const text = read[j];
      const language = languageOf(file.path);
      if (text === undefined || !language) return;
      searched++;
      const found = scanText(text, language, name, forms);
      if (found.length) texts.set(file.id, text);
      for (const hit of found) hits.push({ ...hit, file, source: 'scan' });
    });
    source.progress?.(Math.min(i + readBatch, files.length), files.length);
  }
  const cancelled = source.isCancelled();
  for (const symbol of await symbolsAsked) {
    if (cancelled || !forms.includes(symbol.name)) continue;
    // The declaration the scan found already (a provider's range spans the whole of it).
    if (hits.some((h) => h.file.id === symbol.file.id && h.kind === 'definition' && h.line >= symbol.line && h.line <= Math.max(symbol.line, symbol.endLine))) continue;
    if (hits.some((h) => h.file.id === symbol.file.id && h.line === symbol.line)) continue;
    const text = texts.get(symbol.file.id) ?? (await source.read(symbol.file).catch(() => undefined));
    const line = text?.split(/\r?\n/)[symbol.line] ?? '';
    hits.push({ line: symbol.line, column: nameColumn(line, symbol.name), length: symbol.name.length, kind: 'definition', form: symbol.name, exact: symbol.name === name, text: line, file: symbol.file, source: 'symbols' });
  }
  return { name, forms, hits: rankHits(hits, forms), searched, truncated, cancelled };
}

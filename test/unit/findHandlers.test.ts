// Go to Handler's search, without VS Code: the forms of a name, the line matchers of each
// language (and what they must not count), ranking, and the search over the fixture
// workspace (test/fixtures/handlers-workspace) read from disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findHandlers, languageOf, nameForms, scanText, type HandlerFile, type HandlerLanguage, type HandlerSource, type SymbolHit } from '../../src/handlers/findHandlers';
import { handlersWorkspaceDir } from '../fixtures/paths';

/** The definitions (line text, trimmed) a scan finds in `text`. */
function definitions(text: string, language: HandlerLanguage, name: string): string[] {
  return scanText(text, language, name, nameForms(name)).filter((h) => h.kind === 'definition').map((h) => h.text.trim());
}
function schemas(text: string, language: HandlerLanguage, name: string): string[] {
  return scanText(text, language, name, nameForms(name)).filter((h) => h.kind === 'schema').map((h) => h.text.trim());
}

describe('handler name forms', () => {
  it('gives the name as called first, then its snake_case, camelCase and PascalCase forms, once each', () => {
    assert.deepEqual(nameForms('get_weather'), ['get_weather', 'getWeather', 'GetWeather']);
    assert.deepEqual(nameForms('getWeather'), ['getWeather', 'get_weather', 'GetWeather']);
    assert.deepEqual(nameForms('GetWeather'), ['GetWeather', 'get_weather', 'getWeather']);
    assert.deepEqual(nameForms('get-weather'), ['get_weather', 'getWeather', 'GetWeather']);
    assert.deepEqual(nameForms('lookupHTTPStatus'), ['lookupHTTPStatus', 'lookup_http_status', 'lookupHttpStatus', 'LookupHttpStatus']);
    assert.deepEqual(nameForms('get_v2_data'), ['get_v2_data', 'getV2Data', 'GetV2Data']);
    assert.deepEqual(nameForms('roll'), ['roll', 'Roll']);
  });

  it('keeps only identifiers: a name with other characters is searched in schemas only', () => {
    assert.deepEqual(nameForms('weather.get'), ['weather_get', 'weatherGet', 'WeatherGet']);
    assert.deepEqual(nameForms('+++'), []);
  });

  it('knows the languages by extension and skips minified bundles', () => {
    assert.equal(languageOf('src/tools.ts'), 'script');
    assert.equal(languageOf('src/tools.mjs'), 'script');
    assert.equal(languageOf('agent/tools.py'), 'python');
    assert.equal(languageOf('tools.json'), 'json');
    assert.equal(languageOf('dist/app.min.js'), undefined);
    assert.equal(languageOf('README.md'), undefined);
  });
});

describe('handler line matchers', () => {
  it('TypeScript/JavaScript: function declarations, exported and async ones, in each form', () => {
    const text = [
      'export async function getWeather(args: { city: string }) {',
      'function get_weather(city) {',
      'export default function* GetWeather<T>(x: T) {',
    ].join('\n');
    assert.deepEqual(definitions(text, 'script', 'get_weather'), text.split('\n'));
  });

  it('TypeScript/JavaScript: const arrows, function expressions and tool(...) wrappers', () => {
    const text = [
      'export const getWeather = async ({ city }: Args): Promise<string> => {',
      'const get_weather = function (city) {',
      'let getWeather: Handler = (args) => fetchWeather(args);',
      'export const getWeather = tool({ description: "weather", execute: async () => "sun" });',
      'var getWeather = city => city;',
    ].join('\n');
    assert.deepEqual(definitions(text, 'script', 'get_weather'), text.split('\n'));
  });

  it('TypeScript/JavaScript: methods of classes and object literals, class fields, quoted keys', () => {
    const text = [
      'class Tools {',
      '  async getWeather(city: string): Promise<string> {',
      '  static get_weather(city) {',
      '  private getWeather = async (city: string) => {',
      '  getWeather(',
      '    city: string,',
      '  ): string {',
      '}',
      'const handlers = {',
      '  get_weather: async ({ city }) => `sun in ${city}`,',
      "  'get_weather': function (args) {",
      '  getWeather({ city }) { return city; },',
      '};',
    ].join('\n');
    assert.deepEqual(definitions(text, 'script', 'get_weather'), [
      'async getWeather(city: string): Promise<string> {',
      'static get_weather(city) {',
      'private getWeather = async (city: string) => {',
      'getWeather(',
      'get_weather: async ({ city }) => `sun in ${city}`,',
      "'get_weather': function (args) {",
      'getWeather({ city }) { return city; },',
    ]);
  });

  it('TypeScript/JavaScript: calls, imports, references and type signatures are not definitions', () => {
    const text = [
      "import { getWeather } from './tools';",
      'getWeather(city);',
      '  await getWeather({ city });',
      '  return get_weather(args);',
      'getWeather(city).then((x) => {',
      'const result = getWeather(city);',
      '  get_weather: getWeatherImpl,',
      '  getWeather: (args: Args) => Promise<string>;',
      "if (call.name === 'get_weather') return getWeather(args);",
      'getWeather = undefined;',
      'tools.getWeather = other;',
    ].join('\n');
    assert.deepEqual(definitions(text, 'script', 'get_weather'), []);
  });

  it('a name that is the start of a longer one is not that name (get_weather vs get_weather_forecast)', () => {
    const script = ['export function getWeatherForecast(city) {', 'const get_weather_v2 = () => 1;', 'class GetWeatherTool {', 'function $getWeather() {'].join('\n');
    assert.deepEqual(definitions(script, 'script', 'get_weather'), []);
    const python = ['def get_weather_forecast(city):', 'def xget_weather(city):', 'class GetWeatherTool(BaseTool):'].join('\n');
    assert.deepEqual(definitions(python, 'python', 'get_weather'), []);
    assert.deepEqual(schemas('{"name": "get_weather_forecast"}', 'json', 'get_weather'), []);
  });

  it('Python: def, async def, classes and module-level tool objects', () => {
    const text = [
      'def get_weather(city: str) -> str:',
      '    async def get_weather(self, city):',
      'class GetWeather(BaseModel):',
      'get_weather = FunctionTool(name="weather", fn=weather)',
      'getWeather = lambda city: city',
    ].join('\n');
    assert.deepEqual(definitions(text, 'python', 'get_weather'), text.split('\n').map((l) => l.trim()));
  });

  it('Python: calls, imports and comparisons are not definitions', () => {
    const text = [
      'from .tools import get_weather',
      'return get_weather(**args)',
      'result = await get_weather(city)',
      'if name == "get_weather":',
      '    get_weather = cached',
      'print(get_weather)',
    ].join('\n');
    assert.deepEqual(definitions(text, 'python', 'get_weather'), []);
  });

  it('schemas: "name" in JSON, name: in TS/JS, name= and @tool("…") in Python, MCP server.tool("…")', () => {
    assert.deepEqual(schemas('{ "type": "function", "name": "get_weather" }', 'json', 'get_weather'), ['{ "type": "function", "name": "get_weather" }']);
    assert.deepEqual(schemas('  function: { name: \'get_weather\', parameters },', 'script', 'get_weather'), ["function: { name: 'get_weather', parameters },"]);
    assert.deepEqual(schemas('server.registerTool("get_weather", { inputSchema }, handler);', 'script', 'get_weather'), ['server.registerTool("get_weather", { inputSchema }, handler);']);
    const python = ['@tool("get_weather")', '@function_tool(name_override="get_weather")', 'FunctionTool(name="get_weather", fn=f)', "    'name': 'get_weather',", '    name = "get_weather"'].join('\n');
    assert.deepEqual(schemas(python, 'python', 'get_weather'), python.split('\n').map((l) => l.trim()));
  });

  it('schemas: comparisons and calls naming the tool are not schemas, and only the exact name counts', () => {
    const text = ["if (call.name === 'get_weather') {", 'if name == "get_weather":', "forward('get_weather', args);", '{"name": "getWeather"}', '"tool_name": "get_weather"'].join('\n');
    assert.deepEqual(schemas(text, 'script', 'get_weather'), []);
    assert.deepEqual(schemas(text, 'python', 'get_weather'), []);
  });

  it('a name with RegExp characters is matched literally (the service names it, not us)', () => {
    const name = 'get.weather(+)*';
    assert.deepEqual(schemas('{"name": "get.weather(+)*"}\n{"name": "getXweather(+)*"}', 'json', name), ['{"name": "get.weather(+)*"}']);
    assert.deepEqual(schemas('{"name": "getXweather((((("}', 'json', '[(('), []);
    // `$` is an identifier character in JavaScript and a RegExp anchor.
    assert.deepEqual(definitions('function $get$() {}\nfunction xget$() {}', 'script', '$get$'), ['function $get$() {}']);
  });

  it('reports the line and the column of the name, for the selection', () => {
    const [hit] = scanText('\n\nexport async function getWeather(a) {', 'script', 'get_weather', nameForms('get_weather'));
    assert.deepEqual([hit!.line, hit!.column, hit!.length, hit!.form, hit!.exact], [2, 22, 10, 'getWeather', false]);
    const [schema] = scanText('[\n  {"name": "get_weather"}\n]', 'json', 'get_weather', nameForms('get_weather'));
    assert.deepEqual([schema!.line, schema!.column, schema!.kind, schema!.exact], [1, 12, 'schema', true]);
  });
});

/** The fixture workspace as a handler source, read from disk. */
function fixtureSource(symbols: SymbolHit[] = []): HandlerSource & { asked: string[][] } {
  const files: HandlerFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (languageOf(e.name)) files.push({ id: abs, path: path.relative(handlersWorkspaceDir, abs).split(path.sep).join('/') });
    }
  };
  walk(handlersWorkspaceDir);
  const asked: string[][] = [];
  return {
    asked,
    files: async () => ({ files, truncated: false }),
    read: async (file) => fs.readFileSync(file.id, 'utf8'),
    symbols: async (forms) => {
      asked.push([...forms]);
      return symbols;
    },
    isCancelled: () => false,
  };
}

const lineOf = (file: string, text: string) => fs.readFileSync(path.join(handlersWorkspaceDir, file), 'utf8').split('\n').findIndex((l) => l.includes(text));

describe('handler search over the fixture workspace', () => {
  it('ranks definitions before schemas and the name as called before its other forms', async () => {
    const search = await findHandlers('get_weather', fixtureSource());
    assert.deepEqual(
      search.hits.map((h) => [h.file.path, h.line, h.kind, h.form]),
      [
        ['py-agent/agent/tools.py', lineOf('py-agent/agent/tools.py', 'def get_weather('), 'definition', 'get_weather'],
        ['ts-agent/src/tools.ts', lineOf('ts-agent/src/tools.ts', 'function getWeather('), 'definition', 'getWeather'],
        ['py-agent/tools.json', lineOf('py-agent/tools.json', '"name": "get_weather"'), 'schema', 'get_weather'],
        ['ts-agent/src/tools.ts', lineOf('ts-agent/src/tools.ts', "name: 'get_weather'"), 'schema', 'get_weather'],
      ],
    );
    assert.equal(search.searched, 7);
  });

  it('finds the one definition of lookup_order, not its calls', async () => {
    const search = await findHandlers('lookup_order', fixtureSource());
    assert.deepEqual(search.hits.map((h) => [h.file.path, h.line]), [['py-agent/agent/tools.py', lineOf('py-agent/agent/tools.py', 'async def lookup_order(')]]);
  });

  it('finds nothing for a tool the workspace does not have, and says which forms it searched', async () => {
    const search = await findHandlers('send_invoice', fixtureSource());
    assert.deepEqual(search.hits, []);
    assert.deepEqual(search.forms, ['send_invoice', 'sendInvoice', 'SendInvoice']);
  });

  it('merges what a symbol provider names: new places are added, places the scan found are not repeated, other names are dropped', async () => {
    const tools: HandlerFile = { id: path.join(handlersWorkspaceDir, 'ts-agent/src/tools.ts'), path: 'ts-agent/src/tools.ts' };
    const agent: HandlerFile = { id: path.join(handlersWorkspaceDir, 'ts-agent/src/agent.ts'), path: 'ts-agent/src/agent.ts' };
    const fn = lineOf('ts-agent/src/tools.ts', 'function getWeather(');
    const source = fixtureSource([
      // The scan found it: the provider's range spans the whole function, from the line above (a decorator or doc comment).
      { file: tools, name: 'getWeather', line: fn - 1, endLine: fn + 2 },
      // A fuzzy match of another name.
      { file: tools, name: 'getWeatherForecast', line: lineOf('ts-agent/src/tools.ts', 'getWeatherForecast('), endLine: 20 },
      // Something only the provider knows (here: a line the scan does not count).
      { file: agent, name: 'getWeather', line: 1, endLine: 1 },
    ]);
    const search = await findHandlers('get_weather', source);
    assert.deepEqual(source.asked, [['get_weather', 'getWeather', 'GetWeather']]);
    const fromSymbols = search.hits.filter((h) => h.source === 'symbols');
    assert.deepEqual(fromSymbols.map((h) => [h.file.path, h.line, h.kind, h.column]), [['ts-agent/src/agent.ts', 1, 'definition', 9]]);
    assert.equal(search.hits.length, 5);
    assert.equal(search.hits.filter((h) => h.file.path === 'ts-agent/src/tools.ts' && h.line === fn).length, 1);
  });

  it('stops reading when cancelled, and a provider that fails adds nothing', async () => {
    const source = fixtureSource();
    let reads = 0;
    const cancelled: HandlerSource = { ...source, read: async (f) => (reads++, source.read(f)), isCancelled: () => true, symbols: () => Promise.reject(new Error('no provider')) };
    const search = await findHandlers('get_weather', cancelled);
    assert.equal(reads, 0);
    assert.equal(search.cancelled, true);
    assert.deepEqual(search.hits, []);
    const failing = await findHandlers('lookup_order', { ...source, symbols: () => Promise.reject(new Error('no provider')) });
    assert.equal(failing.hits.length, 1);
  });
});

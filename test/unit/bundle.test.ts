// The extension bundle keeps only the parts of the openai client it uses (see
// scripts/openaiUsedResourcesOnly.mjs): the threads API still works through it, over HTTP.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, it } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
let server: http.Server;
let origin = '';
const seen: { method?: string; url?: string; beta?: string | string[] }[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, beta: req.headers['openai-beta'] });
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-request-id', 'req_bundle');
    if (req.url?.startsWith('/v1/threads/thread_1/runs/run_1/cancel')) return res.end(JSON.stringify({ id: 'run_1', object: 'thread.run', status: 'cancelling', thread_id: 'thread_1' }));
    if (req.url?.startsWith('/v1/threads/thread_1/runs')) return res.end(JSON.stringify({ object: 'list', data: [{ id: 'run_1' }], first_id: 'run_1', last_id: 'run_1', has_more: false }));
    res.end(JSON.stringify({ id: 'thread_1', object: 'thread', created_at: 1, metadata: {} }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('bundles a working threads client without the unused API families', async () => {
  // Loaded at run time: the plugin is an .mjs file of the build, not typed source.
  const { openaiUsedResourcesOnly } = (await import(path.join(root, 'scripts', 'openaiUsedResourcesOnly.mjs'))) as { openaiUsedResourcesOnly: esbuild.Plugin };
  const entry = `
    import OpenAI, { AzureOpenAI } from 'openai';
    export async function probe(baseURL) {
      const client = new OpenAI({ apiKey: 'k', baseURL, maxRetries: 0 });
      const thread = await client.beta.threads.retrieve('thread_1');
      const page = await client.beta.threads.runs.list('thread_1', { limit: 100 });
      const cancelled = await client.beta.threads.runs.cancel('run_1', { thread_id: 'thread_1' });
      const azure = new AzureOpenAI({ apiKey: 'k', endpoint: baseURL, apiVersion: 'v' });
      return { thread: thread.id, runs: page.data.map((r) => r.id), cancelled: cancelled.status, chatCreate: typeof client.chat.completions?.create, azure: typeof azure.beta.threads.retrieve };
    }`;
  const [withPlugin, without] = await Promise.all(
    [[openaiUsedResourcesOnly], []].map((plugins) =>
      esbuild.build({ stdin: { contents: entry, resolveDir: root, loader: 'js' }, bundle: true, minify: true, platform: 'node', format: 'cjs', write: false, mainFields: ['module', 'main'], plugins, logLevel: 'silent' }),
    ),
  );
  const small = withPlugin.outputFiles[0].text;
  const full = without.outputFiles[0].text;
  assert.ok(small.length < full.length * 0.7, `trimmed ${small.length} bytes vs ${full.length}`);

  const module = { exports: {} as { probe(baseURL: string): Promise<Record<string, unknown>> } };
  new Function('module', 'exports', 'require', small)(module, module.exports, require);
  const result = await module.exports.probe(`${origin}/v1`);
  assert.deepEqual(result, { thread: 'thread_1', runs: ['run_1'], cancelled: 'cancelling', chatCreate: 'undefined', azure: 'function' });
  assert.deepEqual(seen.map((s) => `${s.method} ${s.url?.split('?')[0]}`), ['GET /v1/threads/thread_1', 'GET /v1/threads/thread_1/runs', 'POST /v1/threads/thread_1/runs/run_1/cancel']);
  assert.ok(seen.every((s) => s.beta === 'assistants=v2'));
});

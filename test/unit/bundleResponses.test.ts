// The trimmed openai client in the extension bundle (scripts/openaiUsedResourcesOnly.mjs)
// keeps the Responses and Conversations calls the extension makes, working over HTTP,
// while the families it does not use stay inert.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, it } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
let server: http.Server;
let origin = '';
const seen: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${req.method} ${url.pathname}${url.searchParams.has('include[]') ? ' +include' : ''}`);
    res.setHeader('content-type', 'application/json');
    if (url.pathname.endsWith('/cancel')) return res.end(JSON.stringify({ id: 'resp_1', object: 'response', status: 'cancelled', output: [] }));
    if (url.pathname.endsWith('/items') || url.pathname.endsWith('/input_items')) return res.end(JSON.stringify({ object: 'list', data: [{ id: 'msg_1', type: 'message' }], first_id: 'msg_1', last_id: 'msg_1', has_more: false }));
    if (url.pathname.startsWith('/v1/conversations/')) return res.end(JSON.stringify({ id: 'conv_1', object: 'conversation', created_at: 1, metadata: {} }));
    res.end(JSON.stringify({ id: 'resp_1', object: 'response', status: 'completed', output: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('bundles working responses and conversations calls', async () => {
  const { openaiUsedResourcesOnly } = (await import(path.join(root, 'scripts', 'openaiUsedResourcesOnly.mjs'))) as { openaiUsedResourcesOnly: esbuild.Plugin };
  const entry = `
    import OpenAI from 'openai';
    export async function probe(baseURL) {
      const client = new OpenAI({ apiKey: 'k', baseURL, maxRetries: 0 });
      const response = await client.responses.retrieve('resp_1', { include: ['code_interpreter_call.outputs'] });
      const cancelled = await client.responses.cancel('resp_1');
      const inputs = await client.responses.inputItems.list('resp_1', { limit: 100 });
      const conversation = await client.conversations.retrieve('conv_1');
      const items = await client.conversations.items.list('conv_1', { limit: 100 });
      return { response: response.status, cancelled: cancelled.status, inputs: inputs.data.map((i) => i.id), conversation: conversation.id, items: items.data.map((i) => i.id), embeddings: typeof client.embeddings.create };
    }`;
  const result = await esbuild.build({ stdin: { contents: entry, resolveDir: root, loader: 'js' }, bundle: true, minify: true, platform: 'node', format: 'cjs', write: false, mainFields: ['module', 'main'], plugins: [openaiUsedResourcesOnly], logLevel: 'silent' });
  const module = { exports: {} as { probe(baseURL: string): Promise<Record<string, unknown>> } };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, require);
  assert.deepEqual(await module.exports.probe(`${origin}/v1`), { response: 'completed', cancelled: 'cancelled', inputs: ['msg_1'], conversation: 'conv_1', items: ['msg_1'], embeddings: 'undefined' });
  assert.deepEqual(seen, ['GET /v1/responses/resp_1 +include', 'POST /v1/responses/resp_1/cancel', 'GET /v1/responses/resp_1/input_items', 'GET /v1/conversations/conv_1', 'GET /v1/conversations/conv_1/items']);
});

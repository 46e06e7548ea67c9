// Which variable hands the proxy's URL to an app, and where the proxy forwards, per kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AzureOpenAI } from 'openai';
import type { Connection } from '../../src/api/connection';
import { captureUpstream, captureVariable } from '../../src/capture/captureEnvironment';

const proxy = 'http://127.0.0.1:4321/tok';
const conn = (c: Partial<Connection> & Pick<Connection, 'kind'>): Connection => ({ id: 'c', name: 'C', ...c });

test('OPENAI_BASE_URL for openai and openai-compatible', () => {
  assert.deepEqual(captureVariable(conn({ kind: 'openai' }), proxy), { kind: 'variable', name: 'OPENAI_BASE_URL', value: proxy });
  assert.deepEqual(captureVariable(conn({ kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1' }), proxy), { kind: 'variable', name: 'OPENAI_BASE_URL', value: proxy });
  assert.equal(captureUpstream(conn({ kind: 'openai' })), 'https://api.openai.com/v1');
  assert.equal(captureUpstream(conn({ kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1/' })), 'http://localhost:11434/v1');
});

test('AZURE_OPENAI_ENDPOINT for key-authenticated Azure OpenAI, and the client builds its URLs under the proxy', async () => {
  const c = conn({ kind: 'azure-openai', baseUrl: 'https://res.openai.azure.com/', auth: 'key' });
  const v = captureVariable(c, proxy);
  assert.deepEqual(v, { kind: 'variable', name: 'AZURE_OPENAI_ENDPOINT', value: proxy });
  assert.equal(captureUpstream(c), 'https://res.openai.azure.com');
  // What the app's client does with the variable: <proxy>/openai/… maps to <endpoint>/openai/…
  const saved = { endpoint: process.env.AZURE_OPENAI_ENDPOINT, base: process.env.OPENAI_BASE_URL };
  delete process.env.OPENAI_BASE_URL;
  process.env.AZURE_OPENAI_ENDPOINT = proxy;
  try {
    let seen = '';
    const client = new AzureOpenAI({ apiKey: 'k', apiVersion: '2025-04-01-preview', maxRetries: 0, fetch: async (url) => ((seen = String(url)), new Response('{"id":"thread_1","object":"thread"}', { headers: { 'content-type': 'application/json' } })) });
    await client.beta.threads.retrieve('thread_1');
    assert.equal(seen, `${proxy}/openai/threads/thread_1?api-version=2025-04-01-preview`);
  } finally {
    if (saved.endpoint === undefined) delete process.env.AZURE_OPENAI_ENDPOINT;
    else process.env.AZURE_OPENAI_ENDPOINT = saved.endpoint;
    if (saved.base !== undefined) process.env.OPENAI_BASE_URL = saved.base;
  }
});

test('none, with the reason, for Entra-authenticated Azure OpenAI and for Azure AI Agents', () => {
  assert.deepEqual(captureVariable(conn({ kind: 'azure-openai', baseUrl: 'https://res.openai.azure.com', auth: 'entra' }), proxy), { kind: 'none', reason: 'entraNeedsHttps' });
  assert.deepEqual(captureVariable(conn({ kind: 'azure-agents', baseUrl: 'https://r.services.ai.azure.com/api/projects/p' }), proxy), { kind: 'none', reason: 'noEndpointVariable' });
  assert.deepEqual(captureVariable(conn({ kind: 'azure-agents', auth: 'key' }), proxy), { kind: 'none', reason: 'noEndpointVariable' });
});

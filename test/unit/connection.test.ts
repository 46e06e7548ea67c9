import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiVersionOf, authOf, canListThreads, describeConnection, parseConnections, validateBaseUrl } from '../../src/api/connection';

describe('connection settings', () => {
  it('parses valid entries and reports bad ones without failing the rest', () => {
    const { connections, problems } = parseConnections([
      { id: 'a', name: 'OpenAI', kind: 'openai' },
      { id: 'b', name: 'Azure', kind: 'azure-agents', baseUrl: 'https://r.services.ai.azure.com/api/projects/p' },
      { id: 'c', name: 'Bad kind', kind: 'anthropic' },
      { id: 'a', name: 'Duplicate', kind: 'openai' },
      'not an object',
      { id: 'd', name: 'No kind' },
    ]);
    assert.deepEqual(connections.map((c) => c.id), ['a', 'b']);
    assert.equal(problems.length, 4);
    assert.match(problems[0], /connections\[2\]: kind/);
    assert.match(problems[1], /duplicate id "a"/);
  });

  it('ignores a setting that is not a list', () => {
    assert.deepEqual(parseConnections({ id: 'a' }).connections, []);
  });

  it('never keeps a key in the settings shape', () => {
    const { connections } = parseConnections([{ id: 'a', name: 'OpenAI', kind: 'openai', apiKey: 'sk-should-not-be-here' }]);
    assert.equal((connections[0] as Record<string, unknown>).apiKey, undefined);
  });

  it('defaults auth and api-version by kind', () => {
    assert.equal(authOf({ id: 'a', name: 'a', kind: 'azure-agents' }), 'entra');
    assert.equal(authOf({ id: 'a', name: 'a', kind: 'openai' }), 'key');
    assert.equal(authOf({ id: 'a', name: 'a', kind: 'openai-compatible' }), 'none');
    assert.equal(apiVersionOf({ id: 'a', name: 'a', kind: 'azure-agents' }), 'v1');
    assert.equal(apiVersionOf({ id: 'a', name: 'a', kind: 'azure-openai' }), '2025-04-01-preview');
    assert.equal(apiVersionOf({ id: 'a', name: 'a', kind: 'openai' }), undefined);
    assert.equal(canListThreads({ id: 'a', name: 'a', kind: 'azure-agents' }), true);
    assert.equal(canListThreads({ id: 'a', name: 'a', kind: 'openai' }), false);
  });

  it('validates URLs with a precise message', () => {
    assert.equal(validateBaseUrl('openai', ''), undefined);
    assert.match(validateBaseUrl('openai-compatible', '') ?? '', /Enter the service URL/);
    assert.match(validateBaseUrl('openai-compatible', 'localhost:8000') ?? '', /Use an http/);
    assert.match(validateBaseUrl('openai-compatible', 'not a url') ?? '', /is not a URL/);
    // The placeholder of a compatible server shows http://localhost…: the hint allows it.
    assert.match(validateBaseUrl('openai-compatible', 'not a url') ?? '', /http:\/\//);
    assert.match(validateBaseUrl('azure-agents', 'https://r.services.ai.azure.com/') ?? '', /ends in \/api\/projects\/<project>/);
    assert.equal(validateBaseUrl('azure-agents', 'https://r.services.ai.azure.com/api/projects/p'), undefined);
    assert.match(validateBaseUrl('azure-openai', 'https://r.openai.azure.com/?api-version=1') ?? '', /Leave out the query/);
  });

  it('describes a connection in one line', () => {
    assert.equal(describeConnection({ id: 'a', name: 'a', kind: 'openai' }), 'OpenAI · api.openai.com');
  });
});

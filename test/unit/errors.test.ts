import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { CutShortError, UserFacingError, isNotFound, toSentence } from '../../src/api/errors';
import { SchemaError } from '../../src/api/schemas';
import { forgetSecret, redact, registerSecret } from '../../src/util/redact';

function apiError(status: number, message: string, requestId = 'req_123'): APIError {
  return APIError.generate(status, { error: { message, type: 'invalid_request_error', param: null, code: null } }, undefined, new Headers({ 'x-request-id': requestId }));
}

describe('toSentence', () => {
  it('says what failed, the status, the service message and the request id', () => {
    const text = toSentence(apiError(400, 'Runs in status "expired" do not accept tool outputs.'), 'Couldn\'t submit tool outputs to run_1');
    assert.equal(text, 'Couldn\'t submit tool outputs to run_1: 400 bad request — Runs in status "expired" do not accept tool outputs. (request req_123)');
  });

  it('explains 401, 404 and 429', () => {
    // One "—" clause: the service's message; what to do comes after it as its own sentence.
    assert.equal(toSentence(apiError(401, 'Incorrect API key provided.')), '401 not authorized — Incorrect API key provided. Check the key or sign in again. (request req_123)');
    assert.equal(toSentence(apiError(401, '')), '401 not authorized. Check the key or sign in again. (request req_123)');
    assert.equal(toSentence(apiError(403, 'No access')).match(/—/g)?.length, 1);
    assert.match(toSentence(apiError(404, "No thread found with id 'thread_x'.")), /404 not found — No thread found with id 'thread_x'\./);
    assert.match(toSentence(apiError(429, 'Rate limit reached')), /429 rate limited/);
    assert.ok(isNotFound(apiError(404, 'x')));
  });

  it('describes connection failures and timeouts without a stack', () => {
    const refused = new APIConnectionError({ cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    assert.equal(toSentence(refused, 'Couldn\'t list runs'), "Couldn't list runs: could not reach the service (ECONNREFUSED). Check the URL and your network, then retry.");
    assert.match(toSentence(new APIConnectionTimeoutError()), /did not answer in time/);
  });

  it('leaves out what to do next when the caller says it (advice: false)', () => {
    const refused = new APIConnectionError({ cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    assert.equal(toSentence(refused, 'Couldn\'t continue', { advice: false }), "Couldn't continue: could not reach the service (ECONNRESET).");
    assert.equal(toSentence(new APIConnectionTimeoutError(), undefined, { advice: false }), 'the service did not answer in time (request timed out).');
    assert.equal(toSentence(new CutShortError('terminated')), 'the connection closed before the whole answer arrived (terminated); try again.');
    assert.equal(toSentence(new CutShortError('terminated'), undefined, { advice: false }), 'the connection closed before the whole answer arrived (terminated).');
    assert.equal(toSentence(apiError(429, 'Slow down'), undefined, { advice: false }), '429 rate limited — Slow down. (request req_123)');
    for (const e of [refused, new APIConnectionTimeoutError(), new CutShortError('x'), apiError(429, 'x'), apiError(401, 'x')]) {
      assert.doesNotMatch(toSentence(e, 'Doing', { advice: false }), /try again|retry|Check the/i);
    }
  });

  it('reports unreadable bodies', () => {
    assert.match(toSentence(new SchemaError('run', 'status: expected string')), /returned a run the extension cannot read \(status: expected string\)/);
    assert.match(toSentence(new SyntaxError('Unexpected end of JSON input')), /not valid JSON/);
  });

  it('passes user-facing sentences through unchanged', () => {
    assert.equal(toSentence(new UserFacingError('Run run_1 already completed; nothing to cancel.'), 'ignored'), 'Run run_1 already completed; nothing to cancel.');
  });

  it('never contains a key, even when the service echoes it', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';
    registerSecret(key);
    const text = toSentence(apiError(401, `Incorrect API key provided: ${key}.`));
    assert.ok(!text.includes(key), text);
    assert.ok(!text.includes('abcdefghijklmnop'), text);
    forgetSecret(key);
  });
});

describe('redact', () => {
  it('removes registered secrets, bearer tokens, sk- keys, JWTs and api-key values', () => {
    registerSecret('my-gateway-key-123456');
    const input = [
      'Authorization: Bearer abc.def.ghijklmnop',
      'key sk-abcdefghijklmnop1234',
      'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlX3ZhbHVl',
      'api-key=my-gateway-key-123456',
      '{"api_key": "zzzzzzzzzzzz"}',
    ].join('\n');
    const out = redact(input);
    for (const secret of ['abc.def.ghijklmnop', 'sk-abcdefghijklmnop1234', 'eyJhbGciOiJSUzI1NiJ9', 'my-gateway-key-123456', 'zzzzzzzzzzzz']) {
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    }
    assert.match(out, /Authorization: Bearer «redacted»/);
    forgetSecret('my-gateway-key-123456');
  });

  it('leaves ordinary text alone', () => {
    const text = "GET /v1/threads/thread_abc/runs?limit=100 → 200 in 12 ms (request req_1)";
    assert.equal(redact(text), text);
  });
});

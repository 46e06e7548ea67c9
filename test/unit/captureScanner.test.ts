// The id scanner and summaries: any chunking, bounded memory, compressed bodies, and events
// that carry ids and the service's message but never a header or a body.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, test } from 'node:test';
import { IdScanner, scanningTap, summaryOf, type CaptureEvent } from '../../src/capture/idScanner';

const body = JSON.stringify({
  id: 'run_abc123XYZ',
  object: 'thread.run',
  thread_id: 'thread_Q9w8e7',
  status: 'requires_action',
  model: 'gpt-4o',
  required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [{ id: 'call_77aa', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] } },
  note: 'ünïcödé 🏓 not_an_id xrun_nope resp_',
});

function scanIn(text: string, size: number): string[] {
  const scanner = new IdScanner();
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) scanner.write(bytes.subarray(i, i + size));
  scanner.end();
  return [...scanner.found.keys()];
}

function runTap(method: string, path: string, status: number, headers: Record<string, string>, chunks: Buffer[], requestBody = ''): Promise<CaptureEvent> {
  return new Promise((resolve) => {
    const tap = scanningTap({ method, path, startedAt: Date.now() }, resolve);
    if (requestBody) tap.requestData(Buffer.from(requestBody));
    tap.response(status, headers);
    for (const c of chunks) tap.responseData(c);
    tap.end({ kind: 'complete' });
  });
}

const split = (buf: Buffer, size: number): Buffer[] => Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));

describe('IdScanner', () => {
  test('finds the same ids whatever the chunk size, and no near-misses', () => {
    const whole = scanIn(body, body.length);
    assert.deepEqual(whole, ['run_abc123XYZ', 'thread_Q9w8e7', 'call_77aa']);
    for (const size of [1, 2, 3, 5, 7, 13, 64]) assert.deepEqual(scanIn(body, size), whole, `chunks of ${size}`);
  });

  test('memory stays bounded: a 20 MB word with no end carries at most one id length', () => {
    const scanner = new IdScanner();
    scanner.write('"run_');
    for (let i = 0; i < 20_000; i++) {
      scanner.write('a'.repeat(1000));
      assert.ok((scanner as unknown as { carry: string }).carry.length <= 97);
    }
    scanner.write(' then run_real1 ');
    scanner.end();
    assert.deepEqual([...scanner.found.keys()], ['run_real1']);
  });

  test('keeps at most maxIds distinct ids', () => {
    const scanner = new IdScanner({ maxIdLength: 96, maxIds: 10, maxParsedBytes: 1024, maxInflatedBytes: 1024 });
    scanner.write(Array.from({ length: 50 }, (_, i) => `msg_${i}x`).join(' '));
    scanner.end();
    assert.equal(scanner.found.size, 10);
  });
});

describe('scanningTap', () => {
  test('a POST: ids in the answer and not in the request are created; the rest read; request id and summary kept', async () => {
    const event = await runTap('POST', '/threads/thread_Q9w8e7/runs?api-version=2025&api-key=secret', 200, { 'content-type': 'application/json', 'x-request-id': 'req_1' }, split(Buffer.from(body), 9), '{"assistant_id":"asst_1","x":"call_77aa"}');
    assert.equal(event.path, '/threads/thread_Q9w8e7/runs');
    assert.deepEqual(event.ids, [
      { id: 'thread_Q9w8e7', kind: 'thread', created: false },
      { id: 'call_77aa', kind: 'call', created: false },
      { id: 'run_abc123XYZ', kind: 'run', created: true },
    ]);
    assert.equal(event.requestId, 'req_1');
    assert.deepEqual(event.summary, { id: 'run_abc123XYZ', object: 'thread.run', status: 'requires_action', model: 'gpt-4o', calls: [{ type: 'function', name: 'get_weather', callId: 'call_77aa' }] });
    assert.ok(!JSON.stringify(event).includes('secret'));
  });

  test('a GET reads; an error answer gives the service’s message', async () => {
    const read = await runTap('GET', '/threads/thread_Q9w8e7', 200, { 'content-type': 'application/json' }, [Buffer.from('{"id":"thread_Q9w8e7","object":"thread"}')]);
    assert.deepEqual(read.ids, [{ id: 'thread_Q9w8e7', kind: 'thread', created: false }]);
    const failed = await runTap('POST', '/threads/thread_n0pe/runs', 404, { 'content-type': 'application/json' }, [Buffer.from('{"error":{"message":"No thread found with id \'thread_n0pe\'.","type":"invalid_request_error"}}')]);
    assert.equal(failed.errorMessage, "No thread found with id 'thread_n0pe'.");
    assert.deepEqual(failed.ids, [{ id: 'thread_n0pe', kind: 'thread', created: false }]);
  });

  for (const [encoding, compress] of [
    ['gzip', zlib.gzipSync],
    ['br', zlib.brotliCompressSync],
    ['deflate', zlib.deflateSync],
  ] as const) {
    test(`a ${encoding} body is inflated for the scanner, in chunks of 3 bytes`, async () => {
      const event = await runTap('GET', '/x', 200, { 'content-type': 'application/json', 'content-encoding': encoding }, split(compress(Buffer.from(body)), 3));
      assert.deepEqual(event.ids.map((i) => i.id), ['run_abc123XYZ', 'thread_Q9w8e7', 'call_77aa']);
      assert.equal(event.summary?.status, 'requires_action');
    });
  }

  test('an SSE Responses stream: the summary is its last response (store:false objects the key cannot read later)', async () => {
    const response = (status: string, output: unknown[]) => ({ id: 'resp_0a1b', object: 'response', status, model: 'gpt-5', usage: status === 'completed' ? { total_tokens: 42 } : null, output });
    const sse = [
      `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', response: response('in_progress', []) })}\n\n`,
      `event: response.output_item.added\ndata: ${JSON.stringify({ type: 'response.output_item.added', item: { id: 'fc_1', type: 'function_call', call_id: 'call_zz9', name: 'lookup' } })}\n\n`,
      `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response: response('completed', [{ id: 'fc_1', type: 'function_call', call_id: 'call_zz9', name: 'lookup', arguments: '{}' }]) })}\n\n`,
    ].join('');
    for (const size of [1, 10, 1000]) {
      const event = await runTap('POST', '/responses', 200, { 'content-type': 'text/event-stream' }, split(Buffer.from(sse), size), '{"store":false,"conversation":"conv_77"}');
      assert.deepEqual(event.summary, { id: 'resp_0a1b', object: 'response', status: 'completed', model: 'gpt-5', usage: { total_tokens: 42 }, calls: [{ type: 'function_call', name: 'lookup', callId: 'call_zz9' }] });
      assert.deepEqual(event.ids, [
        { id: 'conv_77', kind: 'conv', created: false },
        { id: 'resp_0a1b', kind: 'resp', created: true },
        { id: 'call_zz9', kind: 'call', created: true },
      ]);
    }
  });

  test('a body beyond the parse bound gives ids but no summary', async () => {
    const limits = { maxIdLength: 96, maxIds: 500, maxParsedBytes: 100, maxInflatedBytes: 1 << 20 };
    const event = await new Promise<CaptureEvent>((resolve) => {
      const tap = scanningTap({ method: 'GET', path: '/r', startedAt: Date.now() }, resolve, limits);
      tap.response(200, { 'content-type': 'application/json' });
      tap.responseData(Buffer.from(body));
      tap.end({ kind: 'complete' });
    });
    assert.equal(event.summary, undefined);
    assert.equal(event.ids.length, 3);
  });

  test('summaryOf ignores objects that are not runs or responses', () => {
    assert.equal(summaryOf({ id: 'thread_1', object: 'thread' }), undefined);
    assert.equal(summaryOf('run_1'), undefined);
  });
});

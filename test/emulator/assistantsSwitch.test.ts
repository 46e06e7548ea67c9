// The switch that plays a server without the Assistants API (OpenAI since 2026-08-26):
// threads and assistants answer 404 "Invalid URL"; the Responses family still answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from './server';

describe('POST /__emulator/assistants', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ mode: 'openai', seed: 'demo' });
  });
  after(async () => emu.close());

  const get = async (path: string) => {
    const res = await fetch(`${emu.origin}${path}`);
    return { status: res.status, body: (await res.json()) as { error?: { message?: string } } };
  };
  const set = (available: boolean) =>
    fetch(`${emu.origin}/__emulator/assistants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ available }) });

  it('off: every Assistants route answers 404 Invalid URL, Responses routes answer as before; reset turns it on', async () => {
    assert.equal((await get('/v1/threads/thread_x')).status, 404);
    assert.match(String((await get('/v1/threads/thread_x')).body.error?.message), /No thread found/i);
    assert.deepEqual(await (await set(false)).json(), { available: false });
    for (const path of ['/v1/threads?limit=1', '/v1/threads/thread_x', '/v1/assistants', '/api/projects/demo/threads?api-version=v1']) {
      const { status, body } = await get(path);
      assert.equal(status, 404, path);
      assert.match(String(body.error?.message), /^Invalid URL \(GET \//, path);
    }
    assert.equal((await get('/v1/conversations/conv_missing')).status, 404);
    assert.match(String((await get('/v1/conversations/conv_missing')).body.error?.message), /not found/i);
    await fetch(`${emu.origin}/__emulator/reset`, { method: 'POST' });
    assert.equal((await get('/v1/threads?limit=1')).status, 401, 'reset keeps it off');
  });
});

// The command line: first line names the base URL; it serves; SIGTERM stops it cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './specValidator';

function startCli(args: string[]): Promise<{ firstLine: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'emulator', 'cli.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        resolve({
          firstLine: out.slice(0, nl),
          stop: () =>
            new Promise((r) => {
              child.on('exit', (code) => r(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
}

test('npm run emulator prints "Emulator listening on <base URL>" and serves that mode', async () => {
  for (const [mode, suffix, probe] of [
    ['openai', '/v1', '/threads/thread_demoMixed000000000000000'],
    ['azure', '/api/projects/demo', '/threads?api-version=v1&limit=1'],
    ['azure-openai', '', '/openai/threads/thread_demoMixed000000000000000?api-version=2025-04-01-preview'],
  ] as const) {
    const cli = await startCli(['--port', '0', '--mode', mode, '--seed', 'demo', '--api-key', 'k1', '--step-ms', '30']);
    try {
      const m = /^Emulator listening on (http:\/\/127\.0\.0\.1:\d+)(.*)$/.exec(cli.firstLine);
      assert.ok(m, cli.firstLine);
      assert.equal(m[2], suffix);
      const res = await fetch(`${m[1]}${m[2]}${probe}`, { headers: { authorization: 'Bearer k1', 'api-key': 'k1' } });
      assert.equal(res.status, 200, `${mode}: ${await res.text()}`);
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  }
});

test('bad arguments exit with a usage message', async () => {
  await assert.rejects(startCli(['--mode', 'sideways']), /--mode must be/);
});

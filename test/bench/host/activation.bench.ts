// Activation in the real extension host, as the Running Extensions view counts it:
// loading dist/extension.js (timed around Node's module loader) plus the time spent in
// activate() (returned by it as activationMs); also the whole activate() call as an
// extension makes it (which adds VS Code's own steps, e.g. the extension's storage,
// done while the module loads) and the API requests made while activating and in the
// second after. Then, in the same host and timed the same ways, the activation of an
// extension that only loads the `openai` package bundled alone
// (test/bench/openaiAlone.ts): the floor. ARD_BENCH_PROFILE=1 also records a CPU
// profile of the call.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, sleep } from '../../integration/helpers';
import { openaiAloneId, record, requestMark, requestsSince } from './kit';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function profiled<T>(fn: () => Promise<T>): Promise<{ value: T; profile?: Profile }> {
  if (!process.env.ARD_BENCH_PROFILE) return { value: await fn() };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inspector = require('node:inspector') as typeof import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  const value = await fn();
  const { profile } = (await post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  return { value, profile };
}

/** Self time (ms) per function of our bundle and per other script. */
function summarize(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const ours = frame.url.includes('agent-run-debugger');
    const key = ours ? `ours:${frame.functionName || '(anonymous)'}:${frame.lineNumber}` : `${frame.url.split('/').slice(-2).join('/') || frame.functionName || '(native)'}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
}

/** Milliseconds spent in Node's module loader on files under each folder (the extensions' main files). */
function timeModuleLoads(): { ms(folder: string): number | undefined; stop(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require('node:module') as { _load(request: string, ...rest: unknown[]): unknown };
  const original = loader._load;
  const loads: { file: string; ms: number }[] = [];
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    const t0 = performance.now();
    try {
      return original.call(this, request, ...rest);
    } finally {
      if (typeof request === 'string' && path.isAbsolute(request)) loads.push({ file: request, ms: performance.now() - t0 });
    }
  };
  return {
    ms: (folder) => {
      const mine = loads.filter((l) => l.file.startsWith(folder + path.sep));
      return mine.length ? mine.reduce((sum, l) => sum + l.ms, 0) : undefined;
    },
    stop: () => {
      loader._load = original;
    },
  };
}

describe('bench: activation', () => {
  it('activates without requests', async () => {
    const ext = extension();
    const wasActive = ext.isActive;
    const loads = timeModuleLoads();
    const mark = await requestMark();
    const t0 = performance.now();
    const { value: api, profile } = await profiled(async () => (await ext.activate()) as unknown as { activationMs: number });
    const callMs = performance.now() - t0;
    const during = (await requestsSince(mark)).length;
    await sleep(1000);
    const after = (await requestsSince(mark)).length;
    assert.equal(typeof api.activationMs, 'number');
    // After ours, so our activation is the host's first, as a user meets it; one sample per
    // launch (a second load in the same host would hit V8's compilation cache).
    const floor = vscode.extensions.getExtension<{ OpenAI?: unknown }>(openaiAloneId);
    let openaiAloneCallMs: number | undefined;
    if (floor && !floor.isActive) {
      const t1 = performance.now();
      const client = await floor.activate();
      openaiAloneCallMs = performance.now() - t1;
      assert.equal(typeof client.OpenAI, 'function', 'the floor extension loaded the openai client');
    }
    loads.stop();
    const loadMs = loads.ms(ext.extensionPath);
    const openaiAloneMs = floor && loads.ms(floor.extensionPath);
    if (profile && process.env.ARD_BENCH_OUT) fs.writeFileSync(process.env.ARD_BENCH_OUT.replace(/\.jsonl$/, `-activation-${process.pid}.cpuprofile`), JSON.stringify(profile));
    record('activation', { loadMs, activationMs: api.activationMs, callMs, openaiAloneMs, openaiAloneCallMs, wasActive, requestsDuring: during, requestsWithin1s: after, pid: process.pid, ...(profile ? { top: summarize(profile) } : {}) });
  });
});

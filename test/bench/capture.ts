// The capture proxy's cost, as ratios to talking to the emulator directly in the same
// run (these machines are shared and noisy): request time (median, p99), a streamed
// response's first byte and the gaps between its chunks, and 200 streaming responses at
// once through the proxy, each compared byte for byte with what the emulator sent, with
// the growth of the process's resident memory meanwhile. The proxy records (it reads ids
// from a copy of every body), as it does for a user.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { control, TEST_KEY } from '../emulator/testkit';
import { rawRequest, startCaptureRig, type CaptureRig } from '../unit/captureKit';

export interface Spread {
  median: number;
  p99: number;
}

export interface CaptureBenchResult {
  /** Reading a response, at no added latency (what the proxy adds, in ms) and at `latencyMs` (a service's, for the ratios). */
  requests: { n: number; latencyMs: number; bare: { direct: Spread; proxied: Spread }; direct: Spread; proxied: Spread };
  /** Streamed responses at `latencyMs`: the first body byte, and the gap between bursts of events (one burst per emulator step). */
  stream: { n: number; stepMs: number; bursts: { direct: number; proxied: number }; firstByte: { direct: number; proxied: number }; gap: { direct: number; proxied: number } };
  concurrent: { streams: number; identical: number; differing: number; incomplete: number; bytes: number; rssBeforeBytes: number; peakRssGrowthBytes: number; recorded: number };
}

const quantile = (values: number[], q: number): number => {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
};
const spread = (values: number[]): Spread => ({ median: quantile(values, 0.5), p99: quantile(values, 0.99) });

/** How often the emulator moves a streamed response (startCaptureRig's emulator). */
const streamStepMs = 20;
const streamBody = JSON.stringify({ model: 'tools', input: 'Weather in Oslo? And order 7007?', stream: true });

/** One keep-alive request; the time until its body has been read. */
async function timed(agent: http.Agent, url: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { agent, headers: { authorization: `Bearer ${TEST_KEY}` } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  return performance.now() - started;
}

/**
 * A streamed response: when its first body byte came, and the median gap between bursts
 * (chunks less than 1 ms apart are one burst: the emulator writes a step's events at once).
 * A proxy that held the body back would show one burst, and no gap at all.
 */
async function streamTiming(agent: http.Agent, url: string): Promise<{ firstByte: number; gap: number; bursts: number }> {
  const started = performance.now();
  const arrivals: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' } }, (res) => {
      res.on('data', () => arrivals.push(performance.now()));
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(streamBody);
  });
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!).filter((g) => g >= 1);
  return { firstByte: (arrivals[0] ?? NaN) - started, gap: quantile(gaps, 0.5), bursts: gaps.length + 1 };
}

export async function captureBench(options: { requests: number; streams: number; concurrent: number; latencyMs: number }): Promise<CaptureBenchResult> {
  const rig: CaptureRig = await startCaptureRig();
  const directAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const proxiedAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // A response to read, as an app polls one.
    const created = (await (await fetch(rig.direct('/responses'), { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'echo', input: 'read me' }) })).json()) as { id: string };
    const path = `/responses/${created.id}`;
    // Warm both paths (connections, JIT), then alternate which goes first.
    for (let i = 0; i < 20; i++) {
      await timed(directAgent, rig.direct(path));
      await timed(proxiedAgent, rig.proxied(path));
    }
    const readings = async (n: number) => {
      const direct: number[] = [];
      const proxied: number[] = [];
      for (let i = 0; i < n; i++) {
        if (i % 2) {
          direct.push(await timed(directAgent, rig.direct(path)));
          proxied.push(await timed(proxiedAgent, rig.proxied(path)));
        } else {
          proxied.push(await timed(proxiedAgent, rig.proxied(path)));
          direct.push(await timed(directAgent, rig.direct(path)));
        }
      }
      return { direct: spread(direct), proxied: spread(proxied) };
    };
    const bare = await readings(options.requests);
    await control(rig.em, 'POST', 'config', { latencyMs: options.latencyMs });
    const served = await readings(options.requests);

    // Streamed responses: the emulator moves them one step every 20 ms.
    type Timing = Awaited<ReturnType<typeof streamTiming>>;
    const streamed = { direct: [] as Timing[], proxied: [] as Timing[] };
    for (let i = 0; i < options.streams; i++) {
      const pair = i % 2 ? (['direct', 'proxied'] as const) : (['proxied', 'direct'] as const);
      for (const way of pair) streamed[way].push(await streamTiming(way === 'direct' ? directAgent : proxiedAgent, way === 'direct' ? rig.direct('/responses') : rig.proxied('/responses')));
    }
    const med = (xs: number[]) => quantile(xs, 0.5);
    await control(rig.em, 'POST', 'config', { latencyMs: 0 });

    // Many streams at once through the proxy, each against the bytes the emulator sent.
    const recordedBefore = rig.events.length;
    const rssBeforeBytes = process.memoryUsage().rss;
    let peak = rssBeforeBytes;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const answers = await Promise.all(
      Array.from({ length: options.concurrent }, () => rawRequest(rig.proxied('/responses'), { method: 'POST', body: streamBody })),
    );
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    // The scanner's events for the last answers may follow their ends by a tick.
    await new Promise((r) => setTimeout(r, 50));
    let identical = 0;
    let differing = 0;
    let incomplete = 0;
    let total = 0;
    for (const answer of answers) {
      total += answer.body.length;
      const id = answer.headers['x-request-id'];
      const sent = typeof id === 'string' ? rig.sent.get(id) : undefined;
      if (answer.error || answer.status !== 200 || !sent) incomplete++;
      else if (Buffer.concat(sent).equals(answer.body)) identical++;
      else differing++;
    }
    return {
      requests: { n: options.requests, latencyMs: options.latencyMs, bare, ...served },
      stream: {
        n: options.streams,
        stepMs: streamStepMs,
        bursts: { direct: med(streamed.direct.map((s) => s.bursts)), proxied: med(streamed.proxied.map((s) => s.bursts)) },
        firstByte: { direct: med(streamed.direct.map((s) => s.firstByte)), proxied: med(streamed.proxied.map((s) => s.firstByte)) },
        gap: { direct: med(streamed.direct.map((s) => s.gap)), proxied: med(streamed.proxied.map((s) => s.gap)) },
      },
      concurrent: { streams: options.concurrent, identical, differing, incomplete, bytes: total, rssBeforeBytes, peakRssGrowthBytes: peak - rssBeforeBytes, recorded: rig.events.length - recordedBefore },
    };
  } finally {
    directAgent.destroy();
    proxiedAgent.destroy();
    await rig.close();
  }
}

// The capture proxy's overhead against the emulator, measured in one run with proxied and
// direct requests interleaved, as ratios to direct (shared machines are noisy; ratios less so).
//   npx tsx test/bench/proxy.bench.ts [--requests 400] [--streams 30]
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { CaptureSession } from '../../src/capture/captureSession';
import { startTestEmulator, TEST_KEY } from '../emulator/testkit';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 400);
const STREAMS = arg('streams', 30);
const CONCURRENT = 200;

interface Timing {
  totalMs: number;
  firstByteMs: number;
  gapsMs: number[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function timed(url: string, method = 'GET', body?: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.request(url, { method, agent, headers: { authorization: `Bearer ${TEST_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) } });
    req.on('response', (res) => {
      let first = 0;
      let last = 0;
      const gapsMs: number[] = [];
      res.on('data', () => {
        const now = performance.now();
        if (!first) first = now;
        else gapsMs.push(now - last);
        last = now;
      });
      res.on('end', () => resolve({ totalMs: performance.now() - start, firstByteMs: first - start, gapsMs }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const median = (values: number[]): number => quantile(values, 0.5);

async function peakRssGrowth(run: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  await run();
  clearInterval(sample);
  return (Math.max(peak, process.memoryUsage().rss) - base) / (1024 * 1024);
}

async function main(): Promise<void> {
  const em = await startTestEmulator({ stepMs: 5, pollAfterMs: 5 });
  const session = await CaptureSession.start({ upstream: em.urls.openai });
  let captured = 0;
  session.onDidCapture(() => captured++);
  const direct = (p: string) => `${em.urls.openai}${p}`;
  const proxied = (p: string) => `${session.baseUrl}${p}`;
  try {
    const thread = await new Promise<{ id: string }>((resolve, reject) => {
      const req = http.request(direct('/threads'), { method: 'POST', agent, headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' } });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(JSON.parse(text) as { id: string }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    // Warm both paths (sockets, JIT) before measuring.
    for (let i = 0; i < 30; i++) {
      await timed(direct(`/threads/${thread.id}`));
      await timed(proxied(`/threads/${thread.id}`));
    }
    const d: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // Alternate which goes first, so neither side always meets a warmer machine.
      if (i % 2) {
        d.push((await timed(direct(`/threads/${thread.id}`))).totalMs);
        p.push((await timed(proxied(`/threads/${thread.id}`))).totalMs);
      } else {
        p.push((await timed(proxied(`/threads/${thread.id}`))).totalMs);
        d.push((await timed(direct(`/threads/${thread.id}`))).totalMs);
      }
    }
    const streamBody = (i: number) => JSON.stringify({ assistant_id: 'asst_echo', thread: { messages: [{ role: 'user', content: `bench ${i}` }] }, stream: true });
    const ds: Timing[] = [];
    const ps: Timing[] = [];
    for (let i = 0; i < STREAMS; i++) {
      if (i % 2) {
        ds.push(await timed(direct('/threads/runs'), 'POST', streamBody(i)));
        ps.push(await timed(proxied('/threads/runs'), 'POST', streamBody(i)));
      } else {
        ps.push(await timed(proxied('/threads/runs'), 'POST', streamBody(i)));
        ds.push(await timed(direct('/threads/runs'), 'POST', streamBody(i)));
      }
    }
    const concurrent = (url: (p: string) => string) => () => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => timed(url('/threads/runs'), 'POST', streamBody(i))));
    const rssDirect = await peakRssGrowth(concurrent(direct));
    const rssProxied = await peakRssGrowth(concurrent(proxied));

    const firstD = median(ds.map((t) => t.firstByteMs));
    const firstP = median(ps.map((t) => t.firstByteMs));
    const gapD = median(ds.flatMap((t) => t.gapsMs));
    const gapP = median(ps.flatMap((t) => t.gapsMs));
    const rows: Array<[string, string, string, string]> = [
      ['request time, median', `${median(p).toFixed(2)} ms`, `${median(d).toFixed(2)} ms`, `${(median(p) / median(d)).toFixed(3)}× (target ≤ 1.05×)`],
      ['request time, p99', `${quantile(p, 0.99).toFixed(2)} ms`, `${quantile(d, 0.99).toFixed(2)} ms`, `${(quantile(p, 0.99) / quantile(d, 0.99)).toFixed(3)}× (target ≤ 1.25×)`],
      ['added median', `${(median(p) - median(d)).toFixed(2)} ms`, '', ''],
      ['stream first byte, median', `${firstP.toFixed(2)} ms`, `${firstD.toFixed(2)} ms`, `${(firstP / firstD).toFixed(3)}× (target ≤ 1.05×)`],
      ['stream inter-chunk gap, median', `${gapP.toFixed(2)} ms`, `${gapD.toFixed(2)} ms`, `${(gapP / gapD).toFixed(3)}× (target ≤ 1.05×)`],
      [`peak RSS growth, ${CONCURRENT} concurrent streams`, `${rssProxied.toFixed(1)} MB`, `${rssDirect.toFixed(1)} MB`, 'emulator in the same process'],
    ];
    const widths = [0, 1, 2, 3].map((c) => Math.max(...[['', 'proxied', 'direct', 'ratio'][c]!.length, ...rows.map((r) => r[c]!.length)]));
    const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c]!)).join('  ');
    console.log(line(['', 'proxied', 'direct', 'ratio']));
    for (const r of rows) console.log(line(r));
    console.log(`${REQUESTS} requests and ${STREAMS} streams each way, interleaved; ${captured} exchanges captured.`);
  } finally {
    agent.destroy();
    await session.dispose();
    await em.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

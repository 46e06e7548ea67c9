// Capture under faults and against misuse, counted: each upstream fault (the emulator's
// six kinds) on each kind of exchange an app makes through the proxy must reach the app
// exactly as the emulator sent it, and the proxy must go on serving with no promise left
// rejected; each request that is not the app talking to its proxy must be refused with
// nothing forwarded, and the port must not answer on any other interface.
import * as net from 'node:net';
import * as os from 'node:os';
import { control } from '../emulator/testkit';
import { rawRequest, startCaptureRig, type CaptureRig, type RawAnswer } from '../unit/captureKit';
import type { Figure } from './offline';

const FAULTS = [
  { kind: 'latency', latencyMs: 300 },
  { kind: '429', retryAfterMs: 1500 },
  { kind: '500' },
  { kind: 'drop' },
  { kind: 'truncate' },
  { kind: 'non-json', status: 502 },
] as const;

interface Exchange {
  name: string;
  method: 'GET' | 'POST';
  /** Regex on the emulator's full path, for the fault rule. */
  match: string;
  path: (rig: CaptureRig) => Promise<string>;
  body?: string;
}

const exchanges: Exchange[] = [
  { name: 'create a thread', method: 'POST', match: '^/v1/threads$', path: async () => '/threads', body: '{}' },
  { name: 'create a response', method: 'POST', match: '^/v1/responses$', path: async () => '/responses', body: JSON.stringify({ model: 'echo', input: 'under a fault' }) },
  { name: 'stream a response', method: 'POST', match: '^/v1/responses$', path: async () => '/responses', body: JSON.stringify({ model: 'tools', input: 'Weather in Oslo? Order 7?', stream: true }) },
  {
    name: 'poll a background response',
    method: 'GET',
    match: '^/v1/responses/resp_[^/]+$',
    path: async (rig) => {
      const created = await rawRequest(rig.direct('/responses'), { method: 'POST', body: JSON.stringify({ model: 'slow', input: 'poll me', background: true }) });
      return `/responses/${(JSON.parse(created.body.toString()) as { id: string }).id}`;
    },
  },
];

/** What the app got, against what the emulator sent under the fault. */
function verdict(kind: string, answer: RawAnswer | Error, sent: Buffer | undefined): { exact: boolean; detail: string } {
  if (kind === 'drop') {
    // No answer was made: the app's connection must break too.
    const broke = answer instanceof Error;
    return { exact: broke, detail: broke ? `connection broke (${answer.message})` : `answered ${(answer as RawAnswer).status}` };
  }
  if (answer instanceof Error) return { exact: false, detail: `connection broke (${answer.message})` };
  const expected = kind === '429' ? 429 : kind === '500' ? 500 : kind === 'non-json' ? 502 : 200;
  const sameBody = !!sent && sent.equals(answer.body);
  // A cut body reaches the app cut, with a broken connection; any other ends normally.
  const endsRight = kind === 'truncate' ? !!answer.error : !answer.error;
  const headersRight = kind !== '429' || (answer.headers['retry-after-ms'] === '1500' && answer.headers['retry-after'] === '2');
  return {
    exact: answer.status === expected && sameBody && endsRight && headersRight,
    detail: `${answer.status}, ${answer.body.length} B${sameBody ? ' as sent' : sent ? ` (sent ${sent.length} B, differs)` : ' (nothing recorded as sent)'}${answer.error ? `, cut (${answer.error})` : ''}${headersRight ? '' : ', retry-after lost'}`,
  };
}

async function faultFigure(rig: CaptureRig): Promise<Figure> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const details: string[] = [];
  let cases = 0;
  let exact = 0;
  let served = 0;
  let fired = 0;
  try {
    for (const exchange of exchanges) {
      for (const fault of FAULTS) {
        cases++;
        const path = await exchange.path(rig);
        const firedBefore = (await control<unknown[]>(rig.em, 'GET', 'faults/fired')).length;
        await control(rig.em, 'DELETE', 'faults');
        await control(rig.em, 'POST', 'faults', { ...fault, count: 1, match: { method: exchange.method, path: exchange.match } });
        const answer = await rawRequest(rig.proxied(path), { method: exchange.method, ...(exchange.body ? { body: exchange.body } : {}) }).catch((e: Error) => e);
        const id = answer instanceof Error ? undefined : answer.headers['x-request-id'];
        const sent = typeof id === 'string' ? rig.sent.get(id) : undefined;
        // The log of firings outlives the rules: this case's are those after `firedBefore`.
        const didFire = (await control<unknown[]>(rig.em, 'GET', 'faults/fired')).length > firedBefore;
        if (didFire) fired++;
        await control(rig.em, 'DELETE', 'faults');
        const v = verdict(fault.kind, answer, sent ? Buffer.concat(sent) : undefined);
        // The proxy goes on serving: the same exchange, with no fault, answers normally.
        const after = await rawRequest(rig.proxied(path), { method: exchange.method, ...(exchange.body ? { body: exchange.body } : {}) }).catch((e: Error) => e);
        const serving = !(after instanceof Error) && after.status === 200 && !after.error;
        if (v.exact && didFire) exact++;
        if (serving) served++;
        details.push(`${v.exact && didFire && serving ? ' ' : '✘'} ${exchange.name.padEnd(28)} ${fault.kind.padEnd(9)} ${didFire ? 'fired' : 'NOT FIRED'}; app got ${v.detail}; then ${serving ? 'served' : 'NOT served'}`);
      }
    }
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return {
    name: 'capture under faults',
    line: `capture under faults: ${cases} cases (${exchanges.length} kinds of exchange × ${FAULTS.length} fault kinds, through the proxy to the emulator); the fault fired in ${fired}; reached the app exactly as the emulator sent it (status, body bytes, retry-after, a cut where it was cut) in ${exact}; the proxy served the next request after ${served}; unhandled rejections ${unhandled.length}`,
    short: `${exact} of ${cases} faults reached the app exactly, the proxy served on after ${served}, ${unhandled.length} unhandled rejections`,
    ok: exact === cases && served === cases && fired === cases && unhandled.length === 0,
    details,
  };
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function refusalFigure(rig: CaptureRig): Promise<Figure> {
  const port = Number(new URL(rig.session.baseUrl).port);
  const cases: [string, string, Record<string, string>, number][] = [
    ['a Host that is not the proxy (DNS rebinding)', rig.proxied('/models'), { host: `evil.example:${port}` }, 403],
    ['a Host naming the upstream', rig.proxied('/models'), { host: new URL(rig.em.urls.openai).host }, 403],
    ['a browser Origin', rig.proxied('/models'), { origin: 'http://evil.example' }, 403],
    ['Origin: null (a sandboxed page)', rig.proxied('/models'), { origin: 'null' }, 403],
    ['Sec-Fetch-Site: cross-site', rig.proxied('/models'), { 'sec-fetch-site': 'cross-site' }, 403],
    ['Sec-Fetch-Site: same-site', rig.proxied('/models'), { 'sec-fetch-site': 'same-site' }, 403],
    ['a wrong token', `http://127.0.0.1:${port}/wrongtoken/models`, {}, 404],
    ['no token', `http://127.0.0.1:${port}/models`, {}, 404],
    ['the token alone, naming another URL after it', `http://127.0.0.1:${port}/${new URL(rig.session.baseUrl).pathname.slice(1)}@evil.example/models`, {}, 404],
  ];
  const details: string[] = [];
  let refused = 0;
  const before = rig.em.emulator.log.nextIndex;
  const recordedBefore = rig.events.length;
  for (const [name, url, headers, status] of cases) {
    const answer = await rawRequest(url, { headers }).catch((e: Error) => e);
    const ok = !(answer instanceof Error) && answer.status === status;
    if (ok) refused++;
    details.push(`${ok ? ' ' : '✘'} ${name}: ${answer instanceof Error ? answer.message : answer.status}`);
  }
  const forwarded = rig.em.emulator.log.nextIndex - before;
  const recorded = rig.events.length - recordedBefore;
  // The control: the app's own request is forwarded (the refusals are not blanket).
  const own = await rawRequest(rig.proxied('/threads'), { method: 'POST', body: '{}' });
  const controlForwarded = rig.em.emulator.log.nextIndex - before - forwarded;
  const outside = outsideAddress();
  const reachableOutside = outside ? await connects(outside, port) : false;
  details.push(`  control: the app's own request → ${own.status}, forwarded ${controlForwarded}`);
  details.push(`  ${reachableOutside ? '✘ the port answers' : 'the port does not answer'} on ${outside ?? '(no other interface)'}`);
  return {
    name: 'capture refusals',
    line: `capture refusals: ${cases.length} requests that are not the app talking to its proxy (foreign Host, browser origins, wrong or missing token); ${refused} refused, ${forwarded} forwarded, ${recorded} recorded; the app's own request forwarded (${own.status}); the port ${reachableOutside ? 'ANSWERS' : 'does not answer'} on another interface (${outside ?? 'none here'})`,
    short: `${refused} of ${cases.length} refused, ${forwarded} forwarded`,
    ok: refused === cases.length && forwarded === 0 && recorded === 0 && own.status === 200 && controlForwarded === 1 && !reachableOutside,
    details,
  };
}

export async function captureFigures(): Promise<Figure[]> {
  const rig = await startCaptureRig();
  try {
    return [await faultFigure(rig), await refusalFigure(rig)];
  } finally {
    await rig.close();
  }
}

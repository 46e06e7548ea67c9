// Shared by the in-host benchmark and reliability files: where figures go, and the
// emulator's control routes (config, faults, the served-request log by index).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { emulatorOrigin, type ServedRequest } from '../../integration/helpers';

/** The bench-only extension that loads the `openai` package alone (test/bench/openaiAlone.ts). */
export const openaiAloneId = 'agent-run-debugger.ard-openai-alone';

/** Appends one figure (a JSON line) to the file the bench script reads. */
export function record(name: string, value: Record<string, unknown>): void {
  const out = process.env.ARD_BENCH_OUT;
  const line = JSON.stringify({ name, ...value });
  if (out) fs.appendFileSync(out, line + '\n');
  else console.log(line);
}

async function control(method: string, route: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/${route}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} /__emulator/${route} → ${res.status}`);
  return res;
}

export async function setEmulatorConfig(config: { latencyMs?: number; stepMs?: number; pollAfterMs?: number }): Promise<void> {
  await control('POST', 'config', config);
}

export async function addFaults(rules: unknown): Promise<void> {
  await control('POST', 'faults', rules);
}

export async function clearFaults(): Promise<void> {
  await control('DELETE', 'faults');
}

/** Index the next served request will get. */
export async function requestMark(): Promise<number> {
  const res = await control('GET', 'requests?since=999999999');
  return Number(res.headers.get('x-emulator-next-index'));
}

/** API requests served since `mark` (control routes are never logged). */
export async function requestsSince(mark: number): Promise<ServedRequest[]> {
  const res = await control('GET', `requests?since=${mark}`);
  const body = (await res.json()) as ServedRequest[] | { requests?: ServedRequest[] };
  return Array.isArray(body) ? body : body.requests ?? [];
}

/** An API call to the emulator in Azure mode (project demo), outside the extension. */
export async function azure<T>(method: string, route: string, body?: unknown): Promise<T> {
  const sep = route.includes('?') ? '&' : '?';
  const res = await fetch(`${emulatorOrigin()}/api/projects/demo${route}${sep}api-version=v1`, {
    method,
    headers: { 'content-type': 'application/json', ...(process.env.ARD_BENCH_KEY ? { authorization: `Bearer ${process.env.ARD_BENCH_KEY}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${route} → ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The fields of a cached list in RunStore (src/store/runStore.ts) that tests reset. */
export interface CachedList {
  items: unknown[];
  hasMore: boolean;
  nextAfter: string | undefined;
  loaded: boolean;
  error: string | undefined;
}

/** Forgets one cached list, as if it had never been loaded (nothing else is touched). */
export function forget(list: CachedList): void {
  list.items = [];
  list.hasMore = false;
  list.nextAfter = undefined;
  list.loaded = false;
  list.error = undefined;
}

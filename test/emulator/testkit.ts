// Helpers shared by the emulator's tests: start an emulator, build the real `openai`
// clients for each mode, and check every body they receive against the specs.
import OpenAI, { AzureOpenAI } from 'openai';
import { parseSse } from './recorded';
import type { Flavor } from './presenters';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
import { SpecValidator } from './specValidator';

export const TEST_KEY = 'sk-test-emulator-key-0123456789';
export const AZURE_OPENAI_API_VERSION = '2025-04-01-preview';

let validator: SpecValidator | undefined;
export function specValidator(): SpecValidator {
  validator ??= SpecValidator.load();
  return validator;
}

export interface CheckedBody {
  flavor: Flavor;
  method: string;
  path: string;
  status: number;
  operation: string;
  ok: boolean;
  errors: string[];
}

/** Records every JSON body and SSE event a client received, validated against the spec. */
export class BodyChecker {
  readonly checked: CheckedBody[] = [];
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly em: RunningEmulator) {}

  fetchFor(flavor: Flavor): typeof fetch {
    return async (input, init) => {
      const res = await fetch(input, init);
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const base = flavor === 'openai' ? '/v1' : flavor === 'azure' ? new URL(this.em.urls.azure).pathname : '/openai';
      const path = url.pathname.slice(base.length);
      const method = (init?.method ?? 'GET').toUpperCase();
      const type = res.headers.get('content-type') ?? '';
      const copy = res.clone();
      if (type.includes('text/event-stream')) {
        this.pending.push(
          copy.text().then((text) => {
            for (const e of parseSse(text)) {
              if (e.event === 'done') continue;
              const r = specValidator().validateEvent(flavor, e.event, JSON.parse(e.data));
              this.checked.push({ flavor, method, path, status: res.status, operation: r.operation, ok: r.ok, errors: r.errors });
            }
          }),
        );
      } else if (type.includes('application/json')) {
        this.pending.push(
          copy.text().then((text) => {
            const r = specValidator().validateResponse(flavor, method, path, res.status, JSON.parse(text));
            this.checked.push({ flavor, method, path, status: res.status, operation: r.operation, ok: r.ok, errors: r.errors });
          }),
        );
      }
      return res;
    };
  }

  async settle(): Promise<CheckedBody[]> {
    await Promise.all(this.pending);
    return this.checked;
  }
}

export interface ModeClient {
  flavor: Flavor;
  client: OpenAI;
}

export function clientFor(em: RunningEmulator, flavor: Flavor, opts: { apiKey?: string; fetch?: typeof fetch; maxRetries?: number } = {}): OpenAI {
  const apiKey = opts.apiKey ?? TEST_KEY;
  const common = { maxRetries: opts.maxRetries ?? 2, timeout: 20_000, ...(opts.fetch ? { fetch: opts.fetch } : {}) };
  if (flavor === 'openai') return new OpenAI({ apiKey, baseURL: em.urls.openai, ...common });
  if (flavor === 'azure') return new OpenAI({ apiKey, baseURL: em.urls.azure, defaultQuery: { 'api-version': 'v1' }, ...common });
  return new AzureOpenAI({ apiKey, endpoint: em.urls.azureOpenAIEndpoint, apiVersion: AZURE_OPENAI_API_VERSION, ...common });
}

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ stepMs: 20, pollAfterMs: 10, seed: 'empty', apiKey: TEST_KEY, ...opts });
}

export async function control<T = unknown>(em: RunningEmulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${em.origin}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Key paths of a JSON value; array elements are grouped by their `type` when they have one. */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, p: string): void => {
    if (Array.isArray(v)) {
      for (const item of v) {
        const tag = item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string' ? `[type=${(item as { type: string }).type}]` : '[]';
        walk(item, `${p}${tag}`);
      }
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      const path = `${p}.${k}`;
      out.add(path);
      walk(child, path);
    }
  };
  walk(value, prefix);
  return out;
}

const FREE_FORM = /\.(metadata|tool_resources|tools|attributes|parameters|response_format|tool_choice|arguments)(\.|\[|$)/;

/**
 * Compares the key sets of two bodies for the same situation. A key is compared only
 * where its parent exists in both (so `null` vs object, or a tool call kind only one
 * side has, does not count); free-form maps (metadata, tools…) are skipped.
 */
export function keySetDifference(emulated: unknown, recorded: unknown): { onlyEmulated: string[]; onlyRecorded: string[] } {
  const a = keyPaths(emulated);
  const b = keyPaths(recorded);
  const parent = (p: string): string => p.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '');
  const parentIn = (p: string, set: Set<string>): boolean => {
    let q = parent(p);
    while (q.endsWith(']')) q = parent(q);
    return q === '' || set.has(q);
  };
  const comparable = (p: string): boolean => !FREE_FORM.test(p) && parentIn(p, a) && parentIn(p, b) && sameBranch(p, a, b);
  return {
    onlyEmulated: [...a].filter((p) => !b.has(p) && comparable(p)),
    onlyRecorded: [...b].filter((p) => !a.has(p) && comparable(p)),
  };
}

/** Both sides hold the typed array branches this path goes through. */
function sameBranch(p: string, a: Set<string>, b: Set<string>): boolean {
  const tags = p.match(/^.*\[type=[^\]]+\]/);
  if (!tags) return true;
  const prefix = tags[0];
  const has = (set: Set<string>): boolean => [...set].some((x) => x.startsWith(prefix));
  return has(a) && has(b);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(15);
  }
}

export function text(content: Array<{ type: string; text?: { value: string } }>): string {
  return content.map((c) => (c.type === 'text' ? (c.text?.value ?? '') : '')).join('');
}

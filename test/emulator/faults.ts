// Faults on demand: rules that match API requests (method and path regex) and fire a
// number of times, always or with a seeded probability. Every firing is logged, so a
// test counts the faults that hit a request, not the rules it added.
import { SeededRandom } from './random';

export const FAULT_KINDS = ['latency', '429', '500', 'drop', 'truncate', 'non-json'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRuleInput {
  match?: { method?: string; path?: string };
  kind: FaultKind;
  /** Times to fire; default 1; -1 = unlimited. */
  count?: number;
  latencyMs?: number;
  retryAfterMs?: number;
  /** 0..1 chance of firing on each matching request (default 1). */
  probability?: number;
  /** Seed of this rule's random draws (default: the rule's id). */
  seed?: number | string;
  /** HTTP status of a non-json answer (default 200). */
  status?: number;
  /** The 429/500 error message quotes the request's credential, as some gateways do. */
  quoteCredential?: boolean;
}

/** One firing of a rule: the request it hit. */
export interface FiredFault {
  index: number;
  ruleId: number;
  kind: FaultKind;
  method: string;
  path: string;
  time: string;
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'kind' | 'count' | 'probability'>> {
  id: number;
  method?: string;
  path?: RegExp;
  pathSource?: string;
  latencyMs: number;
  retryAfterMs: number;
  status: number;
  quoteCredential: boolean;
  fired: number;
  random: SeededRandom;
}

export interface FaultDecision {
  delayMs: number;
  outcome?: FaultRule;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /** Every firing since the emulator started (clear() removes rules, not this log). */
  private readonly firings: FiredFault[] = [];

  add(input: FaultRuleInput): FaultRule {
    if (!input || !FAULT_KINDS.includes(input.kind)) throw new Error(`kind must be one of ${FAULT_KINDS.join(', ')}`);
    const probability = input.probability ?? 1;
    if (typeof probability !== 'number' || probability < 0 || probability > 1) throw new Error('probability must be between 0 and 1');
    const id = this.nextId++;
    const rule: FaultRule = {
      id,
      kind: input.kind,
      count: input.count ?? 1,
      probability,
      method: input.match?.method?.toUpperCase(),
      path: input.match?.path ? new RegExp(input.match.path) : undefined,
      pathSource: input.match?.path,
      latencyMs: input.latencyMs ?? 1000,
      retryAfterMs: input.retryAfterMs ?? 100,
      status: input.status ?? 200,
      quoteCredential: input.quoteCredential === true,
      fired: 0,
      random: new SeededRandom(input.seed ?? `fault-${id}`),
    };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  /** Firings with index >= `since` (indexes keep growing across clear()). */
  firedSince(since = 0): FiredFault[] {
    return this.firings.filter((f) => f.index >= since);
  }

  get nextFiringIndex(): number {
    return this.firings.length;
  }

  list(): Array<Record<string, unknown>> {
    return this.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      match: { method: r.method, path: r.pathSource },
      count: r.count,
      fired: r.fired,
      probability: r.probability,
      latencyMs: r.latencyMs,
      retryAfterMs: r.retryAfterMs,
    }));
  }

  /** Latency rules add up; the first other rule that fires decides the outcome. */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const rule of this.rules) {
      if (rule.count === 0) continue;
      if (rule.method && rule.method !== method) continue;
      if (rule.path && !rule.path.test(path)) continue;
      if (rule.kind !== 'latency' && decision.outcome) continue;
      if (rule.probability < 1 && rule.random.next() >= rule.probability) continue;
      rule.fired++;
      this.firings.push({ index: this.firings.length, ruleId: rule.id, kind: rule.kind, method, path, time: new Date().toISOString() });
      if (rule.count > 0) rule.count--;
      if (rule.kind === 'latency') decision.delayMs += rule.latencyMs;
      else decision.outcome = rule;
    }
    this.rules = this.rules.filter((r) => r.count !== 0);
    return decision;
  }
}

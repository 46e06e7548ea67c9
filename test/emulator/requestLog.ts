// The served-request log (API routes only; /__emulator/ control calls are not logged).
export interface LoggedRequest {
  index: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  durationMs: number;
  time: string;
  mode: string;
  fault?: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private next = 0;

  add(entry: Omit<LoggedRequest, 'index'>): void {
    this.entries.push({ index: this.next++, ...entry });
  }

  /** Entries with index >= since (indexes keep growing across clear()). */
  since(index = 0): LoggedRequest[] {
    return this.entries.filter((e) => e.index >= index);
  }

  get nextIndex(): number {
    return this.next;
  }

  clear(): void {
    this.entries = [];
  }
}

export function queryToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

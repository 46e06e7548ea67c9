// Paths of the read-only JSON documents (scheme `agent-runs-json`), one per service
// object. Pure (no `vscode`) so both directions are unit-tested.
//   thread   /<connection>/<thread>.json
//   run      /<connection>/<thread>/<run>.json
//   step     /<connection>/<thread>/<run>/steps/<step>.json
//   toolCall /<connection>/<thread>/<run>/steps/<step>/calls/<call>.json
//   message  /<connection>/<thread>[/<run>]/messages/<message>.json

export type JsonObjectKind = 'thread' | 'run' | 'step' | 'toolCall' | 'message';

export interface JsonObjectRef {
  kind: JsonObjectKind;
  connectionId: string;
  threadId: string;
  runId?: string;
  stepId?: string;
  toolCallId?: string;
  messageId?: string;
}

export const jsonScheme = 'agent-runs-json';

const enc = (s: string) => encodeURIComponent(s);

/** The document path of an object, or undefined when the reference lacks an id it needs. */
export function jsonPathOf(ref: JsonObjectRef): string | undefined {
  const base = `/${enc(ref.connectionId)}/${enc(ref.threadId)}`;
  switch (ref.kind) {
    case 'thread':
      return `${base}.json`;
    case 'run':
      return ref.runId ? `${base}/${enc(ref.runId)}.json` : undefined;
    case 'step':
      return ref.runId && ref.stepId ? `${base}/${enc(ref.runId)}/steps/${enc(ref.stepId)}.json` : undefined;
    case 'toolCall':
      return ref.runId && ref.stepId && ref.toolCallId ? `${base}/${enc(ref.runId)}/steps/${enc(ref.stepId)}/calls/${enc(ref.toolCallId)}.json` : undefined;
    case 'message':
      if (!ref.messageId) return undefined;
      return `${base}${ref.runId ? `/${enc(ref.runId)}` : ''}/messages/${enc(ref.messageId)}.json`;
  }
}

export function parseJsonPath(path: string): JsonObjectRef | undefined {
  if (!path.endsWith('.json')) return undefined;
  let parts: string[];
  try {
    parts = path.slice(1, -'.json'.length).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (parts.some((p) => p === '')) return undefined;
  const [connectionId, threadId] = parts;
  if (!connectionId || !threadId) return undefined;
  const rest = parts.slice(2);
  if (rest.length === 0) return { kind: 'thread', connectionId, threadId };
  if (rest.length === 1) return { kind: 'run', connectionId, threadId, runId: rest[0] };
  if (rest.length === 2 && rest[0] === 'messages') return { kind: 'message', connectionId, threadId, messageId: rest[1] };
  if (rest.length === 3 && rest[1] === 'messages') return { kind: 'message', connectionId, threadId, runId: rest[0], messageId: rest[2] };
  if (rest.length === 3 && rest[1] === 'steps') return { kind: 'step', connectionId, threadId, runId: rest[0], stepId: rest[2] };
  if (rest.length === 5 && rest[1] === 'steps' && rest[3] === 'calls') {
    return { kind: 'toolCall', connectionId, threadId, runId: rest[0], stepId: rest[2], toolCallId: rest[4] };
  }
  return undefined;
}

const kinds: readonly JsonObjectKind[] = ['thread', 'run', 'step', 'toolCall', 'message'];

/** A JSON object reference from a command argument: a tree node `{kind, ref}` or a plain reference. */
export function jsonRefOf(arg: unknown): JsonObjectRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const kind = a.kind;
  const source = typeof a.ref === 'object' && a.ref !== null ? (a.ref as Record<string, unknown>) : a;
  if (typeof kind !== 'string' || !kinds.includes(kind as JsonObjectKind)) return undefined;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const connectionId = s(source.connectionId);
  const threadId = s(source.threadId);
  if (!connectionId || !threadId) return undefined;
  const ref: JsonObjectRef = { kind: kind as JsonObjectKind, connectionId, threadId };
  for (const key of ['runId', 'stepId', 'toolCallId', 'messageId'] as const) {
    const value = s(source[key]);
    if (value) ref[key] = value;
  }
  return jsonPathOf(ref) ? ref : undefined;
}

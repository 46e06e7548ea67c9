// Paths of the read-only JSON documents (scheme `agent-runs-json`), one per service
// object. Pure (no `vscode`) so both directions are unit-tested.
//   thread   /<connection>/<thread>.json
//   run      /<connection>/<thread>/<run>.json
//   step     /<connection>/<thread>/<run>/steps/<step>.json
//   toolCall /<connection>/<thread>/<run>/steps/<step>/calls/<call>.json
//   message  /<connection>/<thread>[/<run>]/messages/<message>.json
//   response /<connection>/responses/<response>.json
//   output   /<connection>/responses/<response>/output/<item>.json
//   input    /<connection>/responses/<response>/input/<item>.json
// (`responses` is never a thread id: those start with `thread_`.)

export type ThreadJsonKind = 'thread' | 'run' | 'step' | 'toolCall' | 'message';

export interface ThreadJsonRef {
  kind: ThreadJsonKind;
  connectionId: string;
  threadId: string;
  runId?: string;
  stepId?: string;
  toolCallId?: string;
  messageId?: string;
}

/** A response, or one of its output or input items (by item id, or `#n` for an item sent without one). */
export interface ResponseJsonRef {
  kind: 'response' | 'outputItem' | 'inputItem';
  connectionId: string;
  responseId: string;
  itemId?: string;
}

export type JsonObjectRef = ThreadJsonRef | ResponseJsonRef;
export type JsonObjectKind = JsonObjectRef['kind'];

const responseSegment = 'responses';

export function isResponseJsonRef(ref: JsonObjectRef): ref is ResponseJsonRef {
  return ref.kind === 'response' || ref.kind === 'outputItem' || ref.kind === 'inputItem';
}

export const jsonScheme = 'agent-runs-json';

const enc = (s: string) => encodeURIComponent(s);

/** The document path of an object, or undefined when the reference lacks an id it needs. */
export function jsonPathOf(ref: JsonObjectRef): string | undefined {
  if (isResponseJsonRef(ref)) {
    const base = `/${enc(ref.connectionId)}/${responseSegment}/${enc(ref.responseId)}`;
    if (ref.kind === 'response') return `${base}.json`;
    return ref.itemId ? `${base}/${ref.kind === 'outputItem' ? 'output' : 'input'}/${enc(ref.itemId)}.json` : undefined;
  }
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
  if (threadId === responseSegment) {
    const [responseId, list, itemId] = rest;
    if (!responseId) return undefined;
    if (rest.length === 1) return { kind: 'response', connectionId, responseId };
    if (rest.length === 3 && itemId && (list === 'output' || list === 'input')) return { kind: list === 'output' ? 'outputItem' : 'inputItem', connectionId, responseId, itemId };
    return undefined;
  }
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

const kinds: readonly ThreadJsonKind[] = ['thread', 'run', 'step', 'toolCall', 'message'];
const responseKinds: readonly ResponseJsonRef['kind'][] = ['response', 'outputItem', 'inputItem'];

/** A JSON object reference from a command argument: a tree node `{kind, ref}` or a plain reference. */
export function jsonRefOf(arg: unknown): JsonObjectRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const kind = a.kind;
  const source = typeof a.ref === 'object' && a.ref !== null ? (a.ref as Record<string, unknown>) : a;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (typeof kind === 'string' && responseKinds.includes(kind as ResponseJsonRef['kind'])) {
    const connectionId = s(source.connectionId);
    const responseId = s(source.responseId);
    if (!connectionId || !responseId) return undefined;
    const ref: ResponseJsonRef = { kind: kind as ResponseJsonRef['kind'], connectionId, responseId };
    const itemId = s(source.itemId);
    if (itemId) ref.itemId = itemId;
    return jsonPathOf(ref) ? ref : undefined;
  }
  if (typeof kind !== 'string' || !kinds.includes(kind as ThreadJsonKind)) return undefined;
  const connectionId = s(source.connectionId);
  const threadId = s(source.threadId);
  if (!connectionId || !threadId) return undefined;
  const ref: ThreadJsonRef = { kind: kind as ThreadJsonKind, connectionId, threadId };
  for (const key of ['runId', 'stepId', 'toolCallId', 'messageId'] as const) {
    const value = s(source[key]);
    if (value) ref[key] = value;
  }
  return jsonPathOf(ref) ? ref : undefined;
}

// References to service objects, passed between the tree, the panel, commands and
// documents. A command's argument is read one way: a tree node (which carries its
// reference as `ref`) or a plain reference, through `refOf`; when there is none, a
// command in the palette asks for it and a row-only command says where to use it.

export interface ThreadRef {
  connectionId: string;
  threadId: string;
}

export interface RunRef extends ThreadRef {
  runId: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The reference a command argument carries: a node's `ref`, or the argument itself. */
export function refOf(arg: unknown): Record<string, unknown> | undefined {
  if (!isObject(arg)) return undefined;
  return isObject(arg.ref) ? arg.ref : arg;
}

/** The connection a command argument names, if it names one. */
export function connectionIdOf(arg: unknown): string | undefined {
  const ref = refOf(arg);
  return typeof ref?.connectionId === 'string' ? ref.connectionId : undefined;
}

export function isRunRef(value: unknown): value is RunRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.threadId === 'string' && typeof value.runId === 'string';
}

export function isThreadRef(value: unknown): value is ThreadRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.threadId === 'string';
}

/** A run reference from a command argument: a RunRef, or a node carrying one as `ref`. */
export function runRefOf(arg: unknown): RunRef | undefined {
  const ref = refOf(arg);
  return isRunRef(ref) ? { connectionId: ref.connectionId, threadId: ref.threadId, runId: ref.runId } : undefined;
}

export function threadRefOf(arg: unknown): ThreadRef | undefined {
  const ref = refOf(arg);
  return isThreadRef(ref) ? { connectionId: ref.connectionId, threadId: ref.threadId } : undefined;
}

/** The one key of a thread in maps and sets (the store's caches, scans): `connection|thread`. */
export const threadRefKey = (ref: ThreadRef) => `${ref.connectionId}|${ref.threadId}`;

/** The one key of a run in maps and sets: its thread's key, then `|run`. */
export const runRefKey = (ref: RunRef) => `${threadRefKey(ref)}|${ref.runId}`;

export interface ConversationRef {
  connectionId: string;
  conversationId: string;
}

/** A response of a connection (the Responses family). */
export interface ResponseRef {
  connectionId: string;
  responseId: string;
}

export function isResponseRef(value: unknown): value is ResponseRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.responseId === 'string' && value.connectionId !== '' && value.responseId !== '';
}

export function isConversationRef(value: unknown): value is ConversationRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.conversationId === 'string';
}

/** A response reference from a command argument: a ResponseRef, or a node carrying one as `ref`. */
export function responseRefOf(arg: unknown): ResponseRef | undefined {
  const ref = refOf(arg);
  return isResponseRef(ref) ? { connectionId: ref.connectionId, responseId: ref.responseId } : undefined;
}

export function conversationRefOf(arg: unknown): ConversationRef | undefined {
  const ref = refOf(arg);
  return isConversationRef(ref) ? { connectionId: ref.connectionId, conversationId: ref.conversationId } : undefined;
}

/** The one key of a response in maps and sets (the scheduler's watches, the panels). */
export const responseRefKey = (ref: ResponseRef) => `${ref.connectionId}|response|${ref.responseId}`;

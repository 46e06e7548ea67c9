// References to service objects, passed between the tree, the panel, commands and
// documents. A command may receive a tree node, a plain reference, or nothing.

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

export function isRunRef(value: unknown): value is RunRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.threadId === 'string' && typeof value.runId === 'string';
}

export function isThreadRef(value: unknown): value is ThreadRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.threadId === 'string';
}

/** A run reference from a command argument: a RunRef, or a node carrying one as `ref`. */
export function runRefOf(arg: unknown): RunRef | undefined {
  if (isRunRef(arg)) return { connectionId: arg.connectionId, threadId: arg.threadId, runId: arg.runId };
  if (isObject(arg) && isRunRef(arg.ref)) return runRefOf(arg.ref);
  return undefined;
}

export function threadRefOf(arg: unknown): ThreadRef | undefined {
  if (isThreadRef(arg)) return { connectionId: arg.connectionId, threadId: arg.threadId };
  if (isObject(arg) && isThreadRef(arg.ref)) return threadRefOf(arg.ref);
  return undefined;
}

export const runRefKey = (ref: RunRef) => `${ref.connectionId}|${ref.threadId}|${ref.runId}`;

/** A response of a connection (the Responses family). */
export interface ResponseRef {
  connectionId: string;
  responseId: string;
}

export function isResponseRef(value: unknown): value is ResponseRef {
  return isObject(value) && typeof value.connectionId === 'string' && typeof value.responseId === 'string' && value.connectionId !== '' && value.responseId !== '';
}

/** A response reference from a command argument: a ResponseRef, or a node carrying one as `ref`. */
export function responseRefOf(arg: unknown): ResponseRef | undefined {
  if (isResponseRef(arg)) return { connectionId: arg.connectionId, responseId: arg.responseId };
  if (isObject(arg) && isResponseRef(arg.ref)) return responseRefOf(arg.ref);
  return undefined;
}

export const responseRefKey = (ref: ResponseRef) => `${ref.connectionId}|response|${ref.responseId}`;

// Every error becomes one sentence a user understands: what failed, the status, the
// service's own message and the request id — never a stack, never a secret.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { SchemaError } from './schemas';
import { redact } from '../util/redact';

/** An error whose message is already a sentence for the user (no prefix, no stack). */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** The answer's body stopped before its end (the connection closed mid-body). */
export class CutShortError extends Error {
  constructor(cause: string) {
    super(`the connection closed before the whole answer arrived (${cause})`);
    this.name = 'CutShortError';
  }
}

/** The user dismissed a prompt: report nothing. */
export class CancelledByUser extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledByUser';
  }
}

const statusWords: Record<number, string> = {
  400: 'bad request',
  401: 'not authorized',
  403: 'forbidden',
  404: 'not found',
  408: 'request timed out',
  409: 'conflict',
  413: 'request too large',
  422: 'unprocessable request',
  429: 'rate limited',
  500: 'server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

/** What to do about a status, said after the service's own message (one "—" clause only). */
const statusHints: Record<number, string> = {
  401: 'Check the key or sign in again.',
  403: 'The credential lacks access to this resource.',
  429: 'Try again shortly.',
};

function serviceMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message.trim()) return body.message.trim();
  return undefined;
}

function endSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * One sentence describing `error`, prefixed with what was being done
 * ("Couldn't load runs of thread_abc"). Secrets in any part are redacted.
 */
/**
 * `advice: false` leaves out what to do next ("try again", "retry"): for callers that say
 * themselves what to do, such as after a request that must not simply be sent again.
 */
export function toSentence(error: unknown, action?: string, options: { advice?: boolean } = {}): string {
  const advice = options.advice !== false;
  const prefix = action ? `${action}: ` : '';
  let text: string;
  if (error instanceof UserFacingError) {
    return redact(error.message);
  } else if (error instanceof APIUserAbortError) {
    text = 'the request was cancelled.';
  } else if (error instanceof APIConnectionTimeoutError) {
    text = `the service did not answer in time (request timed out).${advice ? ' Check the connection and try again.' : ''}`;
  } else if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    const detail = cause?.code || cause?.message;
    text = `could not reach the service${detail ? ` (${detail})` : ''}.${advice ? ' Check the URL and your network, then retry.' : ''}`;
  } else if (error instanceof APIError) {
    const status = error.status;
    const words = status !== undefined ? statusWords[status] : undefined;
    const message = serviceMessage(error);
    const hint = status !== undefined && advice ? statusHints[status] : undefined;
    text = `${status ?? 'error'}${words ? ` ${words}` : ''}`;
    if (message) text += ` — ${endSentence(message)}`;
    else text += '.';
    if (hint) text += ` ${hint}`;
    if (error.requestID) text += ` (request ${error.requestID})`;
  } else if (error instanceof CutShortError) {
    text = `${error.message}${advice ? '; try again.' : '.'}`;
  } else if (error instanceof SchemaError) {
    text = `the service returned a ${error.kind} the extension cannot read (${error.detail}).`;
  } else if (error instanceof SyntaxError) {
    text = `the service returned a body that is not valid JSON (${error.message}).`;
  } else if (error instanceof Error) {
    text = endSentence(error.message || error.name);
  } else {
    text = endSentence(String(error));
  }
  return redact(prefix + text);
}

/** The HTTP status of an API error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof APIError ? error.status : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

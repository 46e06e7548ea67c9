// Builds the `openai` client for a connection and one API surface: the Assistants
// surface (`/threads…`, with the `api-version` query on Azure) or the Responses surface
// (`/responses…`, `/conversations…`: on Azure the `/openai/v1/` path, no `api-version`).
// Shared by the Assistants client and the Responses calls, so credentials, logging and
// retries work one way for both.
import OpenAI, { AzureOpenAI } from 'openai';
import { apiVersionOf, authOf, defaultOpenAIBaseUrl, normalizeBaseUrl, type Connection } from './connection';
import { CutShortError, UserFacingError } from './errors';

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number | undefined;
  durationMs: number;
  requestId: string | undefined;
  error?: string;
}

/** How to build a client for a connection: the Assistants client and the Responses calls alike. */
export interface ClientOptions {
  connection: Connection;
  /** The key or bearer token to send, asked for before every request (tokens refresh). */
  credential: () => Promise<string | undefined>;
  timeoutMs?: number;
  log?: (entry: RequestLogEntry) => void;
  /** For tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export type ApiSurface = 'assistants' | 'responses';

/** Where the Responses surface lives for a connection (`…/openai/v1` on both Azure kinds). */
export function responsesBaseUrl(connection: Connection): string {
  switch (connection.kind) {
    case 'openai':
      return normalizeBaseUrl(connection.baseUrl || defaultOpenAIBaseUrl);
    case 'openai-compatible':
      return normalizeBaseUrl(connection.baseUrl ?? '');
    case 'azure-agents':
    case 'azure-openai':
      return `${normalizeBaseUrl(connection.baseUrl ?? '')}/openai/v1`;
  }
}

export function buildOpenAIClient(connection: Connection, options: ClientOptions, surface: ApiSurface, maxRetries: number): OpenAI {
  const auth = authOf(connection);
  const apiKey: () => Promise<string> = async () => {
    const value = await options.credential();
    if (!value) {
      throw new UserFacingError(
        auth === 'entra'
          ? `Connection "${connection.name}" is signed out. Sign in to Azure to continue.`
          : `Connection "${connection.name}" has no key. Edit the connection to set one.`,
      );
    }
    return value;
  };
  const common = {
    maxRetries,
    timeout: options.timeoutMs ?? 60_000,
    fetch: loggingFetch(options),
    // The client would otherwise read OPENAI_* variables from the environment.
    organization: connection.organization || null,
    project: connection.project || null,
  };
  // AzureOpenAI sends `api-key` from a fixed string; set it per request instead, so
  // the key is read from secret storage when used and never kept in the client.
  const withKey = async (init: RequestInit | undefined) => {
    const headers = new Headers(init?.headers);
    headers.set('api-key', await apiKey());
    return { ...init, headers };
  };
  if (connection.kind === 'azure-openai') {
    if (surface === 'responses') {
      // The resource's v1 surface takes the plain client: no deployment path, no api-version.
      const baseURL = responsesBaseUrl(connection);
      if (auth === 'entra') return new OpenAI({ ...common, baseURL, apiKey });
      return new OpenAI({ ...common, baseURL, apiKey: 'set-per-request', defaultHeaders: { Authorization: null }, fetch: loggingFetch(options, withKey) });
    }
    const endpoint = normalizeBaseUrl(connection.baseUrl ?? '');
    const apiVersion = apiVersionOf(connection);
    if (auth === 'entra') {
      return new AzureOpenAI({ ...common, endpoint, apiVersion, azureADTokenProvider: apiKey });
    }
    return new AzureOpenAI({ ...common, endpoint, apiVersion, apiKey: 'set-per-request', fetch: loggingFetch(options, withKey) });
  }
  const baseURL =
    surface === 'responses' ? responsesBaseUrl(connection)
    : connection.kind === 'openai' ? normalizeBaseUrl(connection.baseUrl || defaultOpenAIBaseUrl)
    : normalizeBaseUrl(connection.baseUrl ?? '');
  // Foundry's GA `/openai/v1/` surface takes no api-version; the Assistants surface needs one.
  const apiVersion = surface === 'responses' && connection.kind === 'azure-agents' ? undefined : apiVersionOf(connection);
  return new OpenAI({
    ...common,
    baseURL,
    apiKey: auth === 'none' ? 'none' : apiKey,
    defaultQuery: apiVersion ? { 'api-version': apiVersion } : undefined,
    // No credential: send no Authorization header at all.
    defaultHeaders: auth === 'none' ? { Authorization: null } : undefined,
  });
}

/** Wraps fetch to log each request (method, path, status, duration, request id). */
function loggingFetch(
  options: ClientOptions,
  prepare?: (init: RequestInit | undefined) => Promise<RequestInit | undefined>,
): typeof fetch {
  const base = options.fetch ?? fetch;
  const log = options.log;
  return async (input, init) => {
    const finalInit = prepare ? await prepare(init) : init;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = finalInit?.method ?? 'GET';
    const started = performance.now();
    try {
      const response = await base(input, finalInit);
      log?.({
        method,
        url,
        status: response.status,
        durationMs: performance.now() - started,
        requestId: response.headers.get('x-request-id') ?? response.headers.get('apim-request-id') ?? undefined,
      });
      return response;
    } catch (error) {
      log?.({ method, url, status: undefined, durationMs: performance.now() - started, requestId: undefined, error: (error as Error).message });
      throw error;
    }
  };
}

/** The body as JSON; a truncated or non-JSON body is a clear error, not an empty object. */
export async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new CutShortError((error as Error).message);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const preview = text.slice(0, 60).replace(/\s+/g, ' ');
    throw new SyntaxError(
      `${(error as Error).message}; ${type}, ${text.length} bytes${preview ? `, starting "${preview}"` : ''}`,
    );
  }
}

/** The service's `openai-poll-after-ms` hint, when it sent one. */
export function pollHint(response: Response): number | undefined {
  const value = Number(response.headers.get('openai-poll-after-ms'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

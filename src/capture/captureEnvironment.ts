// Which environment variable hands the proxy's URL to an app, by connection kind, and
// which upstream the proxy forwards to. Pure: the UI says the reason when there is none.
import { authOf, defaultOpenAIBaseUrl, normalizeBaseUrl, type Connection } from '../api/connection';

export type NoCaptureVariableReason =
  /** Azure SDKs refuse to send an Entra bearer token to an http:// URL. */
  | 'entraNeedsHttps'
  /** Foundry's Agents SDK reads no endpoint variable: the app must be given the URL itself. */
  | 'noEndpointVariable';

export type CaptureVariable =
  | { kind: 'variable'; name: 'OPENAI_BASE_URL' | 'AZURE_OPENAI_ENDPOINT'; value: string }
  | { kind: 'none'; reason: NoCaptureVariableReason };

/**
 * The variable that points an app at the proxy. For Azure OpenAI it is the endpoint:
 * `AzureOpenAI({ endpoint })` appends `/openai` itself, and OPENAI_BASE_URL would make it
 * throw ("baseURL and endpoint are mutually exclusive").
 */
export function captureVariable(connection: Connection, proxyBaseUrl: string): CaptureVariable {
  switch (connection.kind) {
    case 'openai':
    case 'openai-compatible':
      return { kind: 'variable', name: 'OPENAI_BASE_URL', value: proxyBaseUrl };
    case 'azure-openai':
      if (authOf(connection) === 'entra') return { kind: 'none', reason: 'entraNeedsHttps' };
      return { kind: 'variable', name: 'AZURE_OPENAI_ENDPOINT', value: proxyBaseUrl };
    case 'azure-agents':
      return { kind: 'none', reason: 'noEndpointVariable' };
  }
}

/** The base URL the proxy forwards to: the one the app would have used directly. */
export function captureUpstream(connection: Connection): string {
  switch (connection.kind) {
    case 'openai':
      return normalizeBaseUrl(connection.baseUrl || defaultOpenAIBaseUrl);
    case 'openai-compatible':
    case 'azure-agents':
    // The resource endpoint: the app's client adds /openai/… (see captureVariable).
    case 'azure-openai':
      return normalizeBaseUrl(connection.baseUrl ?? '');
  }
}

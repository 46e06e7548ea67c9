// Connection settings: what the user keeps in `agentRuns.connections` (never a key).
import * as z from 'zod/mini';

export const connectionKinds = ['openai', 'azure-agents', 'azure-openai', 'openai-compatible'] as const;
export type ConnectionKind = (typeof connectionKinds)[number];
export type AuthMode = 'key' | 'entra' | 'none';

export const connectionSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  kind: z.enum(connectionKinds),
  baseUrl: z.optional(z.string()),
  apiVersion: z.optional(z.string()),
  auth: z.optional(z.enum(['key', 'entra', 'none'])),
  organization: z.optional(z.string()),
  project: z.optional(z.string()),
});
export type Connection = z.infer<typeof connectionSchema> & {
  /**
   * Set on an *archive*: export files opened read-only (Open Archive…), whose requests are
   * answered from the files. Never read from settings (the schema above drops it).
   */
  archive?: string;
};

export const defaultOpenAIBaseUrl = 'https://api.openai.com/v1';
export const defaultAzureAgentsApiVersion = 'v1';
export const defaultAzureOpenAIApiVersion = '2025-04-01-preview';
export const azureAgentsScope = 'https://ai.azure.com/.default';
export const azureOpenAIScope = 'https://cognitiveservices.azure.com/.default';

export const kindLabels: Record<ConnectionKind, string> = {
  openai: 'OpenAI',
  'azure-agents': 'Azure AI Agents',
  'azure-openai': 'Azure OpenAI',
  'openai-compatible': 'OpenAI-compatible',
};

/** The authentication a connection uses when its settings do not say. */
export function authOf(connection: Connection): AuthMode {
  if (connection.auth) return connection.auth;
  switch (connection.kind) {
    case 'azure-agents':
      return 'entra';
    case 'openai-compatible':
      return 'none';
    default:
      return 'key';
  }
}

/** Whether the service can list threads (Azure AI Agents has `GET /threads`; OpenAI does not). */
export function canListThreads(connection: Connection): boolean {
  return connection.kind === 'azure-agents' || connection.archive !== undefined;
}

export function apiVersionOf(connection: Connection): string | undefined {
  if (connection.kind === 'azure-agents') return connection.apiVersion || defaultAzureAgentsApiVersion;
  if (connection.kind === 'azure-openai') return connection.apiVersion || defaultAzureOpenAIApiVersion;
  return connection.apiVersion || undefined;
}

/** Checks a base URL typed by the user; returns a sentence saying what is wrong, or undefined. */
export function validateBaseUrl(kind: ConnectionKind, value: string): string | undefined {
  const text = value.trim();
  if (!text) return kind === 'openai' ? undefined : 'Enter the service URL.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL. Start it with https:// (or http:// for a local server).`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an http:// or https:// URL.';
  if (url.search || url.hash) return 'Leave out the query (?…) and fragment (#…); the api-version is a separate setting.';
  if (kind === 'azure-agents' && !/\/api\/projects\/[^/]+\/?$/.test(url.pathname)) {
    return 'An Azure AI Agents project endpoint ends in /api/projects/<project>, e.g. https://<resource>.services.ai.azure.com/api/projects/<project>.';
  }
  return undefined;
}

export function normalizeBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

/** The settings list, parsed entry by entry; bad entries are reported, not fatal. */
export function parseConnections(raw: unknown): { connections: Connection[]; problems: string[] } {
  const connections: Connection[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const list = Array.isArray(raw) ? raw : [];
  list.forEach((entry, index) => {
    const result = z.safeParse(connectionSchema, entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      problems.push(`agentRuns.connections[${index}]: ${issue?.path.join('.') || 'entry'} ${issue?.message ?? 'is invalid'}`);
      return;
    }
    if (seen.has(result.data.id)) {
      problems.push(`agentRuns.connections[${index}]: duplicate id "${result.data.id}"`);
      return;
    }
    seen.add(result.data.id);
    connections.push(result.data);
  });
  return { connections, problems };
}

export function describeConnection(connection: Connection): string {
  if (connection.archive !== undefined) return `Archive · ${decodeURIComponent(connection.archive.replace(/\/+$/, '').replace(/^.*\//, ''))}`;
  const where = connection.baseUrl || (connection.kind === 'openai' ? 'api.openai.com' : '');
  return `${kindLabels[connection.kind]}${where ? ` · ${where.replace(/^https?:\/\//, '')}` : ''}`;
}

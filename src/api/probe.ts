// What a server has, decided from the HTTP status of one small request (error texts are
// not published): whether it lists responses or conversations, whether the Assistants
// API is there at all.
import type OpenAI from 'openai';
import { APIError } from 'openai';

/** Whether an endpoint exists, decided from the HTTP status alone (error texts are not published). */
export type Capability =
  | { kind: 'present' }
  /** 404 or 405: the server has no such endpoint. */
  | { kind: 'absent'; status: number }
  /** Any other failure (a bad key, a 5xx, no network, …): nothing can be concluded from it. */
  | { kind: 'undetermined'; status: number | undefined; error: unknown };

export async function probe(client: OpenAI, path: string): Promise<Capability> {
  try {
    const response = await client.get(path, { query: { limit: 1 } }).asResponse();
    // Read to the end, so the connection is released.
    await response.arrayBuffer();
    return { kind: 'present' };
  } catch (error) {
    const status = error instanceof APIError ? error.status : undefined;
    if (status === 404 || status === 405) return { kind: 'absent', status };
    return { kind: 'undetermined', status, error };
  }
}

/**
 * Whether the Assistants API is there, on a client built for the Assistants surface: a
 * 404 on `/threads` says it is gone; OpenAI, while it had it, answered 401 (a list needs
 * a browser session key), which says nothing either way.
 */
export function probeThreads(assistantsClient: OpenAI): Promise<Capability> {
  return probe(assistantsClient, '/threads');
}

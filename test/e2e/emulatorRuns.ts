// Runs and responses created in the emulator (the demo project) for UI tests, through its public API.
import { ui } from './setup';

export interface WireRun {
  id: string;
  thread_id: string;
  status: string;
  required_action?: { submit_tool_outputs?: { tool_calls: { id: string; function?: { name?: string } }[] } } | null;
}

export function azureUrl(path: string): string {
  return `${ui().session.emulator.origin}/api/projects/demo${path}?api-version=v1`;
}

/** Creates a thread with `message` and a run of `assistant` on it. */
export async function createThreadAndRun(assistant: string, message: string): Promise<WireRun> {
  const res = await fetch(azureUrl('/threads/runs'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ assistant_id: assistant, thread: { messages: [{ role: 'user', content: message }] } }),
  });
  if (!res.ok) throw new Error(`create thread and run → ${res.status} ${await res.text()}`);
  return (await res.json()) as WireRun;
}

export async function waitForStatus(threadId: string, runId: string, status: string): Promise<WireRun> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = (await (await fetch(azureUrl(`/threads/${threadId}/runs/${runId}`))).json()) as WireRun;
    if (run.status === status) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} stayed ${run.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface WireResponse {
  id: string;
  status: string;
  output: { type: string; name?: string; call_id?: string }[];
}

/** Creates a response on the demo project (Foundry), as an app would. */
export async function createResponse(body: Record<string, unknown>): Promise<WireResponse> {
  const res = await fetch(`${ui().session.emulator.origin}/api/projects/demo/openai/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`create response → ${res.status} ${await res.text()}`);
  return (await res.json()) as WireResponse;
}

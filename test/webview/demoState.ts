// A realistic panel state for the standalone webview tests: a demo run read from the
// emulator and turned into the view model by the extension's own builder.
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { startEmulator } from '../harness/emulator';
import { repoRoot } from '../harness/paths';

export async function demoPanelState(threadId: string, runId: string): Promise<unknown> {
  const emulator = await startEmulator({ mode: 'openai', seed: 'demo' });
  try {
    const get = async (p: string) => {
      const res = await fetch(`${emulator.baseURL}${p}`);
      if (!res.ok) throw new Error(`GET ${p} → ${res.status}`);
      return res.json() as Promise<{ data?: unknown[] } & Record<string, unknown>>;
    };
    const run = await get(`/threads/${threadId}/runs/${runId}`);
    const steps = (await get(`/threads/${threadId}/runs/${runId}/steps?limit=100`)).data ?? [];
    const messages = (await get(`/threads/${threadId}/messages?limit=100&run_id=${runId}`)).data ?? [];
    const { buildRunView } = (await import(pathToFileURL(path.join(repoRoot, 'src', 'panels', 'viewModel.ts')).href)) as {
      buildRunView(input: { run: unknown; steps: unknown[]; messages: unknown[] }): unknown;
    };
    return {
      ref: { connectionId: 'demo', threadId, runId },
      connectionName: 'Emulator (demo)',
      loading: false,
      error: null,
      live: false,
      updatedAt: Date.now(),
      run: buildRunView({ run, steps, messages }),
      drafts: {},
      submission: { state: 'idle' },
    };
  } finally {
    await emulator.close();
  }
}

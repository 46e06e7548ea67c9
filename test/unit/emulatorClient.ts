// For suites that test extension code against the emulator over real HTTP: one emulator
// in OpenAI mode and a client of it (no key), with the seed restored and the request log
// cleared before each test. Call inside a describe(); read `emu` and `client` in tests.
import { after, before, beforeEach } from 'node:test';
import { AgentsClient } from '../../src/api/client';
import { startEmulator, type RunningEmulator } from '../emulator/server';

export interface EmulatorClient {
  readonly emu: RunningEmulator;
  readonly client: AgentsClient;
}

export function useEmulatorClient(seed: 'demo' | 'empty'): EmulatorClient {
  const env = {} as { emu: RunningEmulator; client: AgentsClient };
  before(async () => {
    env.emu = await startEmulator({ mode: 'openai', seed, stepMs: 20, pollAfterMs: 0 });
    const connection = { id: 'emu', name: 'Emulator', kind: 'openai' as const, baseUrl: env.emu.baseURL, auth: 'none' as const };
    env.client = new AgentsClient(connection, { connection, credential: async () => undefined, timeoutMs: 5000 });
  });
  after(async () => env.emu.close());
  beforeEach(() => {
    env.emu.emulator.reset(seed);
    env.emu.emulator.log.clear();
  });
  return env;
}

// Starts the Assistants-API emulator (test/emulator/server.ts) in this process and
// describes the connection the extension should use for it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths';

export type EmulatorMode = 'openai' | 'azure' | 'azure-openai';

export interface EmulatorOptions {
  port?: number;
  mode?: EmulatorMode;
  seed?: 'demo' | 'empty';
  apiKey?: string;
  /** More credentials the emulator also accepts. */
  moreApiKeys?: string[];
  latencyMs?: number;
  stepMs?: number;
}

export interface Emulator {
  port: number;
  origin: string;
  baseURL: string;
  close(): Promise<void>;
}

/** Shape of one entry of the `agentRuns.connections` setting. */
export interface ConnectionSetting {
  id: string;
  name: string;
  kind: 'openai' | 'azure-agents' | 'azure-openai' | 'openai-compatible';
  baseUrl?: string;
  apiVersion?: string;
  auth?: 'key' | 'entra' | 'none';
}

// ARD_EMULATOR_MODULE lets the harness itself be tried against another server module.
const emulatorModule = process.env.ARD_EMULATOR_MODULE || path.join(repoRoot, 'test', 'emulator', 'server.ts');

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (!fs.existsSync(emulatorModule)) {
    throw new Error(`The emulator (${path.relative(repoRoot, emulatorModule)}) does not exist yet; the harness needs its startEmulator().`);
  }
  const mod = (await import(pathToFileURL(emulatorModule).href)) as {
    startEmulator?: (o: EmulatorOptions) => Promise<Emulator>;
  };
  if (typeof mod.startEmulator !== 'function') {
    throw new Error(`${emulatorModule} does not export startEmulator()`);
  }
  return mod.startEmulator({ mode: 'azure', seed: 'demo', ...options });
}

/** The demo connection: the emulator in Azure AI Agents mode, project `demo`, no auth. */
export function demoConnection(emulator: Pick<Emulator, 'origin' | 'baseURL'>): ConnectionSetting {
  return {
    id: 'demo',
    name: 'Emulator (demo)',
    kind: 'azure-agents',
    baseUrl: emulator.baseURL.includes('/api/projects/') ? emulator.baseURL : `${emulator.origin}/api/projects/demo`,
    apiVersion: 'v1',
    auth: 'none',
  };
}

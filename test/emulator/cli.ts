// npm run emulator -- [--port N] [--mode openai|azure|azure-openai] [--seed demo|empty]
//                     [--api-key K] [--latency-ms N] [--step-ms N] [--poll-after-ms N] [--host H]
// First line printed: "Emulator listening on <base URL>".
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorMode, type EmulatorSeed } from './server';

const USAGE =
  'usage: npm run emulator -- [--port N] [--mode openai|azure|azure-openai] [--seed demo|empty] [--api-key K] [--latency-ms N] [--step-ms N] [--poll-after-ms N] [--host H]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function int(name: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        mode: { type: 'string' },
        seed: { type: 'string' },
        'api-key': { type: 'string' },
        'latency-ms': { type: 'string' },
        'step-ms': { type: 'string' },
        'poll-after-ms': { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const mode = (values.mode as string | undefined) ?? 'openai';
  if (!['openai', 'azure', 'azure-openai'].includes(mode)) fail(`--mode must be openai, azure or azure-openai, got '${mode}'`);
  const seed = (values.seed as string | undefined) ?? 'demo';
  if (seed !== 'demo' && seed !== 'empty') fail(`--seed must be demo or empty, got '${seed}'`);
  const emulator = await startEmulator({
    port: int('port', values.port as string | undefined, 0),
    mode: mode as EmulatorMode,
    seed: seed as EmulatorSeed,
    apiKey: values['api-key'] as string | undefined,
    latencyMs: int('latency-ms', values['latency-ms'] as string | undefined, 0),
    stepMs: int('step-ms', values['step-ms'] as string | undefined, 500),
    pollAfterMs: int('poll-after-ms', values['poll-after-ms'] as string | undefined, 1000),
    host: (values.host as string | undefined) ?? '127.0.0.1',
  });
  process.stdout.write(`Emulator listening on ${emulator.baseURL}\n`);
  process.stdout.write(
    [
      `  OpenAI:          baseURL ${emulator.urls.openai}`,
      `  Azure AI Agents: baseURL ${emulator.urls.azure}  (defaultQuery api-version=v1, Bearer token)`,
      `  Azure OpenAI:    endpoint ${emulator.urls.azureOpenAIEndpoint}  (AzureOpenAI client, apiVersion e.g. 2025-04-01-preview)`,
      `  Foundry:         baseURL ${emulator.urls.foundry}  (Responses and Conversations, no api-version, Bearer token)`,
      `  Control:         ${emulator.origin}/__emulator/state`,
      `  seed=${seed} step-ms=${values['step-ms'] ?? 500}${values['api-key'] ? ' (api key required)' : ''}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Emulator stopping (${signal})\n`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Emulator failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});

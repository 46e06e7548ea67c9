// Paths of the `agent-runs-draft` file system (pure, no vscode import):
//   /<connection>/<thread>/<run>.tool-outputs.json          the draft of a run's outputs
//   /<connection>/<thread>/<run>.<call>.arguments.json      a pending call's arguments (read-only)
// The run id leads the file name so the tab says which run the draft answers.
import type { RunRef } from '../util/refs';

export const draftScheme = 'agent-runs-draft';
const outputsSuffix = '.tool-outputs.json';
const argumentsSuffix = '.arguments.json';

export type DraftPath =
  | { kind: 'outputs'; ref: RunRef }
  | { kind: 'arguments'; ref: RunRef; callId: string };

const enc = encodeURIComponent;

export function outputsPath(ref: RunRef): string {
  return `/${enc(ref.connectionId)}/${enc(ref.threadId)}/${enc(ref.runId)}${outputsSuffix}`;
}

export function argumentsPath(ref: RunRef, callId: string): string {
  return `/${enc(ref.connectionId)}/${enc(ref.threadId)}/${enc(ref.runId)}.${enc(callId)}${argumentsSuffix}`;
}

function dec(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Reads a path of the draft file system; undefined for anything else (e.g. folders). */
export function parseDraftPath(path: string): DraftPath | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== 3) return undefined;
  const [c, t, file] = parts as [string, string, string];
  const connectionId = dec(c);
  const threadId = dec(t);
  if (!connectionId || !threadId) return undefined;
  if (file.endsWith(outputsSuffix)) {
    const runId = dec(file.slice(0, -outputsSuffix.length));
    return runId && !runId.includes('/') ? { kind: 'outputs', ref: { connectionId, threadId, runId } } : undefined;
  }
  if (file.endsWith(argumentsSuffix)) {
    const stem = file.slice(0, -argumentsSuffix.length);
    const dot = stem.indexOf('.');
    if (dot <= 0) return undefined;
    const runId = dec(stem.slice(0, dot));
    const callId = dec(stem.slice(dot + 1));
    return runId && callId ? { kind: 'arguments', ref: { connectionId, threadId, runId }, callId } : undefined;
  }
  return undefined;
}

/** A file-name-safe key of a run for the storage folder. */
export function storageName(ref: RunRef): string {
  return `${enc(ref.connectionId)}__${enc(ref.threadId)}__${enc(ref.runId)}.json`;
}

/** Pretty-printed arguments (the service sends them as a JSON string; keep the text if it is not JSON). */
export function prettyArguments(args: string | undefined): string {
  if (args === undefined || args === '') return '{}\n';
  try {
    return `${JSON.stringify(JSON.parse(args), null, 2)}\n`;
  } catch {
    return args.endsWith('\n') ? args : `${args}\n`;
  }
}

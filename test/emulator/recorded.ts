// The recorded real service answers in fixtures/recorded/, with the request each one
// answered (read from each folder's SOURCE.md table).
import fs from 'node:fs';
import path from 'node:path';
import { recordedDir as fixturesRecordedDir } from '../fixtures/paths';

export interface RecordedBody {
  folder: string;
  file: string;
  method: string;
  /** Path under /v1, without query. */
  path: string;
  query: string;
  status: number;
  /** Parsed JSON body, or the SSE events of a .sse file. */
  body?: unknown;
  events?: Array<{ event: string; data: string }>;
  notes: string;
}

export function recordedDir(): string {
  return fixturesRecordedDir;
}

export function loadRecorded(): RecordedBody[] {
  const out: RecordedBody[] = [];
  for (const folder of fs.readdirSync(recordedDir())) {
    const dir = path.join(recordedDir(), folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    const source = fs.readFileSync(path.join(dir, 'SOURCE.md'), 'utf8');
    for (const line of source.split('\n')) {
      const m = /^\|\s*`([^`]+)`\s*\|\s*(GET|POST|DELETE)\s+(\S+)\s*\|\s*(\d{3})\s*\|(.*)$/.exec(line);
      if (!m) continue;
      const [, file, method, url, status, rest] = m;
      const [pathPart, query = ''] = url.split('?');
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const entry: RecordedBody = {
        folder,
        file,
        method,
        path: pathPart.replace(/^\/v1/, ''),
        query,
        status: Number(status),
        notes: rest.split('|').map((c) => c.trim()).filter(Boolean).pop() ?? '',
      };
      if (file.endsWith('.sse')) entry.events = parseSse(text);
      else entry.body = JSON.parse(text);
      out.push(entry);
    }
  }
  return out;
}

export function parseSse(text: string): Array<{ event: string; data: string }> {
  const events: Array<{ event: string; data: string }> = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return events;
}

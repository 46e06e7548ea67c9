// The recorded real service answers in fixtures/recorded/, with the request each one
// answered (read from each folder's SOURCE.md table).
import fs from 'node:fs';
import path from 'node:path';
import { recordedDir as fixturesRecordedDir, recordedResponsesDir } from '../fixtures/paths';

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

/** One body of fixtures/recorded-responses/ (Responses and Conversations), from its SOURCE.md table. */
export interface RecordedResponseBody {
  file: string;
  method: string;
  /** Path under /v1, without query. */
  path: string;
  query: string;
  status: number;
  /** When the service sent it (Date header, VCR date, or derived from created_at); undefined if unknown. */
  date?: string;
  /** Format code of SOURCE.md: A, B… (F = written by hand into another SDK's tests; R = a request body). */
  format: string;
  notes: string;
  body?: unknown;
  events?: Array<{ event: string; data: string }>;
}

export function loadRecordedResponses(): RecordedResponseBody[] {
  const source = fs.readFileSync(path.join(recordedResponsesDir, 'SOURCE.md'), 'utf8');
  const out: RecordedResponseBody[] = [];
  for (const line of source.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | file | repository | commit | path | interaction | method + path | status | date | license | notes |
    if (cells.length < 11 || !/\.(json|sse)$/.test(cells[1])) continue;
    const [, file, , , , , request, status, date, , notes] = cells;
    const m = /^(GET|POST|DELETE) (\S+)$/.exec(request);
    if (!m) continue;
    const [pathPart, query = ''] = m[2].split('?');
    const iso = /\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? (Number.isNaN(Date.parse(date)) ? undefined : new Date(date).toISOString().slice(0, 10));
    const text = fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8');
    const entry: RecordedResponseBody = {
      file,
      method: m[1],
      path: pathPart.replace(/^\/v1/, ''),
      query,
      status: Number(status),
      date: iso,
      format: /^\[([A-Z])\]/.exec(notes)?.[1] ?? '',
      notes,
    };
    if (file.endsWith('.sse')) entry.events = parseSse(text);
    else entry.body = JSON.parse(text);
    out.push(entry);
  }
  return out;
}

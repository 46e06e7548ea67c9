import * as vscode from 'vscode';
import type { RequestLogEntry } from '../api/openaiClient';
import { redact } from './redact';

/** The "Agent Runs" log: one line per request, secrets redacted. */
export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    // Not localized: the name is also the log file's name ("Agent Runs.log") that bug reports and tools look for.
    this.channel = vscode.window.createOutputChannel('Agent Runs', { log: true });
  }

  request(entry: RequestLogEntry): void {
    let path = entry.url;
    try {
      const url = new URL(entry.url);
      path = url.pathname + url.search;
    } catch {
      // keep the raw text
    }
    const line = `${entry.method} ${path} → ${entry.status ?? 'no response'} in ${Math.round(entry.durationMs)} ms${entry.requestId ? ` (request ${entry.requestId})` : ''}${entry.error ? ` — ${entry.error}` : ''}`;
    if (entry.status === undefined || entry.status >= 400) this.channel.warn(redact(line));
    else this.channel.info(redact(line));
  }

  info(message: string): void {
    this.channel.info(redact(message));
  }

  warn(message: string): void {
    this.channel.warn(redact(message));
  }

  error(message: string): void {
    this.channel.error(redact(message));
  }

  dispose(): void {
    this.channel.dispose();
  }
}

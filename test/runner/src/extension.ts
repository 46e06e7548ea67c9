// Test-only extension, installed next to the extension under test in code-server. On
// start-up it runs the Mocha integration suite named by the run file in ARD_TEST_RUN,
// streaming events and writing the results where the harness (test/harness) reads them.
// Without ARD_TEST_RUN it does nothing.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunEvent, RunRequest, RunResults, TestResult } from './protocol';

type MochaModule = typeof import('mocha');

export function activate(): void {
  const runFile = process.env.ARD_TEST_RUN;
  if (!runFile) return;
  const request = JSON.parse(fs.readFileSync(runFile, 'utf8')) as RunRequest;
  const emit = (e: RunEvent) => fs.appendFileSync(request.eventsFile, JSON.stringify(e) + '\n');
  // Let activation finish first: the suite activates other extensions itself.
  setTimeout(() => {
    runSuite(request, emit).catch((err: Error) => emit({ event: 'crash', message: String(err?.message ?? err), stack: err?.stack }));
  }, 0);
}

async function runSuite(request: RunRequest, emit: (e: RunEvent) => void): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require(request.mocha) as MochaModule;
  const mocha = new Mocha({ ui: 'bdd', timeout: request.timeoutMs, color: false, reporter: 'base' /* prints nothing; the harness prints the results */, grep: request.grep });
  for (const file of request.files) mocha.addFile(file);

  const tests: TestResult[] = [];
  const started = Date.now();
  const record = (test: Mocha.Runnable, state: TestResult['state'], err?: Error) => {
    const result: TestResult = {
      title: test.title,
      fullTitle: test.fullTitle(),
      file: test.file,
      state,
      durationMs: test.duration,
      error: err ? { message: String(err.message ?? err), stack: err.stack } : undefined,
    };
    tests.push(result);
    emit({ event: 'result', result });
  };

  const runner = mocha.run();
  emit({ event: 'start', total: runner.total, vscodeVersion: vscode.version, pid: process.pid });
  runner.on('test', (test) => emit({ event: 'test', fullTitle: test.fullTitle() }));
  runner.on('pass', (test) => record(test, 'passed'));
  // Hook failures arrive here too (their title names the hook).
  runner.on('fail', (test, err) => record(test, 'failed', err));
  runner.on('pending', (test) => record(test, 'pending'));
  await new Promise<void>((resolve) => runner.once('end', () => resolve()));

  const results: RunResults = {
    vscodeVersion: vscode.version,
    passes: tests.filter((t) => t.state === 'passed').length,
    failures: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    durationMs: Date.now() - started,
    tests,
  };
  fs.writeFileSync(request.resultsFile, JSON.stringify(results, null, 2));
  emit({ event: 'end', passes: results.passes, failures: results.failures, pending: results.pending, durationMs: results.durationMs });
}

export function deactivate(): void {}

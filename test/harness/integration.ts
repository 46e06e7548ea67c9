// `npm run test:integration`: runs the Mocha suite of test/integration inside a real
// VS Code extension host. code-server (with the extension's VSIX and the test-runner
// extension of test/runner installed) serves the workbench; a headless Chromium opens
// it so that an extension host starts; the runner extension runs the suite there and
// streams its results to a file this script prints.
//
//   --next           also run test/integration/next/ (features still being written)
//   --grep <text>    only tests whose full title contains <text>
//   --build-only     only compile the tests to out/test/integration (for .vscode-test.mjs)
// ARD_IT_TIMEOUT_MS (default 600000) bounds the whole run; ARD_IT_TEST_TIMEOUT_MS
// (default 20000) bounds one test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEvent, RunRequest, TestResult } from '../runner/src/protocol';
import { buildIntegrationTests, ensureRunnerVsix, integrationTestFiles } from './build';
import { launchBrowser, openWorkbench } from './browser';
import { extensionHostErrors, extensionHostLogs } from './codeServer';
import { fixturesDir } from '../fixtures/paths';
import { artifactsDir, repoRoot } from './paths';
import { onCleanup, stopAll, stopAllOnSignals } from './processes';
import { startSession } from './session';

const { values: args } = parseArgs({ options: { next: { type: 'boolean' }, grep: { type: 'string' }, 'build-only': { type: 'boolean' } } });
const overallTimeoutMs = Number(process.env.ARD_IT_TIMEOUT_MS || 600_000);
const testTimeoutMs = Number(process.env.ARD_IT_TEST_TIMEOUT_MS || 20_000);
/** How long the runner may take to report its start once the workbench is open. */
const startTimeoutMs = 120_000;

async function main(): Promise<number> {
  stopAllOnSignals();
  const t0 = Date.now();
  const sources = integrationTestFiles(args.next ? ['.', 'next'] : ['.']);
  if (sources.length === 0) throw new Error('no test files in test/integration/');
  if (args['build-only']) {
    const files = await buildIntegrationTests(sources);
    console.log(`[harness] compiled ${files.length} test file(s) into ${path.relative(repoRoot, path.dirname(files[0]))}`);
    return 0;
  }
  const [files, runnerVsix] = await Promise.all([buildIntegrationTests(sources), ensureRunnerVsix()]);
  console.log(`[harness] ${files.length} test file(s): ${sources.map((f) => path.relative(repoRoot, f)).join(', ')}`);

  const runDir = path.join(artifactsDir, 'integration-run');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const request: RunRequest = {
    mocha: require.resolve('mocha/lib/mocha.cjs', { paths: [repoRoot] }),
    files,
    timeoutMs: testTimeoutMs,
    grep: args.grep,
    eventsFile: path.join(runDir, 'events.jsonl'),
    resultsFile: path.join(runDir, 'results.json'),
  };
  const requestFile = path.join(runDir, 'run.json');
  fs.writeFileSync(requestFile, JSON.stringify(request, null, 2));
  fs.writeFileSync(request.eventsFile, '');

  const session = await startSession({ name: 'integration', extraVsix: [runnerVsix], env: { ARD_TEST_RUN: requestFile, ARD_FIXTURES_DIR: fixturesDir } });
  const browser = await launchBrowser();
  onCleanup(() => browser.close());
  const page = await openWorkbench(browser, session.codeServer.workbenchUrl, { consoleLog: path.join(runDir, 'workbench-console.log') });
  console.log(`[harness] workbench open after ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for the suite\n`);

  const outcome = await followEvents(request.eventsFile);
  await page.screenshot({ path: path.join(runDir, 'workbench.png') }).catch(() => undefined);

  const failed = outcome.results.filter((r) => r.state === 'failed');
  const passed = outcome.results.filter((r) => r.state === 'passed');
  const pending = outcome.results.filter((r) => r.state === 'pending');
  if (failed.length) {
    console.log('');
    failed.forEach((r, i) => {
      console.log(`  ${i + 1}) ${r.fullTitle}:`);
      console.log(indent(r.error?.stack || r.error?.message || 'failed', '     '));
      console.log('');
    });
  }
  const problem = outcome.problem;
  if (problem) console.log(`\n  ✘ ${problem}`);
  if (failed.length || problem) {
    const errors = extensionHostErrors(session.profile);
    console.log(`\n[harness] extension host log: ${extensionHostLogs(session.profile).join(', ') || '(none)'}`);
    if (errors.length) console.log(`[harness] its error lines:\n${errors.map((e) => indent(e, '  ')).join('\n')}`);
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(`\n  ${passed.length} passing (${seconds}s)`);
  if (pending.length) console.log(`  ${pending.length} pending`);
  const failures = failed.length + (problem ? 1 : 0);
  if (failures) console.log(`  ${failures} failing`);
  if (!problem && outcome.results.length === 0) {
    console.log('  ✘ the suite ran no tests');
    return 1;
  }
  return failures ? 1 : 0;
}

interface Outcome {
  results: TestResult[];
  /** Why the run did not end normally (hang, crash, no start). */
  problem?: string;
}

/** Prints the runner's events as they arrive, until the end, a crash or a timeout. */
async function followEvents(eventsFile: string): Promise<Outcome> {
  const results: TestResult[] = [];
  let offset = 0;
  let started = false;
  let current: string | undefined;
  const t0 = Date.now();
  for (;;) {
    const text = fs.readFileSync(eventsFile, 'utf8');
    const complete = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(offset, complete).split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as RunEvent;
      switch (e.event) {
        case 'start':
          started = true;
          console.log(`  VS Code ${e.vscodeVersion} (extension host pid ${e.pid}), ${e.total} test(s)\n`);
          break;
        case 'test':
          current = e.fullTitle;
          break;
        case 'result': {
          results.push(e.result);
          current = undefined;
          const r = e.result;
          const ms = r.durationMs !== undefined ? ` (${r.durationMs}ms)` : '';
          if (r.state === 'passed') console.log(`  ✔ ${r.fullTitle}${ms}`);
          else if (r.state === 'pending') console.log(`  - ${r.fullTitle}`);
          else console.log(`  ✘ ${r.fullTitle} — ${firstLine(r.error?.message)}`);
          break;
        }
        case 'end':
          return { results };
        case 'crash':
          return { results, problem: `the test runner crashed in the extension host: ${e.message}\n${indent(e.stack ?? '', '    ')}` };
      }
    }
    offset = complete;
    const elapsed = Date.now() - t0;
    if (!started && elapsed > startTimeoutMs) {
      return { results, problem: `the test-runner extension did not start the suite within ${startTimeoutMs / 1000} s (no extension host, or the runner was not activated)` };
    }
    if (elapsed > overallTimeoutMs) {
      return { results, problem: `the suite did not finish within ${overallTimeoutMs / 1000} s${current ? `; it hung in "${current}"` : ''}` };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? 'failed').split('\n')[0];
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => prefix + l).join('\n');
}

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (err: Error) => {
    console.error(`\n[harness] ${err.stack ?? err}`);
    console.log('\n  0 passing\n  1 failing');
    await stopAll();
    process.exit(1);
  });

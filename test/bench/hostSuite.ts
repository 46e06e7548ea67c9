// Runs Mocha files inside a real VS Code extension host (code-server), the way
// test/harness/integration.ts does, for the benchmarks and the reliability suite:
// one session (emulator + code-server + Chromium), then one or more "launches". A
// launch is a (re)load of the workbench page, which starts a fresh extension host; the
// test-runner extension reads the run file again on activation, so every launch can
// run other files. Figures come back through ARD_BENCH_OUT (JSON lines the in-host
// files append to).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunEvent, RunRequest, TestResult } from '../runner/src/protocol';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { compileHostTests, ensureRunnerVsix } from '../harness/build';
import { extensionHostErrors } from '../harness/codeServer';
import type { EmulatorOptions } from '../harness/emulator';
import { artifactsDir, repoRoot } from '../harness/paths';
import { onCleanup, stopAll, stopAllOnSignals } from '../harness/processes';
import { startSession, type Session } from '../harness/session';

export interface Launch {
  /** Source test files (absolute), compiled and run in this launch. */
  files: string[];
  /** Per-test timeout (ms). */
  timeoutMs?: number;
}

export interface LaunchOutcome {
  results: TestResult[];
  problem?: string;
  pid?: number;
  vscodeVersion?: string;
}

export interface HostSuiteOptions {
  /** Folder name under .artifacts/ for the profile, logs and compiled files. */
  name: string;
  emulator?: EmulatorOptions;
  /** VSIX files installed besides the extension and the test runner. */
  extraVsix?: string[];
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Called with each test result as it arrives. */
  onResult?: (r: TestResult) => void;
  log?: (line: string) => void;
}

export interface HostSuite {
  session: Session;
  /** The JSON-lines file the in-host files append figures to. */
  outFile: string;
  /** Starts (first call) or reloads the workbench and runs `launch` in the new extension host. */
  run(launch: Launch): Promise<LaunchOutcome>;
  /** Figures appended so far, parsed. */
  figures<T = Record<string, unknown>>(): T[];
  hostErrors(): string[];
  stop(): Promise<void>;
}

const launchTimeoutMs = Number(process.env.ARD_BENCH_LAUNCH_TIMEOUT_MS || 15 * 60_000);

export async function startHostSuite(options: HostSuiteOptions): Promise<HostSuite> {
  stopAllOnSignals();
  const log = options.log ?? ((line: string) => console.log(`[host] ${line}`));
  const dir = path.join(artifactsDir, `${options.name}-run`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const requestFile = path.join(dir, 'run.json');
  const eventsFile = path.join(dir, 'events.jsonl');
  const outFile = path.join(dir, 'figures.jsonl');
  fs.writeFileSync(eventsFile, '');
  fs.writeFileSync(outFile, '');

  const runnerVsix = await ensureRunnerVsix();
  const session = await startSession({
    name: options.name,
    extraVsix: [runnerVsix, ...(options.extraVsix ?? [])],
    emulator: options.emulator,
    settings: options.settings,
    env: { ARD_TEST_RUN: requestFile, ARD_BENCH_OUT: outFile, ...options.env },
    log,
  });
  const browser = await launchBrowser();
  onCleanup(() => browser.close());
  let page: Page | undefined;
  let launchNo = 0;
  let offset = 0;

  return {
    session,
    outFile,
    async run(launch) {
      launchNo += 1;
      const files = await compileHostTests(launch.files, path.join(repoRoot, 'test'), path.join(repoRoot, 'out', 'test', options.name, String(launchNo)));
      const request: RunRequest = {
        mocha: require.resolve('mocha/lib/mocha.cjs', { paths: [repoRoot] }),
        files,
        timeoutMs: launch.timeoutMs ?? 120_000,
        eventsFile,
        resultsFile: path.join(dir, `results-${launchNo}.json`),
      };
      fs.writeFileSync(requestFile, JSON.stringify(request, null, 2));
      const t0 = Date.now();
      if (!page) {
        // The first load of a fresh code-server can take minutes on a busy machine.
        page = await openWorkbench(browser, session.codeServer.workbenchUrl, { consoleLog: path.join(dir, 'workbench-console.log'), loadTimeoutMs: 180_000 });
      } else {
        await page.reload({ timeout: 180_000 });
        await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
      }
      log(`launch ${launchNo}: workbench open after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const outcome = await follow();
      if (outcome.problem) await page.screenshot({ path: path.join(dir, `launch-${launchNo}.png`) }).catch(() => undefined);
      return outcome;
    },
    figures<T>() {
      return fs
        .readFileSync(outFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T);
    },
    hostErrors: () => extensionHostErrors(session.profile),
    async stop() {
      await stopAll();
    },
  };

  async function follow(): Promise<LaunchOutcome> {
    const results: TestResult[] = [];
    let pid: number | undefined;
    let vscodeVersion: string | undefined;
    const t0 = Date.now();
    for (;;) {
      const text = fs.readFileSync(eventsFile, 'utf8');
      for (;;) {
        const end = text.indexOf('\n', offset);
        if (end < 0) break;
        const line = text.slice(offset, end);
        offset = end + 1;
        if (!line) continue;
        const e = JSON.parse(line) as RunEvent;
        if (e.event === 'start') {
          pid = e.pid;
          vscodeVersion = e.vscodeVersion;
        }
        else if (e.event === 'result') {
          results.push(e.result);
          options.onResult?.(e.result);
        } else if (e.event === 'end') return { results, pid, vscodeVersion };
        else if (e.event === 'crash') return { results, pid, vscodeVersion, problem: `the runner crashed: ${e.message}` };
      }
      const elapsed = Date.now() - t0;
      if (pid === undefined && elapsed > 150_000) return { results, problem: 'the runner did not start the files within 150 s' };
      if (elapsed > launchTimeoutMs) return { results, pid, problem: `the launch did not finish within ${launchTimeoutMs / 1000} s` };
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

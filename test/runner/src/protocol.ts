// What the harness and the test-runner extension exchange through files.

/** Written by the harness; its path is passed to code-server as ARD_TEST_RUN. */
export interface RunRequest {
  /** Absolute path of mocha's CommonJS build (node_modules/mocha/lib/mocha.cjs). */
  mocha: string;
  /** Compiled test files, in the order to load them. */
  files: string[];
  /** Per-test timeout (ms). */
  timeoutMs: number;
  grep?: string;
  /** JSON lines, appended as the run goes (see RunEvent). */
  eventsFile: string;
  /** The final RunResults. */
  resultsFile: string;
}

export interface TestResult {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export type RunEvent =
  | { event: 'start'; total: number; vscodeVersion: string; pid: number }
  | { event: 'test'; fullTitle: string }
  | { event: 'result'; result: TestResult }
  | { event: 'end'; passes: number; failures: number; pending: number; durationMs: number }
  | { event: 'crash'; message: string; stack?: string };

export interface RunResults {
  vscodeVersion: string;
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  tests: TestResult[];
}

#!/usr/bin/env node
// Runs every test stage in order, streams its output, reads each runner's own summary
// (node:test "# pass N / # fail N", Mocha "N passing / N failing") and ends with one
// line "N passed, N failed". Exits non-zero when a stage fails, crashes, prints no
// summary or runs no test. `node scripts/test-all.mjs unit e2e` runs only those stages.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts ?? {};

/** kind "check": passes or fails as a whole (not counted as tests unless it fails). */
const stages = [
  { name: 'typecheck', script: 'typecheck', kind: 'check' },
  { name: 'unit', script: 'test:unit' },
  { name: 'emulator', script: 'test:emulator' },
  { name: 'integration', script: 'test:integration' },
  { name: 'e2e', script: 'test:e2e' },
  { name: 'webview', script: 'test:webview' },
  { name: 'reliability', script: 'test:reliability' },
  // CI only: the benchmarks run once, quickly, to prove they still measure (numbers, not timed assertions).
  ...(process.env.CI === 'true' ? [{ name: 'bench', script: 'bench:smoke', kind: 'check' }] : []),
];
const stageTimeoutMs = Number(process.env.ARD_STAGE_TIMEOUT_MS || 25 * 60_000);

const only = process.argv.slice(2);
const unknown = only.filter((n) => !stages.some((s) => s.name === n));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages: ${stages.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
const lastInt = (text, re) => {
  const all = [...text.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
};

/** Counts from the runner's own summary lines, or undefined when it printed none. */
function parseCounts(output) {
  const text = stripAnsi(output);
  const mochaPass = lastInt(text, /^\s*(\d+) passing\b/gm);
  if (mochaPass !== undefined) {
    return { passed: mochaPass, failed: lastInt(text, /^\s*(\d+) failing\b/gm) ?? 0 };
  }
  const nodePass = lastInt(text, /^(?:#|ℹ) pass (\d+)$/gm);
  if (nodePass !== undefined) {
    const failed = (lastInt(text, /^(?:#|ℹ) fail (\d+)$/gm) ?? 0) + (lastInt(text, /^(?:#|ℹ) cancelled (\d+)$/gm) ?? 0);
    return { passed: nodePass, failed };
  }
  return undefined;
}

/**
 * The runner's own account of what failed: Mocha's numbered failures after "N failing",
 * node:test's "failing tests:" list, or else the last lines of the output.
 */
function failureExcerpt(output, maxLines = 60) {
  const lines = stripAnsi(output).split('\n');
  let start = -1;
  for (let i = lines.length - 1; i >= 0 && start < 0; i--) {
    if (/^\s*\d+ failing\b/.test(lines[i]) || /^✖ failing tests:/.test(lines[i])) start = i + 1;
  }
  // Mocha reporters that print each failure as it happens (the integration runner's) put
  // the numbered failures before the counts: take them from the first one on.
  if (start >= 0 && !lines.slice(start).some((l) => /^\s*\d+\) /.test(l))) {
    const first = lines.findIndex((l) => /^\s*1\) /.test(l));
    if (first >= 0) start = first;
  }
  // TAP (node:test when not on a terminal): each "not ok" line with the head of its YAML block.
  if (start < 0 && lines.some((l) => /^\s*not ok \d+/.test(l))) {
    const blocks = [];
    lines.forEach((l, i) => {
      if (!/^\s*not ok \d+/.test(l)) return;
      const block = [l];
      for (let j = i + 1; j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j]) && !/^\s*(not )?ok \d+/.test(lines[j]); j++) {
        if (!/^\s*(stack|at|[A-Za-z]+\.<anonymous>|node:|Test\.|AsyncResource|TestContext)/.test(lines[j].trim()) || block.length < 2) block.push(lines[j]);
      }
      blocks.push(block.slice(0, 12).join('\n'));
    });
    lines.splice(0, lines.length, ...blocks.join('\n').split('\n'));
    start = 0;
  }
  const picked = (start >= 0 ? lines.slice(start) : lines.slice(-20)).filter((l, i, all) => l.trim() || (all[i - 1] ?? '').trim());
  const excerpt = picked.slice(0, maxLines);
  if (picked.length > maxLines) excerpt.push(`… ${picked.length - maxLines} more lines above in the stage's output`);
  return excerpt.join('\n').trimEnd();
}

function runStage(stage) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', stage.script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const take = (stream, sink) => stream.on('data', (chunk) => {
      output += chunk;
      sink.write(chunk);
    });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, stageTimeoutMs);
    current = child;
    child.on('close', (code) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: timedOut ? 'timeout' : code, output });
    });
  });
}

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // The stage's own handlers stop what it started; give them a moment.
    if (current) try { process.kill(-current.pid, signal); } catch { /* gone */ }
    setTimeout(() => process.exit(130), 3000).unref();
  });
}

const results = [];
for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  if (!scripts[stage.script]) {
    console.log(`\n!!! stage ${stage.name}: package.json has no "${stage.script}" script — NOT RUN (counted as a failure)\n`);
    results.push({ stage, passed: 0, failed: 1, note: `no "${stage.script}" script`, seconds: 0 });
    continue;
  }
  console.log(`\n━━━ ${stage.name}: npm run ${stage.script}`);
  const t0 = Date.now();
  const { code, output } = await runStage(stage);
  const seconds = Math.round((Date.now() - t0) / 1000);
  let passed = 0;
  let failed = 0;
  let note = '';
  if (stage.kind === 'check') {
    failed = code === 0 ? 0 : 1;
    note = code === 0 ? 'ok' : `failed (exit ${code})`;
  } else {
    const counts = parseCounts(output);
    if (!counts) {
      failed = 1;
      note = `no test summary in its output (exit ${code})`;
    } else {
      ({ passed, failed } = counts);
      if (passed + failed === 0) {
        failed = 1;
        note = 'ran no tests';
      } else if (code !== 0 && failed === 0) {
        failed = 1;
        note = `exited with ${code} although no test failed`;
      }
    }
  }
  if (code === 'timeout') note = `timed out after ${stageTimeoutMs / 60000} min`;
  results.push({ stage, passed, failed, note, seconds, failures: failed ? failureExcerpt(output) : '' });
  console.log(`━━━ ${stage.name}: ${passed} passed, ${failed} failed${note ? ` — ${note}` : ''} (${seconds} s)`);
}

// What failed, again, just above the summary: CI keeps only the tail of a long run.
const failedStages = results.filter((r) => r.failed && r.failures);
if (failedStages.length) {
  console.log('\nFailures');
  for (const r of failedStages) console.log(`  ── ${r.stage.name}\n${r.failures.replace(/^/gm, '  ')}`);
}

console.log('\nSummary');
for (const r of results) {
  const status = r.failed ? 'FAIL' : 'ok  ';
  console.log(`  ${status} ${r.stage.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.seconds).padStart(5)} s${r.note && r.note !== 'ok' ? `  ${r.note}` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || results.length === 0 ? 1 : 0);

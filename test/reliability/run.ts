// `npm run test:reliability`: robustness as figures. Prints each figure, then the
// summary line the aggregated `npm test` counts ("# pass N" / "# fail N", and
// "N passed, N failed"); exits non-zero when a figure that must be 0 is not.
//   faults       every flow × every fault the emulator injects, in the real extension host
//   bad input    invalid tool-output documents and webview messages (refused / wrongly sent)
//   hostile      the XSS corpus through the panel's page in Chromium (executed)
//   secrets      a known key after a full session: log lines, settings, state files,
//                webview HTML, error sentences (occurrences)
//   tolerance    recorded and mutated service bodies (exceptions)
// `--offline` skips the extension-host part (no code-server).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startHostSuite } from '../bench/hostSuite';
import { repoRoot } from '../harness/paths';
import { offlineFigures, type Figure } from './offline';

const offlineOnly = process.argv.includes('--offline');

interface FaultFigure {
  injected: number;
  survived: number;
  unhandledCount: number;
  unhandled: string[];
  outcomes: { flow: string; fault: string; result: string; detail: string; draftKept?: boolean }[];
}

/** Every file under `dir` whose bytes contain `needle` (UTF-8 and UTF-16LE), with a count. */
function scan(dir: string, needle: string): { file: string; count: number }[] {
  const hits: { file: string; count: number }[] = [];
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else if (st.isFile() && st.size < 512 * 1024 * 1024) {
      const bytes = fs.readFileSync(p);
      let count = 0;
      for (const pattern of patterns) for (let i = bytes.indexOf(pattern); i >= 0; i = bytes.indexOf(pattern, i + 1)) count++;
      if (count) hits.push({ file: p, count });
    }
  };
  visit(dir);
  return hits;
}

async function hostFigures(): Promise<{ figures: Figure[]; passed: number; failed: number }> {
  const key = `sk-ard-secret-${randomBytes(12).toString('hex')}`;
  const suite = await startHostSuite({
    name: 'reliability',
    emulator: { apiKey: key },
    env: { ARD_BENCH_KEY: key },
    onResult: (r) => console.log(`  ${r.state === 'passed' ? '✔' : r.state === 'failed' ? '✘' : '-'} ${r.fullTitle}${r.state === 'failed' ? ` — ${r.error?.message.split('\n')[0]}` : ''}`),
  });
  let outcome;
  try {
    outcome = await suite.run({ files: [path.join(repoRoot, 'test', 'reliability', 'host', 'reliability.host.ts')], timeoutMs: 10 * 60_000 });
  } finally {
    // Stopped first, so that VS Code writes its state and logs out.
    await suite.stop();
  }
  const figures: Figure[] = [];
  let passed = outcome.results.filter((r) => r.state === 'passed').length;
  let failed = outcome.results.filter((r) => r.state === 'failed').length + (outcome.problem ? 1 : 0);
  if (outcome.problem) console.log(`  ✘ ${outcome.problem}`);

  const all = suite.figures<{ name: string } & Record<string, unknown>>();
  const f = all.find((x) => x.name === 'faults') as unknown as FaultFigure | undefined;
  if (f) {
    const crashed = Boolean(outcome.problem);
    figures.push({
      name: 'faults',
      line: `faults: ${f.injected} injected, ${f.survived} survived (${f.outcomes.filter((o) => o.result === 'recovered').length} recovered, ${f.outcomes.filter((o) => o.result === 'clear error').length} clear errors; unhandled rejections ${f.unhandledCount}; extension host ${crashed ? 'CRASHED' : 'kept running'}; drafts lost ${f.outcomes.filter((o) => o.draftKept === false).length})`,
      ok: f.survived === f.injected && f.unhandledCount === 0 && !crashed,
      details: f.outcomes.map((o) => `${o.result === 'FAILED' ? '✘' : ' '} ${o.flow.padEnd(12)} ${o.fault.padEnd(8)} ${o.result.padEnd(11)} ${o.detail.replace(/\s+/g, ' ').slice(0, 150)}`),
    });
  } else figures.push({ name: 'faults', line: 'faults: no figure (the in-host suite did not finish)', ok: false });

  // The key, after the session: in no log line, setting, state file (state.vscdb is SQLite: its bytes), or anything else on disk.
  const hostSecrets = all.find((x) => x.name === 'secrets-host') as { surfaces?: number; leaks?: string[] } | undefined;
  const hits = scan(suite.session.profile.userDataDir, key).concat(scan(path.join(suite.session.profile.dir, 'workspace'), key));
  const logFiles = scan(suite.session.profile.userDataDir, 'Agent Runs').length;
  const occurrences = hits.reduce((n, h) => n + h.count, 0) + (hostSecrets?.leaks?.length ?? 0);
  figures.push({
    name: 'secrets',
    line: `secrets: a known key through a full session (tree, panels, 30 fault cases, submissions, cancels, a wrong key): ${occurrences} occurrences in ${scanCount(suite.session.profile.userDataDir)} files of the profile (logs, settings.json, state.vscdb, global storage) and ${hostSecrets?.surfaces ?? 0} host surfaces (webview HTML, panel state, tree rows, error sentences)`,
    ok: occurrences === 0 && hostSecrets !== undefined && logFiles > 0,
    details: [...hits.map((h) => `${path.relative(suite.session.profile.dir, h.file)}: ${h.count}`), ...(hostSecrets?.leaks ?? []).map((l) => `host: ${l}`), ...(logFiles ? [] : ['no file mentions "Agent Runs": the log was not found, so the scan proves nothing'])],
  });
  if (figures[figures.length - 1].ok) passed++;
  else failed++;
  return { figures, passed, failed };
}

function scanCount(dir: string): number {
  let n = 0;
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) fs.readdirSync(p).forEach((e) => visit(path.join(p, e)));
    else if (st.isFile()) n++;
  };
  visit(dir);
  return n;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  console.log('▶ bad input, tolerance, hostile content');
  const offline = await offlineFigures();
  let passed = offline.filter((f) => f.ok).length;
  let failed = offline.length - passed;
  const figures = [...offline];
  if (!offlineOnly) {
    console.log('\n▶ faults and secrets in the extension host (code-server)');
    const host = await hostFigures();
    figures.push(...host.figures);
    passed += host.passed;
    failed += host.failed;
  }
  console.log('\nReliability figures');
  for (const f of figures) {
    console.log(`${f.ok ? '✔' : '✘'} ${f.line}`);
    const details = f.name === 'faults' && f.ok ? [] : (f.details ?? []);
    for (const d of details.slice(0, 40)) console.log(`    ${d}`);
  }
  if (figures.find((f) => f.name === 'faults')?.details) {
    fs.mkdirSync(path.join(repoRoot, '.artifacts', 'reliability'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, '.artifacts', 'reliability', 'figures.json'), JSON.stringify(figures, null, 2));
  }
  console.log(`\n(${Math.round((Date.now() - t0) / 1000)} s)`);
  console.log(`# pass ${passed}`);
  console.log(`# fail ${failed}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err);
    console.log('# pass 0\n# fail 1\n0 passed, 1 failed');
    process.exit(1);
  },
);

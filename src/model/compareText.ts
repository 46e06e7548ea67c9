// A run or response as a readable document made for comparing two of them in VS Code's
// diff editor: what always differs (ids, times, the connection) is in a header at the
// top, the rest is what the run did — its summary, its configuration, then each step or
// item in order with tool names, arguments, outputs and message text. Ids inside the
// body are masked by kind and order of appearance (`call#1`), so two runs that behaved
// alike read alike. Pure: the same run always gives the same text.
import { createHash } from 'node:crypto';
import { formatDuration } from '../util/format';
import { answeredCallIds, callsOf, durationOf, type AgentRun, type Call, type ContentPart, type Step } from './run';

/** Ids of the services, by prefix: masked in the body as `<prefix>#<n>`. */
const ID = /\b(call|fc|ctc|msg|resp|run|step|thread|conv|asst|mcpr|mcp|mcpl|rs|ws|fs|ci|ig|cu|sh|lsh|ap|file|assistant)_[A-Za-z0-9]{6,}\b|\bfile-[A-Za-z0-9]{6,}\b/g;

class Masker {
  private readonly seen = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  mask(text: string): string {
    return text.replace(ID, (id: string) => {
      const known = this.seen.get(id);
      if (known) return known;
      const prefix = id.startsWith('file-') ? 'file' : id.slice(0, id.indexOf('_'));
      const n = (this.counts.get(prefix) ?? 0) + 1;
      this.counts.set(prefix, n);
      const masked = `${prefix}#${n}`;
      this.seen.set(id, masked);
      return masked;
    });
  }
}

/** JSON text pretty-printed when it parses (key order kept), else as it came. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const valueText = (value: unknown): string => (typeof value === 'string' ? pretty(value) : JSON.stringify(value, null, 2) ?? String(value));

/**
 * Longest value shown whole (an output, arguments, code). A longer one shows its start and
 * a digest of the whole, so a change anywhere in it still shows as a differing line, and a
 * megabyte of tool output does not make a document no one can read (or open quickly).
 */
export const maxValueChars = 20_000;

function capped(text: string): string {
  if (text.length <= maxValueChars) return text;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return `${text.slice(0, maxValueChars)}\n… (${text.length.toLocaleString('en-US')} characters in all, the rest not shown; sha-256 of the whole: ${digest})`;
}

const indent = (text: string) =>
  capped(text)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

function contentText(parts: readonly ContentPart[] | null): string {
  if (!parts) return '(message not loaded)';
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return p.text;
        case 'refusal':
          return `(refusal) ${p.text}`;
        case 'image':
          return `(image ${p.fileId ?? p.url ?? ''})`;
        case 'file':
          return `(file ${p.filename ?? p.fileId ?? ''})`;
        case 'other':
          return `(${p.type}) ${JSON.stringify(p.json)}`;
      }
    })
    .join('\n');
}

function answerLines(call: { answer: { state: string; output?: unknown } }): string[] {
  const a = call.answer;
  if (a.state === 'answered') return ['output:', indent(valueText(a.output))];
  return [`output: (${a.state === 'awaiting' ? 'awaiting' : a.state === 'noAnswerSeen' ? 'no answer seen' : 'unanswered'})`];
}

function callLines(call: Call): string[] {
  switch (call.kind) {
    case 'function':
      return [`function call ${call.name}`, 'arguments:', indent(pretty(call.arguments)), ...answerLines(call)];
    case 'custom':
      return [`custom tool call ${call.name}`, 'input:', indent(call.input), ...answerLines(call)];
    case 'codeInterpreter':
      return ['code interpreter', 'code:', indent(call.code), ...(call.outputs ? ['outputs:', indent(JSON.stringify(call.outputs, null, 2))] : [])];
    case 'fileSearch':
      return ['file search', `queries: ${JSON.stringify(call.queries)}`, ...(call.results ? [`results: ${call.results.length}`, ...call.results.map((r) => `  ${r.filename ?? r.fileId ?? '?'} (score ${r.score ?? '?'})`)] : [])];
    case 'webSearch':
      return ['web search', `action: ${JSON.stringify(call.action)}`, ...call.sources.map((s) => `  source: ${s.url ?? s.name ?? '?'}`)];
    case 'imageGeneration':
      return ['image generation', `revised prompt: ${call.revisedPrompt ?? '(none)'}`];
    case 'computer':
      return ['computer call', `actions: ${JSON.stringify(call.actions)}`, ...answerLines(call)];
    case 'mcp':
      return [`MCP call ${call.name} on ${call.serverLabel ?? '?'}`, 'arguments:', indent(pretty(call.arguments)), call.error ? `error: ${JSON.stringify(call.error)}` : 'output:', ...(call.error ? [] : [indent(call.output ?? '(none)')])];
    case 'shell':
      return ['shell call', ...call.commands.map((c) => `  $ ${c}`), ...answerLines(call)];
    case 'localShell':
      return ['local shell call', `  $ ${call.command.join(' ')}`, ...answerLines(call)];
    case 'applyPatch':
      return ['apply patch call', `operation: ${JSON.stringify(call.operation)}`, ...answerLines(call)];
    case 'other':
      return [`${call.type}`, indent(JSON.stringify(call.json, null, 2))];
  }
}

function stepLines(step: Step, n: number, shownWithCall: ReadonlySet<string>): string[] {
  const b = step.body;
  const head = (what: string) => `### ${n} · ${what}${step.status && step.status.wire !== 'completed' ? ` (${step.status.wire})` : ''}`;
  switch (b.kind) {
    case 'message':
      return [head(`message (${b.role})`), contentText(b.content)];
    case 'toolCalls':
    case 'call':
      return callsOf(step).flatMap((call, i) => {
        const [title, ...rest] = callLines(call);
        return [head(callsOf(step).length > 1 ? `${title} (${i + 1} of ${callsOf(step).length})` : title!), ...rest];
      });
    case 'callOutput':
      return shownWithCall.has(b.callId) ? [head(`output for ${b.callId} (shown with its call)`)] : [head(`output for ${b.callId}`), indent(valueText(b.output))];
    case 'reasoning':
      return [head('reasoning'), ...(b.summary.length ? b.summary : b.encrypted ? ['(encrypted)'] : ['(no summary)'])];
    case 'mcpListTools':
      return [head(`MCP tools of ${b.serverLabel ?? '?'}`), ...b.tools.map((t) => `  ${t.name}`)];
    case 'approvalRequest':
      return [head(`approval request for ${b.name} on ${b.serverLabel ?? '?'}`), 'arguments:', indent(pretty(b.arguments)), `answer: ${b.answer.state === 'answered' ? `${b.answer.approve ? 'approved' : 'denied'}${b.answer.reason ? ` (${b.answer.reason})` : ''}` : b.answer.state}`];
    case 'approvalResponse':
      return [head(`approval ${b.approve ? 'given' : 'refused'} for ${b.approvalRequestId}`), ...(b.reason ? [`reason: ${b.reason}`] : [])];
    case 'compaction':
      return [head('compaction')];
    case 'reference':
      return [head(`reference to ${b.itemId}`)];
    case 'structuredOutputs':
      return [head('structured outputs'), indent(JSON.stringify(b.output, null, 2))];
    case 'workflowAction':
      return [head(`workflow action ${b.actionKind ?? '?'}`)];
    case 'memorySearch':
      return [head('memory search'), `results: ${b.results?.length ?? 'not included'}`];
    case 'consentRequest':
      return [head(`consent request for ${b.serverLabel ?? '?'}`)];
    case 'unknown':
      return [head(b.type), indent(JSON.stringify(b.json, null, 2))];
  }
}

function tokens(run: AgentRun): string {
  const u = run.usage;
  if (!u) return 'not reported';
  const n = (v: number | null) => (v === null ? '?' : String(v));
  return `input ${n(u.input)} (cached ${n(u.cachedInput)}), output ${n(u.output)} (reasoning ${n(u.reasoning)}), total ${n(u.total)}`;
}

function toolCallsByName(run: AgentRun): string {
  const counts = new Map<string, number>();
  for (const step of run.steps) {
    for (const call of callsOf(step)) {
      const name = 'name' in call ? call.name : call.kind;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts.size ? [...counts].map(([name, count]) => `${name} ×${count}`).join(', ') : 'none';
}

/** The summary both sides start with (after the header), as label/value pairs. */
export function compareSummary(run: AgentRun): [string, string][] {
  const duration = durationOf(run.times, run.active);
  const error = run.problems.find((p) => p.kind === 'error' || p.kind === 'incomplete');
  return [
    ['status', run.status.wire],
    ['error', !error ? 'none' : error.kind === 'error' ? `${error.code ?? 'error'}: ${error.message ?? ''}` : `incomplete (${error.reason ?? '?'})`],
    ['duration', duration.kind === 'seconds' ? formatDuration(duration.seconds) : duration.kind === 'running' ? 'running' : 'not reported'],
    ['tokens', tokens(run)],
    ['steps', String(run.steps.length)],
    ['tool calls', toolCallsByName(run)],
  ];
}

export interface CompareSource {
  run: AgentRun;
  connectionName: string;
}

/** The document of one side. */
export function comparableText({ run, connectionName }: CompareSource): string {
  const masker = new Masker();
  const kind = run.ref.family === 'responses' ? 'Response' : 'Run';
  const created = run.times.created.kind === 'at' ? new Date(run.times.created.seconds * 1000).toISOString().replace('.000Z', 'Z') : 'not reported';
  const header = [
    `# ${kind} ${run.id}`,
    `# on "${connectionName}", created ${created}${run.container ? `, in ${run.container.kind} ${run.container.id}` : ''}${run.previousId ? `, after ${run.previousId}` : ''}`,
    '# (ids below are numbered in order of appearance: call#1 is the first call id)',
    '',
  ];
  const shown = answeredCallIds([...(run.inputs ?? []), ...run.steps]);
  const actor = run.actor ? (run.actor.kind === 'agent' ? `agent ${run.actor.name}${run.actor.version ? ` (version ${run.actor.version})` : ''}` : 'assistant') : null;
  const body = [
    '## Summary',
    ...compareSummary(run).map(([label, value]) => `${label}: ${value}`),
    '',
    '## Configuration',
    `model: ${run.model ?? 'not reported'}`,
    ...(actor ? [actor] : []),
    ...run.config.map((row) => `${row.key}: ${JSON.stringify(row.value)}`),
    ...(run.instructions ? ['instructions:', indent(run.instructions)] : []),
    '',
    ...(run.inputs?.length ? ['## Input', ...run.inputs.flatMap((s, i) => stepLines(s, i + 1, shown)), ''] : []),
    `## ${run.ref.family === 'responses' ? 'Output' : 'Steps'}`,
    ...run.steps.flatMap((s, i) => stepLines(s, i + 1, shown)),
    '',
  ];
  return [...header, masker.mask(body.join('\n'))].join('\n');
}

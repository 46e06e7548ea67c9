// The `demo` seed: threads with runs in every status, a thread with 250 runs, a run
// with 150 steps (one with a 1 MB function output), non-Latin text and hostile
// HTML/script text. Seeded objects are static snapshots (no script drives them) except
// that they still react to the API: cancel works on the active ones, and submitting
// outputs to the requires_action run finishes it like asst_tools would.
import { ASSISTANTS, type AssistantId } from './assistants';
import { DEMO, HOSTILE_STRINGS } from './demoIds';
import { makeMessage, makeRun, makeStep, makeThread, makeUsage, textContent } from './factories';
import { SeededRandom } from './random';
import type { Store } from './store';
import type { Message, Metadata, Run, RunStatus, RunStep, StepToolCall } from './types';

class DemoBuilder {
  readonly rng = new SeededRandom('demo-content');
  constructor(readonly store: Store) {}

  thread(id: string, at: number, metadata: Metadata): string {
    this.store.addThread(makeThread(id, at, metadata));
    return id;
  }

  message(threadId: string, at: number, role: 'user' | 'assistant', text: string, extra: Partial<Pick<Message, 'run_id' | 'assistant_id' | 'metadata' | 'id'>> = {}): Message {
    return this.store.addMessage(
      makeMessage({
        id: extra.id ?? this.store.newId('msg'),
        threadId,
        createdAt: at,
        role,
        content: [textContent(text)],
        runId: extra.run_id ?? null,
        assistantId: extra.assistant_id ?? null,
        metadata: extra.metadata,
      }),
    );
  }

  /** A run that already reached `status`, started 1 s and ended `duration` s after `at`. */
  run(threadId: string, id: string, assistant: AssistantId, at: number, status: RunStatus, duration = 4, metadata: Metadata = {}): Run {
    const run = makeRun(id, threadId, ASSISTANTS[assistant], at, { metadata });
    run.status = status;
    if (status !== 'queued') run.started_at = at + 1;
    const end = at + duration;
    switch (status) {
      case 'completed':
        run.completed_at = end;
        run.expires_at = null;
        break;
      case 'incomplete':
        run.completed_at = end;
        run.expires_at = null;
        run.incomplete_details = { reason: 'max_completion_tokens' };
        break;
      case 'failed':
        run.failed_at = end;
        run.expires_at = null;
        run.last_error = { code: 'server_error', message: 'Sorry, something went wrong.' };
        break;
      case 'cancelled':
        run.cancelled_at = end;
        run.expires_at = null;
        break;
      default:
        break;
    }
    return this.store.addRun(run);
  }

  finishUsage(run: Run): void {
    if (!['completed', 'incomplete', 'failed', 'cancelled', 'expired'].includes(run.status)) return;
    let p = 0;
    let c = 0;
    for (const s of this.store.stepsOf(run.id)) {
      p += s.usage?.prompt_tokens ?? 0;
      c += s.usage?.completion_tokens ?? 0;
    }
    run.usage = makeUsage(p, c);
  }

  messageStep(run: Run, at: number, text: string, opts: { stepId?: string; status?: RunStep['status'] } = {}): RunStep {
    const message = this.message(run.thread_id, at, 'assistant', text, { run_id: run.id, assistant_id: run.assistant_id });
    const step = makeStep(opts.stepId ?? this.store.newId('step'), run, at, { type: 'message_creation', message_creation: { message_id: message.id } });
    this.settle(step, opts.status ?? 'completed', at + 1, 200 + this.rng.int(900), 10 + this.rng.int(200));
    if (step.status !== 'completed') {
      message.status = 'incomplete';
      message.completed_at = null;
      message.incomplete_at = at + 1;
      message.incomplete_details = { reason: step.status === 'failed' ? 'run_failed' : step.status === 'cancelled' ? 'run_cancelled' : 'run_expired' };
    }
    return this.store.addStep(step);
  }

  toolStep(run: Run, at: number, calls: StepToolCall[], opts: { stepId?: string; status?: RunStep['status'] } = {}): RunStep {
    const step = makeStep(opts.stepId ?? this.store.newId('step'), run, at, { type: 'tool_calls', tool_calls: calls });
    this.settle(step, opts.status ?? 'completed', at + 1, 100 + this.rng.int(600), 10 + this.rng.int(80));
    return this.store.addStep(step);
  }

  private settle(step: RunStep, status: RunStep['status'], at: number, prompt: number, completion: number): void {
    step.status = status;
    if (status === 'in_progress') return;
    step.expires_at = null;
    if (status === 'completed') step.completed_at = at;
    if (status === 'failed') {
      step.failed_at = at;
      step.last_error = { code: 'server_error', message: 'Sorry, something went wrong.' };
    }
    if (status === 'cancelled') step.cancelled_at = at;
    if (status === 'expired') step.expired_at = at;
    step.usage = makeUsage(prompt, completion);
  }

  fn(name: string, args: unknown, output: string | null, id?: string): StepToolCall {
    return { id: id ?? this.store.newId('call'), type: 'function', function: { name, arguments: JSON.stringify(args), output } };
  }

  code(input: string, logs: string, withImage: boolean): StepToolCall {
    const outputs: Array<{ type: 'logs'; logs: string } | { type: 'image'; image: { file_id: string } }> = [{ type: 'logs', logs }];
    if (withImage) {
      const fileId = this.store.newId('file');
      this.store.imageFiles.add(fileId);
      outputs.push({ type: 'image', image: { file_id: fileId } });
    }
    return { id: this.store.newId('call'), type: 'code_interpreter', code_interpreter: { input, outputs } };
  }

  fileSearch(results: Array<{ name: string; score: number; text: string }>): StepToolCall {
    return {
      id: this.store.newId('call'),
      type: 'file_search',
      file_search: {
        ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 },
        results: results.map((r) => ({ file_id: this.store.newId('file'), file_name: r.name, score: r.score, attributes: {}, content: [{ type: 'text', text: r.text }] })),
      },
    };
  }
}

const CITIES = ['Paris', 'Lisbon', 'Osaka', 'Nairobi', 'Reykjavík', 'Montréal', 'Kraków', 'Cusco'];
const QUESTIONS = [
  'What is the weather in {city} and where is order {order}?',
  'Summarise the Q3 sales file.',
  'Plot revenue by month.',
  'Book a table for two in {city} tonight.',
  'Is order {order} shipped yet?',
  'Translate the last answer to French.',
];

export function seedDemo(store: Store, now: number): void {
  const b = new DemoBuilder(store);
  const day = 86400;

  // Mixed statuses --------------------------------------------------------------------
  const mixed = b.thread(DEMO.threads.mixed, now - 3 * day, { project: 'restaurant-bot', user: 'ana@example.com', purpose: 'demo: every status' });
  b.message(mixed, now - 3 * day, 'user', 'Book a table for two in Paris tonight, around 8pm. Also, where is my order ORD-1042?');
  const terminal: Array<[string, AssistantId, RunStatus]> = [
    [DEMO.runs.completed, 'asst_echo', 'completed'],
    [DEMO.runs.failed, 'asst_fail', 'failed'],
    [DEMO.runs.incomplete, 'asst_incomplete', 'incomplete'],
    [DEMO.runs.cancelled, 'asst_slow', 'cancelled'],
    [DEMO.runs.expired, 'asst_tools', 'expired'],
  ];
  terminal.forEach(([id, assistant, status], i) => {
    const at = now - 3 * day + 60 * (i + 1);
    const run = b.run(mixed, id, assistant, at, status, 3 + i);
    if (status === 'completed') b.messageStep(run, at + 1, 'You said: Book a table for two in Paris tonight, around 8pm.');
    if (status === 'failed') b.messageStep(run, at + 1, '', { status: 'failed' });
    if (status === 'incomplete') {
      const s = b.messageStep(run, at + 1, 'Here is a long answer that was cut short because the run reached its max');
      const m = store.getMessage(mixed, s.step_details.type === 'message_creation' ? s.step_details.message_creation.message_id : '');
      m.status = 'incomplete';
      m.completed_at = null;
      m.incomplete_at = at + 3;
      m.incomplete_details = { reason: 'max_tokens' };
    }
    if (status === 'cancelled') b.messageStep(run, at + 1, 'Thinking about', { status: 'cancelled' });
    if (status === 'expired') {
      b.toolStep(run, at + 1, [b.fn('get_weather', { city: 'Paris' }, null), b.fn('lookup_order', { order_id: 'ORD-1042' }, null)], { status: 'expired' });
      run.expires_at = at + 600;
    }
    b.finishUsage(run);
  });
  // asst_code run: code_interpreter, file_search with chunk text, file_citation message.
  {
    const at = now - 3 * day + 600;
    const run = b.run(mixed, DEMO.runs.code, 'asst_code', at, 'completed', 9);
    b.toolStep(run, at + 1, [b.code('import pandas as pd\ndf = pd.read_csv("/mnt/data/sales.csv")\ndf.groupby("month").revenue.sum().plot()', 'month\n2024-07    1.31M\n2024-08    1.42M\n2024-09    1.47M\n', true)], { stepId: DEMO.steps.codeInterpreter });
    const search = b.fileSearch([
      { name: 'sales_2024.md', score: 0.91, text: 'Q3 revenue grew 12% to 4.2M, driven by the EMEA region.' },
      { name: 'sales_2024.md', score: 0.74, text: 'Q2 revenue was 3.75M.' },
    ]);
    b.toolStep(run, at + 3, [search], { stepId: DEMO.steps.fileSearch });
    const fileId = search.type === 'file_search' ? search.file_search.results[0].file_id : '';
    const s = b.messageStep(run, at + 5, 'Q3 revenue grew 12%【4:0†sales_2024.md】.');
    const msg = store.getMessage(mixed, s.step_details.type === 'message_creation' ? s.step_details.message_creation.message_id : '');
    const citation = '【4:0†sales_2024.md】';
    const start = 'Q3 revenue grew 12%'.length;
    msg.content = [{ type: 'text', text: { value: `Q3 revenue grew 12%${citation}.`, annotations: [{ type: 'file_citation', text: citation, start_index: start, end_index: start + citation.length, file_citation: { file_id: fileId, quote: 'Q3 revenue grew 12% to 4.2M, driven by the EMEA region.' } }] } }];
    b.finishUsage(run);
  }
  // The requires_action run: active, kept from expiring (Store.keepAlive).
  {
    const at = now - 120;
    b.message(mixed, at - 1, 'user', 'What is the weather in Paris, and where is order ORD-1042?');
    const run = b.run(mixed, DEMO.runs.requiresAction, 'asst_tools', at, 'requires_action', 0, { ticket: 'SUP-311' });
    const calls = [
      b.fn('get_weather', { city: 'Paris' }, null, DEMO.calls.requiresActionWeather),
      b.fn('lookup_order', { order_id: 'ORD-1042' }, null, DEMO.calls.requiresActionOrder),
    ];
    b.toolStep(run, at + 1, calls, { stepId: DEMO.steps.requiresAction, status: 'in_progress' });
    run.required_action = {
      type: 'submit_tool_outputs',
      submit_tool_outputs: {
        tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.type === 'function' ? c.function.name : '', arguments: c.type === 'function' ? c.function.arguments : '' } })),
      },
    };
    store.keepAlive.add(run.id);
  }

  // One active run per thread: queued, in_progress, cancelling live on their own threads.
  const single: Array<[string, string, AssistantId, RunStatus, string]> = [
    [DEMO.threads.queued, DEMO.runs.queued, 'asst_echo', 'queued', 'Queue this for later: summarise yesterday’s tickets.'],
    [DEMO.threads.inProgress, DEMO.runs.inProgress, 'asst_slow', 'in_progress', 'Think very hard about the meaning of life.'],
    [DEMO.threads.cancelling, DEMO.runs.cancelling, 'asst_slow', 'cancelling', 'Start a long report, I may cancel it.'],
  ];
  single.forEach(([threadId, runId, assistant, status, text], i) => {
    const at = now - 300 + i * 10;
    b.thread(threadId, at, { purpose: `demo: ${status} run` });
    b.message(threadId, at, 'user', text);
    const run = b.run(threadId, runId, assistant, at + 1, status);
    if (status !== 'queued') b.messageStep(run, at + 2, '', { status: 'in_progress' });
    // Snapshots of active runs: keep their expires_at in the future too.
    store.keepAlive.add(run.id);
  });

  seedManyRuns(b, now);
  seedBigRun(b, now);
  seedHostile(b, now);
  seedUnicode(b, now);
}

function seedManyRuns(b: DemoBuilder, now: number): void {
  const t = b.thread(DEMO.threads.manyRuns, now - 10 * 86400, { project: 'support-bot', env: 'staging', purpose: 'demo: 250 runs' });
  const statuses: RunStatus[] = ['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'incomplete', 'cancelled', 'expired'];
  const assistants: AssistantId[] = ['asst_tools', 'asst_echo', 'asst_code', 'asst_tools'];
  for (let i = 0; i < DEMO.counts.manyRunsRuns; i++) {
    const at = now - 10 * 86400 + i * 3000;
    const city = b.rng.pick(CITIES);
    const order = `ORD-${1000 + i}`;
    const question = b.rng.pick(QUESTIONS).replace('{city}', city).replace('{order}', order);
    b.message(t, at, 'user', i === 0 ? `Hi! ${question}` : question);
    const status = i === DEMO.counts.manyRunsRuns - 1 ? 'completed' : statuses[b.rng.int(statuses.length)];
    const assistant = assistants[i % assistants.length];
    const run = b.run(t, b.store.newId('run'), assistant, at + 1, status, 3 + b.rng.int(40), { attempt: String(i + 1) });
    const stepStatus = status === 'completed' || status === 'incomplete' ? 'completed' : status === 'failed' ? 'failed' : status === 'cancelled' ? 'cancelled' : 'expired';
    if (assistant === 'asst_tools') {
      const weather = JSON.stringify({ city, temperature_c: 10 + b.rng.int(20), conditions: b.rng.pick(['sunny', 'rain', 'cloudy', 'snow']) });
      const orderInfo = JSON.stringify({ order_id: order, status: b.rng.pick(['shipped', 'processing', 'delivered']), eta: '2025-11-0' + (1 + b.rng.int(8)) });
      const done = status !== 'expired';
      b.toolStep(run, at + 2, [b.fn('get_weather', { city }, done ? weather : null), b.fn('lookup_order', { order_id: order }, done ? orderInfo : null)], {
        status: done ? 'completed' : 'expired',
      });
      if (done) b.messageStep(run, at + 4, `It is ${JSON.parse(weather).conditions} in ${city}; order ${order} is ${JSON.parse(orderInfo).status}.`, { status: stepStatus });
    } else if (assistant === 'asst_code') {
      b.toolStep(run, at + 2, [b.code(`print(sum(range(${i + 10})))`, `${((i + 10) * (i + 9)) / 2}\n`, i % 3 === 0)], { status: stepStatus === 'expired' ? 'completed' : stepStatus });
      if (stepStatus === 'completed') {
        b.toolStep(run, at + 3, [b.fileSearch([{ name: 'faq.md', score: 0.8, text: `Answer ${i}: orders ship within two days.` }])]);
        b.messageStep(run, at + 5, `The sum is ${((i + 10) * (i + 9)) / 2}.`);
      }
    } else {
      b.messageStep(run, at + 2, `You said: ${question}`, { status: stepStatus });
    }
    if (status === 'expired') run.expires_at = run.created_at + 600;
    b.finishUsage(run);
  }
}

function seedBigRun(b: DemoBuilder, now: number): void {
  const t = b.thread(DEMO.threads.bigRun, now - 2 * 86400, { project: 'etl-agent', purpose: 'demo: 150 steps, 1 MB output' });
  b.message(t, now - 2 * 86400, 'user', 'Reconcile every invoice of October against the ledger and report mismatches.');
  const at = now - 2 * 86400 + 5;
  const run = b.run(t, DEMO.runs.bigRun150Steps, 'asst_tools', at, 'completed', 150 * 2 + 5, { batch: '2025-10' });
  const big = 'x'.repeat(DEMO.bigOutputBytes - 2);
  for (let i = 0; i < DEMO.counts.bigRunSteps; i++) {
    const stepAt = at + 1 + i * 2;
    if (i === 7) {
      b.toolStep(run, stepAt, [b.fn('export_ledger', { month: '2025-10', format: 'raw' }, `"${big}"`)], { stepId: DEMO.steps.bigOutput });
    } else if (i === DEMO.counts.bigRunSteps - 1) {
      b.messageStep(run, stepAt, 'Reconciliation finished: 3 mismatches (INV-0042, INV-0077, INV-0131).');
    } else if (i % 10 === 4) {
      b.toolStep(run, stepAt, [b.code(`df = ledger[ledger.invoice == "INV-${String(i).padStart(4, '0')}"]\ndf.amount.sum()`, `${(i * 137.5).toFixed(2)}\n`, i % 20 === 4)]);
    } else if (i % 10 === 9) {
      b.toolStep(run, stepAt, [b.fileSearch([{ name: 'ledger_rules.pdf', score: 0.66, text: 'Invoices must match ledger entries within 0.01 EUR.' }])]);
    } else if (i % 5 === 2) {
      b.messageStep(run, stepAt, `Checked invoices up to INV-${String(i).padStart(4, '0')}.`);
    } else {
      const inv = `INV-${String(i).padStart(4, '0')}`;
      b.toolStep(run, stepAt, [b.fn('get_invoice', { invoice_id: inv }, JSON.stringify({ invoice_id: inv, amount: i * 137.5, currency: 'EUR' })), b.fn('get_ledger_entry', { invoice_id: inv }, JSON.stringify({ invoice_id: inv, amount: i % 37 === 0 ? i * 137.5 + 1 : i * 137.5 }))]);
    }
  }
  b.finishUsage(run);
}

function seedHostile(b: DemoBuilder, now: number): void {
  const h = HOSTILE_STRINGS;
  const t = b.thread(DEMO.threads.hostile, now - 86400, { title: h[0], note: h[1], link: 'javascript:alert(1)' });
  b.message(t, now - 86400, 'user', `Please render this: ${h[0]} and ${h[1]} and ${h[2]}`, { id: DEMO.messages.hostileFirst, metadata: { source: h[4] } });
  const at = now - 86400 + 10;
  const run = b.run(t, DEMO.runs.hostile, 'asst_tools', at, 'completed', 6, { label: h[0] });
  b.toolStep(run, at + 1, [b.fn('get_weather', { city: h[0], note: h[5] }, `${h[1]} ${h[3]}`), b.fn('lookup_order', { order_id: h[4] }, JSON.stringify({ html: h[7], tpl: h[6] }))]);
  b.messageStep(run, at + 3, `Here you go: ${h.join(' | ')}`);
  b.finishUsage(run);
  const failedAt = at + 60;
  b.message(t, failedAt - 1, 'user', `<b>bold?</b> ${h[3]}`);
  const failed = b.run(t, DEMO.runs.hostileFailed, 'asst_fail', failedAt, 'failed', 2, { why: h[1] });
  failed.last_error = { code: 'server_error', message: `Upstream said: ${h[0]}` };
  b.messageStep(failed, failedAt + 1, '', { status: 'failed' });
  b.finishUsage(failed);
}

function seedUnicode(b: DemoBuilder, now: number): void {
  const t = b.thread(DEMO.threads.unicode, now - 5 * 3600, { 件名: '東京の天気', язык: 'русский', emoji: '🌦️' });
  b.message(t, now - 5 * 3600, 'user', '東京の明日の天気は？ — Какая погода в Москве? — ما هو الطقس في القاهرة؟ — दिल्ली में मौसम कैसा है? 🌦️👩🏽‍💻', { id: DEMO.messages.unicodeFirst });
  const at = now - 5 * 3600 + 5;
  const run = b.run(t, DEMO.runs.unicode, 'asst_tools', at, 'completed', 5, { 言語: '日本語' });
  b.toolStep(run, at + 1, [b.fn('get_weather', { city: '東京' }, JSON.stringify({ 天気: '晴れ', 気温: '18°C' })), b.fn('lookup_order', { order_id: 'ЗАКАЗ-42' }, '{"статус":"отправлен"}')]);
  b.messageStep(run, at + 3, '東京は晴れ、18°C です。Заказ ЗАКАЗ-42 отправлен. الطلب في الطريق. 北京欢迎你 🚚');
  b.finishUsage(run);
}

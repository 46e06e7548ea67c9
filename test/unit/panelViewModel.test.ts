// The run panel's pure parts: view model from recorded bodies, explanations, timeline,
// JSON document paths, the link policy, the HTML/CSP shell and the webview's formatting.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { messageSchema, parseAs, parsePage, runSchema, runStepSchema, type Run } from '../../src/api/schemas';
import { contentSecurityPolicy, newNonce, renderPanelHtml } from '../../src/panels/html';
import { jsonPathOf, jsonRefOf, parseJsonPath, type JsonObjectRef } from '../../src/panels/jsonPaths';
import { checkExternalLink } from '../../src/panels/links';
import { buildRunView, messageViews, runConfig, runNotices, statusKindOf, stepViews, timelineOf } from '../../src/panels/viewModel';
import { imageResultOf, sniffImage } from '../../src/panels/images';
import { formatDuration, runDurations } from '../../src/util/format';
import { prettyJsonText } from '../../src/util/format';
import { expiryText, headOf, revealInvisible, usageText } from '../../src/webview/format';
import { recordedDir } from '../fixtures/paths';

const recorded = recordedDir;
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(recorded, file), 'utf8')) as unknown;
const run = (over: Record<string, unknown>): Run => parseAs(runSchema, 'run', { id: 'run_1', thread_id: 'thread_1', status: 'completed', created_at: 100, ...over });

describe('run panel view model', () => {
  it('maps statuses to colours', () => {
    assert.deepEqual(
      ['completed', 'failed', 'expired', 'incomplete', 'cancelled', 'cancelling', 'queued', 'in_progress', 'requires_action', 'paused_new'].map(statusKindOf),
      ['ok', 'error', 'error', 'warn', 'warn', 'warn', 'active', 'active', 'action', 'neutral'],
    );
  });

  it('explains last_error and incomplete_details in a sentence', () => {
    assert.deepEqual(runNotices(run({ status: 'failed', last_error: { code: 'server_error', message: 'Sorry, something went wrong' } })), [
      { kind: 'error', text: 'Failed: the service had an internal error (server_error) — Sorry, something went wrong.' },
    ]);
    assert.deepEqual(runNotices(run({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, max_completion_tokens: 256 })), [
      { kind: 'warn', text: 'Stopped: the completion hit max_completion_tokens (256).' },
    ]);
    assert.match(runNotices(run({ status: 'incomplete', incomplete_details: { reason: 'max_prompt_tokens' }, max_prompt_tokens: 500 }))[0]!.text, /prompt exceeded max_prompt_tokens \(500\)/);
    assert.match(runNotices(run({ status: 'expired', expires_at: 700 }))[0]!.text, /^Expired at .*: tool outputs were not submitted in time\.$/);
  });

  it('notes the configuration value that explains the outcome', () => {
    const config = runConfig(run({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, max_completion_tokens: 256, tools: [], truncation_strategy: { type: 'last_messages', last_messages: 3 }, tool_choice: 'required', temperature: 0.2, metadata: { a: 'b' } }));
    const byKey = Object.fromEntries(config.map((c) => [c.key, c]));
    assert.match(byKey.max_completion_tokens!.note!, /^This limit \(256\) stopped the run .* it is low/);
    assert.match(byKey.truncation_strategy!.note!, /last 3 message/);
    assert.match(byKey.tool_choice!.note!, /had to call a tool/);
    assert.equal(byKey.temperature!.value, '0.2');
    assert.equal(byKey.metadata!.value, '{\n  "a": "b"\n}');
    assert.equal(byKey.top_p, undefined, 'fields the service did not send are not invented');
  });

  it('labels the finish by the status, not by which *_at field the service set', () => {
    // As recorded: an expired run whose body also carries completed_at.
    const cases: [Record<string, unknown>, string, number | null][] = [
      [{ status: 'expired', completed_at: 900, expires_at: 700 }, 'Expired', 900],
      [{ status: 'expired', expires_at: 700 }, 'Expired', 700],
      [{ status: 'failed', failed_at: 300, completed_at: 310 }, 'Failed', 300],
      [{ status: 'cancelled', cancelled_at: 400, completed_at: 410 }, 'Cancelled', 400],
      [{ status: 'incomplete', completed_at: 500 }, 'Stopped', 500],
      [{ status: 'completed', completed_at: 600 }, 'Completed', 600],
      [{ status: 'in_progress' }, 'Finished', null],
    ];
    for (const [over, label, at] of cases) {
      const view = buildRunView({ run: run(over), steps: [], messages: [], nowMs: 1_000_000 });
      assert.deepEqual([view.finishedLabel, view.finishedAt], [label, at], JSON.stringify(over));
    }
  });

  it('says which limit stopped an incomplete run, or that none was set, and never prints null', () => {
    const unset = run({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, max_completion_tokens: null, max_prompt_tokens: null, temperature: null });
    const byKey = Object.fromEntries(runConfig(unset).map((c) => [c.key, c]));
    assert.deepEqual([byKey.max_completion_tokens!.value, byKey.max_completion_tokens!.unset], ['', true]);
    assert.match(byKey.max_completion_tokens!.note!, /^Not set: the run stopped at a completion limit/);
    assert.doesNotMatch(byKey.max_completion_tokens!.note!, /This limit/);
    assert.deepEqual([byKey.temperature!.value, byKey.temperature!.unset], ['', true]);
    assert.ok(runConfig(unset).every((c) => c.value !== 'null'), 'no row shows the word null');
    assert.match(runNotices(unset)[0]!.text, /no max_completion_tokens, so the model's or service's own limit applied/);
    assert.doesNotMatch(runNotices(unset)[0]!.text, /null/);
  });

  it('takes the assistant from agent_id when the body has no assistant_id (Azure SDK shape)', () => {
    assert.equal(buildRunView({ run: run({ agent_id: 'asst_azure' }), steps: [], messages: [] }).assistantId, 'asst_azure');
    assert.equal(buildRunView({ run: run({ assistant_id: 'asst_1', agent_id: 'asst_2' }), steps: [], messages: [] }).assistantId, 'asst_1');
    assert.equal(buildRunView({ run: run({}), steps: [], messages: [] }).assistantId, null);
  });

  it('gives the whole life of a resumed run and its last segment apart', () => {
    // Waited 16 minutes for tool outputs; started_at moved to the resume.
    const resumed = buildRunView({ run: run({ created_at: 1000, started_at: 1000 + 16 * 60 + 59, completed_at: 1000 + 17 * 60 }), steps: [], messages: [] });
    assert.deepEqual([resumed.durationSeconds, resumed.lastSegmentSeconds], [17 * 60, 1]);
    const plain = buildRunView({ run: run({ created_at: 1000, started_at: 1001, completed_at: 1010 }), steps: [], messages: [] });
    assert.deepEqual([plain.durationSeconds, plain.lastSegmentSeconds], [10, null]);
    const active = buildRunView({ run: run({ status: 'in_progress', created_at: 1000, started_at: 1100 }), steps: [], messages: [], nowMs: 1_200_000 });
    assert.deepEqual([active.durationSeconds, active.lastSegmentSeconds], [200, 100]);
  });

  it('keeps the detail of image content parts', () => {
    const message = parseAs(messageSchema, 'message', {
      id: 'msg_1', thread_id: 'thread_1', role: 'user', created_at: 1,
      content: [
        { type: 'image_file', image_file: { file_id: 'file-1', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
        { type: 'image_file', image_file: { file_id: 'file-2' } },
      ],
    });
    const [view] = messageViews([message]);
    assert.deepEqual(view!.content, [
      { kind: 'image_file', fileId: 'file-1', detail: 'high' },
      { kind: 'image_url', url: 'https://example.com/a.png', detail: 'low' },
      { kind: 'image_file', fileId: 'file-2', detail: null },
    ]);
  });

  it('builds the required action from a recorded requires_action run, with pretty arguments and an expiry', () => {
    const body = parseAs(runSchema, 'run', read('openai-dotnet/run_retrieve_requires_action_function.json'));
    const view = buildRunView({ run: body, steps: [], messages: [] });
    assert.equal(view.statusKind, 'action');
    assert.ok(view.pendingCalls.length >= 1);
    assert.match(view.pendingCalls[0]!.id, /^call_/);
    assert.ok(view.pendingCalls[0]!.name.length > 0);
    assert.equal(view.expiresAt, body.expires_at);
    assert.ok(view.notices.some((n) => /Waiting for/.test(n.text)));
  });

  it('builds file-search results with chunk text, and message text with citations, from recorded bodies', () => {
    const steps = parsePage(runStepSchema, 'step', read('openai-dotnet/run_steps_list_file_search_with_results.json')).items;
    const views = stepViews(steps, []);
    const fs = views.flatMap((s) => s.calls).find((c) => c.fileSearch)!.fileSearch!;
    assert.ok(fs.results.length > 0);
    assert.ok(fs.results[0]!.fileName && fs.results[0]!.score! > 0 && fs.results[0]!.chunks[0]!.length > 0);
    assert.equal(fs.contentMissing, false);
    assert.match(fs.ranking!, /ranker/);
    const messages = parsePage(messageSchema, 'message', read('openai-dotnet/messages_list_file_citation_desc.json')).items;
    const withCitation = buildRunView({ run: run({}), steps: [], messages }).messages.flatMap((m) => m.content).find((c) => c.kind === 'text' && c.annotations.length);
    assert.ok(withCitation && withCitation.kind === 'text');
    assert.equal(withCitation.annotations[0]!.type, 'file_citation');
    assert.ok(withCitation.annotations[0]!.fileId);
  });

  it('shows unknown step and tool kinds as formatted JSON, and pending function outputs as null', () => {
    const steps = [
      parseAs(runStepSchema, 'step', { id: 'step_a', type: 'tool_calls', status: 'in_progress', created_at: 100, step_details: { type: 'tool_calls', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}', output: null } }, { id: 'call_b', type: 'bing_grounding', bing_grounding: { q: 1 } }] } }),
      parseAs(runStepSchema, 'step', { id: 'step_b', type: 'retrieval', status: 'completed', created_at: 100, completed_at: 101, step_details: { type: 'retrieval', retrieval: {} } }),
    ];
    const [a, b] = stepViews(steps, [], 105_000);
    assert.equal(a!.calls[0]!.function!.arguments, '{\n  "x": 1\n}');
    assert.equal(a!.calls[0]!.function!.output, null);
    assert.match(a!.calls[1]!.other!, /"bing_grounding"/);
    assert.equal(a!.durationSeconds, 5, 'a running step lasts until now');
    assert.match(b!.other!, /"retrieval"/);
    assert.equal(b!.summary, 'retrieval');
  });

  it('says when whole-second timestamps make timeline bars impossible to tell apart', () => {
    const steps = stepViews(
      [0, 1, 2].map((i) => parseAs(runStepSchema, 'step', { id: `step_${i}`, type: 'message_creation', status: 'completed', created_at: 100, completed_at: 100, step_details: { type: 'message_creation', message_creation: { message_id: 'msg' } } })),
      [],
    );
    const timeline = timelineOf(run({ completed_at: 101 }), steps)!;
    assert.equal(timeline.items.length, 3);
    assert.match(timeline.resolutionNote!, /whole seconds: 3 of 3 steps took under a second .*up to 3 steps started within the same second/);
    const spread = stepViews([parseAs(runStepSchema, 'step', { id: 'step_x', type: 'message_creation', status: 'completed', created_at: 100, completed_at: 104, step_details: {} })], []);
    assert.equal(timelineOf(run({ completed_at: 104 }), spread)!.resolutionNote, null);
  });

  it('pretty-prints JSON text and leaves other text alone', () => {
    assert.equal(prettyJsonText('{"a":[1]}'), '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(prettyJsonText('shipped'), 'shipped');
    assert.equal(prettyJsonText('{broken'), '{broken');
  });
});

describe('JSON document paths', () => {
  const refs: JsonObjectRef[] = [
    { kind: 'thread', connectionId: 'c 1', threadId: 'thread_a' },
    { kind: 'run', connectionId: 'c', threadId: 'thread_a', runId: 'run_b' },
    { kind: 'step', connectionId: 'c', threadId: 'thread_a', runId: 'run_b', stepId: 'step_c' },
    { kind: 'toolCall', connectionId: 'c', threadId: 'thread_a', runId: 'run_b', stepId: 'step_c', toolCallId: 'call_d' },
    { kind: 'message', connectionId: 'c', threadId: 'thread_a', messageId: 'msg_e' },
    { kind: 'message', connectionId: 'c', threadId: 'thread_a', runId: 'run_b', messageId: 'msg_e' },
  ];
  it('round-trips every kind', () => {
    for (const ref of refs) assert.deepEqual(parseJsonPath(jsonPathOf(ref)!), ref);
    assert.equal(jsonPathOf(refs[2]!), '/c/thread_a/run_b/steps/step_c.json');
  });
  it('reads tree nodes and refuses references without the ids they need', () => {
    assert.deepEqual(jsonRefOf({ kind: 'step', ref: { connectionId: 'c', threadId: 'thread_a', runId: 'run_b', stepId: 'step_c' }, label: 'x' }), refs[2]);
    assert.equal(jsonRefOf({ kind: 'toolCall', ref: { connectionId: 'c', threadId: 'thread_a', runId: 'run_b' } }), undefined);
    assert.equal(jsonRefOf({ kind: 'connection', ref: { connectionId: 'c', threadId: 't' } }), undefined);
    assert.equal(parseJsonPath('/c/thread_a/run_b/other/x.json'), undefined);
  });
});

describe('links from service data', () => {
  it('opens only https URLs without credentials', () => {
    assert.deepEqual(checkExternalLink('https://learn.microsoft.com/a?b=c'), { ok: true, url: 'https://learn.microsoft.com/a?b=c' });
    for (const bad of ['javascript:alert(1)', 'http://example.com', 'data:text/html,<script>', 'file:///etc/passwd', 'vscode://x', 'https://user:pw@example.com', 'not a url', 'command:workbench.action.terminal.new']) {
      assert.equal(checkExternalLink(bad).ok, false, bad);
    }
  });
});

describe('panel HTML', () => {
  it('has a strict CSP with this load\'s nonce and nothing inline', () => {
    const nonce = newNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(newNonce(), nonce);
    const html = renderPanelHtml({ cspSource: 'https://x.vscode-cdn.net', nonce, scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/panel.css', codiconsUri: 'https://x/media/codicons/codicon.css' });
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
    assert.ok(html.includes(`content="${csp}"`));
    assert.match(csp, /^default-src 'none'; /);
    // data: images only (what the extension fetched and checked), nothing else from data:.
    assert.ok(csp.includes(`img-src https://x.vscode-cdn.net data:`));
    assert.equal(csp.match(/data:/g)!.length, 1);
    assert.ok(csp.includes(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|<style|style=| on\w+=/);
    assert.equal(html.match(/<script/g)!.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/dist/webview.js"></script>`));
    assert.throws(() => renderPanelHtml({ cspSource: 'x', nonce: "a' 'unsafe-inline", scriptUri: '', styleUri: '' }));
  });
});

describe('images for the panel', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  it('passes base64 of a known image type, judged by the bytes', () => {
    assert.equal(sniffImage(png), 'image/png');
    assert.equal(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
    assert.deepEqual(imageResultOf('file-1', png, 'application/octet-stream'), { fileId: 'file-1', mime: 'image/png', base64: Buffer.from(png).toString('base64') });
  });
  it('refuses anything else in words (SVG included), whatever the content type says', () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const result = imageResultOf('file-2', svg, 'image/svg+xml');
    assert.ok('error' in result && /not an image the panel shows .*the service sent image\/svg\+xml/.test(result.error), JSON.stringify(result));
  });
});

describe('durations', () => {
  it('rounds once, so a minute never shows 60 seconds', () => {
    assert.equal(formatDuration(16 * 60 + 59.6), '17 min');
    assert.equal(formatDuration(16 * 60 + 59.4), '16 min 59 s');
    assert.equal(formatDuration(59.96), '1 min');
    assert.equal(formatDuration(3599.7), '1 h');
    assert.equal(formatDuration(36_000), '10 h');
  });
  it('counts an active run up to now (for views that tick)', () => {
    assert.deepEqual(runDurations({ status: 'queued', created_at: 100 }, true, 160_000), { life: 60, lastSegment: undefined });
    assert.deepEqual(runDurations({ status: 'expired', created_at: 100, completed_at: 400, expires_at: 700 }, false), { life: 300, lastSegment: undefined });
  });
});

describe('webview formatting', () => {
  it('counts down to expires_at', () => {
    assert.match(expiryText(1000 + 432, 1000 * 1000), /^Expires in 7 min 12 s \(at .+\) unless the tool outputs are submitted\.$/);
    assert.match(expiryText(1000, 1001 * 1000), /has passed/);
  });
  it('folds long values by lines and characters', () => {
    assert.equal(headOf('a\nb\nc', 2, 100), 'a\nb');
    assert.equal(headOf('abcdef', 10, 3), 'abc');
    assert.equal(headOf('short', 10, 100), undefined);
  });
  it('makes bidi overrides and invisible characters visible in short fields', () => {
    assert.equal(revealInvisible('invoice\u202Etxt.exe'), 'invoice⟨U+202E⟩txt.exe');
    assert.equal(revealInvisible('get\u200b_weather'), 'get⟨U+200B⟩_weather');
    assert.equal(revealInvisible('日本語 ok'), '日本語 ok');
  });
  it('writes token usage', () => {
    assert.equal(usageText({ prompt: 1200, completion: 34, total: 1234 }), 'prompt 1,200 · completion 34 · total 1,234');
  });
});

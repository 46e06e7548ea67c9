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
import { buildRunView, runConfig, runNotices, statusKindOf, stepViews, timelineOf } from '../../src/panels/viewModel';
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
    assert.match(byKey.max_completion_tokens!.note!, /This limit stopped the run .* it is low/);
    assert.match(byKey.truncation_strategy!.note!, /last 3 message/);
    assert.match(byKey.tool_choice!.note!, /had to call a tool/);
    assert.equal(byKey.temperature!.value, '0.2');
    assert.equal(byKey.metadata!.value, '{\n  "a": "b"\n}');
    assert.equal(byKey.top_p, undefined, 'fields the service did not send are not invented');
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
    assert.ok(csp.includes(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|<style|style=| on\w+=/);
    assert.equal(html.match(/<script/g)!.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/dist/webview.js"></script>`));
    assert.throws(() => renderPanelHtml({ cspSource: 'x', nonce: "a' 'unsafe-inline", scriptUri: '', styleUri: '' }));
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

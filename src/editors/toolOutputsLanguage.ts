// Editor features of a tool-output draft: CodeLens (the call's function and arguments
// above each entry, "Submit tool outputs" at the top), hovers on ids, the quick fix that
// turns a non-string output into a string, and completion of the pending call ids.
import { getLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import { oneLine } from '../util/format';
import type { RunRef } from '../util/refs';
import { argumentsPath, draftScheme, prettyArguments } from './draftPaths';
import { missingEntriesEdit, stringifiedOutputEdit, type PendingCall, type ValidationResult } from '../model/toolOutputs';

export const openArgumentsCommand = 'agentRuns.draft.openArguments';
/** Not localized: code actions and tests recognize this extension's diagnostics by it. */
export const diagnosticSource = 'Agent Runs';

export interface DraftAnalysis {
  ref: RunRef;
  calls: PendingCall[];
  result: ValidationResult;
  /** Why the run no longer accepts outputs, when it is known not to. */
  refusal: string | undefined;
}

export interface DraftAnalyzer {
  analyze(document: vscode.TextDocument): DraftAnalysis | undefined;
  isSubmitting(ref: RunRef): boolean;
  readonly onDidChangeAnalysis: vscode.Event<void>;
}

export const draftSelector: vscode.DocumentSelector = { scheme: draftScheme, pattern: '**/*.tool-outputs.json' };

function signature(call: PendingCall | undefined, max = 80): string {
  if (!call) return '';
  return oneLine(`${call.name ?? 'tool'}(${call.arguments ?? ''})`, max);
}

export function argumentsUri(ref: RunRef, callId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: draftScheme, path: argumentsPath(ref, callId) });
}

function rangeOf(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
}

/** Problems of an analysis as diagnostics. */
export function diagnosticsOf(document: vscode.TextDocument, analysis: DraftAnalysis, base = 0, options: { syntax: boolean } = { syntax: true }): vscode.Diagnostic[] {
  // In a JSON editor the JSON language support already reports syntax errors (the same
  // parser finds the same ones): reporting them again would show every mistake twice.
  const problems = options.syntax ? analysis.result.problems : analysis.result.problems.filter((p) => !p.syntax);
  const out = problems.map((p) => {
    const d = new vscode.Diagnostic(
      rangeOf(document, base + p.offset, p.length),
      p.message,
      p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    d.source = diagnosticSource;
    d.code = p.code;
    return d;
  });
  if (analysis.refusal) {
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), analysis.refusal, vscode.DiagnosticSeverity.Warning);
    d.source = diagnosticSource;
    d.code = 'run-not-waiting';
    out.unshift(d);
  }
  return out;
}

/** "Go to handler" above a call's answer: where the workspace implements the tool, opened beside the draft. */
export function goToHandlerLens(range: vscode.Range, toolName: string): vscode.CodeLens {
  return new vscode.CodeLens(range, {
    title: vscode.l10n.t('$(go-to-file) Go to handler'),
    tooltip: vscode.l10n.t('Find where {0} is implemented in the workspace', toolName),
    command: 'agentRuns.goToHandler',
    arguments: [{ toolName, beside: true }],
  });
}

export class DraftCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly analyzer: DraftAnalyzer) {
    this.onDidChangeCodeLenses = analyzer.onDidChangeAnalysis;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const analysis = this.analyzer.analyze(document);
    if (!analysis) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (analysis.refusal) {
      // The run finished or moved on: nothing here can be sent, so nothing offers to.
      return [new vscode.CodeLens(top, { title: `$(circle-slash) ${analysis.refusal}`, command: 'agentRuns.openRun', tooltip: vscode.l10n.t('Open the run'), arguments: [analysis.ref] })];
    }
    const errors = analysis.result.problems.filter((p) => p.severity === 'error').length;
    const submitting = this.analyzer.isSubmitting(analysis.ref);
    const lenses: vscode.CodeLens[] = [
      new vscode.CodeLens(top, {
        title: submitting
          ? vscode.l10n.t('$(sync~spin) Submitting…')
          : errors === 1
            ? vscode.l10n.t('$(error) Submit tool outputs ({0} problem)', errors)
            : errors
              ? vscode.l10n.t('$(error) Submit tool outputs ({0} problems)', errors)
              : vscode.l10n.t('$(send) Submit tool outputs'),
        tooltip: vscode.l10n.t('Send these outputs to run {0}', analysis.ref.runId),
        command: submitting ? '' : 'agentRuns.submitToolOutputs',
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title:
          analysis.calls.length === 1
            ? vscode.l10n.t('{0} · {1} pending call', analysis.ref.runId, analysis.calls.length)
            : vscode.l10n.t('{0} · {1} pending calls', analysis.ref.runId, analysis.calls.length),
        command: 'agentRuns.openRun',
        tooltip: vscode.l10n.t('Open the run'),
        arguments: [analysis.ref],
      }),
    ];
    const byId = new Map(analysis.calls.map((c) => [c.id, c]));
    for (const entry of analysis.result.entries) {
      const call = entry.toolCallId ? byId.get(entry.toolCallId) : undefined;
      if (!call) continue;
      const range = rangeOf(document, entry.offset, 0);
      lenses.push(
        new vscode.CodeLens(range, {
          title: `ƒ ${signature(call)}`,
          tooltip: prettyArguments(call.arguments),
          command: openArgumentsCommand,
          arguments: [analysis.ref, call.id],
        }),
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('Open arguments as JSON'),
          command: openArgumentsCommand,
          arguments: [analysis.ref, call.id],
        }),
      );
      if (call.name) lenses.push(goToHandlerLens(range, call.name));
    }
    return lenses;
  }
}

export class DraftHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyzer: DraftAnalyzer) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.analyzer.analyze(document);
    if (!analysis) return undefined;
    const offset = document.offsetAt(position);
    const entry = analysis.result.entries.find((e) => offset >= e.offset && offset <= e.offset + e.length);
    const call = entry?.toolCallId ? analysis.calls.find((c) => c.id === entry.toolCallId) : undefined;
    if (!entry || !call) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [openArgumentsCommand] };
    md.appendMarkdown(`**ƒ ${call.name ?? 'tool'}** · \`${call.id}\`\n\n`);
    md.appendCodeblock(prettyArguments(call.arguments), 'json');
    const args = encodeURIComponent(JSON.stringify([analysis.ref, call.id]));
    md.appendMarkdown(`\n[${vscode.l10n.t('$(json) Open arguments as JSON')}](command:${openArgumentsCommand}?${args})`);
    return new vscode.Hover(md, rangeOf(document, entry.offset, entry.length));
  }
}

export class DraftCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly analyzer: DraftAnalyzer) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const text = document.getText();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      if (diagnostic.code === 'output-not-string') {
        const offset = document.offsetAt(diagnostic.range.start);
        const length = document.offsetAt(diagnostic.range.end) - offset;
        const action = new vscode.CodeAction(vscode.l10n.t('Convert the output to a JSON string'), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, stringifiedOutputEdit(text, offset, length));
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
    }
    // Add entries for pending calls that have none.
    const analysis = this.analyzer.analyze(document);
    if (analysis) {
      const present = new Set(analysis.result.entries.map((e) => e.toolCallId));
      const unanswered = analysis.calls.filter((c) => !present.has(c.id));
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== diagnosticSource || diagnostic.code !== 'unknown-id') continue;
        for (const call of unanswered) {
          const action = new vscode.CodeAction(vscode.l10n.t('Change to {0} ({1})', call.id, call.name ?? 'tool'), vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, diagnostic.range, JSON.stringify(call.id));
          action.diagnostics = [diagnostic];
          action.isPreferred = unanswered.length === 1;
          actions.push(action);
        }
      }
    }
    const array = analysis?.result.array;
    const missing = context.diagnostics.filter((d) => d.source === diagnosticSource && d.code === 'missing-call');
    if (analysis && array && missing.length) {
      const present = new Set(analysis.result.entries.map((e) => e.toolCallId));
      const absent = analysis.calls.filter((c) => !present.has(c.id));
      if (absent.length) {
        const action = new vscode.CodeAction(
          absent.length === 1 ? vscode.l10n.t('Add an entry for {0}', absent[0]!.id) : vscode.l10n.t('Add entries for the {0} missing calls', absent.length),
          vscode.CodeActionKind.QuickFix,
        );
        const insert = missingEntriesEdit(text, analysis.result.entries, array, absent);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.insert(document.uri, document.positionAt(insert.offset), insert.text);
        action.diagnostics = missing;
        actions.push(action);
      }
    }
    return actions;
  }
}

export class DraftCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly analyzer: DraftAnalyzer) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const analysis = this.analyzer.analyze(document);
    if (!analysis) return [];
    const text = document.getText();
    const offset = document.offsetAt(position);
    const location = getLocation(text, offset);
    const path = location.path;
    const last = path[path.length - 1];
    if (location.isAtPropertyKey || last !== 'tool_call_id') return [];
    // The value of a "tool_call_id": the pending ids not yet answered, with their calls.
    // Ids other entries already answer are not offered (a second answer is an error).
    const here = analysis.result.entries.find((e) => offset >= e.offset && offset <= e.offset + e.length);
    const used = new Set(analysis.result.entries.filter((e) => e !== here).map((e) => e.toolCallId));
    const wordRange = document.getWordRangeAtPosition(position, /"[^"]*"?|[A-Za-z0-9_]+/);
    return analysis.calls.filter((call) => !used.has(call.id)).map((call, i) => {
      const item = new vscode.CompletionItem({ label: call.id, description: signature(call, 50) }, vscode.CompletionItemKind.Value);
      item.insertText = JSON.stringify(call.id);
      item.filterText = JSON.stringify(call.id);
      if (wordRange) item.range = wordRange;
      item.sortText = String(i).padStart(3, '0');
      item.detail = call.name;
      item.documentation = new vscode.MarkdownString().appendCodeblock(prettyArguments(call.arguments), 'json');
      return item;
    });
  }
}

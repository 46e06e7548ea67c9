import * as vscode from 'vscode';
import type { Look, RowText } from './describe';

/** Markdown tooltip from untrusted text: values go through appendText, code is fenced safely. */
export function tooltipOf(text: RowText): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  for (const [name, value] of text.details) {
    md.appendMarkdown(`**${name}:** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  }
  if (text.block && text.block.text) {
    md.appendMarkdown(`\n**${text.block.title}**\n`);
    // A fence inside the text must not close ours.
    const body = text.block.text.length > 4000 ? `${text.block.text.slice(0, 4000)}\n…` : text.block.text;
    md.appendCodeblock(body.replace(/`{3,}/g, (m) => m.split('').join('\u200b')), text.block.language ?? 'text');
  }
  return md;
}

export function iconOf(look: Look): vscode.ThemeIcon {
  return new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
}

// Text from a service made into Markdown that renders as the same text: escaped inline,
// or fenced where nothing inside can close the fence. Shared by the Markdown export and
// the migration preview. Free of `vscode`.

/** Backslash before every character that could start Markdown inline syntax or HTML. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#!|~&]/g, '\\$&');
}

/** One escaped line: also what would open a list, a heading underline or a quote at its start. */
export function escapeLine(line: string): string {
  return escapeInline(line).replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_, space: string, lead: string) => (/\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`));
}

export const longestTicks = (text: string) => Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));

/** A fenced block of `body` that nothing inside can close. */
export function fence(body: string, language = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestTicks(body) + 1));
  return `${ticks}${language}\n${body}\n${ticks}`;
}

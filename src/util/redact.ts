// Removes credentials from text that may reach a log, an error message or a webview.

const knownSecrets = new Set<string>();

/** Registers a secret value (a key or token) so that it is redacted wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) knownSecrets.delete(value);
}

const patterns: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI keys (sk-…, sk-proj-…)
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization values
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}/g, // JWTs (Entra tokens)
  /((?:api[-_]?key|authorization|access_token|token)["']?\s*[:=]\s*["']?(?:Bearer\s+)?)[^\s"'&,}]{6,}/gi,
];

/** `text` with every known secret and credential-like value replaced by `mark`. */
export function redact(text: string, mark = '«redacted»'): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(mark);
  }
  for (const pattern of patterns) {
    out = out.replace(pattern, (match, keep: unknown) => (typeof keep === 'string' && match.startsWith(keep) ? `${keep}${mark}` : mark));
  }
  return out;
}

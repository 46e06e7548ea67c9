// Which links from service data the panel may open: only well-formed https URLs without
// credentials. Pure (no `vscode`); the panel still asks the user before opening one.

export type LinkCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkExternalLink(text: string): LinkCheck {
  if (text.length > 4096) return { ok: false, reason: 'the link is too long' };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, reason: 'it is not a valid URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: `only https links are opened (this one is ${url.protocol.replace(/:$/, '') || 'not a web link'})` };
  if (url.username || url.password) return { ok: false, reason: 'it carries a user name or password' };
  if (!url.hostname || /[\s\u0000-\u001f]/.test(text)) return { ok: false, reason: 'it has no valid host' };
  return { ok: true, url: url.href };
}

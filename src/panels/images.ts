// Images the run panel shows (code-interpreter outputs, message image files): the
// extension reads the file through the files endpoint and passes the panel base64 of a
// known image type only, judged by the bytes themselves, so what becomes a `data:` URL
// in the page is always an image the extension fetched. Pure (no vscode).
import { imageMimeTypes, maxImageBytes, type ImageResult } from '../shared/protocol';

type ImageMime = (typeof imageMimeTypes)[number];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/** The image type of `bytes` by their signature; undefined for anything else (SVG included: it can carry script). */
export function sniffImage(bytes: Uint8Array): ImageMime | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

/** What the panel is sent for a fetched file. */
export function imageResultOf(fileId: string, bytes: Uint8Array, contentType: string): ImageResult {
  if (bytes.byteLength > maxImageBytes) return { fileId, error: `File ${fileId} is too large to show here (${Math.round(bytes.byteLength / 1024)} KB).` };
  const mime = sniffImage(bytes);
  if (!mime) {
    const type = contentType.split(';')[0]?.trim();
    return { fileId, error: `File ${fileId} is not an image the panel shows (PNG, JPEG, GIF or WebP)${type ? `; the service sent ${type}` : ''}.` };
  }
  return { fileId, mime, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

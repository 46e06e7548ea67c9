// The files endpoint, for what the emulator's runs refer to: `GET /files/{id}/content`
// serves a small PNG for each code-interpreter image a run produced (as OpenAI and Azure
// AI Agents serve the image bytes); any other id is 404 as on the real service.
import { deflateSync } from 'node:zlib';
import { ApiError } from './types';

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 120×60 bar chart (the demo's "plot_sales()"), as PNG bytes. */
export function chartPng(): Buffer {
  const width = 120;
  const height = 60;
  const bars = [18, 30, 26, 44, 52];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 0xff); // filter byte 0, then white pixels
    row[0] = 0;
    for (let x = 0; x < width; x++) {
      const bar = Math.floor((x - 10) / 22);
      const inBar = x >= 10 && bar < bars.length && (x - 10) % 22 < 16 && height - 1 - y < bars[bar]!;
      const axis = y === height - 1 || x === 9;
      const [r, g, b] = axis ? [0x44, 0x44, 0x44] : inBar ? [0x3b, 0x82, 0xf6] : [0xff, 0xff, 0xff];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** The bytes of a file the emulator knows, or the service's 404. */
export function fileContent(imageFiles: ReadonlySet<string>, fileId: string): { body: Buffer; contentType: string } {
  if (!imageFiles.has(fileId)) throw new ApiError(404, `No such File object: ${fileId}`, 'invalid_request_error', 'id');
  return { body: chartPng(), contentType: 'image/png' };
}

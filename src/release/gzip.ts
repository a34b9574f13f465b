// gzip with a fixed header: no file name, mtime 0, OS "unknown", so the bytes depend only on the
// input and on the deflate implementation (Node.js's zlib, at level 9).

import { crc32, deflateRawSync } from 'node:zlib';

/** ID1 ID2, CM=deflate, FLG=0, MTIME=0, XFL=2 (maximum compression), OS=255 (unknown). */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff]);

export function gzip(data: Buffer): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length % 2 ** 32, 4);
  return Buffer.concat([HEADER, deflateRawSync(data, { level: 9 }), trailer]);
}

// A deterministic tar writer (POSIX ustar, with a pax header where ustar cannot hold a path): the
// bytes depend only on the entries and the timestamp, never on the machine, user or clock.
//
// Every entry gets uid and gid 0, empty user and group names, the given mtime and its mode as
// given; entries are written in path order (see entries.ts); the archive ends with two zero
// blocks and no further padding.

import { normalizeEntries, type ArchiveEntry } from './entries.js';

const BLOCK = 512;
/** The largest size ustar's 11 octal digits can hold. */
const MAX_SIZE = 8 ** 11 - 1;

export interface TarOptions {
  /** Modification time of every entry, in seconds since the epoch (SOURCE_DATE_EPOCH). */
  readonly mtime: number;
}

function octal(value: number, width: number): string {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`${value} does not fit a tar header field of ${width} bytes`);
  return `${digits.padStart(width - 1, '0')}\0`;
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes), if it can be. */
function ustarSplit(path: string): { prefix: string; name: string } | undefined {
   
  if (!/^[\x20-\x7e]*$/.test(path)) return undefined;
  if (path.length <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { prefix, name };
  }
  return undefined;
}

interface Header {
  readonly name: string;
  readonly prefix: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly type: '0' | '5' | 'x';
}

function header(h: Header): Buffer {
  const b = Buffer.alloc(BLOCK);
  const put = (text: string, offset: number, width: number): void => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > width) throw new Error(`tar header field too long: ${text}`);
    bytes.copy(b, offset);
  };
  put(h.name, 0, 100);
  put(octal(h.mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(h.size, 12), 124, 12);
  put(octal(h.mtime, 12), 136, 12);
  b.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  put(h.type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  // uname, gname stay empty; devmajor, devminor are zero
  put(octal(0, 8), 329, 8);
  put(octal(0, 8), 337, 8);
  put(h.prefix, 345, 155);
  let sum = 0;
  for (const byte of b) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return b;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

/** One pax record: "<length> path=<value>\n", where length counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = Buffer.byteLength(` ${key}=${value}\n`);
  let length = body + 1;
  while (String(length).length + body !== length) length = String(length).length + body;
  return `${length} ${key}=${value}\n`;
}

export function tar(entries: readonly ArchiveEntry[], options: TarOptions): Buffer {
  const mtime = Math.floor(options.mtime);
  const parts: Buffer[] = [];
  for (const e of normalizeEntries(entries)) {
    const path = e.type === 'dir' ? `${e.path}/` : e.path;
    const data = e.type === 'file' ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    if (data.length > MAX_SIZE) throw new Error(`${e.path} is too large for a tar archive (${data.length} bytes)`);
    let split = ustarSplit(path);
    if (!split) {
      const pax = Buffer.from(paxRecord('path', path), 'utf8');
      // The pax header's own name only has to be stable and fit; readers use the record.
      const short = `PaxHeaders/${path.replace(/[^\x20-\x7e]/g, '_').slice(-80)}`;
      parts.push(header({ name: short.slice(0, 100), prefix: '', mode: 0o644, size: pax.length, mtime, type: 'x' }), ...padded(pax));
      split = { prefix: '', name: path.replace(/[^\x20-\x7e]/g, '_').slice(-100) };
    }
    parts.push(header({ ...split, mode: e.mode & 0o7777, size: data.length, mtime, type: e.type === 'dir' ? '5' : '0' }));
    if (data.length > 0) parts.push(...padded(data));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

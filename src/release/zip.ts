// A deterministic zip writer: entries in path order, one fixed timestamp (from SOURCE_DATE_EPOCH,
// clamped to what DOS dates can say), Unix permissions in the external attributes, no extra
// fields, deflate at level 9 (stored for directories and empty files).

import { crc32, deflateRawSync } from 'node:zlib';
import { normalizeEntries, type ArchiveEntry } from './entries.js';

export interface ZipOptions {
  /** Modification time of every entry, in seconds since the epoch (read as UTC). */
  readonly mtime: number;
}

/** DOS time and date of a Unix time, in UTC, clamped to 1980-01-01 … 2107-12-31. */
export function dosDateTime(seconds: number): { time: number; date: number } {
  const min = Date.UTC(1980, 0, 1) / 1000;
  const max = Date.UTC(2107, 11, 31, 23, 59, 58) / 1000;
  const d = new Date(Math.min(Math.max(Math.floor(seconds), min), max) * 1000);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** "Version made by": Unix (3), spec 2.0; "version needed": 2.0 (deflate, directories). */
const MADE_BY = (3 << 8) | 20;
const NEEDED = 20;
const UTF8_FLAG = 0x0800;
const LIMIT = 0xffffffff;

export function zip(entries: readonly ArchiveEntry[], options: ZipOptions): Buffer {
  const { time, date } = dosDateTime(options.mtime);
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const list = normalizeEntries(entries);
  if (list.length > 0xffff) throw new Error(`too many files for a zip archive without ZIP64 (${list.length})`);
  for (const e of list) {
    const name = Buffer.from(e.type === 'dir' ? `${e.path}/` : e.path, 'utf8');
    const data = e.type === 'file' ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const method = data.length === 0 ? 0 : 8;
    const body = method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    if (data.length >= LIMIT || body.length >= LIMIT || offset >= LIMIT) throw new Error(`${e.path} is too large for a zip archive without ZIP64`);
    const crc = crc32(data) >>> 0;
    const flags = /[^\x20-\x7e]/.test(e.path) ? UTF8_FLAG : 0;

    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(NEEDED, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(time, 10);
    lh.writeUInt16LE(date, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    local.push(lh, name, body);

    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(MADE_BY, 4);
    ch.writeUInt16LE(NEEDED, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(time, 12);
    ch.writeUInt16LE(date, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal attributes: all 0
    const unix = ((e.type === 'dir' ? S_IFDIR : S_IFREG) | (e.mode & 0o7777)) >>> 0;
    ch.writeUInt32LE(((unix << 16) | (e.type === 'dir' ? 0x10 : 0)) >>> 0, 38);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += lh.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  if (offset + cd.length >= LIMIT) throw new Error('the archive is too large for zip without ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(list.length, 8);
  end.writeUInt16LE(list.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

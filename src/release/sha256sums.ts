// SHA256SUMS in the format `sha256sum -c` reads: "<hex>  <path>" per file, sorted by path, with
// GNU coreutils' escaping for names holding a backslash or a line break.

import { createHash } from 'node:crypto';
import { compareArchivePaths } from './entries.js';

export interface Checksum {
  /** Path relative to the directory the file sits in, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One line: names with `\`, LF or CR get a leading `\` and those characters escaped. */
function line(c: Checksum): string {
  if (!/^[0-9a-f]{64}$/.test(c.sha256)) throw new Error(`not a SHA-256: ${c.sha256}`);
  if (!/[\\\n\r]/.test(c.path)) return `${c.sha256}  ${c.path}\n`;
  const name = c.path.replace(/[\\\n\r]/g, (ch) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r' })[ch] ?? ch);
  return `\\${c.sha256}  ${name}\n`;
}

export function renderSha256Sums(checksums: readonly Checksum[]): string {
  const sorted = [...checksums].sort((a, b) => compareArchivePaths(a.path, b.path));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.path === sorted[i - 1]?.path) throw new Error(`listed twice: ${sorted[i]?.path}`);
  }
  return sorted.map(line).join('');
}

/** Reads such a file back (the same escaping); lines that are not checksum lines are skipped. */
export function parseSha256Sums(text: string): Checksum[] {
  const out: Checksum[] = [];
  for (const raw of text.split('\n')) {
    const m = /^(\\?)([0-9a-f]{64}) [ *](.+)$/.exec(raw);
    if (!m) continue;
    const path = m[1] ? (m[3] as string).replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', r: '\r' })[ch] ?? ch) : (m[3] as string);
    out.push({ path, sha256: m[2] as string });
  }
  return out;
}

// `tszig targets`: every target with its status, and the triples tszig does not support and why.

import { knownTargets, UNIVERSAL2, UNIVERSAL2_PARTS, UNSUPPORTED, type TargetSpec } from './table.js';

function libcColumn(t: TargetSpec): string {
  if (t.libc === 'glibc') return `glibc ${t.glibcFloor ?? '2.17'}+ (.<major>.<minor>)`;
  if (t.libc === 'darwin') return `macOS ${t.macosMin ?? ''}+`;
  return { musl: 'musl (static)', mingw: 'MinGW-w64', freebsd: 'FreeBSD', wasi: 'WASI' }[t.libc] ?? t.libc;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function targetsCommand(): string {
  const rows = knownTargets().map((t) => [t.rust, t.zig, libcColumn(t), t.caveat ? `supported, with caveats: ${t.caveat}` : 'supported']);
  rows.push([UNIVERSAL2, UNIVERSAL2_PARTS.map((p) => p.split('-')[0]).join(' + '), 'macOS', 'supported: builds both, merges each artifact into one universal file']);
  const unsupported = UNSUPPORTED.map((u) => [u.label, u.why]);
  return [
    table(['RUST TARGET', 'ZIG TARGET', 'LIBC', 'STATUS'], rows),
    '',
    'Not supported:',
    table(['TRIPLES', 'WHY'], unsupported),
    '',
  ].join('\n');
}

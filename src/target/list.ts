// `tszig targets`: every target with its status, the glibc versions each tested Zig offers, and the
// triples tszig does not support and why.

import { GLIBC_CEILINGS } from '../zig/glibc-ceilings.js';
import { PINNED_ZIG_VERSION, TESTED_ZIG_VERSIONS } from '../zig/pin.js';
import { knownTargets, UNIVERSAL2, UNIVERSAL2_PARTS, UNSUPPORTED, type TargetSpec } from './table.js';

const DEFAULT_GLIBC_FLOOR = '2.17';

function libcColumn(t: TargetSpec): string {
  if (t.libc === 'glibc') return `glibc ${t.glibcFloor ?? DEFAULT_GLIBC_FLOOR}+ (.<major>.<minor>)`;
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
  const raised = knownTargets().filter((t) => t.libc === 'glibc' && t.glibcFloor !== undefined && t.glibcFloor !== DEFAULT_GLIBC_FLOOR);
  const glibc = TESTED_ZIG_VERSIONS.map((v) => [`zig ${v}${v === PINNED_ZIG_VERSION ? ' (pinned)' : ''}`, `${DEFAULT_GLIBC_FLOOR} to ${GLIBC_CEILINGS[v]}`]);
  return [
    table(['RUST TARGET', 'ZIG TARGET', 'LIBC', 'STATUS'], rows),
    '',
    'glibc versions for -gnu targets (--target <triple>.<major>.<minor>; without a suffix, the',
    "target's oldest), from the target's floor to the newest glibc the zig in use bundles:",
    table(['ZIG', 'GLIBC'], glibc),
    `Floors above ${DEFAULT_GLIBC_FLOOR}: ${raised.map((t) => `${t.rust} ${t.glibcFloor ?? ''}`).join(', ')}.`,
    '',
    'Not supported:',
    table(['TRIPLES', 'WHY'], unsupported),
    '',
  ].join('\n');
}

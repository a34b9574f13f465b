// A target's baseline CPU (the table's `cpu`) as the Zig in use spells it.

import type { TargetSpec } from './table.js';
import { versionAtLeast } from './version.js';

/**
 * The table spells CPU features as zig 0.14 to 0.17 do. zig 0.18 renames ARM's `strict_align` to
 * `no_unaligned_access` and drops `soft_float` (the float ABI follows the target's eabi/eabihf).
 */
export function zigCpu(cpu: string | undefined, zigVersion: string): string | undefined {
  if (cpu === undefined || !versionAtLeast(zigVersion, '0.18.0')) return cpu;
  return cpu.replace(/\+strict_align\b/g, '+no_unaligned_access').replace(/\+soft_float\b/g, '');
}

/**
 * Zig's own baseline CPU where it is not `generic`, by zig target (os without version), as
 * `zig cc -target <t> -### -c x.c` shows it (`-target-cpu`) on zig 0.14.1 to 0.17.1: aarch64
 * Linux, Windows and FreeBSD use `generic`, macOS `apple-m1`.
 */
const ZIG_BASELINE_CPU: Readonly<Record<string, string>> = {
  'aarch64-macos': 'apple_m1',
};

/**
 * The CPU a target's code is built for: the table's baked `-mcpu` when it has one, else zig's own
 * baseline for the target. CPU flags that add features (`-march=armv8-a+crc`) build on it.
 */
export function baselineCpu(spec: Pick<TargetSpec, 'cpu' | 'zig'>, zigVersion: string): string {
  return zigCpu(spec.cpu, zigVersion) ?? ZIG_BASELINE_CPU[spec.zig] ?? 'generic';
}

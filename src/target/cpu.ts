// A target's baseline CPU (the table's `cpu`) as the Zig in use spells it.

import { versionAtLeast } from './version.js';

/**
 * The table spells CPU features as zig 0.14 to 0.17 do. zig 0.18 renames ARM's `strict_align` to
 * `no_unaligned_access` and drops `soft_float` (the float ABI follows the target's eabi/eabihf).
 */
export function zigCpu(cpu: string | undefined, zigVersion: string): string | undefined {
  if (cpu === undefined || !versionAtLeast(zigVersion, '0.18.0')) return cpu;
  return cpu.replace(/\+strict_align\b/g, '+no_unaligned_access').replace(/\+soft_float\b/g, '');
}

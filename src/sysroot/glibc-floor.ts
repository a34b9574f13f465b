// The glibc promise: a sysroot's packages state the glibc they need (`libc6 (>= 2.34)`), and a
// target's glibc must be at least that. Without a suffix, the floor becomes the target's glibc.

import { TszigError } from '../errors.js';
import { splitGlibcSuffix } from '../target/parse.js';
import { compareVersions, parseVersion } from '../target/version.js';
import type { GlibcFloor } from './closure.js';

export class SysrootGlibcError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_SYSROOT_GLIBC', message, { hint });
  }
}

function newer(a: string, b: string): boolean {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  return Boolean(va && vb && compareVersions(va, vb) > 0);
}

export type GlibcDecision =
  | { readonly kind: 'keep' }
  /** No suffix was given: build for the floor instead of the target's oldest glibc. */
  | { readonly kind: 'raise'; readonly glibc: string; readonly floor: GlibcFloor };

/**
 * What the target's glibc becomes with this sysroot. `input` is the target as written
 * (`aarch64-unknown-linux-gnu.2.31`), `glibc` the version it resolved to.
 */
export function glibcForSysroot(input: string, glibc: string, floor: GlibcFloor | undefined, suite: string): GlibcDecision {
  if (!floor || !newer(floor.version, glibc)) return { kind: 'keep' };
  const { base, suffix } = splitGlibcSuffix(input);
  if (suffix === undefined) return { kind: 'raise', glibc: floor.version, floor };
  throw new SysrootGlibcError(
    `target ${input} promises glibc ${glibc}, but ${floor.by} from ${suite} needs glibc ${floor.version} or newer`,
    `build for --target ${base}.${floor.version} (or newer), use the crate's vendored or bundled feature instead of the system library, or take the packages from an older suite ([sysroot] suite)`,
  );
}

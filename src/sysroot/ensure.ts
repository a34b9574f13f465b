// Makes sure a target's sysroot exists: found by its key with one small file read (the warm
// path, which loads nothing else), else built (build.ts, loaded only then).

import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import type { DebianArchive } from './archive.js';
import type { DebianTarget } from './multiarch.js';
import { findSysroot, type Sysroot } from './store.js';
import { TszigError } from '../errors.js';
import type { Progress } from '../fetch/progress.js';

export interface EnsureRequest {
  /** The target as the user wrote it (for messages and the glibc check). */
  readonly input: string;
  /** The target's glibc before the sysroot is considered (suffix, else the target's floor). */
  readonly glibc: string | undefined;
  readonly debian: DebianTarget;
  readonly packages: readonly string[];
  readonly archive: DebianArchive;
  readonly cacheDir: string;
  readonly env: Env;
  readonly logger: Logger;
  readonly progress?: Progress;
  /** Today, for the index's Valid-Until (tests). */
  readonly now?: Date;
  /** false: only a sysroot already in the cache will do (`--print-plan` downloads nothing). */
  readonly fetch?: boolean;
}

export async function ensureSysroot(req: EnsureRequest): Promise<Sysroot> {
  const found = findSysroot(req.cacheDir, { archive: req.archive, arch: req.debian.arch, packages: req.packages });
  if (found) return found;
  if (req.fetch === false) {
    throw new TszigError('E_SYSROOT_NOT_FETCHED', `the ${req.debian.arch} sysroot for ${req.input} (${[...req.packages].sort().join(' ')}) is not in tszig's cache, and --print-plan downloads nothing`, {
      hint: `fetch it first: tszig sysroot path --target ${req.input} (or run the build)`,
    });
  }
  const { buildSysroot } = await import('./build.js');
  return buildSysroot(req);
}

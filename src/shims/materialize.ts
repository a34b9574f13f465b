// Writes a target's shims into the cache, named by a hash of their content.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import type { ResolvedTarget } from '../target/parse.js';
import { renderShim, type ShimRole } from './render-sh.js';

export interface ShimSet {
  readonly dir: string;
  readonly cc: string;
  readonly cxx: string;
  readonly ar: string;
  readonly ranlib: string;
}

export interface MaterializeInput {
  readonly target: ResolvedTarget;
  readonly zigPath: string;
  readonly zigVersion: string;
  readonly zigCacheDir: string;
  /** tszig's cache root; shims go to <cacheDir>/shims/<target>/. */
  readonly cacheDir: string;
}

/** File-name stem per role; "zig" in the name lets cc-rs recognise zig even without --version. */
const STEM: Readonly<Record<ShimRole, string>> = { cc: 'zigcc', 'c++': 'zigcxx', ar: 'zigar', ranlib: 'zigranlib' };

/**
 * Renders the four shims and writes each one that is not there yet. Names carry a content hash,
 * so a changed shim gets a new path (cargo relinks when its linker path changes) and an unchanged
 * one keeps its path and mtime.
 */
export function materializeShims(input: MaterializeInput): ShimSet {
  const dir = join(input.cacheDir, 'shims', input.target.input);
  ensureDir(dir, 'shim directory');
  const write = (role: ShimRole): string => {
    const text = renderShim({ role, ...input });
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
    const path = join(dir, `${STEM[role]}-${hash}`);
    if (!existsSync(path)) writeFileAtomic(path, text, 0o755);
    return path;
  };
  return { dir, cc: write('cc'), cxx: write('c++'), ar: write('ar'), ranlib: write('ranlib') };
}

// Writes a target's shims into the cache, named by a hash of their content.
//
// The compiler shims (cc, c++) are compiled launchers when this host can build them, and POSIX sh
// scripts otherwise (or with TSZIG_SHIM=sh). Both apply the same rules; the launcher costs the
// same whatever the shell and the argument count (docs/benchmarks.md). ar and ranlib need no rules
// and are always sh.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { hostZigTarget } from '../platform/host.js';
import type { ResolvedTarget } from '../target/parse.js';
import { renderCmakeToolchain } from './cmake-toolchain.js';
import { buildLauncher, LAUNCHER_FLAGS } from './launcher.js';
import { renderLauncher } from './render-c.js';
import { renderShim, type ShimRole } from './render-sh.js';

export type ShimKind = 'launcher' | 'sh';

export interface ShimSet {
  readonly dir: string;
  readonly cc: string;
  readonly cxx: string;
  readonly ar: string;
  readonly ranlib: string;
  /** What cc and c++ are. */
  readonly kind: ShimKind;
  /** A directory to put first on PATH (Windows: the `<arch>-w64-mingw32-dlltool` rustc looks for). */
  readonly binDir?: string | undefined;
  /** CMake toolchain file using these shims. */
  readonly cmake: string;
}

export interface MaterializeInput {
  readonly target: ResolvedTarget;
  /** The zig the shims run. */
  readonly zigPath: string;
  readonly zigVersion: string;
  readonly zigCacheDir: string;
  /** tszig's cache root; shims go to <cacheDir>/shims/<target>/. */
  readonly cacheDir: string;
  /** 'sh' for sh shims only; otherwise launchers are built with `compiler` (default: zigPath). */
  readonly kind?: ShimKind;
  readonly compiler?: string;
  readonly sdkRoot?: string | undefined;
  readonly logger?: Logger;
}

/** File-name stem per role; "zig" in the name lets cc-rs recognise zig even without --version. */
const STEM: Readonly<Record<ShimRole, string>> = { cc: 'zigcc', 'c++': 'zigcxx', ar: 'zigar', ranlib: 'zigranlib', dlltool: 'zigdlltool' };

/** rustc runs `<arch>-w64-mingw32-dlltool` to make import libraries for `raw-dylib` on windows-gnu. */
const DLLTOOL_ARCH: Readonly<Record<string, string>> = { x86_64: 'x86_64', x86: 'i686', aarch64: 'aarch64' };

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Writes the dlltool shim under the name rustc looks for, in a directory for PATH. */
function dlltoolDir(input: MaterializeInput, dir: string): string | undefined {
  const arch = DLLTOOL_ARCH[input.target.spec.arch];
  if (input.target.spec.libc !== 'mingw' || !arch) return undefined;
  const bin = join(dir, 'bin');
  ensureDir(bin, 'shim directory');
  writeFileAtomic(join(bin, `${arch}-w64-mingw32-dlltool`), renderShim({ role: 'dlltool', ...input }), 0o755);
  return bin;
}

/**
 * Renders the shims and writes each one that is not there yet. Names carry a content hash, so a
 * changed shim gets a new path (cargo relinks when its linker path changes) and an unchanged one
 * keeps its path and mtime.
 */
export async function materializeShims(input: MaterializeInput): Promise<ShimSet> {
  const log = input.logger ?? silentLogger;
  const dir = join(input.cacheDir, 'shims', input.target.input);
  ensureDir(dir, 'shim directory');

  const sh = (role: ShimRole): string => {
    const text = renderShim({ role, ...input });
    const path = join(dir, `${STEM[role]}-${hash(text)}`);
    if (!existsSync(path)) writeFileAtomic(path, text, 0o755);
    return path;
  };
  const shims = { dir, cc: sh('cc'), cxx: sh('c++'), ar: sh('ar'), ranlib: sh('ranlib'), kind: 'sh' as ShimKind, binDir: dlltoolDir(input, dir) };
  const withCmake = (set: Omit<ShimSet, 'cmake'>): ShimSet => {
    const text = renderCmakeToolchain(input.target, set);
    const path = join(dir, `toolchain-${hash(text)}.cmake`);
    if (!existsSync(path)) writeFileAtomic(path, text);
    return { ...set, cmake: path };
  };

  const hostTarget = input.kind === 'sh' ? undefined : hostZigTarget();
  if (!hostTarget) return withCmake(shims);
  const launcher = async (role: 'cc' | 'c++'): Promise<string> => {
    const source = renderLauncher({ role, ...input });
    const path = join(dir, `${STEM[role]}-${hash([source, hostTarget, input.zigVersion, ...LAUNCHER_FLAGS].join('\0'))}`);
    if (!existsSync(path)) {
      log.debug(`building the ${role} launcher for ${input.target.input}`);
      await buildLauncher({ source, out: path, compiler: input.compiler ?? input.zigPath, hostTarget, zigCacheDir: input.zigCacheDir });
    }
    return path;
  };
  try {
    return withCmake({ ...shims, cc: await launcher('cc'), cxx: await launcher('c++'), kind: 'launcher' });
  } catch (err) {
    log.warn(`using sh shims for ${input.target.input}: could not build the launcher (${(err as Error).message.split('\n').slice(0, 3).join(' ')})`);
    return withCmake(shims);
  }
}

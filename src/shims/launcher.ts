// Compiles a launcher (shims/launcher.c filled in for one target and role) with zig, for this host.

import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDir } from 'tmp-promise';
import { runCapture } from '../process/capture.js';

export interface LauncherBuild {
  readonly source: string;
  /** Where the binary goes; its source is kept beside it as `<out>.c`. */
  readonly out: string;
  /** The zig that compiles it. */
  readonly compiler: string;
  readonly hostTarget: string;
  readonly zigCacheDir: string;
}

/** Flags for the launcher: small, optimized, no sanitizer runtime, no debug info. */
export const LAUNCHER_FLAGS = ['-O2', '-fno-sanitize=undefined', '-s'] as const;

/**
 * Compiles in a fresh temporary directory, with relative paths (zig's linker fails on some
 * characters in paths, `%` among them, and its dependency files on `\\`), then copies the binary
 * beside `out` and renames it into place: `out` is whole or absent.
 */
export async function buildLauncher(build: LauncherBuild): Promise<void> {
  await withDir(async ({ path: tmp }) => {
    writeFileSync(join(tmp, 'launcher.c'), build.source);
    await runCapture(build.compiler, ['cc', '-target', build.hostTarget, ...LAUNCHER_FLAGS, '-o', 'launcher', 'launcher.c'], {
      cwd: tmp,
      env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: process.env.ZIG_GLOBAL_CACHE_DIR || build.zigCacheDir },
      timeoutMs: 10 * 60_000,
    });
    const staged = `${build.out}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      copyFileSync(join(tmp, 'launcher.c'), `${staged}.c`);
      renameSync(`${staged}.c`, `${build.out}.c`);
      copyFileSync(join(tmp, 'launcher'), staged);
      chmodSync(staged, 0o755);
      renameSync(staged, build.out);
    } finally {
      rmSync(staged, { force: true });
      rmSync(`${staged}.c`, { force: true });
    }
  }, { prefix: 'tszig-launcher-', unsafeCleanup: true });
}

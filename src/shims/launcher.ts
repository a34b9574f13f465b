// Compiles a launcher (shims/launcher.c filled in for one target and role) with zig, for this host.

import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Compiles into a temporary directory beside `out`, then renames: `out` is whole or absent. */
export async function buildLauncher(build: LauncherBuild): Promise<void> {
  await withDir(async ({ path: tmp }) => {
    const src = join(tmp, 'launcher.c');
    writeFileSync(src, build.source);
    const bin = join(tmp, 'launcher');
    await runCapture(build.compiler, ['cc', '-target', build.hostTarget, ...LAUNCHER_FLAGS, '-o', bin, src], {
      env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: process.env.ZIG_GLOBAL_CACHE_DIR || build.zigCacheDir },
      timeoutMs: 10 * 60_000,
    });
    renameSync(src, `${build.out}.c`);
    renameSync(bin, build.out);
  }, { tmpdir: dirname(build.out), prefix: '.launcher-', unsafeCleanup: true });
}

// Paths the user hands tszig in flags and environment variables (--zig, TSZIG_ZIG,
// TSZIG_CACHE_DIR, ZIG_GLOBAL_CACHE_DIR): a relative one is taken from the working directory, here
// and only here, because what tszig bakes in is read elsewhere (cargo runs build scripts in each
// package's own directory, rustc links in another).

import { posix, win32 } from 'node:path';

/** `value` made absolute against `cwd` (which must itself be absolute). */
export function userPath(value: string, cwd: string, platform: NodeJS.Platform = process.platform): string {
  return (platform === 'win32' ? win32 : posix).resolve(cwd, value);
}

/** Whether `value` is an absolute path on `platform`. */
export function isAbsolutePath(value: string, platform: NodeJS.Platform = process.platform): boolean {
  return (platform === 'win32' ? win32 : posix).isAbsolute(value);
}

// Where tszig keeps its caches: TSZIG_CACHE_DIR, else the platform's user cache directory. Always
// absolute: a relative TSZIG_CACHE_DIR or ZIG_GLOBAL_CACHE_DIR is taken from the working directory.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { isAbsolutePath, userPath } from './user-path.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * TSZIG_CACHE_DIR (relative: from `cwd`) > $XDG_CACHE_HOME/tszig (Linux; ignored when relative, as
 * the XDG spec says) | ~/Library/Caches/tszig (macOS) | %LOCALAPPDATA%\tszig\cache.
 */
export function resolveCacheDir(env: Env, platform: NodeJS.Platform = process.platform, home = homedir(), cwd = process.cwd()): string {
  const explicit = env.TSZIG_CACHE_DIR;
  if (explicit) return userPath(explicit, cwd, platform);
  const base = (value: string | undefined): string | undefined => (value && isAbsolutePath(value, platform) ? value : undefined);
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'tszig');
  if (platform === 'win32') return join(base(env.LOCALAPPDATA) ?? join(home, 'AppData', 'Local'), 'tszig', 'cache');
  return join(base(env.XDG_CACHE_HOME) ?? join(home, '.cache'), 'tszig');
}

/** Zig's global cache used by the shims: ZIG_GLOBAL_CACHE_DIR (relative: from `cwd`), else in tszig's cache. */
export function resolveZigCacheDir(env: Env, cacheDir: string, cwd = process.cwd()): string {
  return env.ZIG_GLOBAL_CACHE_DIR ? userPath(env.ZIG_GLOBAL_CACHE_DIR, cwd) : join(cacheDir, 'zig-cache');
}

// Where tszig keeps its caches: TSZIG_CACHE_DIR, else the platform's user cache directory.

import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** TSZIG_CACHE_DIR > $XDG_CACHE_HOME/tszig (Linux) | ~/Library/Caches/tszig (macOS) | %LOCALAPPDATA%\tszig\cache. */
export function resolveCacheDir(env: Env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const explicit = env.TSZIG_CACHE_DIR;
  if (explicit) return explicit;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'tszig');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'tszig', 'cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'tszig');
}

/** Zig's global cache used by the shims unless the user set ZIG_GLOBAL_CACHE_DIR. */
export function resolveZigCacheDir(env: Env, cacheDir: string): string {
  return env.ZIG_GLOBAL_CACHE_DIR || join(cacheDir, 'zig-cache');
}

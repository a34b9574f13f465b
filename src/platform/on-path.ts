// Finding programs on PATH. Only absolute PATH entries are searched: an empty entry, `.` or any
// other relative one names the working directory, which is untrusted input (a checkout's own
// `./zig` or `./python3`), so tszig never runs or bakes in a program found that way.

import { accessSync, constants, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import type { Env } from './cache-dir.js';

/** The absolute entries of a PATH value, in order, duplicates and quotes removed. */
export function pathEntries(path: string | undefined, platform: NodeJS.Platform = process.platform): string[] {
  const p = platform === 'win32' ? win32 : posix;
  const entries = (path ?? '')
    .split(p.delimiter)
    .map((e) => (platform === 'win32' && /^".*"$/.test(e) ? e.slice(1, -1) : e))
    .filter((e) => e !== '' && p.isAbsolute(e));
  return [...new Set(entries)];
}

/** Whether `file` is a regular file this process may run. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of `name` in an absolute entry of `path` (default: this process's PATH), or undefined. */
export function onPath(name: string, path: string | undefined = process.env.PATH): Promise<string | undefined> {
  return Promise.resolve(findOnPath(name, path));
}

/** onPath without the promise, for synchronous callers. */
export function findOnPath(name: string, path: string | undefined = process.env.PATH, env: Env = process.env): string | undefined {
  const windows = process.platform === 'win32';
  const p = windows ? win32 : posix;
  const exts = windows && p.extname(name) === '' ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const dir of pathEntries(path)) {
    for (const ext of exts) {
      const file = p.join(dir, name + ext);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

/**
 * A command as tszig will run it: a bare name (`cargo`, `rustc`) becomes its absolute path on PATH
 * (undefined when it is not there); a path is returned as given.
 */
export function resolveCommand(command: string, path: string | undefined): string | undefined {
  if (/[\\/]/.test(command)) return command;
  return findOnPath(command, path);
}

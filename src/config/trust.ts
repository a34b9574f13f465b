// Whether a settings file found by walking up from the working directory may be obeyed. tszig.toml
// can name a zig binary to run, so a file someone else could have written (in a shared /tmp, a
// world-writable parent, another user's directory) is skipped with a warning, never obeyed.
//
// Trusted: the file is owned by the current user or root and is not writable by group or others;
// so is every directory from it up to `/`, except that a group- or world-writable directory with
// the sticky bit (like /tmp) is fine: there only an entry's owner can rename or remove it. Checked
// both for the path as found and for the path symlinks lead to. Windows has no such owners: no check.

import { realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

/** The current user's uid, or undefined where files have no POSIX owner (Windows). */
export function currentUid(): number | undefined {
  return process.getuid?.();
}

/** Why `file` may not be trusted by user `uid`, or undefined when it may. */
export function untrustedBecause(file: string, uid: number | undefined): string | undefined {
  if (uid === undefined) return undefined;
  const owner = (st: Stats): string | undefined => (st.uid === uid || st.uid === 0 ? undefined : `owned by uid ${st.uid}`);
  try {
    const real = realpathSync(file);
    const st = statSync(real);
    const bad = owner(st) ?? ((st.mode & GROUP_OR_OTHER_WRITE) !== 0 ? `writable by ${writers(st.mode)}` : undefined);
    if (bad) return `it is ${bad}`;
    for (const dir of directoriesAbove(file, real)) {
      const d = statSync(dir);
      const why = owner(d) ?? ((d.mode & GROUP_OR_OTHER_WRITE) !== 0 && (d.mode & STICKY) === 0 ? `writable by ${writers(d.mode)}` : undefined);
      if (why) return `the directory ${dir} is ${why}`;
    }
    return undefined;
  } catch (err) {
    return `it cannot be checked (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
}

/**
 * Every real directory whose owner could swap `file` or a symlink on the way to it: the ancestors
 * of the file's real path, and of each directory on the path as found (where a link may live).
 */
function directoriesAbove(file: string, real: string): Set<string> {
  const dirs = new Set<string>();
  const chain = (start: string): void => {
    for (let dir = start; !dirs.has(dir); dir = dirname(dir)) {
      dirs.add(dir);
      if (dirname(dir) === dir) break;
    }
  };
  chain(dirname(real));
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    chain(realpathSync(dir));
    if (dirname(dir) === dir) break;
  }
  return dirs;
}

function writers(mode: number): string {
  return [(mode & 0o020) !== 0 ? 'its group' : '', (mode & 0o002) !== 0 ? 'everyone' : ''].filter(Boolean).join(' and ');
}

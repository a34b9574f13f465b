// Atomic file writes: readers see the old file or the whole new one, never a partial file.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { CacheDirError } from '../errors.js';

export interface DirOptions {
  /**
   * Every directory created is 0700 (the user's alone) whatever the umask: for caches, whose
   * contents (zig, shims, locks) others must not be able to replace. Existing ones are left as they are.
   */
  readonly private?: boolean;
}

/** Creates a directory (and parents), turning failures into an error that says what to do. */
export function ensureDir(dir: string, what = 'cache directory', options: DirOptions = {}): void {
  try {
    if (!options.private) {
      mkdirSync(dir, { recursive: true });
      return;
    }
    const missing: string[] = [];
    for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
      missing.unshift(d);
      if (dirname(d) === d) break;
    }
    for (const d of missing) {
      try {
        mkdirSync(d, { mode: 0o700 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        continue; // another process made it first: its choice stands
      }
      chmodSync(d, 0o700); // the umask may have taken bits away (e.g. umask 0277)
    }
  } catch (err) {
    throw new CacheDirError(`cannot create ${what} ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, cacheHint(), err);
  }
}

export function cacheHint(): string {
  return 'set TSZIG_CACHE_DIR to a writable directory';
}

/**
 * Writes `content` to `path` through a temporary file in the same directory and a rename; missing
 * parent directories are created (private ones with `options.private`).
 * Returns false without touching the file when it already has this content (stable mtimes keep
 * cargo fingerprints and ccache quiet).
 */
export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644, options: DirOptions = {}): boolean {
  try {
    const old = readFileSync(path);
    if (typeof content === 'string' ? old.toString('utf8') === content : old.equals(content)) return false;
  } catch {
    // absent or unreadable: write it
  }
  const dir = dirname(path);
  ensureDir(dir, 'cache directory', options);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { mode });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CacheDirError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, cacheHint(), err);
  }
  return true;
}

// Atomic file writes: readers see the old file or the whole new one, never a partial file.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { CacheDirError } from '../errors.js';

/** Creates a directory (and parents), turning failures into an error that says what to do. */
export function ensureDir(dir: string, what = 'cache directory'): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CacheDirError(`cannot create ${what} ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, cacheHint(), err);
  }
}

export function cacheHint(): string {
  return 'set TSZIG_CACHE_DIR to a writable directory';
}

/**
 * Writes `content` to `path` through a temporary file in the same directory and a rename.
 * Returns false without touching the file when it already has this content (stable mtimes keep
 * cargo fingerprints and ccache quiet).
 */
export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644): boolean {
  try {
    const old = readFileSync(path);
    if (typeof content === 'string' ? old.toString('utf8') === content : old.equals(content)) return false;
  } catch {
    // absent or unreadable: write it
  }
  const dir = dirname(path);
  ensureDir(dir);
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

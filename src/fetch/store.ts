// "Install once" into a cache directory: whole installs or nothing, one builder for any number of
// processes. Layout beside each install `<parent>/<name>/`:
//
//   <name>.lock            held while one process builds it (src/fs/lock.ts)
//   .<name>.tmp-XXXXXX     a private (0700) work directory, unique per run, never reused
//   .<name>.old-XXXXXX     an install being replaced, removed right after
//
// A lookup reads the record file inside the install and asks the caller whether it accepts it (no
// lock, no process: the warm path). To build: lock, look again, remove what dead runs left, build
// in a fresh work directory, write the record into the new tree, rename the tree into place.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import { tryLock, withLock, type LockOptions } from '../fs/lock.js';
import { silentLogger, type Logger } from '../log/logger.js';

export const RECORD_FILE = '.tszig-install.json';

export interface Stored<R> {
  readonly dir: string;
  readonly record: R;
  /** Whether this call built it (false: it was there, or another process built it meanwhile). */
  readonly built?: boolean;
}

export interface InstallOnce<R> {
  /** The install's directory; its parents are created private (0700). */
  readonly dir: string;
  /**
   * What the caller would accept instead of building, asked before locking and again once the
   * lock is held: usually `() => readStored(dir, accept)`, or a lookup over several places.
   */
  readonly find: () => Stored<R> | undefined;
  /**
   * Builds inside `work` (empty, private) and returns the tree to install (work itself or a
   * directory in it) and its record, which is written into the tree before it is renamed into place.
   */
  readonly build: (work: string) => Promise<{ readonly root: string; readonly record: R }>;
  /** Default RECORD_FILE. */
  readonly recordFile?: string;
  readonly lock?: LockOptions;
  readonly logger?: Logger;
}

/** The install at `dir` if it is complete (its record readable) and accepted. */
export function readStored<R>(dir: string, accept: (record: R, dir: string) => boolean, recordFile = RECORD_FILE): Stored<R> | undefined {
  let record: R;
  try {
    record = JSON.parse(readFileSync(join(dir, recordFile), 'utf8')) as R;
  } catch {
    return undefined;
  }
  return accept(record, dir) ? { dir, record } : undefined;
}

const TEMP = /^\.(.+)\.(tmp|old)-[A-Za-z0-9]+$/;
const STALE_LOCK = /^\.(.+)\.lock\.stale-[0-9a-f]+$/;

/** Removes, best effort, what earlier runs left for `name` (the caller holds its lock). */
function removeLeftovers(parent: string, name: string): string[] {
  const removed: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (TEMP.exec(entry)?.[1] !== name && STALE_LOCK.exec(entry)?.[1] !== name) continue;
    try {
      // A killed run's helper may still be writing here for a moment: never fatal, tried again next time.
      rmSync(join(parent, entry), { recursive: true, force: true, maxRetries: 2 });
      removed.push(join(parent, entry));
    } catch {
      // left for the next run or `prune`
    }
  }
  return removed;
}

/** Returns the accepted install at `dir`, building it first (once, across processes) if needed. */
export async function installOnce<R>(spec: InstallOnce<R>): Promise<Stored<R>> {
  const recordFile = spec.recordFile ?? RECORD_FILE;
  const found = spec.find();
  if (found) return found;
  const parent = dirname(spec.dir);
  const name = basename(spec.dir);
  ensureDir(parent, "tszig's cache directory", { private: true });
  const log = spec.logger ?? silentLogger;
  return withLock(
    join(parent, `${name}.lock`),
    async () => {
      const now = spec.find();
      if (now) return now;
      removeLeftovers(parent, name);
      const work = mkdtempSync(join(parent, `.${name}.tmp-`));
      try {
        const built = await spec.build(work);
        writeFileAtomic(join(built.root, recordFile), `${JSON.stringify(built.record, null, 2)}\n`);
        replace(built.root, spec.dir, parent, name);
        return { dir: spec.dir, record: built.record, built: true };
      } finally {
        rmSync(work, { recursive: true, force: true, maxRetries: 2 });
      }
    },
    { ...spec.lock, onWait: spec.lock?.onWait ?? ((owner) => log.info(`waiting for ${owner}, which is installing ${spec.dir}`)) },
  );
}

/** Renames `root` to `dir`; an existing `dir` (incomplete, or not accepted) is moved aside first, then removed. */
function replace(root: string, dir: string, parent: string, name: string): void {
  const aside = join(parent, `.${name}.old-${randomBytes(6).toString('hex')}`);
  let moved = false;
  try {
    renameSync(dir, aside);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  renameSync(root, dir);
  if (moved) rmSync(aside, { recursive: true, force: true, maxRetries: 2 });
}

/**
 * Removes leftovers in `parent` that no live process is using: work directories and replaced
 * installs of killed runs, and their locks. Whatever has a live lock is left alone. Returns what
 * was removed.
 */
export function pruneLeftovers(parent: string, lock: LockOptions = {}): string[] {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const entry of entries) {
    const n = TEMP.exec(entry)?.[1] ?? STALE_LOCK.exec(entry)?.[1] ?? /^(.+)\.lock$/.exec(entry)?.[1];
    if (n !== undefined) names.add(n);
  }
  const removed: string[] = [];
  for (const name of names) {
    const held = tryLock(join(parent, `${name}.lock`), lock);
    if (!held) continue; // an install is under way
    try {
      removed.push(...removeLeftovers(parent, name));
      if (held.brokeStale) removed.push(join(parent, `${name}.lock`));
    } finally {
      held.release();
    }
  }
  return removed;
}

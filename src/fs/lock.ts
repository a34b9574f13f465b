// A cross-process lock on a directory name: mkdir is atomic. The holder records who it is (pid,
// host, and on Linux the process's start time, so a recycled pid is not mistaken for it) and
// refreshes the record's mtime while it holds the lock (a heartbeat). A lock is broken when its
// holder is gone (same host, dead pid or another process under that pid), or when its heartbeat is
// older than the stale age, whoever holds it.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processStart } from '../platform/process-start.js';

export interface LockOptions {
  /** A lock whose heartbeat is older than this is abandoned, whoever holds it (default 10 min). */
  readonly staleMs?: number;
  readonly pollMs?: number;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: (owner: string) => void;
}

export interface HeldLock {
  /** Stops the heartbeat and removes the lock (unless someone broke it meanwhile). */
  release(): void;
  /** Whether acquiring it broke a stale lock left by another process. */
  readonly brokeStale: boolean;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  /** See processStart(); absent where it cannot be known. */
  readonly start?: string;
}

const OWNER = 'owner.json';
const DEFAULT_STALE_MS = 10 * 60_000;

function readOwner(lockDir: string): { owner: Owner; raw: string; age: number } | undefined {
  try {
    const raw = readFileSync(join(lockDir, OWNER), 'utf8');
    const owner = JSON.parse(raw) as Owner;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return undefined;
    return { owner, raw, age: Date.now() - statSync(join(lockDir, OWNER)).mtimeMs };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why the lock at lockDir may be broken (and the owner record that judgement rests on), or
 * undefined while its holder may still be working.
 */
function judge(lockDir: string, staleMs: number): { why: string; raw: string | undefined } | undefined {
  const found = readOwner(lockDir);
  if (!found) {
    // No owner record yet: the holder is between mkdir and writing it; give it a moment.
    let age: number;
    try {
      age = Date.now() - statSync(lockDir).mtimeMs;
    } catch {
      return undefined; // released meanwhile
    }
    return age > Math.min(staleMs, 10_000) ? { why: 'no owner recorded', raw: undefined } : undefined;
  }
  const { owner, age, raw } = found;
  if (owner.host === hostname()) {
    if (!alive(owner.pid)) return { why: `process ${owner.pid} is gone`, raw };
    const now = processStart(owner.pid);
    if (owner.start && now && owner.start !== now) return { why: `process ${owner.pid} is another process now`, raw };
  }
  return age > staleMs ? { why: `no sign of life from process ${owner.pid} on ${owner.host} for ${Math.round(age / 1000)} s`, raw } : undefined;
}

/** Moves a stale lock out of the way, unless it changed hands since it was judged. */
function breakLock(lockDir: string, judged: string | undefined): void {
  const grave = join(dirname(lockDir), `.${basename(lockDir)}.stale-${randomBytes(4).toString('hex')}`);
  try {
    renameSync(lockDir, grave);
  } catch {
    return; // someone else broke or released it
  }
  if (readOwner(grave)?.raw !== judged) {
    // A new holder took it between our judgement and the rename: give it back.
    try {
      renameSync(grave, lockDir);
      return;
    } catch {
      // a third process holds the name now; the one we moved is lost either way
    }
  }
  rmSync(grave, { recursive: true, force: true });
}

function acquire(lockDir: string, staleMs: number): HeldLock | 'busy' {
  let brokeStale = false;
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const stale = tries > 3 ? undefined : judge(lockDir, staleMs);
    if (!stale) return 'busy';
    breakLock(lockDir, stale.raw);
    brokeStale = true;
  }
  const me: Owner = { pid: process.pid, host: hostname(), ...optional(processStart(process.pid)) };
  const raw = JSON.stringify(me);
  const file = join(lockDir, OWNER);
  writeFileSync(file, raw);
  const beat = setInterval(
    () => {
      try {
        const now = new Date();
        utimesSync(file, now, now);
      } catch {
        // broken by someone who judged us dead; release() will notice
      }
    },
    Math.max(100, Math.min(30_000, staleMs / 4)),
  );
  beat.unref();
  return {
    brokeStale,
    release() {
      clearInterval(beat);
      if (readOwner(lockDir)?.raw === raw) rmSync(lockDir, { recursive: true, force: true });
    },
  };
}

function optional(start: string | undefined): { start?: string } {
  return start === undefined ? {} : { start };
}

/** Takes the lock if it is free or stale; undefined while another live process holds it. */
export function tryLock(lockDir: string, options: LockOptions = {}): HeldLock | undefined {
  const got = acquire(lockDir, options.staleMs ?? DEFAULT_STALE_MS);
  return got === 'busy' ? undefined : got;
}

/** Runs fn while holding the lock at `lockDir` (created next to what it protects). */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  let waited = false;
  for (;;) {
    const got = acquire(lockDir, staleMs);
    if (got !== 'busy') {
      try {
        return await fn();
      } finally {
        got.release();
      }
    }
    if (!waited) {
      waited = true;
      const owner = readOwner(lockDir)?.owner;
      options.onWait?.(owner ? `process ${owner.pid} on ${owner.host}` : 'another process');
    }
    await sleep(options.pollMs ?? 100);
  }
}

// A cross-process lock on a directory name: mkdir is atomic, and a lock whose owner died is broken.

import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOptions {
  /** A lock older than this is considered abandoned even if its owner looks alive. */
  readonly staleMs?: number;
  readonly pollMs?: number;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: (owner: string) => void;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
}

function ownerOf(lockDir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(lockDir, 'owner.json'), 'utf8')) as Owner;
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

/** True when the lock's owner is gone (same host, dead pid) or the lock is older than staleMs. */
function isStale(lockDir: string, staleMs: number): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(lockDir).mtimeMs;
  } catch {
    return false; // released meanwhile
  }
  const owner = ownerOf(lockDir);
  if (owner && owner.host === hostname()) return !alive(owner.pid);
  // No owner file yet: the holder is between mkdir and writing it; give it a moment.
  return age > (owner ? staleMs : Math.min(staleMs, 10_000));
}

/** Runs fn while holding the lock at `lockDir` (created next to what it protects). */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 100;
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (isStale(lockDir, staleMs)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!waited) {
      waited = true;
      const owner = ownerOf(lockDir);
      options.onWait?.(owner ? `process ${owner.pid} on ${owner.host}` : 'another process');
    }
    await sleep(pollMs);
  }
  try {
    writeFileSync(join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

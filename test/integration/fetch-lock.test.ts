// Cross-process locks with real processes: owners that died, pids that now belong to someone else,
// stale ages, heartbeats, and leftovers that prune may and may not remove.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tryLock, withLock } from '../../src/fs/lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'tszig-lock-'));
const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

/** A live process that has nothing to do with any lock. */
function bystander(): number {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c.pid ?? assert.fail('no pid');
}

function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms).unref())]);
}

function plantLock(name: string, owner: object, ageMs: number): string {
  const lock = join(dir, name);
  mkdirSync(lock);
  writeFileSync(join(lock, 'owner.json'), JSON.stringify(owner));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(join(lock, 'owner.json'), t, t);
  utimesSync(lock, t, t);
  return lock;
}

describe('a dead run whose pid now belongs to another live process', () => {
  it('is recognised by the process start time and broken at once', async () => {
    const lock = plantLock('reused.lock', { pid: bystander(), host: hostname(), start: 'a start time that is not this process’s' }, 0);
    assert.equal(await deadline(withLock(lock, () => Promise.resolve('mine'), { staleMs: 60_000, pollMs: 20 }), 5000, 'withLock'), 'mine');
    assert.ok(!existsSync(lock));
  });

  it('without a start time on record, is broken once older than the stale age', async () => {
    const lock = plantLock('legacy.lock', { pid: bystander(), host: hostname() }, 60 * 60_000);
    assert.equal(await deadline(withLock(lock, () => Promise.resolve('mine'), { staleMs: 1000, pollMs: 20 }), 5000, 'withLock'), 'mine');
  });
});

describe('a live holder', () => {
  const lockModule = new URL('../../src/fs/lock.ts', import.meta.url).href;

  /** Another process that takes the lock and holds it until its stdin closes. */
  async function holder(lock: string, staleMs: number): Promise<ChildProcess> {
    const code = `
      const { withLock } = await import(${JSON.stringify(lockModule)});
      await withLock(${JSON.stringify(lock)}, async () => {
        process.stdout.write('held\\n');
        await new Promise((resolve) => process.stdin.on('end', resolve).resume());
      }, { staleMs: ${staleMs} });`;
    const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(c);
    await new Promise<void>((resolve) => c.stdout?.once('data', () => resolve()));
    return c;
  }

  it('keeps its lock past the stale age by its heartbeat, and others wait for it', async () => {
    const lock = join(dir, 'held.lock');
    const c = await holder(lock, 2000);
    assert.equal(tryLock(lock, { staleMs: 2000 }), undefined);
    const order: string[] = [];
    const waiting = withLock(lock, () => Promise.resolve(order.push('waiter')), { staleMs: 2000, pollMs: 50 });
    await new Promise((r) => setTimeout(r, 5000));
    order.push('released');
    c.stdin?.end();
    await waiting;
    assert.deepEqual(order, ['released', 'waiter']);
  });

  it('tryLock takes a lock whose holder was killed, and says it broke it', async () => {
    const lock = join(dir, 'killed.lock');
    const c = await holder(lock, 60_000);
    c.kill('SIGKILL');
    await new Promise((r) => c.once('exit', r));
    const got = tryLock(lock);
    assert.ok(got?.brokeStale);
    got.release();
    assert.ok(!existsSync(lock));
  });
});

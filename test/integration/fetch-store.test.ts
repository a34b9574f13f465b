// Installing once into a cache directory, on the real file system: concurrent callers, failures,
// leftovers of killed runs (one still being written by an orphaned helper), replaced installs,
// prune, and directories private to the user whatever the umask.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installOnce, pruneLeftovers, readStored, RECORD_FILE } from '../../src/fetch/store.ts';
import { ensureDir } from '../../src/fs/atomic.ts';
import { tryLock } from '../../src/fs/lock.ts';

interface Rec {
  readonly v: number;
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'tszig-store-'));
const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

/** An install of `dir` whose build writes one file, counting builds. */
function spec(dir: string, counter: { builds: number }, v = 1, delayMs = 0) {
  return {
    dir,
    find: () => readStored<Rec>(dir, (r) => r.v === v),
    build: async (work: string) => {
      counter.builds++;
      await new Promise((r) => setTimeout(r, delayMs));
      writeFileSync(join(work, 'payload'), `v${v}\n`);
      return { root: work, record: { v } };
    },
  };
}

function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const c = spawn('true');
    c.on('exit', () => resolve(c.pid ?? 0));
  });
}

describe('installOnce', () => {
  it('builds once for concurrent callers; all get the same install, with its record inside', async () => {
    const dir = join(fresh(), 'slot');
    const counter = { builds: 0 };
    const all = await Promise.all(Array.from({ length: 5 }, () => installOnce({ ...spec(dir, counter, 1, 200), lock: { pollMs: 10 } })));
    assert.equal(counter.builds, 1);
    assert.ok(all.every((s) => s.dir === dir && s.record.v === 1));
    assert.equal(all.filter((s) => s.built).length, 1);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, RECORD_FILE), 'utf8')), { v: 1 });
    assert.deepEqual(readdirSync(join(dir, '..')), ['slot']);
  });

  it('a failed build leaves neither install, work directory nor lock, and says why', async () => {
    const parent = fresh();
    await assert.rejects(
      installOnce({ dir: join(parent, 'slot'), find: () => undefined, build: () => Promise.reject(new Error('mirrors down')) }),
      /mirrors down/,
    );
    assert.deepEqual(readdirSync(parent), []);
  });

  it('replaces an install the caller does not accept (moved aside, then removed)', async () => {
    const dir = join(fresh(), 'slot');
    await installOnce(spec(dir, { builds: 0 }, 1));
    const counter = { builds: 0 };
    const got = await installOnce(spec(dir, counter, 2));
    assert.equal(counter.builds, 1);
    assert.equal(readFileSync(join(got.dir, 'payload'), 'utf8'), 'v2\n');
    assert.deepEqual(readdirSync(join(dir, '..')), ['slot']);
  });

  it('removes what a killed run left, even while its orphaned helper is still writing there', async () => {
    const parent = fresh();
    const dir = join(parent, 'slot');
    const lock = join(parent, 'slot.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid: await deadPid(), host: hostname() }));
    const orphaned = join(parent, '.slot.tmp-dead01');
    mkdirSync(join(orphaned, 'x'), { recursive: true });
    mkdirSync(join(parent, '.slot.old-dead02'));
    // A process that keeps adding directories to the dead run's work directory, like the tar a
    // killed tszig left behind.
    const writer = spawn('sh', ['-c', 'i=0; while [ $i -lt 20000 ]; do { : > x/f$i; } 2>/dev/null || exit 0; i=$((i+1)); done'], { cwd: orphaned, stdio: 'ignore' });
    // Listen at once: the writer may stop (its directory gone) before installOnce returns.
    const writerDone = new Promise((r) => writer.on('exit', r));
    await new Promise((r) => setTimeout(r, 100));
    const counter = { builds: 0 };
    const got = await installOnce(spec(dir, counter));
    assert.equal(got.record.v, 1);
    await writerDone;
    assert.ok(!existsSync(join(parent, '.slot.old-dead02')));
    assert.ok(!existsSync(lock));
    // Whatever the writer added after the cleanup is for prune (or the next install) to take.
    pruneLeftovers(parent);
    assert.deepEqual(readdirSync(parent), ['slot']);
  });

  it('creates private (0700) directories whatever the umask', async () => {
    const base = fresh();
    const old = process.umask(0);
    try {
      await installOnce(spec(join(base, 'a', 'b', 'slot'), { builds: 0 }));
      process.umask(0o277);
      ensureDir(join(base, 'c', 'd'), 'test directory', { private: true });
    } finally {
      process.umask(old);
    }
    assert.deepEqual([mode(join(base, 'a')), mode(join(base, 'a', 'b')), mode(join(base, 'c')), mode(join(base, 'c', 'd'))], ['700', '700', '700', '700']);
    assert.equal(mode(join(base, 'a', 'b', 'slot')), '700', 'the work directory renamed into place');
  });
});

describe('pruneLeftovers', () => {
  it('leaves what a live run holds, removes what dead runs left, and their locks', async () => {
    const parent = fresh();
    const live = tryLock(join(parent, 'busy.lock'));
    assert.ok(live);
    mkdirSync(join(parent, '.busy.tmp-live01'));
    const dead = join(parent, 'gone.lock');
    mkdirSync(dead);
    writeFileSync(join(dead, 'owner.json'), JSON.stringify({ pid: await deadPid(), host: hostname() }));
    mkdirSync(join(parent, '.gone.tmp-dead01'));
    mkdirSync(join(parent, '.gone.lock.stale-0badc0de'));
    mkdirSync(join(parent, 'installed'));
    const removed = pruneLeftovers(parent).map((p) => p.slice(parent.length + 1)).sort();
    assert.deepEqual(removed, ['.gone.lock.stale-0badc0de', '.gone.tmp-dead01', 'gone.lock']);
    assert.deepEqual(readdirSync(parent).sort(), ['.busy.tmp-live01', 'busy.lock', 'installed']);
    live.release();
  });
});

// materializeShims with the real zig: shims are the same bytes on every machine, what differs goes
// to the site file, and whatever is reused from the cache is checked and rebuilt when damaged.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CacheDirError } from '../../src/errors.ts';
import { materializeShims, type ShimKind } from '../../src/shims/materialize.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { testZig, testZigCache } from '../support/toolchain.ts';

const zigVersion = spawnSync(testZig(), ['version'], { encoding: 'utf8' }).stdout.trim();
const target = parseTarget('aarch64-unknown-linux-gnu.2.17', { glibcMax: undefined, zigVersion });
const work = mkdtempSync(join(tmpdir(), 'tszig-materialize-'));
writeFileSync(join(work, 'x.c'), 'int f(int a) { return a + 1; }\n');

/** A second "machine": the same zig reached through another directory, another cache, another zig cache. */
function machine(name: string): { cacheDir: string; zigPath: string; zigCacheDir: string } {
  const root = join(work, name);
  const zigHome = join(root, 'zig home');
  mkdirSync(zigHome, { recursive: true });
  const real = dirname(realpathSync(testZig()));
  symlinkSync(join(real, 'zig'), join(zigHome, 'zig'));
  symlinkSync(join(real, 'lib'), join(zigHome, 'lib'));
  return { cacheDir: join(root, 'cache'), zigPath: join(zigHome, 'zig'), zigCacheDir: testZigCache() };
}

function compile(shim: string): { status: number | null; stderr: string } {
  const r = spawnSync(shim, ['-O2', '-c', 'x.c', '-o', `${basename(shim)}.o`], { cwd: work, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

for (const kind of ['launcher', 'sh'] as ShimKind[]) {
  describe(`materialized ${kind} shims`, () => {
    it('are byte for byte the same on two machines; the site files hold the differences', async () => {
      const a = machine(`${kind}-a`);
      const b = machine(`${kind}-b dir with spaces`);
      const sa = await materializeShims({ target, zigVersion, kind, ...a });
      const sb = await materializeShims({ target, zigVersion, kind, ...b, zigCacheDir: join(work, `${kind}-b-zig-cache`) });
      assert.equal(sa.kind, kind);
      for (const role of ['cc', 'cxx'] as const) {
        assert.ok(readFileSync(sa[role]).equals(readFileSync(sb[role])), `${role} differs`);
        assert.notEqual(readFileSync(`${sa[role]}.site`, 'utf8'), readFileSync(`${sb[role]}.site`, 'utf8'));
        assert.ok(!readFileSync(sa[role]).includes(a.cacheDir), `${role} names its cache`);
      }
      assert.equal(compile(sa.cc).status, 0);
      assert.equal(compile(sb.cc).status, 0);
    });

    it('a damaged shim in the cache is rebuilt, not reused', async () => {
      const m = machine(`${kind}-damaged`);
      const first = await materializeShims({ target, zigVersion, kind, ...m });
      truncateSync(first.cc, 100);
      if (kind === 'launcher') truncateSync(join(m.cacheDir, 'launchers', readdirSync(join(m.cacheDir, 'launchers')).find((n) => !n.includes('.')) ?? ''), 100);
      const again = await materializeShims({ target, zigVersion, kind, ...m });
      assert.equal(again.cc, first.cc);
      assert.ok(statSync(again.cc).size > 100);
      const r = compile(again.cc);
      assert.equal(r.status, 0, r.stderr);
    });
  });
}

it('cache paths with %, \\, quotes and $ work; a line break is refused clearly', async () => {
  const m = machine('odd %s \\ \' " $HOME `x`');
  const set = await materializeShims({ target, zigVersion, ...m });
  assert.equal(set.kind, 'launcher');
  assert.equal(compile(set.cc).status, 0);
  await assert.rejects(
    materializeShims({ target, zigVersion, ...m, zigCacheDir: join(work, 'line\nbreak') }),
    (e: unknown) => e instanceof CacheDirError && /line break/.test(e.message) && Boolean(e.hint),
  );
  // zig itself cannot link with a % in its cache path: said before any compile fails obscurely.
  await assert.rejects(
    materializeShims({ target, zigVersion, ...m, zigCacheDir: join(work, 'zig %s cache') }),
    (e: unknown) => e instanceof CacheDirError && /has a % in its path/.test(e.message) && /ZIG_GLOBAL_CACHE_DIR/.test(e.hint ?? ''),
  );
});

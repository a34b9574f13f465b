// `tszig ci-cache`: the key changes with everything the cached directories depend on (host, zig
// version, targets and their rules, sysroot packages) and with nothing else; the paths keep
// tszig's cache and zig's, a nested one once.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ciCache, ciCacheCommand, ciCacheEntries, type CiCacheInput } from '../../src/ci/cache.ts';
import { renderEnv } from '../../src/env/render.ts';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';

const base: CiCacheInput = {
  targets: ['aarch64-unknown-linux-gnu.2.17', 'x86_64-unknown-linux-musl'],
  zigVersion: '0.17.1',
  packages: {},
  host: 'x86_64-linux',
  cacheDir: '/home/runner/.cache/tszig',
  zigCacheDir: '/home/runner/.cache/tszig/zig-cache',
};

describe('CI cache key', () => {
  it('names the host and zig version, then a digest; the restore key is its prefix', () => {
    const c = ciCache(base);
    assert.match(c.key, /^tszig-1-x86_64-linux-zig-0\.17\.1-[0-9a-f]{16}$/);
    assert.ok(c.key.startsWith(c.restoreKey));
    assert.equal(c.restoreKey, 'tszig-1-x86_64-linux-zig-0.17.1-');
  });

  it('does not depend on the order or repetition of targets, nor on where the caches are', () => {
    const key = ciCache(base).key;
    assert.equal(ciCache({ ...base, targets: [...base.targets].reverse() }).key, key);
    assert.equal(ciCache({ ...base, targets: [...base.targets, base.targets[0] as string] }).key, key);
    assert.equal(ciCache({ ...base, cacheDir: '/c', zigCacheDir: '/z' }).key, key);
  });

  it('changes with the zig version, the host, a target, a glibc suffix and sysroot packages', () => {
    const key = ciCache(base).key;
    const others = [
      { ...base, zigVersion: '0.16.0' },
      { ...base, host: 'aarch64-linux' },
      { ...base, targets: ['aarch64-unknown-linux-gnu.2.28', 'x86_64-unknown-linux-musl'] },
      { ...base, targets: ['aarch64-unknown-linux-gnu.2.17'] },
      { ...base, packages: { 'aarch64-unknown-linux-gnu': ['libssl-dev'] } },
    ];
    const keys = others.map((o) => ciCache(o).key);
    for (const k of keys) assert.notEqual(k, key);
    assert.equal(new Set(keys).size, keys.length);
    // Packages of a target not built do not count.
    assert.equal(ciCache({ ...base, packages: { 'riscv64gc-unknown-linux-gnu': ['zlib1g-dev'] } }).key, key);
    // universal2 is its two halves.
    assert.equal(ciCache({ ...base, targets: ['universal2-apple-darwin'] }).key, ciCache({ ...base, targets: ['aarch64-apple-darwin', 'x86_64-apple-darwin'] }).key);
  });

  it("keeps zig's cache inside tszig's once, and both when apart", () => {
    assert.deepEqual(ciCache(base).paths, ['/home/runner/.cache/tszig']);
    assert.deepEqual(ciCache({ ...base, zigCacheDir: '/mnt/zig-cache' }).paths, ['/home/runner/.cache/tszig', '/mnt/zig-cache']);
    assert.deepEqual(ciCache({ ...base, zigCacheDir: '/home/runner/.cache/tszig-zig' }).paths, ['/home/runner/.cache/tszig', '/home/runner/.cache/tszig-zig']);
    assert.deepEqual(ciCache({ ...base, zigCacheDir: base.cacheDir }).paths, [base.cacheDir]);
  });

  it('renders for GitHub Actions with the paths as a multi-line value', () => {
    const text = renderEnv(ciCacheEntries(ciCache({ ...base, zigCacheDir: '/mnt/zig-cache' })), 'github');
    assert.match(text, /^TSZIG_CACHE_KEY=tszig-1-x86_64-linux-zig-0\.17\.1-[0-9a-f]{16}$/m);
    assert.match(text, /^TSZIG_CACHE_RESTORE_KEY=tszig-1-x86_64-linux-zig-0\.17\.1-$/m);
    assert.match(text, /^TSZIG_CACHE_PATHS<<(TSZIG_EOF_[0-9a-f]+)\n\/home\/runner\/\.cache\/tszig\n\/mnt\/zig-cache\n\1$/m);
  });

  it('the command reads the version from flag > TSZIG_ZIG_VERSION > pin, the caches from the environment, and needs a target', async () => {
    const run = (env: Record<string, string>, zigVersion?: string) =>
      ciCacheCommand({ targets: ['x86_64-unknown-linux-musl'], zigVersion, format: 'json', env: { TSZIG_CACHE_DIR: '/c', ...env }, cwd: '/' }).then((t) => JSON.parse(t) as Record<string, string>);
    assert.match((await run({}))['TSZIG_CACHE_KEY'] ?? '', new RegExp(`-zig-${PINNED_ZIG_VERSION.replaceAll('.', '\\.')}-`));
    assert.match((await run({ TSZIG_ZIG_VERSION: '0.15.2' }))['TSZIG_CACHE_KEY'] ?? '', /-zig-0\.15\.2-/);
    assert.match((await run({ TSZIG_ZIG_VERSION: '0.15.2' }, '0.16.0'))['TSZIG_CACHE_KEY'] ?? '', /-zig-0\.16\.0-/);
    assert.equal((await run({ ZIG_GLOBAL_CACHE_DIR: '/z' }))['TSZIG_CACHE_PATHS'], '/c\n/z');
    await assert.rejects(ciCacheCommand({ targets: [], format: 'sh', env: {}, cwd: '/' }), /needs at least one --target/);
    await assert.rejects(ciCacheCommand({ targets: ['sparc-sun-solaris'], format: 'sh', env: {}, cwd: '/' }), (e: Error & { code?: string }) => e.code === 'E_TARGET');
  });
});

// Debian packages as target sysroots, end to end: the real archive's files (provisioned copy,
// real signature, real keyring) served from 127.0.0.1, real cargo, zig, pkg-config and qemu.
// One cache and one target directory are shared by the builds; the bad inputs each leave a
// cache that already holds a sysroot exactly as it was.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listSysroots } from '../../src/sysroot/store.ts';
import { startTestArchive, type TestArchive } from '../support/debian-archive.ts';
import { e2eEnv, FIXTURES, freshDir, highestGlibc, ok, run, runAsync, versionAtMost } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const FIXTURE = join(FIXTURES, 'sysroot-openssl');
const MAKE_FIXTURE = join(FIXTURES, 'sysroot-make');
/** `printf 'tszig sysroot' | sha256sum`, and zlib's crc32 of the same bytes. */
const SHA256 = 'd5da06695e230748e1017beb73952a3b2e3bfbaff46f64681d638effee394ebb';
const CRC32 = 'ae898285';

function needed(file: string): string[] {
  return [...ok(run('readelf', ['-d', file]), `readelf -d ${file}`).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1] as string);
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a cache holds: complete sysroots (name → record text) and anything half-made. */
function snapshot(cache: string): { sysroots: Record<string, string>; leftovers: string[] } {
  const sysroots = Object.fromEntries(listSysroots(cache).map((s) => [s.dir, readFileSync(join(s.dir, '.tszig-sysroot.json'), 'utf8')]));
  const dir = join(cache, 'sysroots');
  // Work directories, replaced trees and broken locks are dot-names (src/fetch/store.ts).
  const leftovers = existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('.') || n.endsWith('.lock')) : [];
  return { sysroots, leftovers };
}

function project(toml: string): string {
  const dir = freshDir('tszig-sysroot-project-');
  writeFileSync(join(dir, 'tszig.toml'), toml);
  return dir;
}

describe('sysroots from Debian packages', () => {
  // The builds' archive (stopped by the offline test) and the bad inputs' archive.
  let archive: TestArchive;
  let other: TestArchive;
  before(async () => {
    [archive, other] = await Promise.all([0, 1].map(() => startTestArchive('arm64', ['libssl-dev', 'libssl3', 'zlib1g', 'zlib1g-dev'])) as [Promise<TestArchive>, Promise<TestArchive>]);
  });
  after(() => Promise.all([archive.close(), other.close()]));

  // Shared by the builds: one sysroot per architecture, one cargo target directory.
  const cache = freshDir('tszig-sysroot-cache-');
  const targetDir = freshDir('tszig-sysroot-target-');
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
    e2eEnv({ TSZIG_CACHE_DIR: cache, TSZIG_DEBIAN_MIRROR: archive.real, TSZIG_DEBIAN_SUITE: archive.suite, ...extra });

  it('two runs that need the same sysroot at once: one download, checked against the real archive key', async () => {
    const args = ['sysroot', 'path', '--target', 'aarch64-unknown-linux-gnu'];
    const [a, b] = await Promise.all([runAsync('tszig', args, { cwd: FIXTURE, env: env() }), runAsync('tszig', args, { cwd: FIXTURE, env: env() })]);
    const dir = ok(a, 'first tszig sysroot path').trim();
    assert.equal(ok(b, 'second tszig sysroot path').trim(), dir);
    assert.equal(archive.requests('/InRelease'), 1, 'the index was fetched once');
    // One process downloaded the packages while the other waited for it and then used its work.
    assert.equal([a, b].filter((r) => /downloading 4 packages/.test(r.stderr)).length, 1, a.stderr + b.stderr);
    assert.equal([a, b].filter((r) => /waiting for process \d+/.test(r.stderr)).length, 1, a.stderr + b.stderr);
    assert.ok(archive.requests('_arm64.deb') >= 4);
    assert.match(a.stderr + b.stderr, /libssl-dev 3\.\S+, libssl3 3\.\S+, zlib1g 1:1\.\S+, zlib1g-dev 1:1\.\S+; needs glibc 2\.\d+ \(libssl3\)/);
    // Absolute links became links inside the sysroot, the multiarch layout is kept.
    const libz = join(dir, 'usr/lib/aarch64-linux-gnu/libz.so');
    assert.ok(existsSync(libz), 'libz.so resolves inside the sysroot');
    assert.ok(existsSync(join(dir, 'usr/include/aarch64-linux-gnu/openssl/opensslconf.h')));
    assert.ok(!existsSync(join(dir, 'usr/include/stdio.h')), 'no glibc headers: zig provides them');
  });

  it('openssl and libz-sys for aarch64 without a suffix: glibc raised to the floor, NEEDED libssl/libz, runs under cargo tszig run', async () => {
    const r = await runAsync('cargo', [`+${debianToolchain()}`, 'tszig', 'run', '--target', 'aarch64-unknown-linux-gnu', '--target-dir', targetDir], { cwd: FIXTURE, env: env() });
    const out = ok(r, 'cargo tszig run aarch64');
    assert.match(out, /^openssl: OpenSSL 3\.\d+\.\d+/m);
    assert.match(out, new RegExp(`^sha256: ${SHA256}$`, 'm'));
    assert.match(out, /^tls context: true$/m);
    assert.match(out, /^zlib: 1\.\d+/m);
    assert.match(out, new RegExp(`^crc32: ${CRC32}$`, 'm'));
    assert.match(r.stderr, /aarch64-unknown-linux-gnu: glibc (2\.\d+), the oldest libssl3 from \S+ allows/);
    const floor = /glibc (2\.\d+), the oldest/.exec(r.stderr)?.[1] as string;
    const bin = join(targetDir, 'aarch64-unknown-linux-gnu', 'debug', 'sysroot-openssl');
    const libs = needed(bin);
    for (const lib of ['libssl.so.3', 'libcrypto.so.3', 'libz.so.1']) assert.ok(libs.includes(lib), `${lib} in NEEDED: ${libs.join(' ')}`);
    assert.ok(versionAtMost(highestGlibc(bin) ?? '9', floor), `${bin} needs GLIBC_${highestGlibc(bin)}, above ${floor}`);
  });

  it('armv7 gnueabihf with a suffix at the floor: builds and runs under qemu-arm', async () => {
    const r = await runAsync('cargo', [`+${debianToolchain()}`, 'tszig', 'run', '--target', 'armv7-unknown-linux-gnueabihf.2.36', '--target-dir', targetDir], { cwd: FIXTURE, env: env() });
    const out = ok(r, 'cargo tszig run armv7');
    assert.match(out, new RegExp(`^sha256: ${SHA256}$`, 'm'));
    assert.match(out, /^tls context: true$/m);
    assert.match(out, new RegExp(`^crc32: ${CRC32}$`, 'm'));
    const libs = needed(join(targetDir, 'armv7-unknown-linux-gnueabihf', 'debug', 'sysroot-openssl'));
    for (const lib of ['libssl.so.3', 'libz.so.1']) assert.ok(libs.includes(lib), `${lib} in NEEDED: ${libs.join(' ')}`);
  });

  it('a Makefile that asks pkg-config, through tszig env', async () => {
    const out = freshDir('tszig-sysroot-make-');
    ok(await runAsync('make', ['-C', MAKE_FIXTURE, `OUT=${out}`], { env: env() }), 'make');
    const bin = join(out, 'digest');
    const libs = needed(bin);
    for (const lib of ['libcrypto.so.3', 'libz.so.1']) assert.ok(libs.includes(lib), `${lib} in NEEDED: ${libs.join(' ')}`);
    // Run it the way cargo would: the runner tszig env printed, found through its PATH.
    const mk = readFileSync(join(out, 'tszig.mk'), 'utf8');
    const runner = /^CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER := (\S+)$/m.exec(mk)?.[1];
    const path = /^PATH := (.+)$/m.exec(mk)?.[1];
    assert.ok(runner && path, mk);
    const printed = ok(await runAsync(runner, [bin], { env: { ...env(), PATH: path } }), 'digest under the runner');
    assert.match(printed, new RegExp(`^sha256: ${SHA256}$`, 'm'));
    assert.match(printed, new RegExp(`^crc32: ${CRC32}$`, 'm'));
  });

  it('once fetched, works offline: with the archive gone, the build and tszig env succeed', async () => {
    const same = env();
    await archive.close();
    ok(await runAsync('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--target', 'aarch64-unknown-linux-gnu', '--target-dir', targetDir], { cwd: FIXTURE, env: same }), 'offline build');
    const json = JSON.parse(ok(await runAsync('tszig', ['env', '--format', 'json', '--target', 'aarch64-unknown-linux-gnu.2.36'], { cwd: FIXTURE, env: same }), 'offline tszig env')) as Record<string, string>;
    const sysroot = json.PKG_CONFIG_SYSROOT_DIR_aarch64_unknown_linux_gnu as string;
    assert.ok(sysroot.startsWith(join(cache, 'sysroots')), sysroot);
    assert.equal(json.PKG_CONFIG_ALLOW_CROSS_aarch64_unknown_linux_gnu, '1');
    assert.match(json.PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu ?? '', /usr\/lib\/aarch64-linux-gnu\/pkgconfig/);
    assert.ok(!('PKG_CONFIG_SYSROOT_DIR' in json), 'the plain name stays the host\'s');
    assert.match(json.CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER ?? '', /^tszig-runner-[0-9a-f]{12}$/);
    assert.match(json.BINDGEN_EXTRA_CLANG_ARGS_aarch64_unknown_linux_gnu ?? '', new RegExp(`-idirafter ${sysroot}/usr/include`));
    const cmake = readFileSync(json.CMAKE_TOOLCHAIN_FILE_aarch64_unknown_linux_gnu as string, 'utf8');
    assert.ok(cmake.includes(`list(APPEND CMAKE_FIND_ROOT_PATH "${sysroot}")`), cmake);
    // A cold cache with the archive unreachable: a clear error, nothing left behind.
    const cold = freshDir('tszig-sysroot-cold-');
    const offline = env({ TSZIG_CACHE_DIR: cold, TSZIG_DEBIAN_MIRROR: `http://127.0.0.1:${await deadPort()}/debian` });
    const r = await runAsync('tszig', ['sysroot', 'path', '--target', 'aarch64-unknown-linux-gnu'], { cwd: FIXTURE, env: offline });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /error: cannot fetch http:\/\/127\.0\.0\.1:\d+\/debian\/dists\/\S+\/InRelease: connection refused/);
    assert.match(r.stderr, /hint: check the network .*TSZIG_DEBIAN_MIRROR/);
    assert.deepEqual(snapshot(cold), { sysroots: {}, leftovers: [] });
  });

  describe('bad input: a clear error, and the cache as it was', () => {
    // A cache that already holds a good sysroot (from the re-signed copy, trusted by key file).
    const badCache = freshDir('tszig-sysroot-bad-');
    const signed = (variant: string): NodeJS.ProcessEnv =>
      e2eEnv({ TSZIG_CACHE_DIR: badCache, TSZIG_DEBIAN_MIRROR: other.mirror(variant), TSZIG_DEBIAN_SUITE: other.suite, TSZIG_DEBIAN_KEYRING: other.keyFile });
    const real = (): NodeJS.ProcessEnv => e2eEnv({ TSZIG_CACHE_DIR: badCache, TSZIG_DEBIAN_MIRROR: other.real, TSZIG_DEBIAN_SUITE: other.suite });
    let good: ReturnType<typeof snapshot>;
    const path = (dir: string, target: string, e: NodeJS.ProcessEnv) => runAsync('tszig', ['sysroot', 'path', '--target', target], { cwd: dir, env: e });
    const fails = (r: Awaited<ReturnType<typeof runAsync>>, status: number, message: RegExp, hint: RegExp): void => {
      assert.equal(r.status, status, `exit status\n${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, hint);
      assert.equal(r.stdout, '');
      assert.deepEqual(snapshot(badCache), good, 'the cache is as it was');
    };

    before(async () => {
      const dir = project('[target.aarch64-unknown-linux-gnu]\npackages = ["zlib1g-dev"]\n');
      const r = await path(dir, 'aarch64-unknown-linux-gnu', signed('resigned'));
      ok(r, 'a sysroot from the re-signed copy, trusted through TSZIG_DEBIAN_KEYRING');
      good = snapshot(badCache);
      assert.equal(Object.keys(good.sysroots).length, 1);
    });

    const ssl = project('[target.aarch64-unknown-linux-gnu]\npackages = ["libssl-dev"]\n');

    it('an unknown package', async () => {
      const dir = project('[target.aarch64-unknown-linux-gnu]\npackages = ["libdoesnotexist-dev"]\n');
      fails(await path(dir, 'aarch64-unknown-linux-gnu', signed('resigned')), 2, /error: no package libdoesnotexist-dev in \S+ main for arm64/, /hint: check the name/);
    });

    it('a package with no build for the architecture', async () => {
      const dir = project('[target.armv7-unknown-linux-gnueabihf]\npackages = ["libacpi-dev"]\n');
      fails(await path(dir, 'armv7-unknown-linux-gnueabihf', real()), 2, /error: package libacpi-dev has no build for armhf in \S+ main \(it exists for amd64\)/, /hint: .*vendored/);
    });

    it('a glibc suffix below what the packages need: stops before cargo runs', async () => {
      const target = freshDir('tszig-sysroot-nobuild-');
      const r = await runAsync('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--target', 'aarch64-unknown-linux-gnu.2.17', '--target-dir', target], { cwd: ssl, env: signed('resigned') });
      fails(r, 2, /error: target aarch64-unknown-linux-gnu\.2\.17 promises glibc 2\.17, but libssl3 from \S+ needs glibc 2\.34 or newer/, /hint: build for --target aarch64-unknown-linux-gnu\.2\.34 .*vendored/);
      assert.deepEqual(readdirSync(target), [], 'cargo never ran');
    });

    it('a tampered Packages index', async () => {
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', signed('tampered-packages')), 1, /error: \S+\/Packages\.xz: \d+ bytes with SHA-256 [0-9a-f]{64}, but the signed Release lists/, /hint: the mirror served different bytes/);
    });

    it('a tampered .deb', async () => {
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', signed('tampered-deb')), 1, /error: \S+\/libssl3_\S+_arm64\.deb: \d+ bytes with SHA-256 [0-9a-f]{64}, but the signed index lists/, /hint: the mirror served different bytes/);
    });

    it("a package whose link climbs out of the sysroot through another package's link: refused, nothing written outside", async () => {
      const dir = project('[target.aarch64-unknown-linux-gnu]\npackages = ["libtszig-escape-dev"]\n');
      fails(
        await path(dir, 'aarch64-unknown-linux-gnu', signed('hostile')),
        1,
        /error: libtszig-escape-dev_1\.0_arm64\.deb: archive entry "\.\/usr\/lib\/(d\/){30}e" links outside the archive \((\.\.\/){31}\.\.: goes above the root\)/,
        /hint: tszig unpacks only files, directories and links that stay inside the sysroot/,
      );
      assert.deepEqual(readdirSync(other.escapeDir), [], 'nothing was written outside the sysroot');
    });

    it('setuid, setgid and world-writable modes are normalised; an absolute link points inside', async () => {
      const cache = freshDir('tszig-sysroot-modes-');
      const dir = project('[target.aarch64-unknown-linux-gnu]\npackages = ["libtszig-modes-dev"]\n');
      const root = ok(await path(dir, 'aarch64-unknown-linux-gnu', { ...signed('hostile'), TSZIG_CACHE_DIR: cache }), 'a sysroot of libtszig-modes-dev').trim();
      const mode = (p: string): string => (statSync(join(root, p)).mode & 0o7777).toString(8);
      assert.deepEqual(
        ['usr/bin/tszig-setuid', 'usr/lib/tszig/open', 'usr/share'].map((p) => [p, mode(p)]),
        [
          ['usr/bin/tszig-setuid', '755'],
          ['usr/lib/tszig/open', '644'],
          ['usr/share', '755'],
        ],
      );
      assert.equal(readlinkSync(join(root, 'usr/lib/tszig/abs')), 'open');
    });

    it('an unsigned InRelease, one signed by a key not in the keyring, and an expired one', async () => {
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', signed('unsigned')), 1, /error: \S+\/InRelease is not signed/, /hint: refusing an unsigned index/);
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', signed('wrong-key')), 1, /error: \S+\/InRelease has no good signature by a trusted key/, /hint: .*TSZIG_DEBIAN_KEYRING/);
      // The real archive's key does not sign the test copy either.
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', { ...signed('resigned'), TSZIG_DEBIAN_KEYRING: '/usr/share/keyrings/debian-archive-keyring.gpg' }), 1, /has no good signature by a trusted key/, /hint:/);
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', signed('expired')), 1, /error: \S+\/InRelease expired on \S+ \(Valid-Until\)/, /hint: the mirror is stale/);
    });

    it('packages for a target Debian does not build, and no archive to take them from', async () => {
      const musl = project('[target.aarch64-unknown-linux-musl]\npackages = ["libssl-dev"]\n');
      fails(await path(musl, 'aarch64-unknown-linux-musl', signed('resigned')), 2, /error: \S+ names packages for aarch64-unknown-linux-musl, but Debian's packages link against glibc/, /hint: remove \[target\.aarch64-unknown-linux-musl\] packages/);
      const none = { ...signed('resigned'), TSZIG_DEBIAN_MIRROR: 'not a url' };
      fails(await path(ssl, 'aarch64-unknown-linux-gnu', none), 2, /error: TSZIG_DEBIAN_MIRROR: not a url is not an http\(s\) URL/, /hint: set TSZIG_DEBIAN_MIRROR and TSZIG_DEBIAN_SUITE/);
    });

    it('tszig sysroot add, list and prune', async () => {
      const dir = project('# mine\n[shims]\nkind = "sh"\n');
      ok(await runAsync('tszig', ['sysroot', 'add', '--target', 'aarch64-unknown-linux-gnu.2.36', 'zlib1g-dev'], { cwd: dir, env: signed('resigned') }), 'sysroot add');
      assert.equal(readFileSync(join(dir, 'tszig.toml'), 'utf8'), '# mine\n[shims]\nkind = "sh"\n\n[target.aarch64-unknown-linux-gnu]\npackages = ["zlib1g-dev"]\n');
      const add = await runAsync('tszig', ['sysroot', 'add', '--target', 'x86_64-pc-windows-gnu', 'zlib1g-dev'], { cwd: dir, env: signed('resigned') });
      assert.equal(add.status, 2);
      assert.match(add.stderr, /no sysroot for x86_64-pc-windows-gnu: Debian builds packages for Linux only/);
      const list = ok(await runAsync('tszig', ['sysroot', 'list'], { cwd: dir, env: signed('resigned') }), 'sysroot list');
      assert.match(list, /^\S+-arm64-[0-9a-f]{16}\t\S+ arm64\tzlib1g-dev\tglibc>=2\.\d+\t[\d.]+ MB\t\(this project\)$/m);
      ok(await runAsync('tszig', ['sysroot', 'prune'], { cwd: dir, env: signed('resigned') }), 'sysroot prune');
      assert.deepEqual(snapshot(badCache).sysroots, good.sysroots, 'prune keeps what the project asks for');
      const pruned = ok(await runAsync('tszig', ['sysroot', 'prune', '--all'], { cwd: dir, env: signed('resigned') }), 'sysroot prune --all');
      assert.equal(pruned.trim(), Object.keys(good.sysroots)[0]);
      assert.deepEqual(snapshot(badCache), { sysroots: {}, leftovers: [] });
    });
  });
});

// sccache as cargo's rustc wrapper: which wrapper cargo uses and where it is, SCCACHE_BASEDIRS from
// the machine paths, the server's reported base directories, and the shims' machine-independent
// identity (what sccache's compiler digest covers).

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CargoConfig } from '../../src/cargo/config.ts';
import { configBasedirs, sccacheBasedirs, sccacheConfigPath, userBasedirs } from '../../src/sccache/basedirs.ts';
import { missingBasedirs, statsBasedirs } from '../../src/sccache/server.ts';
import { isSccache, rustcWrapper, sccacheWrapper } from '../../src/sccache/wrapper.ts';
import { portableSiteArgs } from '../../src/shims/portable-site.ts';
import { renderLauncher } from '../../src/shims/render-c.ts';
import { renderShim, shimIdentity, type ShimInput } from '../../src/shims/render-sh.ts';
import { parseTarget } from '../../src/target/parse.ts';

const work = mkdtempSync(join(tmpdir(), 'tszig-sccache-unit-'));
const bin = join(work, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'sccache'), '#!/bin/sh\n');
chmodSync(join(bin, 'sccache'), 0o755);

const fileConfig = (source: string, wrapper: unknown): CargoConfig => new CargoConfig([{ kind: 'file', source, data: { build: { 'rustc-wrapper': wrapper } } }]);

describe("cargo's rustc wrapper", () => {
  it('RUSTC_WRAPPER > --config > CARGO_BUILD_RUSTC_WRAPPER > config files; an empty RUSTC_WRAPPER turns it off', () => {
    const files = fileConfig('/p/.cargo/config.toml', 'from-file');
    const cli = new CargoConfig([{ kind: 'cli', source: '--config build.rustc-wrapper="cli"', data: { build: { 'rustc-wrapper': 'cli' } } }, { kind: 'file', source: '/p/.cargo/config.toml', data: { build: { 'rustc-wrapper': 'from-file' } } }]);
    assert.equal(rustcWrapper({ RUSTC_WRAPPER: 'env', CARGO_BUILD_RUSTC_WRAPPER: 'b' }, cli, '/w')?.value, 'env');
    assert.equal(rustcWrapper({ RUSTC_WRAPPER: '' }, files, '/w'), undefined);
    assert.equal(rustcWrapper({ CARGO_BUILD_RUSTC_WRAPPER: 'b' }, cli, '/w')?.value, 'cli');
    assert.equal(rustcWrapper({ CARGO_BUILD_RUSTC_WRAPPER: 'b' }, files, '/w')?.from, 'CARGO_BUILD_RUSTC_WRAPPER');
    const fromFile = rustcWrapper({}, files, '/w');
    assert.deepEqual(fromFile, { value: 'from-file', from: 'build.rustc-wrapper in /p/.cargo/config.toml', base: '/p' });
    assert.equal(rustcWrapper({}, new CargoConfig([]), '/w'), undefined);
    assert.equal(rustcWrapper({}, fileConfig('/p/.cargo/config.toml', ''), '/w'), undefined);
  });

  it('is sccache by its file stem, as cc-rs decides', () => {
    for (const yes of ['sccache', '/usr/bin/sccache', 'C:\\tools\\sccache.exe', './sccache']) assert.ok(isSccache(yes), yes);
    for (const no of ['ccache', 'sccache-dist', '/opt/sccache/bin/cachepot', 'my-sccache', '']) assert.ok(!isSccache(no), no);
  });

  it('a bare name is found in absolute PATH entries only; a relative path is taken from where cargo takes it', () => {
    assert.equal(sccacheWrapper({ RUSTC_WRAPPER: 'sccache', PATH: `.:relative:${bin}` }, undefined, '/w')?.path, join(bin, 'sccache'));
    // Only a relative or empty entry would have it: cargo may still find it, tszig does not use it.
    const onlyRelative = sccacheWrapper({ RUSTC_WRAPPER: 'sccache', PATH: `:.:bin` }, undefined, work);
    assert.equal(onlyRelative?.value, 'sccache');
    assert.equal(onlyRelative?.path, undefined);
    assert.equal(sccacheWrapper({ RUSTC_WRAPPER: 'bin/sccache', PATH: '' }, undefined, work)?.path, join(bin, 'sccache'));
    assert.equal(sccacheWrapper({}, fileConfig(join(work, '.cargo', 'config.toml'), 'bin/sccache'), '/elsewhere')?.path, join(bin, 'sccache'));
    assert.equal(sccacheWrapper({ RUSTC_WRAPPER: 'missing/sccache' }, undefined, work)?.path, undefined);
    assert.equal(sccacheWrapper({ RUSTC_WRAPPER: 'ccache', PATH: bin }, undefined, work), undefined);
  });
});

describe('SCCACHE_BASEDIRS', () => {
  const paths = { workspace: '/home/a/app', cargoHome: '/home/a/.cargo', zigLib: '/opt/zig/lib', zigCache: '/home/a/.cache/tszig/zig-cache', tszigCache: '/home/a/.cache/tszig', rustSysroot: '/rust/sysroot' };

  it('names the C and C++ machine paths (not rustc-only ones), every spelling, after the user\'s own', () => {
    const realpath = (p: string): string | undefined => (p === '/home/a/app' ? '/data/a/app' : undefined);
    const b = sccacheBasedirs({ paths, user: ['/srv/shared/', '/home/a/app'], realpath, platform: 'linux' });
    assert.deepEqual(b.dirs, ['/srv/shared', '/home/a/app', '/data/a/app', '/opt/zig/lib', '/home/a/.cargo', '/home/a/.cache/tszig', '/home/a/.cache/tszig/zig-cache']);
    assert.ok(!b.dirs.includes('/rust/sysroot'));
    assert.deepEqual(b.unusable, []);
    assert.ok(!b.ours.includes('/srv/shared'));
  });

  it('a path holding the separator cannot be named', () => {
    const b = sccacheBasedirs({ paths: { workspace: '/w:x' }, user: [], platform: 'linux' });
    assert.deepEqual(b.dirs, []);
    assert.deepEqual(b.unusable, ['/w:x']);
    assert.deepEqual(sccacheBasedirs({ paths: { workspace: 'C:\\w' }, user: [], platform: 'win32' }).dirs, ['C:\\w']);
  });

  it("the user's own come from SCCACHE_BASEDIRS, else from sccache's config file, which the variable would replace", async () => {
    const conf = join(work, 'sccache.toml');
    writeFileSync(conf, 'basedirs = ["/srv/a", "/srv/b"]\n[cache.redis]\nendpoint = "redis://127.0.0.1:6379"\n');
    assert.deepEqual(await userBasedirs({ SCCACHE_BASEDIRS: '/x::/y', SCCACHE_CONF: conf }, 'linux'), ['/x', '/y']);
    assert.deepEqual(await userBasedirs({ SCCACHE_CONF: conf }, 'linux'), ['/srv/a', '/srv/b']);
    assert.deepEqual(await configBasedirs({ SCCACHE_CONF: join(work, 'missing') }, 'linux'), []);
    assert.equal(sccacheConfigPath({}, 'linux', '/h'), '/h/.config/sccache/config');
    assert.equal(sccacheConfigPath({ XDG_CONFIG_HOME: '/x' }, 'linux', '/h'), '/x/sccache/config');
    assert.equal(sccacheConfigPath({ XDG_CONFIG_HOME: 'rel' }, 'linux', '/h'), '/h/.config/sccache/config');
    assert.equal(sccacheConfigPath({}, 'darwin', '/h'), '/h/Library/Application Support/Mozilla.sccache/config');
  });

  it("reads the running server's base directories from its JSON stats", () => {
    const json = '{"stats":{"compile_requests":0},"cache_location":"Redis","version":"0.16.0","basedirs":["/home/a/app/","/opt/zig/lib/"]}';
    assert.deepEqual(statsBasedirs(json), ['/home/a/app', '/opt/zig/lib']);
    assert.equal(statsBasedirs('{"stats":{}}'), undefined);
    assert.equal(statsBasedirs('not json'), undefined);
    assert.deepEqual(missingBasedirs(['/home/a/app', '/home/a/.cargo/'], ['/home/a/app/']), ['/home/a/.cargo']);
  });
});

describe('portable site arguments', () => {
  const base = { cacheDir: '/home/a/.cache/tszig/', zigCacheDir: '/home/a/.cache/tszig/zig-cache' };

  it('machine paths become fixed names; prefix maps become their targets, once and sorted', () => {
    const siteArgs = [
      '-idirafter',
      '/home/a/.cache/tszig/sysroots/bookworm-arm64-1234/usr/include',
      '-L/home/a/.cache/tszig/sysroots/bookworm-arm64-1234/usr/lib/aarch64-linux-gnu',
      '-ffile-prefix-map=/home/a/app=/workspace',
      '-ffile-prefix-map=/data/a/app=/workspace',
      '-ffile-prefix-map=/opt/zig-0.17.1/lib=/zig/lib',
      '-I/home/a/apples',
    ];
    assert.deepEqual(portableSiteArgs({ ...base, siteArgs }), [
      '-idirafter',
      '/tszig/sysroots/bookworm-arm64-1234/usr/include',
      '-L/tszig/sysroots/bookworm-arm64-1234/usr/lib/aarch64-linux-gnu',
      '-I/home/a/apples',
      '-ffile-prefix-map=/workspace',
      '-ffile-prefix-map=/zig/lib',
    ]);
  });

  it('is the same for two machines with different paths, and differs when the output would', () => {
    const a = portableSiteArgs({ cacheDir: '/a/c', zigCacheDir: '/a/z', siteArgs: ['-L/a/c/stubs', '-ffile-prefix-map=/a/w=/workspace', '-ffile-prefix-map=/a/c=/tszig'] });
    const b = portableSiteArgs({ cacheDir: '/b/cache', zigCacheDir: '/b/zc', siteArgs: ['-ffile-prefix-map=/b/cache=/tszig', '-L/b/cache/stubs', '-ffile-prefix-map=/b/src/w=/workspace'] });
    assert.deepEqual(a, b);
    assert.notDeepEqual(portableSiteArgs({ cacheDir: '/a/c', zigCacheDir: '/a/z', siteArgs: ['-L/a/c/stubs'] }), a);
    assert.deepEqual(portableSiteArgs({ cacheDir: '/a/c', zigCacheDir: '/a/z', siteArgs: [] }), []);
  });
});

describe('shim identity', () => {
  const input = (target: string, zigVersion: string, extra: Partial<ShimInput> = {}): ShimInput => ({
    role: 'cc',
    target: parseTarget(target, { glibcMax: undefined, zigVersion }),
    zigVersion,
    zigPath: '/z/zig',
    zigCacheDir: '/c',
    ...extra,
  });

  it('names target with glibc suffix, zig version, rule set and site digest; in the launcher source and the sh text', () => {
    const id = shimIdentity(input('aarch64-unknown-linux-gnu.2.17', '0.17.1'));
    assert.match(id, /^cc for aarch64-unknown-linux-gnu\.2\.17, zig 0\.17\.1, rule set [0-9a-f]{8}, site [0-9a-f]{12}$/);
    assert.ok(renderLauncher(input('aarch64-unknown-linux-gnu.2.17', '0.17.1')).includes(`static const char IDENTITY[] = "${id}";`));
    assert.match(renderShim(input('aarch64-unknown-linux-gnu.2.17', '0.17.1')), /^# tszig cc shim for aarch64-unknown-linux-gnu\.2\.17 \(zig 0\.17\.1, rule set [0-9a-f]{8}, site [0-9a-f]{12},/m);
  });

  it('a different glibc suffix, zig version or portable site is different shim content; machine paths are not', () => {
    const base = input('aarch64-unknown-linux-gnu.2.17', '0.17.1');
    const render = (i: ShimInput): string[] => [renderLauncher(i), renderShim(i)];
    const same = render(input('aarch64-unknown-linux-gnu.2.17', '0.17.1', { zigPath: '/elsewhere/zig', zigCacheDir: '/other' }));
    assert.deepEqual(same, render(base));
    for (const other of [
      input('aarch64-unknown-linux-gnu.2.28', '0.17.1'),
      input('aarch64-unknown-linux-gnu.2.17', '0.17.0'),
      input('aarch64-unknown-linux-gnu.2.17', '0.17.1', { portableSite: ['-ffile-prefix-map=/workspace'] }),
    ]) {
      const [c, sh] = render(other);
      assert.notEqual(c, render(base)[0]);
      assert.notEqual(sh, render(base)[1]);
    }
  });
});

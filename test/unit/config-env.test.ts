// Option resolution: cargo config precedence, the env map's "user wins" rule, cache dirs, cac quirks,
// and the env renderers.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configuredTargets, loadCargoConfig } from '../../src/cargo/config.ts';
import { rawValue, rawValues } from '../../src/cli/normalize.ts';
import { targetEnv } from '../../src/env/env-map.ts';
import { renderEnv, renderUnset } from '../../src/env/render.ts';
import { ConfigError } from '../../src/errors.ts';
import { resolveCacheDir, resolveZigCacheDir } from '../../src/platform/cache-dir.ts';
import { parseTarget } from '../../src/target/parse.ts';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tszig-config-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('cargo config', () => {
  it('nearest config wins, then ancestors, then CARGO_HOME', async () => {
    const root = project({
      '.cargo/config.toml': '[build]\ntarget = "outer"\n[target.x.linker]\n',
      'a/b/.cargo/config.toml': '[build]\ntarget = ["inner1", "inner2"]\n',
      'home/config.toml': '[build]\ntarget = "home"\nrustc = "/home/rustc"\n',
    });
    const env = { CARGO_HOME: join(root, 'home') };
    assert.deepEqual(configuredTargets(await loadCargoConfig(join(root, 'a/b'), env, []), env)?.targets, ['inner1', 'inner2']);
    assert.deepEqual(configuredTargets(await loadCargoConfig(join(root, 'a'), env, []), env)?.targets, ['outer']);
    assert.equal((await loadCargoConfig(join(root, "a"), env, [])).get(["build", "rustc"])?.value, "/home/rustc");
  });

  it('--config beats CARGO_BUILD_TARGET, which beats files', async () => {
    const root = project({ '.cargo/config.toml': '[build]\ntarget = "file"\n' });
    const env = { CARGO_HOME: join(root, 'nohome'), CARGO_BUILD_TARGET: 'env' };
    assert.deepEqual(configuredTargets(await loadCargoConfig(root, env, []), env)?.targets, ['env']);
    assert.deepEqual(configuredTargets(await loadCargoConfig(root, env, ['build.target="cli"']), env)?.targets, ['cli']);
    assert.equal(configuredTargets(await loadCargoConfig(root, { CARGO_HOME: join(root, 'x') }, []), {})?.source, join(root, '.cargo/config.toml'));
  });

  it('--config may name a file', async () => {
    const root = project({ 'extra.toml': '[build]\ntarget = "from-file"\n' });
    const env = { CARGO_HOME: join(root, 'nohome') };
    assert.deepEqual(configuredTargets(await loadCargoConfig(root, env, ['extra.toml']), env)?.targets, ['from-file']);
  });

  it('reports invalid TOML and a wrong build.target type with the file name', async () => {
    const bad = project({ '.cargo/config.toml': '[build\n' });
    await assert.rejects(loadCargoConfig(bad, { CARGO_HOME: join(bad, 'x') }, []), (e: unknown) => e instanceof ConfigError && e.message.includes(join(bad, '.cargo/config.toml')));
    const wrong = project({ '.cargo/config.toml': '[build]\ntarget = 3\n' });
    const env = { CARGO_HOME: join(wrong, 'x') };
    const wrongConfig = await loadCargoConfig(wrong, env, []);
    assert.throws(() => configuredTargets(wrongConfig, env), /must be a string or an array/);
  });
});

describe('env map', () => {
  const target = parseTarget('aarch64-unknown-linux-gnu.2.17', { glibcMax: '2.42', zigVersion: '0.15.2' });
  const shims = { dir: '/s', cc: '/s/zigcc', cxx: '/s/zigcxx', ar: '/s/zigar', ranlib: '/s/zigranlib', kind: 'sh' as const, cmake: '/s/toolchain.cmake' };

  it('sets cc-rs and cargo variables for the target', () => {
    const m = targetEnv({ target, shims, env: {} });
    assert.deepEqual(m.set, [
      { name: 'CC_aarch64_unknown_linux_gnu', value: '/s/zigcc' },
      { name: 'CXX_aarch64_unknown_linux_gnu', value: '/s/zigcxx' },
      { name: 'AR_aarch64_unknown_linux_gnu', value: '/s/zigar' },
      { name: 'RANLIB_aarch64_unknown_linux_gnu', value: '/s/zigranlib' },
      { name: 'CMAKE_TOOLCHAIN_FILE_aarch64_unknown_linux_gnu', value: '/s/toolchain.cmake' },
      { name: 'CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER', value: 'zigcc' },
    ]);
    assert.deepEqual(m.skipped, []);
    // The linker is found through PATH, so its value is the same on every machine.
    assert.deepEqual(m.path, ['/s']);
  });

  it('bindgen arguments are shell words, after a plain value the user set', () => {
    const args = ['-nostdinc', '-cxx-isystem', '/z dir/include'];
    const m = targetEnv({ target, shims, env: { BINDGEN_EXTRA_CLANG_ARGS: '-DUSER=1' }, bindgen: args });
    assert.equal(m.set.find((e) => e.name === 'BINDGEN_EXTRA_CLANG_ARGS_aarch64_unknown_linux_gnu')?.value, "-DUSER=1 -nostdinc -cxx-isystem '/z dir/include'");
    const own = targetEnv({ target, shims, env: { 'BINDGEN_EXTRA_CLANG_ARGS_aarch64-unknown-linux-gnu': 'mine' }, bindgen: args });
    assert.ok(!own.set.some((e) => e.name.startsWith('BINDGEN')));
  });

  it('a runner is set when one exists, and a cargo-config runner wins', async () => {
    const m = targetEnv({ target, shims, env: {}, runner: { kind: 'runner', command: '/usr/bin/qemu-aarch64 -L /usr/aarch64-linux-gnu' } });
    assert.equal(m.set.find((e) => e.name.endsWith('_RUNNER'))?.value, '/usr/bin/qemu-aarch64 -L /usr/aarch64-linux-gnu');
    const root = project({ '.cargo/config.toml': '[target.aarch64-unknown-linux-gnu]\nrunner = "my-runner"\n' });
    const config = await loadCargoConfig(root, { CARGO_HOME: join(root, 'x') }, []);
    const theirs = targetEnv({ target, shims, env: {}, config, runner: { kind: 'runner', command: 'qemu' } });
    assert.ok(!theirs.set.some((e) => e.name.endsWith('_RUNNER')));
    assert.ok(targetEnv({ target, shims, env: {}, runner: { kind: 'missing', why: 'x', install: 'y' } }).set.every((e) => !e.name.endsWith('_RUNNER')));
  });

  it('Windows puts the dlltool directory on PATH; wasm leaves linking to rustc', () => {
    const win = parseTarget('x86_64-pc-windows-gnu', { glibcMax: '2.42', zigVersion: '0.15.2' });
    const m = targetEnv({ target: win, shims: { ...shims, binDir: '/s/bin' }, env: {}, runner: { kind: 'runner', command: '/usr/bin/wine' } });
    assert.deepEqual(m.path, ['/s', '/s/bin']);
    assert.equal(m.set.find((e) => e.name === 'WINEDEBUG')?.value, 'fixme-all');
    // The ProcessPrng stand-in goes ahead of the user's WINEPATH, which stays.
    const dlls = (env: Record<string, string>) =>
      targetEnv({ target: win, shims, env, runner: { kind: 'runner', command: '/usr/bin/wine' }, wineDlls: '/c/wine/x' }).set.find((e) => e.name === 'WINEPATH')?.value;
    assert.equal(dlls({}), '/c/wine/x');
    assert.equal(dlls({ WINEPATH: 'C:\\mine' }), '/c/wine/x;C:\\mine');
    const wasm = parseTarget('wasm32-wasip1', { glibcMax: '2.42', zigVersion: '0.15.2' });
    const w = targetEnv({ target: wasm, shims, env: {} });
    assert.ok(!w.set.some((e) => e.name.endsWith('_LINKER')));
    assert.ok(w.set.some((e) => e.name === 'CC_wasm32_wasip1'));
    assert.deepEqual(w.path, []);
  });

  it('a value the user set, in either spelling, wins', () => {
    const m = targetEnv({
      target,
      shims,
      env: { 'CC_aarch64-unknown-linux-gnu': 'gcc', CXX_aarch64_unknown_linux_gnu: 'g++', CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: 'ld', CC: 'plain-cc-does-not-count', AR_aarch64_unknown_linux_gnu: '' },
    });
    assert.deepEqual(m.set.map((e) => e.name), ['AR_aarch64_unknown_linux_gnu', 'RANLIB_aarch64_unknown_linux_gnu', 'CMAKE_TOOLCHAIN_FILE_aarch64_unknown_linux_gnu']);
    assert.deepEqual(m.skipped.map((s) => [s.name, s.because]), [
      ['CC_aarch64_unknown_linux_gnu', 'CC_aarch64-unknown-linux-gnu'],
      ['CXX_aarch64_unknown_linux_gnu', 'CXX_aarch64_unknown_linux_gnu'],
      ['CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER', 'CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER'],
    ]);
  });

  it('a linker from cargo config wins', async () => {
    const root = project({ '.cargo/config.toml': '[target.aarch64-unknown-linux-gnu]\nlinker = "aarch64-linux-gnu-gcc"\n' });
    const config = await loadCargoConfig(root, { CARGO_HOME: join(root, 'x') }, []);
    const m = targetEnv({ target, shims, env: {}, config });
    assert.ok(!m.set.some((e) => e.name.endsWith('_LINKER')));
    assert.match(m.skipped[0]?.because ?? '', /target\.aarch64-unknown-linux-gnu\.linker in .*config\.toml/);
  });
});

describe('cache dirs', () => {
  it('TSZIG_CACHE_DIR, else the platform cache dir', () => {
    assert.equal(resolveCacheDir({ TSZIG_CACHE_DIR: '/c' }, 'linux', '/h'), '/c');
    assert.equal(resolveCacheDir({}, 'linux', '/h'), '/h/.cache/tszig');
    assert.equal(resolveCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/h'), '/x/tszig');
    assert.equal(resolveCacheDir({}, 'darwin', '/h'), '/h/Library/Caches/tszig');
    assert.equal(resolveCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\h'), join('C:\\L', 'tszig', 'cache'));
    assert.equal(resolveZigCacheDir({}, '/c'), '/c/zig-cache');
    assert.equal(resolveZigCacheDir({ ZIG_GLOBAL_CACHE_DIR: '/z' }, '/c'), '/z');
  });
});

describe('cac normalization', () => {
  it('reads values verbatim, repeated or not', () => {
    const argv = ['env', '--target', 'a.2.17', '--format=json', '--target', 'b', '--zig-version', '0.10', '--', '--target', 'c'];
    assert.deepEqual(rawValues(argv, 'target'), ['a.2.17', 'b']);
    assert.equal(rawValue(argv, 'format'), 'json');
    assert.equal(rawValue(argv, 'zig-version'), '0.10');
    assert.equal(rawValue(argv, 'missing'), undefined);
  });
});

describe('env renderers', () => {
  const entries = [
    { name: 'CC_x', value: '/p/zigcc' },
    { name: 'AR_x', value: "/it's a $dir/`x` #1 \\" },
  ];
  it('sh', () => {
    assert.equal(renderEnv(entries, 'sh'), 'export CC_x=/p/zigcc\nexport AR_x="/it\'s a \\$dir/\\`x\\` #1 \\\\"\n');
    assert.equal(renderUnset(['CC_x'], 'sh'), 'unset CC_x\n');
  });
  it('json', () => {
    assert.deepEqual(JSON.parse(renderEnv(entries, 'json')), { CC_x: '/p/zigcc', AR_x: "/it's a $dir/`x` #1 \\" });
  });
  it('powershell (pwsh is not in Debian: the quoting is checked here)', () => {
    assert.equal(renderEnv(entries, 'powershell'), "$env:CC_x = '/p/zigcc'\n$env:AR_x = '/it''s a $dir/`x` #1 \\'\n");
    assert.equal(renderUnset(['CC_x'], 'powershell'), 'Remove-Item -ErrorAction SilentlyContinue Env:CC_x\n');
  });
  it('github: one line each, heredoc syntax for a value with a newline', () => {
    assert.equal(renderEnv([{ name: 'A', value: 'x y' }], 'github'), 'A=x y\n');
    assert.match(renderEnv([{ name: 'B', value: 'l1\nl2' }], 'github'), /^B<<(TSZIG_EOF_[0-9a-f]{16})\nl1\nl2\n\1\n$/);
  });
  it('make refuses a newline it cannot express', () => {
    assert.throws(() => renderEnv([{ name: 'A', value: 'a\nb' }], 'make'), /cannot hold a newline/);
  });
});

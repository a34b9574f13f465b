// The env map: the variables each target gets, and the "user wins" rule in every spelling.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCargoConfig } from '../../src/cargo/config.ts';
import { targetEnv } from '../../src/env/env-map.ts';
import { prependedValues } from '../../src/env/path-list.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { dirWithFiles } from '../support/files.ts';

const project = (files: Record<string, string>): string => dirWithFiles(files, 'tszig-config-');
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
    assert.deepEqual(m.prepend, [{ name: 'PATH', entries: ['/s'] }]);
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
    assert.deepEqual(m.prepend, [{ name: 'PATH', entries: ['/s', '/s/bin'] }]);
    assert.equal(m.set.find((e) => e.name === 'WINEDEBUG')?.value, 'fixme-all');
    // The ProcessPrng stand-in goes ahead of the user's WINEPATH, which stays.
    const dlls = (env: Record<string, string>) =>
      prependedValues(targetEnv({ target: win, shims, env, runner: { kind: 'runner', command: '/usr/bin/wine' }, wineDlls: '/c/wine/x' }).prepend, env).find((e) => e.name === 'WINEPATH')?.value;
    assert.equal(dlls({}), '/c/wine/x');
    assert.equal(dlls({ WINEPATH: 'C:\\mine' }), '/c/wine/x;C:\\mine');
    const wasm = parseTarget('wasm32-wasip1', { glibcMax: '2.42', zigVersion: '0.15.2' });
    const w = targetEnv({ target: wasm, shims, env: {} });
    assert.ok(!w.set.some((e) => e.name.endsWith('_LINKER')));
    assert.ok(w.set.some((e) => e.name === 'CC_wasm32_wasip1'));
    assert.deepEqual(w.prepend, []);
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

  it("a value equal to tszig's own is tszig's (an earlier eval), not the user's", () => {
    const first = targetEnv({ target, shims, env: {}, runner: { kind: 'runner', command: '/q' } });
    const evaluated = Object.fromEntries(first.set.map((e) => [e.name, e.value]));
    const again = targetEnv({ target, shims, env: evaluated, runner: { kind: 'runner', command: '/q' } });
    assert.deepEqual(again, first);
    // One spelling still the user's own: theirs wins, whatever the other spelling holds.
    const mixed = targetEnv({ target, shims, env: { ...evaluated, 'CC_aarch64-unknown-linux-gnu': 'gcc' } });
    assert.deepEqual(mixed.skipped.map((s) => s.name), ['CC_aarch64_unknown_linux_gnu']);
  });

  it('a linker from cargo config wins', async () => {
    const root = project({ '.cargo/config.toml': '[target.aarch64-unknown-linux-gnu]\nlinker = "aarch64-linux-gnu-gcc"\n' });
    const config = await loadCargoConfig(root, { CARGO_HOME: join(root, 'x') }, []);
    const m = targetEnv({ target, shims, env: {}, config });
    assert.ok(!m.set.some((e) => e.name.endsWith('_LINKER')));
    assert.match(m.skipped[0]?.because ?? '', /target\.aarch64-unknown-linux-gnu\.linker in .*config\.toml/);
  });
});

// tszig in other build systems: a Makefile building C and a Rust staticlib from `tszig env
// --format make`, the cmake crate driving CMake with tszig's toolchain file, bindgen reading the
// target's libc headers through BINDGEN_EXTRA_CLANG_ARGS_<target>, and `tszig cc|ar` called
// directly. Every result runs under qemu-user.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, highestGlibc, ok, run, versionAtMost } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const QEMU: Record<string, [string, string]> = {
  aarch64: ['qemu-aarch64', '/usr/aarch64-linux-gnu'],
  armv7: ['qemu-arm', '/usr/arm-linux-gnueabihf'],
};

function runUnder(arch: keyof typeof QEMU, bin: string): string {
  const [qemu, sysroot] = QEMU[arch] as [string, string];
  return ok(run(qemu, ['-L', sysroot, bin]), `${qemu} ${bin}`);
}

describe('Makefile: tszig env --format make', () => {
  const makefile = join(FIXTURES, 'makefile-c');
  const cases = [
    { arch: 'aarch64', vars: ['TARGET=aarch64-unknown-linux-gnu', 'GLIBC=2.17'], machine: 'aarch64' },
    { arch: 'armv7', vars: ['TARGET=armv7-unknown-linux-gnueabihf'], machine: 'armv7l' },
  ] as const;
  for (const c of cases) {
    it(`builds the C program and its Rust staticlib for ${c.vars.join(' ')}`, () => {
      const out = freshDir('tszig-make-');
      const env = e2eEnv({ RUSTUP_TOOLCHAIN: debianToolchain() });
      ok(run('make', ['-C', makefile, ...c.vars, `OUT=${out}`], { env }), 'make');
      const app = join(out, 'app');
      assert.equal(runUnder(c.arch, app), ['checksum: d71487d6', 'describe: 9 distinct words', 'sqrt(2) = 1.414214', `machine: ${c.machine}`, ''].join('\n'));
      assert.ok(versionAtMost(highestGlibc(app) ?? '9', '2.17'), `${app} needs GLIBC_${highestGlibc(app)}`);
      // Up to date: a second make does nothing.
      assert.match(ok(run('make', ['-C', makefile, ...c.vars, `OUT=${out}`], { env }), 'make again'), /Nothing to be done|is up to date/);
    });
  }
});

describe('CMake through the cmake crate', () => {
  it('configures for the target with tszig\'s toolchain file: target compilers, host libraries out of sight', () => {
    const targetDir = freshDir('tszig-cmake-');
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--target', 'aarch64-unknown-linux-gnu.2.17', '--target-dir', targetDir], {
      cwd: join(FIXTURES, 'hello-cmake'),
      env: e2eEnv(),
    });
    ok(r, 'cargo tszig build hello-cmake');
    const out = runUnder('aarch64', join(targetDir, 'aarch64-unknown-linux-gnu', 'debug', 'hello-cmake'));
    // zlib is installed for the host (provisioned); CMake must not find it for aarch64.
    assert.equal(out, 'cmake: system Linux aarch64, cross TRUE, getauxval yes, zlib not found\npage size > 0: true\n');
  });

  it('plain cmake with the toolchain file from tszig env (the README recipe)', () => {
    const build = freshDir('tszig-cmake-plain-');
    const script = [
      'set -e',
      'eval "$(tszig env --target armv7-unknown-linux-gnueabihf)"',
      `cmake -S '${join(FIXTURES, 'hello-cmake', 'clib')}' -B '${build}' -DCMAKE_TOOLCHAIN_FILE="$CMAKE_TOOLCHAIN_FILE_armv7_unknown_linux_gnueabihf"`,
      `cmake --build '${build}'`,
    ].join('\n');
    ok(run('sh', ['-c', script], { env: e2eEnv() }), 'cmake configure and build');
    assert.match(ok(run('readelf', ['-h', join(build, 'libcmhello.a')]), 'readelf'), /Machine: +ARM/);
    assert.match(readFileSync(join(build, 'config.h'), 'utf8'), /CMHELLO_SYSTEM "Linux armv7l"[\s\S]*CMHELLO_HOST_ZLIB "not found"/);
  });
});

describe('bindgen', () => {
  it('generates bindings from zig\'s headers for the target (glibc 2.17), not the host\'s', () => {
    const targetDir = freshDir('tszig-bindgen-');
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--target', 'aarch64-unknown-linux-gnu.2.17', '--target-dir', targetDir], {
      cwd: join(FIXTURES, 'hello-bindgen'),
      env: e2eEnv(),
    });
    ok(r, 'cargo tszig build hello-bindgen');
    const out = runUnder('aarch64', join(targetDir, 'aarch64-unknown-linux-gnu', 'debug', 'hello-bindgen'));
    assert.equal(out, 'headers: glibc 2.17\nuname: 0 Linux\nmachine: aarch64\n');
  });
});

describe('tszig cc, ar', () => {
  it('compile, archive and link for a target through the shims', () => {
    const dir = freshDir('tszig-tools-');
    const env = e2eEnv();
    writeFileSync(join(dir, 'lib.c'), 'int twice(int x) { return 2 * x; }\n');
    writeFileSync(join(dir, 'main.c'), '#include <stdio.h>\nint twice(int);\nint main(void) { printf("twice: %d\\n", twice(21)); return 0; }\n');
    const t = ['--target', 'armv7-unknown-linux-gnueabihf'];
    ok(run('tszig', ['cc', ...t, '--', '-O2', '-c', 'lib.c', '-o', 'lib.o'], { cwd: dir, env }), 'tszig cc -c');
    ok(run('tszig', ['ar', ...t, '--', 'rcs', 'libtwice.a', 'lib.o'], { cwd: dir, env }), 'tszig ar');
    ok(run('tszig', ['cc', ...t, '--', 'main.c', 'libtwice.a', '-o', 'app'], { cwd: dir, env }), 'tszig cc link');
    assert.equal(runUnder('armv7', join(dir, 'app')), 'twice: 42\n');
  });

  it("passes the tool's exit code through; no --target is a usage error", () => {
    const env = e2eEnv();
    const bad = run('tszig', ['cc', '--target', 'aarch64-unknown-linux-gnu', '--', '-c', 'does-not-exist.c'], { cwd: freshDir('tszig-tools-'), env });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /does-not-exist\.c/);
    const none = run('tszig', ['cc', '--', '-c', 'x.c'], { env });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /tszig cc needs --target/);
  });
});

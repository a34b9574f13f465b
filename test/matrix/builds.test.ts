// One build-and-run per target family on every tested zig other than the pin (which the e2e tier
// builds far more with): `cargo tszig` with TSZIG_ZIG naming that zig. hello-cc (C, C++, a cdylib,
// a proc-macro) for aarch64 glibc 2.17 (run under qemu, glibc ceiling checked) and aarch64 macOS
// (Mach-O checked) in one cargo run; the pyext cdylib (-undefined dynamic_lookup) for macOS; ring
// (C and assembly) for x86_64 musl (static, run) and x86_64 Windows (run under wine) in one cargo
// run; the CMake and bindgen fixtures for aarch64 glibc 2.17 (run under qemu).
//
// Builds are shared: one cargo run per fixture and zig, checked by several tests. The target
// directories are shared between zig versions too, so that what does not involve zig (build
// dependencies compiled for this machine: bindgen, cc) compiles once; before each version's build
// `cargo clean -p` removes the fixture's own artifacts (its C, its build script's output, its
// binaries), and the ELF checks find this zig's clang version in what was linked.

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkGlibcCeiling, e2eEnv, FIXTURES, freshDir, helloOutput, ok, RING_OUTPUT, run } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';
import { matrixZigs, type TestZig } from '../support/zig-versions.ts';

const AARCH64 = 'aarch64-unknown-linux-gnu';
const MUSL = 'x86_64-unknown-linux-musl';
const MACOS = 'aarch64-apple-darwin';
const WINDOWS = 'x86_64-pc-windows-gnu';

/** Target directories shared by every zig version, one per fixture. */
const shared = freshDir('tszig-matrix-');
const targetDir = (fixture: string): string => join(shared, fixture);

const fileType = (path: string): string => ok(run('file', ['-b', path]), `file ${path}`);
const machoHeaders = (file: string): string => ok(run('llvm-objdump-14', ['--macho', '--private-headers', file]), `llvm-objdump ${file}`);
const loadedDylibs = (headers: string): string[] => [...headers.matchAll(/cmd LC_LOAD_DYLIB\n\s+cmdsize \d+\n\s+name (\S+)/g)].map((m) => m[1] as string);

/** The clang version zig reports (`zig cc --version`), which clang writes into every ELF object's .comment. */
function clangVersion(zig: TestZig): string {
  const m = /clang version (\d+\.\d+\.\d+)/.exec(ok(run(zig.path, ['cc', '--version']), `${zig.path} cc --version`));
  assert.ok(m, `zig ${zig.version} cc --version names no clang version`);
  return m[1] as string;
}

/** Fails unless the ELF file holds code compiled by this zig's clang (so it was rebuilt with this zig). */
function builtBy(file: string, zig: TestZig): void {
  const comment = ok(run('readelf', ['-p', '.comment', file]), `readelf -p .comment ${file}`);
  assert.match(comment, new RegExp(`clang version ${clangVersion(zig).replaceAll('.', '\\.')}\\b`), `${file} holds no code from zig ${zig.version}'s clang:\n${comment}`);
}

/**
 * Known failures, per zig version: run as todo tests (reported, not failing the suite) until fixed.
 * zig 0.16.0: rustc 1.96's macOS cdylib link line fails with "unable to read exported symbols list
 * '-dead_strip'"; dropping the list (the apple-exported-symbols rules, gated to zig < 0.16) makes it
 * link, but the short link lines of test/matrix/rule-needs.ts do not reproduce the failure.
 */
const MACOS_CDYLIB_TODO: Readonly<Record<string, string>> = {
  '0.16.0': "zig 0.16.0 reads '-dead_strip' as rustc's exported symbols list (see the comment above)",
};

for (const zig of matrixZigs()) {
  describe(`zig ${zig.version}: one build and run per target family`, () => {
    const env = e2eEnv({ TSZIG_ZIG: zig.path });
    const macosTodo = MACOS_CDYLIB_TODO[zig.version];

    /** `cargo +debian tszig <args>` in a fixture with this zig, after removing the fixture's own artifacts. */
    function build(fixture: string, pkgs: readonly string[], targets: readonly string[], args: readonly string[]): { stdout: string; stderr: string } {
      const dir = targetDir(fixture);
      const bare = targets.map((t) => t.replace(/\.\d+\.\d+$/, ''));
      if (existsSync(dir)) {
        const clean = ['clean', ...pkgs.flatMap((p) => ['-p', p]), '--target-dir', dir];
        for (const t of bare) ok(run('cargo', [`+${debianToolchain()}`, ...clean, '--target', t], { cwd: join(FIXTURES, fixture), env }), `cargo clean ${pkgs.join(' ')}`);
      }
      const r = run('cargo', [`+${debianToolchain()}`, 'tszig', ...args, ...targets.flatMap((t) => ['--target', t]), '--target-dir', dir], { cwd: join(FIXTURES, fixture), env });
      ok(r, `zig ${zig.version}: cargo tszig ${args.join(' ')} in ${fixture}`);
      // A tested zig gets no "outside the tested range" warning.
      assert.doesNotMatch(r.stderr, /outside the range tszig is tested with/);
      return r;
    }

    const hello = (triple: string, file: string): string => join(targetDir('hello-cc'), triple, 'debug', file);
    const ring = (triple: string, file: string): string => join(targetDir('hello-ring'), triple, 'debug', file);

    it(`hello-cc for ${AARCH64}.2.17${macosTodo ? '' : ` and ${MACOS}`}: one cargo run`, () => {
      build('hello-cc', ['hello-cc'], macosTodo ? [`${AARCH64}.2.17`] : [`${AARCH64}.2.17`, MACOS], ['build']);
    });

    it(`${AARCH64}.2.17: runs under qemu-aarch64, glibc <= 2.17, built by this zig`, () => {
      const bin = hello(AARCH64, 'hello-cc');
      assert.match(fileType(bin), /ELF 64-bit LSB .*ARM aarch64.*dynamically linked/);
      assert.equal(ok(run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]), 'qemu-aarch64 hello-cc'), helloOutput('aarch64'));
      checkGlibcCeiling(bin, '2.17');
      const lib = hello(AARCH64, 'libhello_cc.so');
      checkGlibcCeiling(lib, '2.17');
      assert.match(ok(run('readelf', ['--dyn-syms', '-W', lib]), 'readelf'), /FUNC +GLOBAL +DEFAULT +\d+ hello_cc_sum/);
      builtBy(bin, zig);
    });

    it(`${MACOS}: Mach-O arm64, minos 11.0, libSystem only, ad-hoc signed; the cdylib exports its function`, { todo: macosTodo }, () => {
      if (macosTodo) build('hello-cc', ['hello-cc'], [MACOS], ['build']);
      const bin = hello(MACOS, 'hello-cc');
      assert.match(fileType(bin), /^Mach-O 64-bit arm64 executable/);
      const headers = machoHeaders(bin);
      assert.match(headers, /cmd LC_BUILD_VERSION\n\s+cmdsize \d+\n\s+platform macos\n\s+sdk \S+\n\s+minos 11\.0\n/);
      assert.deepEqual(loadedDylibs(headers), ['/usr/lib/libSystem.B.dylib']);
      assert.match(headers, /cmd LC_CODE_SIGNATURE/);
      const lib = hello(MACOS, 'libhello_cc.dylib');
      assert.match(machoHeaders(lib), /cmd LC_ID_DYLIB/);
      assert.match(ok(run('llvm-nm-14', ['-g', '--defined-only', lib]), 'nm'), / T _hello_cc_sum$/m);
    });

    it(`ring for ${MUSL} and ${WINDOWS}: one cargo run`, () => {
      build('hello-ring', ['ring', 'hello-ring'], [MUSL, WINDOWS], ['build']);
    });

    it(`${MUSL}: ring's program is fully static, runs here, built by this zig`, () => {
      const bin = ring(MUSL, 'hello-ring');
      assert.match(fileType(bin), /static(-pie)? linked|statically linked/);
      assert.doesNotMatch(ok(run('readelf', ['-l', bin]), 'readelf -l'), /INTERP/);
      assert.equal(ok(run(bin, []), `${MUSL} hello-ring`), RING_OUTPUT);
      builtBy(bin, zig);
    });

    it(`${WINDOWS}: ring's program runs under wine (cargo tszig run, the build above up to date)`, () => {
      assert.match(fileType(ring(WINDOWS, 'hello-ring.exe')), /^PE32\+ executable \(console\) x86-64/);
      const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'run', '--target', WINDOWS, '--target-dir', targetDir('hello-ring')], { cwd: join(FIXTURES, 'hello-ring'), env });
      ok(r, `zig ${zig.version}: cargo tszig run --target ${WINDOWS}`);
      assert.doesNotMatch(r.stderr, /Compiling/, 'cargo rebuilt what the build above built');
      assert.equal(r.stdout.replaceAll('\r\n', '\n'), RING_OUTPUT);
      assert.match(r.stderr, /Running `\S*wine /);
    });

    it(`${MACOS}: a Python-extension cdylib with -undefined dynamic_lookup leaves the Python API to the interpreter`, { todo: macosTodo }, () => {
      build('pyext', ['pyext'], [MACOS], ['build']);
      const dylib = join(targetDir('pyext'), MACOS, 'debug', 'libpyext.dylib');
      assert.match(fileType(dylib), /^Mach-O 64-bit arm64 dynamically linked shared library/);
      assert.match(ok(run('llvm-nm-14', ['-m', dylib]), 'nm -m'), /^\s+\(undefined\) external _PyLong_FromLong$/m);
      assert.match(ok(run('llvm-objdump-14', ['--macho', '--lazy-bind', '--bind', dylib]), 'bind info'), /flat-namespace\s+_PyLong_FromLong/);
    });

    it(`${AARCH64}.2.17: the cmake crate with tszig's toolchain file; runs under qemu`, () => {
      build('hello-cmake', ['hello-cmake'], [`${AARCH64}.2.17`], ['build']);
      const bin = join(targetDir('hello-cmake'), AARCH64, 'debug', 'hello-cmake');
      const out = ok(run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]), 'qemu-aarch64 hello-cmake');
      assert.equal(out, 'cmake: system Linux aarch64, cross TRUE, getauxval yes, zlib not found\npage size > 0: true\n');
      checkGlibcCeiling(bin, '2.17');
      // The C library CMake built came from this zig (the build directory is the fixture's, rebuilt).
      const build_ = readdirSync(join(targetDir('hello-cmake'), AARCH64, 'debug', 'build')).find((d) => existsSync(join(targetDir('hello-cmake'), AARCH64, 'debug', 'build', d, 'out', 'lib', 'libcmhello.a')));
      assert.ok(build_, 'libcmhello.a not found');
      builtBy(join(targetDir('hello-cmake'), AARCH64, 'debug', 'build', build_, 'out', 'lib', 'libcmhello.a'), zig);
    });

    it(`${AARCH64}.2.17: bindgen reads this zig's glibc 2.17 headers; runs under qemu`, () => {
      build('hello-bindgen', ['hello-bindgen'], [`${AARCH64}.2.17`], ['build']);
      const bin = join(targetDir('hello-bindgen'), AARCH64, 'debug', 'hello-bindgen');
      assert.equal(ok(run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]), 'qemu-aarch64 hello-bindgen'), 'headers: glibc 2.17\nuname: 0 Linux\nmachine: aarch64\n');
      checkGlibcCeiling(bin, '2.17');
    });
  });
}

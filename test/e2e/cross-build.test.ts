// `cargo tszig build` on a crate whose build script compiles C and C++ with the cc crate, with a
// cdylib and a proc-macro, for three targets; the results are run (natively or under qemu-user)
// and their glibc symbol versions checked. Each target is built once and checked in one test.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkGlibcCeiling, e2eEnv, FIXTURES, freshDir, helloOutput, highestGlibc, ok, run, versionAtMost } from '../support/e2e.ts';
import { debianRustc, debianToolchain } from '../support/toolchain.ts';

const FIXTURE = join(FIXTURES, 'hello-cc');

function fileType(path: string): string {
  return ok(run('file', ['-b', path]), `file ${path}`);
}

describe('cargo tszig build', () => {
  it('x86_64-unknown-linux-gnu.2.17: runs here, glibc <= 2.17, host artifacts linked for the host', () => {
    const targetDir = freshDir('tszig-x86_64-');
    const r = run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--target-dir', targetDir], { cwd: FIXTURE, env: e2eEnv() });
    ok(r, 'cargo tszig build');
    const out = join(targetDir, 'x86_64-unknown-linux-gnu', 'debug');
    const bin = join(out, 'hello-cc');
    assert.equal(ok(run(bin, []), bin), helloOutput('x86_64'));
    checkGlibcCeiling(bin, '2.17');

    // The cdylib: loads in a real process and its export works.
    const lib = join(out, 'libhello_cc.so');
    checkGlibcCeiling(lib, '2.17');
    const py = run('python3', ['-c', `import ctypes; print(ctypes.CDLL(${JSON.stringify(lib)}).hello_cc_sum(2, 3))`]);
    assert.equal(ok(py, 'load cdylib').trim(), '5');

    // Build scripts and proc-macros run on the host and are linked by the host toolchain (against
    // the host's own glibc), not pinned to 2.17.
    const buildDir = join(targetDir, 'debug', 'build');
    const scripts = readdirSync(buildDir)
      .filter((d) => d.startsWith('hello-cc-'))
      .map((d) => join(buildDir, d, 'build-script-build'))
      .filter((f) => existsSync(f));
    assert.ok(scripts.length > 0, 'build script not found');
    const hostGlibc = highestGlibc(scripts[0] as string) ?? '';
    assert.ok(!versionAtMost(hostGlibc, '2.17'), `build script linked against GLIBC_${hostGlibc}: zig's pinned glibc leaked into host artifacts`);
    const macro = readdirSync(join(targetDir, 'debug', 'deps')).find((f) => /^libhello_cc_macros-.*\.so$/.test(f));
    assert.ok(macro, 'proc-macro library not found');
  });

  // Shared with the --dist test below, which finds the aarch64 build up to date.
  const releaseDir = freshDir('tszig-release-');
  const releaseEnv = e2eEnv();

  it('aarch64-unknown-linux-gnu.2.17 through `cargo +toolchain`: runs under qemu-aarch64, glibc <= 2.17', () => {
    const targetDir = releaseDir;
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--release', '--target', 'aarch64-unknown-linux-gnu.2.17', '--target-dir', targetDir], {
      cwd: FIXTURE,
      env: releaseEnv,
    });
    ok(r, 'cargo +toolchain tszig build');
    const out = join(targetDir, 'aarch64-unknown-linux-gnu', 'release');
    const bin = join(out, 'hello-cc');
    assert.match(fileType(bin), /ELF 64-bit LSB .*ARM aarch64.*dynamically linked/);
    const ran = run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]);
    assert.equal(ok(ran, 'qemu-aarch64 hello-cc'), helloOutput('aarch64'));
    checkGlibcCeiling(bin, '2.17');
    const lib = join(out, 'libhello_cc.so');
    assert.match(fileType(lib), /ELF 64-bit LSB shared object, ARM aarch64/);
    assert.match(ok(run('readelf', ['--dyn-syms', '-W', lib]), 'readelf'), /FUNC +GLOBAL +DEFAULT +\d+ hello_cc_sum/);
    checkGlibcCeiling(lib, '2.17');
  });

  it('armv7-unknown-linux-gnueabihf through RUSTC, sh shims (glibc floor by default): runs under qemu-arm', () => {
    const targetDir = freshDir('tszig-armv7-');
    const r = run('cargo', ['tszig', 'build', '--target', 'armv7-unknown-linux-gnueabihf', '--target-dir', targetDir], {
      cwd: FIXTURE,
      env: e2eEnv({ RUSTC: debianRustc(), TSZIG_SHIM: 'sh' }),
    });
    ok(r, 'RUSTC=… TSZIG_SHIM=sh cargo tszig build');
    const out = join(targetDir, 'armv7-unknown-linux-gnueabihf', 'debug');
    const bin = join(out, 'hello-cc');
    assert.match(fileType(bin), /ELF 32-bit LSB .*ARM, EABI5.*dynamically linked, interpreter \/lib\/ld-linux-armhf\.so\.3/);
    const ran = run('qemu-arm', ['-L', '/usr/arm-linux-gnueabihf', bin]);
    assert.equal(ok(ran, 'qemu-arm hello-cc'), helloOutput('arm'));
    checkGlibcCeiling(bin, '2.17');
    // The C the shim compiled matches rustc's armv7 baseline: VFPv3-D16, hard-float calls.
    // (The executable's own attributes come from zig's Scrt1.o, its first input, so look at the object.)
    const build = readdirSync(join(out, 'build')).find((d) => existsSync(join(out, 'build', d, 'out', 'libanswer.a')));
    assert.ok(build, 'libanswer.a not found');
    const attrs = ok(run('readelf', ['-A', join(out, 'build', build, 'out', 'libanswer.a')]), 'readelf -A');
    assert.match(attrs, /Tag_FP_arch: VFPv3-D16/);
    assert.match(attrs, /Tag_ABI_VFP_args: VFP registers/);
    assert.doesNotMatch(attrs, /NEON/);
  });

  it('--dist --no-reproducible: one run per target, each target\'s executable and cdylib copied under its platform name, archives and SHA256SUMS', () => {
    const dist = join(freshDir('tszig-dist-'), 'out');
    const r = run(
      'cargo',
      [`+${debianToolchain()}`, 'tszig', 'build', '--release', '--target', 'aarch64-unknown-linux-gnu.2.17', '--dist', dist, '--target', 'x86_64-unknown-linux-gnu.2.17', '--target-dir', releaseDir, '--no-reproducible'],
      { cwd: FIXTURE, env: releaseEnv },
    );
    ok(r, 'cargo tszig build --dist');
    const tree = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    assert.deepEqual(tree(dist), [
      '.tszig-dist.json',
      'SHA256SUMS',
      'hello-cc-0.1.0-linux_amd64.tar.gz',
      'hello-cc-0.1.0-linux_arm64.tar.gz',
      'linux_amd64',
      'linux_amd64/hello-cc',
      'linux_amd64/libhello_cc.so',
      'linux_arm64',
      'linux_arm64/hello-cc',
      'linux_arm64/libhello_cc.so',
    ]);
    assert.equal(run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dist }).status, 0);
    for (const [platform, triple] of [['linux_amd64', 'x86_64-unknown-linux-gnu'], ['linux_arm64', 'aarch64-unknown-linux-gnu']] as const) {
      for (const f of ['hello-cc', 'libhello_cc.so']) {
        assert.ok(readFileSync(join(dist, platform, f)).equals(readFileSync(join(releaseDir, triple, 'release', f))), `${platform}/${f} differs from cargo's`);
      }
    }
    assert.equal(ok(run(join(dist, 'linux_amd64', 'hello-cc'), []), 'dist x86_64 hello-cc'), helloOutput('x86_64'));
    checkGlibcCeiling(join(dist, 'linux_arm64', 'hello-cc'), '2.17');
    // Cargo's JSON went to tszig, not to the terminal; the summary names both runs.
    assert.doesNotMatch(r.stdout, /"reason"/);
    assert.match(r.stderr, /linux_arm64 +hello-cc, libhello_cc\.so +\d/);
    assert.match(r.stderr, /linux_amd64 +hello-cc, libhello_cc\.so +\d/);
    // The aarch64 build from the test above was up to date (--no-reproducible keeps its rustflags):
    // cargo did not compile it again.
    assert.doesNotMatch(r.stderr.split('building x86_64')[0] ?? '', /Compiling hello-cc/);
  });
});

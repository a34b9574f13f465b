// Every target family from one Linux machine: musl (static, run under qemu, ARMv6 on an ARM1176),
// riscv64 glibc, Windows (run under wine, ring's assembly, raw-dylib), macOS and universal2
// (Mach-O inspected), FreeBSD (inspected), `cargo tszig test` through the automatic runner, and
// the errors for targets nothing here can run. Targets share cargo runs where they can.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, helloOutput, highestGlibc, ok, RING_OUTPUT, run, versionAtMost } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const HELLO = join(FIXTURES, 'hello-cc');
const RING = join(FIXTURES, 'hello-ring');

const fileType = (path: string): string => ok(run('file', ['-b', path]), `file ${path}`);

/** `cargo +debian tszig <args>` in a fixture; fails with everything printed. */
function cargo(cwd: string, args: readonly string[], env = e2eEnv()): { stdout: string; stderr: string } {
  const r = run('cargo', [`+${debianToolchain()}`, 'tszig', ...args], { cwd, env });
  ok(r, `cargo tszig ${args.join(' ')}`);
  return r;
}

describe('musl: static binaries, run under qemu-user', () => {
  const targetDir = freshDir('tszig-musl-');
  const targets = [
    { rust: 'x86_64-unknown-linux-musl', arch: 'x86_64', run: [] as string[] },
    { rust: 'aarch64-unknown-linux-musl', arch: 'aarch64', run: ['qemu-aarch64'] },
    { rust: 'armv7-unknown-linux-musleabihf', arch: 'arm', run: ['qemu-arm'] },
    // A Raspberry Pi 1 / Zero CPU: an ARMv7 instruction in the binary would stop it here.
    { rust: 'arm-unknown-linux-musleabihf', arch: 'arm', run: ['qemu-arm', '-cpu', 'arm1176'] },
    { rust: 'i686-unknown-linux-musl', arch: 'x86', run: ['qemu-i386'] },
    { rust: 'riscv64gc-unknown-linux-musl', arch: 'riscv64', run: ['qemu-riscv64'] },
  ];

  it(`one cargo run builds hello-cc for ${targets.length} musl targets`, () => {
    cargo(HELLO, ['build', ...targets.flatMap((t) => ['--target', t.rust]), '--target-dir', targetDir]);
  });

  for (const t of targets) {
    it(`${t.rust}: fully static, runs${t.run.length ? ` under ${t.run.join(' ')}` : ' here'}`, () => {
      const bin = join(targetDir, t.rust, 'debug', 'hello-cc');
      assert.match(fileType(bin), /static(-pie)? linked|statically linked/);
      assert.doesNotMatch(ok(run('readelf', ['-l', bin]), 'readelf -l'), /INTERP/, 'a static binary has no program interpreter');
      const [cmd, ...args] = t.run.length ? t.run : [bin];
      assert.equal(ok(run(cmd as string, t.run.length ? [...args, bin] : []), `${t.rust} hello-cc`), helloOutput(t.arch));
    });
  }
});

describe('cargo tszig test through the automatic runner', () => {
  it('aarch64 gnu and musl: the test binaries run under qemu without any runner configured', () => {
    // -v: cargo shows the runner command line it runs each test binary with.
    const r = cargo(HELLO, ['test', '-v', '--lib', '--target', 'aarch64-unknown-linux-gnu', '--target', 'aarch64-unknown-linux-musl', '--target-dir', freshDir('tszig-test-')]);
    const runs = r.stderr.match(/Running .*qemu-aarch64.*/g) ?? [];
    assert.equal(runs.length, 2, r.stderr);
    assert.match(runs[0] ?? '', /qemu-aarch64 -L \/usr\/aarch64-linux-gnu .*aarch64-unknown-linux-gnu/);
    assert.doesNotMatch(runs[1] ?? '', / -L /);
    assert.equal(r.stdout.match(/test result: ok\. 4 passed; 0 failed/g)?.length, 2, r.stdout);
  });

  it('a runner the user configured wins', () => {
    const env = e2eEnv({ CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUNNER: 'env TSZIG_TEST_MARK=1 qemu-aarch64' });
    const r = cargo(HELLO, ['test', '-v', '--lib', '--target', 'aarch64-unknown-linux-musl', '--target-dir', freshDir('tszig-test-own-')], env);
    assert.match(r.stderr, /Running `env TSZIG_TEST_MARK=1 qemu-aarch64 /);
    assert.match(r.stdout, /test result: ok\. 4 passed/);
  });
});

describe('riscv64 glibc', () => {
  it('riscv64gc-unknown-linux-gnu: runs under qemu-riscv64 with glibc <= 2.27', () => {
    const targetDir = freshDir('tszig-riscv64-');
    cargo(HELLO, ['build', '--target', 'riscv64gc-unknown-linux-gnu', '--target-dir', targetDir]);
    const bin = join(targetDir, 'riscv64gc-unknown-linux-gnu', 'debug', 'hello-cc');
    assert.match(fileType(bin), /ELF 64-bit LSB .*UCB RISC-V.*double-float ABI.*dynamically linked/);
    assert.equal(ok(run('qemu-riscv64', ['-L', '/usr/riscv64-linux-gnu', bin]), 'qemu-riscv64'), helloOutput('riscv64'));
    assert.ok(versionAtMost(highestGlibc(bin) ?? '9', '2.27'));
  });
});

describe('Windows GNU', () => {
  it('x86_64-pc-windows-gnu: cargo tszig run runs hello-cc under wine (C, C++, raw-dylib)', () => {
    const r = cargo(HELLO, ['run', '--target', 'x86_64-pc-windows-gnu', '--target-dir', freshDir('tszig-win64-')]);
    assert.equal(r.stdout.replaceAll('\r\n', '\n'), helloOutput('x86_64', true));
    assert.match(r.stderr, /Running `\S*wine /);
  });

  it('x86_64-pc-windows-gnu: ring (C and assembly) builds and runs under wine', () => {
    const r = cargo(RING, ['run', '--release', '--target', 'x86_64-pc-windows-gnu', '--target-dir', freshDir('tszig-ring-win-')]);
    assert.equal(r.stdout.replaceAll('\r\n', '\n'), RING_OUTPUT);
  });

  it('aarch64-unknown-linux-gnu: ring runs under qemu too', () => {
    const r = cargo(RING, ['run', '--target', 'aarch64-unknown-linux-gnu', '--target-dir', freshDir('tszig-ring-a64-')]);
    assert.equal(r.stdout, RING_OUTPUT);
  });

  it('i686-pc-windows-gnu and aarch64-pc-windows-gnullvm build; PE headers match the target', () => {
    const targetDir = freshDir('tszig-win-other-');
    cargo(HELLO, ['build', '--target', 'i686-pc-windows-gnu', '--target', 'aarch64-pc-windows-gnullvm', '--target-dir', targetDir]);
    assert.match(fileType(join(targetDir, 'i686-pc-windows-gnu', 'debug', 'hello-cc.exe')), /^PE32 executable \(console\) Intel 80386/);
    assert.match(fileType(join(targetDir, 'i686-pc-windows-gnu', 'debug', 'hello_cc.dll')), /^PE32 executable \(DLL\).*Intel 80386/);
    assert.match(fileType(join(targetDir, 'aarch64-pc-windows-gnullvm', 'debug', 'hello-cc.exe')), /^PE32\+ executable \(console\) Aarch64/);
  });

  it('i686-pc-windows-gnu without wine32: `run` stops before building and says what to install', { skip: existsSync('/usr/lib/wine/wine') && 'wine32 is installed here' }, () => {
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'run', '--target', 'i686-pc-windows-gnu'], { cwd: HELLO, env: e2eEnv() });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot run i686-pc-windows-gnu programs here: wine here cannot run 32-bit programs \(no wine32\)/);
    assert.match(r.stderr, /hint: install wine with 32-bit support .*apt-get install wine32:i386/);
  });
});

describe('macOS', () => {
  const targetDir = freshDir('tszig-macos-');
  const objdump = (file: string): string => ok(run('llvm-objdump-14', ['--macho', '--private-headers', file]), `llvm-objdump ${file}`);
  const dylibs = (headers: string): string[] => [...headers.matchAll(/cmd LC_LOAD_DYLIB\n\s+cmdsize \d+\n\s+name (\S+)/g)].map((m) => m[1] as string);

  it('universal2-apple-darwin --release: both macOS targets built, stripped, and merged into fat files', () => {
    cargo(HELLO, ['build', '--release', '--target', 'universal2-apple-darwin', '--target-dir', targetDir]);
    const fat = join(targetDir, 'universal2-apple-darwin', 'release');
    for (const f of ['hello-cc', 'libhello_cc.dylib']) {
      assert.match(ok(run('llvm-lipo-14', ['-info', join(fat, f)]), 'lipo -info'), /Architectures in the fat file: .* are: x86_64 arm64/);
      assert.match(fileType(join(fat, f)), /^Mach-O universal binary with 2 architectures/);
      // Each slice is the thin file cargo built, byte for byte.
      for (const [lipoArch, triple] of [['x86_64', 'x86_64-apple-darwin'], ['arm64', 'aarch64-apple-darwin']] as const) {
        const thin = join(freshDir('tszig-thin-'), f);
        ok(run('llvm-lipo-14', [join(fat, f), '-thin', lipoArch, '-output', thin]), 'lipo -thin');
        assert.ok(readFileSync(thin).equals(readFileSync(join(targetDir, triple, 'release', f))), `${lipoArch} slice of ${f} differs from cargo's`);
      }
    }
  });

  // The minimum OS: macOS before 10.14 is named by LC_VERSION_MIN_MACOSX, later ones by LC_BUILD_VERSION.
  const targets = [
    ['x86_64-apple-darwin', 'x86_64', '10.12', /cmd LC_VERSION_MIN_MACOSX\n\s+cmdsize \d+\n\s+version 10\.12\n/],
    ['aarch64-apple-darwin', 'arm64', '11.0', /cmd LC_BUILD_VERSION\n\s+cmdsize \d+\n\s+platform macos\n\s+sdk \S+\n\s+minos 11\.0\n/],
  ] as const;
  for (const [triple, arch, minos, minosCommand] of targets) {
    it(`${triple}: Mach-O for ${arch}, minos ${minos}, libSystem only${arch === 'arm64' ? ', ad-hoc signed' : ''}`, () => {
      const bin = join(targetDir, triple, 'release', 'hello-cc');
      assert.match(fileType(bin), new RegExp(`^Mach-O 64-bit ${arch === 'arm64' ? 'arm64' : 'x86_64'} executable`));
      const headers = objdump(bin);
      assert.match(headers, minosCommand);
      assert.deepEqual(dylibs(headers), ['/usr/lib/libSystem.B.dylib']);
      if (arch === 'arm64') assert.match(headers, /cmd LC_CODE_SIGNATURE/);
      const lib = objdump(join(targetDir, triple, 'release', 'libhello_cc.dylib'));
      assert.match(lib, /cmd LC_ID_DYLIB/);
      assert.match(ok(run('llvm-nm-14', ['-g', '--defined-only', join(targetDir, triple, 'release', 'libhello_cc.dylib')]), 'nm'), / T _hello_cc_sum$/m);
    });
  }

  it('a Python-extension cdylib with -undefined dynamic_lookup leaves the Python API to the interpreter', () => {
    const dir = freshDir('tszig-pyext-');
    cargo(join(FIXTURES, 'pyext'), ['build', '--target', 'aarch64-apple-darwin', '--target', 'x86_64-unknown-linux-gnu.2.17', '--target-dir', dir]);
    const dylib = join(dir, 'aarch64-apple-darwin', 'debug', 'libpyext.dylib');
    assert.match(ok(run('llvm-nm-14', ['-m', dylib]), 'nm -m'), /^\s+\(undefined\) external _PyLong_FromLong$/m);
    // Bound through the flat namespace: looked up in whatever the process loaded (the interpreter).
    assert.match(ok(run('llvm-objdump-14', ['--macho', '--lazy-bind', '--bind', dylib]), 'bind info'), /flat-namespace\s+_PyLong_FromLong/);
    // The same crate for Linux, loaded by a real Python, which provides PyLong_FromLong.
    const so = join(dir, 'x86_64-unknown-linux-gnu', 'debug', 'libpyext.so');
    const py = `import ctypes; f = ctypes.PyDLL(${JSON.stringify(so)}).pyext_answer; f.restype = ctypes.py_object; print(f())`;
    assert.equal(ok(run('python3', ['-c', py]), 'python3 loads pyext').trim(), '42');
  });
});

describe('FreeBSD', () => {
  it('x86_64-unknown-freebsd: hello-cc builds as a FreeBSD executable', () => {
    const targetDir = freshDir('tszig-freebsd-');
    cargo(HELLO, ['build', '--target', 'x86_64-unknown-freebsd', '--target-dir', targetDir]);
    assert.match(fileType(join(targetDir, 'x86_64-unknown-freebsd', 'debug', 'hello-cc')), /ELF 64-bit LSB .*x86-64.*FreeBSD/);
  });
});

describe('targets nothing here runs', () => {
  it('run, test and bench stop before building and name what to install; build and test --no-run still work', () => {
    const env = e2eEnv();
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'test', '--target', 'x86_64-apple-darwin', '--target', 'x86_64-unknown-freebsd'], { cwd: HELLO, env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /2 problems:/);
    assert.match(r.stderr, /cannot run x86_64-apple-darwin programs here: macOS programs cannot run on this machine/);
    assert.match(r.stderr, /cannot run x86_64-unknown-freebsd programs here/);
    assert.match(r.stderr, /--no-run/);
    const plan = ok(run('cargo', [`+${debianToolchain()}`, 'tszig', 'test', '--no-run', '--target', 'x86_64-apple-darwin', '--print-plan'], { cwd: HELLO, env }), 'test --no-run plan');
    assert.doesNotMatch(plan, /_RUNNER=/);
  });
});

describe('wasm32-wasip1', () => {
  it('C compiles to WebAssembly through the shim; rustc is left to link', () => {
    const dir = freshDir('tszig-wasm-');
    const env = e2eEnv();
    ok(run('sh', ['-c', `printf 'int twice(int x) { return 2 * x; }\\n' > a.c && tszig cc --target wasm32-wasip1 -- -O2 -c a.c -o a.o`], { cwd: dir, env }), 'tszig cc wasm');
    assert.match(fileType(join(dir, 'a.o')), /WebAssembly \(wasm\) binary module/);
    const vars = JSON.parse(ok(run('tszig', ['env', '--format', 'json', '--target', 'wasm32-wasip1'], { env }), 'tszig env')) as Record<string, string>;
    assert.ok(vars.CC_wasm32_wasip1);
    assert.equal(vars.CARGO_TARGET_WASM32_WASIP1_LINKER, undefined);
  });
});

// A crate's own CPU flags tell the truth (issue 14): fixtures/cpu-features probes a feature the way
// SIMD crates do, through cc-rs in a build script and through CMake's check_c_source_compiles, and
// builds the feature-specific C the answer picks. aarch64 (-march=armv8-a+crc, which must keep the
// target's baseline CPU: apple_m1 on macOS), armv7 (-mfpu=neon over a baseline without NEON) and
// riscv64 (-march=rv64gcv; an extension zig cannot name must fail the check). The programs run under
// qemu where it exists; the macOS ones are checked as Mach-O. One build per fixture and target.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, ok, run } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const FIXTURE = join(FIXTURES, 'cpu-features');

interface Case {
  readonly target: string;
  /** How to run the target's programs here; undefined: Mach-O, checked only. */
  readonly runner?: readonly string[];
  /** What the cc-rs and CMake probes print, and what the feature code computes. */
  readonly cc: readonly string[];
  readonly cmake: readonly string[];
}

const CASES: readonly Case[] = [
  {
    target: 'aarch64-unknown-linux-gnu.2.17',
    runner: ['qemu-aarch64', '-L', '/usr/aarch64-linux-gnu'],
    cc: ['cc crc: flag yes, intrinsics yes', 'crc32(123456789) = cbf43926, compiled for: crc neon'],
    cmake: ['cmake crc: yes', 'crc32(123456789) = cbf43926, compiled for: crc neon'],
  },
  {
    // zig's baseline for macOS is apple_m1: a generic ARMv8-A would lose dot product and SHA-3.
    target: 'aarch64-apple-darwin',
    cc: ['cc crc: flag yes, intrinsics yes', 'crc dotprod sha3 neon'],
    cmake: ['crc dotprod sha3 neon'],
  },
  {
    target: 'armv7-unknown-linux-gnueabihf',
    runner: ['qemu-arm', '-L', '/usr/arm-linux-gnueabihf'],
    cc: ['cc neon: flag yes, intrinsics yes', 'neon sum(1..=100) = 5050'],
    cmake: ['cmake neon: yes', 'neon sum(1..=100) = 5050'],
  },
  {
    // qemu 7.2 leaves the vector extension off unless asked.
    target: 'riscv64gc-unknown-linux-gnu',
    runner: ['qemu-riscv64', '-cpu', 'rv64,v=true,vlen=128,vext_spec=v1.0', '-L', '/usr/riscv64-linux-gnu'],
    cc: ['cc rvv: flag yes, intrinsics yes', 'cc xtheadvector: flag no, intrinsics no', 'rvv sum(1..=100) = 5050'],
    cmake: ['cmake rvv: yes', 'rvv sum(1..=100) = 5050', 'cmake xtheadvector: no'],
  },
];

const rust = (target: string): string => target.replace(/\.\d[\d.]*$/, '');

/**
 * Checks what a program says: its output lines, run here under qemu; for Mach-O, which cannot run
 * here, the strings it holds (the probe report and the C feature list are literals in it).
 */
function says(c: Case, program: string, want: readonly string[]): void {
  if (c.runner) {
    const [cmd, ...args] = c.runner as [string, ...string[]];
    const out = ok(run(cmd, [...args, program]), `${cmd} ${program}`);
    for (const line of want) assert.ok(out.split('\n').includes(line), `missing ${JSON.stringify(line)} in:\n${out}`);
    return;
  }
  assert.match(ok(run('file', ['-b', program]), 'file'), /^Mach-O 64-bit arm64 executable/);
  const bytes = readFileSync(program).toString('latin1');
  for (const text of want) assert.ok(bytes.includes(text), `${program} holds no ${JSON.stringify(text)}`);
}

// One target directory for all four: the build script and the cc crate are compiled for the host once.
const targetDir = freshDir('tszig-cpu-');

for (const c of CASES) {
  describe(`CPU feature checks for ${c.target}`, () => {
    const env = e2eEnv({ RUSTUP_TOOLCHAIN: debianToolchain() });
    let cargoProgram = '';
    let cmakeProgram = '';
    let cmakeLog = '';

    before(() => {
      ok(run('cargo', ['tszig', 'build', '--target', c.target, '--target-dir', targetDir], { cwd: FIXTURE, env }), `cargo tszig build --target ${c.target}`);
      cargoProgram = join(targetDir, rust(c.target), 'debug', 'cpu-features');

      const build = freshDir('tszig-cpu-cmake-');
      const variable = `CMAKE_TOOLCHAIN_FILE_${rust(c.target).replaceAll('-', '_')}`;
      const script = [
        'set -e',
        `eval "$(tszig env --target ${c.target})"`,
        `cmake -S '${join(FIXTURE, 'cmake')}' -B '${build}' -DCMAKE_TOOLCHAIN_FILE="$${variable}"`,
        `cmake --build '${build}'`,
      ].join('\n');
      cmakeLog = ok(run('sh', ['-c', script], { env }), 'cmake configure and build');
      cmakeProgram = join(build, 'features');
    });

    it('cc-rs: the probe says yes, and the feature code builds and computes the right answer', () => {
      says(c, cargoProgram, c.cc);
      // zig >= 0.16 wrote an empty a.o into the crate on cc-rs's `cc --version` for macOS targets.
      assert.ok(!existsSync(join(FIXTURE, 'a.o')), 'the build left a.o in the crate\'s directory');
    });

    it('CMake: check_c_source_compiles says yes, and the feature code builds and computes the right answer', () => {
      assert.match(cmakeLog, /Performing Test HAVE_FEATURE - Success/);
      if (c.target.startsWith('riscv64')) assert.match(cmakeLog, /Performing Test HAVE_XTHEADVECTOR - Failed/);
      says(c, cmakeProgram, c.cmake);
    });
  });
}

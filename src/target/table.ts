// The target table: every Rust triple tszig knows, how it maps onto Zig, and how to run its programs.

export type TargetOs = 'linux' | 'windows' | 'macos' | 'freebsd' | 'wasi';
export type Libc = 'glibc' | 'musl' | 'mingw' | 'darwin' | 'freebsd' | 'wasi';

export interface TargetSpec {
  /** Rust target triple as rustc and cargo spell it. */
  readonly rust: string;
  /** Zig `-target` triple, without any OS or glibc version. */
  readonly zig: string;
  /** Zig's architecture name (first component of `zig`). */
  readonly arch: string;
  readonly os: TargetOs;
  readonly libc: Libc;
  /**
   * Zig `-mcpu` baked into every call, matching rustc's baseline CPU and features for the target
   * (zig's own baseline differs for these). Absent: zig's baseline already matches.
   */
  readonly cpu?: string;
  /**
   * Lowest glibc the target can use: Rust's floor is 2.17; Zig raises it for newer ports
   * (`glibc_min` in zig's lib/std/zig/target.zig).
   */
  readonly glibcFloor?: string;
  /** macOS: the deployment target rustc uses by default (MACOSX_DEPLOYMENT_TARGET overrides). */
  readonly macosMin?: string;
  /** qemu-user program that runs the target's Linux binaries on another architecture. */
  readonly qemu?: string;
  /**
   * qemu's CPU model for the target's baseline, where qemu's default (its newest CPU) would hide
   * instructions the real devices lack: ARMv6 targets run on an ARM1176 (Raspberry Pi 1 / Zero).
   * Not for arm-unknown-linux-gnueabihf: Debian's armhf glibc, which qemu loads, is ARMv7 code.
   */
  readonly qemuCpu?: string;
  /** Debian architecture of the target, naming the packages that run it (libc6-<arch>-cross). */
  readonly debianArch?: string;
  /** Whether rustc links the target itself (rust-lld): tszig then provides only the C tools. */
  readonly rustLinks?: boolean;
  /** Something users should know: shown by `tszig targets`. */
  readonly caveat?: string;
  /**
   * Directory name for `--dist`: docker's <os>_<arch>[_<variant>] (linux_arm64, linux_arm_v7), with
   * a suffix where two triples would share one (musl, soft-float, gnullvm).
   */
  readonly platform: string;
}

const GLIBC = '2.17';
const ARMV7 = 'generic+v7a+vfp3-d32+thumb2-neon'; // rustc: +v7,+vfp3,-d32,+thumb2,-neon
const ARMV6_HF = 'generic+v6+strict_align+vfp2-d32'; // rustc: +strict-align,+v6,+vfp2,-d32
const ARMV6 = 'generic+v6+strict_align'; // rustc: +strict-align,+v6
const RV64GC = 'generic_rv64+m+a+f+d+c'; // rustc: generic-rv64 with +m,+a,+f,+d,+c (lp64d)

export const TARGETS = [
  // Linux, glibc
  { rust: 'x86_64-unknown-linux-gnu', platform: 'linux_amd64', zig: 'x86_64-linux-gnu', arch: 'x86_64', os: 'linux', libc: 'glibc', glibcFloor: GLIBC, qemu: 'qemu-x86_64', debianArch: 'amd64' },
  { rust: 'aarch64-unknown-linux-gnu', platform: 'linux_arm64', zig: 'aarch64-linux-gnu', arch: 'aarch64', os: 'linux', libc: 'glibc', glibcFloor: GLIBC, qemu: 'qemu-aarch64', debianArch: 'arm64' },
  { rust: 'armv7-unknown-linux-gnueabihf', platform: 'linux_arm_v7', zig: 'arm-linux-gnueabihf', arch: 'arm', os: 'linux', libc: 'glibc', cpu: ARMV7, glibcFloor: GLIBC, qemu: 'qemu-arm', debianArch: 'armhf' },
  // rustc: +v7,+thumb2,+soft-float,-neon
  { rust: 'armv7-unknown-linux-gnueabi', platform: 'linux_arm_v7_softfloat', zig: 'arm-linux-gnueabi', arch: 'arm', os: 'linux', libc: 'glibc', cpu: 'generic+v7a+thumb2+soft_float-neon', glibcFloor: GLIBC, qemu: 'qemu-arm', debianArch: 'armel' },
  // Raspberry Pi 1 / Zero (armv6)
  { rust: 'arm-unknown-linux-gnueabihf', platform: 'linux_arm_v6', zig: 'arm-linux-gnueabihf', arch: 'arm', os: 'linux', libc: 'glibc', cpu: ARMV6_HF, glibcFloor: GLIBC, qemu: 'qemu-arm', debianArch: 'armhf' },
  { rust: 'arm-unknown-linux-gnueabi', platform: 'linux_arm_v6_softfloat', zig: 'arm-linux-gnueabi', arch: 'arm', os: 'linux', libc: 'glibc', cpu: ARMV6, glibcFloor: GLIBC, qemu: 'qemu-arm', qemuCpu: 'arm1176', debianArch: 'armel' },
  { rust: 'i686-unknown-linux-gnu', platform: 'linux_386', zig: 'x86-linux-gnu', arch: 'x86', os: 'linux', libc: 'glibc', cpu: 'pentium4', glibcFloor: GLIBC, qemu: 'qemu-i386', debianArch: 'i386' },
  { rust: 'i586-unknown-linux-gnu', platform: 'linux_386_i586', zig: 'x86-linux-gnu', arch: 'x86', os: 'linux', libc: 'glibc', cpu: 'pentium', glibcFloor: GLIBC, qemu: 'qemu-i386', debianArch: 'i386' },
  { rust: 'riscv64gc-unknown-linux-gnu', platform: 'linux_riscv64', zig: 'riscv64-linux-gnu', arch: 'riscv64', os: 'linux', libc: 'glibc', cpu: RV64GC, glibcFloor: '2.27', qemu: 'qemu-riscv64', debianArch: 'riscv64' },
  { rust: 'powerpc64le-unknown-linux-gnu', platform: 'linux_ppc64le', zig: 'powerpc64le-linux-gnu', arch: 'powerpc64le', os: 'linux', libc: 'glibc', glibcFloor: '2.19', qemu: 'qemu-ppc64le', debianArch: 'ppc64el' },
  // rustc's baseline is z10, which is zig's baseline too.
  { rust: 's390x-unknown-linux-gnu', platform: 'linux_s390x', zig: 's390x-linux-gnu', arch: 's390x', os: 'linux', libc: 'glibc', glibcFloor: GLIBC, qemu: 'qemu-s390x', debianArch: 's390x' },
  { rust: 'loongarch64-unknown-linux-gnu', platform: 'linux_loong64', zig: 'loongarch64-linux-gnu', arch: 'loongarch64', os: 'linux', libc: 'glibc', glibcFloor: '2.36', qemu: 'qemu-loongarch64', debianArch: 'loong64' },

  // Linux, musl: static executables; zig provides musl, its CRT objects and libc++.
  { rust: 'x86_64-unknown-linux-musl', platform: 'linux_amd64_musl', zig: 'x86_64-linux-musl', arch: 'x86_64', os: 'linux', libc: 'musl', qemu: 'qemu-x86_64' },
  { rust: 'aarch64-unknown-linux-musl', platform: 'linux_arm64_musl', zig: 'aarch64-linux-musl', arch: 'aarch64', os: 'linux', libc: 'musl', qemu: 'qemu-aarch64' },
  { rust: 'armv7-unknown-linux-musleabihf', platform: 'linux_arm_v7_musl', zig: 'arm-linux-musleabihf', arch: 'arm', os: 'linux', libc: 'musl', cpu: ARMV7, qemu: 'qemu-arm' },
  { rust: 'arm-unknown-linux-musleabihf', platform: 'linux_arm_v6_musl', zig: 'arm-linux-musleabihf', arch: 'arm', os: 'linux', libc: 'musl', cpu: ARMV6_HF, qemu: 'qemu-arm', qemuCpu: 'arm1176' },
  { rust: 'arm-unknown-linux-musleabi', platform: 'linux_arm_v6_musl_softfloat', zig: 'arm-linux-musleabi', arch: 'arm', os: 'linux', libc: 'musl', cpu: ARMV6, qemu: 'qemu-arm', qemuCpu: 'arm1176' },
  { rust: 'i686-unknown-linux-musl', platform: 'linux_386_musl', zig: 'x86-linux-musl', arch: 'x86', os: 'linux', libc: 'musl', cpu: 'pentium4', qemu: 'qemu-i386' },
  { rust: 'riscv64gc-unknown-linux-musl', platform: 'linux_riscv64_musl', zig: 'riscv64-linux-musl', arch: 'riscv64', os: 'linux', libc: 'musl', cpu: RV64GC, qemu: 'qemu-riscv64' },

  // Windows, MinGW-w64 (zig's); run by wine.
  { rust: 'x86_64-pc-windows-gnu', platform: 'windows_amd64', zig: 'x86_64-windows-gnu', arch: 'x86_64', os: 'windows', libc: 'mingw' },
  { rust: 'x86_64-pc-windows-gnullvm', platform: 'windows_amd64_gnullvm', zig: 'x86_64-windows-gnu', arch: 'x86_64', os: 'windows', libc: 'mingw' },
  {
    rust: 'i686-pc-windows-gnu',
    platform: 'windows_386',
    zig: 'x86-windows-gnu',
    arch: 'x86',
    os: 'windows',
    libc: 'mingw',
    cpu: 'pentium4',
    caveat: "panics abort instead of unwinding: rustc's rsbegin.o/rsend.o need GCC's frame registration, which zig's MinGW lacks",
  },
  { rust: 'aarch64-pc-windows-gnullvm', platform: 'windows_arm64', zig: 'aarch64-windows-gnu', arch: 'aarch64', os: 'windows', libc: 'mingw', caveat: 'no emulator on Linux: build only' },

  // macOS: zig's libSystem stubs; frameworks need a real SDK (SDKROOT).
  { rust: 'x86_64-apple-darwin', platform: 'darwin_amd64', zig: 'x86_64-macos', arch: 'x86_64', os: 'macos', libc: 'darwin', macosMin: '10.12', caveat: 'frameworks (Security, CoreFoundation, …) need a macOS SDK: SDKROOT, or sdk in tszig.toml' },
  { rust: 'aarch64-apple-darwin', platform: 'darwin_arm64', zig: 'aarch64-macos', arch: 'aarch64', os: 'macos', libc: 'darwin', macosMin: '11.0', caveat: 'frameworks (Security, CoreFoundation, …) need a macOS SDK: SDKROOT, or sdk in tszig.toml' },

  // FreeBSD: zig's libc stubs (FreeBSD 14 and newer); nothing runs FreeBSD programs on Linux.
  { rust: 'x86_64-unknown-freebsd', platform: 'freebsd_amd64', zig: 'x86_64-freebsd', arch: 'x86_64', os: 'freebsd', libc: 'freebsd', caveat: 'FreeBSD 14 or newer; no emulator on Linux: build only' },
  { rust: 'aarch64-unknown-freebsd', platform: 'freebsd_arm64', zig: 'aarch64-freebsd', arch: 'aarch64', os: 'freebsd', libc: 'freebsd', caveat: 'FreeBSD 14 or newer; no emulator on Linux: build only' },

  // WebAssembly: rust-lld links; C through zig.
  { rust: 'wasm32-wasip1', platform: 'wasip1_wasm', zig: 'wasm32-wasi', arch: 'wasm32', os: 'wasi', libc: 'wasi', rustLinks: true, caveat: 'C and C++ through zig; rustc links with rust-lld' },
] as const satisfies readonly TargetSpec[];

/** Pseudo-targets: a name that stands for several real targets plus a merge step. */
export const UNIVERSAL2 = 'universal2-apple-darwin';
export const UNIVERSAL2_PARTS = ['x86_64-apple-darwin', 'aarch64-apple-darwin'] as const;
export const UNIVERSAL2_PLATFORM = 'darwin_universal';

/** Triples people try that tszig does not support, and why. */
export const UNSUPPORTED: readonly { readonly label: string; readonly pattern: RegExp; readonly why: string }[] = [
  { label: '*-windows-msvc', pattern: /-windows-msvc$/, why: "MSVC targets link with Microsoft's link.exe and CRT, which zig does not provide (cargo-xwin covers them)" },
  { label: '*-linux-android*', pattern: /-linux-android(eabi)?$/, why: "zig has no Android (Bionic) libc; use the Android NDK (e.g. cargo-ndk)" },
  { label: '*-apple-{ios,tvos,watchos,visionos}*', pattern: /-apple-(ios|tvos|watchos|visionos)(-sim|-macabi)?$/, why: 'iOS-family targets need the Apple SDK and its toolchain' },
  { label: 'wasm32-unknown-unknown', pattern: /^wasm32-unknown-unknown$/, why: 'has no C library; rustc links it alone and needs no zig' },
  { label: '*-none-*, *-uefi', pattern: /-none(-|$)|-uefi$/, why: 'bare-metal and UEFI targets have no libc for zig to provide' },
  { label: 'mips*', pattern: /^(mips|mipsel|mips64|mips64el)-/, why: 'Rust dropped the MIPS targets to tier 3; zig builds C for them, but tszig does not test them' },
];

export type KnownRustTarget = (typeof TARGETS)[number]['rust'];

const BY_RUST: ReadonlyMap<string, TargetSpec> = new Map(TARGETS.map((t) => [t.rust, t]));

export function findTarget(rust: string): TargetSpec | undefined {
  return BY_RUST.get(rust);
}

export function knownTargets(): readonly TargetSpec[] {
  return TARGETS;
}

export function unsupportedReason(rust: string): string | undefined {
  return UNSUPPORTED.find((u) => u.pattern.test(rust))?.why;
}

// How programs built for a target run here: natively, under qemu-user, under wine, or not at all.
// Cargo takes the answer as CARGO_TARGET_<T>_RUNNER for `cargo run`, `test` and `bench`.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../platform/cache-dir.js';
import { onPath } from '../platform/on-path.js';
import type { TargetSpec } from '../target/table.js';

/** Debian's cross glibc sysroots (/usr/<gnu triple>), from package libc6-<debian arch>-cross. */
const CROSS_SYSROOT: Readonly<Record<string, string>> = {
  amd64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  armhf: 'arm-linux-gnueabihf',
  armel: 'arm-linux-gnueabi',
  i386: 'i686-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
  ppc64el: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
  loong64: 'loongarch64-linux-gnu',
};

/** Where wine's 32-bit Unix side lives when it is installed (Debian's wine32; Arch, Fedora). */
const WINE32_MARKERS = ['lib/wine/wine', 'lib/i386-linux-gnu/wine/i386-unix', 'lib/wine/i386-unix', 'lib32/wine/i386-unix'];

export type RunnerPlan =
  | { readonly kind: 'native' }
  /** `onPath`: a directory that must lead PATH for `command` (a bare file name) to be found. */
  | { readonly kind: 'runner'; readonly command: string; readonly onPath?: string }
  | { readonly kind: 'missing'; readonly why: string; readonly install: string };

export interface Host {
  readonly platform: NodeJS.Platform;
  /** Zig's name for the host architecture (x86_64, aarch64, …). */
  readonly arch: string;
}

const NODE_TO_ZIG_ARCH: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'x86', arm: 'arm', riscv64: 'riscv64', s390x: 's390x', loong64: 'loongarch64', ppc64: 'powerpc64le' };

export function thisHost(): Host {
  return { platform: process.platform, arch: NODE_TO_ZIG_ARCH[process.arch] ?? process.arch };
}

/** Whether cargo will run the target's programs under wine (tszig's runner, not one the user set). */
export function runsUnderWine(plan: RunnerPlan | undefined): boolean {
  return plan?.kind === 'runner' && plan.command.endsWith('wine');
}

/**
 * The runner for a target on this host. `root` is where Debian's cross sysroots live (`/usr`),
 * a parameter for tests.
 */
export async function planRunner(spec: TargetSpec, env: Env, host: Host = thisHost(), root = '/usr'): Promise<RunnerPlan> {
  if (spec.os === 'macos') {
    return host.platform === 'darwin' && (host.arch === spec.arch || spec.arch === 'x86_64')
      ? { kind: 'native' }
      : { kind: 'missing', why: 'macOS programs cannot run on this machine', install: 'build here and run the result on a Mac' };
  }
  if (spec.os === 'windows') {
    if (host.platform === 'win32') return { kind: 'native' };
    if (spec.arch === 'aarch64') return { kind: 'missing', why: 'no emulator runs ARM64 Windows programs here', install: 'build here and run the result on ARM64 Windows' };
    const wine = await onPath('wine', env.PATH);
    const wine32 = 'install wine with 32-bit support (Debian: dpkg --add-architecture i386 && apt-get update && apt-get install wine32:i386)';
    if (!wine) return { kind: 'missing', why: 'wine is not installed', install: spec.arch === 'x86' ? wine32 : 'install wine (Debian/Ubuntu: apt-get install wine)' };
    // Without its 32-bit half, Debian's wine prints a hint and exits 0: every test would "pass".
    if (spec.arch === 'x86' && !WINE32_MARKERS.some((p) => existsSync(join(root, p)))) {
      return { kind: 'missing', why: 'wine here cannot run 32-bit programs (no wine32)', install: wine32 };
    }
    return { kind: 'runner', command: wine };
  }
  if (spec.os === 'wasi') {
    const wasmtime = await onPath('wasmtime', env.PATH);
    return wasmtime ? { kind: 'runner', command: wasmtime } : { kind: 'missing', why: 'no WebAssembly runtime found', install: 'install wasmtime (https://wasmtime.dev)' };
  }
  if (spec.os !== 'linux' || host.platform !== 'linux') {
    return { kind: 'missing', why: `${spec.rust} programs cannot run on ${host.platform}`, install: 'run the result on a matching machine' };
  }
  if (spec.arch === host.arch) return { kind: 'native' };
  const qemu = spec.qemu ? ((await onPath(spec.qemu, env.PATH)) ?? (await onPath(`${spec.qemu}-static`, env.PATH))) : undefined;
  const pkg = spec.libc === 'glibc' && spec.debianArch ? ` libc6-${spec.debianArch}-cross` : '';
  if (!qemu) {
    return { kind: 'missing', why: `${spec.qemu ?? 'qemu-user'} is not installed`, install: `install qemu-user (Debian/Ubuntu: apt-get install qemu-user${pkg})` };
  }
  const emulator = 'qemuCpu' in spec && spec.qemuCpu ? `${qemu} -cpu ${spec.qemuCpu}` : qemu;
  if (spec.libc !== 'glibc') return { kind: 'runner', command: emulator }; // static: no loader to find
  const sysroot = spec.debianArch ? join(root, CROSS_SYSROOT[spec.debianArch] ?? '') : undefined;
  if (!sysroot || !existsSync(join(sysroot, 'lib'))) {
    return { kind: 'missing', why: `the ${spec.debianArch ?? spec.arch} C library for qemu is not installed (${sysroot ?? '?'})`, install: `apt-get install${pkg}` };
  }
  return { kind: 'runner', command: `${emulator} -L ${sysroot}` };
}

// A CMake toolchain file per target, pointing CMake (and the cmake crate) at the shims and keeping
// the host's headers and libraries out of find_*() (`__COLD`-style clashes with zig's headers).

import type { ResolvedTarget } from '../target/parse.js';

/**
 * CMake's names for systems and processors, which differ from both Rust's and Zig's. On Linux the
 * processor is what `uname -m` says on the target (what native CMake builds see there).
 */
const SYSTEM: Readonly<Record<string, string>> = { linux: 'Linux', windows: 'Windows', macos: 'Darwin', wasi: 'WASI', freebsd: 'FreeBSD' };
const PROCESSOR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  windows: { x86_64: 'AMD64', x86: 'X86', aarch64: 'ARM64' },
  macos: { x86_64: 'x86_64', aarch64: 'arm64' },
  linux: { x86: 'i686', powerpc64le: 'ppc64le' },
};

/** A CMake quoted argument: backslash, quote and `$` escaped. */
export function cmakeQuote(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

export interface ToolchainShims {
  readonly cc: string;
  readonly cxx: string;
  readonly ar: string;
  readonly ranlib: string;
}

/**
 * Lines that put `launcher` (sccache) in front of every C and C++ compile, unless the project or
 * the environment names a launcher of its own (CMake reads CMAKE_<LANG>_COMPILER_LAUNCHER from
 * the environment as the default since 3.17).
 */
export function launcherLines(launcher: string): string[] {
  return ['C', 'CXX'].flatMap((lang) => [
    `if(NOT DEFINED CMAKE_${lang}_COMPILER_LAUNCHER AND NOT DEFINED ENV{CMAKE_${lang}_COMPILER_LAUNCHER})`,
    `  set(CMAKE_${lang}_COMPILER_LAUNCHER ${cmakeQuote(launcher)})`,
    'endif()',
  ]);
}

/**
 * `extra`: further lines for this machine (a sysroot's find-root path and pkg-config settings);
 * `launcher`: the compiler launcher in use (sccache, when it is cargo's rustc wrapper).
 */
export function renderCmakeToolchain(target: ResolvedTarget, shims: ToolchainShims, extra: readonly string[] = [], launcher?: string): string {
  const { spec } = target;
  const processor =
    spec.os === 'linux' && spec.arch === 'arm' ? (target.rust.startsWith('armv7') ? 'armv7l' : 'armv6l') : (PROCESSOR[spec.os]?.[spec.arch] ?? spec.arch);
  const q = cmakeQuote;
  return `# tszig CMake toolchain for ${target.input} (zig target ${target.zigTarget}); generated, edits are overwritten.
set(CMAKE_SYSTEM_NAME ${SYSTEM[spec.os] ?? 'Generic'})
set(CMAKE_SYSTEM_PROCESSOR ${processor})
set(CMAKE_C_COMPILER ${q(shims.cc)})
set(CMAKE_CXX_COMPILER ${q(shims.cxx)})
set(CMAKE_ASM_COMPILER ${q(shims.cc)})
set(CMAKE_AR ${q(shims.ar)} CACHE FILEPATH "Archiver" FORCE)
set(CMAKE_RANLIB ${q(shims.ranlib)} CACHE FILEPATH "Ranlib" FORCE)
# zig's linker writes no dependency files.
set(CMAKE_C_LINKER_DEPFILE_SUPPORTED FALSE)
set(CMAKE_CXX_LINKER_DEPFILE_SUPPORTED FALSE)
# Programs may come from the host; headers, libraries and packages only from the target.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
${[...extra, ...(launcher ? ['# The compiler cache cargo uses (its rustc wrapper) also caches these compiles.', ...launcherLines(launcher)] : [])].map((l) => `${l}\n`).join('')}`;
}

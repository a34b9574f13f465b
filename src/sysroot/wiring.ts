// How a sysroot reaches the tools: compiler arguments for the shims' site file (its headers
// after zig's libc headers, its libraries after zig's), pkg-config's per-target variables, lines
// for the CMake toolchain file, bindgen's extra arguments, and the library path for the runner.

import { join } from 'node:path';
import type { Sysroot } from './store.js';

/**
 * Appended to every compiler call. `-idirafter` puts the sysroot's headers behind zig's own libc
 * and compiler headers (the sysroot holds no libc, but must never shadow it); `-L` adds its
 * libraries after zig's. lld needs nothing more: it does not look for the dependencies of shared
 * libraries (no -rpath-link, which zig warns about on stderr and so breaks cc-rs's flag probes).
 */
export function sysrootSiteArgs(s: Sysroot): string[] {
  return [...s.record.includeDirs.flatMap((d) => ['-idirafter', join(s.dir, d)]), ...s.record.libDirs.map((d) => `-L${join(s.dir, d)}`)];
}

/** bindgen's libclang gets the same headers, after zig's. */
export function sysrootBindgenArgs(s: Sysroot): string[] {
  return s.record.includeDirs.flatMap((d) => ['-idirafter', join(s.dir, d)]);
}

export function sysrootPkgConfigPath(s: Sysroot): string {
  return s.record.pkgconfigDirs.map((d) => join(s.dir, d)).join(':');
}

/** Library directories for the dynamic loader under qemu. */
export function sysrootLibraryPath(s: Sysroot): string[] {
  return s.record.libDirs.map((d) => join(s.dir, d));
}

export interface PkgConfigVar {
  readonly name: string;
  readonly value: string;
}

/**
 * The pkg-config crate's variables for one target (it reads `<VAR>_<triple>`, then
 * `<VAR>_<triple with _>`, then `TARGET_<VAR>`, then `<VAR>`), so build scripts compiled for the
 * host keep the host's pkg-config. PKG_CONFIG_PATH is set to the same directories so that a
 * PKG_CONFIG_PATH meant for the host does not leak into the target.
 */
export function pkgConfigVars(s: Sysroot): PkgConfigVar[] {
  const path = sysrootPkgConfigPath(s);
  return [
    { name: 'PKG_CONFIG_SYSROOT_DIR', value: s.dir },
    { name: 'PKG_CONFIG_LIBDIR', value: path },
    { name: 'PKG_CONFIG_PATH', value: path },
    { name: 'PKG_CONFIG_ALLOW_CROSS', value: '1' },
  ];
}

/** Lines for the target's CMake toolchain file: find_*() and pkg_check_modules() see the sysroot. */
export function sysrootCmakeLines(s: Sysroot, quote: (v: string) => string): string[] {
  return [
    '# The target sysroot of Debian packages (tszig.toml [target.<triple>] packages).',
    `list(APPEND CMAKE_FIND_ROOT_PATH ${quote(s.dir)})`,
    `set(CMAKE_LIBRARY_ARCHITECTURE ${s.record.multiarch})`,
    `set(ENV{PKG_CONFIG_SYSROOT_DIR} ${quote(s.dir)})`,
    `set(ENV{PKG_CONFIG_LIBDIR} ${quote(sysrootPkgConfigPath(s))})`,
    `set(ENV{PKG_CONFIG_PATH} ${quote(sysrootPkgConfigPath(s))})`,
  ];
}

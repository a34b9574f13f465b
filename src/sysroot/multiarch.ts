// Debian architectures tszig can build sysroots for, with their multiarch tuples (the directory
// names under usr/lib/ and usr/include/). Targets Debian does not build get a reason instead.

import type { TargetSpec } from '../target/table.js';

/** Debian architecture → multiarch tuple (dpkg-architecture -qDEB_HOST_MULTIARCH). */
export const MULTIARCH: Readonly<Record<string, string>> = {
  amd64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  armhf: 'arm-linux-gnueabihf',
  armel: 'arm-linux-gnueabi',
  i386: 'i386-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
  ppc64el: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
  loong64: 'loongarch64-linux-gnu',
};

export interface DebianTarget {
  readonly arch: string;
  readonly multiarch: string;
}

/** The Debian architecture of a target, or why Debian's packages cannot serve it. */
export function debianTarget(spec: TargetSpec): DebianTarget | { readonly why: string } {
  if (spec.os !== 'linux') return { why: `Debian builds packages for Linux only, not for ${spec.os}` };
  if (spec.libc !== 'glibc') return { why: `Debian's packages link against glibc, and ${spec.rust} uses ${spec.libc} (static binaries: use the crate's vendored or bundled feature)` };
  const arch = spec.debianArch;
  const multiarch = arch ? MULTIARCH[arch] : undefined;
  if (!arch || !multiarch) return { why: `Debian has no architecture for ${spec.rust}` };
  return { arch, multiarch };
}

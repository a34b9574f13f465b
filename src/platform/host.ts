// Facts about the machine tszig runs on.

/** Zig's name for this machine's architecture, or undefined if tszig has none. */
export function hostZigArch(arch: string = process.arch, endianness: string = process.arch === 'ppc64' ? osEndianness() : 'LE'): string | undefined {
  const names: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'x86', arm: 'arm', riscv64: 'riscv64', s390x: 's390x', loong64: 'loongarch64' };
  if (arch === 'ppc64') return endianness === 'LE' ? 'powerpc64le' : undefined;
  return names[arch];
}

function osEndianness(): string {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE';
}

/** Oldest glibc zig supports per architecture (others: 2.17), as in the target table's floors. */
const GLIBC_FLOOR: Readonly<Record<string, string>> = { riscv64: '2.27', powerpc64le: '2.19', loongarch64: '2.36' };

/**
 * The zig target for programs that run on this machine (the launchers), or undefined if
 * unsupported. It names the architecture's baseline CPU and the oldest C library version rather
 * than `native`, so the same zig builds the same launcher bytes on every machine of a kind (compiler
 * caches hash them, and a cache directory shared between machines must not hold code for one CPU).
 */
export function hostZigTarget(): string | undefined {
  const arch = hostZigArch();
  if (!arch) return undefined;
  if (process.platform === 'darwin') return arch === 'aarch64' ? 'aarch64-macos.11.0' : arch === 'x86_64' ? 'x86_64-macos.10.13' : undefined;
  if (process.platform !== 'linux') return undefined;
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  if (!report.header?.glibcVersionRuntime) return `${arch}-linux-musl`;
  return `${arch}-linux-${arch === 'arm' ? 'gnueabihf' : 'gnu'}.${GLIBC_FLOOR[arch] ?? '2.17'}`;
}

// Host keys (`x86_64-linux`) and official archive names for any Zig version.

import { endianness } from 'node:os';
import { compareVersions, parseVersion } from '../target/version.js';

const ARCH: Readonly<Record<string, string>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  ia32: 'x86',
  arm: 'arm',
  riscv64: 'riscv64',
  s390x: 's390x',
  loong64: 'loongarch64',
};
const OS: Readonly<Record<string, string>> = { linux: 'linux', darwin: 'macos', win32: 'windows', freebsd: 'freebsd', netbsd: 'netbsd' };

/** This machine as Zig names hosts in its downloads (`aarch64-macos`), or undefined if Zig has none. */
export function hostKey(platform: string = process.platform, arch: string = process.arch, le: boolean = endianness() === 'LE'): string | undefined {
  const os = OS[platform];
  const a = arch === 'ppc64' ? (le ? 'powerpc64le' : 'powerpc64') : ARCH[arch];
  return os && a ? `${a}-${os}` : undefined;
}

const before = (version: string, than: string): boolean => {
  const v = parseVersion(version);
  const t = parseVersion(than);
  return v !== undefined && t !== undefined && compareVersions(v, t) < 0;
};

/**
 * The official archive name of `version` for `host`: `zig-<arch>-<os>-<v>` from 0.14.1 on,
 * `zig-<os>-<arch>-<v>` before; `armv7a` before 0.15.1 and `i386` before 0.11 in those names;
 * `.zip` on Windows, `.tar.xz` elsewhere.
 */
export function archiveName(version: string, host: string): string {
  const [arch0 = '', os = ''] = host.split('-');
  let arch = arch0;
  if (arch === 'arm' && before(version, '0.15.1')) arch = 'armv7a';
  if (arch === 'x86' && before(version, '0.11.0')) arch = 'i386';
  const ext = os === 'windows' ? 'zip' : 'tar.xz';
  const oldOrder = before(version, '0.14.1') && !/^0\.15\.0-dev/.test(version);
  return oldOrder ? `zig-${os}-${arch}-${version}.${ext}` : `zig-${arch}-${os}-${version}.${ext}`;
}

/** The archive's single top-level directory: its name without the extension. */
export function archiveTopDir(file: string): string {
  return file.replace(/\.(tar\.xz|zip)$/, '');
}

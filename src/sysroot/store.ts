// Where sysroots live in tszig's cache and the record that marks one complete:
//   <cache>/sysroots/<suite>-<arch>-<hash>/               one per package set, archive and keyring
//   <cache>/sysroots/<suite>-<arch>-<hash>/.tszig-sysroot.json   written last, read on the warm path
//   <cache>/sysroots/index/<sha256>.<ext>                 verified Packages indices, by content
//   <cache>/sysroots/<name>.lock, .<name>.tmp-*            one build at a time (src/fetch/store.ts)

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebianArchive } from './archive.js';
import type { GlibcFloor } from './closure.js';

export const RECORD = '.tszig-sysroot.json';
/** Bump when the layout or the record changes: older sysroots are then rebuilt. */
export const SYSROOT_FORMAT = 1;

export interface SysrootRecord {
  readonly format: number;
  readonly suite: string;
  readonly arch: string;
  readonly multiarch: string;
  readonly mirror: string;
  readonly components: readonly string[];
  readonly keyring: string;
  /** What the user asked for, sorted. */
  readonly requested: readonly string[];
  /** What the closure brought, with versions. */
  readonly packages: readonly { readonly name: string; readonly version: string }[];
  readonly glibcFloor: GlibcFloor | undefined;
  /** Directories (relative to the sysroot) that exist, for the compiler and pkg-config. */
  readonly includeDirs: readonly string[];
  readonly libDirs: readonly string[];
  readonly pkgconfigDirs: readonly string[];
  readonly createdAt: string;
}

export interface Sysroot {
  readonly dir: string;
  readonly record: SysrootRecord;
}

export interface SysrootKey {
  readonly archive: DebianArchive;
  readonly arch: string;
  readonly packages: readonly string[];
}

export function sysrootsDir(cacheDir: string): string {
  return join(cacheDir, 'sysroots');
}

export function sortedPackages(packages: readonly string[]): string[] {
  return [...new Set(packages)].sort();
}

/** `bookworm-arm64-<16 hex>`: the hash covers the package set, the archive and its keyring. */
export function sysrootName(key: SysrootKey): string {
  const { archive } = key;
  const keyring = archive.keyring.file ?? createHash('sha256').update(archive.keyring.inline ?? '').digest('hex');
  const hash = createHash('sha256')
    .update(JSON.stringify([SYSROOT_FORMAT, archive.mirror, archive.suite, [...archive.components].sort(), keyring, key.arch, sortedPackages(key.packages)]))
    .digest('hex')
    .slice(0, 16);
  return `${archive.suite.replace(/[^A-Za-z0-9._-]/g, '_')}-${key.arch}-${hash}`;
}

export function readSysrootRecord(dir: string): SysrootRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dir, RECORD), 'utf8')) as SysrootRecord;
    return record.format === SYSROOT_FORMAT ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The complete sysroot for the key, if there is one (the warm path: one small file read). */
export function findSysroot(cacheDir: string, key: SysrootKey): Sysroot | undefined {
  const dir = join(sysrootsDir(cacheDir), sysrootName(key));
  const record = readSysrootRecord(dir);
  return record ? { dir, record } : undefined;
}

/** Every complete sysroot in the cache. */
export function listSysroots(cacheDir: string): Sysroot[] {
  let names: string[];
  try {
    names = readdirSync(sysrootsDir(cacheDir)).sort();
  } catch {
    return [];
  }
  const out: Sysroot[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name === 'index' || name.endsWith('.lock')) continue;
    const dir = join(sysrootsDir(cacheDir), name);
    const record = readSysrootRecord(dir);
    if (record) out.push({ dir, record });
  }
  return out;
}

// Installed Zig versions in tszig's cache: <cache>/zig/<version>/<host>/, each complete with an
// install record written before the directory was renamed into place.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readRecord } from '../fs/json-cache.js';

export const RECORD_FILE = '.tszig-install.json';

export interface InstallRecord {
  readonly version: string;
  readonly host: string;
  readonly file: string;
  readonly sha256: string | undefined;
  /** What was checked: e.g. "sha256 + minisign (ZSF key)", or "PyPI (pip)". */
  readonly verifiedBy: string;
  /** Where it came from (a URL, or `pypi: ziglang==<v>`). */
  readonly source: string;
  readonly installedAt: string;
}

export interface Installed {
  readonly dir: string;
  readonly zig: string;
  readonly record: InstallRecord;
}

export function zigStore(cacheDir: string): string {
  return join(cacheDir, 'zig');
}

export function installDir(cacheDir: string, version: string, host: string): string {
  return join(zigStore(cacheDir), version, host);
}

export function zigExecutable(dir: string): string {
  return join(dir, process.platform === 'win32' ? 'zig.exe' : 'zig');
}

/** The installed zig for version and host, if complete (record present, binary there). */
export function findInstalled(cacheDir: string, version: string, host: string): Installed | undefined {
  const dir = installDir(cacheDir, version, host);
  const record = readRecord<InstallRecord>(join(dir, RECORD_FILE));
  const zig = zigExecutable(dir);
  return record && existsSync(zig) ? { dir, zig, record } : undefined;
}

function dirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch {
    return [];
  }
}

export function listInstalled(cacheDir: string): Installed[] {
  const out: Installed[] = [];
  for (const version of dirs(zigStore(cacheDir))) {
    for (const host of dirs(join(zigStore(cacheDir), version))) {
      const found = findInstalled(cacheDir, version, host);
      if (found) out.push(found);
    }
  }
  return out;
}

export function removeInstalled(cacheDir: string, version: string, host: string): void {
  rmSync(installDir(cacheDir, version, host), { recursive: true, force: true });
}

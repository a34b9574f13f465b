// Installed Zig versions in tszig's cache: <cache>/zig/<version>/<slot>/, one slot per way of being
// verified (trust.ts), each complete with an install record written before the directory was
// renamed into place (src/fetch/store.ts).

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readStored, RECORD_FILE } from '../fetch/store.js';
import { acceptedSlots, pypiAllowed, recordTrust, trustAccepts, type Trust, type TrustRequest } from './trust.js';

export { RECORD_FILE };

export interface InstallRecord {
  readonly version: string;
  readonly host: string;
  readonly file: string;
  readonly sha256: string | undefined;
  /** What verified it; decides which requests may use it. Absent in records of older tszig versions. */
  readonly trust?: Trust;
  /** For people: e.g. "sha256 + minisign (the ZSF key)", or "PyPI (pip)". */
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

export function versionDir(cacheDir: string, version: string): string {
  return join(zigStore(cacheDir), version);
}

export function zigExecutable(dir: string): string {
  return join(dir, process.platform === 'win32' ? 'zig.exe' : 'zig');
}

/** A complete install: its record is for this version and host, and the binary is there. */
function complete(record: InstallRecord, dir: string, version: string, host: string): boolean {
  return record.version === version && record.host === host && existsSync(zigExecutable(dir));
}

/**
 * The installed zig for version and host that the request accepts: the official release, PyPI's
 * wheel where PyPI is allowed, or exactly the project's own build; never another project's build.
 * Without a request: what a project with no tszig.toml accepts (the official release, or PyPI's).
 */
export function findInstalled(cacheDir: string, version: string, host: string, req: Omit<TrustRequest, 'version' | 'host'> = { env: {} }): Installed | undefined {
  const pypi = pypiAllowed(req);
  for (const { slot, trust } of acceptedSlots({ ...req, version, host })) {
    const found = readStored<InstallRecord>(
      join(versionDir(cacheDir, version), slot),
      (record, dir) => complete(record, dir, version, host) && trustAccepts(trust, recordTrust(record), pypi),
    );
    if (found) return { ...found, zig: zigExecutable(found.dir) };
  }
  return undefined;
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

/** Every complete install in the cache, whatever verified it. */
export function listInstalled(cacheDir: string): Installed[] {
  const out: Installed[] = [];
  for (const version of dirs(zigStore(cacheDir))) {
    for (const slot of dirs(versionDir(cacheDir, version))) {
      const found = readStored<InstallRecord>(join(versionDir(cacheDir, version), slot), (record, dir) => record.version === version && existsSync(zigExecutable(dir)));
      if (found) out.push({ ...found, zig: zigExecutable(found.dir) });
    }
  }
  return out;
}

export function removeInstalled(install: Installed): void {
  rmSync(install.dir, { recursive: true, force: true });
}

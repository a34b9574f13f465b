// Release archives: one per platform, `<crate>-<version>-<platform>.tar.gz` (`.zip` for Windows),
// holding a directory of the same name with the platform's files.

import { readFileSync } from 'node:fs';
import type { TargetOs } from '../target/table.js';
import { shippedMode, type ArchiveEntry } from './entries.js';
import { gzip } from './gzip.js';
import type { ShippedFile } from './images.js';
import { tar } from './tar.js';
import { zip } from './zip.js';

export function archiveStem(crate: string, version: string, platform: string): string {
  return `${crate}-${version}-${platform}`;
}

/** Windows users expect zip; everyone else gets a gzip-compressed tar. */
export function archiveName(stem: string, os: TargetOs | undefined): string {
  return `${stem}${os === 'windows' ? '.zip' : '.tar.gz'}`;
}

export function archiveEntries(stem: string, files: readonly ShippedFile[], read: (path: string) => Buffer = readFileSync): ArchiveEntry[] {
  return files.map((f) => ({ path: `${stem}/${f.name}`, type: 'file', mode: shippedMode(f.kind !== 'other'), data: read(f.path) }));
}

export function archiveBytes(name: string, entries: readonly ArchiveEntry[], epoch: number): Buffer {
  return name.endsWith('.zip') ? zip(entries, { mtime: epoch }) : gzip(tar(entries, { mtime: epoch }));
}

// A suite's Release file (the signed text of InRelease): which architectures and components it
// has, until when it may be trusted, and the SHA-256 of every index file.

import { field, parseStanzas } from './deb822.js';

export interface IndexFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface Release {
  readonly suite: string | undefined;
  readonly codename: string | undefined;
  readonly architectures: readonly string[];
  readonly components: readonly string[];
  readonly date: Date | undefined;
  readonly validUntil: Date | undefined;
  readonly acquireByHash: boolean;
  /** By path relative to the suite's directory (`main/binary-arm64/Packages.xz`). */
  readonly sha256: ReadonlyMap<string, IndexFile>;
}

function date(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function parseRelease(text: string): Release {
  const stanza = parseStanzas(text)[0] ?? {};
  const sha256 = new Map<string, IndexFile>();
  for (const line of (field(stanza, 'SHA256') ?? '').split('\n')) {
    const m = /^([0-9a-f]{64})\s+(\d+)\s+(\S+)$/.exec(line.trim());
    if (m) sha256.set(m[3] as string, { path: m[3] as string, size: Number(m[2]), sha256: m[1] as string });
  }
  const words = (name: string): string[] => (field(stanza, name) ?? '').split(/\s+/).filter(Boolean);
  return {
    suite: field(stanza, 'Suite'),
    codename: field(stanza, 'Codename'),
    architectures: words('Architectures'),
    components: words('Components'),
    date: date(field(stanza, 'Date')),
    validUntil: date(field(stanza, 'Valid-Until')),
    acquireByHash: field(stanza, 'Acquire-By-Hash') === 'yes',
    sha256,
  };
}

/** The compressed forms of an index the archive lists, best first (what we can decompress). */
export function packagesIndex(release: Release, component: string, arch: string): IndexFile | undefined {
  for (const ext of ['.xz', '.gz', '']) {
    const entry = release.sha256.get(`${component}/binary-${arch}/Packages${ext}`);
    if (entry) return entry;
  }
  return undefined;
}

// A Packages index: every binary package of one architecture and component, by name, with what a
// sysroot needs from each stanza (dependencies, provides, file and SHA-256).

import { parseDepends, type DependencyGroup } from './depends.js';

export interface PackageEntry {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
  readonly depends: readonly DependencyGroup[];
  readonly preDepends: readonly DependencyGroup[];
  /** Virtual package names it provides (versions dropped). */
  readonly provides: readonly string[];
  readonly essential: boolean;
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
}

export interface PackagesIndex {
  readonly packages: ReadonlyMap<string, PackageEntry>;
  /** Virtual name → the real packages that provide it. */
  readonly providers: ReadonlyMap<string, readonly string[]>;
}

const WANTED = new Set(['Package', 'Version', 'Architecture', 'Depends', 'Pre-Depends', 'Provides', 'Essential', 'Filename', 'Size', 'SHA256']);

/**
 * Parses the index (some 50 MB for one architecture of Debian's main). Only the fields above are
 * kept; dependencies are parsed lazily would not pay: most stanzas are never looked at, so they
 * are parsed here only for stanzas with a Filename (all of them), which takes about a second.
 */
export function parsePackagesIndex(text: string, into?: { packages: Map<string, PackageEntry>; providers: Map<string, string[]> }): PackagesIndex {
  const packages = into?.packages ?? new Map<string, PackageEntry>();
  const providers = into?.providers ?? new Map<string, string[]>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n\n', start);
    if (end === -1) end = text.length;
    const stanza = text.slice(start, end);
    start = end + 2;
    const f: Record<string, string> = {};
    let last: string | undefined;
    for (const line of stanza.split('\n')) {
      if (line.startsWith(' ') || line.startsWith('\t')) {
        if (last) f[last] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      last = WANTED.has(name) ? name : undefined;
      if (last) f[last] = line.slice(colon + 1).trim();
    }
    const name = f.Package;
    if (!name || !f.Version || !f.Filename || !f.SHA256) continue;
    const entry: PackageEntry = {
      name,
      version: f.Version,
      architecture: f.Architecture ?? '',
      depends: parseDepends(f.Depends),
      preDepends: parseDepends(f['Pre-Depends']),
      provides: parseDepends(f.Provides).flatMap((g) => g.map((a) => a.name)),
      essential: f.Essential === 'yes',
      filename: f.Filename,
      size: Number(f.Size ?? 0),
      sha256: f.SHA256,
    };
    // One suite lists one version per package and architecture; keep the first if not.
    if (packages.has(name)) continue;
    packages.set(name, entry);
    for (const p of entry.provides) {
      const list = providers.get(p);
      if (list) list.push(name);
      else providers.set(p, [name]);
    }
  }
  return { packages, providers };
}

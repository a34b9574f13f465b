// A Packages index: every binary package of one architecture, by name, with what a sysroot needs
// from its stanza (dependencies, provides, file and SHA-256). Debian's main has some 60,000
// stanzas (50 MB) per architecture and a closure reads a handful, so reading the index only finds
// where each stanza is (and what each provides); a stanza is parsed when it is asked for.

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
  get(name: string): PackageEntry | undefined;
  has(name: string): boolean;
  /** The real packages that provide a (virtual) name. */
  providersOf(name: string): readonly string[];
}

const WANTED = new Set(['Package', 'Version', 'Architecture', 'Depends', 'Pre-Depends', 'Provides', 'Essential', 'Filename', 'Size', 'SHA256']);

function fields(stanza: string): Record<string, string> {
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
  return f;
}

function entry(stanza: string): PackageEntry | undefined {
  const f = fields(stanza);
  if (!f.Package || !f.Version || !f.Filename || !f.SHA256) return undefined;
  return {
    name: f.Package,
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
}

/** The value of `field` where it starts a line of `stanza`, else undefined. */
function lineValue(stanza: string, field: string): string | undefined {
  const at = stanza.startsWith(field) ? 0 : stanza.indexOf(`\n${field}`) + 1;
  if (at <= 0 && !stanza.startsWith(field)) return undefined;
  const eol = stanza.indexOf('\n', at);
  return stanza.slice(at + field.length, eol === -1 ? stanza.length : eol).trim();
}

export class LazyPackagesIndex implements PackagesIndex {
  private readonly texts: string[] = [];
  /** name → [text, start, end] of its first stanza (one version per name and architecture). */
  private readonly where = new Map<string, [number, number, number]>();
  private readonly parsed = new Map<string, PackageEntry | undefined>();
  private readonly providers = new Map<string, string[]>();

  /** Adds one Packages file (several components make one index). */
  add(text: string): this {
    const t = this.texts.push(text) - 1;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n\n', start);
      if (end === -1) end = text.length;
      const stanza = text.slice(start, end);
      const name = lineValue(stanza, 'Package:');
      if (name && !this.where.has(name)) {
        this.where.set(name, [t, start, end]);
        const provides = lineValue(stanza, 'Provides:');
        if (provides) {
          for (const p of parseDepends(provides).flatMap((g) => g.map((a) => a.name))) {
            const list = this.providers.get(p);
            if (list) list.push(name);
            else this.providers.set(p, [name]);
          }
        }
      }
      start = end + 2;
    }
    return this;
  }

  get(name: string): PackageEntry | undefined {
    if (this.parsed.has(name)) return this.parsed.get(name);
    const at = this.where.get(name);
    const value = at ? entry((this.texts[at[0]] as string).slice(at[1], at[2])) : undefined;
    this.parsed.set(name, value);
    return value;
  }

  has(name: string): boolean {
    return this.where.has(name);
  }

  providersOf(name: string): readonly string[] {
    return this.providers.get(name) ?? [];
  }
}

export function parsePackagesIndex(text: string): LazyPackagesIndex {
  return new LazyPackagesIndex().add(text);
}

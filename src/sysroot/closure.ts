// Which packages a sysroot gets: the Depends/Pre-Depends closure of the requested ones, first
// satisfiable alternative, minus what zig already provides (the C library, the compiler runtime,
// kernel headers) and what only a running Debian system needs (essential tools, debconf). The
// glibc the closure needs is the highest `libc6 (>= X)` it states.

import { TszigError } from '../errors.js';
import { compareDebianVersions, satisfies } from './debian-version.js';
import { formatAlternative, type Alternative, type DependencyGroup } from './depends.js';
import type { PackageEntry, PackagesIndex } from './packages-index.js';

/**
 * Packages that never go into a sysroot. zig brings glibc (headers, crt files, stub libraries),
 * libgcc/compiler-rt, libc++ and the kernel headers; Debian's copies would shadow them. The rest
 * are programs a running system needs, never a build.
 */
const PROVIDED_BY_ZIG = [
  /^libc6(\.1)?(-dev)?$/,
  /^libc-dev$/,
  /^libc-dev-bin$/,
  /^libc-bin$/,
  /^libc-l10n$/,
  /^libgcc-s[0-9]+$/,
  /^libgcc1$/,
  /^libgcc-[0-9]+-dev$/,
  /^libstdc\+\+6$/,
  /^libstdc\+\+-[0-9]+-dev$/,
  /^libstdc\+\+-dev$/,
  /^gcc-[0-9]+-base$/,
  /^linux-libc-dev$/,
] as const;

const SYSTEM_ONLY = new Set(['debconf', 'debconf-2.0', 'cdebconf', 'dpkg', 'perl-base', 'install-info', 'init-system-helpers', 'adduser', 'lsb-base', 'sysvinit-utils', 'sensible-utils', 'tzdata', 'ucf', 'passwd', 'login', 'base-files']);

/** The glibc packages whose `>=` constraints state the glibc a package needs. */
const GLIBC_PACKAGES = new Set(['libc6', 'libc6.1']);

export function providedByZig(name: string): boolean {
  return PROVIDED_BY_ZIG.some((re) => re.test(name));
}

function leftOut(name: string, index: PackagesIndex): boolean {
  if (providedByZig(name) || SYSTEM_ONLY.has(name)) return true;
  return index.get(name)?.essential === true;
}

export interface ChosenPackage {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
}

export interface GlibcFloor {
  /** major.minor */
  readonly version: string;
  /** The package whose dependency states it. */
  readonly by: string;
}

export interface Closure {
  /** In a stable order (by name). */
  readonly packages: readonly ChosenPackage[];
  readonly glibcFloor: GlibcFloor | undefined;
  /** What was left out because zig or a running system provides it, for the log. */
  readonly leftOut: readonly string[];
}

export class PackageResolutionError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_SYSROOT_PACKAGE', message, { hint });
  }
}

export interface ClosureContext {
  /** Debian architecture (`arm64`). */
  readonly arch: string;
  /** `bookworm main`, for messages. */
  readonly where: string;
  /** Answers whether a package missing here exists for other architectures (for a better error). */
  readonly elsewhere?: (name: string) => readonly string[];
}

/** major.minor of a glibc version as Debian writes it (`2.34`, `2.36-9`, `2.28~`). */
export function glibcMajorMinor(version: string): string | undefined {
  const m = /^(?:\d+:)?(\d+)\.(\d+)/.exec(version);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

function missing(name: string, ctx: ClosureContext, neededBy: string | undefined, shown = name): PackageResolutionError {
  const other = ctx.elsewhere?.(name) ?? [];
  const chain = neededBy ? ` (needed by ${neededBy})` : '';
  if (other.length > 0) {
    return new PackageResolutionError(
      `package ${shown}${chain} has no build for ${ctx.arch} in ${ctx.where} (it exists for ${other.join(', ')})`,
      `drop it from the target's packages, or use a crate feature that builds the library from source (often "vendored" or "bundled")`,
    );
  }
  return new PackageResolutionError(
    `no package ${shown}${chain} in ${ctx.where} for ${ctx.arch}`,
    neededBy ? 'the archive may be mid-update; try again later, or name another suite' : 'check the name (Debian package names, e.g. libssl-dev, zlib1g-dev), or name another suite',
  );
}

/** Resolves one alternative: a real package, or the first package that provides the name. */
function pick(alt: Alternative, index: PackagesIndex): PackageEntry | undefined {
  const real = index.get(alt.name);
  if (real) return real;
  if (alt.op) return undefined; // a versioned dependency needs a real package (or a versioned Provides)
  const providers = index.providersOf(alt.name);
  return providers.length > 0 ? index.get([...providers].sort()[0] as string) : undefined;
}

export function resolveClosure(index: PackagesIndex, requested: readonly string[], ctx: ClosureContext): Closure {
  const chosen = new Map<string, PackageEntry>();
  const skipped = new Set<string>();
  let floor: GlibcFloor | undefined;
  const queue: { entry: PackageEntry; by: string | undefined }[] = [];

  const add = (entry: PackageEntry, by: string | undefined): void => {
    if (chosen.has(entry.name)) return;
    chosen.set(entry.name, entry);
    queue.push({ entry, by });
  };
  for (const name of requested) {
    if (leftOut(name, index)) {
      throw new PackageResolutionError(
        `package ${name} cannot go into a sysroot: ${providedByZig(name) ? 'zig provides the C library, its headers and the compiler runtime' : 'it is part of a running Debian system, not of a build'}`,
        `remove ${name} from the target's packages`,
      );
    }
    const entry = index.get(name);
    if (!entry) throw missing(name, ctx, undefined);
    add(entry, undefined);
  }

  const noteGlibc = (group: DependencyGroup, by: string): void => {
    for (const alt of group) {
      if (!GLIBC_PACKAGES.has(alt.name) || !alt.version || (alt.op !== '>=' && alt.op !== '>>')) continue;
      const v = glibcMajorMinor(alt.version);
      if (v && (!floor || compareDebianVersions(v, floor.version) > 0)) floor = { version: v, by };
    }
  };

  while (queue.length > 0) {
    const { entry } = queue.shift() as { entry: PackageEntry; by: string | undefined };
    for (const group of [...entry.preDepends, ...entry.depends]) {
      noteGlibc(group, entry.name);
      // A group something outside the sysroot satisfies needs nothing from the archive.
      const outside = group.find((a) => leftOut(a.name, index));
      if (outside) {
        skipped.add(outside.name);
        continue;
      }
      let found: PackageEntry | undefined;
      for (const alt of group) {
        const candidate = chosen.get(alt.name) ?? pick(alt, index);
        if (!candidate) continue;
        if (alt.op && alt.version && candidate.name === alt.name && !satisfies(candidate.version, alt.op, alt.version)) continue;
        found = candidate;
        break;
      }
      if (!found) {
        const first = group[0] as Alternative;
        const have = index.get(first.name);
        if (have && first.op && first.version) {
          throw new PackageResolutionError(
            `${entry.name} ${entry.version} needs ${formatAlternative(first)}, but ${ctx.where} has ${first.name} ${have.version} for ${ctx.arch}`,
            'the archive may be mid-update; try again later, or name another suite',
          );
        }
        throw missing(first.name, ctx, entry.name, group.map(formatAlternative).join(' | '));
      }
      add(found, entry.name);
    }
  }

  const packages = [...chosen.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => ({ name: p.name, version: p.version, filename: p.filename, size: p.size, sha256: p.sha256 }));
  return { packages, glibcFloor: floor, leftOut: [...skipped].sort() };
}

// The machine paths that end up in build outputs, and the fixed names that stand for them in a
// reproducible build: one table, used for rustc (`--remap-path-prefix`) and for C and C++ through
// the shims (`-ffile-prefix-map`, which covers `__FILE__`, debug info and coverage).
//
// Pure: callers find the paths (see machine-paths.ts) and pass them in.

/** Each kind of machine path, and the fixed name it becomes. */
export const FIXED_NAMES = {
  /** The cargo workspace root (the checkout). */
  workspace: '/workspace',
  /** Cargo's target directory, when it is outside the workspace. */
  targetDir: '/target',
  /** CARGO_HOME: registry and git sources of dependencies. */
  cargoHome: '/cargo',
  /** rustc's sysroot (the standard library's sources, where installed). */
  rustSysroot: '/rust',
  /** Zig's lib directory: libc headers and sources, compiler-rt. */
  zigLib: '/zig/lib',
  /** Zig's global cache. */
  zigCache: '/zig/cache',
  /** tszig's cache (shims, overlays, sysroots). */
  tszigCache: '/tszig',
} as const;

export type PathKind = keyof typeof FIXED_NAMES;

export type MachinePaths = Partial<Readonly<Record<PathKind, string | undefined>>>;

export interface PathMapping {
  readonly kind: PathKind;
  /** The path on this machine (absolute, no trailing separator). */
  readonly from: string;
  readonly to: string;
}

/** Which kinds each compiler needs mapped. */
export const RUSTC_KINDS: readonly PathKind[] = ['workspace', 'targetDir', 'cargoHome', 'rustSysroot'];
export const C_KINDS: readonly PathKind[] = ['workspace', 'targetDir', 'cargoHome', 'zigLib', 'zigCache', 'tszigCache'];

/** A path without trailing separators (`/` itself stays), the spelling paths are compared in. */
export function trimmed(path: string): string {
  return path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
}

/**
 * The mappings for the given paths: each path as given and, when `realpath` resolves it to
 * something else (symlinks), that spelling too. Ordered from the least to the most specific
 * (shortest `from` first): rustc and clang's debug prefix maps apply the last match, clang's
 * macro prefix map the longest, so a path inside another (a target dir in the workspace, a
 * CARGO_HOME in the checkout) gets its own name either way. The root directory is never mapped.
 */
export function pathMappings(paths: MachinePaths, kinds: readonly PathKind[], realpath?: (path: string) => string | undefined): PathMapping[] {
  const byFrom = new Map<string, PathMapping>();
  for (const kind of kinds) {
    const path = paths[kind];
    if (!path) continue;
    const spellings = [trimmed(path), ...(realpath ? [realpath(path)].filter((p): p is string => p !== undefined).map(trimmed) : [])];
    for (const from of spellings) {
      if (from === '/' || from === '' || /^[A-Za-z]:$/.test(from) || byFrom.has(from)) continue;
      byFrom.set(from, { kind, from, to: FIXED_NAMES[kind] });
    }
  }
  return [...byFrom.values()].sort((a, b) => a.from.length - b.from.length || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** rustc's flags for the mappings (rustc splits at the last `=`, so a path may hold one). */
export function rustcRemapFlags(mappings: readonly PathMapping[]): string[] {
  return mappings.map((m) => `--remap-path-prefix=${m.from}=${m.to}`);
}

/**
 * clang's flags for the mappings. clang splits at the first `=`, so a path holding one cannot be
 * mapped; it is left out (and reported in `unmapped`).
 */
export function cPrefixMapFlags(mappings: readonly PathMapping[]): { flags: string[]; unmapped: PathMapping[] } {
  const flags: string[] = [];
  const unmapped: PathMapping[] = [];
  for (const m of mappings) {
    if (m.from.includes('=')) unmapped.push(m);
    else flags.push(`-ffile-prefix-map=${m.from}=${m.to}`);
  }
  return { flags, unmapped };
}

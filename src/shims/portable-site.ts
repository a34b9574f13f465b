// The machine-independent form of a compiler shim's site arguments. Compiler caches (sccache) hash
// the shim's bytes, never its site file, so the shim carries a digest of this form (see
// render-sh.ts, shimIdentity): two machines whose site files differ only in where things are get
// the same shim, and a site file that changes the output (another sysroot, prefix maps on or off)
// gets another one.

import { FIXED_NAMES, trimmed } from '../reproducible/path-map.js';

const PREFIX_MAP = '-ffile-prefix-map=';

export interface PortableSiteInput {
  /** The site arguments as the site file holds them. */
  readonly siteArgs: readonly string[];
  /** tszig's cache (sysroots, stubs, overlays live there). */
  readonly cacheDir: string;
  /** zig's global cache. */
  readonly zigCacheDir: string;
}

/** Whether a path that ends at `i` of `value` ends at a path boundary. */
function atBoundary(value: string, i: number): boolean {
  const next = value[i];
  return next === undefined || next === '/' || next === '\\' || next === '=';
}

/** `value` with each path in `names` (longest first) that ends at a boundary replaced, in one pass. */
function replacePaths(value: string, names: readonly (readonly [string, string])[]): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const hit = names.find(([from]) => value.startsWith(from, i) && atBoundary(value, i + from.length));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += value[i];
      i++;
    }
  }
  return out;
}

/**
 * The site arguments with tszig's cache, zig's cache and every path a `-ffile-prefix-map=FROM=TO`
 * names replaced by their fixed names (longest path first). The prefix maps themselves become
 * `-ffile-prefix-map=TO`, once each and sorted: how many spellings of a path a machine has
 * (symlinks) and their order do not change the output.
 */
export function portableSiteArgs(input: PortableSiteInput): string[] {
  const names = new Map<string, string>([
    [trimmed(input.cacheDir), FIXED_NAMES.tszigCache],
    [trimmed(input.zigCacheDir), FIXED_NAMES.zigCache],
  ]);
  const mapped = new Set<string>();
  const rest: string[] = [];
  for (const arg of input.siteArgs) {
    // clang splits the value at its first `=`.
    const eq = arg.startsWith(PREFIX_MAP) ? arg.indexOf('=', PREFIX_MAP.length) : -1;
    if (eq > PREFIX_MAP.length) {
      const to = arg.slice(eq + 1);
      names.set(trimmed(arg.slice(PREFIX_MAP.length, eq)), to);
      mapped.add(to);
    } else {
      rest.push(arg);
    }
  }
  const ordered = [...names].filter(([from]) => from !== '/' && from !== '').sort((a, b) => b[0].length - a[0].length);
  return [...rest.map((arg) => replacePaths(arg, ordered)), ...[...mapped].sort().map((to) => `${PREFIX_MAP}${to}`)];
}

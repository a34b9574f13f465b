// `tszig ci-cache`: the directories a CI cache should keep between runs (tszig's cache, with its zig
// installs, launchers and sysroots, and zig's global cache, with each target's C library pieces)
// and a key that changes whenever what they would hold changes. Nothing is downloaded or built:
// the key is needed before the cache is restored, so before zig is there.

import { createHash } from 'node:crypto';
import { loadProjectConfig, type ProjectConfig } from '../config/project-file.js';
import { TszigError, UsageError } from '../errors.js';
import type { EnvEntry } from '../env/env-map.js';
import { renderEnv, type EnvFormat } from '../env/render.js';
import { resolveCacheDir, resolveZigCacheDir, type Env } from '../platform/cache-dir.js';
import { ruleContext, ruleSetId } from '../shims/render-sh.js';
import { rulesFor } from '../shims/rules.js';
import { parseTarget } from '../target/parse.js';
import { UNIVERSAL2, UNIVERSAL2_PARTS } from '../target/table.js';
import { hostKey } from '../zig/archive-name.js';
import { chooseZigVersion } from '../zig/version-choice.js';

/** Bump when what the key covers changes meaning. */
export const CI_CACHE_KEY_FORMAT = '1';

export interface CiCacheInput {
  /** Targets as written (glibc suffixes, universal2 allowed). */
  readonly targets: readonly string[];
  readonly zigVersion: string;
  /** Per Rust target: the sysroot packages tszig.toml names. */
  readonly packages: Readonly<Record<string, readonly string[] | undefined>>;
  readonly host: string;
  readonly cacheDir: string;
  readonly zigCacheDir: string;
}

export interface CiCache {
  /** The exact key: changes with the host, the zig version, the targets, their rules and packages. */
  readonly key: string;
  /** A prefix of the key for a partial restore (same host and zig version). */
  readonly restoreKey: string;
  /** The directories to keep; a directory inside another one is left out. */
  readonly paths: readonly string[];
}

const inside = (dir: string, root: string): boolean => dir === root || dir.startsWith(root.endsWith('/') ? root : `${root}/`);

/** The key and paths for the given inputs (pure). */
export function ciCache(input: CiCacheInput): CiCache {
  const targets = [...new Set(input.targets.flatMap((t) => (t === UNIVERSAL2 ? [...UNIVERSAL2_PARTS] : [t])))].sort();
  const parts = targets.map((t) => {
    const target = parseTarget(t, { glibcMax: undefined, zigVersion: input.zigVersion });
    const rules = ruleSetId(rulesFor(ruleContext({ target, zigVersion: input.zigVersion, sdkRoot: undefined })));
    const packages = [...(input.packages[target.rust] ?? [])].sort().join(',');
    return `${t} ${rules} ${packages}`;
  });
  const digest = createHash('sha256').update([CI_CACHE_KEY_FORMAT, ...parts].join('\n')).digest('hex').slice(0, 16);
  const restoreKey = `tszig-${CI_CACHE_KEY_FORMAT}-${input.host}-zig-${input.zigVersion}-`;
  const dirs = [input.cacheDir, input.zigCacheDir];
  const paths = dirs.filter((d, i) => !dirs.some((other, j) => j !== i && inside(d, other) && (d !== other || j < i)));
  return { key: `${restoreKey}${digest}`, restoreKey, paths };
}

export interface CiCacheOptions {
  readonly targets: readonly string[];
  readonly zigVersion?: string | undefined;
  readonly format: EnvFormat;
  readonly env: Env;
  readonly cwd: string;
}

/** The variables TSZIG_CACHE_KEY, TSZIG_CACHE_RESTORE_KEY and TSZIG_CACHE_PATHS (newline-separated). */
export function ciCacheEntries(cache: CiCache): EnvEntry[] {
  return [
    { name: 'TSZIG_CACHE_KEY', value: cache.key },
    { name: 'TSZIG_CACHE_RESTORE_KEY', value: cache.restoreKey },
    { name: 'TSZIG_CACHE_PATHS', value: cache.paths.join('\n') },
  ];
}

function packagesOf(project: ProjectConfig): Record<string, readonly string[] | undefined> {
  return Object.fromEntries(Object.entries(project.targets).map(([t, s]) => [t, s.packages]));
}

/** `tszig ci-cache`: the rendered variables (the caller prints them to stdout). */
export async function ciCacheCommand(options: CiCacheOptions): Promise<string> {
  if (options.targets.length === 0) {
    throw new UsageError('tszig ci-cache needs at least one --target (the key covers each target)', 'e.g. tszig ci-cache --target aarch64-unknown-linux-gnu.2.17 --target x86_64-unknown-linux-musl');
  }
  const host = hostKey();
  if (!host) throw new TszigError('E_HOST', `zig publishes no build for this machine (${process.platform}/${process.arch})`, { hint: 'run the build on a machine zig supports' });
  const project = await loadProjectConfig(options.cwd);
  const cacheDir = resolveCacheDir(options.env, process.platform, undefined, options.cwd);
  const cache = ciCache({
    targets: options.targets,
    zigVersion: chooseZigVersion(options.zigVersion, options.env, project).version,
    packages: packagesOf(project),
    host,
    cacheDir,
    zigCacheDir: resolveZigCacheDir(options.env, cacheDir, options.cwd),
  });
  return renderEnv(ciCacheEntries(cache), options.format);
}

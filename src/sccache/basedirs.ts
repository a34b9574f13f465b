// SCCACHE_BASEDIRS for a cargo run: the user's own base directories (the variable, else `basedirs`
// in sccache's config file, which the variable would otherwise replace), then the machine paths
// tszig maps to fixed names for C and C++. sccache strips them from the preprocessed text before
// hashing it, so two checkouts at different paths share C/C++ results (docs/sccache.md).

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../platform/cache-dir.js';
import { C_KINDS, pathMappings, trimmed, type MachinePaths } from '../reproducible/path-map.js';

/** sccache's separator for SCCACHE_BASEDIRS: `;` on Windows, `:` elsewhere. */
export function basedirsDelimiter(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? ';' : ':';
}

/** Where sccache reads its config file: SCCACHE_CONF, else the platform's default. */
export function sccacheConfigPath(env: Env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.SCCACHE_CONF) return env.SCCACHE_CONF;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Mozilla.sccache', 'config');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Mozilla', 'sccache', 'config', 'config');
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(xdg, 'sccache', 'config');
}

/** `basedirs` from sccache's config file (none when the file is missing or has none). */
export async function configBasedirs(env: Env, platform: NodeJS.Platform = process.platform, home = homedir()): Promise<string[]> {
  let text: string;
  try {
    text = readFileSync(sccacheConfigPath(env, platform, home), 'utf8');
  } catch {
    return [];
  }
  try {
    const { parse } = await import('smol-toml');
    const value = (parse(text) as { basedirs?: unknown }).basedirs;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return []; // sccache itself reports a broken config file
  }
}

/** The same directory, spelled as sccache compares it: no trailing separators. */
export const normalizeBasedir = trimmed;

export interface BasedirsInput {
  readonly paths: MachinePaths;
  /** The user's own: SCCACHE_BASEDIRS's entries, else the config file's. */
  readonly user: readonly string[];
  readonly platform?: NodeJS.Platform;
  readonly realpath?: (path: string) => string | undefined;
}

export interface Basedirs {
  /** Every directory, the user's first, each once. */
  readonly dirs: readonly string[];
  /** tszig's own, for checking a running server. */
  readonly ours: readonly string[];
  /** Paths that hold the separator and so cannot be named (sccache would split them). */
  readonly unusable: readonly string[];
}

/** The base directories for this machine's paths (C and C++ kinds, every spelling). */
export function sccacheBasedirs(input: BasedirsInput): Basedirs {
  const delimiter = basedirsDelimiter(input.platform);
  const unusable: string[] = [];
  const ours: string[] = [];
  for (const m of pathMappings(input.paths, C_KINDS, input.realpath)) {
    if (m.from.includes(delimiter)) unusable.push(m.from);
    else ours.push(normalizeBasedir(m.from));
  }
  const dirs = [...new Set([...input.user.map(normalizeBasedir), ...ours])].filter((d) => d !== '');
  return { dirs, ours: [...new Set(ours)], unusable };
}

/** The user's base directories: SCCACHE_BASEDIRS when set, else sccache's config file. */
export async function userBasedirs(env: Env, platform: NodeJS.Platform = process.platform): Promise<string[]> {
  if (env.SCCACHE_BASEDIRS !== undefined) return env.SCCACHE_BASEDIRS.split(basedirsDelimiter(platform)).filter((d) => d !== '');
  return configBasedirs(env, platform);
}

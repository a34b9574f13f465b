// The rustflags cargo would use for a target, found the way cargo finds them, so that tszig can
// add its own without dropping the user's. Cargo takes exactly one source, the first that is set:
//   1. CARGO_ENCODED_RUSTFLAGS (split on 0x1f; empty means none)
//   2. RUSTFLAGS (split on spaces)
//   3. target.<triple>.rustflags (plus CARGO_TARGET_<T>_RUSTFLAGS) and every matching
//      target.'cfg(…)'.rustflags, joined
//   4. build.rustflags (plus CARGO_BUILD_RUSTFLAGS)
// Arrays from several config files are joined, lower precedence first. tszig then sets
// CARGO_ENCODED_RUSTFLAGS, which wins over all of them, to the user's flags followed by its own.

import { ConfigError, TszigError } from '../errors.js';
import type { CargoConfig } from '../cargo/config.js';
import type { Env } from '../platform/cache-dir.js';
import { cargoTargetKey } from '../target/env-names.js';
import { cfgMatches, type CfgSet } from './cfg-expr.js';

export type RustflagsSource = 'CARGO_ENCODED_RUSTFLAGS' | 'RUSTFLAGS' | 'target' | 'build' | 'none';

export interface UserRustflags {
  readonly source: RustflagsSource;
  readonly flags: readonly string[];
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

function listValue(value: unknown, where: string): string[] {
  if (typeof value === 'string') return words(value);
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  throw new ConfigError(`${where} must be a string or an array of strings`, 'e.g. rustflags = ["-C", "target-cpu=native"]');
}

/** The joined list at `path` over every config layer and the environment; undefined when unset. */
function joined(config: CargoConfig, path: readonly string[], envValue: string | undefined): string[] | undefined {
  const layers = config.all(path);
  if (layers.length === 0 && envValue === undefined) return undefined;
  const flags = layers.filter((l) => l.kind === 'file').flatMap((l) => listValue(l.value, `${path.join('.')} in ${l.source}`));
  if (envValue !== undefined) flags.push(...words(envValue));
  flags.push(...layers.filter((l) => l.kind === 'cli').flatMap((l) => listValue(l.value, `${path.join('.')} in ${l.source}`)));
  return flags;
}

/** The `target.'cfg(…)'` keys that set rustflags in any layer, sorted. */
export function cfgRustflagsKeys(config: CargoConfig): string[] {
  const keys = new Set<string>();
  for (const layer of config.all(['target'])) {
    if (typeof layer.value !== 'object' || layer.value === null) continue;
    for (const [key, table] of Object.entries(layer.value as Record<string, unknown>)) {
      if (key.startsWith('cfg(') && typeof table === 'object' && table !== null && 'rustflags' in table) keys.add(key);
    }
  }
  return [...keys].sort();
}

/**
 * The user's rustflags for `target`. `cfg` (rustc's cfg values for the target) is needed only when
 * cfgRustflagsKeys() is not empty; without it such keys are an error.
 */
export function userRustflags(target: string, env: Env, config: CargoConfig, cfg?: CfgSet): UserRustflags {
  const encoded = env.CARGO_ENCODED_RUSTFLAGS;
  if (encoded !== undefined) return { source: 'CARGO_ENCODED_RUSTFLAGS', flags: encoded === '' ? [] : encoded.split('\x1f') };
  if (env.RUSTFLAGS !== undefined) return { source: 'RUSTFLAGS', flags: env.RUSTFLAGS.split(' ').map((s) => s.trim()).filter((s) => s !== '') };

  const triple = joined(config, ['target', target, 'rustflags'], env[`CARGO_TARGET_${cargoTargetKey(target)}_RUSTFLAGS`]);
  const cfgKeys = cfgRustflagsKeys(config);
  if (cfgKeys.length > 0 && !cfg) throw new Error(`rustc's cfg for ${target} is needed to read ${cfgKeys.join(', ')}`);
  const matching = cfgKeys.filter((key) => {
    try {
      return cfgMatches(key, cfg as CfgSet);
    } catch (err) {
      throw new ConfigError(`cargo config key target.'${key}' is not a cfg expression cargo would read: ${(err as Error).message}`, 'fix the key; cargo would reject it too', err);
    }
  });
  if (triple !== undefined || matching.length > 0) {
    return { source: 'target', flags: [...(triple ?? []), ...matching.flatMap((key) => joined(config, ['target', key, 'rustflags'], undefined) ?? [])] };
  }
  const build = joined(config, ['build', 'rustflags'], env.CARGO_BUILD_RUSTFLAGS);
  if (build !== undefined) return { source: 'build', flags: build };
  return { source: 'none', flags: [] };
}

/**
 * CARGO_ENCODED_RUSTFLAGS for one cargo run: the user's flags, then tszig's. One value serves
 * every target of the run, so the targets' own flags must agree (they always do for one target).
 */
export function encodedRustflags(perTarget: readonly { readonly target: string; readonly user: UserRustflags }[], ours: readonly string[]): string {
  const [first, ...rest] = perTarget;
  const differing = rest.find((t) => t.user.flags.join('\x1f') !== first?.user.flags.join('\x1f'));
  if (first && differing) {
    throw new TszigError('E_RUSTFLAGS', `${first.target} and ${differing.target} have different rustflags (${first.user.flags.join(' ') || 'none'} / ${differing.user.flags.join(' ') || 'none'}), and one cargo run takes one set of reproducible-build flags`, {
      hint: 'build those targets in separate runs, give them the same rustflags (RUSTFLAGS), or pass --no-reproducible',
    });
  }
  const flags = [...(first?.user.flags ?? []), ...ours];
  for (const f of flags) {
    if (f.includes('\x1f')) throw new TszigError('E_RUSTFLAGS', `a rustflag holds the 0x1f separator: ${JSON.stringify(f)}`, { hint: 'remove the control character' });
  }
  return flags.join('\x1f');
}

// The environment that points cargo, cc-rs and friends at a target's shims. A value the user set
// (in any spelling the consumer reads, or in cargo config) wins over tszig's.

import type { CargoConfig } from '../cargo/config.js';
import type { Env } from '../platform/cache-dir.js';
import type { ShimSet } from '../shims/materialize.js';
import { cargoTargetKey, targetSuffix } from '../target/env-names.js';
import type { ResolvedTarget } from '../target/parse.js';

export interface EnvEntry {
  readonly name: string;
  readonly value: string;
}

export interface SkippedEntry {
  readonly name: string;
  /** Where the user's own value comes from. */
  readonly because: string;
}

export interface TargetEnv {
  readonly set: readonly EnvEntry[];
  readonly skipped: readonly SkippedEntry[];
}

export interface TargetEnvInput {
  readonly target: ResolvedTarget;
  readonly shims: ShimSet;
  readonly env: Env;
  /** Cargo config, to respect `target.<triple>.linker`; omitted when no config applies. */
  readonly config?: CargoConfig | undefined;
}

export function targetEnv(input: TargetEnvInput): TargetEnv {
  const { target, shims, env } = input;
  const t = targetSuffix(target.rust);
  const set: EnvEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const offer = (name: string, value: string, userForms: readonly string[]): void => {
    const user = userForms.find((n) => env[n]);
    if (user) skipped.push({ name, because: user });
    else set.push({ name, value });
  };
  // cc-rs reads CC_<triple> before CC_<triple with _>; either one set by the user wins.
  for (const [tool, path] of [['CC', shims.cc], ['CXX', shims.cxx], ['AR', shims.ar], ['RANLIB', shims.ranlib]] as const) {
    offer(`${tool}_${t}`, path, [`${tool}_${target.rust}`, `${tool}_${t}`]);
  }
  const linkerVar = `CARGO_TARGET_${cargoTargetKey(target.rust)}_LINKER`;
  const configured = input.config?.get(['target', target.rust, 'linker']);
  if (configured && !env[linkerVar]) skipped.push({ name: linkerVar, because: `target.${target.rust}.linker in ${configured.source}` });
  else offer(linkerVar, shims.cc, [linkerVar]);
  return { set, skipped };
}

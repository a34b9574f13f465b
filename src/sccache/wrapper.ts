// Whether cargo will run rustc through sccache, and where that sccache is. Cargo takes its rustc
// wrapper from RUSTC_WRAPPER (an empty value turns a configured one off), else build.rustc-wrapper
// (--config > CARGO_BUILD_RUSTC_WRAPPER > config files). cc-rs then puts the same wrapper in front
// of the C compiler when its file stem is `sccache` (docs/sccache.md).

import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import type { CargoConfig } from '../cargo/config.js';
import type { Env } from '../platform/cache-dir.js';
import { findOnPath, isExecutableFile } from '../platform/on-path.js';

export interface RustcWrapper {
  /** The value as cargo reads it. */
  readonly value: string;
  /** Where it was set: `RUSTC_WRAPPER`, `CARGO_BUILD_RUSTC_WRAPPER` or a config file. */
  readonly from: string;
  /** The directory a relative path with a separator is taken from (as cargo does). */
  readonly base: string;
}

export interface SccacheWrapper extends RustcWrapper {
  /**
   * The absolute path of the program: a bare name looked up in PATH's absolute entries only, a
   * relative path taken from `base`; undefined when there is no such program.
   */
  readonly path: string | undefined;
}

/** The rustc wrapper cargo will use, or undefined for none. */
export function rustcWrapper(env: Env, config: CargoConfig | undefined, cwd: string): RustcWrapper | undefined {
  if (env.RUSTC_WRAPPER !== undefined) return env.RUSTC_WRAPPER === '' ? undefined : { value: env.RUSTC_WRAPPER, from: 'RUSTC_WRAPPER', base: cwd };
  const fromCli = config?.get(['build', 'rustc-wrapper'], 'cli');
  const fromEnv = env.CARGO_BUILD_RUSTC_WRAPPER;
  const found = fromCli ?? (fromEnv !== undefined ? undefined : config?.get(['build', 'rustc-wrapper']));
  if (!found) return fromEnv ? { value: fromEnv, from: 'CARGO_BUILD_RUSTC_WRAPPER', base: cwd } : undefined;
  if (typeof found.value !== 'string' || found.value === '') return undefined;
  // A config file's relative paths are taken from the directory holding its `.cargo` directory.
  const base = found.source.startsWith('--config ') ? cwd : dirname(dirname(found.source));
  return { value: found.value, from: `build.rustc-wrapper in ${found.source}`, base };
}

/** Whether a wrapper is sccache, by its file stem, as cc-rs decides (`sccache`, `sccache.exe`). */
export function isSccache(value: string): boolean {
  const name = basename(value.replace(/\\/g, '/'));
  return name.slice(0, name.length - extname(name).length) === 'sccache';
}

/** cargo's rustc wrapper when it is sccache, with its absolute path when it can be found. */
export function sccacheWrapper(env: Env, config: CargoConfig | undefined, cwd: string): SccacheWrapper | undefined {
  const wrapper = rustcWrapper(env, config, cwd);
  if (!wrapper || !isSccache(wrapper.value)) return undefined;
  if (!/[\\/]/.test(wrapper.value)) return { ...wrapper, path: findOnPath(wrapper.value, env.PATH, env) };
  const path = isAbsolute(wrapper.value) ? wrapper.value : resolve(wrapper.base, wrapper.value);
  return { ...wrapper, path: isExecutableFile(path) ? path : undefined };
}

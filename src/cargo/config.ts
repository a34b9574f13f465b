// Reads the few cargo configuration values tszig needs, with cargo's own precedence:
// --config arguments > CARGO_* environment > .cargo/config.toml from the cwd upwards > $CARGO_HOME.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';

interface Layer {
  /** `cli` layers (--config) outrank CARGO_* environment variables; `file` layers do not. */
  readonly kind: 'cli' | 'file';
  readonly source: string;
  readonly data: Record<string, unknown>;
}

export interface ConfigValue {
  readonly value: unknown;
  readonly source: string;
}

export interface LayerValue extends ConfigValue {
  readonly kind: Layer['kind'];
}

export class CargoConfig {
  constructor(private readonly layers: readonly Layer[]) {}

  /** The value at a dotted path (`build.target`) from the highest-precedence layer that has it. */
  get(path: readonly string[], kind?: Layer['kind']): ConfigValue | undefined {
    for (const layer of this.layers) {
      if (kind && layer.kind !== kind) continue;
      let node: unknown = layer.data;
      for (const key of path) {
        node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
      }
      if (node !== undefined) return { value: node, source: layer.source };
    }
    return undefined;
  }

  /**
   * Every layer's value at a dotted path, lowest precedence first, the order in which cargo joins
   * arrays: $CARGO_HOME, the config files from the root down to the cwd, then --config arguments
   * in the order given. (CARGO_* environment variables sit between files and --config; callers add them.)
   */
  all(path: readonly string[]): LayerValue[] {
    const out: LayerValue[] = [];
    for (const layer of this.layers) {
      let node: unknown = layer.data;
      for (const key of path) {
        node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
      }
      if (node !== undefined) out.push({ value: node, source: layer.source, kind: layer.kind });
    }
    const files = out.filter((v) => v.kind === 'file').reverse();
    return [...files, ...out.filter((v) => v.kind === 'cli')];
  }
}

/** Loads the configuration; the TOML parser is only loaded when there is something to parse. */
export async function loadCargoConfig(cwd: string, env: Env, configArgs: readonly string[]): Promise<CargoConfig> {
  const files = configFiles(cwd, env);
  if (files.length === 0 && configArgs.length === 0) return new CargoConfig([]);
  const { parse } = await import('smol-toml');
  const layers: Layer[] = [];
  for (const arg of configArgs) {
    const asFile = resolve(cwd, arg);
    if (!arg.includes('=') && existsSync(asFile)) layers.push(readLayer(asFile, 'cli', parse));
    else layers.push({ kind: 'cli', source: `--config ${arg}`, data: parseLayer(arg, `--config ${arg}`, parse) });
  }
  for (const file of files) layers.push(readLayer(file, 'file', parse));
  return new CargoConfig(layers);
}

type TomlParse = (text: string) => unknown;

/** Config files cargo reads, nearest first: each ancestor's .cargo/config.toml, then $CARGO_HOME. */
function configFiles(cwd: string, env: Env): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (dir: string): void => {
    for (const name of ['config.toml', 'config']) {
      const f = join(dir, name);
      if (existsSync(f) && !seen.has(f)) {
        files.push(f);
        seen.add(f);
        return;
      }
    }
  };
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    add(join(dir, '.cargo'));
    if (dirname(dir) === dir) break;
  }
  add(env.CARGO_HOME || join(homedir(), '.cargo'));
  return files;
}

function readLayer(file: string, kind: Layer['kind'], parse: TomlParse): Layer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read cargo config ${file}`, 'check the file permissions', err);
  }
  return { kind, source: file, data: parseLayer(text, file, parse) };
}

function parseLayer(text: string, source: string, parse: TomlParse): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`cargo config ${source} is not valid TOML: ${(err as Error).message.split('\n')[0]}`, 'fix the TOML syntax; cargo would reject it too', err);
  }
}

/** Targets from the environment or cargo config, as cargo would pick them when no --target is given. */
export function configuredTargets(config: CargoConfig, env: Env): { targets: string[]; source: string } | undefined {
  const fromCli = config.get(['build', 'target'], 'cli');
  if (!fromCli && env.CARGO_BUILD_TARGET) return { targets: [env.CARGO_BUILD_TARGET], source: 'CARGO_BUILD_TARGET' };
  const found = fromCli ?? config.get(['build', 'target']);
  if (!found) return undefined;
  const v = found.value;
  if (typeof v === 'string') return { targets: [v], source: found.source };
  if (Array.isArray(v) && v.every((t): t is string => typeof t === 'string')) return { targets: v, source: found.source };
  throw new ConfigError(`build.target in ${found.source} must be a string or an array of strings`, 'e.g. build.target = "aarch64-unknown-linux-gnu"');
}

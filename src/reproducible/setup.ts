// --reproducible for a cargo run: what the C compiler shims append (prefix maps, through their
// site files) and what cargo gets (CARGO_ENCODED_RUSTFLAGS with the user's flags and the path
// remapping, SOURCE_DATE_EPOCH).

import type { CargoConfig } from '../cargo/config.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import { resolveCommand } from '../platform/on-path.js';
import { runCapture } from '../process/capture.js';
import { TszigError } from '../errors.js';
import { parseCfgOutput, type CfgSet } from './cfg-expr.js';
import { resolve } from 'node:path';
import { cargoWorkspace, machinePaths, realpathOf, zigLibDir, type WorkspaceInfo } from './machine-paths.js';
import { C_KINDS, cPrefixMapFlags, pathMappings, RUSTC_KINDS, rustcRemapFlags, type MachinePaths } from './path-map.js';
import { cfgRustflagsKeys, encodedRustflags, userRustflags } from './rustflags.js';
import { sourceDateEpoch } from './source-date.js';

export interface Reproducible {
  readonly epoch: number;
  readonly workspace: WorkspaceInfo;
}

/** Reads SOURCE_DATE_EPOCH and asks cargo for the workspace (before anything is written). */
export async function startReproducible(command: string, baseArgs: readonly string[], args: readonly string[], env: Env, cwd: string): Promise<Reproducible> {
  const epoch = sourceDateEpoch(env);
  return { epoch, workspace: await cargoWorkspace(command, baseArgs, args, env, cwd) };
}

export interface PathsInput {
  readonly env: Env;
  readonly rustSysroot: string | undefined;
  readonly tszigCacheDir: string;
}

/** The machine paths known before zig is (rustc's and cargo's); withZigPaths adds zig's. */
export function pathsOf(r: Reproducible, input: PathsInput): MachinePaths {
  return machinePaths({ workspace: r.workspace, ...input });
}

export async function withZigPaths(paths: MachinePaths, zigPath: string, zigCacheDir: string): Promise<MachinePaths> {
  return { ...paths, zigLib: await zigLibDir(zigPath), zigCache: resolve(zigCacheDir) };
}

/** The arguments the compiler shims append to every call (their site files carry them). */
export function cSiteArgs(paths: MachinePaths, logger: Logger): string[] {
  const { flags, unmapped } = cPrefixMapFlags(pathMappings(paths, C_KINDS, realpathOf));
  for (const m of unmapped) logger.warn(`reproducible: ${m.from} holds '=', which clang's -ffile-prefix-map cannot take; C outputs may keep that path`);
  return flags;
}

async function rustcCfg(rustc: string, target: string, env: Env, cwd: string): Promise<CfgSet> {
  const full = { ...process.env, ...env };
  // A bare `rustc` is looked up in PATH's absolute entries only (never the working directory).
  const command = resolveCommand(rustc, full.PATH);
  try {
    if (!command) throw new Error('not on PATH');
    return parseCfgOutput((await runCapture(command, ['--print', 'cfg', '--target', target], { env: full, cwd })).stdout);
  } catch (err) {
    throw new TszigError('E_RUSTC', `cannot ask ${rustc} for the cfg of ${target}: ${(err as Error).message.split('\n')[0]}`, { hint: 'check that the toolchain has the target', cause: err });
  }
}

export interface RustEnvInput {
  readonly reproducible: Reproducible;
  readonly paths: MachinePaths;
  /** The Rust targets of each cargo run. */
  readonly runs: readonly (readonly string[])[];
  readonly env: Env;
  readonly config: CargoConfig;
  readonly rustc: string;
  readonly cwd: string;
}

/** The variables each run's cargo gets, in the order of `runs`. */
export async function reproducibleCargoEnv(input: RustEnvInput): Promise<Record<string, string>[]> {
  const ours = rustcRemapFlags(pathMappings(input.paths, RUSTC_KINDS, realpathOf));
  const needCfg = input.env.CARGO_ENCODED_RUSTFLAGS === undefined && input.env.RUSTFLAGS === undefined && cfgRustflagsKeys(input.config).length > 0;
  const cfgs = new Map<string, CfgSet>();
  const out: Record<string, string>[] = [];
  for (const targets of input.runs) {
    const perTarget = [];
    for (const target of targets) {
      if (needCfg && !cfgs.has(target)) cfgs.set(target, await rustcCfg(input.rustc, target, input.env, input.cwd));
      perTarget.push({ target, user: userRustflags(target, input.env, input.config, cfgs.get(target)) });
    }
    out.push({ CARGO_ENCODED_RUSTFLAGS: encodedRustflags(perTarget, ours), SOURCE_DATE_EPOCH: String(input.reproducible.epoch) });
  }
  return out;
}

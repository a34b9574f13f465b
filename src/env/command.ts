// `tszig env`: the environment `cargo tszig` would give cargo, printed for a shell or a tool.

import { loadCargoConfig } from '../cargo/config.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import type { EnvEntry } from './env-map.js';
import { GoEnvError, goEnv } from './go-env.js';
import { prependedValues, withoutPrepended } from './path-list.js';
import { prepareTargets } from './prepare.js';
import { pkgConfigVars } from '../sysroot/wiring.js';
import { canUnset, ENV_FORMATS, renderEnv, renderUnset, type EnvFormat } from './render.js';
import { sccacheWrapper } from '../sccache/wrapper.js';

export interface EnvCommandOptions {
  readonly targets: readonly string[];
  readonly format: EnvFormat;
  /** Also set plain CC, CXX, AR and RANLIB (one target only), for C projects. */
  readonly cc?: boolean;
  /** Print the inverse: unset what a previous `tszig env` set. */
  readonly unset?: boolean;
  /** What `go build` needs for cgo instead (one target): CC, CXX, CGO_ENABLED, GOOS, GOARCH, … */
  readonly go?: boolean;
  readonly zig?: string | undefined;
  readonly zigVersion?: string | undefined;
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
}

/** Returns the rendered environment for the targets (the caller prints it to stdout). */
export async function envCommand(options: EnvCommandOptions): Promise<string> {
  if (options.targets.length === 0) {
    throw new UsageError('tszig env needs at least one --target', 'e.g. tszig env --target aarch64-unknown-linux-gnu.2.17');
  }
  if (options.cc && options.targets.length !== 1) {
    throw new UsageError(`--cc sets plain CC and CXX, which only make sense for one target (got ${options.targets.length})`, 'pass one --target with --cc');
  }
  if (options.go && options.targets.length !== 1) {
    throw new GoEnvError(`go builds for one GOOS/GOARCH at a time; --go needs exactly one --target (got ${options.targets.length})`, 'e.g. tszig env --go --target aarch64-unknown-linux-gnu.2.17');
  }
  if (options.go && options.cc) throw new GoEnvError('--go already sets CC and CXX (for go); --cc cannot be added', 'drop --cc');
  if (options.unset && !canUnset(options.format)) {
    throw new UsageError(`--unset is not available for --format ${options.format}`, `use one of: ${ENV_FORMATS.filter(canUnset).join(', ')}`);
  }
  const config = await loadCargoConfig(options.cwd, options.env, []);
  const prepared = await prepareTargets({
    targets: options.targets,
    zigFlag: options.zig,
    zigVersion: options.zigVersion,
    env: options.env,
    cwd: options.cwd,
    config,
    logger: options.logger,
    runners: options.go ? undefined : 'offer',
    // sccache as cargo's rustc wrapper here: the CMake toolchain files put it before each compile too.
    compilerLauncher: sccacheWrapper(options.env, config, options.cwd)?.path,
  });
  if (options.go) {
    const [only] = prepared.targets;
    if (!only) throw new Error('unreachable: one target prepared');
    const entries = goEnv(only.target, only.shims);
    if (!options.unset) return renderEnv(entries, options.format);
    return renderUnset(entries.filter((e) => options.env[e.name] === e.value).map((e) => e.name), options.format);
  }
  // universal2's halves may both set a variable (SDKROOT) to the same value: print it once.
  const entries: EnvEntry[] = [...new Map(prepared.targets.flatMap((t) => t.env.set).map((e) => [`${e.name}=${e.value}`, e])).values()];
  const only = prepared.targets[0];
  if (options.cc && only) {
    const s = only.shims;
    entries.push({ name: 'CC', value: s.cc }, { name: 'CXX', value: s.cxx }, { name: 'AR', value: s.ar }, { name: 'RANLIB', value: s.ranlib });
    // A C project's own `pkg-config` calls read the plain names.
    if (only.sysroot) entries.push(...pkgConfigVars(only.sysroot));
  }
  const prepends = prepared.targets.flatMap((t) => t.env.prepend);
  if (options.unset) {
    // Only what a previous run set: variables still holding the value tszig gives them (also
    // those reported as the user's now, since that run's values are in the environment).
    const ours = [...entries, ...prepared.targets.flatMap((t) => t.env.skipped)].filter((e) => options.env[e.name] === e.value);
    // PATH and WINEPATH: take out the entries tszig put first, keep the rest.
    const lists = withoutPrepended(prepends, options.env);
    const emptied = lists.filter((l) => l.value === undefined).map((l) => l.name);
    const kept = lists.flatMap((l) => (l.value === undefined ? [] : [{ name: l.name, value: l.value }]));
    return renderUnset([...new Set([...ours.map((e) => e.name), ...emptied])], options.format) + (kept.length > 0 ? renderEnv(kept, options.format) : '');
  }
  for (const t of prepared.targets) {
    for (const s of t.env.skipped) options.logger.info(`${s.name} not printed: your ${s.because} wins`);
  }
  entries.push(...prependedValues(prepends, options.env));
  return renderEnv(entries, options.format);
}

// Plans a cargo run: which cargo, which arguments, which environment. The plan is data; running it
// is a separate step, and `--print-plan` prints it instead.

import { prependedValues } from '../env/path-list.js';
import { prepareTargets, type PreparedTarget } from '../env/prepare.js';
import { TszigError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import type { ZigInstall } from '../zig/resolve.js';
import { splitGlibcSuffix } from '../target/parse.js';
import { withAddedTargets, withoutTargets, withTargets, type CargoArgv } from './argv.js';
import { planDistRuns, type DistPlan } from './dist.js';
import { UsageError } from '../errors.js';
import { configuredTargets, loadCargoConfig } from './config.js';
import { hostTargetEnv } from './host-target.js';
import { UNIVERSAL2 } from '../target/table.js';
import { resolve } from 'node:path';
import { expandUniversal2, knownTargetDir, profileDir, type Universal2Merge } from './universal2.js';
import { hasTargetStd, missingStdError, rustcCommand, rustcInfoCached, type RustcInfo } from './toolchain.js';
import { resolveCacheDir } from '../platform/cache-dir.js';
import { resolveCommand } from '../platform/on-path.js';

export interface CargoPlan {
  readonly command: string;
  readonly args: readonly string[];
  /** Variables added to (or overriding) the inherited environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly targets: readonly PreparedTarget[];
  readonly zig: ZigInstall | undefined;
  readonly zigCacheDir: string | undefined;
  /** Whether cargo will link (so zig's cache is worth warming first). */
  readonly links: boolean;
  /** universal2-apple-darwin: merge both macOS builds once cargo succeeded. */
  readonly universal2: Universal2Merge | undefined;
  /** `--dist DIR`: one cargo run per requested target instead of `args`. */
  readonly dist: DistPlan | undefined;
}

export interface PlanOptions {
  readonly argv: CargoArgv;
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
}

/** Subcommands that compile but never link, where warming zig's libc is wasted time. */
const NO_LINK = new Set(['check', 'clippy', 'doc', 'c', 'fetch', 'metadata', 'tree', 'fmt', 'clean']);

/** Subcommands that run what they build, and so need a runner for foreign targets. */
const RUNS = new Set(['run', 'r', 'test', 't', 'bench']);

/** Subcommands after which universal2 artifacts are merged. */
const MERGES = new Set(['build', 'b', 'rustc']);

/** Subcommands that take `--target`; targets from config are only added for these. */
const TAKES_TARGET = new Set(['build', 'b', 'check', 'c', 'test', 't', 'run', 'r', 'clippy', 'doc', 'd', 'rustc', 'install', 'bench']);

export async function planCargo(options: PlanOptions): Promise<CargoPlan> {
  const { argv, logger, cwd } = options;
  const env: Env = argv.toolchain ? { ...options.env, RUSTUP_TOOLCHAIN: argv.toolchain } : options.env;
  const config = await loadCargoConfig(cwd, env, argv.configArgs);
  const command = cargoPath(argv.toolchain ? 'cargo' : env.CARGO || 'cargo', env);
  const baseArgs = argv.toolchain ? [`+${argv.toolchain}`] : [];

  let requested = argv.targets.map((t) => t.value);
  let fromConfig = false;
  if (requested.length === 0 && argv.subcommand && TAKES_TARGET.has(argv.subcommand)) {
    const configured = configuredTargets(config, env);
    if (configured) {
      requested = configured.targets;
      fromConfig = true;
      logger.debug(`targets ${requested.join(', ')} from ${configured.source}`);
    }
  }
  const links = !NO_LINK.has(argv.subcommand ?? '');
  if (argv.flags.dist !== undefined) checkDist(argv, requested);
  if (requested.length === 0) {
    // No target: a plain cargo run, zig not involved.
    return { command, args: [...baseArgs, ...argv.args], env: {}, targets: [], zig: undefined, zigCacheDir: undefined, links, universal2: undefined, dist: undefined };
  }
  const universal2 = requested.includes(UNIVERSAL2);
  const runs = RUNS.has(argv.subcommand ?? '') && !argv.args.includes('--no-run');

  let rustc: RustcInfo | undefined;
  const buildStd = argv.args.some((a) => a.startsWith('-Zbuild-std')) || config.get(['unstable', 'build-std']) !== undefined;
  const prepared = await prepareTargets({
    targets: expandUniversal2(requested),
    runners: runs ? 'require' : undefined,
    planOnly: argv.flags.printPlan,
    zigFlag: argv.flags.zig,
    zigVersion: argv.flags.zigVersion,
    env,
    cwd,
    config,
    logger,
    validate: async (targets) => {
      const problems: TszigError[] = [];
      if (buildStd || targets.length === 0) return problems;
      rustc = await rustcInfoCached(rustcCommand(env, config), env, cwd, resolveCacheDir(env, process.platform, undefined, cwd));
      for (const t of targets) {
        if (!hasTargetStd(rustc.sysroot, t.rust)) problems.push(missingStdError(rustc, t.rust, env));
      }
      return problems;
    },
  });

  const forCargo = (value: string): string[] => expandUniversal2([value]).map((v) => splitGlibcSuffix(v).base);
  const args = fromConfig
    ? withAddedTargets(argv.args, argv.subcommand ?? '', prepared.targets.map((t) => t.target.rust))
    : withTargets(argv, forCargo);

  const host = rustc?.host;
  const added = cargoEnv(prepared.targets, env, host, logger);
  return {
    command,
    args: [...baseArgs, ...args],
    env: added,
    targets: prepared.targets,
    zig: prepared.zig,
    zigCacheDir: prepared.zigCacheDir,
    links,
    universal2:
      universal2 && MERGES.has(argv.subcommand ?? '') && argv.flags.dist === undefined
        ? { profile: profileDir(args), targetDir: knownTargetDir(args, env, config, cwd) }
        : undefined,
    dist:
      argv.flags.dist === undefined
        ? undefined
        : {
            dir: resolve(cwd, argv.flags.dist),
            // Each run gets only its own targets' variables: another target's (the host's, above
            // all) would change how build scripts are built and make cargo rebuild them.
            runs: planDistRuns(requested, prepared.targets, [...baseArgs, ...withoutTargets(argv)]).map((run) => ({
              ...run,
              env: cargoEnv(prepared.targets.filter((t) => run.rust.includes(t.target.rust)), env, host, silentLogger),
            })),
          },
  };
}

/** Cargo as an absolute path: a bare `cargo` is looked up in PATH's absolute entries only. */
function cargoPath(command: string, env: Env): string {
  const found = resolveCommand(command, env.PATH);
  if (found) return found;
  throw new TszigError('E_SPAWN', `cannot run ${command}: it is not on PATH${env.PATH ? '' : ' (PATH is empty)'}`, {
    hint: 'install Rust (https://rustup.rs) so that cargo is on PATH; tszig only looks in absolute PATH entries, never the working directory',
  });
}

/** The variables cargo gets for these targets: shims, linkers, runners, PATH, host handling. */
function cargoEnv(targets: readonly PreparedTarget[], env: Env, host: string | undefined, logger: Logger): Record<string, string> {
  const added: Record<string, string> = {};
  for (const t of targets) for (const e of t.env.set) added[e.name] = e.value;
  for (const e of prependedValues(targets.flatMap((t) => t.env.prepend), env)) added[e.name] = e.value;
  for (const t of targets) {
    for (const s of t.env.skipped) logger.debug(`${s.name} left to the user's ${s.because}`);
  }
  const hostTarget = host === undefined ? undefined : targets.find((t) => t.target.rust === host);
  if (hostTarget) Object.assign(added, hostTargetEnv(hostTarget.target, env));
  return added;
}

/** `--dist` collects what `cargo build` produces, for targets named on the command line or in config. */
function checkDist(argv: CargoArgv, requested: readonly string[]): void {
  if (argv.subcommand !== 'build' && argv.subcommand !== 'b') {
    throw new UsageError(`--dist works with build, not ${argv.subcommand ?? 'no subcommand'}`, 'e.g. cargo tszig build --release --target aarch64-unknown-linux-gnu --dist dist');
  }
  if (requested.length === 0) {
    throw new UsageError('--dist needs at least one target', 'add --target TRIPLE (repeatable), or set build.target in .cargo/config.toml');
  }
  const end = argv.args.indexOf('--');
  if ((end === -1 ? argv.args : argv.args.slice(0, end)).some((a) => a === '--message-format' || a.startsWith('--message-format='))) {
    throw new UsageError('--dist reads cargo\'s JSON messages itself and cannot be combined with --message-format', 'drop --message-format, or run without --dist');
  }
}

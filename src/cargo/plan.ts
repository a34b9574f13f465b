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
import { UNIVERSAL2, UNIVERSAL2_PARTS, UNIVERSAL2_PLATFORM } from '../target/table.js';
import { resolve } from 'node:path';
import { expandUniversal2, knownTargetDir, profileDir, type Universal2Merge } from './universal2.js';
import { hasTargetStd, missingStdError, rustcCommand, rustcInfoCached, type RustcInfo } from './toolchain.js';
import { resolveCacheDir } from '../platform/cache-dir.js';
import { resolveCommand } from '../platform/on-path.js';
import { findTarget } from '../target/table.js';
import type { ResolvedTarget } from '../target/parse.js';
import { inspectDistDir, inspectOciDir, type DistDirState } from '../release/output-dir.js';
import { planImages, type ImagePlan } from '../release/oci-plan.js';
import { OciBaseError, parseBaseSpec, readBase, type BaseForPlatform } from '../release/oci-base.js';
import { platformKey } from '../release/oci-image.js';
import type { OciOutput } from './dist.js';
import { cSiteArgs, pathsOf, reproducibleCargoEnv, startReproducible, withZigPaths, type Reproducible } from '../reproducible/setup.js';
import type { MachinePaths } from '../reproducible/path-map.js';
import { sourceDateEpoch } from '../reproducible/source-date.js';
import { realpathOf } from '../reproducible/machine-paths.js';
import { sccacheWrapper, type SccacheWrapper } from '../sccache/wrapper.js';
import { basedirsDelimiter, sccacheBasedirs, userBasedirs } from '../sccache/basedirs.js';

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
  /** --reproducible: the machine paths mapped to fixed names (see src/reproducible/path-map.ts). */
  readonly reproducible: MachinePaths | undefined;
  /** sccache as cargo's rustc wrapper: where it is, and the base directories this build needs. */
  readonly sccache: SccachePlan | undefined;
}

export interface SccachePlan {
  readonly wrapper: SccacheWrapper;
  /** tszig's base directories (SCCACHE_BASEDIRS holds them after the user's); none without path mapping. */
  readonly basedirs: readonly string[];
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
  checkReleaseFlags(argv, requested);
  const distDir = argv.flags.dist === undefined ? undefined : resolve(cwd, argv.flags.dist);
  if (requested.length === 0) {
    // No target: a plain cargo run, zig not involved.
    return { command, args: [...baseArgs, ...argv.args], env: {}, targets: [], zig: undefined, zigCacheDir: undefined, links, universal2: undefined, dist: undefined, reproducible: undefined, sccache: undefined };
  }
  // With sccache, paths are mapped as for --reproducible: a cached object then holds the fixed
  // names, not the paths of the machine that compiled it first (docs/sccache.md).
  const sccache = sccacheWrapper(env, config, cwd);
  const reproducible = argv.flags.reproducible ?? (distDir !== undefined || sccache !== undefined);
  if (sccache && !sccache.path) logger.debug(`cargo's rustc wrapper ${sccache.value} (${sccache.from}) is sccache, but it is not on PATH's absolute entries: no CMake launcher`);
  const universal2 = requested.includes(UNIVERSAL2);
  const runs = RUNS.has(argv.subcommand ?? '') && !argv.args.includes('--no-run');

  let rustc: RustcInfo | undefined;
  let distState: DistDirState | undefined;
  let images: ImagePlan | undefined;
  let bases = new Map<string, BaseForPlatform>();
  let repro: Reproducible | undefined;
  let paths: MachinePaths | undefined;
  /** One set of reproducible-build variables per cargo run (each --dist target is its own run). */
  let reproEnv: Record<string, string>[] | undefined;
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
    compilerLauncher: sccache?.path,
    validate: async (targets) => {
      const problems: TszigError[] = [];
      const attempt = async (check: () => unknown): Promise<void> => {
        try {
          await check();
        } catch (err) {
          if (!(err instanceof TszigError)) throw err;
          problems.push(err);
        }
      };
      if (distDir !== undefined) {
        await attempt(() => (distState = inspectDistDir(distDir, [...new Set(requested)].map((r) => platformOf(r, targets)))));
        if (argv.flags.oci !== undefined) await attempt(() => (({ images, bases } = planOci(argv, cwd, requested, targets))));
      }
      if (reproducible) await attempt(async () => (repro = await startReproducible(command, baseArgs, argv.args, env, cwd)));
      if (targets.length === 0 || (buildStd && !reproducible)) return problems;
      rustc = await rustcInfoCached(rustcCommand(env, config), env, cwd, resolveCacheDir(env, process.platform, undefined, cwd));
      if (!buildStd) {
        for (const t of targets) {
          if (!hasTargetStd(rustc.sysroot, t.rust)) problems.push(missingStdError(rustc, t.rust, env));
        }
      }
      const r = repro;
      const info = rustc;
      if (r && problems.length === 0) {
        // The rustflags each cargo run gets: checked here, before any shim is written.
        await attempt(async () => {
          paths = pathsOf(r, { env, rustSysroot: info.sysroot, tszigCacheDir: resolveCacheDir(env, process.platform, undefined, cwd) });
          const runs = distDir === undefined ? [targets.map((t) => t.rust)] : [...new Set(requested)].map((q) => (q === UNIVERSAL2 ? [...UNIVERSAL2_PARTS] : targets.filter((t) => t.input === q).map((t) => t.rust)));
          reproEnv = await reproducibleCargoEnv({ reproducible: r, paths, runs, env, config, rustc: info.rustc, cwd });
        });
      }
      return problems;
    },
    siteArgs: reproducible
      ? async ({ zig, zigCacheDir }) => {
          if (!paths) return [];
          paths = await withZigPaths(paths, zig.path, zigCacheDir);
          return cSiteArgs(paths, logger);
        }
      : undefined,
  });

  const forCargo = (value: string): string[] => expandUniversal2([value]).map((v) => splitGlibcSuffix(v).base);
  const args = fromConfig
    ? withAddedTargets(argv.args, argv.subcommand ?? '', prepared.targets.map((t) => t.target.rust))
    : withTargets(argv, forCargo);

  const host = rustc?.host;
  const sccacheEnv = sccache ? await sccacheVariables(sccache, paths, env, logger) : undefined;
  const added = { ...cargoEnv(prepared.targets, env, host, logger), ...sccacheEnv?.env };
  const distRuns = distDir === undefined ? [] : planDistRuns(requested, prepared.targets, [...baseArgs, ...withoutTargets(argv)]);
  if (distDir === undefined && reproEnv?.[0]) Object.assign(added, reproEnv[0]);
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
      distDir === undefined || !distState
        ? undefined
        : {
            dir: distDir,
            // Each run gets only its own targets' variables: another target's (the host's, above
            // all) would change how build scripts are built and make cargo rebuild them.
            runs: distRuns.map((run, i) => ({
              ...run,
              env: { ...cargoEnv(prepared.targets.filter((t) => run.rust.includes(t.target.rust)), env, host, silentLogger), ...sccacheEnv?.env, ...reproEnv?.[i] },
            })),
            archives: !argv.flags.noArchive,
            epoch: repro?.epoch ?? sourceDateEpoch(env),
            state: distState,
            oci: ociOutput(argv, cwd, images, bases),
          },
    reproducible: paths,
    sccache: sccache ? { wrapper: sccache, basedirs: sccacheEnv?.basedirs ?? [] } : undefined,
  };
}

/**
 * What cargo gets for sccache: its absolute path as RUSTC_WRAPPER when it was named bare (so
 * cargo and cc-rs run the program tszig found, never one in a relative PATH entry), and, with
 * path mapping, SCCACHE_BASEDIRS (the user's own first, then the mapped machine paths).
 */
async function sccacheVariables(sccache: SccacheWrapper, paths: MachinePaths | undefined, env: Env, logger: Logger): Promise<{ env: Record<string, string>; basedirs: string[] }> {
  const out: Record<string, string> = {};
  if (sccache.path && sccache.path !== sccache.value) out.RUSTC_WRAPPER = sccache.path;
  if (!paths) return { env: out, basedirs: [] };
  const dirs = sccacheBasedirs({ paths, user: await userBasedirs(env), realpath: realpathOf });
  for (const p of dirs.unusable) logger.warn(`sccache: ${p} holds '${basedirsDelimiter()}', which SCCACHE_BASEDIRS cannot name; C and C++ results under it stay keyed by this path`);
  if (dirs.dirs.length > 0) out.SCCACHE_BASEDIRS = dirs.dirs.join(basedirsDelimiter());
  return { env: out, basedirs: [...dirs.ours] };
}

/** The dist directory name of a requested target (universal2 has its own). */
function platformOf(requested: string, targets: readonly ResolvedTarget[]): string {
  if (requested === UNIVERSAL2) return UNIVERSAL2_PLATFORM;
  return targets.find((t) => t.input === requested)?.spec.platform ?? findTarget(splitGlibcSuffix(requested).base)?.platform ?? requested;
}

/** Which images --oci makes, and the base image for each platform that needs or has one. */
function planOci(argv: CargoArgv, cwd: string, requested: readonly string[], targets: readonly ResolvedTarget[]): { images: ImagePlan; bases: Map<string, BaseForPlatform> } {
  inspectOciDir(resolve(cwd, argv.flags.oci as string));
  const images = planImages(
    [...new Set(requested)].map((r) => ({ requested: r, spec: targets.find((t) => t.input === r)?.spec })),
    argv.flags.ociBase !== undefined,
  );
  if (argv.flags.ociBase === undefined) return { images, bases: new Map() };
  const layout = parseBaseSpec(argv.flags.ociBase, cwd);
  const bases = readBase(layout, images.images.map((i) => i.platform));
  const missing = images.images.filter((i) => i.needsBase && !bases.has(platformKey(i.platform)));
  if (missing.length > 0) {
    throw new OciBaseError(
      `--oci-base ${layout.spec} has no image for ${missing.map((i) => `${platformKey(i.platform)} (${i.requested})`).join(', ')}`,
      'use a multi-platform base (skopeo copy --all docker://… oci:DIR:REF) or one per platform, in separate runs',
    );
  }
  return { images, bases };
}

function ociOutput(argv: CargoArgv, cwd: string, images: ImagePlan | undefined, bases: ReadonlyMap<string, BaseForPlatform>): OciOutput | undefined {
  if (argv.flags.oci === undefined || !images) return undefined;
  return {
    dir: resolve(cwd, argv.flags.oci),
    images: images.images.map((i) => ({ requested: i.requested, platform: i.platform, base: bases.get(platformKey(i.platform)) })),
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

/** `--dist` and its companions, and `--reproducible`, before anything else happens. */
function checkReleaseFlags(argv: CargoArgv, requested: readonly string[]): void {
  const { flags } = argv;
  if (flags.dist === undefined) {
    for (const [name, given] of [['--oci', flags.oci !== undefined], ['--oci-base', flags.ociBase !== undefined], ['--no-archive', flags.noArchive]] as const) {
      if (given) throw new UsageError(`${name} works with --dist`, 'e.g. cargo tszig build --release --target x86_64-unknown-linux-musl --dist dist --oci dist/oci');
    }
    if (flags.reproducible && requested.length === 0) {
      throw new UsageError('--reproducible needs a target (the C side goes through tszig\'s shims)', 'add --target TRIPLE, e.g. --target x86_64-unknown-linux-gnu');
    }
    return;
  }
  if (flags.ociBase !== undefined && flags.oci === undefined) throw new UsageError('--oci-base works with --oci', 'e.g. --oci dist/oci --oci-base base:bookworm');
  checkDist(argv, requested);
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

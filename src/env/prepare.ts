// Everything a set of targets needs before anything runs: a zig, validated targets, their shims
// and their environment. Validation happens first and reports every problem at once; only then
// are shims written.

import type { CargoConfig } from '../cargo/config.js';
import { TszigError, UsageError, throwIfProblems } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { resolveCacheDir, resolveZigCacheDir, type Env } from '../platform/cache-dir.js';
import { bindgenArgs } from '../shims/bindgen-args.js';
import { materializeShims, type ShimKind, type ShimSet } from '../shims/materialize.js';
import { parseTarget, type ResolvedTarget } from '../target/parse.js';
import { zigRequest } from '../zig/request.js';
import type { ProjectConfig } from '../config/project-file.js';
import { resolveZig, type ZigInstall } from '../zig/resolve.js';
import { cargoTargetKey } from '../target/env-names.js';
import { targetEnv, type TargetEnv } from './env-map.js';
import { planRunner, runsUnderWine, type RunnerPlan } from './runner.js';
import { winePrngDir } from './wine-prng.js';
import { checkSdk, resolveSdk, type MacosSdk } from '../macos/sdk.js';
import { sdkCmakeLines } from '../macos/sdk-args.js';
import { writeStubs } from '../macos/stubs.js';
import { applySysroot, planSysroot, type SysrootPlan } from '../sysroot/for-target.js';
import type { Sysroot } from '../sysroot/store.js';
import { pkgConfigVars, sysrootBindgenArgs, sysrootCmakeLines, sysrootSiteArgs } from '../sysroot/wiring.js';
import { writeRunnerScript } from '../sysroot/runner-script.js';
import { cmakeQuote } from '../shims/cmake-toolchain.js';

export interface PrepareOptions {
  /** Targets as the user wrote them (glibc suffixes allowed). */
  readonly targets: readonly string[];
  readonly zigFlag?: string | undefined;
  /** --zig-version */
  readonly zigVersion?: string | undefined;
  readonly env: Env;
  readonly cwd: string;
  readonly config?: CargoConfig | undefined;
  readonly logger: Logger;
  /** Further checks of the parsed targets (cargo: is the target's std installed?). */
  readonly validate?: (targets: readonly ResolvedTarget[]) => Promise<TszigError[]>;
  /** Work out each target's runner: `offer` sets it when one exists, `require` also fails without. */
  readonly runners?: 'offer' | 'require' | undefined;
  /**
   * Machine-specific arguments for every compiler call (e.g. --reproducible's prefix maps), worked
   * out once zig is known and everything is validated; they go to the shims' site files.
   */
  readonly siteArgs?: (ctx: { readonly zig: ZigInstall; readonly zigCacheDir: string; readonly cacheDir: string }) => Promise<readonly string[]>;
  /** A launcher for CMake's compiles (the sccache cargo uses), named in the toolchain files. */
  readonly compilerLauncher?: string | undefined;
  /**
   * Only plan (`--print-plan`): no zig download (a missing zig is an error) and no wine DLL built
   * (its future directory is named). The shims are still written: the plan names them.
   */
  readonly planOnly?: boolean;
}

export interface PreparedTarget {
  readonly target: ResolvedTarget;
  readonly shims: ShimSet;
  readonly env: TargetEnv;
  /** The target's Debian sysroot, when tszig.toml names packages for it. */
  readonly sysroot?: Sysroot | undefined;
}

export interface Prepared {
  readonly zig: ZigInstall;
  readonly cacheDir: string;
  readonly zigCacheDir: string;
  readonly targets: readonly PreparedTarget[];
}

export async function prepareTargets(options: PrepareOptions): Promise<Prepared> {
  const { env, logger } = options;
  const cacheDir = resolveCacheDir(env, process.platform, undefined, options.cwd);
  const problems: TszigError[] = [];

  let zig: ZigInstall | undefined;
  const request = await zigRequest({
    zig: options.zigFlag,
    zigVersion: options.zigVersion,
    env,
    cwd: options.cwd,
    cacheDir,
    logger,
    ...(options.planOnly ? { download: false } : {}),
  });
  try {
    zig = await resolveZig(request);
  } catch (err) {
    if (!(err instanceof TszigError)) throw err;
    problems.push(err);
  }

  const parsed: ResolvedTarget[] = [];
  for (const input of new Set(options.targets)) {
    try {
      parsed.push(
        parseTarget(input, {
          glibcMax: zig?.glibcMax,
          zigVersion: zig?.version ?? request.version,
          macosDeploymentTarget: env.MACOSX_DEPLOYMENT_TARGET,
        }),
      );
    } catch (err) {
      if (!(err instanceof TszigError)) throw err;
      problems.push(err);
    }
  }
  const sameRust = duplicateRustTargets(parsed);
  if (sameRust) problems.push(sameRust);
  if (options.validate) problems.push(...(await options.validate(parsed)));
  const sdks = new Map<string, MacosSdk>();
  for (const t of parsed) {
    const sdk = resolveSdk(t, env, request.project, options.cwd);
    if (!sdk) continue;
    const problem = checkSdk(sdk, t);
    if (problem) problems.push(problem);
    else sdks.set(t.input, sdk);
  }
  const runners = new Map<string, RunnerPlan>();
  if (options.runners) {
    for (const t of parsed) {
      const plan = await planRunner(t.spec, env);
      runners.set(t.input, plan);
      const own = env[`CARGO_TARGET_${cargoTargetKey(t.rust)}_RUNNER`] || options.config?.get(['target', t.rust, 'runner']);
      if (plan.kind === 'missing' && options.runners === 'require' && !own) {
        problems.push(
          new TszigError('E_RUNNER', `cannot run ${t.rust} programs here: ${plan.why}`, {
            hint: `${plan.install}, or set CARGO_TARGET_${cargoTargetKey(t.rust)}_RUNNER (or pass --no-run to cargo test)`,
          }),
        );
      }
    }
  }
  const sysrootPlans = new Map<string, SysrootPlan>();
  for (const t of parsed) {
    try {
      const plan = planSysroot(t, request.project, env);
      if (plan) sysrootPlans.set(t.input, plan);
    } catch (err) {
      if (!(err instanceof TszigError)) throw err;
      problems.push(err);
    }
  }
  throwIfProblems(problems);
  if (!zig) throw new Error('unreachable: zig missing without a problem');

  // Sysroots come first: their packages may settle a target's glibc.
  const sysroots = new Map<string, Sysroot>();
  for (const [i, t] of parsed.entries()) {
    const plan = sysrootPlans.get(t.input);
    if (!plan) continue;
    try {
      const applied = await applySysroot(plan, { cacheDir, env, logger, glibcMax: zig.glibcMax, fetch: !options.planOnly });
      parsed[i] = applied.target;
      sysroots.set(t.input, applied.sysroot);
    } catch (err) {
      if (!(err instanceof TszigError)) throw err;
      problems.push(err);
    }
  }
  throwIfProblems(problems);

  const zigCacheDir = resolveZigCacheDir(env, cacheDir, options.cwd);
  const kind = shimKind(env, request.project);
  const reproSiteArgs = options.siteArgs ? await options.siteArgs({ zig, zigCacheDir, cacheDir }) : undefined;
  const targets: PreparedTarget[] = [];
  for (const target of parsed) {
    const sdk = sdks.get(target.input);
    const sysroot = sysroots.get(target.input);
    // macOS without an SDK: stubs of the libraries every Mac has, searched after zig's own. A
    // Debian sysroot (Linux only) adds its headers and libraries after zig's.
    const own = target.spec.os === 'macos' && !sdk ? [`-L${writeStubs(cacheDir, target)}`] : sysroot ? sysrootSiteArgs(sysroot) : undefined;
    // --reproducible's prefix maps come last, for every target.
    const siteArgs = own || reproSiteArgs ? [...(own ?? []), ...(reproSiteArgs ?? [])] : undefined;
    const cmakeLines = sdk ? sdkCmakeLines(sdk.root) : sysroot ? sysrootCmakeLines(sysroot, cmakeQuote) : undefined;
    const shims = await materializeShims({ target, zigPath: zig.path, zigVersion: zig.version, zigCacheDir, cacheDir, kind, sdkRoot: sdk?.root, siteArgs, cmakeLines, compilerLauncher: options.compilerLauncher, logger });
    const zigBindgen = await bindgenArgs(zig.path, target.zigTarget, cacheDir, sdk?.root).catch((err: Error) => {
      logger.warn(`no BINDGEN_EXTRA_CLANG_ARGS for ${target.input}: ${err.message.split('\n')[0]}`);
      return undefined;
    });
    const bindgen = zigBindgen && sysroot ? [...zigBindgen, ...sysrootBindgenArgs(sysroot)] : zigBindgen;
    const runner = withSysrootRunner(runners.get(target.input), sysroot, shims.dir, target.input);
    const wineDlls =
      runsUnderWine(runner)
        ? await winePrngDir({ cc: shims.cc, zigTarget: target.zigTarget, zigVersion: zig.version, cacheDir, logger, build: !options.planOnly }).catch((err: Error) => {
            logger.warn(`Rust programs may not start under wine (no ProcessPrng stand-in for ${target.input}): ${err.message.split('\n')[0]}`);
            return undefined;
          })
        : undefined;
    const pkgConfig = sysroot ? pkgConfigVars(sysroot) : undefined;
    targets.push({ target, shims, sysroot, env: targetEnv({ target, shims, env, config: options.config, runner, bindgen, wineDlls, sdk, pkgConfig }) });
  }
  return { zig, cacheDir, zigCacheDir, targets };
}

/**
 * With a sysroot, the programs cargo runs need its shared libraries: the runner becomes a script
 * in the shim directory that adds them to the loader's path (also for a native target).
 */
function withSysrootRunner(plan: RunnerPlan | undefined, sysroot: Sysroot | undefined, shimDir: string, input: string): RunnerPlan | undefined {
  if (!sysroot || !plan || plan.kind === 'missing') return plan;
  const emulator = plan.kind === 'runner' ? plan.command : undefined;
  return { kind: 'runner', command: writeRunnerScript({ shimDir, emulator, sysroot, target: input }), onPath: shimDir };
}

/**
 * TSZIG_SHIM, else tszig.toml's shims.kind: `sh` asks for sh shims; the default is compiled
 * launchers where the host allows.
 */
function shimKind(env: Env, project: ProjectConfig): ShimKind | undefined {
  const value = env.TSZIG_SHIM || project.shims.kind;
  if (value === undefined || value === 'launcher') return undefined;
  if (value === 'sh') return 'sh';
  throw new UsageError(`TSZIG_SHIM=${value} is not a shim kind`, 'use TSZIG_SHIM=sh or TSZIG_SHIM=launcher (the default)');
}

/** Two spellings of one Rust target (e.g. `.2.17` and `.2.28`) cannot both be given to cargo. */
function duplicateRustTargets(targets: readonly ResolvedTarget[]): TszigError | undefined {
  const seen = new Map<string, string>();
  for (const t of targets) {
    const other = seen.get(t.rust);
    if (other !== undefined) {
      return new TszigError('E_TARGET', `targets ${other} and ${t.input} are the same Rust target ${t.rust}`, {
        hint: 'cargo builds each target once; build the two glibc versions in separate runs (with separate --target-dir)',
      });
    }
    seen.set(t.rust, t.input);
  }
  return undefined;
}

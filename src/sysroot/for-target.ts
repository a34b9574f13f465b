// A target's sysroot inside `cargo tszig` and `tszig env`: planned (and checked) with the other
// settings before anything is written, then fetched or found, and the target's glibc settled.

import { TszigError } from '../errors.js';
import type { ProjectConfig } from '../config/project-file.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import type { ResolvedTarget } from '../target/parse.js';
import { compareVersions, parseVersion } from '../target/version.js';
import { resolveArchive, type DebianArchive } from './archive.js';
import { ensureSysroot } from './ensure.js';
import { glibcForSysroot, SysrootGlibcError } from './glibc-floor.js';
import { debianTarget, type DebianTarget } from './multiarch.js';
import type { Sysroot } from './store.js';

export interface SysrootPlan {
  readonly target: ResolvedTarget;
  readonly packages: readonly string[];
  readonly debian: DebianTarget;
  readonly archive: DebianArchive;
}

/** The packages tszig.toml names for a target (by its Rust triple). */
export function targetPackages(project: ProjectConfig, rust: string): readonly string[] {
  return project.targets?.[rust]?.packages ?? [];
}

/** Undefined when the target has no packages; throws when they cannot be had. */
export function planSysroot(target: ResolvedTarget, project: ProjectConfig, env: Env): SysrootPlan | undefined {
  const packages = targetPackages(project, target.rust);
  if (packages.length === 0) return undefined;
  const debian = debianTarget(target.spec);
  if ('why' in debian) {
    throw new TszigError('E_SYSROOT_TARGET', `${project.path ?? 'tszig.toml'} names packages for ${target.rust}, but ${debian.why}`, {
      hint: `remove [target.${target.rust}] packages, or build for a glibc Linux target`,
    });
  }
  return { target, packages, debian, archive: resolveArchive({ env, settings: project.sysroot ?? {}, projectFile: project.path }) };
}

export interface AppliedSysroot {
  /** The target, with its glibc raised to the sysroot's floor when no suffix chose one. */
  readonly target: ResolvedTarget;
  readonly sysroot: Sysroot;
}

export async function applySysroot(
  plan: SysrootPlan,
  options: { cacheDir: string; env: Env; logger: Logger; glibcMax: string | undefined; /** false: only a sysroot already in the cache (--print-plan). */ fetch?: boolean },
): Promise<AppliedSysroot> {
  const { target } = plan;
  const sysroot = await ensureSysroot({
    input: target.input,
    glibc: target.glibc,
    debian: plan.debian,
    packages: plan.packages,
    archive: plan.archive,
    cacheDir: options.cacheDir,
    env: options.env,
    logger: options.logger,
    fetch: options.fetch ?? true,
  });
  if (target.glibc === undefined) return { target, sysroot };
  const decision = glibcForSysroot(target.input, target.glibc, sysroot.record.glibcFloor, sysroot.record.suite);
  if (decision.kind === 'keep') return { target, sysroot };
  const max = options.glibcMax ? parseVersion(options.glibcMax) : undefined;
  const want = parseVersion(decision.glibc);
  if (max && want && compareVersions(want, max) > 0) {
    throw new SysrootGlibcError(
      `${decision.floor.by} from ${sysroot.record.suite} needs glibc ${decision.glibc}, newer than the ${options.glibcMax} the zig in use can target`,
      'use a newer zig (--zig-version), take the packages from an older suite ([sysroot] suite), or use the crate\'s vendored feature',
    );
  }
  options.logger.info(`${target.rust}: glibc ${decision.glibc}, the oldest ${decision.floor.by} from ${sysroot.record.suite} allows (add a suffix such as .${decision.glibc} to say so yourself)`);
  return { target: { ...target, glibc: decision.glibc, zigTarget: `${target.spec.zig}.${decision.glibc}` }, sysroot };
}

// Parse a user's `--target` (a Rust triple, optionally with a glibc suffix) into a resolved target.

import { GlibcVersionError, UnsupportedTargetError, ZigVersionError } from '../errors.js';
import { findTarget, knownTargets, unsupportedReason, type TargetSpec } from './table.js';
import { compareVersions, parseVersion, versionAtLeast } from './version.js';

export interface ResolvedTarget {
  /** What the user wrote, e.g. `aarch64-unknown-linux-gnu.2.17`. */
  readonly input: string;
  /** The Rust triple cargo sees, e.g. `aarch64-unknown-linux-gnu`. */
  readonly rust: string;
  readonly spec: TargetSpec;
  /** glibc version pinned for glibc targets (the suffix, else the target's floor). */
  readonly glibc: string | undefined;
  /** macOS deployment target baked into the Zig target (e.g. 11.0), for macOS targets. */
  readonly macosMin: string | undefined;
  /** Zig `-target` value: with the glibc version for glibc targets, the OS version for macOS. */
  readonly zigTarget: string;
}

export interface ParseContext {
  /** Newest glibc the chosen zig can target; undefined when unknown (no ceiling check). */
  readonly glibcMax: string | undefined;
  readonly zigVersion: string;
  /** MACOSX_DEPLOYMENT_TARGET, which rustc and cc-rs honour too. */
  readonly macosDeploymentTarget?: string | undefined;
}

/**
 * Splits `triple.2.17` into triple and suffix. The triple is the longest known target before a dot
 * (Rust triples may contain dots themselves); an unknown triple splits at its first `.<digit>`.
 */
export function splitGlibcSuffix(input: string): { base: string; suffix: string | undefined } {
  if (findTarget(input)) return { base: input, suffix: undefined };
  for (let i = input.indexOf('.'); i !== -1; i = input.indexOf('.', i + 1)) {
    if (findTarget(input.slice(0, i))) return { base: input.slice(0, i), suffix: input.slice(i + 1) };
  }
  const m = /\.\d/.exec(input);
  if (m) return { base: input.slice(0, m.index), suffix: input.slice(m.index + 1) };
  return { base: input, suffix: undefined };
}

export function parseTarget(input: string, ctx: ParseContext): ResolvedTarget {
  const { base, suffix } = splitGlibcSuffix(input);
  const spec = findTarget(base);
  if (!spec) throw unknownTarget(base);
  if (spec.zigMin !== undefined && parseVersion(ctx.zigVersion) && !versionAtLeast(ctx.zigVersion, spec.zigMin)) {
    throw new ZigVersionError(
      `target ${spec.rust} needs zig ${spec.zigMin} or newer: zig ${ctx.zigVersion} has no C library for it`,
      `use a newer zig (tszig's pin, or --zig-version), or drop --zig/TSZIG_ZIG if it names an older one`,
    );
  }

  if (suffix !== undefined && spec.libc !== 'glibc') {
    throw new GlibcVersionError(
      `target ${input}: a glibc version suffix only applies to glibc (-gnu) targets, not ${spec.rust}`,
      `drop the suffix: --target ${spec.rust}`,
    );
  }
  let glibc: string | undefined;
  if (spec.libc === 'glibc') {
    glibc = suffix === undefined ? spec.glibcFloor : checkGlibc(input, spec, suffix, ctx);
  }
  const macosMin = spec.os === 'macos' ? macosVersion(spec, ctx.macosDeploymentTarget) : undefined;
  return {
    input,
    rust: spec.rust,
    spec,
    glibc,
    macosMin,
    // zig reads the minimum macOS from the target, not from -mmacosx-version-min.
    zigTarget: glibc !== undefined ? `${spec.zig}.${glibc}` : macosMin !== undefined ? `${spec.zig}.${macosMin}-none` : spec.zig,
  };
}

function macosVersion(spec: TargetSpec, fromEnv: string | undefined): string | undefined {
  if (fromEnv === undefined || fromEnv === '') return spec.macosMin;
  if (!/^\d+(\.\d+){0,2}$/.test(fromEnv)) {
    throw new UnsupportedTargetError(`MACOSX_DEPLOYMENT_TARGET=${fromEnv} is not a macOS version`, 'e.g. MACOSX_DEPLOYMENT_TARGET=11.0');
  }
  return /^\d+$/.test(fromEnv) ? `${fromEnv}.0` : fromEnv;
}

function checkGlibc(input: string, spec: TargetSpec, suffix: string, ctx: ParseContext): string {
  const floor = spec.glibcFloor ?? '2.17';
  const range = ctx.glibcMax ? `${floor} to ${ctx.glibcMax}` : `${floor} or newer`;
  if (!/^\d+\.\d+$/.test(suffix)) {
    throw new GlibcVersionError(
      `target ${input}: malformed glibc version suffix '.${suffix}' (expected MAJOR.MINOR, e.g. ${spec.rust}.${floor})`,
      `zig ${ctx.zigVersion} supports glibc ${range} for ${spec.rust}`,
    );
  }
  const v = parseVersion(suffix);
  const lo = parseVersion(floor);
  const hi = ctx.glibcMax === undefined ? undefined : parseVersion(ctx.glibcMax);
  if (!v || !lo) throw new Error(`unreachable: bad glibc version ${suffix}`);
  if (compareVersions(v, lo) < 0 || (hi && compareVersions(v, hi) > 0)) {
    throw new GlibcVersionError(
      `target ${input}: glibc ${suffix} is outside the range zig ${ctx.zigVersion} supports for ${spec.rust} (${range})`,
      `pick a version from ${range}, e.g. --target ${spec.rust}.${floor}`,
    );
  }
  return `${v.major}.${v.minor}`;
}

function unknownTarget(base: string): UnsupportedTargetError {
  const why = unsupportedReason(base);
  if (why) return new UnsupportedTargetError(`target ${base} is not supported: ${why}`, '`tszig targets` lists every supported target');
  const near = closestTargets(base);
  return new UnsupportedTargetError(
    `unknown or unsupported target '${base}'`,
    near.length > 0
      ? `did you mean ${near.join(' or ')}? \`tszig targets\` lists every supported target`
      : '`tszig targets` lists every supported target',
  );
}

function closestTargets(input: string): string[] {
  const scored = knownTargets()
    .map((t) => ({ rust: t.rust, d: editDistance(input, t.rust) }))
    .filter((s) => s.d <= Math.max(3, Math.floor(input.length / 5)))
    .sort((a, b) => a.d - b.d);
  const best = scored[0]?.d;
  return scored.filter((s) => s.d === best).map((s) => s.rust);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

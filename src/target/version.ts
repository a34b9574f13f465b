// Dotted version numbers (glibc 2.17, zig 0.15.2, zig 0.16.0-dev.12+abc): parse and compare.

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release tag such as `dev.1824+7988f7952`, if any. */
  readonly pre?: string;
}

const VERSION_RE = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.+-]+))?$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const [, major, minor, patch, pre] = m;
  return {
    major: Number(major),
    minor: Number(minor),
    patch: patch === undefined ? 0 : Number(patch),
    ...(pre === undefined ? {} : { pre }),
  };
}

/** Orders versions; a pre-release sorts before its release (0.16.0-dev < 0.16.0). */
export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.pre === b.pre) return 0;
  if (a.pre === undefined) return 1;
  if (b.pre === undefined) return -1;
  return a.pre < b.pre ? -1 : 1;
}

export function versionAtLeast(v: string, min: string): boolean {
  const a = parseVersion(v);
  const b = parseVersion(min);
  if (!a || !b) throw new Error(`invalid version comparison: ${v} >= ${min}`);
  // Gates ignore pre-release tags: a 0.16.0-dev build already behaves like 0.16.0.
  return compareVersions({ major: a.major, minor: a.minor, patch: a.patch }, b) >= 0;
}

export function formatMajorMinor(v: Version): string {
  return `${v.major}.${v.minor}`;
}

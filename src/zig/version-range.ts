// Whether a zig's version is one tszig is tested with: a warning outside the range, an error below
// what can work at all.

import { ZigVersionError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { compareVersions, parseVersion } from '../target/version.js';
import { OLDEST_WORKING_ZIG, TESTED_ZIG_VERSIONS } from './pin.js';

export const TESTED_RANGE = `${TESTED_ZIG_VERSIONS[0]} to ${TESTED_ZIG_VERSIONS.at(-1) ?? ''}`;

export type VersionStanding = 'tested' | 'untested' | 'too-old';

/** How a version relates to the tested releases (a dev build of a tested release counts as untested). */
export function versionStanding(version: string): VersionStanding {
  const v = parseVersion(version);
  const oldest = parseVersion(OLDEST_WORKING_ZIG);
  if (!v || !oldest) return 'untested';
  if (compareVersions({ major: v.major, minor: v.minor, patch: v.patch }, oldest) < 0) return 'too-old';
  return (TESTED_ZIG_VERSIONS as readonly string[]).includes(version) ? 'tested' : 'untested';
}

/** Throws for a zig too old to work; warns once per process for one outside the tested range. */
export function checkZigVersion(version: string, origin: string, logger: Logger): void {
  const standing = versionStanding(version);
  if (standing === 'too-old') {
    throw new ZigVersionError(
      `zig ${version} (${origin}) is too old for tszig, which needs zig ${OLDEST_WORKING_ZIG} or newer and is tested with ${TESTED_RANGE}`,
      `use a zig from ${TESTED_RANGE}: drop --zig/TSZIG_ZIG/zig.path to use the pinned one, or \`tszig zig install\``,
    );
  }
  if (standing === 'untested' && !warned.has(version)) {
    warned.add(version);
    logger.warn(`zig ${version} (${origin}) is outside the range tszig is tested with (${TESTED_RANGE}); trying it anyway`);
  }
}

const warned = new Set<string>();

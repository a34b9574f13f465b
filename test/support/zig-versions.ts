// The provisioned zig of every tested version (TSZIG_TEST_ZIG_<v>, from scripts/provision.sh), for
// the version matrix: the pin runs the whole suite, the others the matrix tier.

import { spawnSync } from 'node:child_process';
import { PINNED_ZIG_VERSION, TESTED_ZIG_VERSIONS } from '../../src/zig/pin.ts';

export interface TestZig {
  readonly version: string;
  /** The zig binary (inside its PyPI wheel's venv). */
  readonly path: string;
}

/** `0.15.2` → `TSZIG_TEST_ZIG_0_15_2`. */
export const zigVariable = (version: string): string => `TSZIG_TEST_ZIG_${version.replaceAll('.', '_')}`;

const checked = new Map<string, TestZig>();

/** The provisioned zig of one tested version, after checking that it is that version. */
export function testZigOf(version: string): TestZig {
  const known = checked.get(version);
  if (known) return known;
  const path = process.env[zigVariable(version)];
  if (!path) throw new Error(`${zigVariable(version)} is not set: run the suite with \`npm test\` (it provisions every tested zig), or source $TSZIG_DEV_CACHE/env.sh`);
  const reported = spawnSync(path, ['version'], { encoding: 'utf8' }).stdout?.trim();
  if (reported !== version) throw new Error(`${zigVariable(version)}=${path} is zig ${reported ?? '(does not run)'}, not ${version}`);
  const zig = { version, path };
  checked.set(version, zig);
  return zig;
}

/** TSZIG_TEST_MATRIX (a space-separated list of tested versions) narrows the matrix while working on one. */
function narrowed(): readonly string[] | undefined {
  const only = process.env.TSZIG_TEST_MATRIX?.split(/\s+/).filter(Boolean);
  for (const v of only ?? []) if (!(TESTED_ZIG_VERSIONS as readonly string[]).includes(v)) throw new Error(`TSZIG_TEST_MATRIX: ${v} is not a tested zig (${TESTED_ZIG_VERSIONS.join(' ')})`);
  return only;
}

/** Every tested version, oldest first, pin included (unless TSZIG_TEST_MATRIX leaves it out). */
export function allTestZigs(): TestZig[] {
  const only = narrowed();
  return TESTED_ZIG_VERSIONS.filter((v) => !only || only.includes(v)).map(testZigOf);
}

/** The tested versions other than the pin: what the matrix tier builds with (the pin: the e2e tier). */
export const matrixZigs = (): TestZig[] => allTestZigs().filter((z) => z.version !== PINNED_ZIG_VERSION);

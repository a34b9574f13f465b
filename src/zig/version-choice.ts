// Which Zig version a run wants: --zig-version > TSZIG_ZIG_VERSION > tszig.toml [zig] version > pin.

import type { ProjectConfig } from '../config/project-file.js';
import { UsageError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';
import { PINNED_ZIG_VERSION } from './pin.js';

export interface VersionChoice {
  readonly version: string;
  /** For people: `--zig-version`, `TSZIG_ZIG_VERSION`, `/p/tszig.toml`, `tszig's pin`. */
  readonly from: string;
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.+-]+)?$/;

export function chooseZigVersion(flag: string | undefined, env: Env, project: ProjectConfig): VersionChoice {
  const check = (v: string, from: string): VersionChoice => {
    if (!VERSION.test(v)) throw new UsageError(`${from} ${JSON.stringify(v)} is not a Zig version`, 'e.g. 0.15.2');
    return { version: v, from };
  };
  if (flag !== undefined) return check(flag, '--zig-version');
  if (env.TSZIG_ZIG_VERSION) return check(env.TSZIG_ZIG_VERSION, 'TSZIG_ZIG_VERSION');
  if (project.zig.version !== undefined && project.path !== undefined) return { version: project.zig.version, from: project.path };
  return { version: PINNED_ZIG_VERSION, from: "tszig's pin" };
}

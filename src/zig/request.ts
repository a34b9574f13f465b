// Builds a zig resolution request from flags, environment and the project's tszig.toml.

import { loadProjectConfig, type ProjectConfig } from '../config/project-file.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import { hostKey } from './archive-name.js';
import { userMirrors } from './mirrors.js';
import type { ZigRequest } from './resolve.js';
import { chooseZigVersion } from './version-choice.js';

export interface ZigOptions {
  /** --zig */
  readonly zig?: string | undefined;
  /** --zig-version */
  readonly zigVersion?: string | undefined;
  readonly env: Env;
  readonly cwd: string;
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly download?: boolean;
}

export async function zigRequest(options: ZigOptions): Promise<ZigRequest & { readonly project: ProjectConfig }> {
  const project = await loadProjectConfig(options.cwd);
  for (const f of project.ignored ?? []) {
    options.logger.warn(`ignoring ${f.path}: ${f.why}; tszig obeys only a tszig.toml that nobody but you and root can change (see the README, "tszig.toml")`);
  }
  const choice = chooseZigVersion(options.zigVersion, options.env, project);
  const host = hostKey();
  // A project's own archive entries belong to the project's version.
  const custom = host && choice.version === project.zig.version ? project.zig.hosts[host] : undefined;
  return {
    flag: options.zig,
    cwd: options.cwd,
    env: options.env,
    cacheDir: options.cacheDir,
    version: choice.version,
    versionFrom: choice.from,
    custom,
    mirrors: userMirrors(options.env, project.zig.mirrors, project.path),
    projectZig: project.zig.path && project.path ? { path: project.zig.path, from: project.path } : undefined,
    pypi: project.zig.pypi,
    ...(options.download === undefined ? {} : { download: options.download }),
    logger: options.logger,
    project,
  };
}

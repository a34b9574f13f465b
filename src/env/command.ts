// `tszig env`: the environment `cargo tszig` would give cargo, printed for a shell or a tool.

import { delimiter } from 'node:path';
import { loadCargoConfig } from '../cargo/config.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import type { EnvEntry } from './env-map.js';
import { prepareTargets } from './prepare.js';
import { renderEnv, type EnvFormat } from './render.js';

export interface EnvCommandOptions {
  readonly targets: readonly string[];
  readonly format: EnvFormat;
  readonly zig?: string | undefined;
  readonly zigVersion?: string | undefined;
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
}

/** Returns the rendered environment for the targets (the caller prints it to stdout). */
export async function envCommand(options: EnvCommandOptions): Promise<string> {
  if (options.targets.length === 0) {
    throw new UsageError('tszig env needs at least one --target', 'e.g. tszig env --target aarch64-unknown-linux-gnu.2.17');
  }
  const config = await loadCargoConfig(options.cwd, options.env, []);
  const prepared = await prepareTargets({
    targets: options.targets,
    zigFlag: options.zig,
    zigVersion: options.zigVersion,
    env: options.env,
    cwd: options.cwd,
    config,
    logger: options.logger,
    runners: 'offer',
  });
  const entries: EnvEntry[] = prepared.targets.flatMap((t) => t.env.set);
  const path = [...new Set(prepared.targets.flatMap((t) => t.env.path))];
  if (path.length > 0) entries.push({ name: 'PATH', value: [...path, options.env.PATH ?? ''].join(delimiter) });
  for (const t of prepared.targets) {
    for (const s of t.env.skipped) options.logger.info(`${s.name} not printed: your ${s.because} wins`);
  }
  return renderEnv(entries, options.format);
}

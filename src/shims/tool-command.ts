// `tszig cc|c++|ar|ranlib --target T -- …`: zig's tools for a target, through the same shims cargo
// gets, for scripts and other build systems.

import { spawn } from 'node:child_process';
import { UsageError } from '../errors.js';
import { prepareTargets } from '../env/prepare.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';

export const TOOLS = ['cc', 'c++', 'ar', 'ranlib'] as const;
export type Tool = (typeof TOOLS)[number];

export interface ToolCommandOptions {
  readonly tool: Tool;
  readonly target: string | undefined;
  readonly args: readonly string[];
  readonly zig?: string | undefined;
  readonly zigVersion?: string | undefined;
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
}

/** Runs the tool's shim with the arguments and resolves with its exit code. */
export async function toolCommand(options: ToolCommandOptions): Promise<number> {
  if (!options.target) throw new UsageError(`tszig ${options.tool} needs --target`, `e.g. tszig ${options.tool} --target aarch64-unknown-linux-gnu -- …`);
  const prepared = await prepareTargets({
    targets: [options.target],
    zigFlag: options.zig,
    zigVersion: options.zigVersion,
    env: options.env,
    cwd: options.cwd,
    logger: options.logger,
  });
  const shims = prepared.targets[0]?.shims;
  if (!shims) throw new Error('unreachable: no shims for the target');
  const path = { cc: shims.cc, 'c++': shims.cxx, ar: shims.ar, ranlib: shims.ranlib }[options.tool];
  return new Promise((resolve, reject) => {
    const child = spawn(path, options.args, { stdio: 'inherit', cwd: options.cwd });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 1 : 1)));
  });
}

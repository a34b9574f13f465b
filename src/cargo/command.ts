// `cargo tszig <subcommand> …`: plan, warm zig's cache for linking targets, run cargo.

import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import { warmZigCache } from '../zig/warm.js';
import type { CargoArgv } from './argv.js';
import { planCargo } from './plan.js';
import { renderPlan } from './print-plan.js';
import { runDist } from './dist.js';
import { runPlan } from './run.js';
import { mergeUniversal2 } from './universal2.js';
import { checkServerBasedirs } from '../sccache/server.js';

export interface CargoCommandOptions {
  readonly argv: CargoArgv;
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
  readonly stdout: NodeJS.WritableStream;
}

/** Runs cargo for the parsed arguments and resolves with cargo's exit code. */
export async function cargoCommand(options: CargoCommandOptions): Promise<number> {
  const plan = await planCargo(options);
  if (options.argv.flags.printPlan) {
    options.stdout.write(renderPlan(plan));
    return 0;
  }
  const sccache = plan.sccache;
  if (sccache?.wrapper.path && sccache.basedirs.length > 0) {
    await checkServerBasedirs({ sccache: sccache.wrapper.path, env: { ...process.env, ...options.env, ...plan.env }, wanted: sccache.basedirs, logger: options.logger });
  }
  if (plan.links && plan.zig && plan.zigCacheDir) {
    for (const t of plan.targets) {
      await warmZigCache({
        cc: t.shims.cc,
        zigTarget: t.target.zigTarget,
        zigVersion: plan.zig.version,
        zigCacheDir: plan.zigCacheDir,
        logger: options.logger,
      });
    }
  }
  if (plan.dist) {
    return runDist(plan.dist, { command: plan.command, logger: options.logger });
  }
  const code = await runPlan(plan, options.logger);
  if (code === 0 && plan.universal2) {
    await mergeUniversal2(plan.universal2, plan.command, options.cwd, { ...options.env, ...plan.env }, options.logger);
  }
  return code;
}

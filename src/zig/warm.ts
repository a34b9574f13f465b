// Warms zig's cache for a target before cargo starts many zig processes at once.
//
// On a cold cache zig builds libc pieces and compiler-rt on first use; several zig processes doing
// that together have a history of races (ziglang/zig#18989 and others). One serialized trivial
// link per target and zig makes the parallel build that follows find everything built.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDir } from 'tmp-promise';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import { withLock } from '../fs/lock.js';
import type { Logger } from '../log/logger.js';
import { runCapture } from '../process/capture.js';

export interface WarmInput {
  /** The target's cc shim (so warming uses exactly the flags of the real build). */
  readonly cc: string;
  readonly zigTarget: string;
  readonly zigVersion: string;
  readonly zigCacheDir: string;
  readonly logger: Logger;
}

function markerPath(input: WarmInput): string {
  return join(input.zigCacheDir, 'tszig-warm', input.zigVersion, input.zigTarget);
}

/** True when this zig cache has already been warmed for the target (a single stat). */
export function isWarm(input: WarmInput): boolean {
  return existsSync(markerPath(input));
}

export async function warmZigCache(input: WarmInput): Promise<void> {
  if (isWarm(input)) return;
  const dir = join(input.zigCacheDir, 'tszig-warm', input.zigVersion);
  ensureDir(dir, "zig's cache directory", { private: true });
  await withLock(
    join(dir, `${input.zigTarget}.lock`),
    async () => {
      if (isWarm(input)) return;
      input.logger.info(`preparing zig's libc and compiler-rt for ${input.zigTarget} (first use of this target; this takes a while)`);
      await withDir(
        async ({ path: work }) => {
          try {
            writeFileSync(join(work, 'main.c'), 'int main(void) { return 0; }\n');
            await runCapture(input.cc, ['-o', join(work, 'main'), join(work, 'main.c')], { cwd: work, timeoutMs: 30 * 60_000 });
            writeFileAtomic(markerPath(input), `${new Date().toISOString()}\n`);
          } catch (err) {
            // The build itself will report the same problem in context; warming is only an optimisation.
            input.logger.warn(`could not prepare zig for ${input.zigTarget}: ${(err as Error).message.split('\n').slice(0, 4).join(' ')}`);
          }
        },
        { prefix: 'tszig-warm-', unsafeCleanup: true },
      );
    },
    { onWait: (owner) => input.logger.info(`waiting for ${owner} to prepare zig for ${input.zigTarget}`) },
  );
}

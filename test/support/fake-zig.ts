// Stand-ins for unit tests: a `zig` that answers `version` and `targets` like zig does, and a
// logger whose lines can be read back.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger } from '../../src/log/logger.ts';

/** A directory holding an executable `zig` that answers `version` and `targets` like zig does. */
export function fakeZig(version: string, glibc = ['2.17.0', '2.42.0']): { dir: string; zig: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tszig-fakezig-'));
  const zig = join(dir, 'zig');
  const zon = `.{\\n    .glibc = .{\\n${glibc.map((g) => `        "${g}",\\n`).join('')}    },\\n}\\n`;
  writeFileSync(zig, `#!/bin/sh\ncase $1 in version) echo ${version} ;; targets) printf '${zon}' ;; *) exit 1 ;; esac\n`);
  chmodSync(zig, 0o755);
  return { dir, zig };
}

/** A debug-level logger that keeps what it prints. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
  return { logger: createLogger({ level: 'debug', stream, env: {} }), lines };
}

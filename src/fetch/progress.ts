// Progress of long work, on stderr only: a live bar on a terminal, one line per stage otherwise.

import type { Logger } from '../log/logger.js';

export interface Progress {
  /** A new stage ("downloading … from …", "verifying …"). */
  stage(message: string): void;
  /** Bytes received so far for the current download. */
  bytes(received: number, total: number | undefined): void;
  /** The current stage is over (ends a live bar's line). */
  done(): void;
}

const MB = 1024 * 1024;

export function createProgress(logger: Logger, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, env = process.env): Progress {
  const live = Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
  let label = '';
  let started = 0;
  let shown = 0;
  let open = false;
  return {
    stage(message) {
      if (open) stream.write('\n');
      open = false;
      label = message;
      started = Date.now();
      if (live) {
        stream.write(`tszig: ${message}`);
        open = true;
      } else {
        logger.info(message);
      }
    },
    bytes(received, total) {
      if (!live) return;
      const now = Date.now();
      if (now - shown < 100 && received !== total) return;
      shown = now;
      const rate = received / MB / Math.max((now - started) / 1000, 0.001);
      const amount = total ? `${(received / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB` : `${(received / MB).toFixed(1)} MB`;
      const bar = total ? ` [${'#'.repeat(Math.round((20 * received) / total)).padEnd(20, '.')}]` : '';
      stream.write(`\r\u001b[2Ktszig: ${label}${bar} ${amount} ${rate.toFixed(1)} MB/s`);
      open = true;
    },
    done() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

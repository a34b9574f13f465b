// Before cargo runs: does the sccache server strip the base directories this build needs? sccache
// reads SCCACHE_BASEDIRS when its server starts; a server started earlier (by another build, or a
// CI step) keeps its own. `sccache --show-stats --stats-format json` reports the running server's
// base directories, or with no server the ones a new server would get from this environment, and
// starts nothing.

import { spawn } from 'node:child_process';
import type { Logger } from '../log/logger.js';
import { normalizeBasedir } from './basedirs.js';

export interface ServerCheck {
  /** The absolute path of sccache. */
  readonly sccache: string;
  /** The environment cargo will get (SCCACHE_BASEDIRS, SCCACHE_SERVER_PORT … included). */
  readonly env: NodeJS.ProcessEnv;
  /** The base directories the build needs. */
  readonly wanted: readonly string[];
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

/** The `basedirs` of sccache's JSON stats, normalized; undefined when the output has none. */
export function statsBasedirs(json: string): string[] | undefined {
  try {
    const value = (JSON.parse(json) as { basedirs?: unknown }).basedirs;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(normalizeBasedir) : undefined;
  } catch {
    return undefined;
  }
}

/** The wanted directories the server does not strip. */
export function missingBasedirs(wanted: readonly string[], server: readonly string[]): string[] {
  const have = new Set(server.map(normalizeBasedir));
  return wanted.map(normalizeBasedir).filter((d) => !have.has(d));
}

function stats(check: ServerCheck): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(check.sccache, ['--show-stats', '--stats-format', 'json'], { env: check.env, stdio: ['ignore', 'pipe', 'ignore'], cwd: '/' });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), check.timeoutMs ?? 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? out : undefined);
    });
  });
}

/**
 * Warns when the running server lacks some of the wanted base directories (then C and C++
 * results of this build are keyed by this machine's paths). Never fails the build: sccache's own
 * errors are cargo's to report.
 */
export async function checkServerBasedirs(check: ServerCheck): Promise<void> {
  const out = await stats(check);
  const server = out === undefined ? undefined : statsBasedirs(out);
  if (!server) {
    check.logger.debug(`sccache --show-stats gave no base directories (${check.sccache}); not checked`);
    return;
  }
  const missing = missingBasedirs(check.wanted, server);
  if (missing.length === 0) return;
  const port = check.env.SCCACHE_SERVER_PORT ? ` on port ${check.env.SCCACHE_SERVER_PORT}` : '';
  check.logger.warn(
    `the running sccache server${port} does not strip ${missing.join(', ')} (it was started with SCCACHE_BASEDIRS=${server.join(':') || '(none)'}), ` +
      'so C and C++ results of this build are keyed by this machine\'s paths and other checkouts will miss them; ' +
      'stop it (`sccache --stop-server`) and the next build starts it with the directories this one needs',
  );
}

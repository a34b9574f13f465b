// A shared compile cache for tests: a real Redis server on 127.0.0.1 (Debian's redis-server, on a
// free port, no persistence, stopped by the test) and sccache's own statistics, read as JSON.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { testRedisServer, testSccache } from './toolchain.ts';

/** A port nobody listens on right now (the kernel's choice, released again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

export interface Redis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts redis-server on a free port of 127.0.0.1 and waits until it answers PING. */
export async function startRedis(): Promise<Redis> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(testRedisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let exited = false;
    child.on('exit', () => (exited = true));
    for (let i = 0; i < 100 && !exited; i++) {
      if (await ping(port)) {
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          stop: () =>
            new Promise<void>((resolve) => {
              if (exited) return resolve();
              child.on('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    if (attempt >= 2) throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
  }
}

export interface LanguageCounts {
  readonly hits: number;
  readonly misses: number;
}

export interface SccacheStats {
  /** C and C++ compiles (sccache counts both as "C/C++"). */
  readonly c: LanguageCounts;
  readonly rust: LanguageCounts;
  readonly nonCacheable: number;
  /** Misses by sccache's finer kind: `c [clang]`, `c++ [clang]`, `rust` … */
  readonly missesByKind: Readonly<Record<string, number>>;
  readonly basedirs: readonly string[];
  readonly raw: string;
}

/** The hits of `counts` as a share of its cacheable compiles (NaN when there were none). */
export const hitRate = (counts: LanguageCounts): number => counts.hits / (counts.hits + counts.misses);

/** `sccache --show-stats --stats-format json` of the server `env` names (SCCACHE_SERVER_PORT). */
export function sccacheStats(env: NodeJS.ProcessEnv): SccacheStats {
  const r = spawnSync(testSccache(), ['--show-stats', '--stats-format', 'json'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sccache --show-stats failed: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as {
    stats: { cache_hits: { counts: Record<string, number> }; cache_misses: { counts: Record<string, number>; adv_counts: Record<string, number> }; non_cacheable_compilations: number };
    basedirs?: string[];
  };
  const of = (language: string): LanguageCounts => ({ hits: json.stats.cache_hits.counts[language] ?? 0, misses: json.stats.cache_misses.counts[language] ?? 0 });
  return { c: of('C/C++'), rust: of('Rust'), nonCacheable: json.stats.non_cacheable_compilations, missesByKind: json.stats.cache_misses.adv_counts, basedirs: json.basedirs ?? [], raw: r.stdout };
}

/** Stops the sccache server `env` names, if one runs. */
export function stopSccache(env: NodeJS.ProcessEnv): void {
  spawnSync(testSccache(), ['--stop-server'], { env, encoding: 'utf8', timeout: 30_000 });
}

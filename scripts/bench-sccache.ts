// The shared-compile-cache rows of `npm run bench`: machine B building fixtures/fleet-cc for
// aarch64 glibc 2.17 (debug) in a checkout path of its own, (1) cold without sccache, (2) with
// `RUSTC_WRAPPER=sccache cargo tszig build` after machine A filled a Redis-backed sccache, and (3)
// with the same sccache and Redis but C and C++ wrapped by hand (`zig cc -target …` scripts, the way
// it is done without tszig) after A did the same. Each build is one run (a build takes tens of
// seconds); the hit counts come from sccache's own statistics.

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, sccacheStats, startRedis, stopSccache, type SccacheStats } from '../test/support/shared-cache.ts';
import { timeCommand } from './bench-timing.ts';

export interface SharedCacheBench {
  readonly root: string;
  readonly work: string;
  readonly zig: string;
  readonly sccache: string;
  readonly toolchain: string;
  /** The environment cargo tszig runs in (PATH with tszig's bins and zig, ZIG_GLOBAL_CACHE_DIR). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

const TARGET = 'aarch64-unknown-linux-gnu';
const ZIG_TARGET = 'aarch64-linux-gnu.2.17';
const ENV_TARGET = TARGET.replaceAll('-', '_');

/**
 * POSIX sh wrappers as a careful user writes them by hand: zig's driver with the target, cc-rs's own
 * --target= dropped, and UBSan off (zig turns it on for unoptimised C, and the link then lacks its
 * runtime).
 */
function handWrappers(dir: string, zig: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, body: string): string => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const drop = 'for a; do shift; case $a in --target=*) ;; *) set -- "$@" "$a" ;; esac; done';
  return {
    [`CC_${ENV_TARGET}`]: write('zigcc', `${drop}\nexec '${zig}' cc -target ${ZIG_TARGET} -fno-sanitize=undefined "$@"`),
    [`CXX_${ENV_TARGET}`]: write('zigcxx', `${drop}\nexec '${zig}' c++ -target ${ZIG_TARGET} -fno-sanitize=undefined "$@"`),
    [`AR_${ENV_TARGET}`]: write('zigar', `exec '${zig}' ar "$@"`),
  };
}

export async function benchSharedCache(b: SharedCacheBench): Promise<string[]> {
  const checkout = (name: string): string => {
    const dir = join(b.work, 'fleet', name, 'fleet-cc');
    cpSync(join(b.root, 'fixtures', 'fleet-cc'), dir, { recursive: true, filter: (src) => !src.includes('/target') });
    return dir;
  };
  const base: NodeJS.ProcessEnv = { ...b.env, CARGO_INCREMENTAL: '0', CARGO_NET_OFFLINE: 'true', PATH: `${b.env.PATH ?? ''}:${dirname(b.sccache)}` };
  delete base.RUSTC_WRAPPER;
  const args = [`+${b.toolchain}`, 'tszig', 'build', '--target', `${TARGET}.2.17`];
  // The hand-made variant still links through tszig's linker (linking is not cached, and rustc's
  // link line needs tszig's rewrites); only its C and C++ compiles are wrapped by hand.
  const envJson = spawnSync('tszig', ['env', '--target', `${TARGET}.2.17`, '--format', 'json'], { env: base, encoding: 'utf8' });
  if (envJson.status !== 0) throw new Error(`tszig env failed: ${envJson.stderr}`);
  const tszigEnv = JSON.parse(envJson.stdout) as Record<string, string>;
  const hand = { ...tszigEnv, ...handWrappers(join(b.work, 'fleet', 'hand-bin'), b.zig) };
  delete hand.CMAKE_TOOLCHAIN_FILE;

  const redisTszig = await startRedis();
  const redisHand = await startRedis();
  try {
    const build = async (name: string, variant: 'cold' | 'tszig' | 'hand', redisUrl?: string): Promise<{ ms: number; stats?: SccacheStats }> => {
      const proj = checkout(name);
      const env: NodeJS.ProcessEnv = { ...base, TSZIG_CACHE_DIR: join(b.work, 'fleet', name, 'tszig-cache') };
      if (variant !== 'cold') {
        Object.assign(env, {
          RUSTC_WRAPPER: b.sccache,
          SCCACHE_REDIS_ENDPOINT: redisUrl,
          SCCACHE_SERVER_PORT: String(await freePort()),
          SCCACHE_DIR: join(b.work, 'fleet', name, 'sccache-local'),
          SCCACHE_IDLE_TIMEOUT: '600',
        });
      }
      b.log(`bench: shared cache: ${name} (${variant})`);
      try {
        const ms =
          variant === 'hand'
            ? timeCommand('cargo', [`+${b.toolchain}`, 'build', '--target', TARGET], { cwd: proj, env: { ...env, ...hand } })
            : timeCommand('cargo', args, { cwd: proj, env });
        return { ms, ...(variant === 'cold' ? {} : { stats: sccacheStats(env) }) };
      } finally {
        if (variant !== 'cold') stopSccache(env);
      }
    };
    const cold = await build('b-cold', 'cold');
    await build('a-tszig', 'tszig', redisTszig.url);
    const warm = await build('b-tszig', 'tszig', redisTszig.url);
    await build('a-hand', 'hand', redisHand.url);
    const byHand = await build('b-hand', 'hand', redisHand.url);
    const hits = (s?: SccacheStats): string => (s ? `C/C++ ${s.c.hits}/${s.c.hits + s.c.misses} hits, rustc ${s.rust.hits}/${s.rust.hits + s.rust.misses}` : '');
    const row = (label: string, r: { ms: number; stats?: SccacheStats }): string =>
      `| | ${label} (${hits(r.stats)}) | ${(r.ms / 1000).toFixed(1)} s | ${((r.ms - cold.ms) / 1000).toFixed(1)} s | ${(r.ms / cold.ms).toFixed(3)} | |`;
    return [
      `| machine B: fleet-cc for ${TARGET}.2.17, debug, another checkout path (one run each) | cold, no sccache | ${(cold.ms / 1000).toFixed(1)} s | | | |`,
      row('cargo tszig, sccache + Redis filled by machine A', warm),
      row('zig cc wrapped by hand, the same sccache + Redis filled by A', byHand),
    ];
  } finally {
    await redisTszig.stop();
    await redisHand.stop();
  }
}

// Asks a zig binary what it is (version, newest glibc), cached on disk by the binary's identity.

import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import { runCapture } from '../process/capture.js';

export interface ZigFacts {
  readonly version: string;
  /** Newest glibc this zig can target, from `zig targets`; undefined if it could not be read. */
  readonly glibcMax: string | undefined;
}

interface ProbeRecord extends ZigFacts {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Identity of a file for cache keys: resolved path, size and mtime. */
export function fileIdentity(path: string): { path: string; size: number; mtimeMs: number } | undefined {
  try {
    const real = realpathSync(path);
    const st = statSync(real);
    if (!st.isFile()) return undefined;
    return { path: real, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
  } catch {
    return undefined;
  }
}

function recordPath(cacheDir: string, realPath: string): string {
  return join(cacheDir, 'probes', `zig-${createHash('sha256').update(realPath).digest('hex').slice(0, 16)}.json`);
}

/** Cached facts for this exact binary, or undefined when it changed or was never probed. */
export function cachedZigFacts(zigPath: string, cacheDir: string): ZigFacts | undefined {
  const id = fileIdentity(zigPath);
  if (!id) return undefined;
  try {
    const rec = JSON.parse(readFileSync(recordPath(cacheDir, id.path), 'utf8')) as ProbeRecord;
    if (rec.path === id.path && rec.size === id.size && rec.mtimeMs === id.mtimeMs) {
      return { version: rec.version, glibcMax: rec.glibcMax };
    }
  } catch {
    // no record yet
  }
  return undefined;
}

/** Runs `zig version` and `zig targets` (only when not cached) and records the answers. */
export async function probeZig(zigPath: string, cacheDir: string): Promise<ZigFacts> {
  const cached = cachedZigFacts(zigPath, cacheDir);
  if (cached) return cached;
  const id = fileIdentity(zigPath);
  if (!id) throw new Error(`${zigPath} is not a file`);

  const version = (await runCapture(zigPath, ['version'])).stdout.trim();
  if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`\`${zigPath} version\` printed ${JSON.stringify(version)}`);
  const targets = await runCapture(zigPath, ['targets']).catch(() => undefined);
  const facts: ZigFacts = { version, glibcMax: targets ? newestGlibc(targets.stdout) : undefined };

  const record: ProbeRecord = { ...id, ...facts };
  try {
    writeFileAtomic(recordPath(cacheDir, id.path), `${JSON.stringify(record, null, 2)}\n`);
  } catch {
    // an unwritable cache only costs a probe next time
  }
  return facts;
}

/** The last entry of the `.glibc = .{ … }` list in `zig targets` output (ZON or JSON). */
export function newestGlibc(targetsOutput: string): string | undefined {
  const block = /\.?"?glibc"?\s*[=:]\s*\.?[{[]([^}\]]*)[}\]]/.exec(targetsOutput)?.[1];
  if (!block) return undefined;
  const versions = [...block.matchAll(/"(\d+)\.(\d+)(?:\.\d+)?"/g)].map((m) => ({ major: Number(m[1]), minor: Number(m[2]) }));
  versions.sort((a, b) => a.major - b.major || a.minor - b.minor);
  const last = versions.at(-1);
  return last ? `${last.major}.${last.minor}` : undefined;
}

// Asks a zig binary what it is (version, newest glibc), cached on disk by the binary's identity.

import { fileIdentity, sameIdentity, type FileIdentity } from '../fs/identity.js';
import { readRecord, recordPath, writeRecord } from '../fs/json-cache.js';
import { runCapture } from '../process/capture.js';

export interface ZigFacts {
  readonly version: string;
  /** Newest glibc this zig can target, from `zig targets`; undefined if it could not be read. */
  readonly glibcMax: string | undefined;
}

interface ProbeRecord extends ZigFacts {
  readonly id: FileIdentity;
}

/** Cached facts for this exact binary, or undefined when it changed or was never probed. */
export function cachedZigFacts(zigPath: string, cacheDir: string): ZigFacts | undefined {
  const id = fileIdentity(zigPath);
  if (!id) return undefined;
  const rec = readRecord<ProbeRecord>(recordPath(cacheDir, 'zig', id.path));
  return rec && sameIdentity(rec.id, id) ? { version: rec.version, glibcMax: rec.glibcMax } : undefined;
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

  writeRecord(recordPath(cacheDir, 'zig', id.path), { id, ...facts } satisfies ProbeRecord);
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

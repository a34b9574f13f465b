// Asks a zig binary what it is (version, newest glibc), cached on disk by the binary's identity.

import { fileIdentity, sameIdentity, type FileIdentity } from '../fs/identity.js';
import { readRecord, recordPath, writeRecord } from '../fs/json-cache.js';
import { TszigError } from '../errors.js';
import { CaptureError, runCapture } from '../process/capture.js';

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

/**
 * Runs `zig version` and `zig targets` (only when not cached) and records the answers; a binary
 * that is not a zig (does not run, fails, prints something else) is an E_ZIG_BROKEN error.
 */
export async function probeZig(zigPath: string, cacheDir: string): Promise<ZigFacts> {
  const cached = cachedZigFacts(zigPath, cacheDir);
  if (cached) return cached;
  const id = fileIdentity(zigPath);
  if (!id) throw broken(zigPath, 'it is not a file');

  const answer = await runCapture(zigPath, ['version']).catch((err: Error) => {
    const why = err instanceof CaptureError ? err.message.replace(`${zigPath} version: `, '') : err.message;
    throw broken(zigPath, `\`zig version\` failed: ${why.split('\n')[0]}`, err);
  });
  const version = answer.stdout.trim();
  if (!/^\d+\.\d+\.\d+/.test(version)) throw broken(zigPath, `\`zig version\` printed ${JSON.stringify(version.slice(0, 80))}`);
  const targets = await runCapture(zigPath, ['targets']).catch(() => undefined);
  const facts: ZigFacts = { version, glibcMax: targets ? newestGlibc(targets.stdout) : undefined };

  writeRecord(recordPath(cacheDir, 'zig', id.path), { id, ...facts } satisfies ProbeRecord);
  return facts;
}

function broken(zigPath: string, why: string, cause?: unknown): TszigError {
  return new TszigError('E_ZIG_BROKEN', `${zigPath} is not a working zig: ${why}`, {
    hint: 'point --zig, TSZIG_ZIG or zig.path at the zig executable (the file next to its lib/ directory), or unset them to use the pinned zig',
    cause,
  });
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

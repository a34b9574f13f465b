// Small JSON records under <cache>/probes/, written atomically; a missing or broken record is a miss.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

export function recordPath(cacheDir: string, kind: string, key: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
  return join(cacheDir, 'probes', `${kind}-${hash}.json`);
}

export function readRecord<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Writes a record; an unwritable cache only costs the probe again next time. */
export function writeRecord(path: string, value: unknown): void {
  try {
    writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, 0o644, { private: true });
  } catch {
    // not fatal
  }
}

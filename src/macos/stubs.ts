// Writes a macOS target's system-library stubs into tszig's cache, in a directory named by a hash
// of their content, and says how a compiler call finds them.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import type { ResolvedTarget } from '../target/parse.js';
import { SYSTEM_LIBRARIES, type SystemLibrary } from './system-libraries.js';
import { renderTbd } from './tbd.js';

export interface StubFile {
  readonly name: string;
  readonly text: string;
}

/** The stub files for a target: `lib<name>.tbd` per library, in table order. */
export function stubFiles(target: ResolvedTarget, libraries: readonly SystemLibrary[] = SYSTEM_LIBRARIES): StubFile[] {
  return libraries.map((lib) => ({ name: `lib${lib.name}.tbd`, text: renderTbd(lib, target) }));
}

/** `<cacheDir>/macos-stubs/<hash of the files>`: the same stubs always land in the same place. */
export function stubDir(cacheDir: string, files: readonly StubFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f.name}\0${f.text}\0`);
  return join(cacheDir, 'macos-stubs', h.digest('hex').slice(0, 16));
}

/**
 * Writes the target's stubs (each file atomically, unchanged ones untouched) and returns their
 * directory. Runs that race write the same bytes to the same names.
 */
export function writeStubs(cacheDir: string, target: ResolvedTarget): string {
  const files = stubFiles(target);
  const dir = stubDir(cacheDir, files);
  for (const f of files) writeFileAtomic(join(dir, f.name), f.text);
  return dir;
}

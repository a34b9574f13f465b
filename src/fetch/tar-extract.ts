// Reading and writing tar streams through the one entry check (tar-entries.ts):
//   listTar     checks every entry of a stream and writes nothing (before another tool unpacks it)
//   extractTar  checks each entry and writes it, in one pass, into an empty directory
//   applyModes  gives entries whose archive mode was not acceptable their normalised mode
// extractTar writes each entry where the checked tree says it lands, creating directories itself,
// so it never follows a link on disk; files get their normalised mode whatever the umask. A file
// or link over an earlier file (the tree allows that, e.g. one package after another) replaces it:
// the old name is unlinked first, so a hard link to it keeps its own contents.

import { chmodSync, closeSync, existsSync, fchmodSync, linkSync, mkdirSync, openSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadEntry } from 'tar';
import { ArchiveError, ArchiveTree, type CheckedEntry, type EntryRules } from './tar-entries.js';

/** Parses `input` as tar and calls `each` for every entry in order; the first problem wins. */
async function parse(input: Readable, each: (entry: ReadEntry) => void): Promise<void> {
  // Until the pipeline below listens, an error must not go unhandled (it is kept and reported there).
  input.on('error', () => undefined);
  const tar = await import('tar');
  let problem: Error | undefined;
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      if (problem) {
        entry.resume();
        return;
      }
      try {
        each(entry);
      } catch (err) {
        problem = err as Error;
        entry.resume();
      }
    },
  });
  try {
    await pipeline(input, parser);
  } catch (err) {
    throw problem ?? (err instanceof ArchiveError ? err : new ArchiveError(`the archive cannot be read: ${(err as Error).message}`));
  }
  if (problem) throw problem;
}

/** Every entry of the tar stream, checked (and the whole tree checked at the end); nothing written. */
export async function listTar(input: Readable, rules: EntryRules = {}): Promise<CheckedEntry[]> {
  const tree = new ArchiveTree(rules);
  const out: CheckedEntry[] = [];
  await parse(input, (entry) => {
    out.push(tree.check(entry));
    entry.resume();
  });
  tree.finish();
  return out;
}

/** Creates `dir` and missing parents as mode 0755 directories below `root`. */
function makeDirs(root: string, rel: string): void {
  let at = root;
  for (const part of rel.split('/').filter((p) => p !== '' && p !== '.')) {
    at = join(at, part);
    if (existsSync(at)) continue;
    mkdirSync(at, 0o755);
    chmodSync(at, 0o755);
  }
}

export interface ExtractOptions extends EntryRules {
  /**
   * Several archives unpacked into one directory (a sysroot of many packages) must share one tree,
   * so that links one archive made are known when the next is checked: pass the same tree each
   * time and call its finish() after the last one. Without it, a tree of its own is made and finished.
   */
  readonly tree?: ArchiveTree;
}

/**
 * Unpacks the tar stream into `dest`, checking each entry first; returns the entries. `dest` must
 * be empty, or hold only what earlier calls with the same `tree` wrote. On failure it holds part
 * of the archive: unpack into a temporary directory and discard it.
 */
export async function extractTar(input: Readable, dest: string, options: ExtractOptions = {}): Promise<CheckedEntry[]> {
  const tree = options.tree ?? new ArchiveTree(options);
  const out: CheckedEntry[] = [];
  mkdirSync(dest, { recursive: true });
  await parse(input, (entry) => {
    const e = tree.check(entry);
    out.push(e);
    const at = join(dest, e.realPath);
    if (e.realPath !== '') makeDirs(dest, dirname(e.realPath));
    if (e.kind === 'dir') {
      // A normalised directory mode keeps the owner's rwx, so what follows can still be written.
      if (!existsSync(at)) mkdirSync(at, e.mode);
      chmodSync(at, e.mode);
      entry.resume();
      return;
    }
    // Never a directory or a link here: the tree refuses replacing those.
    rmSync(at, { force: true });
    if (e.kind === 'symlink') {
      symlinkSync(e.linkpath as string, at);
      entry.resume();
    } else if (e.kind === 'hardlink') {
      linkSync(join(dest, e.linkpath as string), at);
      entry.resume();
    } else {
      const fd = openSync(at, 'w', 0o600);
      fchmodSync(fd, e.mode);
      entry.on('data', (chunk: Buffer) => {
        for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
      });
      entry.on('end', () => closeSync(fd));
      entry.on('error', () => closeSync(fd));
    }
  });
  if (!options.tree) tree.finish();
  return out;
}

/** Sets the normalised mode of every entry whose archive mode was changed (after another tool unpacked them). */
export function applyModes(dest: string, entries: readonly CheckedEntry[]): void {
  for (const e of entries) if (e.modeChanged && e.kind !== 'symlink') chmodSync(join(dest, e.realPath), e.mode);
}

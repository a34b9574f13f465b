// Unpacks verified `.deb`s into one sysroot: each one's `data.tar.{xz,zst,gz}` member goes through
// tszig's one archive check and writer (src/fetch/tar-extract.ts), which resolves every entry
// against the tree built so far, links included, and normalises modes (no setuid, nothing group-
// or world-writable). All packages share one checked tree, so a link one package made is known
// when the next is checked: package B cannot write through package A's links to leave the
// sysroot. Absolute symlinks (`libz.so -> /lib/aarch64-linux-gnu/libz.so.1.2.13`) are rebased
// to relative ones that point inside the sysroot; a directory entry where an earlier package made
// a link to a directory keeps the link (as dpkg does); the multiarch layout is kept as it is.

import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { decompressed, type Compression } from '../fetch/decompress.js';
import { ArchiveError, ArchiveTree } from '../fetch/tar-entries.js';
import { extractTar } from '../fetch/tar-extract.js';
import { TszigError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';
import { onPath } from '../platform/on-path.js';
import { DebFormatError, readAr } from './ar.js';

const DATA: Readonly<Record<string, Compression>> = { 'data.tar': 'none', 'data.tar.gz': 'gz', 'data.tar.xz': 'xz', 'data.tar.zst': 'zst' };

/** A package that matched the signed index but cannot be unpacked safely (or at all). */
export class RefusedPackageError extends TszigError {
  constructor(message: string, cause: unknown) {
    super('E_ARCHIVE', message, {
      hint: 'tszig unpacks only files, directories and links that stay inside the sysroot: leave the package out of `packages`, or report it to the archive that publishes it',
      cause,
    });
  }
}

export interface DebFile {
  readonly path: string;
  /** For messages: the package's file name. */
  readonly label: string;
}

/** The data.tar member of a `.deb`, decompressed. */
async function dataTar(deb: DebFile, env: Env): Promise<Readable> {
  const members = readAr(readFileSync(deb.path), deb.label);
  if (members[0]?.name !== 'debian-binary' || !members[0].data.toString('latin1').startsWith('2.')) {
    throw new DebFormatError(`${deb.label} is not a Debian binary package (no debian-binary 2.x member first)`);
  }
  const data = members.find((m) => m.name.startsWith('data.tar'));
  if (!data) throw new DebFormatError(`${deb.label} has no data.tar member`);
  const compression = DATA[data.name];
  if (!compression) throw new DebFormatError(`${deb.label} holds ${data.name}, which tszig cannot unpack`);
  if (compression === 'zst' && !(await onPath('zstd', env.PATH))) {
    throw new DebFormatError(`${deb.label} is compressed with zstd, and no zstd program is installed (Debian: apt-get install zstd)`);
  }
  return decompressed(Readable.from([data.data]), compression, env);
}

/**
 * Unpacks the packages, in order, into `dest` (empty or missing). On failure `dest` holds part of
 * them: unpack into a temporary directory and discard it.
 */
export async function unpackDebs(debs: readonly DebFile[], dest: string, env: Env): Promise<void> {
  const tree = new ArchiveTree({ absoluteLinks: 'rebase', dirOverLink: 'keep' });
  for (const deb of debs) {
    const input = await dataTar(deb, env);
    try {
      await extractTar(input, dest, { tree });
    } catch (err) {
      if (err instanceof ArchiveError) throw new RefusedPackageError(`${deb.label}: ${err.message}`, err);
      throw err;
    }
  }
  try {
    tree.finish();
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    throw new RefusedPackageError(`${debs.map((d) => d.label).join(', ')} unpacked together: ${err.message}`, err);
  }
}

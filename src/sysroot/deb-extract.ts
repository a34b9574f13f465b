// Unpacks a verified `.deb` into a sysroot: its `data.tar.{xz,zst,gz}` member, every entry checked
// first (no absolute paths, no `..`, only files, directories and links, links staying inside),
// then written. Absolute symlinks (`libz.so -> /lib/aarch64-linux-gnu/libz.so.1.2.13`) become
// relative ones, so they point inside the sysroot wherever it lives. The multiarch layout
// (usr/lib/<triple>, usr/include/<triple>) is kept as it is.

import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { onPath } from '../platform/on-path.js';
import { DebFormatError, readAr } from './ar.js';
import { decompressed } from './fetch-adapter.js';

const ALLOWED = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

/** An entry's path inside the sysroot, or a reason it may not be unpacked. */
export function entryPath(path: string): string {
  const clean = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return '';
  if (clean.startsWith('/') || clean.includes('\\')) throw new DebFormatError(`entry ${JSON.stringify(path)} has an absolute path`);
  if (clean.split('/').includes('..')) throw new DebFormatError(`entry ${JSON.stringify(path)} escapes the sysroot`);
  return clean;
}

/**
 * Where a symlink at `path` should point: an absolute target becomes relative to the link's
 * directory (inside the sysroot); a relative one must stay inside the sysroot.
 */
export function linkTarget(path: string, target: string): string {
  const dir = posix.dirname(path);
  if (target.startsWith('/')) {
    const inside = posix.normalize(target).replace(/^\/+/, '');
    if (inside.split('/').includes('..')) throw new DebFormatError(`link ${path} -> ${target} escapes the sysroot`);
    const rel = posix.relative(dir === '.' ? '' : dir, inside);
    return rel === '' ? '.' : rel;
  }
  const resolved = posix.normalize(posix.join(dir, target));
  if (resolved === '..' || resolved.startsWith('../') || resolved.startsWith('/')) throw new DebFormatError(`link ${path} -> ${target} escapes the sysroot`);
  return target;
}

async function tarStream(name: string, data: Buffer, work: string, label: string): Promise<Readable> {
  if (name === 'data.tar') return Readable.from([data]);
  if (name === 'data.tar.gz') return Readable.from([data]).pipe(createGunzip());
  if (name === 'data.tar.xz') {
    const file = join(work, 'data.tar.xz');
    writeFileSync(file, data);
    return decompressed(file, 'xz');
  }
  if (name === 'data.tar.zst') {
    const zstd = await onPath('zstd');
    if (!zstd) throw new DebFormatError(`${label} is compressed with zstd, and no zstd program is installed (Debian: apt-get install zstd)`);
    const child = spawn(zstd, ['-dc'], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdin.end(data);
    return child.stdout;
  }
  throw new DebFormatError(`${label} holds ${name}, which tszig cannot unpack`);
}

interface Plan {
  readonly links: { readonly path: string; readonly target: string }[];
}

/** Unpacks the data member of the `.deb` at `deb` (already read: `bytes`) into `dest`. */
export async function extractDeb(bytes: Buffer, dest: string, work: string, label: string): Promise<void> {
  const members = readAr(bytes, label);
  if (members[0]?.name !== 'debian-binary' || !members[0].data.toString('latin1').startsWith('2.')) {
    throw new DebFormatError(`${label} is not a Debian binary package (no debian-binary 2.x member first)`);
  }
  const data = members.find((m) => m.name.startsWith('data.tar'));
  if (!data) throw new DebFormatError(`${label} has no data.tar member`);
  const tar = await import('tar');

  // Pass 1: check every entry; nothing is written.
  const plan: Plan = { links: [] };
  let problem: Error | undefined;
  const lister = tar.t({
    onReadEntry: (entry) => {
      try {
        if (!ALLOWED.has(entry.type)) throw new DebFormatError(`entry ${JSON.stringify(entry.path)} is a ${entry.type}`);
        const path = entryPath(entry.path);
        if (entry.type === 'SymbolicLink') plan.links.push({ path, target: linkTarget(path, entry.linkpath ?? '') });
        if (entry.type === 'Link') entryPath(entry.linkpath ?? '');
      } catch (err) {
        problem ??= err as Error;
      }
      entry.resume();
    },
  });
  try {
    await pipeline(await tarStream(data.name, data.data, work, label), lister);
  } catch (err) {
    throw problem ?? new DebFormatError(`${label}: ${data.name} cannot be read: ${(err as Error).message}`);
  }
  if (problem) throw new DebFormatError(`${label}: ${problem.message}`);

  // Pass 2: files, directories and hard links; symlinks are made afterwards, rewritten.
  mkdirSync(dest, { recursive: true });
  const extractor = tar.x({
    cwd: dest,
    strict: true,
    preserveOwner: false,
    filter: (_path, entry) => (entry as { type?: string }).type !== 'SymbolicLink',
  });
  await pipeline(await tarStream(data.name, data.data, work, label), extractor);
  for (const link of plan.links) {
    const at = join(dest, link.path);
    mkdirSync(join(at, '..'), { recursive: true });
    try {
      if (lstatSync(at).isDirectory()) rmSync(at, { recursive: true });
      else rmSync(at);
    } catch {
      // not there yet
    }
    symlinkSync(link.target, at);
  }
}

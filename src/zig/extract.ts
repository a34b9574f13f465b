// Unpacks a verified Zig archive into a directory. Every entry passes the shared check first
// (src/fetch/tar-entries.ts: inside the one top-level directory, links resolved against the tree
// they build, no devices, modes normalised); only then is anything written.
//
// Measured on the 0.15.2 archive (19,302 entries, 56 MB → 379 MB), 2-core VM (docs/zig-download.md):
// writing through node-tar takes 17-22 s whatever decodes the xz, system `tar -xJf` 3.5-5 s; reading
// the entries for the check takes 3.2 s through `xz -dc`, 4.7 s through the WebAssembly decoder. So:
// check with node-tar, write with the system tar where it can read xz, else with our own writer.
//
// The system tar reads the archive from a pipe this process feeds: when tszig dies (even by
// SIGKILL) the pipe closes and tar stops at once instead of writing on for seconds.

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';
import { decompressed } from '../fetch/decompress.js';
import { ArchiveError, ArchiveTree } from '../fetch/tar-entries.js';
import { applyModes, extractTar, listTar } from '../fetch/tar-extract.js';
import { onPath } from '../platform/on-path.js';
import { runCapture } from '../process/capture.js';

export { ArchiveError };

export interface ZigExtractOptions {
  /** `system`: tar(1) where it reads xz (default when available); `node`: tszig's own writer. */
  readonly unpacker?: 'system' | 'node';
}

/** Whether the system tar can read .tar.xz: GNU tar with xz on PATH, or bsdtar (xz built in). */
async function systemTar(): Promise<{ tar: string; flags: string[] } | undefined> {
  const tar = await onPath('tar');
  if (!tar) return undefined;
  const version = await runCapture(tar, ['--version']).catch(() => undefined);
  if (!version) return undefined;
  if (/bsdtar/.test(version.stdout)) return { tar, flags: ['-xf', '-'] };
  if (/GNU tar/.test(version.stdout) && (await onPath('xz'))) return { tar, flags: ['-xJf', '-'] };
  return undefined;
}

/** Runs tar with the archive on its stdin, fed from here. */
async function runTar(tar: string, args: string[], archive: string): Promise<void> {
  const child = spawn(tar, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const fed = pipeline(createReadStream(archive), child.stdin).catch((err: Error) => err);
  const code = await exited;
  const feedError = await fed;
  if (code !== 0) throw new ArchiveError(`tar could not unpack the archive (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  // tar may stop reading once it has seen the end-of-archive blocks; anything else is a failure.
  if (feedError instanceof Error && (feedError as NodeJS.ErrnoException).code !== 'EPIPE') {
    throw new ArchiveError(`could not feed the archive to tar: ${feedError.message}`);
  }
}

async function extractTarXz(file: string, dest: string, top: string, options: ZigExtractOptions): Promise<void> {
  const sys = options.unpacker === 'node' ? undefined : await systemTar();
  if (!sys) {
    await extractTar(await decompressed(file, 'xz'), dest, { top });
    return;
  }
  const entries = await listTar(await decompressed(file, 'xz'), { top });
  await runTar(sys.tar, [...sys.flags, '--no-same-owner', '-C', dest], file);
  applyModes(dest, entries);
}

async function extractZip(file: string, dest: string, top: string): Promise<void> {
  const yauzl = await import('yauzl');
  const open = (): Promise<ZipFile> =>
    new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
  const each = async (fn: (entry: Entry, zip: ZipFile) => Promise<void>): Promise<void> => {
    const zip = await open();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        fn(entry, zip).then(() => zip.readEntry(), (err: unknown) => {
          zip.close();
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  };
  // Unix mode bits live in the top half of the external attributes; 0o12 is a symlink.
  const kind = (e: Entry): string =>
    e.fileName.endsWith('/') ? 'Directory' : (e.externalFileAttributes >>> 28) === 0o12 ? 'SymbolicLink' : 'File';
  const tree = new ArchiveTree({ top });
  const modes = new Map<string, number>();
  await each((entry) => {
    const k = kind(entry);
    if (k === 'SymbolicLink') throw new ArchiveError(`archive entry ${JSON.stringify(entry.fileName)} is a symbolic link`);
    const mode = (entry.externalFileAttributes >>> 16) & 0o7777;
    modes.set(entry.fileName, tree.check({ path: entry.fileName, type: k, mode: mode || undefined }).mode);
    return Promise.resolve();
  });
  await each(async (entry, zip) => {
    const out = join(dest, entry.fileName);
    if (kind(entry) === 'Directory') {
      mkdirSync(out, { recursive: true });
      return;
    }
    mkdirSync(dirname(out), { recursive: true });
    const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
    await pipeline(stream, createWriteStream(out, { mode: modes.get(entry.fileName) ?? 0o644 }));
  });
}

/** Unpacks `archive` into `dest` and returns the path of its top-level directory `top`. */
export async function extractArchive(archive: string, dest: string, top: string, options: ZigExtractOptions = {}): Promise<string> {
  mkdirSync(dest, { recursive: true });
  if (archive.endsWith('.zip')) await extractZip(archive, dest, top);
  else await extractTarXz(archive, dest, top, options);
  const root = join(dest, top);
  if (!existsSync(root)) throw new ArchiveError(`the archive has no ${top}/ directory`);
  return root;
}

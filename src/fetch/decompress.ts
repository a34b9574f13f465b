// The decompressed bytes of a compressed file as a stream: xz and zstd through the system's `xz` or
// `zstd` when present (xz falls back to a WebAssembly decoder), gzip through node:zlib.
// Decoder processes write into a pipe this process reads: if it dies, they die of SIGPIPE.
// A decoder that fails makes the stream fail; one that succeeds ends it.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import type * as XzModule from 'xz-decompress';
import { onPath } from '../platform/on-path.js';
import { ArchiveError } from './tar-entries.js';

export type Compression = 'xz' | 'zst' | 'gz' | 'none';

/** The compression of a file named `*.tar.xz`, `*.tar.zst`, `*.tgz` … (or 'none'). */
export function compressionOf(name: string): Compression {
  if (/\.(xz|txz)$/.test(name)) return 'xz';
  if (/\.(zst|tzst)$/.test(name)) return 'zst';
  if (/\.(gz|tgz)$/.test(name)) return 'gz';
  return 'none';
}

/** `program -dc [file]`'s stdout (reading `source` on stdin when it is a stream); a non-zero exit becomes an error on the stream. */
function decoder(program: string, source: string | Readable, what: string): Readable {
  const child = spawn(program, typeof source === 'string' ? ['-dc', source] : ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  // Read at once: Node discards what an exited child wrote to a pipe nobody was reading yet.
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  // The reader may attach later; it still sees the error (a stream keeps it), the process does not crash.
  out.on('error', () => undefined);
  // …and end only once the exit status is known, so a failed decoder is an error, not a short file.
  child.stdout.pipe(out, { end: false });
  child.stdin.on('error', () => undefined); // the decoder stopped reading: its exit status says why
  if (typeof source === 'string') child.stdin.end();
  else {
    source.on('error', (err) => out.destroy(err));
    source.pipe(child.stdin);
  }
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('error', (err) => out.destroy(new ArchiveError(`${program} could not be run: ${err.message}`)));
  child.on('close', (code, signal) => {
    if (code === 0) out.end();
    else if (!out.destroyed) out.destroy(new ArchiveError(`${program} could not decompress ${what}: ${stderr.trim() || `exit ${code ?? signal}`}`));
  });
  // A reader that stops early must not leave the decoder running.
  out.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  return out;
}

/**
 * Decompressed contents of a file, or of a stream (e.g. a member of a `.deb`): `compression` is
 * required for a stream.
 */
export async function decompressed(source: string | Readable, compression: Compression = typeof source === 'string' ? compressionOf(source) : 'none', env: { PATH?: string | undefined } = process.env): Promise<Readable> {
  const what = typeof source === 'string' ? source : `the ${compression} stream`;
  const open = (): Readable => (typeof source === 'string' ? createReadStream(source) : source);
  if (compression === 'none') return open();
  if (compression === 'gz') {
    const input = open();
    const gunzip = createGunzip();
    input.on('error', (err) => gunzip.destroy(err));
    return input.pipe(gunzip);
  }
  if (compression === 'zst') {
    const zstd = await onPath('zstd', env.PATH);
    if (!zstd) throw new ArchiveError(`${what} is zstd-compressed and there is no \`zstd\` on PATH to read it`);
    return decoder(zstd, source, what);
  }
  const xz = await onPath('xz', env.PATH);
  if (xz) return decoder(xz, source, what);
  // A CommonJS bundle: its exports arrive on `default` when imported from ESM.
  const mod = (await import('xz-decompress')) as unknown as { default: typeof XzModule };
  const web = new mod.default.XzReadableStream(Readable.toWeb(open()) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(web as WebReadableStream<Uint8Array>);
}

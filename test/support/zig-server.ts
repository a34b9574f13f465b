// A real HTTP server on 127.0.0.1 playing Zig mirrors that behave well or badly, a minisign signer
// with a test key, and a tar writer for hand-made (malicious) archives.

import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * How a mirror answers: as it should, or with one kind of failure.
 *   good      200 with the file (keep-alive)
 *   close     200 with the file, then `Connection: close` (no keep-alive: undici's parser then ends on FIN)
 *   chunked   200 with the file, no Content-Length
 *   redirect  302 to the same file on a `good` mirror
 *   404, 500  that status
 *   reset     the connection is dropped before any answer
 *   truncate  half the file, then the connection is dropped
 *   oversize  the file plus 4 KiB more, announced as such
 *   slow      the file in 64 KiB pieces, 25 ms apart
 *   trickle   the headers, then one byte every 20 ms (50 bytes/s, never silent for long)
 *   pause     half the file, `pauseMs` of silence, the rest
 *   gate      the headers and 64 KiB, then nothing until `release()`
 *   stall     the connection is accepted and never answered
 */
export type Behaviour = 'good' | 'close' | 'chunked' | 'redirect' | '404' | '500' | 'reset' | 'truncate' | 'oversize' | 'slow' | 'trickle' | 'pause' | 'gate' | 'stall';

/** A file a mirror serves: bytes in memory, or a path streamed from disk. */
export type Served = Buffer | { readonly path: string };

export class ZigServer {
  readonly requests: string[] = [];
  /** Silence in the middle of a `pause` response. */
  pauseMs = 1500;
  private variants = new Map<string, Map<string, Served>>();
  private gated: (() => void)[] = [];
  private gateOpen = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<ZigServer> {
    const holder: { self?: ZigServer } = {};
    const server = createServer((req, res) => holder.self?.handle(req.url ?? '', res, req.socket));
    // A client that gives up (a timeout, a size check) resets connections: not the server's problem.
    server.on('connection', (socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new ZigServer(server, (server.address() as AddressInfo).port);
    return holder.self;
  }

  /** Files served under one variant name (e.g. "ok", "wrong-key"). */
  variant(name: string, files: Record<string, Served>): void {
    this.variants.set(name, new Map(Object.entries(files)));
  }

  /** Base URL of a mirror serving `variant`'s files with `behaviour`. */
  mirror(behaviour: Behaviour, variant = 'ok'): string {
    return `http://127.0.0.1:${this.port}/${behaviour}/${variant}`;
  }

  /** How many requests for the archive itself (not signatures) reached the server. */
  archiveRequests(file: string): number {
    return this.requests.filter((r) => r.split('?')[0]?.endsWith(`/${file}`)).length;
  }

  /** How many `gate` responses are waiting for release(). */
  waiting(): number {
    return this.gated.length;
  }

  /** Lets every waiting and future `gate` response finish. */
  release(): void {
    this.gateOpen = true;
    for (const go of this.gated.splice(0)) go();
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(url: string, res: ServerResponse, socket: Socket): void {
    this.requests.push(url);
    const [path = '', query] = url.split('?');
    const [, behaviour, variant, ...rest] = path.split('/');
    const file = rest.join('/');
    const served = this.variants.get(variant ?? '')?.get(file);
    if (behaviour === 'stall') return; // accept, never answer
    if (behaviour === 'reset') {
      socket.destroy();
      return;
    }
    if (behaviour === '500') {
      res.writeHead(500).end('mirror broken');
      return;
    }
    if (behaviour === '404' || !served) {
      res.writeHead(404).end('not found');
      return;
    }
    if (behaviour === 'redirect') {
      res.writeHead(302, { location: `/good/${variant}/${file}${query === undefined ? '' : `?${query}`}` }).end();
      return;
    }
    const data = Buffer.isBuffer(served) ? served : undefined;
    const size = data ? data.length : statSync((served as { path: string }).path).size;
    const extra = behaviour === 'oversize' ? randomBytes(4096) : Buffer.alloc(0);
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (behaviour !== 'chunked') headers['content-length'] = size + extra.length;
    if (behaviour === 'close') headers.connection = 'close';
    res.writeHead(200, headers);
    if (behaviour === 'trickle') {
      this.trickle(data ?? readFileSync((served as { path: string }).path), res);
      return;
    }
    const body = data ? Readable.from(pieces(data), { objectMode: false }) : createReadStream((served as { path: string }).path, { highWaterMark: 64 * 1024 });
    let sent = 0;
    let paused = false;
    let gated = false;
    // Reasons the body is held back (backpressure, a deliberate pause); it flows when there are none.
    let holds = 0;
    const hold = (): void => {
      holds++;
      body.pause();
    };
    const unhold = (): void => {
      if (--holds === 0) body.resume();
    };
    body.on('data', (chunk: Buffer | string) => {
      const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (behaviour === 'truncate' && sent + c.length > size / 2) {
        res.write(c.subarray(0, Math.max(0, Math.floor(size / 2) - sent)));
        body.destroy();
        setTimeout(() => socket.destroy(), 50);
        return;
      }
      sent += c.length;
      if (!res.write(c)) {
        hold();
        res.once('drain', unhold);
      }
      if (behaviour === 'slow') {
        hold();
        setTimeout(unhold, 25);
      }
      if (behaviour === 'pause' && !paused && sent >= size / 2) {
        paused = true;
        hold();
        setTimeout(unhold, this.pauseMs);
      }
      if (behaviour === 'gate' && !gated && sent >= 64 * 1024 && !this.gateOpen) {
        gated = true;
        hold();
        this.gated.push(unhold);
      }
    });
    body.on('end', () => res.end(extra));
    res.on('close', () => body.destroy());
  }

  private trickle(data: Buffer, res: ServerResponse): void {
    let i = 0;
    const timer = setInterval(() => {
      if (i >= data.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(data.subarray(i, i + 1));
      i++;
    }, 20);
    res.on('close', () => clearInterval(timer));
  }
}

/** A buffer in 64 KiB pieces, as a file stream would deliver it. */
function* pieces(data: Buffer): Generator<Buffer> {
  for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
}

/** A minisign key pair for tests; `sign` writes a Zig-style (prehashed ED) signature. */
export function testKey(): { publicKey: string; sign: (data: Buffer, fileName: string) => string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const keyId = randomBytes(8);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    publicKey: Buffer.concat([Buffer.from('Ed'), keyId, raw]).toString('base64'),
    sign(data, fileName) {
      const digest = createHash('blake2b512').update(data).digest();
      const signature = sign(null, digest, privateKey);
      const trusted = `timestamp:${Math.floor(Date.now() / 1000)}\tfile:${fileName}\thashed`;
      const global = sign(null, Buffer.concat([signature, Buffer.from(trusted)]), privateKey);
      return [
        'untrusted comment: signature from a tszig test key',
        Buffer.concat([Buffer.from('ED'), keyId, signature]).toString('base64'),
        `trusted comment: ${trusted}`,
        global.toString('base64'),
        '',
      ].join('\n');
    },
  };
}

/** One entry of a hand-made tar archive. */
export interface TarEntry {
  readonly name: string;
  readonly data?: string;
  readonly type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'fifo';
  readonly link?: string;
  /** Permission bits as stored (default 0755 for directories, 0644 otherwise). */
  readonly mode?: number;
}

const TYPE_FLAG = { file: '0', hardlink: '1', symlink: '2', chardev: '3', dir: '5', fifo: '6' } as const;

/** A ustar name: up to 100 bytes, or a prefix of up to 155 and a name of up to 100, split at a slash. */
function ustarName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let at = name.indexOf('/'); at !== -1; at = name.indexOf('/', at + 1)) {
    const prefix = name.slice(0, at);
    const rest = name.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  throw new Error(`tar entry name too long for ustar: ${name}`);
}

/** An uncompressed ustar archive of the given entries. */
export function tarBytes(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = Buffer.from(e.data ?? '');
    const header = Buffer.alloc(512);
    const { prefix, name } = ustarName(e.name);
    header.write(name, 0, 100, 'utf8');
    if (prefix) header.write(prefix, 345, 155, 'utf8');
    header.write(`${(e.mode ?? (type === 'dir' ? 0o755 : 0o644)).toString(8).padStart(7, '0')}\0`, 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${(type === 'file' ? data.length : 0).toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write(TYPE_FLAG[type], 156);
    if (e.link) header.write(e.link, 157, 100, 'utf8');
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header);
    if (type === 'file') blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A ustar archive of the given entries, xz-compressed, written to `path`. */
export function writeTarXz(path: string, entries: readonly TarEntry[]): void {
  writeFileSync(path, execFileSync('xz', ['-c', '-1'], { input: tarBytes(entries) }));
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

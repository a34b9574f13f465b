// A real HTTP server on 127.0.0.1 playing Zig mirrors that behave well or badly, a minisign signer
// with a test key, and a tar writer for hand-made (malicious) archives.

import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How a mirror answers: as it should, or with one kind of failure. */
export type Behaviour = 'good' | '404' | '500' | 'reset' | 'truncate' | 'slow' | 'stall';

/** A file a mirror serves: bytes in memory, or a path streamed from disk. */
export type Served = Buffer | { readonly path: string };

export class ZigServer {
  readonly requests: string[] = [];
  private variants = new Map<string, Map<string, Served>>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<ZigServer> {
    const holder: { self?: ZigServer } = {};
    const server = createServer((req, res) => holder.self?.handle(req.url ?? '', res, req.socket));
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

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(url: string, res: ServerResponse, socket: Socket): void {
    this.requests.push(url);
    const [, behaviour, variant, ...rest] = (url.split('?')[0] ?? '').split('/');
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
    const size = Buffer.isBuffer(served) ? served.length : statSync(served.path).size;
    res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
    const body = Buffer.isBuffer(served) ? undefined : createReadStream(served.path, { highWaterMark: 64 * 1024 });
    if (!body) {
      if (behaviour === 'truncate') {
        res.write((served as Buffer).subarray(0, size >> 1));
        socket.destroy();
      } else res.end(served);
      return;
    }
    let sent = 0;
    body.on('data', (chunk: Buffer | string) => {
      const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (behaviour === 'truncate' && sent + c.length > size / 2) {
        body.destroy();
        socket.destroy();
        return;
      }
      sent += c.length;
      if (!res.write(c)) {
        body.pause();
        res.once('drain', () => body.resume());
      }
      if (behaviour === 'slow') {
        body.pause();
        setTimeout(() => body.resume(), 25);
      }
    });
    body.on('end', () => res.end());
    res.on('close', () => body.destroy());
  }
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

/** A ustar archive of the given entries, xz-compressed, written to `path`. */
export function writeTarXz(path: string, entries: { name: string; data?: string; type?: 'file' | 'dir' | 'symlink'; link?: string }[]): void {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const header = Buffer.alloc(512);
    header.write(e.name, 0, 100, 'utf8');
    header.write(e.type === 'dir' ? '0000755\0' : '0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${(e.type === 'file' || !e.type ? data.length : 0).toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write(e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0', 156);
    if (e.link) header.write(e.link, 157, 100, 'utf8');
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header);
    if (!e.type || e.type === 'file') {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  writeFileSync(path, execFileSync('xz', ['-c', '-1'], { input: Buffer.concat(blocks) }));
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

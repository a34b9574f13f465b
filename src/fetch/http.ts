// HTTP GET with undici: proxies from the environment given, redirects, timeouts per request (connect,
// silence, an overall deadline, a minimum rate), and bodies consumed as they arrive, hashed in the
// same pass when they go to disk.
//
// Bodies are never paused. undici 7's HTTP/1 parser pauses when a body's consumer falls behind, and
// when the server then closes a connection it does not keep alive, it asserts `!this.paused` in the
// socket's 'end' handler: an uncatchable crash (nodejs/undici#5360, fixed only in undici 8, which
// needs Node 22). So each chunk is handed to a synchronous sink (a write to a file descriptor, a
// hash, an array) the moment it arrives, and a response we stop reading is destroyed, never left.

import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { TszigError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';

export interface HttpOptions {
  /** TCP/TLS connect, and again the wait for the response headers. */
  readonly connectMs?: number;
  /** Longest silence while the body arrives; also the window over which minBytesPerSec is measured. */
  readonly idleMs?: number;
  /** Overall deadline for the request, body included. */
  readonly totalMs?: number;
  /** Slower than this (averaged over each idleMs window) fails the request. 0: no minimum. */
  readonly minBytesPerSec?: number;
  /** Refuse (before or while reading) a body larger than this. */
  readonly maxBytes?: number;
  /** The body must be exactly this long: a different Content-Length fails before the body is read. */
  readonly expectedSize?: number;
  /** Proxies come from its HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case); default process.env. */
  readonly env?: Env;
  readonly userAgent?: string;
  /** Cancels the request. */
  readonly signal?: AbortSignal;
  /** The server answered 200; the body starts (`total` from Content-Length, if any). */
  readonly onStart?: (total: number | undefined) => void;
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/** 15 s to connect and to get headers, 30 s of silence, and at least 1 KiB/s over each 30 s. */
export const DEFAULT_HTTP = { connectMs: 15_000, idleMs: 30_000, minBytesPerSec: 1024 } as const;

/** TSZIG_HTTP_TIMEOUT=<seconds> sets connectMs and idleMs; nothing otherwise. */
export function httpTimeoutsFromEnv(env: Env): Pick<HttpOptions, 'connectMs' | 'idleMs'> {
  const seconds = Number(env.TSZIG_HTTP_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? { connectMs: seconds * 1000, idleMs: seconds * 1000 } : {};
}

export class HttpError extends TszigError {
  constructor(
    message: string,
    readonly status?: number,
    /** The body is not the size the caller expects (announced or received): wrong bytes, not a network failure. */
    readonly sizeMismatch = false,
  ) {
    super('E_HTTP', message);
  }
}

export interface Downloaded {
  readonly size: number;
  /** Hex. */
  readonly sha256: string;
  /** Present when asked for (minisign signs the BLAKE2b-512 digest). */
  readonly blake2b512?: Buffer;
}

const agents = new Map<string, Dispatcher>();

/** A proxy-aware agent that follows redirects, one per connect timeout and proxy setting. */
async function agent(connectMs: number, env: Env): Promise<Dispatcher> {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  const key = JSON.stringify([connectMs, httpProxy, httpsProxy, noProxy]);
  let found = agents.get(key);
  if (!found) {
    const { EnvHttpProxyAgent, interceptors } = await import('undici');
    // Empty strings, not undefined: undici would otherwise read process.env itself.
    found = new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy, connect: { timeout: connectMs } }).compose(
      interceptors.redirect({ maxRedirections: 5 }),
    );
    agents.set(key, found);
  }
  return found;
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** A short reason for a failed request: `connection reset`, `timed out`, `host not found`… */
function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.cause?.code ?? e.code;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection reset';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timed out';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return 'the body does not match its Content-Length';
  return code ?? e.message ?? String(err);
}

/** Stops reading a response: destroying aborts the request (and its connection); its error is expected. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * GETs `url` and hands every chunk of a 200 response to `sink` as it arrives. Resolves with the
 * body's size once it ended and matched its Content-Length; rejects with an HttpError otherwise.
 */
async function get(url: string, o: HttpOptions, sink: (chunk: Buffer) => void): Promise<number> {
  const { request } = await import('undici');
  const connectMs = o.connectMs ?? DEFAULT_HTTP.connectMs;
  const idleMs = o.idleMs ?? DEFAULT_HTTP.idleMs;
  const minRate = o.minBytesPerSec ?? DEFAULT_HTTP.minBytesPerSec;
  const stop = new AbortController();
  const fail = (message: string): void => stop.abort(new HttpError(message));
  const deadline = o.totalMs === undefined ? undefined : setTimeout(() => fail(`timed out: not complete after ${seconds(o.totalMs ?? 0)}`), o.totalMs);
  const signal = o.signal ? AbortSignal.any([stop.signal, o.signal]) : stop.signal;
  let meter: NodeJS.Timeout | undefined;
  const reason = (err: unknown, prefix: string): HttpError => {
    if (stop.signal.aborted) return stop.signal.reason as HttpError;
    if (err instanceof HttpError) return err;
    if (o.signal?.aborted) return new HttpError('cancelled');
    return new HttpError(`${prefix}${describe(err)}`);
  };
  try {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: await agent(connectMs, o.env ?? process.env),
        headers: { 'user-agent': o.userAgent ?? 'tszig' },
        headersTimeout: connectMs,
        bodyTimeout: idleMs,
        signal,
        // Room enough that push() never asks the parser to pause before our 'data' listener runs.
        highWaterMark: 1024 * 1024,
      });
    } catch (err) {
      throw reason(err, '');
    }
    const body = res.body;
    if (res.statusCode !== 200) {
      discard(body);
      throw new HttpError(`HTTP ${res.statusCode}`, res.statusCode);
    }
    const header = res.headers['content-length'];
    const total = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
    const max = o.maxBytes ?? o.expectedSize;
    if (total !== undefined && o.expectedSize !== undefined && total !== o.expectedSize) {
      discard(body);
      throw new HttpError(`size mismatch: the server announced ${total} bytes, expected ${o.expectedSize}`, undefined, true);
    }
    if (total !== undefined && max !== undefined && total > max) {
      discard(body);
      throw new HttpError(`${total} bytes announced, more than the expected ${max}`, undefined, true);
    }
    o.onStart?.(total);
    let size = 0;
    if (minRate > 0) {
      let mark = { size: 0, at: Date.now() };
      meter = setInterval(() => {
        const now = Date.now();
        const got = size - mark.size;
        if (got < (minRate * (now - mark.at)) / 1000) fail(`too slow: ${got} bytes in the last ${seconds(now - mark.at)} (at least ${minRate} bytes/s wanted)`);
        mark = { size, at: now };
      }, idleMs);
    }
    try {
      await new Promise<void>((resolve, reject) => {
        let ended = false;
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (max !== undefined && size > max) {
            body.destroy(new HttpError(`more than the expected ${max} bytes`, undefined, true));
            return;
          }
          try {
            sink(chunk);
          } catch (err) {
            body.destroy(err as Error);
            return;
          }
          o.onProgress?.(size, total);
        });
        body.once('end', () => {
          ended = true;
          resolve();
        });
        body.once('error', reject);
        body.once('close', () => {
          if (!ended) reject(new HttpError('download interrupted: the connection closed'));
        });
      });
    } catch (err) {
      throw reason(err, 'download interrupted: ');
    }
    if (total !== undefined && size !== total) throw new HttpError(`truncated: ${size} of ${total} bytes`);
    return size;
  } finally {
    clearTimeout(deadline);
    clearInterval(meter);
  }
}

/** A small file (an index, a signature) in memory; maxBytes defaults to 64 MiB. */
export async function fetchBytes(url: string, options: HttpOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await get(url, { maxBytes: 64 * 1024 * 1024, ...options }, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** A small text (UTF-8); maxBytes defaults to 1 MiB. */
export async function fetchText(url: string, options: HttpOptions = {}): Promise<string> {
  return (await fetchBytes(url, { maxBytes: 1024 * 1024, ...options })).toString('utf8');
}

/**
 * Streams `url` into `dest` (created or truncated, mode 0600), computing SHA-256 (and BLAKE2b-512
 * when asked) in the same pass. On failure `dest` may hold a partial file: the caller removes it.
 */
export async function downloadFile(url: string, dest: string, options: HttpOptions & { readonly blake2b512?: boolean } = {}): Promise<Downloaded> {
  const sha = createHash('sha256');
  const blake = options.blake2b512 ? createHash('blake2b512') : undefined;
  const fd = openSync(dest, 'w', 0o600);
  let size: number;
  try {
    size = await get(url, options, (chunk) => {
      sha.update(chunk);
      blake?.update(chunk);
      for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
    });
  } finally {
    closeSync(fd);
  }
  return { size, sha256: sha.digest('hex'), ...(blake ? { blake2b512: blake.digest() } : {}) };
}

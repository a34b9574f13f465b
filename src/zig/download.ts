// HTTP downloads with undici: proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, redirects followed,
// connect/header/idle timeouts, and the body streamed to disk while SHA-256 and BLAKE2b-512 are
// computed in the same pass (so a 50-90 MB archive is never held in memory).

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { TszigError } from '../errors.js';

export interface Timeouts {
  /** TCP/TLS connect and response headers. */
  readonly connectMs: number;
  /** Longest pause between two chunks of the body. */
  readonly idleMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 15_000, idleMs: 30_000 };

export class HttpError extends TszigError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super('E_HTTP', message);
  }
}

let dispatcher: Dispatcher | undefined;

/** One agent per process: proxy-aware, following redirects, with our timeouts. */
async function agent(timeouts: Timeouts): Promise<Dispatcher> {
  if (!dispatcher) {
    const { EnvHttpProxyAgent, interceptors } = await import('undici');
    dispatcher = new EnvHttpProxyAgent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.connectMs,
      bodyTimeout: timeouts.idleMs,
    }).compose(interceptors.redirect({ maxRedirections: 5 }));
  }
  return dispatcher;
}

async function get(url: string, timeouts: Timeouts): Promise<Dispatcher.ResponseData> {
  const { request } = await import('undici');
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, { dispatcher: await agent(timeouts), headers: { 'user-agent': 'tszig' } });
  } catch (err) {
    throw new HttpError(describe(err), undefined);
  }
  if (res.statusCode !== 200) {
    res.body.resume();
    throw new HttpError(`HTTP ${res.statusCode}`, res.statusCode);
  }
  return res;
}

/** A short reason for a failed request: `connection reset`, `timed out`, `ENOTFOUND`… */
function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.cause?.code ?? e.code;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timed out';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return code ?? e.message ?? String(err);
}

export interface Downloaded {
  readonly size: number;
  readonly sha256: string;
  readonly blake2b512: Buffer;
}

export interface DownloadOptions {
  readonly timeouts?: Timeouts;
  /** Stop (and fail) past this many bytes. */
  readonly maxBytes?: number;
  /** The server answered 200 and the body starts. */
  readonly onStart?: () => void;
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/** Streams `url` into `dest`, hashing as it goes. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<Downloaded> {
  const res = await get(url, options.timeouts ?? DEFAULT_TIMEOUTS);
  options.onStart?.();
  const header = res.headers['content-length'];
  const total = typeof header === 'string' ? Number(header) : undefined;
  if (options.maxBytes !== undefined && total !== undefined && total > options.maxBytes) {
    res.body.resume();
    throw new HttpError(`${total} bytes announced, more than the expected ${options.maxBytes}`);
  }
  const sha = createHash('sha256');
  const blake = createHash('blake2b512');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        done(new HttpError(`more than the expected ${options.maxBytes} bytes`));
        return;
      }
      sha.update(chunk);
      blake.update(chunk);
      options.onProgress?.(size, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(res.body, meter, createWriteStream(dest));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(`download interrupted: ${describe(err)}`);
  }
  if (total !== undefined && size !== total) throw new HttpError(`truncated: ${size} of ${total} bytes`);
  return { size, sha256: sha.digest('hex'), blake2b512: blake.digest() };
}

/** Fetches a small text (a signature, a mirror list), refusing anything over `maxBytes`. */
export async function fetchText(url: string, options: { timeouts?: Timeouts; maxBytes?: number } = {}): Promise<string> {
  const res = await get(url, options.timeouts ?? DEFAULT_TIMEOUTS);
  const max = options.maxBytes ?? 64 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > max) {
        res.body.destroy();
        throw new HttpError(`response larger than ${max} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(`download interrupted: ${describe(err)}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

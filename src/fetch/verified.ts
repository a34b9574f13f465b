// A file fetched from an ordered list of sources (mirrors): each is tried in turn until one yields
// bytes of the expected size and SHA-256 that also pass the caller's own check (a signature, an
// unpack); every failure is logged and kept in an attempt log, and the next source is tried. A
// source whose connection failed may be tried again (`retries`); wrong bytes never are.

import { rmSync } from 'node:fs';
import { TszigError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { downloadFile, HttpError, type Downloaded, type HttpOptions } from './http.js';
import type { Progress } from './progress.js';

export interface Source {
  readonly url: string;
  /** For people: usually the mirror's host. */
  readonly label: string;
}

/** What the bytes must be. Either may be absent when the caller's verify() is the real check. */
export interface Expect {
  readonly size?: number | undefined;
  /** Lowercase hex. */
  readonly sha256?: string | undefined;
}

export interface FetchAttempt {
  readonly source: string;
  readonly error: string;
  /** The error itself, for callers that say more than the attempt log (absent in attempts made by hand). */
  readonly cause?: unknown;
}

/** The bytes are not the ones expected: a wrong size (announced or received) or SHA-256. */
export class ChecksumError extends TszigError {
  constructor(
    message: string,
    /** What arrived, when the whole body did. */
    readonly got?: Pick<Downloaded, 'size' | 'sha256'>,
  ) {
    super('E_CHECKSUM', message);
  }
}

/** Every source failed; `attempts` says how, in order. */
export class FetchError extends TszigError {
  constructor(
    what: string,
    readonly attempts: readonly FetchAttempt[],
  ) {
    super('E_FETCH', `could not fetch ${what}. Tried:\n${attempts.map((a) => `  - ${a.source}: ${a.error}`).join('\n')}`, {
      hint: 'check the network (HTTPS_PROXY is honoured) or name a reachable mirror',
    });
  }
}

export interface VerifiedFetch<S extends Source> {
  /** Tried in this order. */
  readonly sources: readonly S[];
  /** The file written (and overwritten for each source); removed after a failed attempt. */
  readonly dest: string;
  /** For messages: the file's name. */
  readonly what: string;
  readonly expect?: Expect;
  readonly http?: HttpOptions;
  /** Also compute BLAKE2b-512 (for minisign). */
  readonly blake2b512?: boolean;
  /** The caller's own check of bytes that matched `expect`; throwing moves on to the next source. */
  readonly verify?: (file: string, got: Downloaded, source: S) => Promise<void>;
  readonly logger?: Logger;
  readonly progress?: Progress;
  /**
   * Further tries of a source whose connection failed (refused, reset, timed out, cut short), as
   * when a server closes an idle keep-alive connection just as it is reused. Never after an HTTP
   * status, wrong bytes or a failed verify(). Default 0.
   */
  readonly retries?: number;
}

export interface Fetched<S extends Source> {
  readonly source: S;
  readonly got: Downloaded;
  /** The sources that failed before this one. */
  readonly attempts: readonly FetchAttempt[];
}

/** Throws a ChecksumError unless `got` matches `expect`. */
export function checkDigests(got: Pick<Downloaded, 'size' | 'sha256'>, expect: Expect): void {
  const seen = { size: got.size, sha256: got.sha256 };
  if (expect.size !== undefined && got.size !== expect.size) throw new ChecksumError(`size mismatch: ${got.size} bytes, expected ${expect.size}`, seen);
  if (expect.sha256 !== undefined && got.sha256 !== expect.sha256.toLowerCase()) {
    throw new ChecksumError(`SHA-256 mismatch: got ${got.sha256}, expected ${expect.sha256.toLowerCase()}`, seen);
  }
}

/** The first source whose bytes pass every check, or a FetchError listing each attempt. */
export async function fetchVerified<S extends Source>(req: VerifiedFetch<S>): Promise<Fetched<S>> {
  const log = req.logger ?? silentLogger;
  const expect = req.expect ?? {};
  const attempts: FetchAttempt[] = [];
  for (const source of req.sources) {
    for (let tries = 0; ; tries++) {
      try {
        const got = await download(req, source, expect);
        checkDigests(got, expect);
        await req.verify?.(req.dest, got, source);
        return { source, got, attempts };
      } catch (err) {
        req.progress?.done();
        rmSync(req.dest, { force: true });
        const why = (err as Error).message.split('\n')[0] ?? String(err);
        const again = tries < (req.retries ?? 0) && connectionFailed(err) && !req.http?.signal?.aborted;
        log.info(`${source.label}: ${why}; ${again ? 'trying it again' : 'trying the next source'}`);
        attempts.push({ source: source.label, error: why, cause: err });
        if (!again) break;
      }
    }
  }
  throw new FetchError(req.what, attempts);
}

/** The GET of one source into req.dest; a body of the wrong size is a ChecksumError. */
async function download<S extends Source>(req: VerifiedFetch<S>, source: S, expect: Expect): Promise<Downloaded> {
  try {
    const got = await downloadFile(source.url, req.dest, {
      ...req.http,
      ...(expect.size === undefined ? {} : { expectedSize: expect.size }),
      blake2b512: req.blake2b512 ?? false,
      onStart: (total) => {
        req.progress?.stage(`downloading ${req.what} from ${source.label}`);
        req.http?.onStart?.(total);
      },
      onProgress: (n, total) => {
        req.progress?.bytes(n, total);
        req.http?.onProgress?.(n, total);
      },
    });
    req.progress?.done();
    return got;
  } catch (err) {
    if (err instanceof HttpError && err.sizeMismatch) throw new ChecksumError(err.message);
    throw err;
  }
}

/** Whether the request failed on its way (nothing said about the bytes): worth another try. */
function connectionFailed(err: unknown): boolean {
  return err instanceof HttpError && err.status === undefined && !err.sizeMismatch;
}

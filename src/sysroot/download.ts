// Downloads from a Debian archive through tszig's verified fetching (src/fetch/verified.ts): a
// file the signed index lists must have the size and SHA-256 it gives, a dropped connection is
// tried once more, wrong bytes never are. Failures become errors that name the archive and say
// what to do: wrong bytes (E_CHECKSUM), an archive that cannot be reached (E_HTTP).

import { DEFAULT_HTTP, httpTimeoutsFromEnv, type HttpOptions } from '../fetch/http.js';
import type { Progress } from '../fetch/progress.js';
import { ChecksumError, FetchError, fetchVerified } from '../fetch/verified.js';
import { TszigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import type { DebianArchive } from './archive.js';

/** An index (or package) must arrive within 30 minutes; InRelease within a minute. */
const FILE_TOTAL_MS = 30 * 60_000;
const SMALL_TOTAL_MS = 60_000;

export interface FetchContext {
  readonly archive: DebianArchive;
  /** tszig's cache directory (verified indices are kept in it). */
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly progress: Progress;
  readonly http: HttpOptions;
  /** A private directory of the build under way (removed with it): downloads land here first. */
  readonly work: string;
  /** Today, for Valid-Until (a parameter for tests). */
  readonly now?: Date;
}

/** The HTTP settings of sysroot requests: tszig's defaults, TSZIG_HTTP_TIMEOUT, the proxies in env. */
export function sysrootHttp(env: Env): HttpOptions {
  return { ...DEFAULT_HTTP, totalMs: FILE_TOTAL_MS, ...httpTimeoutsFromEnv(env), env };
}

/** The settings for a small file (InRelease). */
export function smallHttp(http: HttpOptions): HttpOptions {
  return { ...http, totalMs: Math.min(http.totalMs ?? SMALL_TOTAL_MS, SMALL_TOTAL_MS) };
}

export class ArchiveChecksumError extends TszigError {
  constructor(message: string, cause?: unknown) {
    super('E_CHECKSUM', message, { hint: 'the mirror served different bytes than the signed index lists: try again later, or use another mirror', cause });
  }
}

/** The HTTP failure of `url`, as a TszigError that names the archive. */
export function unreachable(url: string, err: unknown, archive: DebianArchive): TszigError {
  const why = (err as Error).message.split('\n')[0] ?? String(err);
  return new TszigError('E_HTTP', `cannot fetch ${url}: ${why}`, {
    hint: `check the network (HTTPS_PROXY and HTTP_PROXY are honoured), or name a reachable mirror with TSZIG_DEBIAN_MIRROR or [sysroot] mirror (this one is from ${archive.from})`,
    cause: err,
  });
}

export interface Listed {
  readonly size: number;
  readonly sha256: string;
  /** Who lists it, for messages: 'the signed Release', 'the signed index'. */
  readonly by: string;
}

/**
 * Downloads the first of `urls` that yields the listed bytes into `dest` (removed on failure).
 * Any attempt that got wrong bytes makes the failure a mismatch; otherwise the last attempt's
 * network error is reported against the last URL.
 */
export async function fetchListed(ctx: FetchContext, urls: readonly string[], dest: string, listed: Listed, http: HttpOptions = ctx.http): Promise<void> {
  try {
    await fetchVerified({
      sources: urls.map((url) => ({ url, label: url })),
      dest,
      what: urls[urls.length - 1] ?? dest,
      // The SHA-256 settles the size; a body longer than listed is cut off as it arrives.
      expect: { sha256: listed.sha256 },
      http: listed.size > 0 ? { ...http, maxBytes: listed.size } : http,
      retries: 1,
      // A by-hash URL the mirror lacks, a retried connection: details, not news.
      logger: { level: ctx.logger.level, error: (m) => ctx.logger.error(m), warn: (m) => ctx.logger.warn(m), info: (m) => ctx.logger.debug(m), debug: (m) => ctx.logger.debug(m) },
    });
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    const wrong = err.attempts.find((a) => a.cause instanceof ChecksumError);
    if (wrong) {
      const got = (wrong.cause as ChecksumError).got;
      const lists = `${listed.by} lists ${listed.size} bytes with SHA-256 ${listed.sha256}`;
      throw new ArchiveChecksumError(got ? `${wrong.source}: ${got.size} bytes with SHA-256 ${got.sha256}, but ${lists}` : `${wrong.source}: ${wrong.error}; ${lists}`, wrong.cause);
    }
    const last = err.attempts[err.attempts.length - 1];
    throw unreachable(last?.source ?? urls[0] ?? dest, last?.cause ?? err, ctx.archive);
  }
}

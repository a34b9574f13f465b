// A suite's package index for one architecture, fetched and checked like apt does it: InRelease
// must carry a good signature by a trusted key (and not be past its Valid-Until), and each
// Packages file must have the size and SHA-256 the signed Release gives it. Verified indices
// are kept by content hash, so a later sysroot from the same suite downloads only InRelease.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { text as streamText } from 'node:stream/consumers';
import { createGunzip } from 'node:zlib';
import { TszigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { DebianArchive } from './archive.js';
import { decompressed, downloadFile, ensureDir, fetchText, HttpError, type HttpOptions, type Progress } from './fetch-adapter.js';
import { verifyInRelease } from './openpgp-verify.js';
import { LazyPackagesIndex, type PackagesIndex } from './packages-index.js';
import { packagesIndex, parseRelease, type IndexFile, type Release } from './release.js';
import { sysrootsDir } from './store.js';

export class IndexError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_ARCHIVE_INDEX', message, { hint });
  }
}

export class ArchiveChecksumError extends TszigError {
  constructor(message: string) {
    super('E_CHECKSUM', message, { hint: 'the mirror served different bytes than the signed index lists: try again later, or use another mirror' });
  }
}

export interface FetchContext {
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly progress: Progress;
  readonly http: HttpOptions;
  /** Today, for Valid-Until (a parameter for tests). */
  readonly now?: Date;
}

/** The HTTP failure of `url`, as a TszigError that names the archive. */
export function unreachable(url: string, err: unknown, archive: DebianArchive): TszigError {
  const why = (err as Error).message.split('\n')[0] ?? String(err);
  return new TszigError('E_HTTP', `cannot fetch ${url}: ${why}`, {
    hint: `check the network (HTTPS_PROXY and HTTP_PROXY are honoured), or name a reachable mirror with TSZIG_DEBIAN_MIRROR or [sysroot] mirror (this one is from ${archive.from})`,
    cause: err,
  });
}

/** Fetches and verifies the suite's Release (from InRelease). */
export async function fetchRelease(archive: DebianArchive, ctx: FetchContext): Promise<Release> {
  const url = `${archive.mirror}/dists/${archive.suite}/InRelease`;
  ctx.progress.stage(`reading ${archive.suite} from ${archive.mirror}`);
  let signed: string;
  try {
    signed = await fetchText(url, { ...ctx.http, maxBytes: 16 * 1024 * 1024 });
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) {
      throw new IndexError(`${url} does not exist: ${archive.mirror} has no suite ${archive.suite}`, `name a suite the mirror has (e.g. bookworm); archive from ${archive.from}`);
    }
    throw unreachable(url, err, archive);
  }
  const text = await verifyInRelease(signed, archive.keyring, url);
  const release = parseRelease(text);
  const now = ctx.now ?? new Date();
  if (release.validUntil && release.validUntil.getTime() < now.getTime()) {
    throw new IndexError(`${url} expired on ${release.validUntil.toISOString()} (Valid-Until)`, 'the mirror is stale or replaying an old index: use an up-to-date mirror');
  }
  if (release.sha256.size === 0) throw new IndexError(`${url} lists no SHA-256 checksums`, 'use a mirror of a current Debian suite');
  return release;
}

const sha256File = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** The verified compressed index file, from the cache or the mirror. */
async function indexFile(archive: DebianArchive, entry: IndexFile, release: Release, ctx: FetchContext): Promise<string> {
  const dir = join(sysrootsDir(ctx.cacheDir), 'index');
  ensureDir(dir, "tszig's sysroot index directory");
  const ext = entry.path.endsWith('.xz') ? '.xz' : entry.path.endsWith('.gz') ? '.gz' : '';
  const cached = join(dir, `${entry.sha256}${ext}`);
  if (existsSync(cached) && (await sha256File(cached)) === entry.sha256) return cached;
  const base = `${archive.mirror}/dists/${archive.suite}`;
  const parent = entry.path.slice(0, entry.path.lastIndexOf('/'));
  // By-hash URLs name the exact file the Release lists, so a mirror mid-update cannot hand us a
  // newer one; the plain path is the fallback.
  const urls = [...(release.acquireByHash ? [`${base}/${parent}/by-hash/SHA256/${entry.sha256}`] : []), `${base}/${entry.path}`];
  const tmp = `${cached}.${process.pid}.tmp`;
  let last: unknown;
  ctx.progress.stage(`downloading ${entry.path} (${(entry.size / 1024 / 1024).toFixed(1)} MB)`);
  // The plain path twice: once more after a dropped connection.
  for (const url of [...urls, `${base}/${entry.path}`]) {
    try {
      const got = await downloadFile(url, tmp, { ...ctx.http, maxBytes: entry.size, onProgress: (n, t) => ctx.progress.bytes(n, t) });
      ctx.progress.done();
      if (got.size !== entry.size || got.sha256 !== entry.sha256) {
        rmSync(tmp, { force: true });
        throw new ArchiveChecksumError(`${url}: ${got.size} bytes with SHA-256 ${got.sha256}, but the signed Release lists ${entry.size} bytes with ${entry.sha256}`);
      }
      renameSync(tmp, cached);
      return cached;
    } catch (err) {
      ctx.progress.done();
      rmSync(tmp, { force: true });
      if (err instanceof ArchiveChecksumError) throw err;
      // More bytes than the signed Release lists is a mismatch, not a network problem.
      if (err instanceof HttpError && err.status === undefined && /expected \d+ bytes/.test(err.message)) {
        throw new ArchiveChecksumError(`${url}: ${err.message}; the signed Release lists ${entry.size} bytes`);
      }
      last = err;
      ctx.logger.debug(`${url}: ${(err as Error).message}`);
    }
  }
  throw unreachable(`${base}/${entry.path}`, last, archive);
}

async function readIndex(path: string): Promise<string> {
  if (path.endsWith('.xz')) return streamText(await decompressed(path, 'xz'));
  if (path.endsWith('.gz')) return streamText(createReadStream(path).pipe(createGunzip()));
  return readFileSync(path, 'utf8');
}

/** Every package of the suite's components for `arch`. */
export async function fetchPackages(archive: DebianArchive, release: Release, arch: string, ctx: FetchContext): Promise<PackagesIndex> {
  const index = new LazyPackagesIndex();
  for (const component of archive.components) {
    const entry = packagesIndex(release, component, arch);
    if (!entry) {
      throw new IndexError(
        `${archive.suite} of ${archive.mirror} lists no ${component} packages for ${arch}`,
        `components there: ${release.components.join(', ') || 'none'}; set [sysroot] components in tszig.toml`,
      );
    }
    const file = await indexFile(archive, entry, release, ctx);
    ctx.progress.stage(`reading ${entry.path}`);
    index.add(await readIndex(file));
  }
  return index;
}

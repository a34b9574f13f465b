// A suite's package index for one architecture, fetched and checked like apt does it: InRelease
// must carry a good signature by a trusted key (and not be past its Valid-Until), and each
// Packages file must have the size and SHA-256 the signed Release gives it. Verified indices
// are kept by content hash, so a later sysroot from the same suite downloads only InRelease.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { text as streamText } from 'node:stream/consumers';
import { decompressed } from '../fetch/decompress.js';
import { fetchText, HttpError } from '../fetch/http.js';
import { ensureDir } from '../fs/atomic.js';
import { TszigError } from '../errors.js';
import { fetchListed, smallHttp, unreachable, type FetchContext } from './download.js';
import { verifyInRelease } from './openpgp-verify.js';
import { LazyPackagesIndex, type PackagesIndex } from './packages-index.js';
import { packagesIndex, parseRelease, type IndexFile, type Release } from './release.js';
import { sysrootsDir } from './store.js';

export class IndexError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_ARCHIVE_INDEX', message, { hint });
  }
}

/** Fetches and verifies the suite's Release (from InRelease). */
export async function fetchRelease(ctx: FetchContext): Promise<Release> {
  const { archive } = ctx;
  const url = `${archive.mirror}/dists/${archive.suite}/InRelease`;
  ctx.progress.stage(`reading ${archive.suite} from ${archive.mirror}`);
  let signed: string;
  try {
    signed = await fetchText(url, { ...smallHttp(ctx.http), maxBytes: 16 * 1024 * 1024 });
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

/** The verified compressed index file, from the cache or the mirror (into the build's work directory, then renamed). */
async function indexFile(entry: IndexFile, release: Release, ctx: FetchContext): Promise<string> {
  const { archive } = ctx;
  const dir = join(sysrootsDir(ctx.cacheDir), 'index');
  const ext = entry.path.endsWith('.xz') ? '.xz' : entry.path.endsWith('.gz') ? '.gz' : '';
  const cached = join(dir, `${entry.sha256}${ext}`);
  if (existsSync(cached) && (await sha256File(cached)) === entry.sha256) return cached;
  const base = `${archive.mirror}/dists/${archive.suite}`;
  const parent = entry.path.slice(0, entry.path.lastIndexOf('/'));
  // By-hash URLs name the exact file the Release lists, so a mirror mid-update cannot hand us a
  // newer one; the plain path is the fallback.
  const urls = [...(release.acquireByHash ? [`${base}/${parent}/by-hash/SHA256/${entry.sha256}`] : []), `${base}/${entry.path}`];
  const tmp = join(ctx.work, `index-${entry.sha256}${ext}`);
  ctx.progress.stage(`downloading ${entry.path} (${(entry.size / 1024 / 1024).toFixed(1)} MB)`);
  try {
    await fetchListed(ctx, urls, tmp, { size: entry.size, sha256: entry.sha256, by: 'the signed Release' }, { ...ctx.http, onProgress: (n, t) => ctx.progress.bytes(n, t) });
  } finally {
    ctx.progress.done();
  }
  // Content-addressed: a build that renamed the same file first did no harm.
  ensureDir(dir, "tszig's sysroot index directory", { private: true });
  renameSync(tmp, cached);
  return cached;
}

async function readIndex(path: string): Promise<string> {
  if (path.endsWith('.xz') || path.endsWith('.gz')) return streamText(await decompressed(path));
  return readFileSync(path, 'utf8');
}

/** Every package of the suite's components for `arch`. */
export async function fetchPackages(release: Release, arch: string, ctx: FetchContext): Promise<PackagesIndex> {
  const { archive } = ctx;
  const index = new LazyPackagesIndex();
  for (const component of archive.components) {
    const entry = packagesIndex(release, component, arch);
    if (!entry) {
      throw new IndexError(
        `${archive.suite} of ${archive.mirror} lists no ${component} packages for ${arch}`,
        `components there: ${release.components.join(', ') || 'none'}; set [sysroot] components in tszig.toml`,
      );
    }
    const file = await indexFile(entry, release, ctx);
    ctx.progress.stage(`reading ${entry.path}`);
    index.add(await readIndex(file));
  }
  return index;
}

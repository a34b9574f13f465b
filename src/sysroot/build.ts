// Builds a target's sysroot once, whatever number of processes ask (installOnce: a lock, a fresh
// private work directory, the tree renamed into place whole with its record written last): the
// signed index, the closure of the requested packages, the glibc check (before any package is
// downloaded), every .deb checked against the size and SHA-256 in the index, all unpacked into
// one tree. Loaded only when the sysroot is not in the cache yet (see ensure.ts).

import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createProgress } from '../fetch/progress.js';
import { installOnce } from '../fetch/store.js';
import { TszigError } from '../errors.js';
import { onPath } from '../platform/on-path.js';
import { PackageResolutionError, resolveClosure, type ChosenPackage, type Closure } from './closure.js';
import { unpackDebs, type DebFile } from './deb-extract.js';
import { fetchListed, sysrootHttp, type FetchContext } from './download.js';
import type { EnsureRequest } from './ensure.js';
import { glibcForSysroot } from './glibc-floor.js';
import { fetchPackages, fetchRelease } from './index-fetch.js';
import type { PackagesIndex } from './packages-index.js';
import type { Release } from './release.js';
import { findSysroot, RECORD, sortedPackages, SYSROOT_FORMAT, sysrootName, sysrootsDir, type Sysroot, type SysrootRecord } from './store.js';

/** Packages downloaded at once. */
const PARALLEL = 4;

export async function buildSysroot(req: EnsureRequest): Promise<Sysroot> {
  const key = { archive: req.archive, arch: req.debian.arch, packages: req.packages };
  const got = await installOnce<SysrootRecord>({
    dir: join(sysrootsDir(req.cacheDir), sysrootName(key)),
    find: () => findSysroot(req.cacheDir, key),
    build: (work) => build(req, work),
    recordFile: RECORD,
    logger: req.logger,
    lock: {
      onWait: (owner) => req.logger.info(`waiting for ${owner}, which is fetching the ${req.debian.arch} sysroot (${sortedPackages(req.packages).join(' ')})`),
      staleMs: 60 * 60_000,
    },
  });
  if (got.built) {
    req.logger.info(`sysroot ready: ${got.dir}`);
    // Said once, when the sysroot is made (the warm path starts no lookups).
    if (!(await onPath('pkg-config', req.env.PATH)) && !(await onPath('pkgconf', req.env.PATH))) {
      req.logger.warn(`no pkg-config on PATH: build scripts will not find the sysroot's libraries through it (Debian: apt-get install pkgconf)`);
    }
  }
  return { dir: got.dir, record: got.record };
}

/** The architectures a suite builds, checked before its (large) index is fetched. */
function checkArchitecture(release: Release, req: EnsureRequest): void {
  if (release.architectures.length === 0 || release.architectures.includes(req.debian.arch)) return;
  throw new TszigError('E_SYSROOT_TARGET', `${req.archive.suite} of ${req.archive.mirror} has no ${req.debian.arch} packages (it has ${release.architectures.filter((a) => a !== 'all').join(', ')}), so it cannot serve ${req.input}`, {
    hint: 'name a suite that builds the architecture ([sysroot] suite in tszig.toml or TSZIG_DEBIAN_SUITE), or drop the packages for this target',
  });
}

/** Resolves the closure; a package missing here is looked up for another architecture, to say so. */
async function closureOf(req: EnsureRequest, index: PackagesIndex, release: Release, ctx: FetchContext): Promise<Closure> {
  const where = `${req.archive.suite} ${req.archive.components.join(' ')}`;
  try {
    return resolveClosure(index, sortedPackages(req.packages), { arch: req.debian.arch, where });
  } catch (err) {
    if (!(err instanceof PackageResolutionError)) throw err;
    const others = release.architectures.filter((a) => a !== req.debian.arch && a !== 'all');
    const reference = others.includes('amd64') ? 'amd64' : others[0];
    if (!reference) throw err;
    const other = await fetchPackages(release, reference, ctx).catch(() => undefined);
    if (!other) throw err;
    return resolveClosure(index, sortedPackages(req.packages), { arch: req.debian.arch, where, elsewhere: (n) => (other.has(n) || other.providersOf(n).length > 0 ? [reference] : []) });
  }
}

/** Fetches and unpacks the sysroot into `work/root` (work: installOnce's private directory). */
async function build(req: EnsureRequest, work: string): Promise<{ root: string; record: SysrootRecord }> {
  const progress = req.progress ?? createProgress(req.logger);
  const ctx: FetchContext = { archive: req.archive, cacheDir: req.cacheDir, logger: req.logger, progress, http: sysrootHttp(req.env), work, ...(req.now ? { now: req.now } : {}) };
  const release = await fetchRelease(ctx);
  checkArchitecture(release, req);
  const index = await fetchPackages(release, req.debian.arch, ctx);
  const closure = await closureOf(req, index, release, ctx);
  if (req.glibc !== undefined) glibcForSysroot(req.input, req.glibc, closure.glibcFloor, req.archive.suite);
  req.logger.info(
    `sysroot for ${req.input} from ${req.archive.suite} (${req.debian.arch}): ${closure.packages.map((p) => `${p.name} ${p.version}`).join(', ')}${closure.glibcFloor ? `; needs glibc ${closure.glibcFloor.version} (${closure.glibcFloor.by})` : ''}`,
  );
  if (closure.leftOut.length > 0) req.logger.debug(`left out (zig or a running system provides them): ${closure.leftOut.join(', ')}`);

  const tree = join(work, 'root');
  const debs = await downloadAll(req, closure.packages, ctx);
  progress.stage(`unpacking ${debs.length} packages`);
  try {
    await unpackDebs(debs, tree, req.env);
  } finally {
    progress.done();
  }
  const ma = req.debian.multiarch;
  const present = (dirs: string[]): string[] => dirs.filter((d) => existsSync(join(tree, d)));
  const record: SysrootRecord = {
    format: SYSROOT_FORMAT,
    suite: req.archive.suite,
    arch: req.debian.arch,
    multiarch: ma,
    mirror: req.archive.mirror,
    components: req.archive.components,
    keyring: req.archive.keyring.file ?? req.archive.keyring.from,
    requested: sortedPackages(req.packages),
    packages: closure.packages.map((p) => ({ name: p.name, version: p.version })),
    glibcFloor: closure.glibcFloor,
    includeDirs: present([`usr/include/${ma}`, 'usr/include']),
    libDirs: present([`usr/lib/${ma}`, `lib/${ma}`]),
    pkgconfigDirs: present([`usr/lib/${ma}/pkgconfig`, 'usr/share/pkgconfig', 'usr/lib/pkgconfig']),
    createdAt: new Date().toISOString(),
  };
  return { root: tree, record };
}

/** Downloads every package (a few at a time) into work/debs, each checked against its size and SHA-256; in the closure's order. */
async function downloadAll(req: EnsureRequest, packages: readonly ChosenPackage[], ctx: FetchContext): Promise<DebFile[]> {
  const total = packages.reduce((n, p) => n + p.size, 0);
  ctx.progress.stage(`downloading ${packages.length} packages (${(total / 1024 / 1024).toFixed(1)} MB) from ${req.archive.mirror}`);
  const dir = join(ctx.work, 'debs');
  mkdirSync(dir);
  const received = new Map<string, number>();
  const files = packages.map((p, i): DebFile => ({ path: join(dir, `${i}-${basename(p.filename)}`), label: basename(p.filename) }));
  // The first failure stops the other downloads, and nothing is left running once this returns.
  const stop = new AbortController();
  let failed: { err: unknown } | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < packages.length && !failed; i = next++) {
      const pkg = packages[i] as ChosenPackage;
      const http = {
        ...ctx.http,
        signal: stop.signal,
        onProgress: (n: number) => {
          received.set(pkg.filename, n);
          ctx.progress.bytes([...received.values()].reduce((a, b) => a + b, 0), total);
        },
      };
      try {
        await fetchListed(ctx, [`${req.archive.mirror}/${pkg.filename}`], (files[i] as DebFile).path, { size: pkg.size, sha256: pkg.sha256, by: 'the signed index' }, http);
      } catch (err) {
        failed ??= { err };
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, packages.length) }, worker));
  } finally {
    ctx.progress.done();
  }
  if (failed) throw failed.err;
  return files;
}

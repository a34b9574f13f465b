// Builds a target's sysroot under a lock, so parallel builds fetch once: the signed index, the
// closure of the requested packages, the glibc check (before any package is downloaded), every
// .deb checked against the SHA-256 in the index, unpacked into a temp dir renamed into place whole.
// Loaded only when the sysroot is not in the cache yet (see ensure.ts).

import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PackageResolutionError, resolveClosure, type ChosenPackage, type Closure } from './closure.js';
import { extractDeb } from './deb-extract.js';
import { createProgress, downloadFile, ensureDir, httpOptions, withLock, writeFileAtomic, type Progress } from './fetch-adapter.js';
import { glibcForSysroot } from './glibc-floor.js';
import { ArchiveChecksumError, fetchPackages, fetchRelease, unreachable, type FetchContext } from './index-fetch.js';
import type { PackagesIndex } from './packages-index.js';
import type { Release } from './release.js';
import { findSysroot, RECORD, sortedPackages, SYSROOT_FORMAT, sysrootName, sysrootsDir, type Sysroot, type SysrootRecord } from './store.js';
import { TszigError } from '../errors.js';
import { onPath } from '../platform/on-path.js';
import type { EnsureRequest } from './ensure.js';

export async function buildSysroot(req: EnsureRequest): Promise<Sysroot> {
  const key = { archive: req.archive, arch: req.debian.arch, packages: req.packages };
  const root = sysrootsDir(req.cacheDir);
  ensureDir(root, "tszig's sysroot directory");
  const name = sysrootName(key);
  return withLock(join(root, `${name}.lock`), async () => findSysroot(req.cacheDir, key) ?? (await build(req, root, name)), {
    onWait: (owner) => req.logger.info(`waiting for ${owner}, which is fetching the ${req.debian.arch} sysroot (${sortedPackages(req.packages).join(' ')})`),
    staleMs: 60 * 60_000,
  });
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
    const other = await fetchPackages(req.archive, release, reference, ctx).catch(() => undefined);
    if (!other) throw err;
    return resolveClosure(index, sortedPackages(req.packages), { arch: req.debian.arch, where, elsewhere: (n) => (other.has(n) || other.providersOf(n).length > 0 ? [reference] : []) });
  }
}

async function build(req: EnsureRequest, root: string, name: string): Promise<Sysroot> {
  // Holding the lock, any temp dir for this name is left over from a killed run.
  for (const entry of readdirSync(root)) if (entry.startsWith(`.tmp-${name}-`)) rmSync(join(root, entry), { recursive: true, force: true });
  const progress = req.progress ?? createProgress(req.logger);
  const ctx: FetchContext = { cacheDir: req.cacheDir, logger: req.logger, progress, http: httpOptions(req.env), ...(req.now ? { now: req.now } : {}) };
  const release = await fetchRelease(req.archive, ctx);
  checkArchitecture(release, req);
  const index = await fetchPackages(req.archive, release, req.debian.arch, ctx);
  const closure = await closureOf(req, index, release, ctx);
  if (req.glibc !== undefined) glibcForSysroot(req.input, req.glibc, closure.glibcFloor, req.archive.suite);
  req.logger.info(
    `sysroot for ${req.input} from ${req.archive.suite} (${req.debian.arch}): ${closure.packages.map((p) => `${p.name} ${p.version}`).join(', ')}${closure.glibcFloor ? `; needs glibc ${closure.glibcFloor.version} (${closure.glibcFloor.by})` : ''}`,
  );
  if (closure.leftOut.length > 0) req.logger.debug(`left out (zig or a running system provides them): ${closure.leftOut.join(', ')}`);

  const work = mkdtempSync(join(root, `.tmp-${name}-`));
  try {
    const tree = join(work, 'root');
    const debs = await downloadAll(req, closure.packages, work, progress);
    progress.stage(`unpacking ${debs.length} packages`);
    for (const { pkg, path } of debs) await extractDeb(readFileSync(path), tree, work, basename(pkg.filename));
    progress.done();
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
    writeFileAtomic(join(tree, RECORD), `${JSON.stringify(record, null, 2)}\n`);
    const dir = join(root, name);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tree, dir);
    req.logger.info(`sysroot ready: ${dir}`);
    // Said once, when the sysroot is made (the warm path starts no lookups).
    if (!(await onPath('pkg-config', req.env.PATH)) && !(await onPath('pkgconf', req.env.PATH))) {
      req.logger.warn(`no pkg-config on PATH: build scripts will not find the sysroot's libraries through it (Debian: apt-get install pkgconf)`);
    }
    return { dir, record };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Downloads every package (a few at a time), each checked against its size and SHA-256. */
async function downloadAll(req: EnsureRequest, packages: readonly ChosenPackage[], work: string, progress: Progress): Promise<{ pkg: ChosenPackage; path: string }[]> {
  const total = packages.reduce((n, p) => n + p.size, 0);
  progress.stage(`downloading ${packages.length} packages (${(total / 1024 / 1024).toFixed(1)} MB) from ${req.archive.mirror}`);
  const http = httpOptions(req.env);
  const received = new Map<string, number>();
  const out: { pkg: ChosenPackage; path: string }[] = [];
  const queue = [...packages];
  const worker = async (): Promise<void> => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
      const url = `${req.archive.mirror}/${pkg.filename}`;
      const path = join(work, `${packages.indexOf(pkg)}-${basename(pkg.filename)}`);
      let got;
      // A connection that drops (a server closing an idle keep-alive socket as it is reused) gets
      // one more try; a wrong size or hash does not.
      for (let attempt = 1; ; attempt++) {
        try {
          got = await downloadFile(url, path, {
            ...http,
            maxBytes: pkg.size > 0 ? pkg.size : undefined,
            onProgress: (n) => {
              received.set(pkg.filename, n);
              progress.bytes([...received.values()].reduce((a, b) => a + b, 0), total);
            },
          });
          break;
        } catch (err) {
          if ((err as Error).message.match(/expected \d+ bytes/)) throw new ArchiveChecksumError(`${url}: ${(err as Error).message}; the signed index lists ${pkg.size} bytes`);
          if (attempt >= 2) throw unreachable(url, err, req.archive);
          req.logger.debug(`${url}: ${(err as Error).message}; trying again`);
        }
      }
      if ((pkg.size > 0 && got.size !== pkg.size) || got.sha256 !== pkg.sha256) {
        throw new ArchiveChecksumError(`${url}: ${got.size} bytes with SHA-256 ${got.sha256}, but the signed index lists ${pkg.size} bytes with ${pkg.sha256}`);
      }
      out.push({ pkg, path });
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    progress.done();
  }
  // Unpack in the closure's (sorted) order, whatever order the downloads finished in.
  return packages.map((p) => out.find((o) => o.pkg === p) as { pkg: ChosenPackage; path: string });
}

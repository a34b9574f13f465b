// Fetches and installs a Zig release that is not in the cache yet (install.ts decides that): the
// sources in turn through fetchVerified, each archive's signature checked and the archive unpacked
// and run before it counts, installed once into the slot its verification earns; PyPI last.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HTTP, fetchText, httpTimeoutsFromEnv, type HttpOptions } from '../fetch/http.js';
import { createProgress, type Progress } from '../fetch/progress.js';
import { installOnce, type Stored } from '../fetch/store.js';
import { FetchError, fetchVerified, type FetchAttempt } from '../fetch/verified.js';
import type { Env } from '../platform/cache-dir.js';
import { runCapture } from '../process/capture.js';
import { archiveTopDir } from './archive-name.js';
import { extractArchive } from './extract.js';
import { ZigDownloadError, type InstallRequest } from './install.js';
import { verifySignature } from './minisign.js';
import { customSource, mirrorSource, planMirrors, ziglangOrgSource, type Source } from './mirrors.js';
import { fetchFromPypi } from './pypi.js';
import { findInstalled, versionDir, zigExecutable, type InstallRecord, type Installed } from './store.js';
import { planTrust, pypiAllowed, slotName, verificationPlan, type Expected, type Trust } from './trust.js';

/** A Zig archive must arrive within 30 minutes; signatures and the mirror list within a minute. */
const ARCHIVE_TOTAL_MS = 30 * 60_000;
const SMALL_TOTAL_MS = 60_000;

/** Each purpose's request settings: the caller's, then TSZIG_HTTP_TIMEOUT (exported for tests). */
export function zigHttp(env: Env, given: HttpOptions = {}): { archive: HttpOptions; small: HttpOptions; mirrorList: HttpOptions } {
  const fromEnv = httpTimeoutsFromEnv(env);
  const archive: HttpOptions = { ...DEFAULT_HTTP, totalMs: ARCHIVE_TOTAL_MS, env, ...given, ...fromEnv };
  return {
    archive,
    small: { ...archive, totalMs: Math.min(archive.totalMs ?? SMALL_TOTAL_MS, SMALL_TOTAL_MS) },
    // Only a hint of which mirrors exist (an embedded copy stands in): never worth a long wait.
    mirrorList: { ...archive, connectMs: 5000, idleMs: 5000, totalMs: 10_000, maxBytes: 64 * 1024 },
  };
}

function describeChecks(e: Expected): string {
  return [e.sha256 ? 'sha256' : '', e.key ? `minisign (${e.keyName})` : ''].filter(Boolean).join(' + ');
}

/** Installs the requested release (not found in the cache by the caller). */
export async function installRelease(req: InstallRequest): Promise<Installed> {
  const exp = verificationPlan(req);
  if (!exp.sha256 && !exp.key) throw new Error('unreachable: nothing to verify against');
  const trust = planTrust(req.version, req.host, exp);
  const progress = req.progress ?? createProgress(req.logger);
  const http = zigHttp(req.env, req.http);
  const attempts: FetchAttempt[] = [];
  try {
    return await installInto(req, trust, (work) => fromMirrors(req, exp, trust, work, progress, http));
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    attempts.push(...err.attempts);
  }
  if (req.custom) {
    attempts.push({ source: 'PyPI', error: `not tried (${req.custom.from} names your own zig build)` });
  } else if (!pypiAllowed(req)) {
    attempts.push({ source: 'PyPI', error: `switched off (${req.env.TSZIG_ZIG_PYPI === '0' ? 'TSZIG_ZIG_PYPI=0' : 'zig.pypi = false in tszig.toml'})` });
  } else {
    try {
      return await installInto(req, { kind: 'pypi' }, (work) => fromPypi(req, work, progress));
    } catch (err) {
      attempts.push({ source: 'PyPI', error: (err as Error).message.split('\n')[0] ?? '' });
    }
  }
  throw new ZigDownloadError(
    `could not install zig ${req.version} for ${req.host}. Tried:\n${attempts.map((a) => `  - ${a.source}: ${a.error}`).join('\n')}`,
    'check the network (HTTPS_PROXY is honoured), point TSZIG_ZIG_MIRRORS at a reachable mirror, or install zig yourself and pass --zig',
  );
}

/** Builds into the trust's slot, once; a process that waited for another takes whatever it installed. */
async function installInto(req: InstallRequest, trust: Trust, build: (work: string) => Promise<{ root: string; record: InstallRecord }>): Promise<Installed> {
  const dir = join(versionDir(req.cacheDir, req.version), slotName(req.host, trust));
  const got: Stored<InstallRecord> = await installOnce<InstallRecord>({
    dir,
    // Whatever the request accepts, not only this slot: a process that waited for another whose
    // mirrors failed takes the PyPI install it made instead of trying every mirror again.
    find: () => findInstalled(req.cacheDir, req.version, req.host, req),
    build,
    logger: req.logger,
    lock: {
      onWait: (owner) => req.logger.info(`waiting for ${owner}, which is installing zig ${req.version}`),
      staleMs: 10 * 60_000,
    },
  });
  if (got.built) req.logger.info(`installed zig ${req.version} in ${got.dir} (verified by ${got.record.verifiedBy})`);
  return { dir: got.dir, zig: zigExecutable(got.dir), record: got.record };
}

async function fromMirrors(req: InstallRequest, exp: Expected, trust: Trust, work: string, progress: Progress, http: ReturnType<typeof zigHttp>): Promise<{ root: string; record: InstallRecord }> {
  if (!exp.sha256) req.logger.info(`zig ${req.version} for ${req.host} is not in tszig's manifest; it will be checked by its ZSF signature`);
  const list = await sources(req, exp, http);
  const unpacked = join(work, 'x');
  const { source, got } = await fetchVerified<Source>({
    sources: list,
    dest: join(work, exp.file),
    what: exp.file,
    expect: { size: exp.size, sha256: exp.sha256 },
    http: { ...http.archive, maxBytes: exp.size ?? 512 * 1024 * 1024 },
    blake2b512: exp.key !== undefined,
    logger: req.logger,
    progress,
    verify: async (file, digests, from) => {
      if (exp.key) {
        progress.stage(`verifying the signature of ${exp.file}`);
        const sig = await fetchText(from.sigUrl, { ...http.small, maxBytes: 4096 }).catch((err: Error) => {
          throw new Error(`no signature (${from.sigUrl}: ${err.message})`);
        });
        verifySignature(sig, digests.blake2b512 ?? Buffer.alloc(0), exp.key, exp.file);
      }
      progress.stage(`unpacking ${exp.file}`);
      try {
        await checkVersion(await extractArchive(file, unpacked, archiveTopDir(exp.file)), req.version);
      } catch (err) {
        rmSync(unpacked, { recursive: true, force: true, maxRetries: 2 });
        throw err;
      } finally {
        progress.done();
      }
    },
  });
  const record: InstallRecord = {
    version: req.version,
    host: req.host,
    file: exp.file,
    sha256: exp.sha256 ?? got.sha256,
    trust,
    verifiedBy: describeChecks(exp),
    source: source.url,
    installedAt: new Date().toISOString(),
  };
  return { root: join(unpacked, archiveTopDir(exp.file)), record };
}

async function fromPypi(req: InstallRequest, work: string, progress: Progress): Promise<{ root: string; record: InstallRecord }> {
  progress.stage(`the download mirrors failed; trying PyPI (python3 -m pip install ziglang==${req.version})`);
  const root = await fetchFromPypi(req.version, work, req.env);
  await checkVersion(root, req.version);
  req.logger.info(`zig ${req.version} came from PyPI's ziglang wheel: its integrity rests on PyPI, not on the ZSF signature`);
  return {
    root,
    record: {
      version: req.version,
      host: req.host,
      file: `ziglang==${req.version}`,
      sha256: undefined,
      trust: { kind: 'pypi' },
      verifiedBy: 'PyPI (pip)',
      source: `pypi: ziglang==${req.version}`,
      installedAt: new Date().toISOString(),
    },
  };
}

async function sources(req: InstallRequest, exp: Expected, http: ReturnType<typeof zigHttp>): Promise<Source[]> {
  if (req.custom?.url) return [customSource(req.custom.url)];
  const plan = await planMirrors(req.mirrors, req.cacheDir, (url) => fetchText(url, http.mirrorList));
  req.logger.debug(`mirrors from ${plan.from}; connect ${http.archive.connectMs} ms, idle ${http.archive.idleMs} ms`);
  const list = plan.bases.map((b) => mirrorSource(b, exp.file));
  if (plan.ziglangOrg) list.push(ziglangOrgSource(req.version, exp.file));
  return list;
}

async function checkVersion(root: string, version: string): Promise<void> {
  const out = await runCapture(zigExecutable(root), ['version']).catch((err: Error) => {
    throw new Error(`the unpacked zig does not run: ${err.message.split('\n')[0]}`);
  });
  if (out.stdout.trim() !== version) throw new Error(`the unpacked zig is version ${out.stdout.trim()}, not ${version}`);
}

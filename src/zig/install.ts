// Installs a Zig release into tszig's cache: one download for any number of processes, checked
// before use, unpacked beside the cache and renamed into place, so the cache holds whole installs
// or nothing.
//
//   sources   the user's URL, or the community mirrors (shuffled) then ziglang.org; then PyPI
//   verify    size and SHA-256 from tszig's manifest (or the user's entry), and the minisign
//             signature from the same source with the ZSF key (or the user's key), including the
//             file name it was made for
//   unpack    every entry checked, then written; `zig version` must name the requested version

import { readdirSync, renameSync, rmSync } from 'node:fs';
import { withDir } from 'tmp-promise';
import { join } from 'node:path';
import { TszigError } from '../errors.js';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import { withLock } from '../fs/lock.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import { runCapture } from '../process/capture.js';
import { archiveName, archiveTopDir } from './archive-name.js';
import { DEFAULT_TIMEOUTS, downloadFile, fetchText, type Timeouts } from './download.js';
import { extractArchive } from './extract.js';
import { manifestEntry } from './manifest.js';
import { parsePublicKey, verifySignature, ZSF_PUBLIC_KEY, type PublicKey } from './minisign.js';
import { customSource, mirrorSource, planMirrors, ziglangOrgSource, type Source } from './mirrors.js';
import { createProgress, type Progress } from './progress.js';
import { fetchFromPypi } from './pypi.js';
import { findInstalled, installDir, RECORD_FILE, zigExecutable, zigStore, type InstallRecord, type Installed } from './store.js';

/** A user's own entry for a version and host (tszig.toml `[zig.hosts.<host>]`). */
export interface CustomEntry {
  readonly file?: string;
  readonly url?: string;
  readonly sha256?: string;
  readonly size?: number;
  readonly minisignKey?: string;
  /** Where it was defined, for messages. */
  readonly from: string;
}

export interface InstallRequest {
  readonly version: string;
  readonly host: string;
  readonly cacheDir: string;
  readonly env: Env;
  readonly logger: Logger;
  readonly custom?: CustomEntry | undefined;
  /** The user's own mirror list, replacing the community mirrors and ziglang.org. */
  readonly mirrors?: { readonly bases: readonly string[]; readonly from: string } | undefined;
  /** tszig.toml's zig.pypi; TSZIG_ZIG_PYPI (0 or 1) wins. */
  readonly pypi?: boolean | undefined;
  readonly progress?: Progress;
  readonly timeouts?: Timeouts;
}

export class ZigDownloadError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_ZIG_DOWNLOAD', message, { hint });
  }
}

/** What the download must match. */
export interface Expected {
  readonly file: string;
  readonly sha256: string | undefined;
  readonly size: number | undefined;
  readonly key: PublicKey | undefined;
  readonly keyName: string;
}

/** What a download for the request is checked against (exported for tests). */
export function verificationPlan(req: Pick<InstallRequest, 'version' | 'host' | 'custom'>): Expected {
  const official = manifestEntry(req.version, req.host);
  const custom = req.custom;
  const own = custom?.sha256 !== undefined;
  const file = custom?.file ?? official?.file ?? archiveName(req.version, req.host);
  // The user's own build brings its own checksum (and key, if signed); a user's URL for an
  // official file is held to tszig's manifest and the ZSF signature.
  const sameFile = official?.file === file;
  return {
    file,
    sha256: custom?.sha256 ?? (sameFile ? official?.sha256 : undefined),
    size: own ? custom?.size : (custom?.size ?? (sameFile ? official?.size : undefined)),
    key: custom?.minisignKey ? parsePublicKey(custom.minisignKey) : own ? undefined : parsePublicKey(ZSF_PUBLIC_KEY),
    keyName: custom?.minisignKey ? `the key in ${custom.from}` : 'the ZSF key',
  };
}

function describeChecks(e: Expected): string {
  return [e.sha256 ? 'sha256' : '', e.key ? `minisign (${e.keyName})` : ''].filter(Boolean).join(' + ');
}

/** Returns the installed zig for the request, installing it first if needed. */
export async function installZig(req: InstallRequest): Promise<Installed> {
  const found = findInstalled(req.cacheDir, req.version, req.host);
  if (found) return found;
  const versionDir = join(zigStore(req.cacheDir), req.version);
  ensureDir(versionDir, "tszig's zig directory");
  return withLock(
    join(versionDir, `${req.host}.lock`),
    async () => findInstalled(req.cacheDir, req.version, req.host) ?? (await installLocked(req, versionDir)),
    { onWait: (owner) => req.logger.info(`waiting for ${owner}, which is installing zig ${req.version}`), staleMs: 2 * 60 * 60_000 },
  );
}

async function installLocked(req: InstallRequest, versionDir: string): Promise<Installed> {
  // Holding the lock, any temporary directory for this host is left over from a killed run.
  for (const name of readdirSync(versionDir)) {
    if (name.startsWith(`.tmp-${req.host}-`)) rmSync(join(versionDir, name), { recursive: true, force: true });
  }
  const exp = verificationPlan(req);
  if (!exp.sha256 && !exp.key) throw new Error('unreachable: nothing to verify against');
  if (!exp.sha256) req.logger.info(`zig ${req.version} for ${req.host} is not in tszig's manifest; it will be checked by its ZSF signature`);
  const progress = req.progress ?? createProgress(req.logger);
  const timeouts = httpTimeouts(req.env, req.timeouts);
  return withDir(({ path: work }) => installFromSources(req, exp, work, progress, timeouts), {
    tmpdir: versionDir,
    prefix: `.tmp-${req.host}-`,
    unsafeCleanup: true,
  });
}

async function installFromSources(req: InstallRequest, exp: Expected, work: string, progress: Progress, timeouts: Timeouts): Promise<Installed> {
  const attempts: string[] = [];
  for (const source of await sources(req, exp, timeouts)) {
    try {
      const root = await fromSource(source, exp, work, req, progress, timeouts);
      const record: InstallRecord = {
        version: req.version,
        host: req.host,
        file: exp.file,
        sha256: exp.sha256,
        verifiedBy: describeChecks(exp),
        source: source.url,
        installedAt: new Date().toISOString(),
      };
      return commit(root, record, req);
    } catch (err) {
      progress.done();
      const why = (err as Error).message.split('\n')[0] ?? '';
      req.logger.info(`${source.label}: ${why}; trying the next source`);
      attempts.push(`${source.label}: ${why}`);
      rmSync(join(work, exp.file), { force: true });
      rmSync(join(work, 'x'), { recursive: true, force: true });
    }
  }
  if (req.custom) {
    attempts.push(`PyPI: not tried (${req.custom.from} names your own zig build)`);
  } else if (req.env.TSZIG_ZIG_PYPI === '0' || (req.env.TSZIG_ZIG_PYPI !== '1' && req.pypi === false)) {
    attempts.push(`PyPI: switched off (${req.env.TSZIG_ZIG_PYPI === '0' ? 'TSZIG_ZIG_PYPI=0' : 'zig.pypi = false in tszig.toml'})`);
  } else {
    try {
      progress.stage(`the download mirrors failed; trying PyPI (python3 -m pip install ziglang==${req.version})`);
      const root = await fetchFromPypi(req.version, work, req.env);
      await checkVersion(root, req.version);
      req.logger.info(`zig ${req.version} came from PyPI's ziglang wheel: its integrity rests on PyPI, not on the ZSF signature`);
      return commit(
        root,
        {
          version: req.version,
          host: req.host,
          file: `ziglang==${req.version}`,
          sha256: undefined,
          verifiedBy: 'PyPI (pip)',
          source: `pypi: ziglang==${req.version}`,
          installedAt: new Date().toISOString(),
        },
        req,
      );
    } catch (err) {
      attempts.push(`PyPI: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new ZigDownloadError(
    `could not install zig ${req.version} for ${req.host}. Tried:\n${attempts.map((a) => `  - ${a}`).join('\n')}`,
    'check the network (HTTPS_PROXY is honoured), point TSZIG_ZIG_MIRRORS at a reachable mirror, or install zig yourself and pass --zig',
  );
}

export function httpTimeouts(env: Env, given: Timeouts | undefined): Timeouts {
  const seconds = Number(env.TSZIG_HTTP_TIMEOUT);
  if (Number.isFinite(seconds) && seconds > 0) return { connectMs: seconds * 1000, idleMs: seconds * 1000 };
  return given ?? DEFAULT_TIMEOUTS;
}

async function sources(req: InstallRequest, exp: Expected, timeouts: Timeouts): Promise<Source[]> {
  if (req.custom?.url) return [customSource(req.custom.url)];
  const plan = await planMirrors(req.mirrors, req.cacheDir, (url) => fetchText(url, { timeouts: { connectMs: 5000, idleMs: 5000 }, maxBytes: 64 * 1024 }));
  req.logger.debug(`mirrors from ${plan.from}; timeouts ${timeouts.connectMs} ms`);
  const list = plan.bases.map((b) => mirrorSource(b, exp.file));
  if (plan.ziglangOrg) list.push(ziglangOrgSource(req.version, exp.file));
  return list;
}

async function fromSource(source: Source, exp: Expected, work: string, req: InstallRequest, progress: Progress, timeouts: Timeouts): Promise<string> {
  const dest = join(work, exp.file);
  const got = await downloadFile(source.url, dest, {
    timeouts,
    onStart: () => progress.stage(`downloading ${exp.file} from ${source.label}`),
    maxBytes: exp.size ?? 512 * 1024 * 1024,
    onProgress: (n, total) => progress.bytes(n, total),
  });
  progress.done();
  if (exp.size !== undefined && got.size !== exp.size) throw new Error(`${got.size} bytes, expected ${exp.size}`);
  if (exp.sha256 !== undefined && got.sha256 !== exp.sha256) throw new Error(`SHA-256 mismatch: got ${got.sha256}, expected ${exp.sha256}`);
  if (exp.key) {
    progress.stage(`verifying the signature of ${exp.file}`);
    const sig = await fetchText(source.sigUrl, { timeouts, maxBytes: 4096 }).catch((err: Error) => {
      throw new Error(`no signature (${source.sigUrl}: ${err.message})`);
    });
    verifySignature(sig, got.blake2b512, exp.key, exp.file);
  }
  progress.stage(`unpacking ${exp.file}`);
  const root = await extractArchive(dest, join(work, 'x'), archiveTopDir(exp.file));
  await checkVersion(root, req.version);
  return root;
}

async function checkVersion(root: string, version: string): Promise<void> {
  const out = await runCapture(zigExecutable(root), ['version']).catch((err: Error) => {
    throw new Error(`the unpacked zig does not run: ${err.message.split('\n')[0]}`);
  });
  if (out.stdout.trim() !== version) throw new Error(`the unpacked zig is version ${out.stdout.trim()}, not ${version}`);
}

/** Writes the record inside the unpacked tree, then renames the tree into place. */
function commit(root: string, record: InstallRecord, req: InstallRequest): Installed {
  writeFileAtomic(join(root, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  const dir = installDir(req.cacheDir, req.version, req.host);
  rmSync(dir, { recursive: true, force: true });
  renameSync(root, dir);
  req.logger.info(`installed zig ${req.version} in ${dir} (verified by ${record.verifiedBy})`);
  return { dir, zig: zigExecutable(dir), record };
}

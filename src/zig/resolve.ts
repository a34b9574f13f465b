// Finds the zig to use: an ordered list of sources, each tried in turn, with an attempt log.
//
//   1. --zig, then TSZIG_ZIG, then tszig.toml's zig.path: used whatever their version (with a note
//      when it is not the wanted one)
//   2. the wanted version installed in tszig's cache
//   3. `python3 -m ziglang`, then `zig` on PATH: only if their version is the wanted one
//   4. download the wanted version (mirrors, ziglang.org, then PyPI), verify it, install it
//
// The outcome of 3 is remembered, keyed by PATH and version, so a warm run reads one small file and
// stats the binary: no process, no PATH search. Installs (2, 4) are found by a stat as well.

import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TszigError, ZigNotFoundError } from '../errors.js';
import { fileIdentity, sameIdentity, type FileIdentity } from '../fs/identity.js';
import { readRecord, recordPath, writeRecord } from '../fs/json-cache.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import { onPath, pathEntries } from '../platform/on-path.js';
import { userPath } from '../platform/user-path.js';
import { findPython, runPythonProgram } from '../process/python.js';
import { hostKey } from './archive-name.js';
import { installZig, ZigDownloadError, type CustomEntry } from './install.js';
import { cachedZigFacts, probeZig, type ZigFacts } from './probe.js';
import { findInstalled } from './store.js';
import { checkZigVersion } from './version-range.js';

export type ZigSource = 'flag' | 'env' | 'project' | 'cache' | 'python' | 'path' | 'download';

export interface ZigInstall extends ZigFacts {
  readonly path: string;
  readonly source: ZigSource;
  /** Where it came from, for people: `--zig /opt/zig/zig`, `zig on PATH (/usr/bin/zig)`. */
  readonly origin: string;
}

export interface Attempt {
  readonly source: ZigSource;
  readonly detail: string;
}

export interface ZigRequest {
  /** Value of --zig, as typed. */
  readonly flag?: string | undefined;
  /** Where a relative --zig or TSZIG_ZIG is taken from (default: this process's working directory). */
  readonly cwd?: string;
  /** tszig.toml's zig.path, and the file that says so. */
  readonly projectZig?: { readonly path: string; readonly from: string } | undefined;
  /** tszig.toml's zig.pypi (TSZIG_ZIG_PYPI wins). */
  readonly pypi?: boolean | undefined;
  readonly env: Env;
  readonly cacheDir: string;
  /** The version wanted, and why (see version-choice.ts). */
  readonly version: string;
  readonly versionFrom?: string;
  /** The user's own archive entry for this version on this host (tszig.toml). */
  readonly custom?: CustomEntry | undefined;
  readonly mirrors?: { readonly bases: readonly string[]; readonly from: string } | undefined;
  /** Whether a missing zig may be downloaded (default: yes). */
  readonly download?: boolean;
  readonly logger?: Logger;
}

interface Candidate {
  readonly path: string;
  readonly source: ZigSource;
  readonly origin: string;
}

export async function resolveZig(req: ZigRequest): Promise<ZigInstall> {
  const log = req.logger ?? silentLogger;
  const found = await resolveAny(req, log);
  checkZigVersion(found.version, found.origin, log);
  return found;
}

async function resolveAny(req: ZigRequest, log: Logger): Promise<ZigInstall> {
  const explicit = explicitCandidate(req);
  if (explicit) {
    if (!fileIdentity(explicit.path)) {
      throw new ZigNotFoundError(
        `${explicit.origin}: no zig binary at ${explicit.path}`,
        'point it at the zig executable (the file next to its lib/ directory), or unset it to use the pinned zig',
      );
    }
    const facts = await probe(explicit.path, req.cacheDir).catch((err: unknown) => {
      if (err instanceof TszigError) throw new TszigError(err.code, `${explicit.origin}: ${err.message}`, { hint: err.hint, cause: err });
      throw err;
    });
    if (facts.version !== req.version) {
      log.info(`using zig ${facts.version} from ${explicit.origin}; ${req.versionFrom ?? 'the pin'} asks for zig ${req.version}`);
    }
    return { ...facts, ...explicit };
  }

  const host = hostKey();
  const installed = host ? findInstalled(req.cacheDir, req.version, host, req) : undefined;
  if (installed) {
    return { ...(await probe(installed.zig, req.cacheDir)), path: installed.zig, source: 'cache', origin: `tszig's cache (${installed.dir})` };
  }

  // Keyed by the PATH entries searched (absolute ones only; see platform/on-path.ts).
  const remembered = recordPath(req.cacheDir, 'resolve', { version: req.version, path: pathEntries(req.env.PATH) });
  const known = readRecord<Candidate>(remembered);
  if (known && isAbsolute(known.path)) {
    const facts = cachedZigFacts(known.path, req.cacheDir);
    if (facts?.version === req.version) return { ...facts, ...known };
  }

  const attempts: Attempt[] = [];
  for (const find of [pythonCandidate, pathCandidate]) {
    const found = await find(req, attempts);
    if (!found) continue;
    let facts: ZigFacts;
    try {
      facts = await probe(found.path, req.cacheDir);
    } catch (err) {
      attempts.push({ source: found.source, detail: `${found.origin}: does not run (${(err as Error).message.split('\n')[0]})` });
      continue;
    }
    if (facts.version !== req.version) {
      attempts.push({ source: found.source, detail: `${found.origin}: zig ${facts.version}, not ${req.version}` });
      continue;
    }
    log.debug(`zig ${facts.version} from ${found.origin}`);
    writeRecord(remembered, found);
    return { ...facts, ...found };
  }

  if (req.download !== false && host) {
    try {
      const got = await installZig({ version: req.version, host, cacheDir: req.cacheDir, env: req.env, logger: log, custom: req.custom, mirrors: req.mirrors, pypi: req.pypi });
      return { ...(await probe(got.zig, req.cacheDir)), path: got.zig, source: 'download', origin: `tszig's cache (${got.dir}, from ${got.record.source})` };
    } catch (err) {
      if (!(err instanceof ZigDownloadError)) throw err;
      attempts.push({ source: 'download', detail: err.message.replace(/^could not install /, 'download: could not install ') });
    }
  } else if (!host) {
    attempts.push({ source: 'download', detail: `download: zig publishes no build for this machine (${process.platform}/${process.arch})` });
  } else {
    attempts.push({ source: 'download', detail: 'download: not tried (this command downloads nothing)' });
  }

  throw new ZigNotFoundError(
    `no zig ${req.version} found${req.versionFrom ? ` (wanted by ${req.versionFrom})` : ''}. Tried:\n${attempts.map((a) => `  - ${a.detail}`).join('\n')}`,
    [
      `\`tszig zig install ${req.version}\` downloads it (HTTPS_PROXY is honoured; TSZIG_ZIG_MIRRORS picks mirrors)`,
      `\`python3 -m pip install ziglang==${req.version}\` also works`,
      'or pass --zig /path/to/zig (or set TSZIG_ZIG) to use a zig you already have',
    ].join('; '),
  );
}

/** --zig, TSZIG_ZIG or zig.path: made absolute, with the origin as the user wrote it. */
function explicitCandidate(req: ZigRequest): Candidate | undefined {
  const cwd = req.cwd ?? process.cwd();
  if (req.flag) return { path: userPath(req.flag, cwd), source: 'flag', origin: `--zig ${req.flag}` };
  const env = req.env.TSZIG_ZIG;
  if (env) return { path: userPath(env, cwd), source: 'env', origin: `TSZIG_ZIG=${env}` };
  if (req.projectZig) return { path: req.projectZig.path, source: 'project', origin: `zig.path in ${req.projectZig.from}` };
  return undefined;
}

async function probe(path: string, cacheDir: string): Promise<ZigFacts> {
  return cachedZigFacts(path, cacheDir) ?? (await probeZig(path, cacheDir));
}

function exe(name: string): string {
  return process.platform === 'win32' ? `${name}.exe` : name;
}

async function pythonCandidate(req: ZigRequest, attempts: Attempt[]): Promise<Candidate | undefined> {
  const python = await findPython(req.env);
  if (!python) {
    attempts.push({ source: 'python', detail: 'python3 -m ziglang: no python3 on PATH' });
    return undefined;
  }
  const zig = await ziglangBinary(python, req.cacheDir);
  if (!zig) {
    attempts.push({ source: 'python', detail: `python3 -m ziglang: ${python} has no ziglang module` });
    return undefined;
  }
  return { path: zig, source: 'python', origin: `python3 -m ziglang (${python})` };
}

/**
 * The zig binary of python's `ziglang` package, asked in isolation (see process/python.ts) so a
 * `ziglang/` in the working directory is never imported; the answer is cached by python's identity.
 */
async function ziglangBinary(python: string, cacheDir: string): Promise<string | undefined> {
  const id = fileIdentity(python);
  const record = recordPath(cacheDir, 'python', { python, isolated: true });
  const rec = readRecord<{ id: FileIdentity; zig: string }>(record);
  if (rec && sameIdentity(rec.id, id) && isAbsolute(rec.zig) && existsSync(rec.zig)) return rec.zig;
  let dir: string;
  try {
    const out = await runPythonProgram(python, 'import ziglang, os\nsys.stdout.write(os.path.dirname(ziglang.__file__))');
    dir = out.stdout.trim();
  } catch {
    return undefined;
  }
  const zig = join(dir, exe('zig'));
  if (!isAbsolute(dir) || !existsSync(zig)) return undefined;
  if (id) writeRecord(record, { id, zig });
  return zig;
}

async function pathCandidate(req: ZigRequest, attempts: Attempt[]): Promise<Candidate | undefined> {
  const zig = await onPath(exe('zig'), req.env.PATH);
  if (!zig) {
    attempts.push({ source: 'path', detail: 'zig on PATH: none' });
    return undefined;
  }
  return { path: zig, source: 'path', origin: `zig on PATH (${zig})` };
}

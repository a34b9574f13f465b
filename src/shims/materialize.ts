// Writes a target's shims into the cache, named by a hash of their content.
//
// The compiler shims (cc, c++) are compiled launchers when this host can build them, and POSIX sh
// scripts otherwise (or with TSZIG_SHIM=sh). Both apply the same rules; the launcher costs the
// same whatever the shell and the argument count (docs/benchmarks.md). ar and ranlib need no rules
// and are always sh.
//
// A compiler shim is two files: the shim, whose bytes are the same on every machine (no paths in
// it), and `<shim>.site` beside it with this machine's zig, zig cache and extra arguments. The
// shim's bytes carry a digest of the site arguments with machine paths replaced by fixed names
// (portable-site.ts), and its name is a hash of its bytes: so the name (which cargo passes to
// rustc as the linker, and sccache hashes) is the same on every machine, and changes with
// anything that changes the output. Each distinct site file gets a directory of its own, so two
// site files that differ only in machine paths (two checkouts, two zig installs) never replace
// each other. Launcher binaries are built once per source into `<cache>/launchers/` and linked
// under each shim name. Every run checks what it reuses: sh shims and site files by content,
// launchers by the SHA-256 recorded when they were built; anything else is rebuilt.

import { createHash } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import { readRecord, writeRecord } from '../fs/json-cache.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { hostZigTarget } from '../platform/host.js';
import type { ResolvedTarget } from '../target/parse.js';
import { renderCmakeToolchain } from './cmake-toolchain.js';
import { buildLauncher, LAUNCHER_FLAGS } from './launcher.js';
import { renderLauncher } from './render-c.js';
import { portableSiteArgs } from './portable-site.js';
import { renderShim, renderSite, siteArgs, type ShimInput, type ShimRole } from './render-sh.js';

export type ShimKind = 'launcher' | 'sh';

export interface ShimSet {
  readonly dir: string;
  readonly cc: string;
  readonly cxx: string;
  readonly ar: string;
  readonly ranlib: string;
  /** What cc and c++ are. */
  readonly kind: ShimKind;
  /** A directory to put first on PATH (Windows: the `<arch>-w64-mingw32-dlltool` rustc looks for). */
  readonly binDir?: string | undefined;
  /** CMake toolchain file using these shims. */
  readonly cmake: string;
}

export interface MaterializeInput {
  readonly target: ResolvedTarget;
  /** The zig the shims run. */
  readonly zigPath: string;
  readonly zigVersion: string;
  readonly zigCacheDir: string;
  /** tszig's cache root; shims go to <cacheDir>/shims/<target>/. */
  readonly cacheDir: string;
  /** 'sh' for sh shims only; otherwise launchers are built with `compiler` (default: zigPath). */
  readonly kind?: ShimKind;
  readonly compiler?: string;
  readonly sdkRoot?: string | undefined;
  /** Machine-specific arguments appended to every compiler call (see ShimInput.siteArgs). */
  readonly siteArgs?: readonly string[] | undefined;
  /** Further lines for the CMake toolchain file (a sysroot's settings). */
  readonly cmakeLines?: readonly string[] | undefined;
  /** A compiler launcher for CMake (the absolute path of the sccache cargo uses). */
  readonly compilerLauncher?: string | undefined;
  readonly logger?: Logger;
}

/** File-name stem per role; "zig" in the name lets cc-rs recognise zig even without --version. */
const STEM: Readonly<Record<ShimRole, string>> = { cc: 'zigcc', 'c++': 'zigcxx', ar: 'zigar', ranlib: 'zigranlib', dlltool: 'zigdlltool' };

/** rustc runs `<arch>-w64-mingw32-dlltool` to make import libraries for `raw-dylib` on windows-gnu. */
const DLLTOOL_ARCH: Readonly<Record<string, string>> = { x86_64: 'x86_64', x86: 'i686', aarch64: 'aarch64' };

const hash = (text: string | Buffer, length = 12): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** Writes the dlltool shim under the name rustc looks for, in a directory for PATH. */
function dlltoolDir(input: MaterializeInput, dir: string): string | undefined {
  const arch = DLLTOOL_ARCH[input.target.spec.arch];
  if (input.target.spec.libc !== 'mingw' || !arch) return undefined;
  // The name is fixed (rustc looks it up on PATH), so the directory carries the content hash: each
  // zig gets its own, and builds with two zigs at once do not rewrite one file under each other.
  const text = renderShim({ role: 'dlltool', ...input });
  const bin = join(dir, `bin-${hash(text)}`);
  ensureDir(bin, 'shim directory');
  writeFileAtomic(join(bin, `${arch}-w64-mingw32-dlltool`), text, 0o755);
  return bin;
}

/**
 * Renders the shims and writes each one that is missing or not what it should be. Names carry a
 * hash of the shim (which includes the digest of its portable site arguments), so a changed shim
 * gets a new name (cargo relinks when its linker changes) and an unchanged one keeps its path and
 * mtime.
 */
export async function materializeShims(input: MaterializeInput): Promise<ShimSet> {
  const log = input.logger ?? silentLogger;
  const dir = join(input.cacheDir, 'shims', input.target.input);
  ensureDir(dir, 'shim directory');
  const portableSite = portableSiteArgs({ siteArgs: siteArgs(input), cacheDir: input.cacheDir, zigCacheDir: input.zigCacheDir });
  const shimInput = (role: ShimRole): ShimInput => ({ role, ...input, portableSite });
  // The site file is the same for both compiler shims; its directory is named by it.
  const site = renderSite(shimInput('cc'));
  const siteDir = join(dir, `site-${hash(site)}`);
  ensureDir(siteDir, 'shim directory');

  const tool = (role: ShimRole): string => {
    const text = renderShim(shimInput(role));
    const path = join(dir, `${STEM[role]}-${hash(text)}`);
    writeFileAtomic(path, text, 0o755);
    return path;
  };
  // The site file goes first: a shim is never there without it.
  const compilerSh = (role: 'cc' | 'c++'): string => {
    const text = renderShim(shimInput(role));
    const path = join(siteDir, `${STEM[role]}-${hash(text)}`);
    writeFileAtomic(`${path}.site`, site);
    writeFileAtomic(path, text, 0o755);
    return path;
  };
  const shims = { dir, cc: compilerSh('cc'), cxx: compilerSh('c++'), ar: tool('ar'), ranlib: tool('ranlib'), kind: 'sh' as ShimKind, binDir: dlltoolDir(input, dir) };
  const withCmake = (set: Omit<ShimSet, 'cmake'>): ShimSet => {
    const text = renderCmakeToolchain(input.target, set, input.cmakeLines, input.compilerLauncher);
    const path = join(dir, `toolchain-${hash(text)}.cmake`);
    writeFileAtomic(path, text);
    return { ...set, cmake: path };
  };

  const hostTarget = input.kind === 'sh' ? undefined : hostZigTarget();
  if (!hostTarget) return withCmake(shims);
  const launcher = async (role: 'cc' | 'c++'): Promise<string> => {
    const source = renderLauncher(shimInput(role));
    const binary = await storedLauncher(input, source, hostTarget, log, role);
    const path = join(siteDir, `${STEM[role]}-${hash(binary.sha256)}`);
    writeFileAtomic(`${path}.site`, site);
    linkInto(binary.path, path, binary.sha256);
    return path;
  };
  try {
    return withCmake({ ...shims, cc: await launcher('cc'), cxx: await launcher('c++'), kind: 'launcher' });
  } catch (err) {
    log.warn(`using sh shims for ${input.target.input}: could not build the launcher (${(err as Error).message.split('\n').slice(0, 3).join(' ')})`);
    return withCmake(shims);
  }
}

interface StoredLauncher {
  readonly path: string;
  readonly sha256: string;
}

interface LauncherRecord {
  readonly sha256: string;
  readonly size: number;
}

function sha256Of(path: string): { sha256: string; size: number } | undefined {
  try {
    const bytes = readFileSync(path);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  } catch {
    return undefined;
  }
}

/**
 * The launcher binary for `source`, from `<cache>/launchers/<key>` when its bytes still have the
 * SHA-256 recorded at build time, else built (again) there. The key covers everything the bytes
 * depend on: the source, the host target, the compiling zig's version and the flags.
 */
async function storedLauncher(input: MaterializeInput, source: string, hostTarget: string, log: Logger, role: string): Promise<StoredLauncher> {
  const store = join(input.cacheDir, 'launchers');
  ensureDir(store, 'launcher directory');
  const key = hash([source, hostTarget, input.zigVersion, ...LAUNCHER_FLAGS].join('\0'), 16);
  const path = join(store, key);
  const recordFile = `${path}.json`;
  const record = readRecord<LauncherRecord>(recordFile);
  const actual = record ? sha256Of(path) : undefined;
  if (record && actual && actual.sha256 === record.sha256 && actual.size === record.size) return { path, sha256: record.sha256 };
  if (record) log.warn(`rebuilding the ${role} launcher for ${input.target.input}: ${actual ? 'its bytes changed since it was built' : 'it is missing'}`);
  else log.debug(`building the ${role} launcher for ${input.target.input}`);
  await buildLauncher({ source, out: path, compiler: input.compiler ?? input.zigPath, hostTarget, zigCacheDir: input.zigCacheDir });
  const built = sha256Of(path);
  if (!built) throw new Error(`the launcher built at ${path} cannot be read`);
  writeRecord(recordFile, built satisfies LauncherRecord);
  return { path, sha256: built.sha256 };
}

/** Makes `path` the stored launcher (a hard link, else a copy) unless it already is, atomically. */
function linkInto(stored: string, path: string, sha256: string): void {
  try {
    const a = statSync(stored);
    const b = statSync(path);
    if (a.ino === b.ino && a.dev === b.dev) return;
    if (sha256Of(path)?.sha256 === sha256) return;
  } catch {
    // missing: make it
  }
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  try {
    linkSync(stored, tmp);
  } catch {
    copyFileSync(stored, tmp);
  }
  renameSync(tmp, path);
  if (!existsSync(path)) throw new Error(`cannot place the launcher at ${path}`);
}

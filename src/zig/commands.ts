// `tszig zig install|list|which|prune`: managing the Zig installs in tszig's cache.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TszigError, UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { resolveCacheDir, type Env } from '../platform/cache-dir.js';
import { hostKey } from './archive-name.js';
import { installZig } from './install.js';
import { PINNED_ZIG_VERSION } from './pin.js';
import { zigRequest } from './request.js';
import { resolveZig } from './resolve.js';
import { listInstalled, removeInstalled, zigStore } from './store.js';
import { pruneLeftovers } from '../fetch/store.js';
import { tryLock } from '../fs/lock.js';

export interface ZigCommandOptions {
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
}

function host(): string {
  const h = hostKey();
  if (!h) {
    throw new TszigError('E_HOST', `zig publishes no build for this machine (${process.platform}/${process.arch})`, {
      hint: 'build zig yourself and pass --zig (or set TSZIG_ZIG)',
    });
  }
  return h;
}

/** Installs a version (default: the one this project wants) and returns its path. */
export async function zigInstall(options: ZigCommandOptions & { version?: string | undefined }): Promise<string> {
  const cacheDir = resolveCacheDir(options.env);
  const req = await zigRequest({ zigVersion: options.version, env: options.env, cwd: options.cwd, cacheDir, logger: options.logger });
  const got = await installZig({
    version: req.version,
    host: host(),
    cacheDir,
    env: options.env,
    logger: options.logger,
    custom: req.custom,
    mirrors: req.mirrors,
    pypi: req.pypi,
  });
  return `${got.zig}\n`;
}

/** The wanted version and every install in the cache. */
export async function zigList(options: ZigCommandOptions): Promise<string> {
  const cacheDir = resolveCacheDir(options.env);
  const req = await zigRequest({ env: options.env, cwd: options.cwd, cacheDir, logger: options.logger });
  const lines = [`wanted: zig ${req.version} (${req.versionFrom ?? "tszig's pin"}); tszig's own pin is ${PINNED_ZIG_VERSION}`];
  const installs = listInstalled(cacheDir);
  if (installs.length === 0) lines.push(`installed: none (\`tszig zig install\` downloads zig ${req.version})`);
  else lines.push('installed:');
  for (const i of installs) {
    lines.push(`  ${i.record.version}  ${i.record.host}  ${i.dir}`);
    lines.push(`    verified by ${i.record.verifiedBy}; from ${i.record.source}; ${i.record.installedAt}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The zig a build would use now (no download): its path on stdout, its origin on stderr. */
export async function zigWhich(options: ZigCommandOptions & { zig?: string | undefined }): Promise<string> {
  const cacheDir = resolveCacheDir(options.env);
  const req = await zigRequest({ zig: options.zig, env: options.env, cwd: options.cwd, cacheDir, logger: options.logger, download: false });
  const zig = await resolveZig(req);
  options.logger.info(`zig ${zig.version} from ${zig.origin}`);
  return `${zig.path}\n`;
}

/** Removes installs other than the wanted version (or all with `all`), and leftovers of killed runs. */
export async function zigPrune(options: ZigCommandOptions & { all?: boolean }): Promise<string> {
  const cacheDir = resolveCacheDir(options.env);
  const req = await zigRequest({ env: options.env, cwd: options.cwd, cacheDir, logger: options.logger });
  const removed: string[] = [];
  for (const i of listInstalled(cacheDir)) {
    if (!options.all && i.record.version === req.version) continue;
    // Not while another process installs into that slot.
    const held = tryLock(`${i.dir}.lock`);
    if (!held) {
      options.logger.info(`${i.dir}: an install is under way there; left alone`);
      continue;
    }
    try {
      removeInstalled(i);
      removed.push(i.dir);
    } finally {
      held.release();
    }
  }
  let versions: string[] = [];
  try {
    versions = readdirSync(zigStore(cacheDir));
  } catch {
    // nothing installed yet
  }
  for (const version of versions) {
    const dir = join(zigStore(cacheDir), version);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // a file, not a version directory
    }
    removed.push(...pruneLeftovers(dir), ...pruneOldTemporaries(dir, names));
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  }
  options.logger.info(removed.length === 0 ? 'nothing to remove' : `removed ${removed.length}`);
  return removed.map((r) => `${r}\n`).join('');
}

/** Work directories of tszig 0.1 (`.tmp-<host>--<pid>-<12 characters>`), under that host's lock. */
function pruneOldTemporaries(dir: string, names: readonly string[]): string[] {
  const removed: string[] = [];
  for (const name of names) {
    const host = /^\.tmp-(.+)--\d+-[A-Za-z0-9]{12}$/.exec(name)?.[1];
    if (host === undefined || !existsSync(join(dir, name))) continue;
    const held = tryLock(join(dir, `${host}.lock`));
    if (!held) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 2 });
      removed.push(join(dir, name));
    } catch {
      // still being written by a dying process: next time
    } finally {
      held.release();
    }
  }
  return removed;
}

export function checkZigAction(action: string | undefined): 'install' | 'list' | 'which' | 'prune' {
  if (action === 'install' || action === 'list' || action === 'which' || action === 'prune') return action;
  throw new UsageError(action ? `unknown zig command '${action}'` : 'tszig zig needs a command', 'use one of: tszig zig install [version], list, which, prune');
}

// `tszig sysroot add|path|list|prune`: the library side of the CLI (each returns its stdout).

import { readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectFile, loadProjectConfig, PROJECT_FILE } from '../config/project-file.js';
import { TszigError, UsageError } from '../errors.js';
import { pruneLeftovers } from '../fetch/store.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Logger } from '../log/logger.js';
import { resolveCacheDir, type Env } from '../platform/cache-dir.js';
import { parseTarget, splitGlibcSuffix } from '../target/parse.js';
import { findTarget } from '../target/table.js';
import { applySysroot, planSysroot, targetPackages } from './for-target.js';
import { debianTarget } from './multiarch.js';
import { listSysroots, sysrootName, sysrootsDir } from './store.js';
import { withTargetPackages } from './toml-edit.js';

export type SysrootAction = 'add' | 'path' | 'list' | 'prune';

export function checkSysrootAction(command: string): SysrootAction {
  if (command === 'add' || command === 'path' || command === 'list' || command === 'prune') return command;
  throw new UsageError(`unknown sysroot command '${command}'`, 'use one of: tszig sysroot add --target T PKG…, path --target T, list, prune [--all]');
}

export interface SysrootCommandBase {
  readonly env: Env;
  readonly cwd: string;
  readonly logger: Logger;
}

function needTarget(target: string | undefined, command: string): string {
  if (!target) throw new UsageError(`tszig sysroot ${command} needs --target`, `e.g. tszig sysroot ${command} --target aarch64-unknown-linux-gnu${command === 'add' ? ' libssl-dev' : ''}`);
  return target;
}

/** Adds packages to `[target.<triple>] packages` in the project's tszig.toml (made if missing). */
export async function sysrootAdd(options: SysrootCommandBase & { readonly target: string | undefined; readonly packages: readonly string[] }): Promise<string> {
  const { base } = splitGlibcSuffix(needTarget(options.target, 'add'));
  const spec = findTarget(base);
  if (!spec) throw new TszigError('E_TARGET', `unknown target ${base}`, { hint: '`tszig targets` lists every supported target' });
  const debian = debianTarget(spec);
  if ('why' in debian) throw new TszigError('E_SYSROOT_TARGET', `no sysroot for ${base}: ${debian.why}`, { hint: 'sysroots are for glibc Linux targets' });
  if (options.packages.length === 0) throw new UsageError('tszig sysroot add needs at least one package', `e.g. tszig sysroot add --target ${base} libssl-dev zlib1g-dev`);
  const file = findProjectFile(options.cwd).path ?? join(options.cwd, PROJECT_FILE);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // a new file
  }
  const before = await loadProjectConfig(options.cwd);
  const packages = [...new Set([...targetPackages(before, base), ...options.packages])];
  const next = withTargetPackages(text, base, packages);
  writeFileAtomic(file, next);
  try {
    await loadProjectConfig(options.cwd);
  } catch (err) {
    writeFileAtomic(file, text);
    throw err;
  }
  options.logger.info(`${file}: [target.${base}] packages = ${JSON.stringify(packages)}`);
  return `${file}\n`;
}

/** Prints the target's sysroot directory, fetching it first if needed. */
export async function sysrootPath(options: SysrootCommandBase & { readonly target: string | undefined }): Promise<string> {
  const target = parseTarget(needTarget(options.target, 'path'), { glibcMax: undefined, zigVersion: 'any' });
  const project = await loadProjectConfig(options.cwd);
  const plan = planSysroot(target, project, options.env);
  if (!plan) {
    throw new UsageError(`${project.path ?? PROJECT_FILE} names no packages for ${target.rust}`, `add some: tszig sysroot add --target ${target.rust} libssl-dev`);
  }
  const applied = await applySysroot(plan, { cacheDir: resolveCacheDir(options.env), env: options.env, logger: options.logger, glibcMax: undefined });
  return `${applied.sysroot.dir}\n`;
}

function duSize(dir: string): number {
  let total = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) total += statSync(p).size;
    }
  };
  try {
    walk(dir);
  } catch {
    // vanished meanwhile
  }
  return total;
}

/** The names of the sysroots this project's tszig.toml asks for. */
async function wanted(options: SysrootCommandBase): Promise<Set<string>> {
  const project = await loadProjectConfig(options.cwd);
  const names = new Set<string>();
  for (const rust of Object.keys(project.targets ?? {})) {
    const plan = planSysroot(parseTarget(rust, { glibcMax: undefined, zigVersion: 'any' }), project, options.env);
    if (plan) names.add(sysrootName({ archive: plan.archive, arch: plan.debian.arch, packages: plan.packages }));
  }
  return names;
}

/** One line per sysroot: directory name, suite and architecture, packages, glibc floor, size. */
export async function sysrootList(options: SysrootCommandBase): Promise<string> {
  const want = await wanted(options).catch(() => new Set<string>());
  const lines = listSysroots(resolveCacheDir(options.env)).map(({ dir, record }) => {
    const name = dir.slice(dir.lastIndexOf('/') + 1);
    const floor = record.glibcFloor ? `glibc>=${record.glibcFloor.version}` : 'any glibc';
    const mb = (duSize(dir) / 1024 / 1024).toFixed(1);
    return `${name}\t${record.suite} ${record.arch}\t${record.requested.join(' ')}\t${floor}\t${mb} MB${want.has(name) ? '\t(this project)' : ''}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Removes the sysroots this project does not ask for (all of them with `all`), and the index cache. */
export async function sysrootPrune(options: SysrootCommandBase & { readonly all: boolean }): Promise<string> {
  const cacheDir = resolveCacheDir(options.env);
  const keep = options.all ? new Set<string>() : await wanted(options);
  const removed: string[] = [];
  for (const { dir } of listSysroots(cacheDir)) {
    const name = dir.slice(dir.lastIndexOf('/') + 1);
    if (keep.has(name)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  rmSync(join(sysrootsDir(cacheDir), 'index'), { recursive: true, force: true });
  // What killed builds left (work directories, dead locks); a build under way keeps its own.
  removed.push(...pruneLeftovers(sysrootsDir(cacheDir)));
  for (const d of removed) options.logger.info(`removed ${d}`);
  return removed.map((d) => `${d}\n`).join('');
}

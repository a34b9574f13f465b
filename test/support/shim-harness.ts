// Writes generated shims wired to the recording zig, and runs them: the sh shim under dash and
// under bash, and the compiled launcher built by the real zig exactly as tszig builds it.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostZigTarget } from '../../src/platform/host.ts';
import { buildLauncher, LAUNCHER_FLAGS } from '../../src/shims/launcher.ts';
import { renderLauncher } from '../../src/shims/render-c.ts';
import { renderShim, renderSite, type ShimRole } from '../../src/shims/render-sh.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { readCalls, recorderPath } from './recorder.ts';
import { testZig, testZigCache } from './toolchain.ts';

/** How a shim is run: an sh script under dash or bash, or the compiled launcher. */
export const RUNNERS = ['dash', 'bash', 'launcher'] as const;
export type Runner = (typeof RUNNERS)[number];

export interface ShimRun {
  readonly calls: string[][];
  readonly status: number | null;
  readonly stderr: string;
}

const dir = mkdtempSync(join(tmpdir(), 'tszig-shim-test-'));
let counter = 0;

export interface ShimOptions {
  role?: ShimRole;
  zigVersion?: string;
  zigCacheDir?: string;
  sdkRoot?: string;
  siteArgs?: string[];
}

/** Writes (and for the launcher, compiles) the shim for `target` (a user spelling). */
export async function writeShim(runner: Runner, target: string, options: ShimOptions = {}): Promise<string> {
  const zigVersion = options.zigVersion ?? '0.15.2';
  const role = options.role ?? 'cc';
  const input = {
    role,
    target: parseTarget(target, { glibcMax: '2.42', zigVersion }),
    zigPath: recorderPath(),
    zigVersion,
    zigCacheDir: options.zigCacheDir ?? join(dir, 'zig cache'),
    sdkRoot: options.sdkRoot,
    siteArgs: options.siteArgs,
  };
  const path = join(dir, `shim-${counter++}`);
  if (role === 'cc' || role === 'c++') writeFileSync(`${path}.site`, renderSite(input));
  if (runner === 'launcher' && (role === 'cc' || role === 'c++')) {
    // A hard link or a copy, not a symlink: the launcher finds its site file beside the path the
    // kernel records for it, which a symlink would resolve.
    const built = await launcherFor(renderLauncher(input));
    try {
      linkSync(built, path);
    } catch {
      copyFileSync(built, path);
      chmodSync(path, 0o755);
    }
  } else {
    writeFileSync(path, renderShim(input));
    chmodSync(path, 0o755);
  }
  return path;
}

const launchers = new Map<string, Promise<string>>();

/**
 * Launchers built by earlier runs, keyed by everything their bytes depend on (a build takes zig a
 * second or two): in the provisioned cache, else in this run's temporary directory.
 */
const launcherStore = process.env.TSZIG_DEV_CACHE ? join(process.env.TSZIG_DEV_CACHE, 'test-launchers') : join(dir, 'launchers');

/** The launcher built from `source`, built once and then reused (buildLauncher writes it whole or not at all). */
let host: string | undefined;

export function launcherFor(source: string): Promise<string> {
  // process.report, which hostZigTarget reads, takes tens of milliseconds: ask once.
  const hostTarget = (host ??= hostZigTarget());
  if (!hostTarget) throw new Error('this host cannot build launchers');
  const key = createHash('sha256').update([source, hostTarget, testZig(), ...LAUNCHER_FLAGS].join('\0')).digest('hex').slice(0, 24);
  let built = launchers.get(key);
  if (!built) {
    mkdirSync(launcherStore, { recursive: true });
    const out = join(launcherStore, key);
    built = existsSync(out) ? Promise.resolve(out) : buildLauncher({ source, out, compiler: testZig(), hostTarget, zigCacheDir: testZigCache() }).then(() => out);
    launchers.set(key, built);
  }
  return built;
}

/** Runs the shim with `args` and returns what the recorder saw. */
export function runShim(runner: Runner, shim: string, args: readonly string[], env: Record<string, string> = {}): ShimRun {
  const record = join(dir, `record-${counter++}`);
  const options = { env: { PATH: process.env.PATH ?? '', ...env, TSZIG_RECORD: record }, encoding: 'utf8' as const };
  // In launcher mode the file runs as is (ar/ranlib shims are sh scripts with a #!/bin/sh line).
  const r = runner === 'launcher' ? spawnSync(shim, args, options) : spawnSync(runner, [shim, ...args], options);
  return { calls: readCalls(record), status: r.status, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(dir, 'work-'));
}

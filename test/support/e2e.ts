// End-to-end helpers: the installed package's bins on PATH, a clean environment, and ELF checks.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testZigCache, testZigVenv } from './toolchain.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(REPO, 'fixtures');

/**
 * Directory with `tszig` and `cargo-tszig`: the package packed and installed by scripts/test.sh
 * (TSZIG_TEST_INSTALL), or else links to this checkout's bin/ (after `npm run build`).
 */
export function binDir(): string {
  const installed = process.env.TSZIG_TEST_INSTALL;
  if (installed) return join(installed, 'node_modules', '.bin');
  const dir = mkdtempSync(join(tmpdir(), 'tszig-bin-'));
  symlinkSync(join(REPO, 'bin', 'tszig.js'), join(dir, 'tszig'));
  symlinkSync(join(REPO, 'bin', 'cargo-tszig.js'), join(dir, 'cargo-tszig'));
  return dir;
}

const INHERITED_DROP = /^(TSZIG_(?!TEST_|DEV_).*|CC|CXX|AR|RANLIB|CFLAGS|CXXFLAGS|RUSTC|RUSTFLAGS|CARGO_BUILD_TARGET|CARGO_TARGET_DIR|ZIG_GLOBAL_CACHE_DIR|(CC|CXX|AR|RANLIB)_.*|CARGO_TARGET_.*|(CARGO_BUILD_)?RUSTC_WRAPPER|SCCACHE_.*)$/;

/**
 * The environment for an end-to-end run: inherited variables that would change the outcome are
 * removed; tszig's bins and (unless `withZig: false`) the venv with the pinned zig, found as
 * `python3 -m ziglang`, lead PATH; a fresh tszig cache; zig's cache shared between runs.
 */
export function e2eEnv(extra: Record<string, string | undefined> = {}, options: { withZig?: boolean } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!INHERITED_DROP.test(k)) env[k] = v;
  const cache = mkdtempSync(join(tmpdir(), 'tszig-e2e-cache-'));
  Object.assign(env, {
    PATH: [bins, ...(options.withZig === false ? [] : [join(testZigVenv(), 'bin')]), process.env.PATH ?? ''].join(':'),
    TSZIG_CACHE_DIR: cache,
    ZIG_GLOBAL_CACHE_DIR: testZigCache(),
    CARGO_TERM_COLOR: 'never',
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

const bins = binDir();

/** The absolute path of one of tszig's bins (run it with node when PATH is not to be trusted). */
export function binPath(name: 'tszig' | 'cargo-tszig'): string {
  return join(bins, name);
}

export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Like run(), but without blocking the event loop: needed when the test process itself serves the
 * command (the HTTP server in the download tests).
 */
export function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<SpawnSyncReturns<string>> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status, signal) =>
      resolve({ pid: child.pid ?? 0, output: [null, stdout, stderr], stdout, stderr, status, signal, error: undefined as unknown as Error }),
    );
  });
}

/** Fails with everything printed when a command did not exit 0. */
export function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (status ${r.status}, signal ${r.signal})\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

/** Every GLIBC_x.y version an ELF file's dynamic symbols require, ascending. */
export function glibcVersions(file: string): string[] {
  const out = ok(run('objdump', ['-T', file]), `objdump -T ${file}`);
  const versions = new Set([...out.matchAll(/GLIBC_(\d+\.\d+(?:\.\d+)?)/g)].map((m) => m[1] as string));
  return [...versions].sort((a, b) => {
    const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
}

export function highestGlibc(file: string): string | undefined {
  return glibcVersions(file).at(-1);
}

/** Compares dotted versions: a <= b. */
export function versionAtMost(a: string, b: string): boolean {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return true;
}

/** Fails unless the ELF file links against glibc and needs no symbol version above `ceiling`. */
export function checkGlibcCeiling(file: string, ceiling: string): void {
  const versions = glibcVersions(file);
  assert.ok(versions.length > 0, `${file} has no GLIBC_ symbol versions: not dynamically linked against glibc?`);
  const highest = versions.at(-1) as string;
  assert.ok(versionAtMost(highest, ceiling), `${file} needs GLIBC_${highest}, above the pinned ${ceiling}: ${versions.join(' ')}`);
}

export function freshDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(d, { recursive: true });
  return d;
}

/** What fixtures/hello-ring prints: ring's SHA-256, Ed25519 and its system random source at work. */
export const RING_OUTPUT = 'sha256(tszig) = fa45e05e657a88494031aa2890e8ef6db9ee4d03f0279e6728652d9e063465ec\ned25519 verifies: true\nrandom bytes: true\n';

/** What fixtures/hello-cc prints on `arch` (Windows builds add their raw-dylib line). */
export function helloOutput(arch: string, windows = false): string {
  return [
    `hello-cc on ${arch}`,
    'c: 6 * 7 = 42',
    'c: copy_len = 14',
    'c++: hello from zig',
    'threads: 42',
    'macro: expanded by a proc-macro',
    'panic caught: true',
    ...(windows ? ['raw-dylib: process id > 0: true'] : []),
    '',
  ].join('\n');
}

// What the rustc that cargo will use says about itself: sysroot and host, and which target
// standard libraries it has. It is run exactly as cargo runs it (RUSTC, build.rustc, or `rustc`
// through rustup with the same RUSTUP_TOOLCHAIN, cwd and rust-toolchain.toml).

import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { MissingTargetStdError, TszigError } from '../errors.js';
import { fileIdentity, sameIdentity, type FileIdentity } from '../fs/identity.js';
import { readRecord, recordPath, writeRecord } from '../fs/json-cache.js';
import type { Env } from '../platform/cache-dir.js';
import { resolveCommand } from '../platform/on-path.js';
import { CaptureError, runCapture } from '../process/capture.js';
import type { CargoConfig } from './config.js';

export interface RustcInfo {
  /** The rustc command cargo will run. */
  readonly rustc: string;
  readonly sysroot: string;
  readonly host: string;
}

export function rustcCommand(env: Env, config: CargoConfig | undefined): string {
  const fromConfig = config?.get(['build', 'rustc'])?.value;
  return env.RUSTC || (typeof fromConfig === 'string' ? fromConfig : '') || 'rustc';
}

interface RustcRecord {
  readonly sysroot: string;
  readonly host: string;
  readonly rustcId: FileIdentity | undefined;
}

/**
 * What decides which rustc runs: the command, rustup's toolchain choice (RUSTUP_TOOLCHAIN, toolchain
 * files from the cwd upwards, rustup's settings) and PATH. Any change means asking rustc again.
 */
function rustcKey(rustc: string, env: Env, cwd: string): unknown {
  const rustupHome = env.RUSTUP_HOME || join(homedir(), '.rustup');
  const files: [string, number][] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of ['rust-toolchain', 'rust-toolchain.toml']) {
      const mtime = mtimeOf(join(dir, name));
      if (mtime !== undefined) files.push([join(dir, name), mtime]);
    }
    if (dirname(dir) === dir) break;
  }
  return {
    rustc,
    rustcFile: isAbsolute(rustc) ? fileIdentity(rustc) : undefined,
    cwd: resolve(cwd),
    toolchain: env.RUSTUP_TOOLCHAIN ?? '',
    rustupHome,
    settings: mtimeOf(join(rustupHome, 'settings.toml')),
    path: env.PATH ?? '',
    files,
  };
}

function mtimeOf(path: string): number | undefined {
  try {
    return Math.floor(statSync(path).mtimeMs);
  } catch {
    return undefined;
  }
}

function sysrootRustc(sysroot: string): FileIdentity | undefined {
  return fileIdentity(join(sysroot, 'bin', process.platform === 'win32' ? 'rustc.exe' : 'rustc'));
}

/**
 * rustc's sysroot and host, remembered per toolchain choice: a warm run stats a few files and
 * starts no process. The record is dropped when the sysroot's rustc binary changes.
 */
export async function rustcInfoCached(rustc: string, env: Env, cwd: string, cacheDir: string): Promise<RustcInfo> {
  const record = recordPath(cacheDir, 'rustc', rustcKey(rustc, env, cwd));
  const known = readRecord<RustcRecord>(record);
  if (known && sameIdentity(known.rustcId, sysrootRustc(known.sysroot))) return { rustc, sysroot: known.sysroot, host: known.host };
  const info = await rustcInfo(rustc, { ...process.env, ...env }, cwd);
  writeRecord(record, { sysroot: info.sysroot, host: info.host, rustcId: sysrootRustc(info.sysroot) } satisfies RustcRecord);
  return info;
}

export async function rustcInfo(rustc: string, env: NodeJS.ProcessEnv, cwd: string): Promise<RustcInfo> {
  // A bare `rustc` is looked up in PATH's absolute entries only (never the working directory).
  const command = resolveCommand(rustc, env.PATH);
  if (!command) throw rustcFailed(rustc, new Error('not on PATH'));
  try {
    const out = await runCapture(command, ['--print', 'sysroot', '--print', 'host-tuple'], { env, cwd });
    const [sysroot, host] = out.stdout.trim().split('\n');
    if (sysroot && host) return { rustc, sysroot, host };
  } catch (err) {
    if (!(err instanceof CaptureError) || err.exitCode === null) throw rustcFailed(rustc, err);
    // rustc < 1.84 has no `--print host-tuple`: fall back to -vV
  }
  try {
    const [sys, vv] = await Promise.all([
      runCapture(command, ['--print', 'sysroot'], { env, cwd }),
      runCapture(command, ['-vV'], { env, cwd }),
    ]);
    const host = /^host: (\S+)$/m.exec(vv.stdout)?.[1];
    if (!host) throw new Error('no host line in rustc -vV');
    return { rustc, sysroot: sys.stdout.trim(), host };
  } catch (err) {
    throw rustcFailed(rustc, err);
  }
}

function rustcFailed(rustc: string, err: unknown): TszigError {
  return new TszigError('E_RUSTC', `cannot run ${rustc}: ${(err as Error).message.split('\n')[0]}`, {
    hint: 'install Rust (https://rustup.rs) or set RUSTC to a working rustc',
    cause: err,
  });
}

/** Whether the sysroot has the standard library for `triple`. */
export function hasTargetStd(sysroot: string, triple: string): boolean {
  return existsSync(join(sysroot, 'lib', 'rustlib', triple, 'lib'));
}

export function missingStdError(info: RustcInfo, triple: string, env: Env): MissingTargetStdError {
  const rustup = /[\\/]toolchains[\\/]/.test(info.sysroot);
  const toolchain = env.RUSTUP_TOOLCHAIN ? ` --toolchain ${env.RUSTUP_TOOLCHAIN}` : '';
  return new MissingTargetStdError(
    `the Rust standard library for ${triple} is not installed in ${info.sysroot}`,
    rustup
      ? `run \`rustup target add ${triple}${toolchain}\``
      : `install the standard library for ${triple} into that toolchain, or point RUSTC at a toolchain that has it`,
  );
}

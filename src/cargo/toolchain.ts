// What the rustc that cargo will use says about itself: sysroot and host, and which target
// standard libraries it has. It is run exactly as cargo runs it (RUSTC, build.rustc, or `rustc`
// through rustup with the same RUSTUP_TOOLCHAIN, cwd and rust-toolchain.toml).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MissingTargetStdError, TszigError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';
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

export async function rustcInfo(rustc: string, env: NodeJS.ProcessEnv, cwd: string): Promise<RustcInfo> {
  try {
    const out = await runCapture(rustc, ['--print', 'sysroot', '--print', 'host-tuple'], { env, cwd });
    const [sysroot, host] = out.stdout.trim().split('\n');
    if (sysroot && host) return { rustc, sysroot, host };
  } catch (err) {
    if (!(err instanceof CaptureError) || err.exitCode === null) throw rustcFailed(rustc, err);
    // rustc < 1.84 has no `--print host-tuple`: fall back to -vV
  }
  try {
    const [sys, vv] = await Promise.all([
      runCapture(rustc, ['--print', 'sysroot'], { env, cwd }),
      runCapture(rustc, ['-vV'], { env, cwd }),
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

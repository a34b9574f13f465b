// universal2-apple-darwin: cargo builds both macOS targets; afterwards each pair of artifacts
// (executables, dylibs, static libraries) is merged into one universal file under
// <target-dir>/universal2-apple-darwin/<profile>/.

import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { TszigError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Logger } from '../log/logger.js';
import { makeFat, sliceArch } from '../macho/fat.js';
import type { Env } from '../platform/cache-dir.js';
import { runCapture } from '../process/capture.js';
import { UNIVERSAL2, UNIVERSAL2_PARTS } from '../target/table.js';
import type { CargoConfig } from './config.js';

export interface Universal2Merge {
  /** Cargo's profile directory name (debug, release, or a custom profile's name). */
  readonly profile: string;
  /** Target directory when known without asking cargo (flag, env, config). */
  readonly targetDir: string | undefined;
}

/** The targets cargo builds for a requested list (universal2 becomes its two parts). */
export function expandUniversal2(targets: readonly string[]): string[] {
  return [...new Set(targets.flatMap((t) => (t === UNIVERSAL2 ? [...UNIVERSAL2_PARTS] : [t])))];
}

function optionValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const a = args[i] as string;
    if (a === name) value = args[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  }
  return value;
}

/** Where cargo puts a profile's output: `--release` → release, `--profile dev` → debug. */
export function profileDir(args: readonly string[]): string {
  const end = args.indexOf('--');
  const ours = end === -1 ? args : args.slice(0, end);
  const profile = optionValue(ours, '--profile') ?? (ours.includes('--release') || ours.includes('-r') ? 'release' : 'dev');
  return profile === 'dev' || profile === 'test' ? 'debug' : profile === 'bench' ? 'release' : profile;
}

export function knownTargetDir(args: readonly string[], env: Env, config: CargoConfig, cwd: string): string | undefined {
  const flag = optionValue(args, '--target-dir');
  if (flag) return resolve(cwd, flag);
  if (env.CARGO_TARGET_DIR) return resolve(cwd, env.CARGO_TARGET_DIR);
  const configured = config.get(['build', 'target-dir']);
  if (typeof configured?.value === 'string') {
    // Relative to the directory holding the .cargo directory of that config file.
    return isAbsolute(configured.value) ? configured.value : resolve(dirname(dirname(configured.source)), configured.value);
  }
  return undefined;
}

async function askCargoTargetDir(cargo: string, cwd: string, env: Env): Promise<string> {
  const out = await runCapture(cargo, ['metadata', '--no-deps', '--format-version', '1'], { cwd, env: { ...process.env, ...env } });
  return (JSON.parse(out.stdout) as { target_directory: string }).target_directory;
}

/** Merges every artifact both macOS builds produced; returns the universal files written. */
export async function mergeUniversal2(merge: Universal2Merge, cargo: string, cwd: string, env: Env, logger: Logger): Promise<string[]> {
  const targetDir = merge.targetDir ?? (await askCargoTargetDir(cargo, cwd, env));
  const [intel, arm] = UNIVERSAL2_PARTS.map((t) => join(targetDir, t, merge.profile));
  const out = join(targetDir, UNIVERSAL2, merge.profile);
  let names: string[];
  try {
    names = readdirSync(intel as string);
  } catch (err) {
    throw new TszigError('E_UNIVERSAL2', `no ${UNIVERSAL2_PARTS[0]} build output in ${intel}`, { hint: 'did the build produce binaries or libraries?', cause: err });
  }
  const merged: string[] = [];
  for (const name of names) {
    const a = join(intel as string, name);
    const b = join(arm as string, name);
    let mode: number;
    try {
      const st = statSync(a);
      if (!st.isFile() || !statSync(b).isFile()) continue;
      mode = st.mode & 0o777;
    } catch {
      continue;
    }
    const x = readFileSync(a);
    const y = readFileSync(b);
    if (!sliceArch(x) || !sliceArch(y)) continue; // build metadata, .d files, …
    const path = join(out, name);
    writeFileAtomic(path, makeFat([x, y]), mode);
    chmodSync(path, mode);
    merged.push(path);
  }
  logger.info(merged.length > 0 ? `universal2: ${merged.length} universal file(s) in ${out}` : `universal2: nothing to merge in ${intel}`);
  return merged;
}

// Finds this machine's paths that reach build outputs (see path-map.ts): the workspace root and
// target directory from `cargo metadata`, CARGO_HOME, rustc's sysroot, zig's lib directory, and
// the caches. Only --reproducible builds ask; the warm path of a plain build never runs this.

import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TszigError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';
import { runCapture } from '../process/capture.js';
import type { MachinePaths } from './path-map.js';

/** `path` with symlinks resolved, or undefined when it does not exist. */
export function realpathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Zig's lib directory: `lib` next to the binary (release archives, the PyPI wheel), else what
 * `zig env` says (distribution packages put it elsewhere).
 */
export async function zigLibDir(zigPath: string): Promise<string | undefined> {
  const beside = join(dirname(realpathOf(zigPath) ?? zigPath), 'lib');
  if (existsSync(join(beside, 'std', 'std.zig'))) return beside;
  try {
    const out = (await runCapture(zigPath, ['env'])).stdout;
    // JSON (zig < 0.15) or ZON (0.15+): "lib_dir": "…" or .lib_dir = "…"
    const m = /"?lib_dir"?\s*[:=]\s*"((?:[^"\\]|\\.)*)"/.exec(out);
    return m ? (JSON.parse(`"${m[1]}"`) as string) : undefined;
  } catch {
    return undefined;
  }
}

export interface WorkspaceInfo {
  readonly workspaceRoot: string;
  readonly targetDir: string;
}

/** The workspace root and target directory, as cargo itself sees them for these arguments. */
export async function cargoWorkspace(command: string, baseArgs: readonly string[], args: readonly string[], env: Env, cwd: string): Promise<WorkspaceInfo> {
  const passed: string[] = [];
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  for (let i = 0; i < own.length; i++) {
    const a = own[i] as string;
    if (a === '--manifest-path' || a === '--config' || a === '--target-dir') passed.push(a, own[++i] ?? '');
    else if (a.startsWith('--manifest-path=') || a.startsWith('--config=') || a.startsWith('--target-dir=')) passed.push(a);
    else if (a === '--offline' || a === '--frozen' || a === '--locked') passed.push(a);
  }
  // --target-dir is a build option, not one of metadata's: it only replaces what metadata says.
  const targetDirFlag = passed.findIndex((a) => a === '--target-dir' || a.startsWith('--target-dir='));
  let targetDir: string | undefined;
  if (targetDirFlag !== -1) {
    const flag = passed[targetDirFlag] as string;
    targetDir = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : passed[targetDirFlag + 1];
    passed.splice(targetDirFlag, flag.includes('=') ? 1 : 2);
  }
  try {
    const out = await runCapture(command, [...baseArgs, 'metadata', '--no-deps', '--format-version', '1', ...passed], { cwd, env: { ...process.env, ...env } });
    const meta = JSON.parse(out.stdout) as { workspace_root: string; target_directory: string };
    return { workspaceRoot: meta.workspace_root, targetDir: targetDir ? resolve(cwd, targetDir) : meta.target_directory };
  } catch (err) {
    throw new TszigError('E_SPAWN', `cannot ask cargo for the workspace root (cargo metadata): ${(err as Error).message.split('\n')[0]}`, {
      hint: 'run `cargo metadata --no-deps` to see why; --no-reproducible builds without it',
      cause: err,
    });
  }
}

export interface MachinePathsInput {
  readonly workspace: WorkspaceInfo;
  readonly env: Env;
  readonly rustSysroot: string | undefined;
  readonly tszigCacheDir: string;
}

/** Every path but zig's (see zigLibDir), which is known only once zig is. */
export function machinePaths(input: MachinePathsInput): MachinePaths {
  const { workspace } = input;
  const inside = (dir: string, root: string): boolean => dir === root || dir.startsWith(`${root}/`);
  return {
    workspace: workspace.workspaceRoot,
    targetDir: inside(workspace.targetDir, workspace.workspaceRoot) ? undefined : workspace.targetDir,
    cargoHome: resolve(input.env.CARGO_HOME || join(homedir(), '.cargo')),
    rustSysroot: input.rustSysroot,
    tszigCache: resolve(input.tszigCacheDir),
  };
}

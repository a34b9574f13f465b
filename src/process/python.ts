// Python as tszig's helper (finding the `ziglang` package, the PyPI fallback's pip), run so that
// nothing in the user's project is imported: `-I` keeps the working directory and the script's
// directory off sys.path and ignores PYTHON* variables, and the process starts in a neutral
// directory, never the user's.

import { tmpdir } from 'node:os';
import { parse } from 'node:path';
import type { Env } from '../platform/cache-dir.js';
import { onPath } from '../platform/on-path.js';
import { runCapture, type Captured } from './capture.js';

/** The python3 (python on Windows) on PATH's absolute entries, or undefined. */
export function findPython(env: Env): Promise<string | undefined> {
  return onPath(process.platform === 'win32' ? 'python' : 'python3', env.PATH);
}

/** A directory with nothing of the user's in it: the filesystem root. */
export function neutralDir(): string {
  return parse(tmpdir()).root;
}

/**
 * Prepended to `-c` programs: the user's own site-packages (`pip install --user`), which `-I`
 * leaves out, is added back outside virtual environments, as a plain `python3` would have it.
 */
const USER_SITE = 'import site, sys\nif sys.prefix == sys.base_prefix: site.addsitedir(site.getusersitepackages())\n';

/** Runs `python -I -c program` in a neutral directory. */
export function runPythonProgram(python: string, program: string, options: { timeoutMs?: number } = {}): Promise<Captured> {
  return runCapture(python, ['-I', '-c', USER_SITE + program], { cwd: neutralDir(), ...options });
}

/** Runs `python -I -m module args…` in `cwd` (a directory of tszig's own). */
export function runPythonModule(
  python: string,
  module: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Captured> {
  return runCapture(python, ['-I', '-m', module, ...args], options);
}

// The fallback for networks where only a package registry is reachable: the `ziglang` wheel of the
// same version from PyPI, installed by the user's own pip (with the user's pip configuration, so
// their index and mirrors) into a temporary directory. pip runs isolated, from that directory, so a
// `pip/` in the user's project is never imported. Its integrity rests on PyPI (pip checks the
// wheel's hashes), not on the ZSF signature; the log says so.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../platform/cache-dir.js';
import { findPython, runPythonModule } from '../process/python.js';

/** PyPI spells Zig's versions the same for releases; development builds are not offered here. */
export function pypiVersion(version: string): string | undefined {
  return /^\d+\.\d+\.\d+$/.test(version) ? version : undefined;
}

/** Installs ziglang==version under `work` and returns the directory holding zig and lib/. */
export async function fetchFromPypi(version: string, work: string, env: Env): Promise<string> {
  const pinned = pypiVersion(version);
  if (!pinned) throw new Error(`PyPI has no wheel for development build ${version}`);
  const python = await findPython(env);
  if (!python) throw new Error('no python3 on PATH');
  const target = join(work, 'pypi');
  await runPythonModule(
    python,
    'pip',
    ['install', '--disable-pip-version-check', '--no-input', '--quiet', '--no-deps', '--only-binary=:all:', '--target', target, `ziglang==${pinned}`],
    { cwd: work, env: { ...process.env, ...env }, timeoutMs: 20 * 60_000 },
  ).catch((err: Error) => {
    throw new Error(`pip install ziglang==${pinned} failed: ${err.message.split('\n').slice(-2).join(' ')}`);
  });
  const dir = join(target, 'ziglang');
  if (!existsSync(join(dir, process.platform === 'win32' ? 'zig.exe' : 'zig'))) throw new Error('the ziglang wheel has no zig binary');
  return dir;
}

// Installs a Zig release into tszig's cache with the shared fetching machinery (src/fetch/): one
// download for any number of processes, checked before use, unpacked beside the cache and renamed
// into place, so the cache holds whole installs or nothing.
//
//   sources   the user's URL, or the community mirrors (shuffled) then ziglang.org; then PyPI
//   verify    size and SHA-256 from tszig's manifest (or the user's entry), and the minisign
//             signature from the same source with the ZSF key (or the user's key), including the
//             file name it was made for
//   unpack    every entry checked, then written; `zig version` must name the requested version
//   slot      where it goes depends on what verified it (trust.ts)
//
// This module is on the warm path (finding an install); the fetching machinery (fetch-release.ts,
// src/fetch/) is loaded only when something must be installed.

import { TszigError } from '../errors.js';
import type { HttpOptions } from '../fetch/http.js';
import type { Progress } from '../fetch/progress.js';
import type { Logger } from '../log/logger.js';
import type { Env } from '../platform/cache-dir.js';
import { findInstalled, type Installed } from './store.js';
import { verificationPlan, type CustomEntry, type Expected } from './trust.js';

export { verificationPlan, type CustomEntry, type Expected };

export interface InstallRequest {
  readonly version: string;
  readonly host: string;
  readonly cacheDir: string;
  readonly env: Env;
  readonly logger: Logger;
  readonly custom?: CustomEntry | undefined;
  /** The user's own mirror list, replacing the community mirrors and ziglang.org. */
  readonly mirrors?: { readonly bases: readonly string[]; readonly from: string } | undefined;
  /** tszig.toml's zig.pypi; TSZIG_ZIG_PYPI (0 or 1) wins. */
  readonly pypi?: boolean | undefined;
  readonly progress?: Progress;
  /** Network settings for the archive; TSZIG_HTTP_TIMEOUT wins for connect and idle. */
  readonly http?: HttpOptions;
}

export class ZigDownloadError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_ZIG_DOWNLOAD', message, { hint });
  }
}

/** Returns the installed zig for the request, installing it first if needed. */
export async function installZig(req: InstallRequest): Promise<Installed> {
  const found = findInstalled(req.cacheDir, req.version, req.host, req);
  if (found) return found;
  const { installRelease } = await import('./fetch-release.js');
  return installRelease(req);
}

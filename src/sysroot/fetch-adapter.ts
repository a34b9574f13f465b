// The one place sysroots reach tszig's shared download machinery (src/fetch: HTTP with
// per-request timeouts and proxies, decompression, progress; src/fs: atomic writes, locks).

import type { Env } from '../platform/cache-dir.js';
import { DEFAULT_HTTP, httpTimeoutsFromEnv, type HttpOptions } from '../fetch/http.js';

export { downloadFile, fetchText, fetchBytes, HttpError, type HttpOptions } from '../fetch/http.js';
export { createProgress, type Progress } from '../fetch/progress.js';
export { decompressed } from '../fetch/decompress.js';
export { ensureDir, writeFileAtomic } from '../fs/atomic.js';
export { withLock } from '../fs/lock.js';

/** The HTTP settings every sysroot request uses: tszig's defaults, TSZIG_HTTP_TIMEOUT, the proxies in env. */
export function httpOptions(env: Env): HttpOptions {
  return { ...DEFAULT_HTTP, ...httpTimeoutsFromEnv(env), env };
}

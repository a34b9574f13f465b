// The one place sysroots reach tszig's download machinery (HTTP with timeouts and proxies,
// atomic writes, cross-process locks, progress). It re-exports what src/zig/ and src/fs/ have
// today; when that machinery moves into one shared module, only these imports change.

export { downloadFile, fetchText, DEFAULT_TIMEOUTS, HttpError, type Timeouts } from '../zig/download.js';
export { ensureDir, writeFileAtomic } from '../fs/atomic.js';
export { withLock } from '../fs/lock.js';
export { httpTimeouts } from '../zig/install.js';
export { createProgress, type Progress } from '../zig/progress.js';
export { xzStream } from '../zig/extract.js';

// Verified fetching, one mechanism for everything tszig downloads (Zig archives, Debian packages):
// HTTP with per-request timeouts, mirrors tried in turn until the bytes verify, install-once into
// the cache (lock, temp dir, rename), and safe tar unpacking. Heavy modules (undici, tar) load on
// first use. The API, kept small and stable:
//
// http.ts
//   fetchText(url, opts?: HttpOptions): Promise<string>              UTF-8, maxBytes default 1 MiB
//   fetchBytes(url, opts?: HttpOptions): Promise<Buffer>             maxBytes default 64 MiB
//   downloadFile(url, dest, opts?: HttpOptions & { blake2b512?: boolean }): Promise<Downloaded>
//   HttpOptions { connectMs?, idleMs?, totalMs?, minBytesPerSec?, maxBytes?, expectedSize?, env?,
//                 userAgent?, signal?, onStart?(total), onProgress?(received, total) }
//   DEFAULT_HTTP = { connectMs: 15000, idleMs: 30000, minBytesPerSec: 1024 }  (no totalMs: caller's)
//   httpTimeoutsFromEnv(env): { connectMs?, idleMs? }                TSZIG_HTTP_TIMEOUT=<seconds>
//   Downloaded { size, sha256 (hex), blake2b512?: Buffer };  HttpError (E_HTTP, status?, sizeMismatch)
//
// verified.ts
//   fetchVerified<S extends Source>(req: VerifiedFetch<S>): Promise<Fetched<S>>
//   VerifiedFetch { sources: S[], dest, what, expect?: Expect, http?: HttpOptions, blake2b512?,
//                   verify?(file, got, source): Promise<void>, logger?, progress?, retries? }
//   Source { url, label };  Expect { size?, sha256? };  Fetched { source, got, attempts }
//   retries?: further tries of a source after a connection failure (never after wrong bytes)
//   checkDigests(got, expect);  ChecksumError (E_CHECKSUM, got?);  FetchError (E_FETCH, attempts)
//   FetchAttempt { source, error, cause? }
//
// store.ts
//   installOnce<R>(spec: InstallOnce<R>): Promise<Stored<R>>
//   InstallOnce { dir, find(): Stored<R> | undefined, build(work): Promise<{ root, record }>,
//                 recordFile?, lock?: LockOptions, logger? }
//   readStored<R>(dir, accept(record, dir), recordFile?): Stored<R> | undefined
//   pruneLeftovers(parent, lock?): string[];  Stored { dir, record, built? };  RECORD_FILE
//
// tar-entries.ts, tar-extract.ts, decompress.ts
//   new ArchiveTree(rules?: EntryRules).check(entry: RawEntry): CheckedEntry; .finish()
//   EntryRules { top?, absoluteLinks?: 'refuse' | 'rebase', dirOverLink?: 'refuse' | 'keep' }
//   normalMode(kind, mode)
//   listTar(input, rules?): Promise<CheckedEntry[]>      check only (another tool writes)
//   extractTar(input, dest, opts?: EntryRules & { tree?: ArchiveTree }): Promise<CheckedEntry[]>
//                                                        check and write, one pass; share `tree`
//                                                        across archives unpacked into one root
//   applyModes(dest, entries);  ArchiveError (E_ARCHIVE)
//   decompressed(file | stream, compression?, env?): Promise<Readable>;  compressionOf(name)
//                                                        xz, zst (system xz/zstd), gz, none
//
// progress.ts
//   createProgress(logger, stream?, env?): Progress { stage(msg), bytes(n, total), done() }
//
// Locks are src/fs/lock.ts (withLock, tryLock); private cache directories are
// ensureDir(dir, what, { private: true }) in src/fs/atomic.ts.

export { DEFAULT_HTTP, downloadFile, fetchBytes, fetchText, HttpError, httpTimeoutsFromEnv, type Downloaded, type HttpOptions } from './http.js';
export { compressionOf, decompressed, type Compression } from './decompress.js';
export { createProgress, type Progress } from './progress.js';
export { installOnce, pruneLeftovers, readStored, RECORD_FILE, type InstallOnce, type Stored } from './store.js';
export { ArchiveError, ArchiveTree, normalMode, type CheckedEntry, type EntryKind, type EntryRules, type RawEntry } from './tar-entries.js';
export { applyModes, extractTar, listTar, type ExtractOptions } from './tar-extract.js';
export { checkDigests, ChecksumError, FetchError, fetchVerified, type Expect, type Fetched, type FetchAttempt, type Source, type VerifiedFetch } from './verified.js';

// Every error code tszig reports, in one list: each code has one meaning and one exit status.
// Library code throws a TszigError with one of these; only the entry point turns it into an exit.

export interface ErrorCodeInfo {
  /** What the code means, for `tszig --help`-style listings and the test that walks this table. */
  readonly meaning: string;
  /** 2 for usage errors (bad flags, targets, config), 1 for everything else. */
  readonly exit: 1 | 2;
}

export const ERROR_CODES = {
  E_USAGE: { meaning: 'bad command-line usage: an unknown command, flag, or a missing or malformed option value', exit: 2 },
  E_CONFIG: { meaning: 'tszig.toml (or another configuration file) is invalid or may not be trusted', exit: 2 },
  E_TARGET: { meaning: 'a target tszig does not know, does not support, or that was given twice', exit: 2 },
  E_GLIBC: { meaning: 'a glibc version suffix that is malformed or outside the range of the Zig in use', exit: 2 },
  E_TARGET_STD: { meaning: "the Rust standard library for a target is not installed in the rustc cargo will use", exit: 1 },
  E_RUSTC: { meaning: 'rustc could not be run or did not answer as expected', exit: 1 },
  E_SPAWN: { meaning: 'a program tszig runs (cargo, a tool) could not be started', exit: 1 },
  E_RUNNER: { meaning: "no way to run a target's programs on this machine (qemu, wine, wasmtime missing)", exit: 1 },
  E_HOST: { meaning: 'this machine is not one Zig publishes builds for', exit: 1 },
  E_ZIG_NOT_FOUND: { meaning: 'no usable zig: none given, none found, and none could be installed', exit: 1 },
  E_ZIG_VERSION: { meaning: 'a zig that is too old, or not the version asked for where that matters', exit: 1 },
  E_ZIG_BROKEN: { meaning: 'a zig binary that does not run or does not answer `zig version`', exit: 1 },
  E_ZIG_DOWNLOAD: { meaning: 'every source of a Zig release failed (each attempt is listed)', exit: 1 },
  E_FETCH: { meaning: 'every source of a file failed its download or its checks (each attempt is listed)', exit: 1 },
  E_HTTP: { meaning: 'a download failed: connection, timeout, HTTP status, or too many bytes', exit: 1 },
  E_CHECKSUM: { meaning: 'downloaded bytes do not match their expected size or SHA-256', exit: 1 },
  E_SIGNATURE: { meaning: 'a signature (minisign or OpenPGP) is missing, malformed or does not verify', exit: 1 },
  E_MINISIGN_KEY: { meaning: 'a minisign public key that cannot be parsed', exit: 2 },
  E_ARCHIVE: { meaning: 'an archive that is corrupt or holds entries that may not be unpacked', exit: 1 },
  E_CACHE_DIR: { meaning: "tszig's cache (or another directory it writes) cannot be created or written", exit: 1 },
  E_CACHE_CORRUPT: { meaning: 'a cached artifact failed its check and could not be rebuilt', exit: 1 },
  E_LOCK: { meaning: 'a lock held by another live process did not come free in time', exit: 1 },
  E_SDK: { meaning: 'a macOS SDK (SDKROOT or sdk in tszig.toml) that does not exist or is not a macOS SDK', exit: 2 },
  E_UNIVERSAL2: { meaning: 'the two macOS builds of a universal2 build cannot be merged', exit: 1 },
  E_MACHO: { meaning: 'a Mach-O file that cannot be merged into a universal binary', exit: 1 },
  E_MAKE: { meaning: 'a value that the make format cannot represent', exit: 1 },
  E_DOTENV: { meaning: 'a value that dotenv readers disagree on and so cannot be written safely', exit: 1 },
  E_SYSROOT_TARGET: { meaning: "packages were asked for a target Debian does not build (musl, Windows, macOS, FreeBSD, wasm, or an architecture the suite lacks)", exit: 2 },
  E_SYSROOT_ARCHIVE: { meaning: 'no Debian archive for sysroots is named or can be found: mirror, suite or keyring', exit: 2 },
  E_SYSROOT_PACKAGE: { meaning: "a sysroot package the archive does not have for the target's architecture, or whose dependencies cannot be met", exit: 2 },
  E_SYSROOT_GLIBC: { meaning: "a sysroot's packages need a newer glibc than the target's glibc suffix", exit: 2 },
  E_SYSROOT_NOT_FETCHED: { meaning: "a target's sysroot is not in the cache and the command downloads nothing (--print-plan)", exit: 1 },
  E_ARCHIVE_INDEX: { meaning: 'a Debian archive index that is expired, malformed, or lacks the component asked for', exit: 1 },
  E_OUTPUT_DIR: { meaning: 'a --dist or --oci directory that cannot be written, or holds files tszig did not write where it would write', exit: 1 },
  E_OCI: { meaning: 'no image can be made as asked: --oci without a Linux target, a glibc target without a base, two targets for one platform', exit: 2 },
  E_OCI_BASE: { meaning: 'the --oci-base layout is missing, malformed, damaged, or has no image for a platform', exit: 1 },
  E_RUSTFLAGS: { meaning: "the user's rustflags cannot be combined with the reproducible-build flags for a cargo run", exit: 2 },
  E_GO: { meaning: 'tszig env --go for a target Go cannot build for with cgo, or with options that do not go together', exit: 2 },
  E_VALIDATION: { meaning: 'several independent problems, reported together', exit: 2 },
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

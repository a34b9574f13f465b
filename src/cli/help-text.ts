// Help text shared by both CLIs: environment variables and how Zig is found.

import { PINNED_ZIG_VERSION } from '../zig/pin.js';

export const ENVIRONMENT_HELP = `Environment:
  TSZIG_ZIG             zig binary to use (like --zig)
  TSZIG_CACHE_DIR       tszig's cache (shims, probe results; default ~/.cache/tszig)
  TSZIG_SHIM            launcher (default: compiled shims, built once with zig) | sh (POSIX sh shims)
  TSZIG_ZIG_PYPI        0: never fall back to PyPI's ziglang wheel; 1: do, whatever tszig.toml says
  ZIG_GLOBAL_CACHE_DIR  zig's own cache (default $TSZIG_CACHE_DIR/zig-cache)
  TSZIG_ZIG_VERSION     Zig version to use (like --zig-version)
  TSZIG_ZIG_MIRRORS     comma-separated mirror base URLs, replacing the community list and ziglang.org
  TSZIG_HTTP_TIMEOUT    seconds to wait for a connection or for more data (default 15 / 30)
  TSZIG_DEBIAN_MIRROR   Debian archive for sysroot packages (default: tszig.toml [sysroot], else apt's)
  TSZIG_DEBIAN_SUITE    its suite, e.g. bookworm
  TSZIG_DEBIAN_KEYRING  OpenPGP key file the suite must be signed with (default: Debian's keyring)
  TSZIG_LOG             error | warn | info | debug
  SDKROOT               macOS targets: a macOS SDK, for frameworks and the libraries tszig has no
                        stub for (without one: zig's libSystem and tszig's stubs of libiconv, libz,
                        libsqlite3, libcurl)
  SOURCE_DATE_EPOCH     --dist, --oci, --reproducible: the one timestamp in outputs, archives, images (default 0)
  RUSTC_WRAPPER         sccache: C, C++ and CMake compiles go through it too; paths are mapped for
                        hits across checkouts (SCCACHE_BASEDIRS); \`tszig ci-cache\` names what CI keeps`;

export const ZIG_HELP = `Zig: the version is --zig-version > TSZIG_ZIG_VERSION > tszig.toml [zig] version > ${PINNED_ZIG_VERSION}.
The binary is --zig > TSZIG_ZIG > tszig.toml zig.path (any version); else that version from
tszig's cache, \`python3 -m ziglang\` or zig on PATH; else downloaded once into tszig's cache
(community mirrors or TSZIG_ZIG_MIRRORS, then ziglang.org, checked against tszig's SHA-256 and the
ZSF signature; then PyPI unless switched off). \`tszig zig list|install|which|prune\` manages installs.`;

export const PROJECT_HELP = `Project settings: tszig.toml in the working directory or a parent, committed with the project:
  [zig] version, mirrors, path, pypi, [zig.hosts.<host>]; [shims] kind;
  [target.<triple>] packages (Debian packages for the target's sysroot) and sdk (macOS SDK);
  [sysroot] mirror, suite, components, keyring. Only a tszig.toml that nobody but you and root can
  change is obeyed; another (say, another user's in /tmp) is skipped with a warning.
  A flag beats the environment, which beats tszig.toml, which beats the default (see the README).`;

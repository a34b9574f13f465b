// `cargo tszig …` / `cargo-tszig …`: turns argv into options and calls cargoCommand.

import { parseCargoArgv } from '../cargo/argv.js';
import { cargoCommand } from '../cargo/command.js';
import { UsageError } from '../errors.js';
import { PINNED_ZIG_VERSION } from '../zig/pin.js';
import { logLevel, packageVersion, runEntry } from './entry.js';
import { ENVIRONMENT_HELP, PROJECT_HELP, ZIG_HELP } from './help-text.js';

export const CARGO_TSZIG_HELP = `cargo tszig: cross-compile Rust with zig as the C compiler and linker

Usage:
  cargo tszig <cargo subcommand> [tszig options] [cargo arguments…]

Examples:
  cargo tszig build --release --target aarch64-unknown-linux-gnu.2.17
  cargo tszig build --target armv7-unknown-linux-gnueabihf --target x86_64-unknown-linux-gnu.2.28
  cargo tszig test --target aarch64-unknown-linux-gnu
  cargo tszig build --target universal2-apple-darwin
  cargo tszig build --release --target x86_64-unknown-linux-musl --target x86_64-pc-windows-gnu --dist dist
  cargo tszig build --release --target x86_64-unknown-linux-musl --target aarch64-unknown-linux-musl \
    --dist dist --oci dist/oci

Subcommands:
  build, check, test, run, clippy, doc, rustc, install, bench, and any other cargo subcommand
  (including installed ones such as \`cargo tszig auditable build\`). Every cargo argument is passed
  to cargo unchanged and in order.

Targets:
  --target may be repeated. A glibc target may carry a version suffix: <triple>.<major>.<minor>
  (e.g. aarch64-unknown-linux-gnu.2.17); without one, the target's oldest supported glibc is used
  (2.17 on most architectures). The suffix is removed before cargo sees the target. Without
  --target, CARGO_BUILD_TARGET or cargo config build.target is used; with no target at all this is
  a plain cargo run and zig is not involved. universal2-apple-darwin builds both macOS targets and
  merges each executable and library into <target-dir>/universal2-apple-darwin/<profile>/.
  \`tszig targets\` lists the supported targets, their runners and caveats.

Running foreign binaries (run, test, bench):
  unless a runner is configured, the target's runner is set: qemu-user for foreign Linux
  architectures (ARMv6 musl on an ARM1176 CPU), wine for Windows, wasmtime for wasm32-wasip1. A
  missing one (or a wine without 32-bit support, for i686) is an error that says what to install;
  \`test --no-run\` needs none. Under wine, a ProcessPrng stand-in DLL (missing before wine 9) is put
  on WINEPATH so Rust programs start. With a sysroot, the runner also puts its libraries on the
  loader's path.

tszig options (removed before cargo runs; accepted anywhere before \`--\`):
  --zig <path>          zig binary to use (also TSZIG_ZIG), whatever its version
  --zig-version <ver>   Zig version to use (also TSZIG_ZIG_VERSION; default: tszig.toml, else ${PINNED_ZIG_VERSION})
  --print-plan          print the cargo command and environment instead of running it. Runs no
                        cargo, downloads nothing (without a zig it says how to get one) and builds
                        nothing but what the plan names: the shims (and their launchers) in
                        tszig's cache; it asks rustc and zig what a build would
  --dist <dir>          (build only) one cargo run per target, then copy each target's executables and
                        libraries to <dir>/<platform>/ (e.g. dist/linux_arm64/), write one archive per
                        platform (<crate>-<version>-<platform>.tar.gz, .zip for Windows) and
                        <dir>/SHA256SUMS (cd <dir> && sha256sum -c SHA256SUMS), and print a summary.
                        Only files an earlier --dist wrote are replaced or removed; anything else in
                        <dir> is kept, and one in a platform directory stops the run before it builds
  --no-archive          with --dist: no archives (the platform directories and SHA256SUMS only)
  --oci <dir>           with --dist: an OCI image layout in <dir> with one image per Linux target and an
                        image index over them (reference: the crate's version); executables in
                        /usr/local/bin, shared libraries in /usr/local/lib, entrypoint the crate's
                        executable. musl images start FROM scratch; glibc ones need --oci-base
  --oci-base <dir>[:<ref>]
                        the base image for --oci, as a local OCI layout (e.g. made with
                        skopeo copy docker://debian:bookworm-slim oci:base:bookworm)
  --reproducible        byte-identical outputs wherever the build runs: this machine's paths (workspace,
                        CARGO_HOME, rustc's sysroot, zig, caches) mapped to fixed names for rustc and C,
                        SOURCE_DATE_EPOCH (default 0) for every timestamp. On by default with --dist
                        and with sccache as cargo's rustc wrapper (then SCCACHE_BASEDIRS is set too)
  --no-reproducible     turn that off (with --dist or sccache)
  -v, --verbose         (also passed to cargo) debug output from tszig, stack traces on errors
  -V, --version         (with no subcommand) cargo-tszig's version and the pinned zig

What it sets for each target <t> (<T> in upper case; a value you already set wins):
  CC_<t>, CXX_<t>, AR_<t>, RANLIB_<t>   zig shims that cc-rs, cmake and build scripts use
  CARGO_TARGET_<T>_LINKER               the zig cc shim's name, found through PATH (unless
                                        target.<triple>.linker is set)
  CARGO_TARGET_<T>_RUNNER               for run/test/bench (unless target.<triple>.runner is set)
  CMAKE_TOOLCHAIN_FILE_<t>              a CMake toolchain file using the shims (the cmake crate)
  BINDGEN_EXTRA_CLANG_ARGS_<t>          zig's headers and macros for bindgen's libclang
  PATH                                  each target's shim directory first (the linker); Windows:
                                        <arch>-w64-mingw32-dlltool (zig's) for raw-dylib
  WINEDEBUG, WINEPATH                   when wine is the runner (quiet fixme lines; ProcessPrng DLL)
  PKG_CONFIG_SYSROOT_DIR_<t>, _LIBDIR_<t>, _PATH_<t>, _ALLOW_CROSS_<t>
                                        with tszig.toml [target.<triple>] packages: the target's
                                        Debian sysroot (fetched once, checked with OpenPGP)

${ENVIRONMENT_HELP}

${ZIG_HELP}

Exit status: cargo's own exit status; 2 for usage errors; 1 for other tszig errors.
Signals: Ctrl-C reaches cargo from the terminal; SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to
cargo-tszig are passed to cargo and everything it started, and cargo-tszig ends the way cargo did.
${PROJECT_HELP}
`;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const end = argv.indexOf('--');
  const ours = end === -1 ? argv : argv.slice(0, end);
  const verbose = ours.includes('-v') || ours.includes('-vv') || ours.includes('--verbose');
  await runEntry(async (logger) => {
    const parsed = parseCargoArgv(argv);
    if (parsed.version) {
      process.stdout.write(`cargo-tszig ${packageVersion()} (zig ${PINNED_ZIG_VERSION} pinned)\n`);
      return 0;
    }
    if (parsed.help) {
      if (parsed.args.length > 0) {
        throw new UsageError(`no cargo subcommand in: ${parsed.args.join(' ')}`, 'e.g. cargo tszig build --target aarch64-unknown-linux-gnu');
      }
      process.stdout.write(CARGO_TSZIG_HELP);
      return 0;
    }
    return cargoCommand({ argv: parsed, env: process.env, cwd: process.cwd(), logger, stdout: process.stdout });
  }, logLevel(verbose, process.env));
}

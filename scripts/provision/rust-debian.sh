#!/usr/bin/env bash
# rust-debian.sh CACHE_DIR [DEBIAN_ARCH...]      e.g.  rust-debian.sh ~/.cache/tszig arm64 armhf
#
# Builds a rustc toolchain with foreign-target std libraries out of Debian's
# rustc-web packages (no rustup downloads), plus qemu-user and the cross glibc
# needed to run the resulting dynamic binaries under qemu (-L /usr/<gnu-triple>).
#
#  1. picks the newest rustc-web version for which rustc-web, libstd-rust-web-dev
#     and libstd-rust-web-dev:<arch> (every requested arch) all exist with the
#     SAME version, `apt-get download`s them (pinned) plus libstd-rust-web-X.Y and
#     libllvmNN, and `dpkg -x`es them into CACHE_DIR/rust-debian-<debversion>/
#     via a temp dir + rename.  An existing complete dir that already has all the
#     requested arches short-circuits everything network-related.
#     Package indexes are fetched into a PRIVATE apt state (CACHE_DIR/apt-state/<arch>)
#     with APT::Architectures=<native>,<arch>: no `dpkg --add-architecture`, the system
#     apt lists are not touched, and one arch's broken index (mirror mid-sync) cannot
#     roll back another arch's index (apt updates are transactional per Release file).
#  2. sets RUNPATH ($ORIGIN/...) on rustc/rustdoc/librustc_driver with patchelf so the
#     compiler runs without LD_LIBRARY_PATH, and (if rustup exists) runs
#     `rustup toolchain link $RUST_DEBIAN_TOOLCHAIN <dir>/usr`.
#  3. apt-get installs (only if missing) patchelf, the libllvm runtime deps,
#     qemu-user, libc6-<arch>-cross and libgcc-s1-<arch>-cross.
#
# Env knobs:
#   RUST_DEBIAN_VERSION=<exact deb version>   pin instead of "newest common"
#   RUST_DEBIAN_REFRESH=1                     ignore cached dirs of other versions, re-resolve
#   RUST_DEBIAN_TOOLCHAIN=name                rustup toolchain name (default tszig-debian; empty = don't link)
#   RUST_DEBIAN_FLAVOUR=web                   "web" -> rustc-web/libstd-rust-web-*; "" -> rustc/libstd-rust-*
#   RUST_DEBIAN_NO_INSTALL=1                  never run apt-get install (fail if something is missing)
#   RUST_DEBIAN_APT_TRIES=2                   apt-get update attempts per arch (errors are tolerated)
#
# stdout: shell assignments (eval-able): RUST_DEBIAN_VERSION, RUST_DEBIAN_SYSROOT, RUSTC, RUSTDOC
# stderr: progress.
set -euo pipefail
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

log() { echo "rust-debian: $*" >&2; }
die() { echo "rust-debian: error: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: $0 CACHE_DIR [DEBIAN_ARCH...]   (e.g. arm64 armhf i386 ppc64el s390x)"
mkdir -p "$1"
CACHE=$(cd "$1" && pwd -P); shift
NATIVE=$(dpkg --print-architecture)
HOST_MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu")
FLAV=${RUST_DEBIAN_FLAVOUR-web}; FL=${FLAV:+-$FLAV}
PKG_RUSTC=rustc$FL PKG_STDDEV=libstd-rust$FL-dev
TOOLCHAIN_NAME=${RUST_DEBIAN_TOOLCHAIN-tszig-debian}
PIN=${RUST_DEBIAN_VERSION:-}

# de-duplicate requested arches, drop the native one (its std ships with the compiler)
ARCHES=()
for a in "$@"; do
  [ "$a" = "$NATIVE" ] && continue
  case " ${ARCHES[*]-} " in *" $a "*) ;; *) ARCHES+=("$a");; esac
done

# Debian arch -> GNU triple (dir under /usr for qemu -L) and qemu binary
arch_info() {
  case $1 in
    arm64)    GT=aarch64-linux-gnu        QEMU=qemu-aarch64 ;;
    armhf)    GT=arm-linux-gnueabihf      QEMU=qemu-arm ;;
    armel)    GT=arm-linux-gnueabi        QEMU=qemu-arm ;;
    i386)     GT=i686-linux-gnu           QEMU=qemu-i386 ;;
    amd64)    GT=x86_64-linux-gnu         QEMU=qemu-x86_64 ;;
    ppc64el)  GT=powerpc64le-linux-gnu    QEMU=qemu-ppc64le ;;
    s390x)    GT=s390x-linux-gnu          QEMU=qemu-s390x ;;
    riscv64)  GT=riscv64-linux-gnu        QEMU=qemu-riscv64 ;;
    mips64el) GT=mips64el-linux-gnuabi64  QEMU=qemu-mips64el ;;
    *) die "unsupported Debian arch '$1'" ;;
  esac
}
for a in "${ARCHES[@]}"; do arch_info "$a"; done   # validate early

exec 9>"$CACHE/.rust-debian.lock"
flock 9                                            # serialise concurrent runs on one cache

is_installed() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'; }
SYS_UPDATED=
apt_install_missing() {                            # apt_install_missing pkg...
  local p miss=()
  for p in "$@"; do is_installed "$p" || miss+=("$p"); done
  [ ${#miss[@]} -eq 0 ] && return 0
  [ -z "${RUST_DEBIAN_NO_INSTALL:-}" ] || die "missing packages (RUST_DEBIAN_NO_INSTALL set): ${miss[*]}"
  [ "$(id -u)" = 0 ] || die "need root to apt-get install: ${miss[*]}"
  log "apt-get install ${miss[*]}"
  local AI=(apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600)
  if ! "${AI[@]}" "${miss[@]}" >&2; then
    [ -z "$SYS_UPDATED" ] || die "apt-get install failed: ${miss[*]}"
    log "install failed; apt-get update (errors tolerated) and retry"
    apt-get update -q >&2 || true; SYS_UPDATED=1
    "${AI[@]}" "${miss[@]}" >&2 || die "apt-get install failed: ${miss[*]}"
  fi
}

# ---------- private apt state per arch ----------
declare -A UPDATED=()
apt_opts() {                                       # sets array AO for state $1
  local st="$CACHE/apt-state/$1"
  mkdir -p "$st/lists/partial" "$st/cache/archives/partial"
  AO=(-o "Dir::State::Lists=$st/lists" -o "Dir::Cache=$st/cache"
      -o "APT::Architectures::=$NATIVE" -o "APT::Sandbox::User=root" -q)
  [ "$1" = "$NATIVE" ] || AO+=(-o "APT::Architectures::=$1")
}
apt_update() {                                     # tolerant: errors are logged, not fatal
  local s=$1 try
  [ -n "${UPDATED[$s]:-}" ] && return 0
  apt_opts "$s"
  local tries=${RUST_DEBIAN_APT_TRIES:-2}
  for ((try=1; try<=tries; try++)); do
    if apt-get "${AO[@]}" update >"$CACHE/apt-state/$s/update.log" 2>&1 \
       && ! grep -qE '^(E:|Err:)' "$CACHE/apt-state/$s/update.log"; then break; fi
    log "apt-get update [$s] try $try reported: $(grep -E '^E:' "$CACHE/apt-state/$s/update.log" | head -2 | tr '\n' ' ')"
    [ $try -lt "$tries" ] && sleep 3
  done
  UPDATED[$s]=1
}
# all versions of a package (apt syntax pkg or pkg:arch) in state $1, newest first
versions() {
  apt_opts "$1"
  apt-cache "${AO[@]}" madison "$2" 2>/dev/null | awk -F'|' '$3 ~ /Packages/ {gsub(/ /,"",$2); print $2}' |
    sort -u | sort_versions_desc
}
sort_versions_desc() {
  local v out=() i j t
  while read -r v; do [ -n "$v" ] && out+=("$v"); done
  for ((i=1; i<${#out[@]}; i++)); do           # insertion sort with dpkg semantics
    t=${out[i]}; j=$((i-1))
    while [ $j -ge 0 ] && dpkg --compare-versions "${out[j]}" lt "$t"; do out[j+1]=${out[j]}; j=$((j-1)); done
    out[j+1]=$t
  done
  [ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}"
}
has_version() { versions "$1" "$2" | grep -qxF "$3"; }
field() {                                          # field STATE PKG=VER FIELD
  apt_opts "$1"
  apt-cache "${AO[@]}" show "$2" 2>/dev/null | awk -v f="$3:" '$1==f {sub(/^[^:]*: /,""); print; exit}'
}

# ---------- 1. find / create the toolchain dir ----------
dir_has_arches() {                                 # dir_has_arches DIR
  local a; [ -f "$1/.complete" ] || return 1
  for a in "${ARCHES[@]}"; do [ -f "$1/.arches/$a" ] || return 1; done
}
existing_dirs_newest_first() {
  local d
  for d in "$CACHE"/rust-debian-*/; do [ -f "$d/.complete" ] && cat "$d/.complete"; done | sort_versions_desc
}

VER='' DIR=''
if [ -n "$PIN" ]; then
  [ -f "$CACHE/rust-debian-$PIN/.complete" ] && dir_has_arches "$CACHE/rust-debian-$PIN" && VER=$PIN
elif [ -z "${RUST_DEBIAN_REFRESH:-}" ]; then
  while read -r v; do
    [ -n "$v" ] && dir_has_arches "$CACHE/rust-debian-$v" && { VER=$v; break; }
  done < <(existing_dirs_newest_first)
fi

if [ -n "$VER" ]; then
  DIR=$CACHE/rust-debian-$VER
  log "using cached $DIR (nothing to download)"
else
  t0=$(date +%s)
  apt_update "$NATIVE"
  for a in "${ARCHES[@]}"; do apt_update "$a"; done
  if [ -n "$PIN" ]; then cands=$PIN; else cands=$(versions "$NATIVE" "$PKG_RUSTC"); fi
  [ -n "$cands" ] || die "no $PKG_RUSTC in apt (is bookworm(-security) main in sources?)"
  for v in $cands; do
    ok=1; why=
    has_version "$NATIVE" "$PKG_STDDEV:$NATIVE" "$v" || { ok=; why="$PKG_STDDEV:$NATIVE"; }
    for a in "${ARCHES[@]}"; do
      [ -n "$ok" ] || break
      has_version "$a" "$PKG_STDDEV:$a" "$v" || { ok=; why="$PKG_STDDEV:$a"; }
    done
    if [ -n "$ok" ]; then VER=$v; break; fi
    log "version $v skipped: $why=$v not in apt index"
  done
  [ -n "$VER" ] || die "no $PKG_RUSTC version available for all of: $NATIVE ${ARCHES[*]}"
  DIR=$CACHE/rust-debian-$VER
  log "selected $PKG_RUSTC $VER"

  # packages whose std triples are still missing from DIR (all of them if DIR is new)
  NEED=()
  for a in "${ARCHES[@]}"; do [ -f "$DIR/.arches/$a" ] || NEED+=("$a"); done

  TMP=$(mktemp -d "$CACHE/.tmp-rust-debian-XXXXXX")
  trap 'rm -rf "$TMP"' EXIT
  mkdir -p "$TMP/debs"
  if [ ! -f "$DIR/.complete" ]; then
    libstd=$(field "$NATIVE" "$PKG_STDDEV=$VER" Depends | grep -oE "libstd-rust$FL-[0-9.]+" | head -1)
    [ -n "$libstd" ] || die "cannot find libstd-rust$FL-X.Y in Depends of $PKG_STDDEV=$VER"
    llvm=$(field "$NATIVE" "$libstd=$VER" Depends | grep -oE 'libllvm[0-9]+' | head -1)
    [ -n "$llvm" ] || die "cannot find libllvmNN in Depends of $libstd=$VER"
    llvmver=$(versions "$NATIVE" "$llvm" | head -1)
    [ -n "$llvmver" ] || die "$llvm not available"
    # runtime deps of libLLVM (libz3, libxml2, libedit, ...) must be installed on the host
    mapfile -t llvmdeps < <(field "$NATIVE" "$llvm=$llvmver" Depends | tr ',' '\n' |
        sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/[[:space:]]//g' | grep -v '^$')
    apt_install_missing patchelf "${llvmdeps[@]}"
    apt_opts "$NATIVE"
    (cd "$TMP/debs" && apt-get "${AO[@]}" download "$PKG_RUSTC:$NATIVE=$VER" "$PKG_STDDEV:$NATIVE=$VER" \
        "$libstd:$NATIVE=$VER" "$llvm:$NATIVE=$llvmver" >&2) || die "apt-get download (host packages) failed"
  fi
  for a in "${NEED[@]}"; do
    apt_opts "$a"
    (cd "$TMP/debs" && apt-get "${AO[@]}" download "$PKG_STDDEV:$a=$VER" >&2) || die "apt-get download $PKG_STDDEV:$a=$VER failed"
  done
  t1=$(date +%s)

  if [ ! -f "$DIR/.complete" ]; then
    R=$TMP/root
    mkdir -p "$R/.arches"
    for f in "$TMP"/debs/*_"$NATIVE".deb; do dpkg -x "$f" "$R"; done
    # Debian's rustc has no RUNPATH; make it self-contained (DT_RUNPATH is not transitive,
    # so librustc_driver needs its own $ORIGIN to find libLLVM).
    drv=$(ls "$R/usr/lib/$HOST_MA"/librustc_driver-*.so)
    # shellcheck disable=SC2016 # $ORIGIN is for the dynamic loader, not the shell
    patchelf --set-rpath '$ORIGIN' "$drv"
    for b in "$R/usr/bin/rustc" "$R/usr/bin/rustdoc" "$R/usr/libexec/rust-analyzer-proc-macro-srv"; do
      [ -f "$b" ] && readelf -d "$b" | grep -q 'NEEDED.*librustc_driver' &&
        patchelf --set-rpath "\$ORIGIN/../lib/$HOST_MA" "$b"
    done
    env -u LD_LIBRARY_PATH "$R/usr/bin/rustc" -vV >&2 || die "extracted rustc does not run"
  else
    R=$DIR                                         # adding arches to an existing toolchain
  fi
  for a in "${NEED[@]}"; do
    X=$TMP/std-$a; mkdir -p "$X"
    dpkg -x "$TMP"/debs/"$PKG_STDDEV"_*_"$a".deb "$X"
    trip=$(cd "$X/usr/lib/rustlib" && for d in */; do d=${d%/}; [ -d "$d/lib" ] && echo "$d"; done | head -1)
    [ -n "$trip" ] || die "no lib/rustlib/<triple>/lib in $PKG_STDDEV:$a"
    if [ ! -d "$R/usr/lib/rustlib/$trip" ]; then mv -T "$X/usr/lib/rustlib/$trip" "$R/usr/lib/rustlib/$trip"; fi
    echo "$trip" >"$R/.arches/$a.tmp" && mv -f "$R/.arches/$a.tmp" "$R/.arches/$a"
    rm -rf "$X"
  done
  if [ ! -f "$DIR/.complete" ]; then
    echo "$VER" >"$R/.complete"
    if ! mv -T "$R" "$DIR" 2>/dev/null; then     # lost a race or stale leftover
      [ -f "$DIR/.complete" ] || { rm -rf "$DIR"; mv -T "$R" "$DIR"; }
    fi
  fi
  rm -rf "$TMP"; trap - EXIT
  t2=$(date +%s)
  log "download $((t1-t0))s, extract $((t2-t1))s, size $(du -sh "$DIR" | cut -f1)"
fi

SYSROOT=$DIR/usr
RUSTC=$SYSROOT/bin/rustc
env -u LD_LIBRARY_PATH "$RUSTC" -V >/dev/null || die "$RUSTC does not run"
for a in "${ARCHES[@]}"; do
  trip=$(cat "$DIR/.arches/$a")
  [ "$("$RUSTC" --print target-libdir --target "$trip")" = "$SYSROOT/lib/rustlib/$trip/lib" ] ||
    die "std for $trip not where rustc looks"
done

# ---------- 3. qemu-user + cross glibc ----------
if [ ${#ARCHES[@]} -gt 0 ]; then
  pk=(qemu-user)
  for a in "${ARCHES[@]}"; do pk+=("libc6-$a-cross" "libgcc-s1-$a-cross"); done
  apt_install_missing "${pk[@]}"
  for a in "${ARCHES[@]}"; do
    arch_info "$a"
    command -v "$QEMU" >/dev/null || die "$QEMU missing after installing qemu-user"
    [ -d "/usr/$GT/lib" ] || die "/usr/$GT/lib missing (libc6-$a-cross)"
  done
fi

# ---------- 2. rustup toolchain link ----------
if [ -n "$TOOLCHAIN_NAME" ] && command -v rustup >/dev/null; then
  cur=$(readlink -f "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$TOOLCHAIN_NAME" 2>/dev/null || true)
  if [ "$cur" != "$SYSROOT" ]; then
    log "rustup toolchain link $TOOLCHAIN_NAME $SYSROOT"
    rustup toolchain link "$TOOLCHAIN_NAME" "$SYSROOT" >&2
  fi
fi

printf 'RUST_DEBIAN_VERSION=%q\nRUST_DEBIAN_SYSROOT=%q\nRUSTC=%q\nRUSTDOC=%q\n' \
  "$VER" "$SYSROOT" "$RUSTC" "$SYSROOT/bin/rustdoc"

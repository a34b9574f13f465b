#!/usr/bin/env bash
# warm-zigs.sh ZIG_CACHE MARKERS ZIG...
#
# Builds, once per zig and target, the C (and C++) library pieces the version-matrix tests link
# against (glibc 2.17 stubs, musl, MinGW-w64, macOS and FreeBSD libc stubs, compiler-rt, libc++)
# into zig's cache ZIG_CACHE, so the tests find them built: a cold first use costs 15 s to 3 min per
# target and zig on a busy 2-core machine, paid here once instead of inside a test. A marker under
# MARKERS/<zig version>/ makes later runs skip what is done (zig's own cache would find it too,
# only slower). Each call is what the shims pass: the target, -fno-sanitize=undefined.
set -euo pipefail
log() { echo "warm-zigs: $*" >&2; }
[ $# -ge 3 ] || { echo "usage: $0 ZIG_CACHE MARKERS ZIG..." >&2; exit 1; }
cache=$1 markers=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/tszig-warm-zigs.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '#include <stdio.h>\nint main(void) { return puts("hi") < 0; }\n' >"$work/main.c"
printf '#include <string>\nint main() { return std::string("hi").size() != 2; }\n' >"$work/main.cpp"

# target, then the languages the matrix links for it (c++: hello-cc, for aarch64 Linux and macOS).
targets='x86_64-linux-gnu.2.17:c
aarch64-linux-gnu.2.17:c,c++
x86_64-linux-musl:c
aarch64-macos.11.0-none:c,c++
x86_64-windows-gnu:c
x86_64-freebsd:c'

for zig in "$@"; do
  version=$("$zig" version)
  for entry in $targets; do
    target=${entry%%:*}
    case "$target:$version" in x86_64-freebsd:0.14.*) continue ;; esac # no FreeBSD libc before 0.15
    for lang in $(printf %s "${entry#*:}" | tr , ' '); do
      marker=$markers/$version/$target-$lang
      [ -f "$marker" ] && continue
      log "zig $version: $lang for $target (first use: zig builds its C library pieces)"
      src=$work/main.c driver=cc
      [ "$lang" = c++ ] && src=$work/main.cpp driver=c++
      # zig's own warnings while building its libraries (zig 0.16's libc++ for macOS prints tens of
      # thousands of lines) are shown only when the build fails.
      if ! ZIG_GLOBAL_CACHE_DIR=$cache "$zig" "$driver" -target "$target" -fno-sanitize=undefined -o "$work/out" "$src" >"$work/log" 2>&1; then
        tail -n 40 "$work/log" >&2
        log "zig $version could not build $lang for $target"
        exit 1
      fi
      mkdir -p "$markers/$version"
      touch "$marker"
    done
  done
done

#!/bin/sh
# The main job on the bundled example: provision, then cross-build fixtures/hello-cc for
# x86_64-unknown-linux-gnu pinned to glibc 2.17, run it, and show its highest glibc symbol version.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/provision.sh"
# shellcheck source=/dev/null
. "${TSZIG_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tszig-dev}/env.sh"

# tszig finds the pinned zig through `python3 -m ziglang`, from the venv provision.sh made.
PATH="$TSZIG_TEST_ZIG_VENV/bin:$PATH"
export PATH
target_dir=$(mktemp -d "${TMPDIR:-/tmp}/tszig-example.XXXXXX")
trap 'rm -rf "$target_dir"' EXIT

cd "$root/fixtures/hello-cc"
echo '$ cargo tszig build --release --target x86_64-unknown-linux-gnu.2.17'
node "$root/bin/cargo-tszig.js" tszig build --release --target x86_64-unknown-linux-gnu.2.17 --target-dir "$target_dir"
bin="$target_dir/x86_64-unknown-linux-gnu/release/hello-cc"
echo "\$ $bin"
"$bin"
highest=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -n 1)
echo "highest glibc symbol version: $highest"

#!/bin/sh
# `npm run bench`: provision (idempotent), build, then measure; writes docs/benchmarks.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/provision.sh"
# shellcheck source=/dev/null
. "${TSZIG_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tszig-dev}/env.sh"
cd "$root"
exec node --import tsx scripts/bench.ts "$@"

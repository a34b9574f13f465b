#!/bin/sh
# `npm test`: provision (idempotent and cached), typecheck, lint, then every test layer:
#   unit         pure functions; needs nothing but `npm ci` (also `npm run test:unit`, no provisioning)
#   integration  library code with the provisioned tools (zig, python's ziglang, cmake, strace, tar,
#                xz), real processes and HTTP servers on 127.0.0.1; no packed package
#   shims        generated shims run in dash and bash against a recording zig and the real one
#   e2e          the package packed and installed like a user's; real cargo, zig, qemu, wine
# `npm test -- test/e2e/cli.test.ts` runs only the named files (after provisioning).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/provision.sh
# shellcheck source=/dev/null
. "${TSZIG_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tszig-dev}/env.sh"

if [ $# -eq 0 ]; then
  echo '==> typecheck and lint' >&2
  npm run -s typecheck
  npm run -s lint
  set -- test/unit/*.test.ts test/integration/*.test.ts test/shims/*.test.ts test/e2e/*.test.ts
fi

case " $* " in
*e2e*)
  echo '==> pack and install the package' >&2
  work=$(mktemp -d "${TMPDIR:-/tmp}/tszig-test.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  npm pack --silent --pack-destination "$work" >/dev/null
  npm install --silent --no-audit --no-fund --prefix "$work/install" "$work"/tszig-*.tgz
  TSZIG_TEST_INSTALL="$work/install"
  export TSZIG_TEST_INSTALL
  ;;
esac

echo '==> tests' >&2
node --import tsx --test --test-reporter=spec "$@"

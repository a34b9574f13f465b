// When the target is the host triple (e.g. x86_64-unknown-linux-gnu.2.17 on x86_64 Linux), cargo
// would apply the target's linker to build scripts and proc-macros too, linking them against the
// pinned old glibc. That works for most crates, but a host-side artifact linking a system library
// (built against the host's newer glibc) then fails. Cargo's `target-applies-to-host = false`
// keeps host artifacts on the normal host linker; it is unstable, so it is enabled the way cargo's
// own test suite does on a stable toolchain (cargo-zigbuild does the same).

import type { Env } from '../platform/cache-dir.js';
import type { ResolvedTarget } from '../target/parse.js';

export function hostTargetEnv(_target: ResolvedTarget, env: Env): Record<string, string> {
  if (env.CARGO_TARGET_APPLIES_TO_HOST !== undefined) return {}; // the user decided
  return {
    __CARGO_TEST_CHANNEL_OVERRIDE_DO_NOT_USE_THIS: 'nightly',
    CARGO_UNSTABLE_TARGET_APPLIES_TO_HOST: 'true',
    CARGO_TARGET_APPLIES_TO_HOST: 'false',
  };
}

// tszig's library API: the CLIs are thin adapters over these functions.

export { parseCargoArgv, type CargoArgv } from './cargo/argv.js';
export { cargoCommand, type CargoCommandOptions } from './cargo/command.js';
export { planCargo, type CargoPlan } from './cargo/plan.js';
export { renderPlan } from './cargo/print-plan.js';
export { runPlan } from './cargo/run.js';
export { envCommand, type EnvCommandOptions } from './env/command.js';
export { targetEnv, type EnvEntry, type TargetEnv } from './env/env-map.js';
export { prepareTargets, type Prepared, type PreparedTarget } from './env/prepare.js';
export { ENV_FORMATS, renderEnv, type EnvFormat } from './env/render.js';
export * from './errors.js';
export { createLogger, type Logger } from './log/logger.js';
export { resolveCacheDir } from './platform/cache-dir.js';
export { materializeShims, type ShimSet } from './shims/materialize.js';
export { renderShim, type ShimInput, type ShimRole } from './shims/render-sh.js';
export { CALL_RULES, RULES, rulesFor, type Rule } from './shims/rules.js';
export { parseTarget, splitGlibcSuffix, type ResolvedTarget } from './target/parse.js';
export { findTarget, knownTargets, TARGETS, type TargetSpec } from './target/table.js';
export { PINNED_ZIG_VERSION } from './zig/pin.js';
export { resolveZig, type ZigInstall } from './zig/resolve.js';

// `tszig env --go --target T`: what `go build` needs to cross-compile cgo code for T with the
// target's zig shims: CC, CXX, CGO_ENABLED=1, GOOS, GOARCH and the architecture level variables.

import { TszigError } from '../errors.js';
import type { ShimSet } from '../shims/materialize.js';
import { goTarget, goTargetVariables } from '../target/go.js';
import type { ResolvedTarget } from '../target/parse.js';
import type { EnvEntry } from './env-map.js';

export class GoEnvError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_GO', message, { hint });
  }
}

/**
 * A program path as Go reads CC and CXX: split at spaces, with '…' or "…" grouping (Go 1.18+).
 * A path with both kinds of quote and a space cannot be written.
 */
export function goQuote(path: string): string {
  if (!/[\s'"]/.test(path)) return path;
  if (!path.includes("'")) return `'${path}'`;
  if (!path.includes('"')) return `"${path}"`;
  throw new GoEnvError(`${path} holds a space and both kinds of quote, which go cannot read back from CC`, 'use a TSZIG_CACHE_DIR without quotes');
}

export function goEnv(target: ResolvedTarget, shims: ShimSet): EnvEntry[] {
  const go = goTarget(target.rust);
  if (!go) throw new GoEnvError(`Go has no port for ${target.rust}`, 'run `tszig targets` for the targets, and `go tool dist list` for Go\'s');
  if (go.unsupported) throw new GoEnvError(`${target.rust}: ${go.unsupported}`, 'build it without cgo (CGO_ENABLED=0)');
  return [
    { name: 'CC', value: goQuote(shims.cc) },
    { name: 'CXX', value: goQuote(shims.cxx) },
    { name: 'CGO_ENABLED', value: '1' },
    ...goTargetVariables(go),
  ];
}

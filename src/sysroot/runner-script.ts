// The runner for a target with a sysroot: a small sh script in the target's shim directory that
// runs the emulator (or the program itself, on a native target) with the sysroot's libraries on
// the loader's path. Cargo gets its bare name (the shim directory leads PATH): cargo and compiler
// caches hash every CARGO_* variable, so a path into this machine's cache there would make Rust
// compiles miss on every other machine. The script finds the sysroot relative to itself, so its
// bytes, and so its name, are the same wherever tszig's cache lives.

import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { shQuote } from '../shims/sh-quote.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Sysroot } from './store.js';

export interface RunnerScriptInput {
  readonly shimDir: string;
  /** The emulator command (`/usr/bin/qemu-aarch64 -L /usr/aarch64-linux-gnu`); none: native. */
  readonly emulator: string | undefined;
  readonly sysroot: Sysroot;
  readonly target: string;
}

export function renderRunnerScript(input: RunnerScriptInput): string {
  const dirs = input.sysroot.record.libDirs.map((d) => `$here/${relative(input.shimDir, join(input.sysroot.dir, d))}`);
  const libraryPath = `${dirs.join(':')}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}`;
  const run = input.emulator
    ? `exec ${input.emulator.split(' ').map(shQuote).join(' ')} -E "LD_LIBRARY_PATH=${libraryPath}" "$@"`
    : `LD_LIBRARY_PATH="${libraryPath}" exec "$@"`;
  return `#!/bin/sh
# tszig runner for ${input.target}: the sysroot's shared libraries on the loader's path. Generated.
here=$(dirname "$0")
${run}
`;
}

/** Writes the script (named by a hash of its content) and returns its file name. */
export function writeRunnerScript(input: RunnerScriptInput): string {
  const text = renderRunnerScript(input);
  const name = `tszig-runner-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  writeFileAtomic(join(input.shimDir, name), text, 0o755);
  return name;
}

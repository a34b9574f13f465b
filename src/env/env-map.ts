// The environment that points cargo, cc-rs and friends at a target's shims. A value the user set
// (in any spelling the consumer reads, or in cargo config) wins over tszig's; a value equal to
// tszig's own (say, from an earlier `eval "$(tszig env …)"`) is tszig's, so the output is the same
// in a shell that already evaluated it.

import type { CargoConfig } from '../cargo/config.js';
import type { Env } from '../platform/cache-dir.js';
import type { ShimSet } from '../shims/materialize.js';
import { cargoTargetKey, targetSuffix } from '../target/env-names.js';
import type { ResolvedTarget } from '../target/parse.js';
import { runsUnderWine, type RunnerPlan } from './runner.js';
import { shWords } from '../shims/sh-quote.js';
import type { Prepend } from './path-list.js';
import { basename, dirname } from 'node:path';
import type { MacosSdk } from '../macos/sdk.js';

export interface EnvEntry {
  readonly name: string;
  readonly value: string;
}

export interface SkippedEntry {
  readonly name: string;
  /** The value tszig would have set. */
  readonly value: string;
  /** Where the user's own value comes from. */
  readonly because: string;
}

export interface TargetEnv {
  readonly set: readonly EnvEntry[];
  readonly skipped: readonly SkippedEntry[];
  /** Entries to put first in PATH and WINEPATH (see path-list.ts). */
  readonly prepend: readonly Prepend[];
}

export interface TargetEnvInput {
  readonly target: ResolvedTarget;
  readonly shims: ShimSet;
  readonly env: Env;
  /** Cargo config, to respect `target.<triple>.linker` and `.runner`; omitted when no config applies. */
  readonly config?: CargoConfig | undefined;
  /** How the target's programs run here, when that matters (run, test, bench, env). */
  readonly runner?: RunnerPlan | undefined;
  /** zig's include directories and macros for bindgen's libclang. */
  readonly bindgen?: readonly string[] | undefined;
  /** Directory with the ProcessPrng stand-in DLL for wine (see wine-prng.ts). */
  readonly wineDlls?: string | undefined;
  /** macOS: the SDK in use (see macos/sdk.ts). */
  readonly sdk?: MacosSdk | undefined;
  /** pkg-config's variables for the target's sysroot, set with the target's suffix. */
  readonly pkgConfig?: readonly { readonly name: string; readonly value: string }[] | undefined;
}

export function targetEnv(input: TargetEnvInput): TargetEnv {
  const { target, shims, env } = input;
  const t = targetSuffix(target.rust);
  const set: EnvEntry[] = [];
  const skipped: SkippedEntry[] = [];
  // WINEPATH's entries (PATH's are added at the end).
  const prepend: Prepend[] = [];
  const offer = (name: string, value: string, userForms: readonly string[]): void => {
    const user = userForms.find((n) => env[n] && env[n] !== value);
    if (user) skipped.push({ name, value, because: user });
    else set.push({ name, value });
  };
  // cc-rs reads CC_<triple> before CC_<triple with _>; either one set by the user wins.
  for (const [tool, path] of [['CC', shims.cc], ['CXX', shims.cxx], ['AR', shims.ar], ['RANLIB', shims.ranlib]] as const) {
    offer(`${tool}_${t}`, path, [`${tool}_${target.rust}`, `${tool}_${t}`]);
  }
  offer(`CMAKE_TOOLCHAIN_FILE_${t}`, shims.cmake, [`CMAKE_TOOLCHAIN_FILE_${target.rust}`, `CMAKE_TOOLCHAIN_FILE_${t}`, 'TARGET_CMAKE_TOOLCHAIN_FILE', 'CMAKE_TOOLCHAIN_FILE']);
  if (input.bindgen) {
    // bindgen takes the first of its target-specific forms, else the plain one: keep a plain value.
    const plain = env.BINDGEN_EXTRA_CLANG_ARGS ? `${env.BINDGEN_EXTRA_CLANG_ARGS} ` : '';
    offer(`BINDGEN_EXTRA_CLANG_ARGS_${t}`, `${plain}${shWords(input.bindgen)}`, [`BINDGEN_EXTRA_CLANG_ARGS_${target.rust}`, `BINDGEN_EXTRA_CLANG_ARGS_${t}`]);
  }
  // rustc hands SDKROOT to the linker and otherwise runs xcrun for it, warning on every link when
  // there is none; an SDK from tszig.toml is the one to give it.
  if (input.sdk && input.sdk.from !== 'SDKROOT') offer('SDKROOT', input.sdk.root, ['SDKROOT']);
  // The pkg-config crate reads <VAR>_<triple> before <VAR>_<triple with _>: a user's either wins.
  for (const v of input.pkgConfig ?? []) offer(`${v.name}_${t}`, v.value, [`${v.name}_${target.rust}`, `${v.name}_${t}`]);
  // A cargo setting is skipped when the user set it, in the environment or in cargo config.
  const cargoSetting = (key: 'linker' | 'runner', value: string): void => {
    const name = `CARGO_TARGET_${cargoTargetKey(target.rust)}_${key.toUpperCase()}`;
    const configured = input.config?.get(['target', target.rust, key]);
    if (configured && (!env[name] || env[name] === value)) skipped.push({ name, value, because: `target.${target.rust}.${key} in ${configured.source}` });
    else offer(name, value, [name]);
  };
  // rustc links wasm itself (rust-lld); zig only compiles its C. The linker is named without its
  // directory, which leads PATH: cargo passes `-C linker=<value>` to every rustc call and compiler
  // caches (sccache) hash it, so a path of this machine's cache would make every machine miss.
  if (!target.spec.rustLinks) cargoSetting('linker', basename(shims.cc));
  if (input.runner?.kind === 'runner') {
    cargoSetting('runner', input.runner.command);
    // wine prints a "fixme" line for every unimplemented call it meets.
    if (runsUnderWine(input.runner)) {
      offer('WINEDEBUG', 'fixme-all', ['WINEDEBUG']);
      // Ahead of the user's own WINEPATH entries, which stay.
      if (input.wineDlls) prepend.push({ name: 'WINEPATH', entries: [input.wineDlls] });
    }
  }
  // PATH: the linker's directory (cargo gets the linker by name), and zig's dlltool for rustc's
  // raw-dylib (Windows targets).
  const linkerDir = !target.spec.rustLinks && set.some((e) => e.name.endsWith('_LINKER')) ? [dirname(shims.cc)] : [];
  const runnerDir = input.runner?.kind === 'runner' && input.runner.onPath && set.some((e) => e.name.endsWith('_RUNNER')) ? [input.runner.onPath] : [];
  const path = [...new Set([...linkerDir, ...runnerDir]), ...(shims.binDir ? [shims.binDir] : [])];
  return { set, skipped, prepend: [...(path.length > 0 ? [{ name: 'PATH' as const, entries: path }] : []), ...prepend] };
}

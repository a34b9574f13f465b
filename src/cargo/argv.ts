// Splits `cargo tszig …` argv into tszig's own flags and cargo's arguments, which stay verbatim.

import { UsageError } from '../errors.js';

/** tszig's flags, accepted anywhere before `--` and removed before cargo runs. */
export interface TszigFlags {
  readonly zig: string | undefined;
  readonly zigVersion: string | undefined;
  readonly printPlan: boolean;
  /** `--dist DIR`: collect each target's final artifacts under DIR/<platform>/. */
  readonly dist: string | undefined;
  /** `--no-archive`: with --dist, no per-platform archives (the files and SHA256SUMS only). */
  readonly noArchive: boolean;
  /** `--oci DIR`: an OCI image layout with one image per Linux target (needs --dist). */
  readonly oci: string | undefined;
  /** `--oci-base DIR[:REF]`: the base image (a local OCI layout) for the images. */
  readonly ociBase: string | undefined;
  /** `--reproducible` (true), `--no-reproducible` (false), or neither (on with --dist). */
  readonly reproducible: boolean | undefined;
}

export interface TargetArg {
  /** The target as written (possibly with a glibc suffix). */
  readonly value: string;
  /** Index into `args` of the value (`--target X`) or of the whole `--target=X` argument. */
  readonly index: number;
  readonly inline: boolean;
}

export interface CargoArgv {
  /** `+toolchain` given first, as rustup's cargo proxy would take it. */
  readonly toolchain: string | undefined;
  /** Cargo subcommand (`build`, `test`, …), if any. */
  readonly subcommand: string | undefined;
  /** Cargo's arguments, subcommand first, in the user's order, tszig's flags removed. */
  readonly args: readonly string[];
  readonly targets: readonly TargetArg[];
  /** Values of `--config` (KEY=VALUE or a file), in order. */
  readonly configArgs: readonly string[];
  /** `-v`, `-vv` or `--verbose` (passed on to cargo, and also make tszig verbose). */
  readonly verbose: boolean;
  /** tszig's own help or version was asked for (no subcommand given). */
  readonly help: boolean;
  readonly version: boolean;
  readonly flags: TszigFlags;
}

/** Cargo's global options that take a separate value; their values are never a subcommand. */
const GLOBAL_VALUE_OPTIONS = new Set(['--config', '--color', '-Z', '-C', '--explain']);

const EXAMPLE_VALUE: Readonly<Record<string, string>> = { '--zig': '/path/to/zig', '--zig-version': '0.15.2', '--dist': 'dist', '--oci': 'dist/oci', '--oci-base': 'base:bookworm' };

/** tszig's options that take a directory value (`--dist DIR` or `--dist=DIR`). */
const DIR_OPTIONS = { '--dist': 'dist', '--oci': 'oci', '--oci-base': 'ociBase' } as const;

/** Parses the argv of `cargo-tszig` (after node's own two entries). */
export function parseCargoArgv(argv: readonly string[]): CargoArgv {
  let rest = [...argv];
  // cargo runs `cargo-tszig tszig <args>`; a direct `cargo-tszig <args>` works too.
  if (rest[0] === 'tszig') rest = rest.slice(1);
  let toolchain: string | undefined;
  if (rest[0]?.startsWith('+')) {
    toolchain = rest[0].slice(1);
    if (!toolchain) throw new UsageError("'+' must be followed by a toolchain name", 'e.g. cargo +nightly tszig build …');
    rest = rest.slice(1);
  }

  const args: string[] = [];
  const targets: TargetArg[] = [];
  const configArgs: string[] = [];
  let zig: string | undefined;
  let zigVersion: string | undefined;
  let printPlan = false;
  const dirs: { dist?: string; oci?: string; ociBase?: string } = {};
  let noArchive = false;
  let reproducible: boolean | undefined;
  let verbose = false;
  let subcommand: string | undefined;
  let help = false;
  let version = false;

  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--') {
      args.push(...rest.slice(i));
      break;
    }
    const next = (): string => {
      const v = rest[i + 1];
      if (v === undefined || v === '--') throw new UsageError(`${a} needs a value`, `e.g. ${a} ${EXAMPLE_VALUE[a] ?? '…'}`);
      i++;
      return v;
    };
    // tszig's own flags
    if (a === '--zig') {
      zig = next();
      continue;
    }
    if (a.startsWith('--zig=')) {
      zig = a.slice('--zig='.length);
      continue;
    }
    if (a === '--zig-version') {
      zigVersion = next();
      continue;
    }
    if (a.startsWith('--zig-version=')) {
      zigVersion = a.slice('--zig-version='.length);
      continue;
    }
    const dirOption = Object.hasOwn(DIR_OPTIONS, a.split('=')[0] as string) ? (a.split('=')[0] as keyof typeof DIR_OPTIONS) : undefined;
    if (dirOption) {
      const value = a.includes('=') ? a.slice(dirOption.length + 1) : next();
      if (!value) throw new UsageError(`${dirOption} needs a directory`, `e.g. ${dirOption} ${EXAMPLE_VALUE[dirOption] ?? 'dir'}`);
      dirs[DIR_OPTIONS[dirOption]] = value;
      continue;
    }
    if (a === '--no-archive') {
      noArchive = true;
      continue;
    }
    if (a === '--reproducible' || a === '--no-reproducible') {
      reproducible = a === '--reproducible';
      continue;
    }
    if (a === '--print-plan') {
      printPlan = true;
      continue;
    }
    if (subcommand === undefined) {
      if (a === '-h' || a === '--help') {
        help = true;
        continue;
      }
      if (a === '-V' || a === '--version') {
        version = true;
        continue;
      }
    }
    if (a === '-v' || a === '-vv' || a === '--verbose') verbose = true;
    if (a === '--target') {
      args.push(a);
      const v = rest[i + 1];
      if (v !== undefined && v !== '--') {
        i++;
        targets.push({ value: v, index: args.length, inline: false });
        args.push(v);
      }
      continue;
    }
    if (a.startsWith('--target=')) {
      targets.push({ value: a.slice('--target='.length), index: args.length, inline: true });
      args.push(a);
      continue;
    }
    if (a === '--config' || a.startsWith('--config=')) {
      args.push(a);
      if (a === '--config') {
        const v = rest[i + 1];
        if (v !== undefined) {
          i++;
          args.push(v);
          configArgs.push(v);
        }
      } else {
        configArgs.push(a.slice('--config='.length));
      }
      continue;
    }
    if (subcommand === undefined && GLOBAL_VALUE_OPTIONS.has(a)) {
      args.push(a);
      const v = rest[i + 1];
      if (v !== undefined) {
        i++;
        args.push(v);
      }
      continue;
    }
    if (subcommand === undefined && !a.startsWith('-')) subcommand = a;
    args.push(a);
  }

  if (subcommand === undefined && !version) help = true;
  return { toolchain, subcommand, args, targets, configArgs, verbose, help, version, flags: { zig, zigVersion, printPlan, dist: dirs.dist, noArchive, oci: dirs.oci, ociBase: dirs.ociBase, reproducible } };
}

/**
 * Cargo's arguments with each `--target` value replaced by one or more values (glibc suffixes
 * stripped, universal2 split in two); every other argument keeps its place.
 */
export function withTargets(parsed: CargoArgv, replace: (value: string) => readonly string[]): string[] {
  const byIndex = new Map(parsed.targets.map((t) => [t.index, t]));
  const out: string[] = [];
  parsed.args.forEach((arg, i) => {
    const t = byIndex.get(i);
    if (!t) {
      out.push(arg);
      return;
    }
    const values = replace(t.value);
    if (t.inline) out.push(...values.map((v) => `--target=${v}`));
    else {
      // `--target` is already in `out`; later values get their own flag.
      values.forEach((v, j) => out.push(...(j === 0 ? [v] : ['--target', v])));
    }
  });
  return out;
}

/** Cargo's arguments with `--target` options added after the subcommand (before any `--`). */
export function withAddedTargets(args: readonly string[], subcommand: string, targets: readonly string[]): string[] {
  const at = args.indexOf(subcommand);
  const end = args.indexOf('--');
  const insertAt = end === -1 ? args.length : end;
  if (at === -1) return [...args];
  return [...args.slice(0, insertAt), ...targets.flatMap((t) => ['--target', t]), ...args.slice(insertAt)];
}

/** Cargo's arguments with every `--target` option removed. */
export function withoutTargets(parsed: CargoArgv): string[] {
  const drop = new Set<number>();
  for (const t of parsed.targets) {
    drop.add(t.index);
    if (!t.inline) drop.add(t.index - 1);
  }
  return parsed.args.filter((_, i) => !drop.has(i));
}

// Random argument vectors for the shim fuzz test, from a seeded generator: arguments that rules
// rewrite (instances of every pattern of the target's rules, CPU flags valid and broken), hostile
// bytes (quotes, `$`, backticks, globs, newlines, invalid UTF-8, empty strings), very long
// arguments, `@file` arguments and rustc-style response files, and the -F/-L directories,
// frameworks and libraries of macOS links (directories that hold them, that do not, that do not
// exist). Strings are latin1 (one byte each).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARIES_WITHOUT_STUB } from '../../src/macos/system-libraries.ts';
import { ARM_FPU_FEATURES, CALL_RULES, FRAMEWORK_FLAGS, RULES, type RuleContext } from '../../src/shims/rules.ts';

/** mulberry32: small, fast and the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly rnd: () => number) {}

  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  /** Bytes 1-255: printable mostly, then shell syntax, control characters and invalid UTF-8. */
  char(): string {
    const r = this.rnd();
    if (r < 0.55) return this.pick([...'abcdefghijklmnopqrstuvwxyz0123456789-_.=+,/']);
    if (r < 0.8) return this.pick([...' \'"$`\\*?[]{}()!#&;|<>~%^@:\t']);
    if (r < 0.85) return '\n';
    return String.fromCharCode(1 + this.int(255));
  }

  text(max: number): string {
    let s = '';
    for (let n = this.int(max + 1); n > 0; n--) s += this.char();
    return s;
  }
}

const HOSTILE = [
  '', ' ', 'a b', "it's", '"q"', '$HOME', '${1}', '$(id)', '`id`', '*', '?', '[a]', '-', '--', '\n', 'line1\nline2', '\\', '%s%n',
  '-Dv="y z"', '-Wl,-rpath,$ORIGIN/../lib', 'caf\xc3', '\xff\xfe', '\xe6\x97\xa5\xe6\x9c\xac', '-x', '-xc', '-o', '-MF', '-Xlinker',
  '@/tmp/cc-args.rsp', '@', '@linker-arguments-not', '-c', 'x.c', '/t/a.o', '-O2',
];

/** An instance of an sh pattern: `*` becomes random text, `?` a character, `[..]` one of its members. */
function instance(g: Gen, pattern: string): string {
  let s = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') s += g.chance(0.5) ? '' : g.text(6);
    else if (c === '?') s += g.char();
    else if (c === '\\') s += pattern[++i] ?? '';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, close);
      s += body.startsWith('!') ? 'Q' : (body.replace(/(.)-(.)/g, '$1').at(g.int(body.length)) ?? body[0] ?? '');
      i = close;
    } else s += c;
  }
  return s;
}

function riscvIsa(g: Gen): string {
  const letters = () => Array.from({ length: g.int(6) }, () => g.pick([...'imafdcvbhpqg']) + (g.chance(0.2) ? `${g.int(3)}p${g.int(2)}` : g.chance(0.1) ? `${g.int(10)}` : '')).join('');
  const multi = () => g.pick(['zba', 'zbb', 'zbs', 'zicsr', 'zifencei', 'zvl256b', 'zve32x', 'zfh', 'xtheadvector', 'svinval']) + (g.chance(0.3) ? `${g.int(3)}p${g.int(3)}` : '');
  let isa = g.pick(['rv64', 'rv64', 'rv64', 'rv32', 'rv', 'RV64']) + g.pick(['g', 'i', 'e', 'g', 'gc', '', 'x', '_']) + letters();
  for (let n = g.int(4); n > 0; n--) isa += `${g.pick(['_', '_', '__', ''])}${g.chance(0.8) ? multi() : g.text(4)}`;
  if (g.chance(0.05)) isa += g.pick(['c'.repeat(200), '1'.repeat(12), 'zba12345678901', '_Z', '_zba+v']);
  return `-march=${isa}`;
}

function cpuFlag(g: Gen): string {
  const ext = () => Array.from({ length: g.int(5) }, () => g.pick(['crc', 'nofp16', 'crypto', 'simd', 'rng', 'sve2-aes', 'none', '', 'no', 'memtag', 'fp', g.text(3)])).join('+');
  const cpu = g.pick(['cortex-a53', 'neoverse-n1', 'apple-m1', 'cortex_a72', 'x86-64-v3', 'haswell', 'power9', 'powerpc64le', 'sifive-u74', 'z10-vector', 'generic', '', g.text(5)]);
  switch (g.int(5)) {
    case 0:
      return `-march=armv${g.pick(['8-a', '8.2-a', '9-a', '8', '', '8.1-a-'])}${g.chance(0.7) ? `+${ext()}` : ''}`;
    case 1:
      return `-mcpu=${cpu}${g.chance(0.6) ? `+${ext()}` : ''}`;
    case 2:
      return `-march=${cpu}${g.chance(0.3) ? `+${ext()}` : ''}`;
    case 3:
      return `-mfpu=${g.pick([...Object.keys(ARM_FPU_FEATURES), 'auto', 'fpv4-sp-d16', '', g.text(4)])}`;
    default:
      return `-mtune=${cpu}`;
  }
}

/** One argument, for a shim whose rules are those of `ctx`. */
function argument(g: Gen, patterns: readonly string[]): string {
  const r = g.rnd();
  if (r < 0.3) return instance(g, g.pick(patterns));
  if (r < 0.4) return cpuFlag(g);
  if (r < 0.45) return riscvIsa(g);
  if (r < 0.7) return g.pick(HOSTILE);
  if (r < 0.997) return g.text(12);
  // Very long: up to 40 KB (Linux takes at most 128 KB in one argument).
  const long = g.text(8).repeat(1 + g.int(5000)).slice(0, 40_000);
  return g.chance(0.5) ? long : `${instance(g, g.pick(patterns))}${long}`;
}

/** Directories for the link arguments of a batch: some hold frameworks and libraries, some do not exist. */
interface LinkDirs {
  /** -F and -L directories that hold every framework in FOUND_FRAMEWORKS and library in FOUND_LIBRARIES. */
  readonly holding: readonly string[][];
  /** Any directories: holding, empty, missing, the wrong kind, the root (an empty path). */
  readonly frameworks: readonly string[];
  readonly libraries: readonly string[];
}

/** Frameworks the directories hold (Foo and Bar in one, Baz in another). */
const FOUND_FRAMEWORKS = ['Foo', 'Bar', 'Baz'];
/** Libraries the directories hold: all without a stub but bz2; the rest are never checked. */
const FOUND_LIBRARIES = [...Object.keys(LIBRARIES_WITHOUT_STUB).filter((name) => name !== 'bz2'), 'iconv', 'z', 'c++', 'sqlite3', 'System', 'c'];
const FRAMEWORKS = [...FOUND_FRAMEWORKS, 'CoreFoundation', 'Security'];
const LIBRARIES = [...FOUND_LIBRARIES, 'bz2', 'bz2'];

/**
 * Makes the link directories under `dir`: `frame works` holds Foo.framework and Bar.framework,
 * `more` holds Baz.framework (a file: any entry counts), `libs` every library without a stub
 * except bz2 (one extension each), `other libs` only libbz2.txt (the wrong extension); `empty`
 * holds nothing and `missing` does not exist. Paths have spaces, which rustc escapes in response files.
 */
function linkDirs(dir: string): LinkDirs {
  const at = (name: string): string => join(dir, name);
  mkdirSync(join(at('frame works'), 'Foo.framework'), { recursive: true });
  mkdirSync(join(at('frame works'), 'Bar.framework'), { recursive: true });
  mkdirSync(at('more'), { recursive: true });
  writeFileSync(join(at('more'), 'Baz.framework'), '');
  mkdirSync(at('libs'), { recursive: true });
  const extensions = ['tbd', 'dylib', 'a', 'so'];
  Object.keys(LIBRARIES_WITHOUT_STUB)
    .filter((name) => name !== 'bz2')
    .forEach((name, i) => writeFileSync(join(at('libs'), `lib${name}.${extensions[i % extensions.length] as string}`), ''));
  mkdirSync(at('other libs'), { recursive: true });
  writeFileSync(join(at('other libs'), 'libbz2.txt'), '');
  mkdirSync(at('empty'), { recursive: true });
  return {
    holding: [['-F', at('frame works')], ['-F', at('more')], ['-L', at('libs')]],
    frameworks: [at('frame works'), at('more'), at('empty'), at('missing'), at('libs'), ''],
    libraries: [at('libs'), at('other libs'), at('empty'), at('missing'), at('frame works'), ''],
  };
}

/** A -F or -L flag and its directory, as one argument or two. */
const dirArgs = (g: Gen, flag: string, dir: string): string[] => (g.chance(0.5) ? [flag, dir] : [`${flag}${dir}`]);

/** A framework flag and its name, as two arguments or one `-Wl,` argument. */
const frameworkArgs = (g: Gen, name: string): string[] => (g.chance(0.7) ? [g.pick(FRAMEWORK_FLAGS), name] : [`-Wl,${g.pick(FRAMEWORK_FLAGS)},${name}`]);

/** One link argument: a -F or -L directory, a framework, a library, each of any kind. */
function linkArgument(g: Gen, dirs: LinkDirs): string[] {
  switch (g.int(6)) {
    case 0:
      return dirArgs(g, '-F', g.pick(dirs.frameworks));
    case 1:
      return dirArgs(g, '-L', g.pick(dirs.libraries));
    case 2:
    case 3:
      return frameworkArgs(g, g.chance(0.9) ? g.pick(FRAMEWORKS) : g.text(6));
    default:
      return [`-l${g.pick(LIBRARIES)}`];
  }
}

/**
 * A macOS link line. A complete one names the directories that hold what it links (among others),
 * so its link check passes; any other one links what it likes, and mostly stops.
 */
function linkLine(g: Gen, dirs: LinkDirs, complete: boolean): string[] {
  const parts: string[][] = [];
  if (complete) parts.push(...dirs.holding.map(([flag, dir]) => dirArgs(g, flag as string, dir as string)));
  for (let n = 1 + g.int(10); n > 0; n--) {
    const r = g.rnd();
    if (!complete && r < 0.6) parts.push(linkArgument(g, dirs));
    else if (r < 0.3) parts.push(frameworkArgs(g, g.pick(FOUND_FRAMEWORKS)));
    else if (r < 0.5) parts.push([`-l${g.pick(FOUND_LIBRARIES)}`]);
    else if (r < 0.6) parts.push(dirArgs(g, g.pick(['-F', '-L']), g.pick([...dirs.frameworks, ...dirs.libraries])));
    else parts.push([g.pick(['a.o', '/t/lib x.rlib', '-o', 'out', '-dynamiclib', '-Wl,-dead_strip', '-lSystem', '-arch', 'arm64'])]);
  }
  // Shuffled: a directory may come after what it holds.
  for (let i = parts.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [parts[i], parts[j]] = [parts[j] as string[], parts[i] as string[]];
  }
  return parts.flat();
}

/**
 * A vector that is a macOS link line, part of it (or all) in rustc's response file, which may
 * split a flag from its operand.
 */
function linkVector(g: Gen, dirs: LinkDirs, rsp: string): string[] {
  const line = linkLine(g, dirs, g.chance(0.6));
  if (g.chance(0.6)) return line;
  const at = g.int(line.length + 1);
  const end = at + g.int(line.length - at + 1);
  mkdirSync(join(rsp, '..'), { recursive: true });
  writeFileSync(rsp, Buffer.from(line.slice(at, end).map((a) => `${rspEscape(a.replaceAll('\n', ''))}\n`).join(''), 'latin1'));
  return [...line.slice(0, at), `@${rsp}`, ...line.slice(end)];
}

export interface Vector {
  readonly args: string[];
}

/**
 * `count` vectors for the rules of `ctx`; response files go to `dir`/<index>/linker-arguments.
 * Call rules are rare (they end the call at once), so most vectors reach the rewrite rules.
 */
export function vectors(g: Gen, ctx: RuleContext, count: number, dir: string): Vector[] {
  const patterns = RULES.filter((r) => r.applies(ctx)).flatMap((r) => r.patterns);
  const calls = CALL_RULES.filter((r) => r.applies(ctx)).flatMap((r) => r.patterns.map((p) => instance(g, p)));
  const dirs = linkDirs(join(dir, 'link dirs'));
  const out: Vector[] = [];
  for (let i = 0; i < count; i++) {
    // Some vectors are macOS link lines, whose link checks pass about as often as they stop.
    if (g.chance(0.15)) {
      out.push({ args: linkVector(g, dirs, join(dir, String(i), 'link', 'linker-arguments')) });
      continue;
    }
    const args: string[] = [];
    for (let n = g.int(g.chance(0.03) ? 200 : 10); n > 0; n--) {
      if (calls.length > 0 && g.chance(0.01)) args.push(g.pick(calls));
      else if (g.chance(0.04)) {
        const rsp = join(dir, String(i), `${args.length}`, 'linker-arguments');
        if (g.chance(0.95)) {
          mkdirSync(join(rsp, '..'), { recursive: true });
          const lines = Array.from({ length: g.int(30) }, () =>
            g.chance(0.1) ? linkArgument(g, dirs).map((a) => rspEscape(a.replaceAll('\n', ''))) : [argument(g, patterns).replaceAll('\n', g.pick(['', '\\n', ' ']))],
          )
            .flat()
            .map((l) => l.replaceAll('\0', ''));
          writeFileSync(rsp, Buffer.from(lines.join('\n') + (g.chance(0.8) ? '\n' : ''), 'latin1'));
        }
        args.push(`@${rsp}`);
      } else if (g.chance(0.06)) args.push(...linkArgument(g, dirs));
      else args.push(argument(g, patterns));
    }
    out.push({ args: args.map((a) => a.replaceAll('\0', '')) });
  }
  return out;
}

/** How rustc writes an argument into its response file: `\` and space escaped. */
const rspEscape = (s: string): string => s.replace(/[\\ ]/g, (m) => `\\${m}`);

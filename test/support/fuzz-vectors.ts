// Random argument vectors for the shim fuzz test, from a seeded generator: arguments that rules
// rewrite (instances of every pattern of the target's rules, CPU flags valid and broken), hostile
// bytes (quotes, `$`, backticks, globs, newlines, invalid UTF-8, empty strings), very long
// arguments, `@file` arguments and rustc-style response files. Strings are latin1 (one byte each).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARM_FPU_FEATURES, CALL_RULES, RULES, type RuleContext } from '../../src/shims/rules.ts';

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
  const out: Vector[] = [];
  for (let i = 0; i < count; i++) {
    const args: string[] = [];
    for (let n = g.int(g.chance(0.03) ? 200 : 10); n > 0; n--) {
      if (calls.length > 0 && g.chance(0.01)) args.push(g.pick(calls));
      else if (g.chance(0.04)) {
        const rsp = join(dir, String(i), `${args.length}`, 'linker-arguments');
        if (g.chance(0.95)) {
          mkdirSync(join(rsp, '..'), { recursive: true });
          const lines = Array.from({ length: g.int(30) }, () => argument(g, patterns).replaceAll('\n', g.pick(['', '\\n', ' ']))).map((l) => l.replaceAll('\0', ''));
          writeFileSync(rsp, Buffer.from(lines.join('\n') + (g.chance(0.8) ? '\n' : ''), 'latin1'));
        }
        args.push(`@${rsp}`);
      } else args.push(argument(g, patterns));
    }
    out.push({ args: args.map((a) => a.replaceAll('\0', '')) });
  }
  return out;
}

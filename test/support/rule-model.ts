// An independent model of what a compiler shim does with a call: the rule table's semantics
// written again in TypeScript, sharing no code with the generators (src/shims/render-*.ts) or the
// templates (shims/*), so that the fuzz test can check both shims against it. It reads only the
// table's data. Strings here are latin1: one character per byte, so any byte sequence round-trips.

import { existsSync, readFileSync } from 'node:fs';
import { LIBRARIES_WITHOUT_STUB } from '../../src/macos/system-libraries.ts';
import {
  AARCH64_FEATURE_RENAMES,
  ARM_FPU_FEATURES,
  CALL_RULES,
  DASHED_CPU_PATTERNS,
  FRAMEWORK_FLAGS,
  RISCV_LETTER_EXPANSIONS,
  RISCV_LIMITS,
  RULES,
  type Rule,
  type RuleContext,
} from '../../src/shims/rules.ts';
import { zigCpu } from '../../src/target/cpu.ts';
import type { ResolvedTarget } from '../../src/target/parse.ts';

export interface ModelShim {
  readonly target: ResolvedTarget;
  readonly zigVersion: string;
  readonly role: 'cc' | 'c++';
  readonly siteArgs: readonly string[];
}

export interface ModelResult {
  /** The shim's exit status (the recording zig exits 0). */
  readonly status: number;
  /** What zig receives after argv[0], or undefined when zig does not run. */
  readonly call: readonly string[] | undefined;
  /** Contents of the response-file copies the shim writes, by path (only when status is 0). */
  readonly copies: ReadonlyMap<string, string>;
  /** What stderr starts with when zig does not run. */
  readonly stderrPrefix?: string;
}

/** An sh `case` pattern as a regular expression over latin1 text. */
function patternRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i] as string);
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}
const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, (m) => `\\${m}`);
const cache = new Map<string, RegExp>();
function matches(patterns: readonly string[], arg: string): boolean {
  return patterns.some((p) => {
    let re = cache.get(p);
    if (!re) cache.set(p, (re = patternRegExp(p)));
    return re.test(arg);
  });
}

/** Added to `hits` by modelCall when a link check finds everything, and when it stops the call. */
export const LINK_CHECK_PASSED = 'link check: found';
export const LINK_CHECK_REFUSED = 'link check: refused';

/** The shim refuses the call: it exits 1 with this message, and zig does not run. */
class Refusal extends Error {}

/**
 * What a shim for `shim` (macOS: one made without an SDK) does with `argv`, reading response files
 * and looking for -F/-L directories' contents on disk. The ids of the rules that matched an
 * argument are added to `hits`, and the outcome of a link check.
 */
export function modelCall(shim: ModelShim, argv: readonly string[], hits: Set<string> = new Set()): ModelResult {
  const spec = shim.target.spec;
  const ctx: RuleContext = { spec, glibc: shim.target.glibc, zigVersion: shim.zigVersion };
  const cpu = zigCpu(spec.cpu, shim.zigVersion);
  const baked = (targeted: boolean): string[] => ['-target', targeted ? shim.target.zigTarget : spec.zig, ...(cpu ? [`-mcpu=${cpu}`] : []), '-fno-sanitize=undefined'];

  // Whole-call rules: the first argument that matches one decides.
  const callRules = CALL_RULES.filter((r) => r.applies(ctx));
  for (const a of argv) {
    const rule = callRules.find((r) => matches(r.patterns, a));
    if (!rule) continue;
    hits.add(rule.id);
    if (rule.effect === 'fail') return { status: 1, call: undefined, copies: new Map(), stderrPrefix: `tszig: ${a}: zig cc is not an MSVC-style compiler` };
    return { status: 0, call: [shim.role, ...baked(false), ...argv, ...shim.siteArgs], copies: new Map() };
  }

  const rules = RULES.filter((r) => r.applies(ctx));
  const base = cpu ?? (spec.zig === 'aarch64-macos' ? 'apple_m1' : 'generic');
  const matched = (rule: Rule): void => void hits.add(rule.id);
  const helpers = new Helpers(base, shim.role === 'c++' ? 'c++' : 'c', argv.some((a) => a.startsWith('-x')));
  const copies = new Map<string, string>();
  /** The lines of each response-file copy, by path (the last copy written to a path counts). */
  const copyLines = new Map<string, string[]>();
  const out: string[] = [];
  const state: State = {};
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] as string;
      helpers.prev = i > 0 ? (argv[i - 1] as string) : '';
      const rsp = /^@[\s\S]*linker-arguments$/.test(a);
      if (state.join && !rsp) {
        if (!state.join.drop) out.push(joined(state.join, a));
        state.join = undefined;
        continue;
      }
      if (rsp) {
        const path = a.slice(1);
        let text: string;
        try {
          text = readFileSync(path).toString('latin1');
        } catch {
          throw new Refusal('tszig: cannot rewrite linker response file');
        }
        const lines = text.split('\n');
        if (lines.at(-1) === '') lines.pop();
        const copy: string[] = [];
        for (const line of lines) {
          if (state.join) {
            if (!state.join.drop) copy.push(joined(state.join, line));
            state.join = undefined;
          } else copy.push(...apply(rules, helpers, state, line, true, matched));
        }
        copies.set(`${path}.tszig`, copy.map((l) => `${l}\n`).join(''));
        copyLines.set(`${path}.tszig`, copy);
        out.push(`@${path}.tszig`);
      } else out.push(...apply(rules, helpers, state, a, false, matched));
    }
  } catch (err) {
    if (err instanceof Refusal) return { status: 1, call: undefined, copies: new Map(), stderrPrefix: err.message };
    throw err;
  }
  if (state.join) out.push(state.join.flag);
  const call = [...baked(true), ...out, ...shim.siteArgs];
  if (helpers.linkCheck) {
    const refusal = linkCheck(call, copyLines, spec.rust);
    // Both outcomes count as reached (the fuzz test wants each).
    hits.add(refusal === undefined ? LINK_CHECK_PASSED : LINK_CHECK_REFUSED);
    if (refusal !== undefined) return { status: 1, call: undefined, copies: new Map(), stderrPrefix: refusal };
  }
  return { status: 0, call: [shim.role, ...call], copies };
}

/**
 * The link check (helper link_check, macOS without an SDK), run on the final call once a link-check
 * rule matched anywhere in it: every framework it names must be a `<name>.framework` in one of its
 * -F directories, every library without a stub a `lib<name>.{tbd,dylib,a,so}` in one of its -L
 * directories, or zig does not run. Arguments are read in order, with rustc's response file (the
 * shim's copy, `@….linker-arguments.tszig`) read in place, line by line without rustc's escapes;
 * a flag whose operand is the next argument (`-F dir`, `-framework Foo`) takes whatever comes next.
 * Returns the whole stderr of a refused call: one line per missing framework, then per missing
 * library (each name once, in the order of the call), then the hint; undefined when all are found.
 */
function linkCheck(call: readonly string[], copyLines: ReadonlyMap<string, readonly string[]>, target: string): string | undefined {
  const dirs = { F: [] as string[], L: [] as string[] };
  const frameworks: string[] = [];
  const libraries: string[] = [];
  let operand: string[] | undefined;
  const note = (a: string): void => {
    if (operand) {
      operand.push(a);
      operand = undefined;
    } else if (a === '-F' || a === '-L') operand = dirs[a[1] as 'F' | 'L'];
    else if (a.startsWith('-F') || a.startsWith('-L')) dirs[a[1] as 'F' | 'L'].push(a.slice(2));
    else if (FRAMEWORK_FLAGS.includes(a)) operand = frameworks;
    else if (FRAMEWORK_FLAGS.some((f) => a.startsWith(`-Wl,${f},`))) frameworks.push(a.slice(a.indexOf(',', 4) + 1));
    else if (a.startsWith('-l') && Object.hasOwn(LIBRARIES_WITHOUT_STUB, a.slice(2))) libraries.push(a.slice(2));
  };
  for (const a of call) {
    if (!/^@[\s\S]*linker-arguments\.tszig$/.test(a)) {
      note(a);
      continue;
    }
    for (const line of copyLines.get(a.slice(1)) ?? fileLines(a.slice(1))) note(rspUnescape(line));
  }
  // Paths are bytes: the latin1 string as a Buffer, joined with `/` as given (an empty directory is `/`).
  const found = (ds: readonly string[], files: readonly string[]): boolean => ds.some((d) => files.some((f) => existsSync(Buffer.from(`${d}/${f}`, 'latin1'))));
  const messages = [
    ...[...new Set(frameworks)]
      .filter((name) => !found(dirs.F, [`${name}.framework`]))
      .map((name) => `tszig: cannot link framework ${name} for ${target}: zig brings no macOS frameworks, and no -F directory of this call has it\n`),
    ...[...new Set(libraries)]
      .filter((name) => !found(dirs.L, ['tbd', 'dylib', 'a', 'so'].map((ext) => `lib${name}.${ext}`)))
      .map((name) => `tszig: cannot link -l${name} for ${target}: macOS has lib${name}, but tszig has no stub for it, and no -L directory of this call has it\n`),
  ];
  if (messages.length === 0) return undefined;
  return `${messages.join('')}tszig: hint: set SDKROOT to a macOS SDK (or sdk = "<path>" under [target.${target}] in tszig.toml)\n`;
}

/** The lines of a file that is no copy of this call's (none when it cannot be read). */
function fileLines(path: string): string[] {
  let lines: string[];
  try {
    lines = readFileSync(Buffer.from(path, 'latin1')).toString('latin1').split('\n');
  } catch {
    return [];
  }
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A gcc-style response-file line read back: `\` takes the next character literally; a `\` at the end goes. */
const rspUnescape = (line: string): string => line.replace(/\\([\s\S]?)/g, '$1');

/** gcc-style response-file text: `\` and space escaped. */
const rspEscape = (s: string): string => s.replace(/[\\ ]/g, (m) => `\\${m}`);

interface Join {
  readonly prefix: string;
  /** Removed from the start of the next argument, when it starts with it. */
  readonly strip: string;
  readonly drop: boolean;
  /** The joining flag, passed on as it is when nothing follows it. */
  readonly flag: string;
}

interface State {
  join?: Join;
}

/** The argument a pending join takes, joined: the prefix, then the argument without its `strip`. */
const joined = (join: Join, a: string): string => join.prefix + (join.strip !== '' && a.startsWith(join.strip) ? a.slice(join.strip.length) : a);

function apply(rules: readonly Rule[], helpers: Helpers, state: State, a: string, inRsp: boolean, matched: (rule: Rule) => void): string[] {
  const rule = rules.find((r) => matches(r.patterns, a));
  if (!rule) return [a];
  matched(rule);
  const literal = (s: string): string => (inRsp ? rspEscape(s) : s);
  const action = rule.action;
  switch (action.kind) {
    case 'keep':
      return [a];
    case 'drop':
      return [];
    case 'replace':
      return action.args.map(literal);
    case 'append':
      return [a, ...action.args.map(literal)];
    case 'rewrite':
      return [literal(action.prefix) + (a.startsWith(action.strip) ? a.slice(action.strip.length) : a)];
    case 'join-next':
      state.join = { prefix: action.prefix, strip: action.strip ?? '', drop: false, flag: a };
      return [];
    case 'drop-next':
      state.join = { prefix: '', strip: '', drop: true, flag: a };
      return [];
    case 'helper':
      return helpers.run(action.helper, a);
  }
}

/** The rule helpers: zig's spellings of CPU flags, stdin's language, and macOS link checks. */
class Helpers {
  prev = '';
  /** A link_check rule matched: the final call is checked before zig runs (linkCheck). */
  linkCheck = false;
  constructor(
    private readonly base: string,
    private readonly stdinLang: string,
    private readonly hasLang: boolean,
  ) {}

  run(helper: string, a: string): string[] {
    switch (helper) {
      case 'cpu_name':
        return [this.cpuName(a)];
      case 'aarch64_cpu':
        return [this.aarch64Cpu(a)];
      case 'aarch64_march':
        return this.aarch64March(a);
      case 'riscv_march':
        return [this.riscvMarch(a)];
      case 'arm_fpu':
        return [this.armFpu(a)];
      case 'stdin_lang':
        return this.hasLang || ['-o', '-MF', '-MT', '-MQ'].includes(this.prev) || this.prev.startsWith('-X') ? [a] : ['-x', this.stdinLang, a];
      case 'link_check':
        this.linkCheck = true;
        return [a];
    }
    throw new Error(`the model has no helper ${helper}`);
  }

  private cpuBase(name: string): string {
    return matches(DASHED_CPU_PATTERNS, name) ? name.replaceAll('-', '_') : name;
  }

  private cpuName(a: string): string {
    const eq = a.indexOf('=');
    let cpu = this.cpuBase(a.slice(eq + 1));
    if (/^power[0-9]/.test(cpu)) cpu = `pwr${cpu.slice(5)}`;
    else if (cpu === 'powerpc64le') cpu = 'ppc64le';
    else if (cpu === 'powerpc64') cpu = 'ppc64';
    return `${a.slice(0, eq)}=${cpu}`;
  }

  private features(extensions: readonly string[]): string {
    let out = '';
    for (let e of extensions) {
      if (e === '' || e === 'none') continue;
      let sign = '+';
      if (e.length > 2 && e.startsWith('no')) {
        sign = '-';
        e = e.slice(2);
      }
      if (Object.hasOwn(AARCH64_FEATURE_RENAMES, e)) e = AARCH64_FEATURE_RENAMES[e] as string;
      out += sign + e.replaceAll('-', '_');
    }
    return out;
  }

  private aarch64Cpu(a: string): string {
    const eq = a.indexOf('=');
    const [cpu = '', ...extensions] = a.slice(eq + 1).split('+');
    return `${a.slice(0, eq)}=${this.cpuBase(cpu)}${this.features(extensions)}`;
  }

  private aarch64March(a: string): string[] {
    const [version = '', ...extensions] = a.slice('-march=armv'.length).split('+');
    return [`-mcpu=${this.base}+v${version.replaceAll('-', '').replaceAll('.', '_')}${this.features(extensions)}`, '-Xassembler', a];
  }

  private armFpu(a: string): string {
    const fpu = a.slice('-mfpu='.length);
    if (!Object.hasOwn(ARM_FPU_FEATURES, fpu)) return a;
    const core = this.base
      .split(/(?=[+-])/)
      .filter((f, i) => i === 0 || !/^[+-](vfp\w*|neon|d32|fp16|fullfp16|fp64|fp_armv8\w*|crypto|aes|sha2)$/.test(f))
      .join('');
    return `-mcpu=${core}${ARM_FPU_FEATURES[fpu] as string}`;
  }

  private riscvMarch(a: string): string {
    const refuse = (why: string): never => {
      throw new Refusal(`tszig: cannot map ${a} to zig CPU features: ${why}`);
    };
    if (!a.startsWith('-march=rv64')) refuse('the target is 64-bit RISC-V');
    const parts = a.slice('-march=rv64'.length).split('_');
    if (!/^[ieg]/.test(parts[0] as string)) refuse('the base ISA');
    const digitsMax = RISCV_LIMITS.versionDigits;
    const features: string[] = [];
    const multi = (t: string): void => {
      if (/[^a-z0-9]/.test(t)) refuse('extension names are lower-case letters and digits');
      const minor = (/[0-9]*$/.exec(t) as RegExpExecArray)[0];
      if (minor.length > digitsMax) refuse('a version number has too many digits');
      let name = t.slice(0, t.length - minor.length);
      if (minor.length > 0 && /[0-9]p$/.test(name)) {
        name = name.slice(0, -1);
        const major = (/[0-9]*$/.exec(name) as RegExpExecArray)[0];
        if (major.length > digitsMax) refuse('a version number has too many digits');
        name = name.slice(0, name.length - major.length);
      }
      features.push(`+${name}`);
    };
    const letters = (t: string): void => {
      if (t.length > RISCV_LIMITS.singleLetterRun) refuse('a run of single-letter extensions is longer than');
      const digits = (from: number): number => {
        let n = 0;
        while (/[0-9]/.test(t[from + n] ?? '')) n++;
        if (n > digitsMax) refuse('a version number has too many digits');
        return n;
      };
      for (let i = 0; i < t.length; ) {
        const c = t[i] as string;
        if ('zsx'.includes(c)) return multi(t.slice(i));
        if (!/[a-z]/.test(c)) refuse('an extension starts with a lower-case letter');
        i++;
        const expansion = RISCV_LETTER_EXPANSIONS[c];
        features.push(expansion ? expansion.map((f) => `+${f}`).join('') : `+${c}`);
        const major = digits(i);
        i += major;
        if (major > 0 && t[i] === 'p' && /[0-9]/.test(t[i + 1] ?? '')) i += 1 + digits(i + 1);
      }
    };
    for (const t of parts) {
      if (t === '') continue;
      if ('zsx'.includes(t[0] as string)) multi(t);
      else letters(t);
    }
    return `-mcpu=${this.base}${features.join('')}`;
  }
}

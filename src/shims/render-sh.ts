// Renders the POSIX sh shims for one target from the templates and the rule table.

import { createHash } from 'node:crypto';
import type { ResolvedTarget } from '../target/parse.js';
import { zigCpu } from '../target/cpu.js';
import { CacheDirError } from '../errors.js';
import { LIBRARIES_WITHOUT_STUB } from '../macos/system-libraries.js';
import {
  AARCH64_FEATURE_RENAMES,
  ARM_FPU_FEATURES,
  DASHED_CPU_PATTERNS,
  helperConstants,
  HELPER_DEPS,
  RISCV_LETTER_EXPANSIONS,
  RISCV_LIMITS,
  rulesFor,
  type Action,
  type CallRule,
  type HelperConstants,
  type Rule,
  type RuleContext,
  type RuleSet,
} from './rules.js';
import { rspEscape, shQuote, shWords } from './sh-quote.js';
import { helperSections, template } from './templates.js';

export type ShimRole = 'cc' | 'c++' | 'ar' | 'ranlib' | 'dlltool';

export interface ShimInput {
  readonly role: ShimRole;
  readonly target: ResolvedTarget;
  readonly zigVersion: string;
  /**
   * The zig the shim runs. Compiler shims read it (with zigCacheDir and the site arguments) from
   * their site file at run time, so their own content stays the same on every machine; the tool
   * shims (ar, ranlib, dlltool) bake it in.
   */
  readonly zigPath: string;
  /** Default ZIG_GLOBAL_CACHE_DIR for compiler calls (a user's own value wins at run time). */
  readonly zigCacheDir: string;
  /** macOS: SDKROOT when the shims were made; its headers, libraries and frameworks are added. */
  readonly sdkRoot?: string | undefined;
  /**
   * Machine-specific arguments appended after the caller's on every compiler call (a sysroot's
   * include and library directories, stub directories, prefix maps). They go to the site file.
   */
  readonly siteArgs?: readonly string[] | undefined;
  /**
   * The site arguments with machine paths replaced by fixed names (see portable-site.ts). Their
   * digest is part of the compiler shim's own bytes, so compiler caches that hash the shim
   * (sccache) see what the site file changes; default: the site arguments as they are.
   */
  readonly portableSite?: readonly string[] | undefined;
}

/** The site file format the shims understand; bump it when the layout changes. */
export const SITE_FORMAT = '1';

/** Pattern of rustc's linker response file argument (rust-lang/rust#41190). */
const RUSTC_RSP_PATTERN = '@*linker-arguments';

const ZIG_TOOL: Readonly<Record<ShimRole, string>> = { cc: 'cc', 'c++': 'c++', ar: 'ar', ranlib: 'ranlib', dlltool: 'dlltool' };

/** Flags baked into every compiler call: the target, its CPU, and gcc-like sanitizer defaults. */
export function bakedArgs(input: Pick<ShimInput, 'target' | 'zigVersion'>, withGlibc = true): string[] {
  const { target } = input;
  const cpu = zigCpu(target.spec.cpu, input.zigVersion);
  return [
    '-target',
    withGlibc ? target.zigTarget : target.spec.zig,
    ...(cpu ? [`-mcpu=${cpu}`] : []),
    // zig turns on UBSan for unoptimized C, unlike gcc and clang; C dependencies would then trap
    // where they do not elsewhere. Baked into compile and link alike: a link with this flag omits
    // zig's UBSan runtime, so every object must be built without instrumentation.
    '-fno-sanitize=undefined',
  ];
}

/** The machine-specific arguments a compiler shim appends to every call (its site file's tail). */
export function siteArgs(input: Pick<ShimInput, 'target' | 'sdkRoot' | 'siteArgs'>): string[] {
  const sdkRoot = input.sdkRoot;
  const sdk =
    input.target.spec.os === 'macos' && sdkRoot
      ? [
          // zig ships libSystem only; a real SDK brings the rest (frameworks, libiconv, …).
          ['-isystem', `${sdkRoot}/usr/include`],
          [`-L${sdkRoot}/usr/lib`, `-F${sdkRoot}/System/Library/Frameworks`],
          ['-iframework', `${sdkRoot}/System/Library/Frameworks`, '-DTARGET_OS_IPHONE=0'],
        ].flat()
      : [];
  return [...sdk, ...(input.siteArgs ?? [])];
}

/**
 * The site file of a compiler shim: the format line, zig's path, zig's cache directory, then one
 * site argument per line. Values cannot hold a newline (the shims read lines).
 */
export function renderSite(input: ShimInput): string {
  const lines = [input.zigPath, input.zigCacheDir, ...siteArgs(input)];
  for (const value of lines) {
    if (/[\n\r\0]/.test(value)) {
      throw new CacheDirError(
        `${JSON.stringify(value)} holds a line break, which tszig's compiler shims cannot pass on`,
        'use paths without line breaks for TSZIG_CACHE_DIR, ZIG_GLOBAL_CACHE_DIR, the zig binary and SDKROOT',
      );
    }
  }
  if (input.zigCacheDir.includes('%')) {
    throw new CacheDirError(
      `zig's cache directory ${input.zigCacheDir} has a % in its path, with which zig's linker cannot write its C library stubs ("cannot open output file")`,
      'set ZIG_GLOBAL_CACHE_DIR (or TSZIG_CACHE_DIR) to a path without %',
    );
  }
  return `${[`tszig-site ${SITE_FORMAT}`, ...lines].join('\n')}\n`;
}

/**
 * What a compiler shim is, in one line: role, target (with its glibc suffix), zig version, rule set
 * and site digest. Both kinds of shim carry it in their bytes (see ShimInput.portableSite).
 */
export function shimIdentity(input: ShimInput): string {
  return `${input.role} for ${input.target.input}, zig ${input.zigVersion}, rule set ${ruleSetId(rulesFor(ruleContext(input)))}, site ${siteDigest(input)}`;
}

/** A short digest of the machine-independent site arguments. */
export function siteDigest(input: Pick<ShimInput, 'target' | 'sdkRoot' | 'siteArgs' | 'portableSite'>): string {
  const args = input.portableSite ?? siteArgs(input);
  return createHash('sha256').update(args.join('\n')).digest('hex').slice(0, 12);
}

export function renderShim(input: ShimInput): string {
  const header = (text: string): string =>
    text
      .replaceAll('@ROLE@', input.role)
      .replaceAll('@TARGET@', input.target.input)
      .replaceAll('@ZIG_VERSION@', input.zigVersion)
      .replaceAll('@ZIG_TOOL@', ZIG_TOOL[input.role])
      .replaceAll('@SITE_FORMAT@', SITE_FORMAT)
      .replaceAll("'@ZIG@'", shQuote(input.zigPath));

  if (input.role !== 'cc' && input.role !== 'c++') return header(template('tool.sh'));

  const ctx = ruleContext(input);
  const set = rulesFor(ctx);
  const baked = shWords(bakedArgs(input));
  const untargeted = shWords(bakedArgs(input, false));
  const zigTool = ZIG_TOOL[input.role];

  let text = header(template('cc.sh'))
    .replace('@RULESET@', ruleSetId(set))
    .replace('@SITE_DIGEST@', siteDigest(input))
    .replace('@STDIN_LANG@', stdinLanguage(input.role))
    .replaceAll('@BAKED@', baked);

  text = replaceMarker(text, '@CALL_ARMS@', set.callRules.map((r) => callArm(r, zigTool, untargeted)).join('\n'));
  text = replaceMarker(text, '@TRIGGER_ARMS@', triggerArms(set));
  text = replaceMarker(text, '@HELPERS@', helpersFor(set.rules, helperConstants(ctx)));
  text = replaceMarker(text, '@RSP@', rspFunction(set.rules));
  text = replaceMarker(text, '@ARGV_ARMS@', [...set.rules.map((r) => ruleArm(r, 'argv')), rspArm()].join('\n'));
  const linkCheck = set.rules.some((r) => r.action.kind === 'helper' && r.action.helper === 'link_check');
  text = replaceMarker(text, '@BEFORE_EXEC@', linkCheck ? '[ -z "$tszig_check" ] || tszig_check_links "$@"' : '');
  return text.replaceAll('@LINK_TARGET@', shQuote(input.target.spec.rust));
}

/** What decides a shim's rules: its target, the zig it runs, and (macOS) whether an SDK is given. */
export function ruleContext(input: Pick<ShimInput, 'target' | 'zigVersion' | 'sdkRoot'>): RuleContext {
  return { spec: input.target.spec, glibc: input.target.glibc, zigVersion: input.zigVersion, sdk: Boolean(input.sdkRoot) };
}

/** How a bare `-` (source on stdin) is read when a call gives no `-x`: as its role's language. */
export function stdinLanguage(role: ShimRole): 'c' | 'c++' {
  return role === 'c++' ? 'c++' : 'c';
}

/** A short id of the rules in a shim, shown in its header. */
export function ruleSetId(set: RuleSet): string {
  const ids = [...set.callRules.map((r) => r.id), ...set.rules.map((r) => r.id)].join(',');
  return createHash('sha256').update(ids).digest('hex').slice(0, 8);
}

/** Replaces the line `  # MARKER` with `body` (removing the line when body is empty). */
function replaceMarker(text: string, marker: string, body: string): string {
  const re = new RegExp(`^[ \\t]*# ${marker}\\n`, 'm');
  if (!re.test(text)) throw new Error(`template marker ${marker} missing`);
  return text.replace(re, () => (body === '' ? '' : `${body}\n`));
}

function comment(why: string, indent: string): string {
  return wrap(why, 96 - indent.length)
    .map((line) => `${indent}# ${line}`)
    .join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function callArm(rule: CallRule, zigTool: string, untargeted: string): string {
  const body =
    rule.effect === 'fail'
      ? `printf 'tszig: %s: zig cc is not an MSVC-style compiler\\n' "$a" >&2\n    exit 1`
      : `[ -z "$tszig_xrefs" ] || eval "set -- \\"\\$@\\"$tszig_xrefs"\n    tszig_locale\n    exec "$tszig_zig" ${zigTool} ${untargeted} "$@"`;
  return `${comment(rule.why, '  ')}\n  ${rule.patterns.join('|')})\n    ${body}\n    ;;`;
}

function triggerArms(set: RuleSet): string {
  const patterns = [...new Set([...set.rules.flatMap((r) => r.patterns), RUSTC_RSP_PATTERN])];
  const arms: string[] = [];
  // Most link arguments are paths; when every rule pattern starts with `-` or `@`, one cheap arm
  // settles every other argument without trying the rule patterns.
  if (patterns.every((p) => p.startsWith('-') || p.startsWith('@'))) arms.push('  [!-@]*) ;;');
  arms.push(`  ${patterns.join('|')}) tszig_rw=1 ;;`);
  // No rule pattern starts with -x (rules.test.ts), so this arm never hides a rule.
  arms.push('  -x*) tszig_lang=1 ;;');
  return arms.join('\n');
}

function ruleArm(rule: Rule, mode: 'argv' | 'rsp'): string {
  const arm = `${rule.patterns.join('|')})${actionCode(rule.action, mode)} ;;`;
  // Reasons are written once, next to the argv arms; the response-file arms repeat the patterns.
  return mode === 'argv' ? `${comment(`${rule.id}: ${rule.why}`, '  ')}\n  ${arm}` : `    ${arm}`;
}

function actionCode(action: Action, mode: 'argv' | 'rsp'): string {
  const emit = (quotedValue: string): string =>
    mode === 'argv' ? `tszig_push ${quotedValue}` : `printf '%s\\n' ${quotedValue}`;
  switch (action.kind) {
    case 'keep':
      return mode === 'argv' ? ' tszig_ref "\\"\\${$tszig_n}\\""' : ` printf '%s\\n' "$a"`;
    case 'drop':
      return '';
    case 'replace':
      return action.args.length === 0
        ? ''
        : ` ${action.args.map((v) => emit(shQuote(mode === 'rsp' ? rspEscape(v) : v))).join('; ')}`;
    case 'append':
      return `${actionCode({ kind: 'keep' }, mode)}; ${action.args.map((v) => emit(shQuote(mode === 'rsp' ? rspEscape(v) : v))).join('; ')}`;
    case 'rewrite': {
      // The prefix is a literal (single-quoted); the rest of $a follows it unchanged.
      const prefix = action.prefix === '' ? '' : shQuote(mode === 'rsp' ? rspEscape(action.prefix) : action.prefix);
      return ` ${emit(`${prefix}"\${a#${action.strip}}"`)}`;
    }
    case 'join-next':
      return ` tszig_join=${shQuote(action.prefix)} tszig_jstrip=${shQuote(action.strip ?? '')} tszig_jdrop='' tszig_joined=$a`;
    case 'drop-next':
      return ' tszig_join=- tszig_jdrop=1 tszig_joined=$a';
    case 'helper':
      return ` tszig_${action.helper} "$a"`;
  }
}

function rspArm(): string {
  return [
    "  # rustc's linker arguments spill into a response file on long command lines; the same rules",
    '  # apply inside it, on a rewritten copy.',
    `  ${RUSTC_RSP_PATTERN})`,
    '    tszig_rsp "${a#@}"',
    '    tszig_push "@$tszig_out"',
    '    ;;',
  ].join('\n');
}

function rspFunction(rules: readonly Rule[]): string {
  const arms = rules.map((r) => ruleArm(r, 'rsp')).join('\n');
  return replaceMarker(template('rsp.sh').trimEnd() + '\n', '@RSP_ARMS@', arms).trimEnd();
}

/** Fills a helper section's markers: generated `case` arms and the target's constants. */
function fillHelper(code: string, k: HelperConstants): string {
  const arms: Record<string, () => string> = {
    '@DASHED_CPU_ARMS@': () => `  ${DASHED_CPU_PATTERNS.join('|')})\n    tszig_tr "$tszig_cpu" - _\n    tszig_cpu=$tszig_tr_out\n    ;;`,
    '@AARCH64_FEATURE_ARMS@': () =>
      Object.entries(AARCH64_FEATURE_RENAMES)
        .map(([from, to]) => `    ${from}) tszig_e=${to} ;;`)
        .join('\n'),
    '@RISCV_EXPANSION_ARMS@': () =>
      Object.entries(RISCV_LETTER_EXPANSIONS)
        .map(([letter, features]) => `    ${letter}) tszig_sb_add ${shQuote(features.map((f) => `+${f}`).join(''))} ;;`)
        .join('\n'),
    '@LINK_CHECK_LIBS@': () => `  ${Object.keys(LIBRARIES_WITHOUT_STUB).map((n) => `-l${n}`).join(' | ')}) tszig_lc_add lib "\${1#-l}" ;;`,
    '@ARM_FPU_ARMS@': () =>
      Object.entries(ARM_FPU_FEATURES)
        .map(([fpu, features]) => `  ${shQuote(fpu)}) tszig_emit ${shQuote(`-mcpu=${k.ARM_CORE}${features}`)} ;;`)
        .join('\n'),
  };
  for (const [marker, body] of Object.entries(arms)) {
    if (code.includes(marker)) code = replaceMarker(code + '\n', marker, body()).trimEnd();
  }
  const constants: Record<string, string> = {
    AARCH64_BASE: shQuote(k.AARCH64_BASE),
    RISCV_BASE: shQuote(k.RISCV_BASE),
    VERSION_DIGITS: String(RISCV_LIMITS.versionDigits),
    LETTER_RUN: String(RISCV_LIMITS.singleLetterRun),
  };
  return code.replace(/@([A-Z0-9_]+)@/g, (all, name: string) => {
    // The link check names its target in messages; renderShim fills that in for the whole shim.
    if (name === 'LINK_TARGET') return all;
    const value = constants[name];
    if (value === undefined) throw new Error(`shims/helpers.sh: unknown constant ${all}`);
    return value;
  });
}

function helpersFor(rules: readonly Rule[], constants: HelperConstants): string {
  const needed = new Set<string>();
  const add = (name: string): void => {
    if (needed.has(name)) return;
    for (const dep of HELPER_DEPS[name] ?? []) add(dep);
    needed.add(name);
  };
  for (const r of rules) if (r.action.kind === 'helper') add(r.action.helper);
  if (needed.size === 0) return '';

  const sections = helperSections();
  const parts: string[] = [];
  for (const name of needed) {
    const code = sections.get(name);
    if (code === undefined) throw new Error(`helper ${name} missing from shims/helpers.sh`);
    parts.push(fillHelper(code, constants));
  }
  return parts.join('\n\n');
}

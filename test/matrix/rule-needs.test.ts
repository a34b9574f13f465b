// Every rewrite rule on every tested zig: where its `applies` gate is true, the raw argument makes
// that zig fail (or warn) with the message the rule's `why` quotes, and the shim's call succeeds
// (or, for a rule that explains, fails before zig with tszig's message); where the gate is false,
// the raw argument works. A rule applied where zig no longer needs it, or
// missing where zig fails, fails here. zig 0.18's ARM feature renames (src/target/cpu.ts) have no
// release to run here; test/unit/target.test.ts covers them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { materializeShims } from '../../src/shims/materialize.ts';
import { bakedArgs } from '../../src/shims/render-sh.ts';
import { CALL_RULES, RULES, type CallRule, type Rule, type RuleContext } from '../../src/shims/rules.ts';
import { parseTarget, type ResolvedTarget } from '../../src/target/parse.ts';
import { findTarget } from '../../src/target/table.ts';
import { versionAtLeast } from '../../src/target/version.ts';
import { testZigCache } from '../support/toolchain.ts';
import { allTestZigs, type TestZig } from '../support/zig-versions.ts';
import { RULE_VECTORS, type NeedVector, type RuleVector } from './rule-needs.ts';

const ALL: readonly (Rule | CallRule)[] = [...CALL_RULES, ...RULES];

/** An sh `case` pattern as a regular expression (`*`, `?`, `[…]`, and `\` escapes). */
function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') re += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      re += `[${pattern.slice(i + 1, end).replace(/^!/, '^')}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** What zig says without the rule: one phrase, or one of several (the wording changed between versions). */
const phrases = (v: RuleVector): readonly string[] => (typeof v.says === 'string' ? [v.says] : v.says);

/** Whether one of the rule's patterns matches the argument ({work} standing for an absolute path). */
const matches = (rule: Rule | CallRule, arg: string): boolean => rule.patterns.some((p) => globRegExp(p).test(arg.replaceAll('{work}', '/work')));

describe('the rule-need table', () => {
  it('has vectors for every rule and call rule, and each vector holds an argument its rule matches', () => {
    assert.deepEqual(Object.keys(RULE_VECTORS).sort(), ALL.map((r) => r.id).sort());
    for (const rule of ALL) {
      for (const v of RULE_VECTORS[rule.id] ?? []) {
        assert.ok(v.args.some((a) => matches(rule, a)), `${rule.id}: no argument of ${v.args.join(' ')} matches ${rule.patterns.join(' ')}`);
        if (v.effect === 'explains') assert.ok(v.shimSays, `${rule.id}: a rule that explains says what the shim prints (shimSays)`);
      }
    }
  });

  it("quotes in each rule's why what zig says without it", () => {
    for (const rule of ALL) {
      for (const v of RULE_VECTORS[rule.id] ?? []) {
        if (v.effect !== 'answers-no') for (const p of phrases(v)) assert.ok(rule.why.includes(p), `${rule.id}: its why does not quote ${JSON.stringify(p)}`);
      }
    }
  });
});

for (const zig of allTestZigs()) ruleNeeds(zig);

function ruleNeeds(zig: TestZig): void {
  describe(`zig ${zig.version}: each rule applies exactly where this zig needs it`, () => {
    const work = mkdtempSync(join(tmpdir(), `tszig-rule-needs-${zig.version}-`));
    const cacheDir = join(work, 'cache');
    const env = { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() };

    before(() => {
      writeFileSync(join(work, 'x.c'), '#include <stdio.h>\nint f(int a) { return printf("%d", a); }\n');
      writeFileSync(join(work, 'm.c'), 'int main(void) { return 0; }\n');
      writeFileSync(join(work, 'syms.txt'), '_f\n');
      writeFileSync(join(work, 'neon.c'), '#include <arm_neon.h>\nint g(void) { int32x4_t v = vdupq_n_s32(1); return vgetq_lane_s32(v, 0); }\n');
      // __udivti3 comes from compiler-rt; mainCRTStartup is the entry point, so no C runtime is needed.
      writeFileSync(
        join(work, 'nsw.c'),
        'unsigned __int128 d(unsigned __int128 a, unsigned __int128 b) { return a / b; }\nint mainCRTStartup(void) { volatile unsigned __int128 x = d(7, 3); return (int)x; }\n',
      );
      const gnu = parseTarget('x86_64-unknown-linux-gnu.2.17', { glibcMax: undefined, zigVersion: zig.version });
      const r = spawnSync(zig.path, ['cc', ...bakedArgs({ target: gnu, zigVersion: zig.version }), '-c', join(work, 'x.c'), '-o', join(work, 'x.o')], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    });

    const expand = (args: readonly string[]): string[] => args.map((a) => a.replaceAll('{work}', work));
    const raw = (target: ResolvedTarget, args: readonly string[], stdin?: string, cwd = work) =>
      spawnSync(zig.path, ['cc', ...bakedArgs({ target, zigVersion: zig.version }), ...expand(args)], { cwd, env, encoding: 'utf8', input: stdin ?? '' });
    const throughShim = async (target: ResolvedTarget, args: readonly string[], stdin?: string, cwd = work) => {
      const set = await materializeShims({ target, zigPath: zig.path, zigVersion: zig.version, zigCacheDir: testZigCache(), cacheDir, kind: 'sh' });
      return spawnSync(set.cc, expand(args), { cwd, env, encoding: 'utf8', input: stdin ?? '' });
    };
    /**
     * Runs a need vector in a directory of its own (a litter vector looks there), and tells
     * whether zig said (or left) what the vector names.
     */
    const runNeed = async (v: NeedVector, run: typeof raw | typeof throughShim, target: ResolvedTarget) => {
      const cwd = mkdtempSync(join(work, 'cwd-'));
      const r = await run(target, v.args, v.stdin, cwd);
      const said = v.effect === 'litters' ? phrases(v).some((file) => existsSync(join(cwd, file))) : phrases(v).some((p) => r.stderr.includes(p));
      return { status: r.status, stderr: r.stderr, said };
    };
    const VERB = { fails: 'fail, saying', warns: 'warn, saying', explains: 'fail, saying', litters: 'leave', 'answers-no': 'fail' } as const;
    const show = (r: { status: number | null; stderr: string }): string => `exit ${r.status}: ${r.stderr.trim().split('\n').slice(0, 6).join(' | ')}`;

    for (const rule of ALL) {
      it(rule.id, async () => {
        for (const v of RULE_VECTORS[rule.id] ?? []) {
          const what = `${v.target} ${v.args.join(' ')}`;
          const target = resolve(v, zig);
          if (!target) continue; // this zig cannot build for the target at all (refused; see real-zig-suite.ts)
          const ctx: RuleContext = { spec: target.spec, glibc: target.glibc, zigVersion: zig.version };
          const applies = rule.applies(ctx);
          if (v.effect === 'shields') {
            shields(rule, v, target, ctx);
            continue;
          }
          const r = await runNeed(v, raw, target);
          if (!applies) {
            assert.ok(r.status === 0 && !r.said, `${rule.id} is off for ${what}, but zig ${zig.version} needs it: ${show(r)}`);
            continue;
          }
          if (v.effect === 'answers-no') {
            // A shortcut: the rule gives the answer zig gives, without starting zig.
            assert.notEqual(r.status, 0, `${rule.id}: zig ${zig.version} accepts ${what}; the rule's answer differs from zig's`);
          } else {
            const failed = v.effect === 'warns' || v.effect === 'litters' ? r.status === 0 : r.status !== 0;
            assert.ok(failed && r.said, `${rule.id} applies to ${what}, but zig ${zig.version} does not need it (expected it to ${VERB[v.effect]} ${JSON.stringify(v.says)}): ${show(r)}`);
          }
          const fixed = await runNeed(v, throughShim, target);
          if (v.effect === 'answers-no') assert.notEqual(fixed.status, 0, `the shim accepts ${what}`);
          else if (v.effect === 'explains') {
            // zig never ran: its message is missing, tszig's is there.
            assert.ok(
              fixed.status !== 0 && fixed.stderr.includes(v.shimSays ?? '(shimSays)') && !fixed.said,
              `${rule.id}: the shim does not stop ${what} before zig ${zig.version} with ${JSON.stringify(v.shimSays)}: ${show(fixed)}`,
            );
          } else assert.ok(fixed.status === 0 && !fixed.said, `${rule.id} does not cure ${what} on zig ${zig.version}: ${show(fixed)}`);
        }
      });
    }

    /**
     * A keep rule (the argument it matches) or a join-next rule (the argument after it): the later
     * rule would claim that argument here, and its rewrite would break it.
     */
    function shields(rule: Rule | CallRule, v: RuleVector & { effect: 'shields' }, target: ResolvedTarget, ctx: RuleContext): void {
      const later = RULES.find((r) => r.id === v.from);
      assert.ok(later && 'action' in rule, `${rule.id} shields ${v.from}, which is no argument rule`);
      assert.ok(rule.action.kind === 'keep' || rule.action.kind === 'join-next', `${rule.id}: only keep and join-next rules shield`);
      // A keep rule must win the match; a join takes the next argument before any rule sees it.
      if (rule.action.kind === 'keep') assert.ok(RULES.indexOf(rule) < RULES.indexOf(later), `${rule.id} must come before ${v.from} to shield it`);
      const at = v.args.findIndex((a) => matches(rule, a));
      const arg = v.args[rule.action.kind === 'join-next' ? at + 1 : at] ?? '';
      assert.ok(matches(later, arg), `${v.from} does not claim ${arg}: ${rule.id} shields nothing`);
      if (!rule.applies(ctx) || !later.applies(ctx)) return;
      assert.equal(later.action.kind, 'rewrite', `${v.from}: only rewrites can be shielded here`);
      if (later.action.kind !== 'rewrite') return;
      const rewritten = later.action.prefix + arg.slice(later.action.strip.length);
      const r = raw(target, v.args.map((a) => (a === arg ? rewritten : a)));
      assert.ok(r.status !== 0 && r.stderr.includes(v.says), `${v.from}'s rewrite of ${arg} works on zig ${zig.version}: ${rule.id} is not needed (${show(r)})`);
      // (Through the shim the argument reaches zig unchanged: test/shims/fidelity.test.ts.)
    }
  });
}

/** The vector's target for this zig, or undefined when this zig cannot build for it. */
function resolve(v: RuleVector, zig: TestZig): ResolvedTarget | undefined {
  try {
    return parseTarget(v.target, { glibcMax: undefined, zigVersion: zig.version });
  } catch (err) {
    const spec = findTarget(v.target.replace(/\.\d+\.\d+$/, ''));
    if (spec?.zigMin && !versionAtLeast(zig.version, spec.zigMin)) return undefined;
    throw err;
  }
}

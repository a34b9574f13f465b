// The rule table's shape and which rules apply where (their effect is tested by running shims).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AARCH64_FEATURE_RENAMES, ARM_FPU_FEATURES, CALL_RULES, helperConstants, RULES, rulesFor } from '../../src/shims/rules.ts';
import { findTarget, knownTargets } from '../../src/target/table.ts';
import { compareVersions, parseVersion, versionAtLeast } from '../../src/target/version.ts';

/** `glibc: null` means a target without a glibc version. */
const ctx = (rust: string, zigVersion = '0.15.2', glibc: string | null = '2.17') => {
  const spec = findTarget(rust);
  assert.ok(spec, rust);
  return { spec, glibc: glibc ?? undefined, zigVersion };
};
const ids = (rust: string, zigVersion?: string, glibc?: string | null) => {
  const set = rulesFor(ctx(rust, zigVersion, glibc));
  return [...set.callRules.map((r) => r.id), ...set.rules.map((r) => r.id)];
};

describe('rule table', () => {
  it('every rule has an id, a reason and patterns', () => {
    const seen = new Set<string>();
    for (const r of [...RULES, ...CALL_RULES]) {
      assert.match(r.id, /^[a-z0-9-]+$/);
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
      assert.ok(r.why.length > 40, `${r.id}: say why`);
      assert.ok(r.patterns.length > 0);
    }
  });

  it('only rules about input files match arguments not starting with - or @', () => {
    // The sh scan skips such arguments in one step unless a target's rules need them.
    for (const r of RULES) {
      if (r.id === 'musl-crt' || r.id === 'mingw-i686') continue;
      for (const p of r.patterns) assert.match(p, /^[-@]/, `${r.id}: ${p}`);
    }
  });

  it('rewrites strip and prepend plain text (no glob characters, nothing to escape in response files)', () => {
    for (const r of RULES) {
      if (r.action.kind === 'rewrite') {
        assert.match(r.action.strip, /^[A-Za-z0-9,=_.-]+$/, r.id);
        assert.match(r.action.prefix, /^[A-Za-z0-9,=_.-]*$/, r.id);
      }
      if (r.action.kind === 'replace') for (const a of r.action.args) assert.match(a, /^[A-Za-z0-9,=_.:-]+$/, r.id);
    }
  });

  it('family rules apply to their family only', () => {
    assert.ok(ids('x86_64-unknown-linux-musl', '0.15.2', null).includes('musl-crt'));
    assert.ok(!ids('x86_64-unknown-linux-gnu').includes('musl-crt'));
    assert.ok(ids('i686-unknown-linux-musl', '0.15.2', null).includes('ld-emulation-i386'));
    assert.ok(!ids('x86_64-unknown-linux-musl', '0.15.2', null).includes('ld-emulation-i386'));
    for (const t of ['x86_64-pc-windows-gnu', 'i686-pc-windows-gnu', 'aarch64-pc-windows-gnullvm']) {
      assert.ok(ids(t, '0.15.2', null).includes('mingw-libs'), t);
    }
    assert.ok(ids('i686-pc-windows-gnu', '0.15.2', null).includes('mingw-i686'));
    assert.ok(!ids('x86_64-pc-windows-gnu', '0.15.2', null).includes('mingw-i686'));
    assert.ok(ids('aarch64-apple-darwin', '0.15.2', null).includes('apple-exported-symbols'));
    assert.ok(!ids('aarch64-apple-darwin', '0.16.0', null).includes('apple-exported-symbols'));
    assert.ok(ids('aarch64-apple-darwin', '0.16.0', null).includes('apple-dylib'));
  });

  it('arch-specific rules apply only to their arch', () => {
    assert.ok(ids('aarch64-unknown-linux-gnu').includes('aarch64-march'));
    assert.ok(ids('aarch64-unknown-linux-gnu').includes('cortex-a53-erratum'));
    assert.ok(!ids('aarch64-unknown-linux-gnu').includes('cpu-name'));
    assert.ok(ids('armv7-unknown-linux-gnueabihf').includes('arm-march'));
    assert.ok(ids('riscv64gc-unknown-linux-gnu').includes('riscv-march'));
    for (const t of ['x86_64-unknown-linux-gnu', 'powerpc64le-unknown-linux-gnu', 's390x-unknown-linux-gnu']) {
      const got = ids(t);
      assert.ok(!got.includes('aarch64-march') && !got.includes('arm-march') && !got.includes('riscv-march'), t);
      assert.ok(got.includes('cpu-name'), t);
    }
  });

  it('a pattern claimed by an earlier rule is removed from later ones', () => {
    const set = rulesFor(ctx('armv7-unknown-linux-gnueabihf'));
    const cpuName = set.rules.find((r) => r.id === 'cpu-name');
    assert.deepEqual(cpuName?.patterns, ['-mcpu=*']);
    const all = set.rules.flatMap((r) => r.patterns);
    assert.equal(new Set(all).size, all.length);
  });

  it('query-without-glibc applies on every zig with a glibc suffix; --version only before 0.16', () => {
    for (const v of ['0.14.1', '0.15.2', '0.16.0', '0.17.1', '0.18.0-dev.12+abcdef']) {
      assert.ok(ids('x86_64-unknown-linux-gnu', v).includes('query-without-glibc'), v);
      assert.ok(!ids('x86_64-unknown-linux-gnu', v, null).includes('query-without-glibc'), v);
    }
    assert.ok(ids('x86_64-unknown-linux-gnu', '0.15.2').includes('version-without-glibc'));
    assert.ok(ids('x86_64-unknown-linux-gnu', '0.14.1').includes('version-without-glibc'));
    assert.ok(!ids('x86_64-unknown-linux-gnu', '0.16.0').includes('version-without-glibc'));
    assert.ok(!ids('x86_64-unknown-linux-gnu', '0.16.0-dev.1234+abcdef').includes('version-without-glibc'));
    assert.ok(!ids('x86_64-unknown-linux-gnu', '0.15.2', null).includes('version-without-glibc'));
  });

  it('Windows links get compiler-rt back from zig 0.16 on', () => {
    assert.ok(!ids('x86_64-pc-windows-gnu', '0.15.2', null).includes('mingw-compiler-rt'));
    assert.ok(ids('x86_64-pc-windows-gnu', '0.16.0', null).includes('mingw-compiler-rt'));
    assert.ok(ids('aarch64-pc-windows-gnullvm', '0.17.1', null).includes('mingw-compiler-rt'));
    assert.ok(!ids('x86_64-unknown-linux-gnu', '0.17.1').includes('mingw-compiler-rt'));
  });

  it('no rule pattern starts with -x, so the sh scan\'s language arm hides none', () => {
    for (const r of RULES) for (const p of r.patterns) assert.ok(!p.startsWith('-x'), `${r.id}: ${p}`);
  });

  it('every target gets the cc-rs rules', () => {
    for (const spec of knownTargets()) {
      const got = ids(spec.rust);
      for (const id of ['msvc-probe', 'cc-rs-target', 'mtune', 'undefined-long', 'ld-unsupported']) assert.ok(got.includes(id), `${spec.rust} ${id}`);
    }
  });
});

describe('helper constants', () => {
  it('aarch64 -march builds on the table CPU, else zig\'s baseline (apple_m1 on macOS, generic elsewhere)', () => {
    assert.equal(helperConstants(ctx('aarch64-apple-darwin', '0.17.1', null)).AARCH64_BASE, 'apple_m1');
    for (const t of ['aarch64-unknown-linux-gnu', 'aarch64-unknown-linux-musl', 'aarch64-pc-windows-gnullvm', 'aarch64-unknown-freebsd']) {
      assert.equal(helperConstants(ctx(t)).AARCH64_BASE, 'generic', t);
    }
    assert.equal(helperConstants(ctx('riscv64gc-unknown-linux-gnu', '0.15.2', '2.27')).RISCV_BASE, 'generic_rv64+m+a+f+d+c');
  });

  it('the ARM core is the baseline without its FPU features', () => {
    assert.equal(helperConstants(ctx('armv7-unknown-linux-gnueabihf')).ARM_CORE, 'generic+v7a+thumb2');
    assert.equal(helperConstants(ctx('arm-unknown-linux-gnueabihf')).ARM_CORE, 'generic+v6+strict_align');
    assert.equal(helperConstants(ctx('armv7-unknown-linux-gnueabi')).ARM_CORE, 'generic+v7a+thumb2+soft_float');
  });

  it('feature tables hold names the helpers can take as they are', () => {
    // Names are matched exactly (after a `no`) and may not start with `no`; zig's have no dashes.
    for (const [from, to] of Object.entries(AARCH64_FEATURE_RENAMES)) {
      assert.match(from, /^(?!no)[a-z0-9]+$/, from);
      assert.match(to, /^[a-z0-9_]+$/, to);
    }
    for (const [fpu, features] of Object.entries(ARM_FPU_FEATURES)) {
      assert.match(fpu, /^[a-z0-9-]+$/, fpu);
      assert.match(features, /^([+-][a-z0-9_]+)+$/, fpu);
    }
  });
});

describe('versions', () => {
  it('parse and order', () => {
    assert.deepEqual(parseVersion('0.15.2'), { major: 0, minor: 15, patch: 2 });
    assert.deepEqual(parseVersion('2.17'), { major: 2, minor: 17, patch: 0 });
    assert.deepEqual(parseVersion('0.16.0-dev.1+abc'), { major: 0, minor: 16, patch: 0, pre: 'dev.1+abc' });
    assert.equal(parseVersion('x.y'), undefined);
    assert.equal(parseVersion('1'), undefined);
    const v = (s: string) => parseVersion(s) ?? assert.fail(s);
    assert.ok(compareVersions(v('0.16.0-dev.1'), v('0.16.0')) < 0);
    assert.ok(compareVersions(v('0.15.10'), v('0.15.2')) > 0);
    assert.ok(compareVersions(v('2.17'), v('2.9')) > 0);
    assert.equal(compareVersions(v('2.17.0'), v('2.17')), 0);
  });

  it('gates ignore pre-release tags', () => {
    assert.ok(versionAtLeast('0.16.0-dev.5+x', '0.16.0'));
    assert.ok(versionAtLeast('0.16.1', '0.16.0'));
    assert.ok(!versionAtLeast('0.15.2', '0.16.0'));
  });
});

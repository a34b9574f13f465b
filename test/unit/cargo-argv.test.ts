// argv → options for `cargo tszig`: tszig's flags out, cargo's arguments verbatim and in order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCargoArgv, withAddedTargets, withTargets } from '../../src/cargo/argv.ts';
import { UsageError } from '../../src/errors.ts';
import { splitGlibcSuffix } from '../../src/target/parse.ts';

const strip = (v: string) => [splitGlibcSuffix(v).base];

describe('parseCargoArgv', () => {
  it('drops the subcommand name cargo passes and keeps everything else in order', () => {
    const p = parseCargoArgv(['tszig', 'build', '--release', '--target', 'aarch64-unknown-linux-gnu.2.17', '-p', 'x', '--', '--zig', 'arg']);
    assert.equal(p.subcommand, 'build');
    assert.deepEqual(p.args, ['build', '--release', '--target', 'aarch64-unknown-linux-gnu.2.17', '-p', 'x', '--', '--zig', 'arg']);
    assert.deepEqual(p.targets, [{ value: 'aarch64-unknown-linux-gnu.2.17', index: 3, inline: false }]);
    assert.equal(p.flags.zig, undefined);
    assert.equal(p.help, false);
  });

  it('also works when run directly as cargo-tszig', () => {
    assert.equal(parseCargoArgv(['check']).subcommand, 'check');
  });

  it('removes tszig flags wherever they are before --', () => {
    const p = parseCargoArgv(['tszig', '--zig', '/z/zig', 'build', '--print-plan', '--zig=/y/zig', '--target=x86_64-unknown-linux-gnu']);
    assert.equal(p.flags.zig, '/y/zig');
    assert.equal(p.flags.printPlan, true);
    assert.deepEqual(p.args, ['build', '--target=x86_64-unknown-linux-gnu']);
    assert.deepEqual(p.targets, [{ value: 'x86_64-unknown-linux-gnu', index: 1, inline: true }]);
  });

  it('collects repeated targets and strips suffixes in place', () => {
    const p = parseCargoArgv(['tszig', 'build', '--target', 'a.2.17', '--target=b', '-v', '--target', 'c']);
    assert.deepEqual(p.targets.map((t) => t.value), ['a.2.17', 'b', 'c']);
    assert.deepEqual(withTargets(p, (v) => [v.toUpperCase()]), ['build', '--target', 'A.2.17', '--target=B', '-v', '--target', 'C']);
    // One value may become several (universal2): each gets its own flag, in place.
    assert.deepEqual(withTargets(p, (v) => (v === 'b' ? ['x', 'y'] : [v])), ['build', '--target', 'a.2.17', '--target=x', '--target=y', '-v', '--target', 'c']);
    assert.deepEqual(withTargets(parseCargoArgv(['build', '--target', 'u', '--release']), () => ['x', 'y']), ['build', '--target', 'x', '--target', 'y', '--release']);
    assert.deepEqual(withTargets(parseCargoArgv(['build', '--target', 'aarch64-unknown-linux-gnu.2.17']), strip), ['build', '--target', 'aarch64-unknown-linux-gnu']);
    assert.equal(p.verbose, true);
  });

  it('ignores everything after --', () => {
    const p = parseCargoArgv(['run', '--', '--target', 'x', '--print-plan', '-v']);
    assert.deepEqual(p.targets, []);
    assert.equal(p.flags.printPlan, false);
    assert.equal(p.verbose, false);
  });

  it('skips values of global options when finding the subcommand', () => {
    const p = parseCargoArgv(['tszig', '--config', 'build.jobs=2', '--color', 'never', '-Z', 'unstable-options', 'build']);
    assert.equal(p.subcommand, 'build');
    assert.deepEqual(p.configArgs, ['build.jobs=2']);
    assert.deepEqual(parseCargoArgv(['build', '--config=a.b=1', '--config', 'c.toml']).configArgs, ['a.b=1', 'c.toml']);
  });

  it('takes +toolchain first', () => {
    const p = parseCargoArgv(['tszig', '+nightly', 'build']);
    assert.equal(p.toolchain, 'nightly');
    assert.deepEqual(p.args, ['build']);
    assert.throws(() => parseCargoArgv(['+', 'build']), UsageError);
  });

  it('help and version only before the subcommand', () => {
    assert.equal(parseCargoArgv(['tszig']).help, true);
    assert.equal(parseCargoArgv(['tszig', '--help']).help, true);
    assert.equal(parseCargoArgv(['tszig', '-V']).version, true);
    const sub = parseCargoArgv(['tszig', 'build', '--help']);
    assert.equal(sub.help, false);
    assert.deepEqual(sub.args, ['build', '--help']);
  });

  it('a flag without its value is a usage error', () => {
    assert.throws(() => parseCargoArgv(['build', '--zig']), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /--zig needs a value/.test(e.message));
    assert.throws(() => parseCargoArgv(['build', '--zig', '--']), UsageError);
  });

  it('a --target without value is left for cargo to report', () => {
    const p = parseCargoArgv(['build', '--target']);
    assert.deepEqual(p.args, ['build', '--target']);
    assert.deepEqual(p.targets, []);
  });
});

describe('withAddedTargets', () => {
  it('adds targets after the subcommand and before --', () => {
    assert.deepEqual(withAddedTargets(['run', '--release', '--', 'x'], 'run', ['a', 'b']), ['run', '--release', '--target', 'a', '--target', 'b', '--', 'x']);
    assert.deepEqual(withAddedTargets(['build'], 'build', ['a']), ['build', '--target', 'a']);
  });
});

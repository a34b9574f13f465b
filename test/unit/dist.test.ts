// `--dist`: flag parsing, the runs planned per target, which cargo messages name shipped files.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCargoArgv, withoutTargets } from '../../src/cargo/argv.ts';
import { artifactsOf, planDistRuns } from '../../src/cargo/dist.ts';
import type { PreparedTarget } from '../../src/env/prepare.ts';
import { UsageError } from '../../src/errors.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { TARGETS, UNIVERSAL2, UNIVERSAL2_PARTS, UNIVERSAL2_PLATFORM } from '../../src/target/table.ts';

/** Only `target` is read when planning runs. */
const prepared = (input: string): PreparedTarget => ({ target: parseTarget(input, { glibcMax: undefined, zigVersion: '0.15.2' }) }) as unknown as PreparedTarget;

describe('--dist flag', () => {
  it('is taken out of cargo arguments in both spellings', () => {
    const a = parseCargoArgv(['tszig', 'build', '--dist', 'out', '--release']);
    assert.equal(a.flags.dist, 'out');
    assert.deepEqual(a.args, ['build', '--release']);
    assert.equal(parseCargoArgv(['build', '--dist=d/x']).flags.dist, 'd/x');
  });

  it('needs a value', () => {
    assert.throws(() => parseCargoArgv(['build', '--dist']), (e: unknown) => e instanceof UsageError && /--dist needs a value/.test(e.message));
    assert.throws(() => parseCargoArgv(['build', '--dist=']), UsageError);
  });

  it('leaves cargo arguments after -- alone', () => {
    assert.deepEqual(parseCargoArgv(['run', '--', '--dist', 'x']).args, ['run', '--', '--dist', 'x']);
  });
});

describe('withoutTargets', () => {
  it('removes --target X and --target=X, nothing else', () => {
    const a = parseCargoArgv(['build', '--target', 'a', '-p', 'x', '--target=b', '--release', '--', '--target', 'c']);
    assert.deepEqual(withoutTargets(a), ['build', '-p', 'x', '--release', '--', '--target', 'c']);
  });
});

describe('platform directories', () => {
  it('every table row has its own', () => {
    const names: string[] = TARGETS.map((t) => t.platform);
    assert.equal(new Set(names).size, names.length, `duplicates: ${names.filter((n, i) => names.indexOf(n) !== i).join(', ')}`);
    assert.ok(!names.includes(UNIVERSAL2_PLATFORM));
    for (const n of names) assert.match(n, /^[a-z0-9_]+$/);
  });
});

describe('planDistRuns', () => {
  const base = ['build', '--release'];
  it('plans one run per requested target with JSON messages, glibc suffix stripped for cargo', () => {
    const runs = planDistRuns(['aarch64-unknown-linux-gnu.2.17', 'x86_64-pc-windows-gnu'], [prepared('aarch64-unknown-linux-gnu.2.17'), prepared('x86_64-pc-windows-gnu')], base);
    assert.deepEqual(
      runs.map((r) => [r.platform, r.rust, r.args]),
      [
        ['linux_arm64', ['aarch64-unknown-linux-gnu'], ['build', '--release', '--target', 'aarch64-unknown-linux-gnu', '--message-format=json-render-diagnostics']],
        ['windows_amd64', ['x86_64-pc-windows-gnu'], ['build', '--release', '--target', 'x86_64-pc-windows-gnu', '--message-format=json-render-diagnostics']],
      ],
    );
  });

  it('builds universal2 as one run of both macOS targets', () => {
    const [run] = planDistRuns([UNIVERSAL2], UNIVERSAL2_PARTS.map(prepared), base);
    assert.equal(run?.platform, UNIVERSAL2_PLATFORM);
    assert.deepEqual(run?.rust, [...UNIVERSAL2_PARTS]);
    assert.deepEqual(run?.args.filter((a) => !a.startsWith('-')).slice(1), [...UNIVERSAL2_PARTS]);
  });
});

describe('artifactsOf', () => {
  const msg = (o: object): string => JSON.stringify({ reason: 'compiler-artifact', fresh: false, ...o });
  const rust = ['aarch64-unknown-linux-gnu'];
  it('takes executables, cdylibs and static libraries', () => {
    const bin = msg({ target: { kind: ['bin'] }, profile: { test: false }, filenames: ['/t/aarch64-unknown-linux-gnu/release/hello'], executable: '/t/aarch64-unknown-linux-gnu/release/hello' });
    assert.deepEqual(artifactsOf(bin, rust), [{ rust: 'aarch64-unknown-linux-gnu', file: '/t/aarch64-unknown-linux-gnu/release/hello', kind: 'bin', packageId: undefined }]);
    const lib = msg({
      target: { kind: ['lib', 'cdylib', 'staticlib'] },
      profile: { test: false },
      filenames: ['/t/aarch64-unknown-linux-gnu/release/libx.rlib', '/t/aarch64-unknown-linux-gnu/release/libx.so', '/t/aarch64-unknown-linux-gnu/release/libx.a', '/t/aarch64-unknown-linux-gnu/release/deps/libx.d'],
      executable: null,
    });
    assert.deepEqual(artifactsOf(lib, rust).map((a) => [a.file, a.kind]), [['/t/aarch64-unknown-linux-gnu/release/libx.so', 'lib'], ['/t/aarch64-unknown-linux-gnu/release/libx.a', 'other']]);
    const withId = msg({ package_id: 'path+file:///w/x#x@1.0.0', target: { kind: ['bin'] }, profile: { test: false }, executable: '/t/aarch64-unknown-linux-gnu/release/x' });
    assert.equal(artifactsOf(withId, rust)[0]?.packageId, 'path+file:///w/x#x@1.0.0');
  });

  it('ignores rlibs, build scripts, proc-macros, test binaries and other messages', () => {
    assert.deepEqual(artifactsOf(msg({ target: { kind: ['lib'] }, profile: { test: false }, filenames: ['/t/x/libx.rlib'] }), rust), []);
    assert.deepEqual(artifactsOf(msg({ target: { kind: ['custom-build'] }, profile: { test: false }, filenames: ['/t/build/x/build-script-build'], executable: null }), rust), []);
    assert.deepEqual(artifactsOf(msg({ target: { kind: ['proc-macro'] }, profile: { test: false }, filenames: ['/t/release/deps/libp.so'] }), rust), []);
    assert.deepEqual(artifactsOf(msg({ target: { kind: ['bin'] }, profile: { test: true }, executable: '/t/x/deps/hello-123' }), rust), []);
    assert.deepEqual(artifactsOf('{"reason":"build-finished","success":true}', rust), []);
    assert.deepEqual(artifactsOf('   Compiling hello v0.1.0', rust), []);
  });
});

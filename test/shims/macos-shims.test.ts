// macOS shims. Without an SDK, a framework or a library macOS ships that tszig has no stub for must
// be found in the call's own -F / -L directories, or the shim stops before zig runs with tszig's
// message (dash, bash and the compiled launcher against the recording zig). And `--version`
// leaves nothing behind in the working directory (the real zig).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { materializeShims } from '../../src/shims/materialize.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { RUNNERS, runShim, tempDir, writeShim } from '../support/shim-harness.ts';
import { testZig, testZigCache } from '../support/toolchain.ts';

const MAC_ARM = ['-target', 'aarch64-macos.11.0-none', '-fno-sanitize=undefined'];
const HINT = 'tszig: hint: set SDKROOT to a macOS SDK (or sdk = "<path>" under [target.aarch64-apple-darwin] in tszig.toml)\n';
const noFramework = (name: string): string =>
  `tszig: cannot link framework ${name} for aarch64-apple-darwin: zig brings no macOS frameworks, and no -F directory of this call has it\n`;
const noLibrary = (name: string): string =>
  `tszig: cannot link -l${name} for aarch64-apple-darwin: macOS has lib${name}, but tszig has no stub for it, and no -L directory of this call has it\n`;

for (const runner of RUNNERS) {
  describe(`link checks without an SDK (${runner})`, () => {
    const work = tempDir();
    const frameworks = join(work, 'frame works');
    mkdirSync(join(frameworks, 'Foo.framework'), { recursive: true });
    const libs = join(work, 'libs');
    mkdirSync(libs, { recursive: true });
    writeFileSync(join(libs, 'libncurses.tbd'), '');
    const stubs = join(work, 'stubs');
    const shim = writeShim(runner, 'aarch64-apple-darwin', { siteArgs: [`-L${stubs}`] });

    it('frameworks and stubless libraries nowhere to be found: every one named once, then the hint; zig never runs', async () => {
      const args = ['a.o', '-framework', 'CoreFoundation', '-lncurses', '-Wl,-framework,Security', '-framework', 'CoreFoundation', '-lz', '-liconv', '-lcurl', '-lresolv', '-o', 'out'];
      const r = runShim(runner, await shim, args);
      assert.equal(r.status, 1);
      assert.deepEqual(r.calls, []);
      assert.equal(r.stderr, noFramework('CoreFoundation') + noFramework('Security') + noLibrary('ncurses') + noLibrary('resolv') + HINT);
    });

    it('found in the call’s -F and -L directories (joined and separate spellings): the call is unchanged', async () => {
      const args = ['a.o', '-F', frameworks, '-framework', 'Foo', `-F${frameworks}`, '-weak_framework', 'Foo', '-Wl,-needed_framework,Foo', `-L${libs}`, '-lncurses', '-o', 'out'];
      const r = runShim(runner, await shim, args);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.calls, [['cc', ...MAC_ARM, ...args, `-L${stubs}`]]);
    });

    it('inside rustc’s response file, with its escapes', async () => {
      const rsp = join(work, 'linker-arguments');
      writeFileSync(rsp, ['a.o', '-framework', 'Foo', `-F${frameworks.replaceAll(' ', '\\ ')}`, '-L', libs, '-lncurses', '-framework', 'Missing'].join('\n'));
      const r = runShim(runner, await shim, [`@${rsp}`, '-o', 'out']);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, noFramework('Missing') + HINT);
    });

    it('libraries tszig has stubs for, and libSystem, are not checked', async () => {
      const args = ['a.o', '-liconv', '-lz', '-lsqlite3', '-lcurl', '-lSystem', '-lc', '-lm', '-lc++', '-o', 'out'];
      const r = runShim(runner, await shim, args);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.calls, [['cc', ...MAC_ARM, ...args, `-L${stubs}`]]);
    });
  });

  describe(`--version (${runner})`, () => {
    it('zig 0.16 and newer get -o /dev/null with it; older zig does not need it', async () => {
      const newer = runShim(runner, await writeShim(runner, 'aarch64-apple-darwin', { zigVersion: '0.17.1' }), ['--version']);
      assert.deepEqual(newer.calls, [['cc', ...MAC_ARM, '--version', '-o', '/dev/null']]);
      const older = runShim(runner, await writeShim(runner, 'aarch64-apple-darwin', { zigVersion: '0.15.2' }), ['--version']);
      assert.deepEqual(older.calls, [['cc', ...MAC_ARM, '--version']]);
    });
  });

  describe(`with an SDK (${runner})`, () => {
    it('no check: zig looks in the SDK', async () => {
      const sdk = join(tempDir(), 'MacOSX.sdk');
      const shim = await writeShim(runner, 'aarch64-apple-darwin', { sdkRoot: sdk });
      const r = runShim(runner, shim, ['a.o', '-framework', 'CoreFoundation', '-lncurses']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.calls[0]?.slice(0, 8), ['cc', ...MAC_ARM, 'a.o', '-framework', 'CoreFoundation', '-lncurses']);
    });
  });
}

describe('`--version` for macOS with the real zig', () => {
  const zigVersion = spawnSync(testZig(), ['version'], { encoding: 'utf8' }).stdout.trim();
  const cacheDir = mkdtempSync(join(tmpdir(), 'tszig-macos-version-'));
  for (const kind of ['sh', 'launcher'] as const) {
    it(`answers for the target and writes nothing where it runs (${kind})`, async () => {
      const target = parseTarget('aarch64-apple-darwin', { glibcMax: undefined, zigVersion });
      const shims = await materializeShims({ target, zigPath: testZig(), zigVersion, zigCacheDir: testZigCache(), cacheDir, kind, siteArgs: ['-L/nonexistent/stubs'] });
      const cwd = mkdtempSync(join(tmpdir(), 'tszig-cwd-'));
      const r = spawnSync(shims.cc, ['--version'], { cwd, encoding: 'utf8', env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^clang version .*\nTarget: aarch64-apple-macosx11\.0\.0/);
      assert.deepEqual(readdirSync(cwd), []);
    });
  }
});

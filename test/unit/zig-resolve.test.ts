// Zig resolution order, version policy, attempt log, and the on-disk probe cache, with stand-in
// zigs (the provisioned ones: test/integration/zig-resolve.test.ts).

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TszigError, ZigNotFoundError, ZigVersionError } from '../../src/errors.ts';
import { newestGlibc, probeZig } from '../../src/zig/probe.ts';
import { resolveZig } from '../../src/zig/resolve.ts';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';
import { captureLogger, fakeZig } from '../support/fake-zig.ts';

const PIN = PINNED_ZIG_VERSION;

const emptyPath = mkdtempSync(join(tmpdir(), 'tszig-emptypath-'));

describe('resolveZig', () => {
  it('--zig wins, whatever its version, with a note when it is not the pin', async () => {
    const { zig } = fakeZig('0.14.0');
    const other = fakeZig(PIN);
    const { logger, lines } = captureLogger();
    const got = await resolveZig({ flag: zig, env: { PATH: other.dir, TSZIG_ZIG: other.zig }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false, logger });
    assert.equal(got.path, zig);
    assert.equal(got.source, 'flag');
    assert.equal(got.version, '0.14.0');
    assert.match(lines.join(''), new RegExp(`using zig 0\\.14\\.0 from --zig .*asks for zig ${PIN.replaceAll('.', '\\.')}`));
    assert.match(lines.join(''), /zig 0\.14\.0 .* is outside the range tszig is tested with \(0\.14\.1 to /);
  });

  it('a zig older than 0.13 is an error that names the tested range', async () => {
    const { zig } = fakeZig('0.12.1');
    await assert.rejects(
      resolveZig({ flag: zig, env: { PATH: emptyPath }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false }),
      (e: unknown) => e instanceof ZigVersionError && /too old .* tested with 0\.14\.1 to /.test(e.message) && Boolean(e.hint),
    );
  });

  it('TSZIG_ZIG comes next', async () => {
    const { zig } = fakeZig(PIN);
    const got = await resolveZig({ env: { PATH: emptyPath, TSZIG_ZIG: zig }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false });
    assert.equal(got.source, 'env');
    assert.equal(got.glibcMax, '2.42');
  });

  it('a relative --zig or TSZIG_ZIG is taken from the given working directory, and is absolute from then on', async () => {
    const { dir, zig } = fakeZig(PIN);
    const cacheDir = mkdtempSync(join(tmpdir(), 'c-'));
    const flag = await resolveZig({ flag: './zig', cwd: dir, env: { PATH: emptyPath }, cacheDir, version: PIN, download: false });
    assert.equal(flag.path, zig);
    assert.equal(flag.origin, '--zig ./zig');
    const env = await resolveZig({ cwd: join(dir, 'sub'), env: { PATH: emptyPath, TSZIG_ZIG: '../zig' }, cacheDir, version: PIN, download: false });
    assert.equal(env.path, zig);
  });

  it('an explicit zig that does not exist is an error, not a fallback', async () => {
    const { dir } = fakeZig(PIN);
    await assert.rejects(
      resolveZig({ env: { PATH: dir, TSZIG_ZIG: '/no/such/zig' }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false }),
      (e: unknown) => e instanceof ZigNotFoundError && /TSZIG_ZIG=\/no\/such\/zig: no zig binary/.test(e.message) && Boolean(e.hint),
    );
  });

  it('an explicit zig that is not a zig (fails, is a text file or a directory, prints nonsense) is E_ZIG_BROKEN or not found, with a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-notzig-'));
    writeFileSync(join(dir, 'notes.txt'), 'not a program\n');
    writeFileSync(join(dir, 'echo'), '#!/bin/sh\necho hello\n');
    chmodSync(join(dir, 'echo'), 0o755);
    const cases: [string, string, RegExp][] = [
      ['/bin/false', 'E_ZIG_BROKEN', /^--zig \/bin\/false: \/bin\/false is not a working zig: `zig version` failed: exit code 1$/],
      [join(dir, 'notes.txt'), 'E_ZIG_BROKEN', /notes\.txt is not a working zig: `zig version` failed: .*EACCES/],
      [join(dir, 'echo'), 'E_ZIG_BROKEN', /echo is not a working zig: `zig version` printed "hello"$/],
      [dir, 'E_ZIG_NOT_FOUND', /no zig binary at /],
    ];
    for (const [flag, code, message] of cases) {
      await assert.rejects(resolveZig({ flag, env: { PATH: emptyPath }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false }), (e: unknown) => {
        assert.ok(e instanceof TszigError, String(e));
        assert.equal(e.code, code, flag);
        assert.match(e.message, message);
        assert.ok(e.hint, 'a hint');
        return true;
      });
    }
  });

  it('zig on PATH is used only when it is the pinned version', async () => {
    const good = fakeZig(PIN);
    const got = await resolveZig({ env: { PATH: good.dir }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false });
    assert.equal(got.source, 'path');
    assert.equal(got.path, good.zig);

    const wrong = fakeZig('0.13.0');
    await assert.rejects(resolveZig({ env: { PATH: wrong.dir }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false }), (e: unknown) => {
      assert.ok(e instanceof ZigNotFoundError);
      assert.ok(e.message.includes(`no zig ${PIN} found`), e.message);
      assert.match(e.message, /python3 -m ziglang: no python3 on PATH/);
      assert.ok(e.message.includes(`: zig 0.13.0, not ${PIN}`), e.message);
      assert.ok(e.hint?.includes(`tszig zig install ${PIN}`), e.hint);
      assert.ok(e.hint?.includes(`pip install ziglang==${PIN}`), e.hint);
      return true;
    });
  });


  it('a python without ziglang is recorded and the search goes on', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'tszig-py-'));
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\necho "No module named ziglang" >&2\nexit 1\n');
    chmodSync(join(bin, 'python3'), 0o755);
    await assert.rejects(resolveZig({ env: { PATH: bin }, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), version: PIN, download: false }), /has no ziglang module/);
  });
});

describe('probe cache', () => {
  it('the warm path runs no process: an unchanged binary is not asked again', async () => {
    const { zig } = fakeZig(PIN);
    const cacheDir = mkdtempSync(join(tmpdir(), 'c-'));
    // Whole-second timestamps survive utimes exactly (fractions can come back a nanosecond short).
    const stamp = 1_700_000_000;
    utimesSync(zig, stamp, stamp);
    const first = await probeZig(zig, cacheDir);
    assert.deepEqual(first, { version: PIN, glibcMax: '2.42' });
    // Same size and mtime, but now it would fail if run: the cached answer must be used.
    const size = statSync(zig).size;
    const failing = '#!/bin/sh\nexit 7\n';
    writeFileSync(zig, `${failing}#${'x'.repeat(size - failing.length - 2)}\n`);
    utimesSync(zig, stamp, stamp);
    assert.equal(statSync(zig).size, size);
    assert.deepEqual(await probeZig(zig, cacheDir), first);
    // A changed binary (new mtime) is probed again, and now fails.
    utimesSync(zig, stamp, stamp + 5);
    await assert.rejects(probeZig(zig, cacheDir));
  });

  it('an unwritable cache only costs a probe', async () => {
    const { zig } = fakeZig(PIN);
    const ro = mkdtempSync(join(tmpdir(), 'ro-'));
    mkdirSync(join(ro, 'probes'));
    chmodSync(join(ro, 'probes'), 0o500);
    assert.equal((await probeZig(zig, ro)).version, PIN);
  });


  it('newestGlibc reads ZON and JSON target lists', () => {
    assert.equal(newestGlibc('.{ .glibc = .{ "2.0.0", "2.9.0", "2.10.0", }, .x = 1 }'), '2.10');
    assert.equal(newestGlibc('{"glibc": ["2.17", "2.34"]}'), '2.34');
    assert.equal(newestGlibc('nothing here'), undefined);
  });
});

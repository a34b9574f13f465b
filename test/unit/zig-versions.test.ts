// What tszig says about the Zig versions it supports: `tszig zig list`'s range, `tszig targets`'
// glibc range per tested Zig, and targets a tested Zig cannot build for.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ZigVersionError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { targetsCommand } from '../../src/target/list.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { knownTargets } from '../../src/target/table.ts';
import { zigList } from '../../src/zig/commands.ts';
import { GLIBC_CEILINGS } from '../../src/zig/glibc-ceilings.ts';
import { OLDEST_WORKING_ZIG, PINNED_ZIG_VERSION, TESTED_ZIG_VERSIONS } from '../../src/zig/pin.ts';

describe('supported Zig versions', () => {
  it('`tszig zig list` names the supported range and every tested version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-zig-list-'));
    const out = await zigList({ env: { TSZIG_CACHE_DIR: join(dir, 'cache') }, cwd: dir, logger: silentLogger });
    assert.match(out, new RegExp(`^wanted: zig ${PINNED_ZIG_VERSION.replaceAll('.', '\\.')} `, 'm'));
    assert.match(out, /^supported: zig 0\.14\.1 to 0\.17\.1, tested with 0\.14\.1, 0\.15\.2, 0\.16\.0, 0\.17\.1; others get a warning, and zig older than 0\.13\.0 is refused$/m);
    assert.equal(OLDEST_WORKING_ZIG, '0.13.0');
  });

  it('`tszig targets` shows the glibc range of each tested Zig, the pin marked', () => {
    const out = targetsCommand();
    assert.deepEqual(Object.keys(GLIBC_CEILINGS), [...TESTED_ZIG_VERSIONS]);
    for (const v of TESTED_ZIG_VERSIONS) {
      const mark = v === PINNED_ZIG_VERSION ? ' \\(pinned\\)' : '';
      assert.match(out, new RegExp(`^zig ${v.replaceAll('.', '\\.')}${mark} +2\\.17 to ${GLIBC_CEILINGS[v].replace('.', '\\.')}$`, 'm'));
    }
    assert.match(out, /^zig 0\.14\.1 +2\.17 to 2\.41$/m);
    assert.match(out, /^zig 0\.17\.1 \(pinned\) +2\.17 to 2\.44$/m);
    assert.match(out, /^Floors above 2\.17: riscv64gc-unknown-linux-gnu 2\.27, powerpc64le-unknown-linux-gnu 2\.19, loongarch64-unknown-linux-gnu 2\.36\.$/m);
  });

  it('FreeBSD targets need zig 0.15 (0.14 has no FreeBSD libc): a clear error naming the zig needed', () => {
    const freebsd = knownTargets().filter((t) => t.os === 'freebsd');
    assert.equal(freebsd.length, 2);
    for (const t of freebsd) {
      assert.throws(
        () => parseTarget(t.rust, { glibcMax: '2.41', zigVersion: '0.14.1' }),
        (err: unknown) => err instanceof ZigVersionError && err.code === 'E_ZIG_VERSION' && /needs zig 0\.15\.0 or newer: zig 0\.14\.1 has no C library for it/.test(err.message) && /newer zig/.test(err.hint ?? ''),
      );
      assert.equal(parseTarget(t.rust, { glibcMax: '2.42', zigVersion: '0.15.2' }).zigTarget, t.zig);
      assert.equal(parseTarget(t.rust, { glibcMax: '2.42', zigVersion: '0.15.0-dev.1+abc' }).zigTarget, t.zig);
    }
    // Every other target builds with every tested zig.
    for (const t of knownTargets().filter((k) => k.os !== 'freebsd')) assert.equal(t.zigMin, undefined, t.rust);
  });
});

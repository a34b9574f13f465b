// Zig resolution with the provisioned toolchains: a real venv's `python3 -m ziglang`, the real zig's
// glibc ceiling.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';
import { probeZig } from '../../src/zig/probe.ts';
import { resolveZig } from '../../src/zig/resolve.ts';
import { testZig, testZigVenv } from '../support/toolchain.ts';
import { fakeZig } from '../support/fake-zig.ts';

const PIN = PINNED_ZIG_VERSION;
/** Newest glibc of the pinned zig. */
const PIN_GLIBC = '2.44';

describe('resolveZig with real toolchains', () => {
  it('`python3 -m ziglang` from a real venv is found before zig on PATH', async () => {
    const other = fakeZig(PIN);
    const cacheDir = mkdtempSync(join(tmpdir(), 'c-'));
    const got = await resolveZig({ env: { PATH: `${join(testZigVenv(), 'bin')}:${other.dir}` }, cacheDir, version: PIN, download: false });
    assert.equal(got.source, 'python');
    assert.equal(got.version, PIN);
    assert.match(got.path, /ziglang\/zig$/);
    assert.equal(got.glibcMax, PIN_GLIBC);
  });
});

describe('probe of the real zig', () => {
  it('reads the glibc ceiling of the real pinned zig', async () => {
    const facts = await probeZig(testZig(), mkdtempSync(join(tmpdir(), 'c-')));
    assert.deepEqual(facts, { version: PIN, glibcMax: PIN_GLIBC });
  });
});

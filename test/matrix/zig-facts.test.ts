// What tszig's tables say about each tested Zig, checked against the real zigs: the versions
// provisioned are the versions tested, and each bundles the newest glibc GLIBC_CEILINGS names.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { probeZig } from '../../src/zig/probe.ts';
import { GLIBC_CEILINGS } from '../../src/zig/glibc-ceilings.ts';
import { TESTED_ZIG_VERSIONS } from '../../src/zig/pin.ts';
import { versionStanding } from '../../src/zig/version-range.ts';
import { testZigOf } from '../support/zig-versions.ts';

describe('the tested Zig versions, as provisioned', () => {
  it('every tested version is provisioned (TSZIG_TEST_ZIG_VERSIONS) and runs as that version', () => {
    assert.deepEqual(process.env.TSZIG_TEST_ZIG_VERSIONS?.split(' '), [...TESTED_ZIG_VERSIONS]);
    assert.deepEqual(TESTED_ZIG_VERSIONS.map((v) => testZigOf(v).version), [...TESTED_ZIG_VERSIONS]);
  });

  for (const zig of TESTED_ZIG_VERSIONS.map(testZigOf)) {
    it(`zig ${zig.version}: bundles glibc up to ${GLIBC_CEILINGS[zig.version as keyof typeof GLIBC_CEILINGS]}, and counts as tested`, async () => {
      const facts = await probeZig(zig.path, mkdtempSync(join(tmpdir(), 'tszig-facts-')));
      assert.equal(facts.version, zig.version);
      assert.equal(facts.glibcMax, GLIBC_CEILINGS[zig.version as keyof typeof GLIBC_CEILINGS]);
      assert.equal(versionStanding(zig.version), 'tested');
    });
  }
});

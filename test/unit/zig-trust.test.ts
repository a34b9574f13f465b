// Which install slot a Zig download earns, and which installs a request accepts: a project's own
// build never stands in for the official release, nor the official one for a project's own.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zigHttp } from '../../src/zig/fetch-release.ts';
import { acceptedSlots, planTrust, recordTrust, slotName, trustAccepts, verificationPlan, type CustomEntry, type Trust } from '../../src/zig/trust.ts';
import { testKey } from '../support/zig-server.ts';

const HOST = 'x86_64-linux';
const OFFICIAL_SHA = '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239'; // 0.15.2 in the manifest
const own: CustomEntry = { sha256: 'c'.repeat(64), from: 'tszig.toml' };
const trustOf = (version: string, custom?: CustomEntry): Trust => planTrust(version, HOST, verificationPlan({ version, host: HOST, custom }));

describe('the slot a download earns', () => {
  const key = testKey().publicKey;
  const table: [string, string, CustomEntry | undefined, string][] = [
    ['a manifest version', '0.15.2', undefined, 'x86_64-linux'],
    ['a version checked by the ZSF signature alone', '0.17.1', undefined, 'x86_64-linux'],
    ["a user's URL for the official file (held to the manifest)", '0.15.2', { url: 'https://in.example/zig-x86_64-linux-0.15.2.tar.xz', file: 'zig-x86_64-linux-0.15.2.tar.xz', from: 'tszig.toml' }, 'x86_64-linux'],
    ["a user's URL for the official file of a version only the ZSF key checks", '0.17.1', { url: 'https://in.example/zig-x86_64-linux-0.17.1.tar.xz', file: 'zig-x86_64-linux-0.17.1.tar.xz', from: 'tszig.toml' }, 'x86_64-linux'],
    ['the official bytes, also checked by the user’s key', '0.15.2', { minisignKey: key, from: 'tszig.toml' }, 'x86_64-linux'],
    ["a user's own build (their SHA-256)", '0.15.2', own, `x86_64-linux-custom-${'c'.repeat(16)}`],
    ["a user's own build of an official version number", '0.17.1', own, `x86_64-linux-custom-${'c'.repeat(16)}`],
  ];
  for (const [what, version, custom, slot] of table) {
    it(`${what}: ${slot}`, () => assert.equal(slotName(HOST, trustOf(version, custom)), slot));
  }

  it("a user's build checked by their key alone is named by key and file", () => {
    const t = trustOf('0.17.1', { minisignKey: key, file: 'my-zig.tar.xz', url: 'https://x/my-zig.tar.xz', from: 'tszig.toml' });
    assert.equal(t.kind, 'custom');
    assert.match(slotName(HOST, t), /^x86_64-linux-custom-[0-9a-f]{16}$/);
    assert.notEqual(slotName(HOST, t), slotName(HOST, trustOf('0.17.1', { minisignKey: key, file: 'other.tar.xz', url: 'https://x/other.tar.xz', from: 'tszig.toml' })));
  });
});

describe('which installs a request accepts', () => {
  const official: Trust = { kind: 'official' };
  const pypi: Trust = { kind: 'pypi' };
  const mine: Trust = { kind: 'custom', sha256: 'c'.repeat(64), file: 'zig.tar.xz' };
  const theirs: Trust = { kind: 'custom', sha256: 'd'.repeat(64), file: 'zig.tar.xz' };
  const table: [string, Trust, Trust, boolean, boolean][] = [
    ['official wants official', official, official, true, true],
    ['official takes PyPI’s when PyPI is allowed', official, pypi, true, true],
    ['official refuses PyPI’s when PyPI is off', official, pypi, false, false],
    ['official refuses a project build', official, mine, true, false],
    ['PyPI’s slot holds PyPI’s wheel, where PyPI is allowed', pypi, pypi, true, true],
    ['PyPI’s slot is not looked at when PyPI is off', pypi, pypi, false, false],
    ['PyPI’s slot refuses anything else', pypi, official, true, false],
    ['a project build refuses the official one', mine, official, true, false],
    ['a project build refuses another project’s', mine, theirs, true, false],
    ['a project build takes the same bytes under another name', mine, { ...mine, file: 'other.tar.xz' }, true, true],
  ];
  for (const [what, want, got, allowPypi, accepted] of table) {
    it(what, () => assert.equal(trustAccepts(want, got, allowPypi), accepted));
  }

  it('lookups try the official slot, then PyPI’s where allowed; a project build only its own', () => {
    assert.deepEqual(acceptedSlots({ version: '0.15.2', host: HOST, env: {} }).map((s) => s.slot), ['x86_64-linux', 'x86_64-linux-pypi']);
    assert.deepEqual(acceptedSlots({ version: '0.15.2', host: HOST, env: {}, pypi: false }).map((s) => s.slot), ['x86_64-linux']);
    assert.deepEqual(acceptedSlots({ version: '0.15.2', host: HOST, env: { TSZIG_ZIG_PYPI: '1' }, pypi: false }).map((s) => s.slot), ['x86_64-linux', 'x86_64-linux-pypi']);
    assert.deepEqual(acceptedSlots({ version: '0.15.2', host: HOST, env: { TSZIG_ZIG_PYPI: '0' } }).map((s) => s.slot), ['x86_64-linux']);
    assert.deepEqual(acceptedSlots({ version: '0.15.2', host: HOST, env: {}, custom: own }).map((s) => s.slot), [`x86_64-linux-custom-${'c'.repeat(16)}`]);
  });
});

describe('records written before slots existed', () => {
  const base = { version: '0.15.2', host: HOST, file: 'zig-x86_64-linux-0.15.2.tar.xz' };
  it('count as official only when they prove it', () => {
    assert.deepEqual(recordTrust({ ...base, sha256: OFFICIAL_SHA, verifiedBy: 'sha256 + minisign (the ZSF key)' }), { kind: 'official' });
    assert.deepEqual(recordTrust({ ...base, sha256: OFFICIAL_SHA, verifiedBy: 'sha256 + minisign (the key in tszig.toml)' }), { kind: 'official' });
    assert.equal(recordTrust({ ...base, sha256: 'c'.repeat(64), verifiedBy: 'sha256' }).kind, 'custom');
    assert.deepEqual(recordTrust({ ...base, file: 'ziglang==0.15.2', sha256: undefined, verifiedBy: 'PyPI (pip)' }), { kind: 'pypi' });
    const v17 = { version: '0.17.1', host: HOST, file: 'zig-x86_64-linux-0.17.1.tar.xz', sha256: undefined };
    assert.deepEqual(recordTrust({ ...v17, verifiedBy: 'minisign (the ZSF key)' }), { kind: 'official' });
    assert.equal(recordTrust({ ...v17, verifiedBy: 'minisign (the key in /p/tszig.toml [zig.hosts.x86_64-linux])' }).kind, 'custom');
  });
});

describe('network settings for Zig downloads', () => {
  it('TSZIG_HTTP_TIMEOUT sets connect and silence for every request, not only the first', () => {
    const h = zigHttp({ TSZIG_HTTP_TIMEOUT: '7' });
    for (const o of [h.archive, h.small]) assert.deepEqual([o.connectMs, o.idleMs], [7000, 7000]);
    assert.deepEqual([h.archive.totalMs, h.small.totalMs, h.archive.minBytesPerSec], [30 * 60_000, 60_000, 1024]);
    const d = zigHttp({});
    assert.deepEqual([d.archive.connectMs, d.archive.idleMs, d.mirrorList.idleMs], [15_000, 30_000, 5000]);
  });
});

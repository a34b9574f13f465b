// The pure parts of installing Zig: names, manifest, mirrors, minisign, archive entry checks,
// tszig.toml, version precedence, and what each download is verified against.

import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProjectConfig } from '../../src/config/project-file.ts';
import { ConfigError, UsageError } from '../../src/errors.ts';
import { archiveName, archiveTopDir, hostKey } from '../../src/zig/archive-name.ts';
import { ArchiveError, ArchiveTree } from '../../src/fetch/tar-entries.ts';
import { verificationPlan } from '../../src/zig/install.ts';
import { MANIFEST } from '../../src/zig/manifest.ts';
import { parsePublicKey, parseSignature, SignatureError, signedFileName, verifySignature, ZSF_PUBLIC_KEY } from '../../src/zig/minisign.ts';
import { customSource, EMBEDDED_MIRRORS, mirrorSource, parseMirrorList, planMirrors, shuffle, userMirrors, ziglangOrgSource } from '../../src/zig/mirrors.ts';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';
import { chooseZigVersion } from '../../src/zig/version-choice.ts';
import { createHash } from 'node:crypto';
import { testKey } from '../support/zig-server.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tszig-unit-'));

describe('host keys and archive names', () => {
  it('maps Node platform and arch to Zig host keys', () => {
    assert.equal(hostKey('linux', 'x64'), 'x86_64-linux');
    assert.equal(hostKey('darwin', 'arm64'), 'aarch64-macos');
    assert.equal(hostKey('win32', 'ia32'), 'x86-windows');
    assert.equal(hostKey('linux', 'ppc64', true), 'powerpc64le-linux');
    assert.equal(hostKey('linux', 'ppc64', false), 'powerpc64-linux');
    assert.equal(hostKey('linux', 'loong64'), 'loongarch64-linux');
    assert.equal(hostKey('aix', 'ppc64'), undefined);
    assert.equal(hostKey('linux', 'mips'), undefined);
  });

  it('follows the naming changes at 0.11, 0.14.1 and 0.15.1', () => {
    assert.equal(archiveName('0.15.2', 'x86_64-linux'), 'zig-x86_64-linux-0.15.2.tar.xz');
    assert.equal(archiveName('0.14.1', 'aarch64-macos'), 'zig-aarch64-macos-0.14.1.tar.xz');
    assert.equal(archiveName('0.14.0', 'aarch64-macos'), 'zig-macos-aarch64-0.14.0.tar.xz');
    assert.equal(archiveName('0.13.0', 'x86_64-windows'), 'zig-windows-x86_64-0.13.0.zip');
    assert.equal(archiveName('0.14.1', 'arm-linux'), 'zig-armv7a-linux-0.14.1.tar.xz');
    assert.equal(archiveName('0.15.1', 'arm-linux'), 'zig-arm-linux-0.15.1.tar.xz');
    assert.equal(archiveName('0.10.1', 'x86-linux'), 'zig-linux-i386-0.10.1.tar.xz');
    assert.equal(archiveName('0.17.0-dev.1824+7988f7952', 'x86_64-linux'), 'zig-x86_64-linux-0.17.0-dev.1824+7988f7952.tar.xz');
    assert.equal(archiveTopDir('zig-x86_64-windows-0.15.2.zip'), 'zig-x86_64-windows-0.15.2');
  });

  it('the manifest agrees with the naming rules and holds the pin for the main hosts', () => {
    for (const [version, hosts] of Object.entries(MANIFEST)) {
      for (const [host, e] of Object.entries(hosts)) {
        assert.equal(e.file, archiveName(version, host), `${version} ${host}`);
        assert.match(e.sha256, /^[0-9a-f]{64}$/);
        if (e.size !== undefined) assert.ok(e.size > 40e6 && e.size < 100e6);
      }
    }
    // The pin itself may be missing from the manifest (docs/zig-pin.md says why and how it is checked instead).
    for (const host of ['x86_64-linux', 'aarch64-linux', 'x86_64-macos', 'aarch64-macos', 'x86_64-windows', 'aarch64-windows', 'arm-linux', 'riscv64-linux', 'x86_64-freebsd']) {
      assert.ok(MANIFEST['0.15.2']?.[host], host);
    }
    assert.equal(MANIFEST['0.15.2']?.['x86_64-linux']?.sha256, '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239');
  });
});

describe('mirrors', () => {
  it('builds mirror URLs path first, then ?source=', () => {
    assert.deepEqual(mirrorSource('https://m.example/zig/', 'zig-a.tar.xz'), {
      url: 'https://m.example/zig/zig-a.tar.xz?source=tszig',
      sigUrl: 'https://m.example/zig/zig-a.tar.xz.minisig?source=tszig',
      label: 'm.example',
    });
    assert.equal(ziglangOrgSource('0.15.2', 'f.tar.xz').url, 'https://ziglang.org/download/0.15.2/f.tar.xz');
    assert.equal(ziglangOrgSource('0.16.0-dev.1+ab', 'f.tar.xz').url, 'https://ziglang.org/builds/f.tar.xz');
    assert.equal(customSource('https://x/y/f.tar.xz?token=1').sigUrl, 'https://x/y/f.tar.xz.minisig?token=1');
  });

  it('reads the published list leniently and shuffles without losing entries', () => {
    assert.deepEqual(parseMirrorList(' https://a/zig\n\nhttp://insecure\nhttps://b\r\n'), ['https://a/zig', 'https://b']);
    const s = shuffle(EMBEDDED_MIRRORS, () => 0.3);
    assert.deepEqual([...s].sort(), [...EMBEDDED_MIRRORS].sort());
  });

  it('a user list wins (env over tszig.toml) and replaces ziglang.org', async () => {
    assert.deepEqual(userMirrors({ TSZIG_ZIG_MIRRORS: ' http://a , http://b ' }, ['https://c'], '/p/tszig.toml'), { bases: ['http://a', 'http://b'], from: 'TSZIG_ZIG_MIRRORS' });
    assert.deepEqual(userMirrors({}, ['https://c'], '/p/tszig.toml'), { bases: ['https://c'], from: '/p/tszig.toml' });
    assert.equal(userMirrors({ TSZIG_ZIG_MIRRORS: '' }, undefined, undefined), undefined);
    const plan = await planMirrors({ bases: ['http://a'], from: 'TSZIG_ZIG_MIRRORS' }, tmp(), () => assert.fail('must not fetch'));
    assert.deepEqual(plan, { bases: ['http://a'], ziglangOrg: false, from: 'TSZIG_ZIG_MIRRORS' });
  });

  it('fetches the published list once a day and falls back to the embedded one', async () => {
    const cache = tmp();
    let fetched = 0;
    const fresh = await planMirrors(undefined, cache, () => {
      fetched++;
      return Promise.resolve('https://one\nhttps://two\n');
    });
    assert.deepEqual([...fresh.bases].sort(), ['https://one', 'https://two']);
    assert.equal(fresh.ziglangOrg, true);
    const cached = await planMirrors(undefined, cache, () => assert.fail('fetched again within a day'));
    assert.match(cached.from, /cached/);
    assert.equal(fetched, 1);
    const old = Date.now() / 1000 - 2 * 86400;
    utimesSync(join(cache, 'zig', 'community-mirrors.txt'), old, old);
    const offline = await planMirrors(undefined, cache, () => Promise.reject(new Error('offline')));
    assert.equal(offline.bases.length, EMBEDDED_MIRRORS.length);
    assert.match(offline.from, /embedded/);
  });
});

describe('minisign', () => {
  const zsf = parsePublicKey(ZSF_PUBLIC_KEY);
  // Zig's published signature of zig-aarch64-macos-0.16.0.tar.xz (trusted comment and global signature).
  const real = [
    'untrusted comment: signature from minisign secret key',
    'RUSGOq2NVecA2UCgISG/oZAGNDbHEQ+oKdD+CUUOiEKnRAgzCX58caYr3BdbKTw3nPAvy0bfuSO/wwl0cosJLLq/BGyBgiutIgw=',
    'trusted comment: timestamp:1776173999\tfile:zig-aarch64-macos-0.16.0.tar.xz\thashed',
    '+gAsCwQNWV3ygomHSiXhjThL1FZsdCbBdkeD+3YDoBG9uUJGA4Pyx7APYrUIOSIkPBP0eRbT5b3SeRjSIFjYBw==',
  ].join('\n');

  it("verifies Zig's real signature of 0.16.0 with the ZSF key", () => {
    assert.equal(zsf.keyId.toString('hex'), '863aad8d55e700d9');
    const sig = parseSignature(real);
    assert.equal(sig.algorithm, 'ED');
    assert.equal(signedFileName(sig, zsf), 'zig-aarch64-macos-0.16.0.tar.xz');
    const tampered = parseSignature(real.replace('\tfile:', ' file:'));
    assert.throws(() => signedFileName(tampered, zsf), SignatureError);
  });

  it('verifies a file end to end, and says exactly what is wrong', () => {
    const key = testKey();
    const other = testKey();
    const data = Buffer.from('archive bytes');
    const digest = createHash('blake2b512').update(data).digest();
    const pub = parsePublicKey(key.publicKey);
    verifySignature(key.sign(data, 'f.tar.xz'), digest, pub, 'f.tar.xz');
    assert.throws(() => verifySignature(key.sign(data, 'g.tar.xz'), digest, pub, 'f.tar.xz'), /the signature is for g\.tar\.xz, not f\.tar\.xz/);
    assert.throws(() => verifySignature(other.sign(data, 'f.tar.xz'), digest, pub, 'f.tar.xz'), /signed by key [0-9a-f]{16}, not the expected key/);
    const wrongData = createHash('blake2b512').update('other bytes').digest();
    assert.throws(() => verifySignature(key.sign(data, 'f.tar.xz'), wrongData, pub, 'f.tar.xz'), /does not match the file/);
    const legacy = key.sign(data, 'f.tar.xz').split('\n');
    const raw = Buffer.from(legacy[1] ?? '', 'base64');
    raw.write('Ed', 0);
    legacy[1] = raw.toString('base64');
    assert.throws(() => verifySignature(legacy.join('\n'), digest, pub, 'f.tar.xz'), /not the prehashed ED/);
    assert.throws(() => verifySignature('<html>Not Found</html>', digest, pub, 'f.tar.xz'), /not a minisign signature/);
    assert.throws(() => parsePublicKey('nonsense'), /not a minisign public key/);
  });
});

describe('archive entries', () => {
  const top = 'zig-x86_64-linux-0.15.2';
  /** Checks `entries` in order, as one archive; returns the last checked entry. */
  const check = (...entries: [string, string, string?][]) => {
    const tree = new ArchiveTree({ top });
    const out = entries.map(([path, type, linkpath]) => tree.check({ path, type, linkpath }));
    tree.finish();
    return out.at(-1);
  };
  it('accepts entries inside the top directory', () => {
    check([`${top}/`, 'Directory'], [`./${top}/lib/std/std.zig`, 'File'], [`${top}/lib/libc/x`, 'SymbolicLink', '../y'], [`${top}/lib/b`, 'File'], [`${top}/lib/a`, 'Link', `${top}/lib/b`]);
  });
  const bad: [string, string, string | undefined, RegExp][] = [
    [`${top}/../evil`, 'File', undefined, /escapes the target directory/],
    ['/etc/passwd', 'File', undefined, /absolute/],
    ['other/zig', 'File', undefined, /outside the archive's top directory/],
    [`${top}/dev`, 'CharacterDevice', undefined, /is a CharacterDevice/],
    [`${top}/l`, 'SymbolicLink', '/etc/shadow', /links to an absolute path/],
    [`${top}/lib/l`, 'SymbolicLink', '../../../x', /links outside the archive/],
    [`${top}/h`, 'Link', 'elsewhere/file', /links outside the archive/],
    [`${top}\\..\\x`, 'File', undefined, /Windows path/],
  ];
  for (const [path, type, link, re] of bad) {
    it(`rejects ${path}${link ? ` -> ${link}` : ''}`, () => {
      assert.throws(() => check([path, type, link]), (e: unknown) => e instanceof ArchiveError && re.test(e.message));
    });
  }
});

describe('tszig.toml and the version to use', () => {
  const project = (text: string): string => {
    const dir = tmp();
    writeFileSync(join(dir, 'tszig.toml'), text);
    mkdirSync(join(dir, 'sub', 'dir'), { recursive: true });
    return dir;
  };
  const key = testKey().publicKey;

  it('is found from subdirectories and read', async () => {
    const dir = project(`[zig]\nversion = "0.16.0"\nmirrors = ["https://m.example/zig"]\n[zig.hosts.x86_64-linux]\nurl = "https://f.example/a/zig-x.tar.xz"\nsha256 = "${'b'.repeat(64)}"\nsize = 5\nminisign-key = "${key}"\n`);
    const p = await loadProjectConfig(join(dir, 'sub', 'dir'));
    assert.equal(p.path, join(dir, 'tszig.toml'));
    assert.equal(p.zig.version, '0.16.0');
    assert.deepEqual(p.zig.mirrors, ['https://m.example/zig']);
    assert.deepEqual(p.zig.hosts['x86_64-linux'], {
      url: 'https://f.example/a/zig-x.tar.xz',
      file: 'zig-x.tar.xz',
      sha256: 'b'.repeat(64),
      size: 5,
      minisignKey: key,
      from: `${join(dir, 'tszig.toml')} [zig.hosts.x86_64-linux]`,
    });
  });

  it('zig.path is taken from the file\'s directory; zig.pypi and shims.kind are read', async () => {
    const dir = project('[zig]\npath = "tools/zig"\npypi = false\n[shims]\nkind = "sh"\n');
    const p = await loadProjectConfig(join(dir, 'sub'));
    assert.equal(p.zig.path, join(dir, 'tools', 'zig'));
    assert.equal(p.zig.pypi, false);
    assert.deepEqual(p.shims, { kind: 'sh' });
    assert.equal((await loadProjectConfig(project('[zig]\npath = "/opt/zig/zig"\n'))).zig.path, '/opt/zig/zig');
  });

  const errors: [string, RegExp][] = [
    ['[zig]\nversion = 0.1\n', /zig\.version must be a string/],
    ['[zig]\npath = ""\n', /zig\.path must be a non-empty string/],
    ['[zig]\npypi = "no"\n', /zig\.pypi must be true or false/],
    ['[shims]\nkind = "bat"\n', /shims\.kind "bat" is not a shim kind/],
    ['[shims]\nflavour = 1\n', /unknown setting shims\.flavour/],
    ['[targets]\nx = 1\n', /unknown section \[targets\]/],
    ['[zig]\nversion = "latest"\n', /is not a Zig version/],
    ['[zig]\nflavour = "x"\n', /unknown setting zig\.flavour/],
    ['[zig.hosts.x86_64-linux]\nsha256 = "abc"\n', /is not a SHA-256/],
    ['[zig.hosts.x86_64-linux]\nurl = "ftp://x"\n', /url is not an http\(s\) URL/],
    ['[zig.hosts.x86_64-linux]\nminisign-key = "nope"\n', /not a minisign public key/],
    ['[zig.hosts.linux]\nsha256 = "x"\n', /is not a host key/],
    ['[zig\n', /is not valid TOML/],
  ];
  for (const [text, re] of errors) {
    it(`rejects ${JSON.stringify(text.split('\n').slice(-2)[0])}`, async () => {
      await assert.rejects(loadProjectConfig(project(text)), (e: unknown) => (e instanceof ConfigError || e instanceof Error) && re.test((e).message));
    });
  }

  it('--zig-version > TSZIG_ZIG_VERSION > tszig.toml > the pin', () => {
    const p = { path: '/p/tszig.toml', zig: { version: '0.16.0', hosts: {} }, shims: {}, targets: {} };
    assert.deepEqual(chooseZigVersion('0.17.0', { TSZIG_ZIG_VERSION: '0.14.1' }, p), { version: '0.17.0', from: '--zig-version' });
    assert.deepEqual(chooseZigVersion(undefined, { TSZIG_ZIG_VERSION: '0.14.1' }, p), { version: '0.14.1', from: 'TSZIG_ZIG_VERSION' });
    assert.deepEqual(chooseZigVersion(undefined, {}, p), { version: '0.16.0', from: '/p/tszig.toml' });
    assert.deepEqual(chooseZigVersion(undefined, {}, { path: undefined, zig: { hosts: {} }, shims: {}, targets: {} }), { version: PINNED_ZIG_VERSION, from: "tszig's pin" });
    assert.throws(() => chooseZigVersion('0.10', {}, p), UsageError);
  });
});

describe('what a download is verified against', () => {
  it('a manifest version: its SHA-256 and size, and the ZSF signature', () => {
    const plan = verificationPlan({ version: '0.15.2', host: 'x86_64-linux' });
    assert.equal(plan.file, 'zig-x86_64-linux-0.15.2.tar.xz');
    assert.equal(plan.sha256, '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239');
    assert.equal(plan.size, 53733924);
    assert.equal(plan.keyName, 'the ZSF key');
  });

  it('a version not in the manifest: never unverified, the ZSF signature (and its file name) decides', () => {
    const plan = verificationPlan({ version: '0.17.0', host: 'x86_64-linux' });
    assert.equal(plan.file, 'zig-x86_64-linux-0.17.0.tar.xz');
    assert.equal(plan.sha256, undefined);
    assert.ok(plan.key);
    assert.equal(plan.keyName, 'the ZSF key');
  });

  it("a user's own build: their SHA-256, and their key if they give one", () => {
    const own = verificationPlan({ version: '0.15.2', host: 'x86_64-linux', custom: { sha256: 'c'.repeat(64), from: 'tszig.toml' } });
    assert.equal(own.sha256, 'c'.repeat(64));
    assert.equal(own.key, undefined);
    assert.equal(own.size, undefined);
    const k = testKey().publicKey;
    const signed = verificationPlan({ version: '0.15.2', host: 'x86_64-linux', custom: { sha256: 'c'.repeat(64), minisignKey: k, from: 'tszig.toml' } });
    assert.equal(signed.keyName, 'the key in tszig.toml');
  });

  it("a user's URL for the official file is still held to the manifest and the ZSF key", () => {
    const plan = verificationPlan({ version: '0.15.2', host: 'x86_64-linux', custom: { url: 'https://in.example/zig-x86_64-linux-0.15.2.tar.xz', file: 'zig-x86_64-linux-0.15.2.tar.xz', from: 'tszig.toml' } });
    assert.equal(plan.sha256, '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239');
    assert.equal(plan.keyName, 'the ZSF key');
  });
});

// Sysroots, the pure parts: deb822 and Release parsing, Debian versions and relationships, the
// package closure and its glibc floor, apt sources in both formats, archive resolution, the glibc
// promise, .deb path and link checks, the ar format, tszig.toml editing, and the wiring.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProjectConfig } from '../../src/config/project-file.ts';
import { targetEnv } from '../../src/env/env-map.ts';
import { ERROR_CODES } from '../../src/error-codes.ts';
import { TszigError } from '../../src/errors.ts';
import type { ShimSet } from '../../src/shims/materialize.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { findTarget, knownTargets } from '../../src/target/table.ts';
import { parseDeb822Sources, parseOneLine, pickAptSource, readAptSources } from '../../src/sysroot/apt-sources.ts';
import { readAr } from '../../src/sysroot/ar.ts';
import { resolveArchive } from '../../src/sysroot/archive.ts';
import { glibcMajorMinor, resolveClosure } from '../../src/sysroot/closure.ts';
import { parseStanzas } from '../../src/sysroot/deb822.ts';
import { compareDebianVersions, satisfies } from '../../src/sysroot/debian-version.ts';
import { parseDepends } from '../../src/sysroot/depends.ts';
import { glibcForSysroot } from '../../src/sysroot/glibc-floor.ts';
import { debianTarget, MULTIARCH } from '../../src/sysroot/multiarch.ts';
import { parsePackagesIndex } from '../../src/sysroot/packages-index.ts';
import { packagesIndex, parseRelease } from '../../src/sysroot/release.ts';
import { renderRunnerScript } from '../../src/sysroot/runner-script.ts';
import { sysrootName, type Sysroot } from '../../src/sysroot/store.ts';
import { withTargetPackages } from '../../src/sysroot/toml-edit.ts';
import { pkgConfigVars, sysrootSiteArgs } from '../../src/sysroot/wiring.ts';

const code = (c: string) => (err: unknown) => err instanceof TszigError && err.code === c;

const stanza = (fields: Record<string, string>): string => Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n');
const sha = (c: string): string => c.repeat(64);

/** A small Packages index shaped like Debian's (real field layout, invented hashes). */
const PACKAGES = [
  stanza({ Package: 'libssl3', Version: '3.0.20-1~deb12u2', Architecture: 'arm64', 'Multi-Arch': 'same', Depends: 'libc6 (>= 2.34)', Filename: 'pool/main/o/openssl/libssl3_3.0.20-1~deb12u2_arm64.deb', Size: '100', SHA256: sha('a') }),
  stanza({ Package: 'libssl-dev', Version: '3.0.20-1~deb12u2', Architecture: 'arm64', Depends: 'libssl3 (= 3.0.20-1~deb12u2)', Suggests: 'libssl-doc', Filename: 'pool/main/o/openssl/libssl-dev_3.0.20-1~deb12u2_arm64.deb', Size: '200', SHA256: sha('b') }),
  stanza({ Package: 'zlib1g', Version: '1:1.2.13.dfsg-1', Architecture: 'arm64', Provides: 'libz1', Depends: 'libc6 (>= 2.17)', Filename: 'pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_arm64.deb', Size: '30', SHA256: sha('c') }),
  stanza({ Package: 'zlib1g-dev', Version: '1:1.2.13.dfsg-1', Architecture: 'arm64', Provides: 'libz-dev', Depends: 'zlib1g (= 1:1.2.13.dfsg-1), libc6-dev | libc-dev', Filename: 'pool/main/z/zlib/zlib1g-dev_1.2.13.dfsg-1_arm64.deb', Size: '40', SHA256: sha('d') }),
  stanza({ Package: 'libfoo-dev', Version: '2.0-1', Architecture: 'arm64', 'Pre-Depends': 'dpkg (>= 1.15)', Depends: 'libz-dev, libbar1 (>= 1.0) | libbar-compat, debconf (>= 0.5) | debconf-2.0,\n libstdc++6 (>= 12), libgcc-s1', Filename: 'pool/main/f/foo/libfoo-dev_2.0-1_arm64.deb', Size: '50', SHA256: sha('e') }),
  stanza({ Package: 'libbar-compat', Version: '1.0-1', Architecture: 'arm64', Depends: 'libc6 (>= 2.36)', Filename: 'pool/main/b/bar/libbar-compat_1.0-1_arm64.deb', Size: '60', SHA256: sha('f') }),
  stanza({ Package: 'libold-dev', Version: '1.0-1', Architecture: 'arm64', Depends: 'libssl3 (>= 4.0)', Filename: 'pool/main/o/old/libold-dev_1.0-1_arm64.deb', Size: '1', SHA256: sha('1') }),
  stanza({ Package: 'dpkg', Version: '1.21', Architecture: 'arm64', Essential: 'yes', Filename: 'pool/main/d/dpkg/dpkg_1.21_arm64.deb', Size: '1', SHA256: sha('2') }),
].join('\n\n');

describe('deb822 and Release', () => {
  it('reads stanzas, continuation lines and comments', () => {
    const s = parseStanzas('# comment\nA: 1\nB: first\n second\n .\n third\n\n\nC: 3\n');
    assert.deepEqual(s, [{ A: '1', B: 'first\nsecond\n\nthird' }, { C: '3' }]);
  });

  it('parses a Release: architectures, components, dates and SHA-256 entries', () => {
    const r = parseRelease(
      'Origin: Debian\nSuite: oldstable\nCodename: bookworm\nDate: Sat, 11 Jul 2026 10:16:37 UTC\nValid-Until: Sat, 18 Jul 2026 10:16:37 UTC\nAcquire-By-Hash: yes\nArchitectures: all amd64 arm64 armhf\nComponents: main contrib\nMD5Sum:\n 0ed6d4c8891eb86358b94bb35d9e4da4  1484322 main/binary-arm64/Packages.xz\nSHA256:\n ' +
        `${sha('a')} 49434864 main/binary-arm64/Packages\n ${sha('b')}  8689464 main/binary-arm64/Packages.xz\n`,
    );
    assert.equal(r.codename, 'bookworm');
    assert.deepEqual(r.architectures, ['all', 'amd64', 'arm64', 'armhf']);
    assert.deepEqual(r.components, ['main', 'contrib']);
    assert.equal(r.acquireByHash, true);
    assert.equal(r.validUntil?.toISOString(), '2026-07-18T10:16:37.000Z');
    assert.deepEqual(packagesIndex(r, 'main', 'arm64'), { path: 'main/binary-arm64/Packages.xz', size: 8689464, sha256: sha('b') });
    assert.equal(packagesIndex(r, 'main', 'riscv64'), undefined);
  });
});

describe('Debian versions and relationships', () => {
  const cases: [string, string, number][] = [
    ['1.0', '1.0', 0],
    ['1.0-1', '1.0-2', -1],
    ['1:1.0', '2.0', 1],
    ['1.0~rc1', '1.0', -1],
    ['1.0', '1.0+b1', -1],
    ['2.36-9+deb12u4', '2.36-9', 1],
    ['3.0.20-1~deb12u2', '3.0.20-1', -1],
    ['1.2.10', '1.2.9', 1],
    ['1.0a', '1.0', 1],
  ];
  for (const [a, b, want] of cases) {
    it(`${a} vs ${b}`, () => assert.equal(Math.sign(compareDebianVersions(a, b)), want));
  }

  it('satisfies each relation, with the old < and > spellings meaning <= and >=', () => {
    assert.ok(satisfies('2.36', '>=', '2.34'));
    assert.ok(!satisfies('2.34', '>>', '2.34'));
    assert.ok(satisfies('1:1.2.13.dfsg-1', '=', '1:1.2.13.dfsg-1'));
    assert.deepEqual(parseDepends('a (< 2)')[0]?.[0], { name: 'a', op: '<=', version: '2' });
  });

  it('parses alternatives, qualifiers, versions and source-only decorations', () => {
    assert.deepEqual(parseDepends('libc6 (>= 2.34), python3:any (>= 3.9~) | python3-minimal, foo [amd64] <!nocheck>'), [
      [{ name: 'libc6', op: '>=', version: '2.34' }],
      [{ name: 'python3', qualifier: 'any', op: '>=', version: '3.9~' }, { name: 'python3-minimal' }],
      [{ name: 'foo' }],
    ]);
    assert.deepEqual(parseDepends(''), []);
  });

  it('takes major.minor of glibc versions as Debian writes them', () => {
    assert.equal(glibcMajorMinor('2.34'), '2.34');
    assert.equal(glibcMajorMinor('2.36-9+deb12u4'), '2.36');
    assert.equal(glibcMajorMinor('2.28~'), '2.28');
  });
});

describe('package closure', () => {
  const index = parsePackagesIndex(PACKAGES);
  const ctx = { arch: 'arm64', where: 'bookworm main' };

  it('follows Depends, stops at what zig provides, and finds the glibc floor', () => {
    const c = resolveClosure(index, ['libssl-dev', 'zlib1g-dev'], ctx);
    assert.deepEqual(c.packages.map((p) => `${p.name} ${p.version}`), ['libssl-dev 3.0.20-1~deb12u2', 'libssl3 3.0.20-1~deb12u2', 'zlib1g 1:1.2.13.dfsg-1', 'zlib1g-dev 1:1.2.13.dfsg-1']);
    assert.deepEqual(c.glibcFloor, { version: '2.34', by: 'libssl3' });
    assert.deepEqual(c.leftOut, ['libc6', 'libc6-dev']);
    assert.equal(c.packages[1]?.sha256, sha('a'));
  });

  it('takes virtual packages from their provider, the next alternative when the first is missing, and skips system-only packages', () => {
    const c = resolveClosure(index, ['libfoo-dev'], ctx);
    assert.deepEqual(c.packages.map((p) => p.name), ['libbar-compat', 'libfoo-dev', 'zlib1g', 'zlib1g-dev']);
    assert.deepEqual(c.glibcFloor, { version: '2.36', by: 'libbar-compat' });
    for (const gone of ['dpkg', 'debconf', 'libstdc++6', 'libgcc-s1']) assert.ok(c.leftOut.includes(gone), gone);
  });

  it('refuses unknown packages, unmet versions, packages zig provides, and says when another architecture has one', () => {
    assert.throws(() => resolveClosure(index, ['libnope-dev'], ctx), (e: Error) => code('E_SYSROOT_PACKAGE')(e) && /no package libnope-dev in bookworm main for arm64/.test(e.message));
    assert.throws(() => resolveClosure(index, ['libold-dev'], ctx), (e: Error) => /needs libssl3 \(>= 4.0\), but bookworm main has libssl3 3.0.20/.test(e.message));
    assert.throws(() => resolveClosure(index, ['libc6-dev'], ctx), (e: Error) => /zig provides the C library/.test(e.message));
    assert.throws(
      () => resolveClosure(index, ['libacpi-dev'], { ...ctx, elsewhere: (n) => (n === 'libacpi-dev' ? ['amd64'] : []) }),
      (e: Error) => /package libacpi-dev has no build for arm64 in bookworm main \(it exists for amd64\)/.test(e.message),
    );
  });
});

describe('the glibc promise', () => {
  const floor = { version: '2.34', by: 'libssl3' };
  it('keeps a suffix at or above the floor, raises a target without one, refuses one below', () => {
    assert.deepEqual(glibcForSysroot('aarch64-unknown-linux-gnu.2.36', '2.36', floor, 'bookworm'), { kind: 'keep' });
    assert.deepEqual(glibcForSysroot('aarch64-unknown-linux-gnu', '2.17', floor, 'bookworm'), { kind: 'raise', glibc: '2.34', floor });
    assert.deepEqual(glibcForSysroot('aarch64-unknown-linux-gnu', '2.17', undefined, 'bookworm'), { kind: 'keep' });
    assert.throws(
      () => glibcForSysroot('aarch64-unknown-linux-gnu.2.31', '2.31', floor, 'bookworm'),
      (e: Error) =>
        code('E_SYSROOT_GLIBC')(e) &&
        /promises glibc 2.31, but libssl3 from bookworm needs glibc 2.34/.test(e.message) &&
        /aarch64-unknown-linux-gnu\.2\.34.*vendored.*older suite/.test((e as TszigError).hint ?? ''),
    );
  });
});

describe('apt sources', () => {
  it('reads the one-line format with options, comments and deb-src lines', () => {
    const text = [
      '# main archive',
      'deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://mirror.example/debian bookworm main contrib # trailing',
      'deb-src http://mirror.example/debian bookworm main',
      'deb http://security.example/debian-security bookworm-security main',
      'deb cdrom:[Debian]/ bookworm main',
    ].join('\n');
    assert.deepEqual(parseOneLine(text, '/etc/apt/sources.list'), [
      { uri: 'http://mirror.example/debian', suite: 'bookworm', components: ['main', 'contrib'], signedBy: '/usr/share/keyrings/x.gpg', file: '/etc/apt/sources.list' },
      { uri: 'http://security.example/debian-security', suite: 'bookworm-security', components: ['main'], file: '/etc/apt/sources.list' },
      { uri: 'cdrom:[Debian]/', suite: 'bookworm', components: ['main'], file: '/etc/apt/sources.list' },
    ]);
  });

  it('reads deb822 .sources: several URIs and suites, Enabled: no skipped', () => {
    const text = 'Types: deb deb-src\nURIs: http://a.example/debian http://b.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /k.gpg\n\nTypes: deb\nEnabled: no\nURIs: http://c.example/debian\nSuites: trixie\nComponents: main\n';
    const s = parseDeb822Sources(text, 'x.sources');
    assert.deepEqual(s.map((e) => `${e.uri} ${e.suite}`), ['http://a.example/debian bookworm', 'http://a.example/debian bookworm-updates', 'http://b.example/debian bookworm', 'http://b.example/debian bookworm-updates']);
    assert.equal(s[0]?.signedBy, '/k.gpg');
  });

  it('picks the release suite with main from http(s) sources, in apt order', () => {
    const apt = mkdtempSync(join(tmpdir(), 'tszig-apt-'));
    mkdirSync(join(apt, 'sources.list.d'));
    writeFileSync(join(apt, 'sources.list'), 'deb http://s.example/debian-security bookworm-security main\n');
    writeFileSync(join(apt, 'sources.list.d', 'b.sources'), 'Types: deb\nURIs: http://m.example/debian/\nSuites: bookworm\nComponents: main non-free\n');
    writeFileSync(join(apt, 'sources.list.d', 'a.list'), 'deb http://x.example/other stable contrib\n');
    writeFileSync(join(apt, 'sources.list.d', 'c.list.disabled'), 'deb http://y.example/debian sid main\n');
    const all = readAptSources(apt);
    assert.deepEqual(all.map((s) => s.suite), ['bookworm-security', 'stable', 'bookworm']);
    assert.equal(pickAptSource(all)?.uri, 'http://m.example/debian/');
    assert.equal(pickAptSource(all.slice(0, 2))?.suite, 'bookworm-security');
    assert.equal(pickAptSource([]), undefined);
  });
});

describe('archive settings', () => {
  const apt = () => [{ uri: 'http://apt.example/debian/', suite: 'bookworm', components: ['main', 'contrib'], signedBy: '/apt.gpg', file: '/etc/apt/sources.list.d/debian.sources' }];
  const exists = (p: string): boolean => ['/apt.gpg', '/usr/share/keyrings/debian-archive-keyring.gpg', '/mine.asc'].includes(p);

  it('environment beats tszig.toml beats the host apt sources, setting by setting', () => {
    const fromApt = resolveArchive({ env: {}, settings: {}, projectFile: undefined, aptSources: apt, exists });
    assert.deepEqual(fromApt, { mirror: 'http://apt.example/debian', suite: 'bookworm', components: ['main'], keyring: { file: '/apt.gpg', from: 'Signed-By in /etc/apt/sources.list.d/debian.sources' }, from: '/etc/apt/sources.list.d/debian.sources' });
    const fromFile = resolveArchive({ env: {}, settings: { mirror: 'http://file.example/debian', keyring: '/mine.asc' }, projectFile: '/p/tszig.toml', aptSources: apt, exists });
    assert.equal(fromFile.mirror, 'http://file.example/debian');
    assert.equal(fromFile.suite, 'bookworm');
    assert.deepEqual(fromFile.keyring, { file: '/mine.asc', from: '/p/tszig.toml [sysroot] keyring' });
    const fromEnv = resolveArchive({ env: { TSZIG_DEBIAN_MIRROR: 'http://127.0.0.1:1/x', TSZIG_DEBIAN_SUITE: 'trixie' }, settings: { mirror: 'http://file.example/debian' }, projectFile: undefined, aptSources: apt, exists });
    assert.deepEqual([fromEnv.mirror, fromEnv.suite, fromEnv.keyring.file], ['http://127.0.0.1:1/x', 'trixie', '/usr/share/keyrings/debian-archive-keyring.gpg']);
  });

  it('says how to name an archive when there is none, and refuses a missing key file', () => {
    assert.throws(() => resolveArchive({ env: {}, settings: {}, projectFile: undefined, aptSources: () => [], exists }), (e: Error) => code('E_SYSROOT_ARCHIVE')(e) && /TSZIG_DEBIAN_MIRROR/.test((e as TszigError).hint ?? ''));
    assert.throws(() => resolveArchive({ env: { TSZIG_DEBIAN_MIRROR: 'http://m.example/d' }, settings: {}, projectFile: undefined, aptSources: () => [], exists }), /no suite named/);
    assert.throws(() => resolveArchive({ env: { TSZIG_DEBIAN_KEYRING: '/none.gpg' }, settings: {}, projectFile: undefined, aptSources: apt, exists }), /keyring \/none.gpg \(TSZIG_DEBIAN_KEYRING\) does not exist/);
    assert.throws(() => resolveArchive({ env: { TSZIG_DEBIAN_MIRROR: 'ftp://x' }, settings: {}, projectFile: undefined, aptSources: apt, exists }), /not an http\(s\) URL/);
    assert.throws(() => resolveArchive({ env: {}, settings: {}, projectFile: undefined, aptSources: () => [{ ...apt()[0]!, signedBy: '/gone.gpg' }], exists: () => false }), /no OpenPGP keys/);
  });

  it('names sysroots by suite and architecture, and hashes the package set, archive and keyring', () => {
    const a = resolveArchive({ env: {}, settings: {}, projectFile: undefined, aptSources: apt, exists });
    const name = sysrootName({ archive: a, arch: 'arm64', packages: ['zlib1g-dev', 'libssl-dev'] });
    assert.match(name, /^bookworm-arm64-[0-9a-f]{16}$/);
    assert.equal(sysrootName({ archive: a, arch: 'arm64', packages: ['libssl-dev', 'zlib1g-dev', 'libssl-dev'] }), name);
    assert.notEqual(sysrootName({ archive: a, arch: 'arm64', packages: ['libssl-dev'] }), name);
    assert.notEqual(sysrootName({ archive: { ...a, mirror: 'http://other.example/debian' }, arch: 'arm64', packages: ['libssl-dev', 'zlib1g-dev'] }), name);
    assert.notEqual(sysrootName({ archive: { ...a, keyring: { file: '/other.gpg', from: 'x' } }, arch: 'arm64', packages: ['libssl-dev', 'zlib1g-dev'] }), name);
  });
});

describe('targets and architectures', () => {
  it('maps every glibc Linux target to a Debian architecture with a multiarch tuple, and refuses the rest', () => {
    for (const t of knownTargets()) {
      const d = debianTarget(t);
      if (t.os === 'linux' && t.libc === 'glibc') assert.ok('arch' in d && MULTIARCH[d.arch] === d.multiarch, t.rust);
      else assert.ok('why' in d, t.rust);
    }
    const musl = debianTarget(findTarget('x86_64-unknown-linux-musl')!);
    assert.ok('why' in musl && /glibc.*musl/.test(musl.why));
    const mac = debianTarget(findTarget('aarch64-apple-darwin')!);
    assert.ok('why' in mac && /Linux only/.test(mac.why));
  });
});

describe('.deb contents', () => {
  it('reads ar members and refuses what is not an ar archive', () => {
    const member = (name: string, data: string): string => `${name.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'100644'.padEnd(8)}${String(data.length).padEnd(10)}\`\n${data}${data.length % 2 ? '\n' : ''}`;
    const bytes = Buffer.from(`!<arch>\n${member('debian-binary', '2.0\n')}${member('data.tar.xz/', 'abc')}`, 'latin1');
    assert.deepEqual(readAr(bytes, 'x.deb').map((m) => [m.name, m.data.toString()]), [['debian-binary', '2.0\n'], ['data.tar.xz', 'abc']]);
    assert.throws(() => readAr(Buffer.from('PK\u0003\u0004'), 'x.deb'), code('E_ARCHIVE'));
    assert.throws(() => readAr(Buffer.from(`!<arch>\n${member('a', 'abcdef')}`.slice(0, 70), 'latin1'), 'x.deb'), /runs past the end/);
  });
});

describe('tszig.toml', () => {
  it('edits [target.<triple>] packages in place and keeps everything else', () => {
    assert.equal(withTargetPackages('', 'aarch64-unknown-linux-gnu', ['libssl-dev']), '[target.aarch64-unknown-linux-gnu]\npackages = ["libssl-dev"]\n');
    const text = '# mine\n[zig]\nversion = "0.15.2"\n\n[target.aarch64-unknown-linux-gnu]\npackages = [\n  "a", # keep?\n  "b",\n]\n\n[shims]\nkind = "sh"\n';
    assert.equal(
      withTargetPackages(text, 'aarch64-unknown-linux-gnu', ['a', 'b', 'c']),
      '# mine\n[zig]\nversion = "0.15.2"\n\n[target.aarch64-unknown-linux-gnu]\npackages = ["a", "b", "c"]\n\n[shims]\nkind = "sh"\n',
    );
    assert.equal(withTargetPackages('[target."armv7-unknown-linux-gnueabihf"]\n', 'armv7-unknown-linux-gnueabihf', ['z']), '[target."armv7-unknown-linux-gnueabihf"]\npackages = ["z"]\n');
    assert.equal(withTargetPackages('[zig]\nversion = "0.15.2"\n', 'x86_64-unknown-linux-gnu', ['z']), '[zig]\nversion = "0.15.2"\n\n[target.x86_64-unknown-linux-gnu]\npackages = ["z"]\n');
  });

  it('reads [target.<triple>] and [sysroot], and refuses what it cannot use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-toml-'));
    const write = (t: string): void => writeFileSync(join(dir, 'tszig.toml'), t);
    write('[target.aarch64-unknown-linux-gnu]\npackages = ["libssl-dev", "libssl-dev", "zlib1g-dev"]\n[sysroot]\nmirror = "http://m.example/debian"\nsuite = "bookworm"\nkeyring = "keys/a.gpg"\ncomponents = ["main", "contrib"]\n');
    const p = await loadProjectConfig(dir);
    assert.deepEqual(p.targets?.['aarch64-unknown-linux-gnu']?.packages, ['libssl-dev', 'zlib1g-dev']);
    assert.deepEqual(p.sysroot, { mirror: 'http://m.example/debian', suite: 'bookworm', components: ['main', 'contrib'], keyring: join(dir, 'keys/a.gpg') });
    for (const [bad, why] of [
      ['[target.aarch64-unknown-linux-gnu.2.17]\npackages = []\n', /without a glibc suffix/],
      ['[target.nope-linux]\npackages = []\n', /not a target tszig knows/],
      ['[target.aarch64-unknown-linux-gnu]\npackages = "libssl-dev"\n', /must be a list/],
      ['[target.aarch64-unknown-linux-gnu]\npackages = ["LibSSL"]\n', /not a Debian package name/],
      ['[target.aarch64-unknown-linux-gnu]\npkgs = []\n', /unknown setting target.aarch64-unknown-linux-gnu.pkgs/],
      ['[sysroot]\nmirror = "ftp://x"\n', /sysroot.mirror must be an http/],
      ['[sysroot]\nrelease = "x"\n', /unknown setting sysroot.release/],
    ] as const) {
      write(bad);
      await assert.rejects(loadProjectConfig(dir), (e: Error) => code('E_CONFIG')(e) && why.test(e.message), bad);
    }
  });
});

describe('wiring', () => {
  const sysroot: Sysroot = {
    dir: '/c/sysroots/bookworm-arm64-0123456789abcdef',
    record: {
      format: 1,
      suite: 'bookworm',
      arch: 'arm64',
      multiarch: 'aarch64-linux-gnu',
      mirror: 'http://m.example/debian',
      components: ['main'],
      keyring: '/k.gpg',
      requested: ['libssl-dev'],
      packages: [],
      glibcFloor: { version: '2.34', by: 'libssl3' },
      includeDirs: ['usr/include/aarch64-linux-gnu', 'usr/include'],
      libDirs: ['usr/lib/aarch64-linux-gnu', 'lib/aarch64-linux-gnu'],
      pkgconfigDirs: ['usr/lib/aarch64-linux-gnu/pkgconfig', 'usr/share/pkgconfig'],
      createdAt: '',
    },
  };

  it('puts headers after zig\'s with -idirafter and libraries after zig\'s with -L', () => {
    assert.deepEqual(sysrootSiteArgs(sysroot), [
      '-idirafter',
      `${sysroot.dir}/usr/include/aarch64-linux-gnu`,
      '-idirafter',
      `${sysroot.dir}/usr/include`,
      `-L${sysroot.dir}/usr/lib/aarch64-linux-gnu`,
      `-L${sysroot.dir}/lib/aarch64-linux-gnu`,
    ]);
  });

  it('sets the pkg-config crate\'s per-target variables, and a user\'s own spelling wins', () => {
    const target = parseTarget('aarch64-unknown-linux-gnu.2.36', { glibcMax: '2.44', zigVersion: '0.17.1' });
    const shims = { dir: '/s', cc: '/s/zigcc-x', cxx: '/s/zigcxx-x', ar: '/s/zigar', ranlib: '/s/zigranlib', kind: 'sh', cmake: '/s/t.cmake' } satisfies ShimSet;
    const env = targetEnv({ target, shims, env: { 'PKG_CONFIG_PATH_aarch64-unknown-linux-gnu': '/mine' }, pkgConfig: pkgConfigVars(sysroot) });
    const set = Object.fromEntries(env.set.map((e) => [e.name, e.value]));
    assert.equal(set.PKG_CONFIG_SYSROOT_DIR_aarch64_unknown_linux_gnu, sysroot.dir);
    assert.equal(set.PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu, `${sysroot.dir}/usr/lib/aarch64-linux-gnu/pkgconfig:${sysroot.dir}/usr/share/pkgconfig`);
    assert.equal(set.PKG_CONFIG_ALLOW_CROSS_aarch64_unknown_linux_gnu, '1');
    assert.equal(set.PKG_CONFIG_PATH_aarch64_unknown_linux_gnu, undefined);
    assert.deepEqual(env.skipped.map((s) => s.because), ['PKG_CONFIG_PATH_aarch64-unknown-linux-gnu']);
    assert.ok(!Object.keys(set).includes('PKG_CONFIG_SYSROOT_DIR'), 'the plain name is the host\'s');
  });

  it('writes a runner script that finds the sysroot relative to itself', () => {
    const text = renderRunnerScript({ shimDir: '/c/shims/aarch64-unknown-linux-gnu', emulator: '/usr/bin/qemu-aarch64 -L /usr/aarch64-linux-gnu', sysroot, target: 'aarch64-unknown-linux-gnu' });
    assert.match(text, /exec \/usr\/bin\/qemu-aarch64 -L \/usr\/aarch64-linux-gnu -E "LD_LIBRARY_PATH=\$here\/\.\.\/\.\.\/sysroots\/bookworm-arm64-0123456789abcdef\/usr\/lib\/aarch64-linux-gnu:/);
    assert.ok(!text.includes('/c/'), 'no path of this machine in the script');
    assert.match(renderRunnerScript({ shimDir: '/c/shims/x', emulator: undefined, sysroot, target: 'x' }), /LD_LIBRARY_PATH="[^"]+" exec "\$@"/);
  });

  it('has one error code per sysroot failure, each with its meaning', () => {
    for (const c of ['E_SYSROOT_TARGET', 'E_SYSROOT_ARCHIVE', 'E_SYSROOT_PACKAGE', 'E_SYSROOT_GLIBC', 'E_ARCHIVE_INDEX'] as const) assert.ok(ERROR_CODES[c].meaning.length > 0);
  });
});
